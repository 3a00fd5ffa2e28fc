import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { admin, commands, customer, failure, ok, page, resetCommands, signIn } from "./test/mockBindings";
import { typeAccount } from "./test/forms";
import { renderApp } from "./test/render";

vi.mock("./bindings", () => import("./test/mockBindings"));

beforeEach(resetCommands);

describe("first run", () => {
  beforeEach(() => {
    commands.appStatus.mockImplementation(() =>
      ok({ needsSetup: true, version: "0.1.0", demoAccounts: [], restoreRefused: null, teamDesk: null, start: null }),
    );
  });

  it("checks the form inline before asking Rust", async () => {
    renderApp();
    const user = userEvent.setup();
    await typeAccount(user, { username: "a b", email: "nope", password: "short", confirm: "shorter" });
    await user.click(screen.getByRole("button", { name: /create administrator/i }));

    expect(await screen.findByText(/only letters, digits/i)).toBeInTheDocument();
    expect(screen.getByText(/valid email address/i)).toBeInTheDocument();
    expect(screen.getByText(/use at least 8 characters/i)).toBeInTheDocument();
    expect(screen.getByText(/passwords do not match/i)).toBeInTheDocument();
    expect(commands.createFirstAdmin).not.toHaveBeenCalled();
  });

  it("shows Rust's field messages when it refuses", async () => {
    commands.createFirstAdmin.mockImplementation(() =>
      failure("VALIDATION", "Please correct the highlighted fields.", { email: "An account with this email already exists." }),
    );
    renderApp();
    const user = userEvent.setup();
    await typeAccount(user, { username: "admin", email: "admin@example.com", password: "plum-kettle-harbour" });
    await user.click(screen.getByRole("button", { name: /create administrator/i }));

    expect(await screen.findByText("An account with this email already exists.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: /create administrator/i })).toBeInTheDocument();
  });

  it("creates the administrator and opens the app", async () => {
    commands.createFirstAdmin.mockImplementation(() => ok(admin));
    renderApp();
    const user = userEvent.setup();
    await typeAccount(user, { username: "admin", email: "admin@example.com", password: "plum-kettle-harbour" });
    await user.click(screen.getByRole("button", { name: /create administrator/i }));

    expect(await screen.findByTestId("current-user")).toHaveTextContent("Ada Admin");
    expect(commands.createFirstAdmin).toHaveBeenCalledWith({
      username: "admin",
      email: "admin@example.com",
      displayName: null,
      password: "plum-kettle-harbour",
    });
    expect(commands.updatePreferences).toHaveBeenCalledWith(expect.objectContaining({ lastUsername: "admin" }));
  });
});

describe("login", () => {
  it("pre-fills the last username and shows a wrong password without leaving the screen", async () => {
    commands.login.mockImplementation(() => failure("UNAUTHENTICATED", "Wrong username or password."));
    renderApp({ lastUsername: "admin" });
    const user = userEvent.setup();
    expect(await screen.findByLabelText(/username or email/i)).toHaveValue("admin");
    await user.type(screen.getByLabelText(/^password/i), "wrong-password");
    await user.click(screen.getByRole("button", { name: /log in/i }));

    expect(await screen.findByTestId("login-error")).toHaveTextContent("Wrong username or password.");
    expect(screen.getByLabelText(/^password/i)).toHaveValue("");
    expect(commands.login).toHaveBeenCalledWith({ login: "admin", password: "wrong-password" }, false);
  });

  it("asks for both fields before calling Rust", async () => {
    renderApp();
    await userEvent.setup().click(await screen.findByRole("button", { name: /log in/i }));
    expect(await screen.findByText(/enter your username or email/i)).toBeInTheDocument();
    expect(screen.getByText(/enter your password/i)).toBeInTheDocument();
    expect(commands.login).not.toHaveBeenCalled();
  });

  it("opens the shell with the customer's navigation", async () => {
    commands.login.mockImplementation(() => ok(customer));
    renderApp();
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/username or email/i), "cat");
    await user.type(screen.getByLabelText(/^password/i), "plum-kettle-harbour");
    await user.click(screen.getByRole("button", { name: /log in/i }));

    const nav = await screen.findByRole("navigation", { name: "Main" });
    expect(within(nav).getByText("My tickets")).toBeInTheDocument();
    expect(within(nav).queryByText("Users")).not.toBeInTheDocument();
    expect(within(nav).queryByText("Settings")).not.toBeInTheDocument();
    expect(await screen.findByTestId("tickets-empty")).toHaveTextContent(/when you ask for help/i);
    expect(commands.updatePreferences).toHaveBeenCalledWith(expect.objectContaining({ lastUsername: "cat" }));
  });
});

describe("shell", () => {
  beforeEach(() => signIn(admin));

  it("lists tickets for staff", async () => {
    commands.listTickets.mockImplementation(() =>
      ok(
        page([
          {
            id: 7,
            number: 1001,
            title: "Printer on fire",
            status: "in_progress",
            priority: "critical",
            department: "Facilities",
            requesterId: customer.id,
            requester: "Cat Customer",
            assignee: null,
            createdAt: Date.UTC(2026, 10, 19),
            updatedAt: Date.UTC(2026, 10, 20),
            excerpt: null,
          },
        ]),
      ),
    );
    renderApp();
    const row = (await screen.findByText("Printer on fire")).closest("tr") as HTMLElement;
    expect(within(row).getByText("In progress")).toBeInTheDocument();
    expect(within(row).getByText("Critical")).toBeInTheDocument();
    expect(within(row).getByText("Unassigned")).toBeInTheDocument();
  });

  it("switches theme and saves it", async () => {
    renderApp();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("user-menu"));
    await user.click(await screen.findByText("Dark"));
    await waitFor(() => expect(document.documentElement).toHaveAttribute("data-mantine-color-scheme", "dark"));
    expect(commands.updatePreferences).toHaveBeenCalledWith(expect.objectContaining({ theme: "dark" }));
  });

  it("logs out back to the login screen", async () => {
    renderApp();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("user-menu"));
    await user.click(await screen.findByTestId("logout"));
    expect(await screen.findByRole("button", { name: /log in/i })).toBeInTheDocument();
    expect(commands.logout).toHaveBeenCalled();
  });
});

describe("a screen that fails", () => {
  it("shows what happened with a detail to copy instead of a blank window", async () => {
    // Data the screens do not expect (a role this build does not know) makes rendering throw.
    signIn({ ...admin, role: "auditor" as never });
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    renderApp();
    expect(await screen.findByRole("heading", { name: "Something went wrong on this screen" })).toBeInTheDocument();
    expect(screen.getByTestId("crash-detail").textContent).toMatch(/^Reference [0-9A-F]{8}: .+/);
    expect(screen.getByRole("button", { name: "Copy detail" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Reload the window" })).toBeInTheDocument();
    quiet.mockRestore();
  });
});
