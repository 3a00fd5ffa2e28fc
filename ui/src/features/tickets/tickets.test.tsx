import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";

import type { TicketDetail_Serialize as TicketDetail, TicketSummary_Serialize as TicketSummary } from "../../bindings";
import { admin, agent, commands, customer, failure, ok, page, resetCommands, signIn } from "../../test/mockBindings";
import { renderApp } from "../../test/render";

vi.mock("../../bindings", () => import("../../test/mockBindings"));

const ticket: TicketDetail = {
  id: 7,
  number: 1001,
  title: "Printer jams",
  description: "Every second page.",
  status: "open",
  priority: "medium",
  departmentId: 1,
  department: "General",
  requesterId: customer.id,
  requester: customer.displayName,
  assigneeId: null,
  assignee: null,
  createdAt: Date.UTC(2026, 10, 20),
  updatedAt: Date.UTC(2026, 10, 20),
  resolvedAt: null,
  closedAt: null,
  version: 3,
  earlier: null,
  timeline: [
    { kind: "change", field: "auto_assignee", from: null, to: "Sam Agent", actor: null, at: Date.UTC(2026, 10, 20, 0, 1) },
    { kind: "change", field: "status", from: "open", to: "in_progress", actor: "Sam Agent", at: Date.UTC(2026, 10, 20, 1) },
    { kind: "comment", id: 1, author: "Sam Agent", body: "We are looking into it.", internal: false, at: Date.UTC(2026, 10, 20, 2) },
    { kind: "change", field: "rebalanced", from: "Sam Agent", to: "Riley Chen", actor: "Ada Admin", at: Date.UTC(2026, 10, 20, 3) },
  ],
};

const summary = {
  id: 7,
  number: 1001,
  title: "Printer jams",
  status: "open",
  priority: "medium",
  department: "General",
  requesterId: customer.id,
  requester: customer.displayName,
  assignee: null,
  createdAt: ticket.createdAt,
  updatedAt: ticket.updatedAt,
  excerpt: null,
} satisfies TicketSummary;

beforeEach(() => {
  resetCommands();
  commands.listTickets.mockImplementation(() => ok(page([summary])));
  commands.getTicket.mockImplementation(() => ok(ticket));
  commands.listDepartments.mockImplementation(() => ok([{ id: 1, name: "General", openTickets: null, totalTickets: null }]));
  commands.staffDirectory.mockImplementation(() => ok([admin, agent].map(({ id, displayName }) => ({ id, displayName }))));
});

async function openTicket() {
  const user = userEvent.setup();
  await user.click(await screen.findByRole("button", { name: "Printer jams" }));
  await screen.findByTestId("ticket-title");
  return user;
}

