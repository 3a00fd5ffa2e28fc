import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { admin, agent, commands, customer, ok, resetCommands, signIn } from "../test/mockBindings";
import { renderApp } from "../test/render";
import { matchesFilters } from "./users/UsersPage";

vi.mock("../bindings", () => import("../test/mockBindings"));

beforeEach(() => {
  resetCommands();
  commands.listAudit.mockImplementation(() => ok([]));
});

describe("departments", () => {
  beforeEach(() => {
    signIn(admin);
    commands.listDepartments.mockImplementation(() =>
      ok([
        { id: 1, name: "General", openTickets: 0, totalTickets: 0 },
        { id: 2, name: "Hardware", openTickets: 1, totalTickets: 3 },
      ]),
    );
    commands.deleteDepartment.mockImplementation(() => ok(null));
  });

  it("asks where the tickets of a department in use go before deleting it", async () => {
    renderApp();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("nav-departments"));
    const trash = await screen.findByRole("button", { name: "Delete Hardware" });
    // Red in either theme (a subtle red lost its colour on the dark background).
    expect(trash).toHaveAttribute("data-variant", "light");
    expect(trash.getAttribute("style")).toContain("--mantine-color-red-light-color");
    await user.click(trash);
    expect(await screen.findByTestId("department-in-use")).toHaveTextContent("3 tickets (1 open)");
    const confirm = screen.getByTestId("confirm-delete-department");
    expect(confirm).toBeDisabled();
    await user.click(screen.getByTestId("move-tickets-to"));
    await user.click(await screen.findByRole("option", { name: "General" }));
    await user.click(confirm);
    await waitFor(() => expect(commands.deleteDepartment).toHaveBeenCalledWith({ id: 2, ticketsSeen: 3, moveTicketsTo: 1 }));
  });

  it("deletes an unused department without asking for a destination", async () => {
    renderApp();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("nav-departments"));
    await user.click(await screen.findByRole("button", { name: "Delete General" }));
    await user.click(await screen.findByTestId("confirm-delete-department"));
    await waitFor(() => expect(commands.deleteDepartment).toHaveBeenCalledWith({ id: 1, ticketsSeen: 0, moveTicketsTo: null }));
  });
});

describe("users", () => {
  it("filters by text, role and status", () => {
    const locked = { ...customer, locked: true };
    expect(matchesFilters(customer, "CAT", null, null)).toBe(true);
    expect(matchesFilters(customer, "cat@example", "customer", "active")).toBe(true);
    expect(matchesFilters(customer, "", "agent", null)).toBe(false);
    expect(matchesFilters(locked, "", null, "locked")).toBe(true);
    expect(matchesFilters({ ...customer, active: false }, "", null, "active")).toBe(false);
  });

  it("confirms before deactivating, and offers no self-deactivation", async () => {
    signIn(admin);
    commands.listUsers.mockImplementation(() => ok([admin, agent]));
    commands.setUserActive.mockImplementation(() => ok({ ...agent, active: false }));
    renderApp();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("nav-users"));
    await user.click(await screen.findByTestId("actions-admin"));
    expect(await screen.findByRole("menuitem", { name: /deactivate/i })).toBeDisabled();
    await user.keyboard("{Escape}");
    await user.click(screen.getByTestId("actions-sam"));
    await user.click(await screen.findByRole("menuitem", { name: /deactivate/i }));
    expect(await screen.findByText(/their tickets, replies and history stay/i)).toBeInTheDocument();
    expect(commands.setUserActive).not.toHaveBeenCalled();
    await user.click(screen.getByTestId("confirm-active"));
    await waitFor(() => expect(commands.setUserActive).toHaveBeenCalledWith(agent.id, false));
  });
});

describe("changing a role", () => {
  it("asks for the admin's own password only when the role changes", async () => {
    signIn(admin);
    commands.listUsers.mockImplementation(() => ok([admin, agent, customer]));
    commands.updateUser.mockImplementation((update) => ok({ ...customer, displayName: update.displayName, role: update.role }));
    renderApp();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("nav-users"));
    await user.click(await screen.findByTestId("actions-cat"));
    await user.click(await screen.findByRole("menuitem", { name: /edit details and role/i }));
    expect(screen.queryByTestId("your-password")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("edit-role"));
    await user.click(await screen.findByRole("option", { name: "Agent" }));
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Enter your password to change a role.")).toBeInTheDocument();
    expect(commands.updateUser).not.toHaveBeenCalled();
    await user.type(screen.getByTestId("your-password"), "plum-kettle-harbour");
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() =>
      expect(commands.updateUser).toHaveBeenCalledWith({
        id: customer.id,
        displayName: customer.displayName,
        email: customer.email,
        role: "agent",
        password: "plum-kettle-harbour",
      }),
    );
  });
});

describe("deleting a user", () => {
  it("asks what becomes of their tickets before deleting", async () => {
    signIn(admin);
    commands.listUsers.mockImplementation(() => ok([admin, agent, customer]));
    commands.countRequestedTickets.mockImplementation(() => ok(2));
    commands.deleteUser.mockImplementation(() => ok(null));
    renderApp();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("nav-users"));
    await user.click(await screen.findByTestId("actions-cat"));
    await user.click(await screen.findByRole("menuitem", { name: /delete account/i }));
    expect(await screen.findByText(/they requested 2 tickets/i)).toBeInTheDocument();
    const confirm = screen.getByTestId("confirm-delete-user");
    expect(confirm).toBeDisabled();
    await user.click(screen.getByTestId("heir-select"));
    await user.click(await screen.findByRole("option", { name: /sam agent/i }));
    await user.click(confirm);
    await waitFor(() =>
      expect(commands.deleteUser).toHaveBeenCalledWith({ id: customer.id, ticketsSeen: 2, requestedTickets: { kind: "moveTo", to: agent.id } }),
    );
  });
});

describe("support team", () => {
  it("shows customers the staff by name", async () => {
    signIn(customer);
    commands.staffDirectory.mockImplementation(() =>
      ok([
        { id: 1, displayName: "Ada Admin" },
        { id: 3, displayName: "Sam Agent" },
      ]),
    );
    renderApp();
    const user = userEvent.setup();
    const nav = await screen.findByRole("navigation", { name: "Main" });
    expect(within(nav).queryByText("Users")).not.toBeInTheDocument();
    await user.click(within(nav).getByText("Support team"));
    expect(await screen.findByText("Sam Agent")).toBeInTheDocument();
  });
});
