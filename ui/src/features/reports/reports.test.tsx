import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import dayjs from "dayjs";
import { beforeEach, describe, expect, it, vi } from "vitest";

import type { Dashboard_Serialize as Dashboard } from "../../bindings";
import { admin, agent, commands, customer, failure, ok, resetCommands, signIn } from "../../test/mockBindings";
import { renderApp } from "../../test/render";
import { formatDuration, weekBounds } from "./figures";

vi.mock("../../bindings", () => import("../../test/mockBindings"));
const save = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/plugin-dialog", () => ({ save }));

const HOUR = 3_600_000;

const desk: Dashboard = {
  byStatus: [
    { status: "open", tickets: 7 },
    { status: "in_progress", tickets: 2 },
    { status: "on_hold", tickets: 1 },
    { status: "resolved", tickets: 30 },
    { status: "closed", tickets: 60 },
  ],
  byPriority: [
    { priority: "high", tickets: 4 },
    { priority: "medium", tickets: 6 },
  ],
  byDepartment: [{ department: "Network", tickets: 10 }],
  unassigned: 3,
  averageResolutionMs: 5 * HOUR,
  agents: [
    { id: 3, name: "Sam Agent", load: 4, assigned: 40, resolved: 35, averageResolutionMs: 3 * HOUR },
    { id: 4, name: "Riley Chen", load: 3, assigned: 12, resolved: 0, averageResolutionMs: null },
  ],
  trend: weekBounds()
    .slice(0, 7)
    .map((dayStart, i) => ({ dayStart, created: i, resolved: 1 })),
};

async function openDashboard() {
  renderApp();
  const user = userEvent.setup();
  await user.click(await screen.findByTestId("nav-dashboard"));
  return user;
}

beforeEach(() => {
  resetCommands();
  save.mockReset();
  commands.getDashboard.mockImplementation(() => ok(desk));
});

describe("dashboard", () => {
  it("shows staff where the desk stands, with the numbers", async () => {
    signIn(agent);
    await openDashboard();
    expect(await screen.findByTestId("stat-active")).toHaveTextContent("10");
    expect(screen.getByTestId("stat-unassigned")).toHaveTextContent("3");
    expect(screen.getByTestId("stat-resolution")).toHaveTextContent("5.0 h");
    expect(screen.getByTestId("stat-filed")).toHaveTextContent(String(0 + 1 + 2 + 3 + 4 + 5 + 6));
    expect(screen.getByTestId("stat-resolved")).toHaveTextContent("7");
    const rows = within(screen.getByTestId("agent-table")).getAllByRole("row");
    expect(rows[1]).toHaveTextContent(/Sam Agent\s*4\s*40\s*35\s*3\.0 h/);
    expect(rows[2]).toHaveTextContent(/Riley Chen\s*3\s*12\s*0\s*–/);
    for (const title of ["Last 7 days: filed and resolved", "All tickets by status", "Active tickets by priority", "Active tickets by department"]) {
      expect(screen.getByRole("heading", { name: title })).toBeInTheDocument();
    }
  });

  it("asks for seven calendar days ending today", async () => {
    signIn(admin);
    await openDashboard();
    await screen.findByTestId("stat-active");
    const { dayBounds } = commands.getDashboard.mock.lastCall?.[0] as { dayBounds: number[] };
    expect(dayBounds).toHaveLength(8);
    expect(dayBounds[0]).toBe(dayjs().startOf("day").subtract(6, "day").valueOf());
    expect(dayBounds[7]).toBe(dayjs().add(1, "day").startOf("day").valueOf());
  });

  it("gives a customer a summary of their own tickets", async () => {
    signIn(customer);
    const own: Dashboard = { ...desk, byPriority: [], byDepartment: [], agents: [], trend: [], unassigned: 0 };
    commands.getDashboard.mockImplementation(() => ok(own));
    await openDashboard();
    expect(await screen.findByRole("heading", { name: "My summary" })).toBeInTheDocument();
    expect(screen.getByTestId("stat-active")).toHaveTextContent("10");
    expect(screen.getByTestId("stat-closed")).toHaveTextContent("60");
    expect(screen.queryByTestId("agent-table")).not.toBeInTheDocument();
  });

  it("says what went wrong when the figures cannot be read", async () => {
    signIn(agent);
    commands.getDashboard.mockImplementation(() => failure("INTERNAL", "Something went wrong on our side (reference 1A2B3C4D)."));
    await openDashboard();
    expect(await screen.findByRole("alert")).toHaveTextContent("reference 1A2B3C4D");
  });
});

