import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import dayjs from "dayjs";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";

import type { TicketSummary_Serialize as TicketSummary } from "../../bindings";
import { agent, commands, customer, ok, page, resetCommands, signIn } from "../../test/mockBindings";
import { renderApp } from "../../test/render";
import { LIMITS } from "./labels";
import { DEFAULT_FILTERS } from "./QueueFilters";

vi.mock("../../bindings", () => import("../../test/mockBindings"));
// Counts the queue's rows as they are drawn (each draws its time once).
const drawn = vi.hoisted(() => ({ rows: 0 }));
vi.mock("./labels", async (actual) => {
  const labels = await actual<typeof import("./labels")>();
  return { ...labels, formatTime: (ms: number) => (drawn.rows++, labels.formatTime(ms)) };
});

function summary(number: number, title: string, excerpt: string | null = null): TicketSummary {
  return {
    id: number - 1000,
    number,
    title,
    status: "open",
    priority: "medium",
    department: "General",
    requesterId: customer.id,
    requester: customer.displayName,
    assignee: null,
    createdAt: Date.UTC(2026, 10, 1),
    updatedAt: Date.UTC(2026, 10, 2),
    excerpt,
  };
}

const lastFilters = () => commands.listTickets.mock.lastCall?.[0];

beforeEach(() => {
  resetCommands();
  signIn(agent);
  commands.listDepartments.mockImplementation(() => ok([{ id: 1, name: "General", openTickets: null, totalTickets: null }]));
  commands.staffDirectory.mockImplementation(() => ok([{ id: agent.id, displayName: agent.displayName }]));
  commands.listTickets.mockImplementation(() => ok(page([summary(1001, "Printer jams"), summary(1002, "VPN drops")])));
});