describe("ticket page", () => {
  it("shows the conversation and history in time order", async () => {
    signIn(customer);
    renderApp();
    await openTicket();
    expect(screen.getByText(/changed status from Open to In progress/)).toBeInTheDocument();
    expect(screen.getByText(/assigned automatically to/i)).toHaveTextContent("Assigned automatically to Sam Agent");
    expect(screen.getByText("We are looking into it.")).toBeInTheDocument();
    expect(screen.getByText(/rebalanced the queues/)).toHaveTextContent("Ada Admin rebalanced the queues: moved it from Sam Agent to Riley Chen");
  });

  it("opens a long conversation at its newest part and shows earlier activity a page at a time", async () => {
    signIn(agent);
    const reply = (id: number, body: string, hour: number) =>
      ({ kind: "comment", id, author: "Sam Agent", body, internal: false, at: Date.UTC(2026, 10, 19, hour) }) as const;
    commands.getTicket.mockImplementation(() => ok({ ...ticket, earlier: "cursor-1" }));
    commands.getTicketTimeline.mockImplementation((_id, before) =>
      ok(
        before === "cursor-1"
          ? { entries: [reply(11, "Second oldest reply", 2)], earlier: "cursor-2" }
          : { entries: [reply(10, "The very first reply", 1)], earlier: null },
      ),
    );
    renderApp();
    const user = await openTicket();
    expect(commands.getTicketTimeline).not.toHaveBeenCalled();
    await user.click(screen.getByTestId("show-earlier"));
    await screen.findByText("Second oldest reply");
    expect(commands.getTicketTimeline).toHaveBeenLastCalledWith(ticket.id, "cursor-1");
    await user.click(screen.getByTestId("show-earlier"));
    await screen.findByText("The very first reply");
    expect(commands.getTicketTimeline).toHaveBeenLastCalledWith(ticket.id, "cursor-2");
    await waitFor(() => expect(screen.queryByTestId("show-earlier")).not.toBeInTheDocument());
    // Oldest first, above the newest part.
    const bodies = screen.getAllByTestId("reply").map((card) => card.textContent ?? "");
    expect(bodies.map((text) => ["first", "Second", "looking"].findIndex((word) => text.includes(word)))).toEqual([0, 1, 2]);
  });

  it("offers customers a reply only, and Close on their own open ticket", async () => {
    signIn(customer);
    commands.changeTicket.mockImplementation(() => ok({ ...ticket, status: "closed", version: 4 }));
    renderApp();
    const user = await openTicket();
    expect(screen.queryByTestId("composer-mode")).not.toBeInTheDocument();
    expect(screen.queryByTestId("status-select")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("close-ticket"));
    expect(commands.changeTicket).toHaveBeenCalledWith({ id: 7, version: 3, change: { kind: "status", status: "closed" } });
    await waitFor(() => expect(screen.getByTestId("ticket-status")).toHaveTextContent("Closed"));
    expect(screen.getByTestId("reopen-ticket")).toBeInTheDocument();
  });

  it("sends an internal note when staff switch the composer", async () => {
    signIn(agent);
    commands.commentOnTicket.mockImplementation(() => ok(ticket));
    renderApp();
    const user = await openTicket();
    await user.click(within(screen.getByTestId("composer-mode")).getByText("Internal note"));
    await user.type(screen.getByPlaceholderText(/only staff will see/i), "Firmware bug");
    await user.click(screen.getByTestId("send-comment"));
    expect(commands.commentOnTicket).toHaveBeenCalledWith({ ticketId: 7, body: "Firmware bug", internal: true });
  });

  it("offers a reload when someone else changed the ticket first", async () => {
    signIn(agent);
    commands.changeTicket.mockImplementation(() => failure("CONFLICT", "Someone changed this ticket since you opened it."));
    renderApp();
    const user = await openTicket();
    await user.click(screen.getByTestId("assign-to-me"));
    expect(await screen.findByTestId("conflict")).toHaveTextContent(/someone changed this ticket/i);
    commands.getTicket.mockImplementation(() => ok({ ...ticket, version: 4, assigneeId: admin.id, assignee: admin.displayName }));
    await user.click(screen.getByTestId("reload-ticket"));
    await waitFor(() => expect(screen.queryByTestId("conflict")).not.toBeInTheDocument());
    expect(commands.getTicket).toHaveBeenCalledTimes(2);
  });

  it("asks an admin to confirm before deleting", async () => {
    signIn(admin);
    commands.deleteTicket.mockImplementation(() => ok(null));
    renderApp();
    const user = await openTicket();
    // Red in either theme: a tinted button keeps its colour on a dark background, where a subtle one lost it.
    const remove = screen.getByTestId("delete-ticket");
    expect(remove).toHaveAttribute("data-variant", "light");
    expect(remove.getAttribute("style")).toContain("--mantine-color-red-light-color");
    await user.click(remove);
    expect(await screen.findByText(/cannot be undone/i)).toBeInTheDocument();
    expect(commands.deleteTicket).not.toHaveBeenCalled();
    await user.click(screen.getByTestId("confirm-delete"));
    await waitFor(() => expect(commands.deleteTicket).toHaveBeenCalledWith(7, 3));
    expect(await screen.findByText(/were deleted/i)).toBeInTheDocument();
  });

  it("hides Delete from agents", async () => {
    signIn(agent);
    renderApp();
    await openTicket();
    expect(screen.queryByTestId("delete-ticket")).not.toBeInTheDocument();
  });
});

describe("new ticket", () => {
  it("finds the customer to file for in Rust as staff type, never loading every account", async () => {
    signIn(agent);
    commands.createTicket.mockImplementation(() => ok(ticket));
    commands.findCustomers.mockImplementation((text) =>
      ok(text === "" ? [] : [{ id: customer.id, displayName: customer.displayName, username: customer.username }]),
    );
    renderApp();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("new-ticket"));
    await user.click(await screen.findByTestId("requester-picker"));
    // An email matches too, though the option shows name and username: Rust decided what matches.
    await user.type(screen.getByTestId("requester-picker"), "cat@example");
    await user.click(await screen.findByRole("option", { name: `${customer.displayName} (${customer.username})` }));
    expect(commands.findCustomers).toHaveBeenLastCalledWith("cat@example");
    expect(commands.listUsers).not.toHaveBeenCalled();
    await user.type(screen.getByLabelText(/^title/i), "Printer jams again");
    await user.type(screen.getByLabelText(/^description/i), "Every second page.");
    await user.click(screen.getByTestId("department-select"));
    await user.click(await screen.findByRole("option", { name: "General" }));
    await user.click(screen.getByTestId("submit-ticket"));
    await waitFor(() => expect(commands.createTicket).toHaveBeenCalledWith(expect.objectContaining({ requesterId: customer.id })));
  });

  it("checks the fields inline, then files the ticket and opens it", async () => {
    signIn(customer);
    commands.createTicket.mockImplementation(() => ok(ticket));
    renderApp();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("new-ticket"));
    await user.type(await screen.findByLabelText(/^title/i), "Hi");
    await user.click(screen.getByTestId("submit-ticket"));
    expect(await screen.findByText(/use at least 3 characters/i)).toBeInTheDocument();
    expect(screen.getByText(/choose a department/i)).toBeInTheDocument();
    expect(commands.createTicket).not.toHaveBeenCalled();

    await user.type(screen.getByLabelText(/^title/i), " there, printer jams");
    await user.type(screen.getByLabelText(/^description/i), "Every second page.");
    await user.click(screen.getByTestId("department-select"));
    await user.click(await screen.findByRole("option", { name: "General" }));
    await user.click(screen.getByTestId("submit-ticket"));
    await waitFor(() =>
      expect(commands.createTicket).toHaveBeenCalledWith({
        title: "Hi there, printer jams",
        description: "Every second page.",
        departmentId: 1,
        priority: "medium",
        requesterId: null,
      }),
    );
    expect(await screen.findByTestId("ticket-title")).toHaveTextContent("#1001 Printer jams");
  });
});