describe("rebalancing", () => {
  it("lets an admin even out the queues after confirming, then shows the new figures", async () => {
    signIn(admin);
    commands.rebalanceTickets.mockImplementation(() => ok([{ id: 1, number: 1001, from: "Sam Agent", to: "Riley Chen" }]));
    const user = await openDashboard();
    await user.click(await screen.findByTestId("rebalance"));
    expect(await screen.findByText(/from agents holding more than two above the average/)).toBeInTheDocument();
    const asked = commands.getDashboard.mock.calls.length;
    await user.click(screen.getByTestId("confirm-rebalance"));
    expect(await screen.findByText("Moved 1 Open ticket to agents with room.")).toBeInTheDocument();
    await waitFor(() => expect(commands.getDashboard.mock.calls.length).toBeGreaterThan(asked));
  });

  it("is not offered to agents", async () => {
    signIn(agent);
    await openDashboard();
    await screen.findByTestId("stat-active");
    expect(screen.queryByTestId("rebalance")).not.toBeInTheDocument();
  });
});

describe("exports", () => {
  it("saves the dashboard report where the user chooses, adding .csv when the dialog did not", async () => {
    signIn(agent);
    save.mockResolvedValue("/home/sam/report");
    commands.exportDashboard.mockImplementation(() => ok({ rows: 42 }));
    const user = await openDashboard();
    await user.click(await screen.findByTestId("export-dashboard"));
    await waitFor(() => expect(commands.exportDashboard).toHaveBeenCalled());
    const [request] = commands.exportDashboard.mock.lastCall as [{ path: string; request: { dayBounds: number[] } }];
    expect(request.path).toBe("/home/sam/report.csv");
    expect(request.request.dayBounds).toHaveLength(8);
    expect(save.mock.lastCall?.[0]).toMatchObject({ filters: [{ extensions: ["csv"] }] });
    expect(await screen.findByText("Saved 42 figures to /home/sam/report.csv.")).toBeInTheDocument();
  });

  it("exports the queue with the filters it shows, and does nothing when the dialog is cancelled", async () => {
    signIn(agent);
    const user = userEvent.setup();
    renderApp();
    save.mockResolvedValue(null);
    await user.click(await screen.findByTestId("export-tickets"));
    await waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    expect(commands.exportTickets).not.toHaveBeenCalled();

    save.mockResolvedValue("/home/sam/tickets.CSV");
    commands.exportTickets.mockImplementation(() => ok({ rows: 1 }));
    await user.click(screen.getByTestId("export-tickets"));
    await waitFor(() => expect(commands.exportTickets).toHaveBeenCalled());
    const [request] = commands.exportTickets.mock.lastCall as [{ path: string; filters: unknown }];
    expect(request.path).toBe("/home/sam/tickets.CSV");
    expect(request.filters).toEqual(commands.listTickets.mock.lastCall?.[0]);
    expect(await screen.findByText("Saved 1 ticket to /home/sam/tickets.CSV.")).toBeInTheDocument();
  });

  it("shows why an export failed", async () => {
    signIn(agent);
    save.mockResolvedValue("/readonly/tickets.csv");
    commands.exportTickets.mockImplementation(() => failure("VALIDATION", "Could not save /readonly/tickets.csv: Permission denied"));
    const user = userEvent.setup();
    renderApp();
    await user.click(await screen.findByTestId("export-tickets"));
    expect(await screen.findByText("Could not save /readonly/tickets.csv: Permission denied")).toBeInTheDocument();
  });
});

describe("figures", () => {
  it("says durations as a person would", () => {
    expect(formatDuration(null)).toBe("–");
    expect(formatDuration(20_000)).toBe("1 min");
    expect(formatDuration(25 * 60_000)).toBe("25 min");
    expect(formatDuration(5.25 * HOUR)).toBe("5.3 h");
    expect(formatDuration(72 * HOUR)).toBe("3.0 days");
  });
});