describe("queue", () => {
  it("shows staff who asked, and a customer no Requester column that would always be themselves", async () => {
    const { unmount } = renderApp();
    await screen.findByText("VPN drops");
    expect(screen.getByRole("columnheader", { name: "Requester" })).toBeInTheDocument();
    unmount();
    signIn(customer);
    renderApp();
    await screen.findByText("VPN drops");
    expect(screen.queryByRole("columnheader", { name: "Requester" })).not.toBeInTheDocument();
    expect(screen.queryByText(customer.displayName, { selector: "td" })).not.toBeInTheDocument();
  });

  it("wraps a title with no spaces instead of widening the page", async () => {
    const unbroken = "A".repeat(180);
    commands.listTickets.mockImplementation(() => ok(page([summary(1001, unbroken)])));
    renderApp();
    const cell = (await screen.findByText(unbroken)).closest("td") as HTMLElement;
    expect(cell.style.overflowWrap).toBe("anywhere");
  });

  it("searches after typing pauses, ranks by best match and highlights the words", async () => {
    commands.listTickets.mockImplementation((filters) =>
      ok(
        filters.search
          ? page([summary(1001, "Printer jams", "…the printer pulls three sheets…")], null, ["printer"])
          : page([summary(1002, "VPN drops")]),
      ),
    );
    renderApp();
    const user = userEvent.setup();
    await screen.findByText("VPN drops");
    await user.type(screen.getByTestId("ticket-search"), "printer");
    await waitFor(() => expect(lastFilters()).toMatchObject({ search: "printer", sort: "relevance" }));
    // One query for the whole word, not one per key.
    expect(commands.listTickets.mock.calls.filter(([f]) => f.search !== "").length).toBe(1);
    const excerpt = await screen.findByTestId("excerpt");
    expect(within(excerpt).getByText("printer").tagName).toBe("MARK");
    expect(screen.queryByText("VPN drops")).not.toBeInTheDocument();
  });

  it("keeps the last rows on screen, dimmed and marked busy, until the new query's rows come", async () => {
    let answer: (rows: TicketSummary[]) => void = () => undefined;
    commands.listTickets.mockImplementation((filters) =>
      filters.search
        ? new Promise((resolve) => (answer = (rows) => resolve({ status: "ok", data: page(rows) })))
        : ok(page([summary(1002, "VPN drops")])),
    );
    renderApp();
    const user = userEvent.setup();
    await screen.findByText("VPN drops");
    const queue = screen.getByTestId("queue");
    expect(queue).toHaveAttribute("aria-busy", "false");
    expect(JSON.parse(queue.dataset.query ?? "{}")).toMatchObject({ search: "" });
    await user.type(screen.getByTestId("ticket-search"), "printer");
    await waitFor(() => expect(queue).toHaveAttribute("aria-busy", "true"));
    // No flash of an empty page: the previous rows stay, and no query is claimed for them.
    expect(screen.getByText("VPN drops")).toBeInTheDocument();
    expect(queue.dataset.query).toBeUndefined();
    answer([summary(1001, "Printer jams")]);
    await screen.findByText("Printer jams");
    expect(queue).toHaveAttribute("aria-busy", "false");
    expect(JSON.parse(queue.dataset.query ?? "{}")).toMatchObject({ search: "printer" });
    expect(queue.dataset.rows).toBe("1");
  });

  it("draws no row again while typing and while the new query is asked: only its answer draws rows", async () => {
    commands.listTickets.mockImplementation((filters) => (filters.search ? new Promise(() => {}) : ok(page([summary(1002, "VPN drops")]))));
    renderApp();
    const user = userEvent.setup();
    await screen.findByText("VPN drops");
    drawn.rows = 0;
    await user.type(screen.getByTestId("ticket-search"), "printer");
    await waitFor(() => expect(screen.getByTestId("queue")).toHaveAttribute("aria-busy", "true"));
    expect(drawn.rows).toBe(0);
  });

  it("starts and clears a search with one query each, never the old words in the new order", async () => {
    renderApp();
    const user = userEvent.setup();
    await screen.findByText("VPN drops");
    const box = screen.getByTestId("ticket-search");
    await user.type(box, "printer");
    await waitFor(() => expect(lastFilters()).toMatchObject({ search: "printer", sort: "relevance" }));
    await user.type(box, "{Escape}");
    await waitFor(() => expect(lastFilters()).toMatchObject({ search: "", sort: "updated" }));
    const asked = commands.listTickets.mock.calls.map(([f]) => `${f.search}/${f.sort}`);
    // The whole queue again (from the cache, refreshed), never "printer" by last update.
    expect(asked).toEqual(["/updated", "printer/relevance", "/updated"]);
  });

  it("keeps an overlong pasted search to what Rust takes, says so under the box and keeps the results", async () => {
    renderApp();
    const user = userEvent.setup();
    await screen.findByText("VPN drops");
    const box = screen.getByTestId("ticket-search");
    await user.click(box);
    // A paste the browser's own limit does not stop (jsdom applies none), with emoji across the limit.
    fireEvent.change(box, { target: { value: `printer ${"p".repeat(LIMITS.searchMax - 10)}🖨🖨🖨` } });
    await waitFor(() => expect(lastFilters()?.search).not.toBe(""));
    const sent = lastFilters()?.search ?? "";
    expect(Array.from(sent).length).toBe(LIMITS.searchMax);
    expect(sent.endsWith("p🖨🖨")).toBe(true);
    expect(screen.getByText(`A search keeps to its first ${LIMITS.searchMax} characters.`)).toBeInTheDocument();
    expect(await screen.findByText("Printer jams")).toBeInTheDocument();
  });

  it("combines filters and keeps them for this person", async () => {
    commands.getQueueFilters.mockImplementation(() => ok({ ...DEFAULT_FILTERS, statuses: ["open"], assignee: { kind: "me" } }));
    renderApp();
    await screen.findByText("Printer jams");
    expect(lastFilters()).toMatchObject({ statuses: ["open"], assignee: { kind: "me" } });
    // A day picked in the calendar: the filter starts at its first moment, local time.
    const user = userEvent.setup();
    const first = dayjs().startOf("month");
    await user.click(screen.getByTestId("created-from"));
    await user.click(await screen.findByRole("button", { name: first.format("D MMMM YYYY") }));
    await waitFor(() => expect(lastFilters()).toMatchObject({ createdFrom: first.valueOf() }));
    expect(screen.getByTestId("created-from")).toHaveTextContent(first.format("D MMM YYYY"));
    await waitFor(() => expect(commands.saveQueueFilters.mock.lastCall?.[0]).toMatchObject({ statuses: ["open"], createdFrom: first.valueOf() }));
    await user.click(screen.getByTestId("reset-filters"));
    await waitFor(() => expect(lastFilters()).toEqual(DEFAULT_FILTERS));
  });

  it("writes the filters to this computer once they settle, when the queue is left, and not again for an unchanged queue", async () => {
    commands.getTicket.mockImplementation(() => new Promise(() => {}));
    renderApp();
    const user = userEvent.setup();
    await screen.findByText("VPN drops");
    await waitFor(() => expect(commands.saveQueueFilters).toHaveBeenCalledTimes(1));
    // Typed, then a ticket opened at once: written as the queue is left, not lost.
    await user.type(screen.getByTestId("ticket-search"), "vpn");
    await waitFor(() => expect(lastFilters()).toMatchObject({ search: "vpn" }));
    await user.click(screen.getByText("VPN drops"));
    expect(commands.saveQueueFilters.mock.lastCall?.[0]).toMatchObject({ search: "vpn" });
    const writes = commands.saveQueueFilters.mock.calls.length;
    // Back to the same queue: nothing new to write.
    await user.click(screen.getByTestId("nav-tickets"));
    await screen.findByText("VPN drops");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(commands.saveQueueFilters).toHaveBeenCalledTimes(writes);
  });

  it("opening a ticket and going back shows the rows as they were at once, reads them again behind them, and never the department and staff lists", async () => {
    commands.getTicket.mockImplementation(() => new Promise(() => {}));
    renderApp();
    const user = userEvent.setup();
    await screen.findByText("VPN drops");
    await user.click(screen.getByText("VPN drops"));
    expect(screen.getByTestId("queue")).not.toBeVisible();
    // The rows read again never answer: the ones from before stay.
    commands.listTickets.mockImplementation(() => new Promise(() => {}));
    await user.click(screen.getByTestId("nav-tickets"));
    expect(screen.getByTestId("queue")).toBeVisible();
    expect(screen.getByTestId("queue")).toHaveAttribute("aria-busy", "false");
    expect(screen.getByText("VPN drops")).toBeVisible();
    await waitFor(() => expect(commands.listTickets).toHaveBeenCalledTimes(2));
    expect(commands.listDepartments).toHaveBeenCalledTimes(1);
    expect(commands.staffDirectory).toHaveBeenCalledTimes(1);
  });

  it("filters by a requester from a row and clears it again", async () => {
    renderApp();
    const user = userEvent.setup();
    const row = (await screen.findByText("Printer jams")).closest("tr") as HTMLElement;
    await user.click(within(row).getByText(customer.displayName));
    await waitFor(() => expect(lastFilters()).toMatchObject({ requesterId: customer.id }));
    await user.click(screen.getByLabelText("Any requester"));
    await waitFor(() => expect(lastFilters()).toMatchObject({ requesterId: null }));
  });

  it("moves with the keyboard: / to search, arrows to choose, Enter to open", async () => {
    commands.getTicket.mockImplementation(() => new Promise(() => {}));
    renderApp();
    const user = userEvent.setup();
    await screen.findByText("VPN drops");
    await user.keyboard("/");
    expect(screen.getByTestId("ticket-search")).toHaveFocus();
    await user.keyboard("{ArrowDown}");
    expect(screen.getByTestId("ticket-1001")).toHaveAttribute("aria-selected", "true");
    await user.keyboard("{ArrowDown}");
    expect(screen.getByTestId("ticket-1002")).toHaveAttribute("aria-selected", "true");
    await user.keyboard("{Enter}");
    expect(commands.getTicket).toHaveBeenCalledWith(2);
  });

  it("loads the next page from the cursor, never the whole list", async () => {
    commands.listTickets.mockImplementation((_filters: unknown, cursor: string | null) =>
      ok(cursor === null ? page([summary(1001, "Printer jams")], "u.5.1") : page([summary(1002, "VPN drops")])),
    );
    renderApp();
    const user = userEvent.setup();
    await screen.findByText("Printer jams");
    await user.click(screen.getByTestId("load-more"));
    await screen.findByText("VPN drops");
    expect(commands.listTickets).toHaveBeenLastCalledWith(expect.anything(), "u.5.1");
    expect(screen.queryByTestId("load-more")).not.toBeInTheDocument();
  });

  it("loads the next page from the keyboard too: Enter on Show more is the button's, not the row's", async () => {
    // Enough rows that choosing the first does not load the next page by itself.
    const first = Array.from({ length: 10 }, (_, i) => summary(1001 + i, i ? `Ticket ${i}` : "Printer jams"));
    commands.listTickets.mockImplementation((_filters: unknown, cursor: string | null) =>
      ok(cursor === null ? page(first, "u.5.1") : page([summary(1100, "VPN drops")])),
    );
    renderApp();
    const user = userEvent.setup();
    await screen.findByText("Printer jams");
    await user.keyboard("{ArrowDown}");
    expect(screen.getByTestId("ticket-1001")).toHaveAttribute("aria-selected", "true");
    screen.getByTestId("load-more").focus();
    await user.keyboard("{Enter}");
    await screen.findByText("VPN drops");
    expect(commands.getTicket).not.toHaveBeenCalled();
  });

  it("says when nothing matches and offers to clear the filters", async () => {
    commands.listTickets.mockImplementation((filters) => ok(page(filters.statuses?.length ? [] : [summary(1001, "Printer jams")])));
    commands.getQueueFilters.mockImplementation(() => ok({ ...DEFAULT_FILTERS, statuses: ["on_hold"] }));
    renderApp();
    expect(await screen.findByTestId("tickets-empty")).toHaveTextContent(/no tickets match/i);
    const user = userEvent.setup();
    await user.click(within(screen.getByTestId("tickets-empty")).getByText("Clear filters"));
    await screen.findByText("Printer jams");
  });
});
