import { screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { admin, commands, events, resetCommands, sendDeskChanged, signIn, teamDeskStatus } from "../../test/mockBindings";
import { renderApp } from "../../test/render";
import { staleAfter } from "./useDeskChanges";

vi.mock("../../bindings", () => import("../../test/mockBindings"));

beforeEach(() => {
  resetCommands();
  signIn(admin);
});

describe("changes on other desktops", () => {
  it("are followed on a team desk, and the queue reads again what a change touched", async () => {
    commands.appStatus.mockImplementation(() => teamDeskStatus());
    renderApp();
    expect(await screen.findByTestId("current-user")).toHaveTextContent("Ada Admin");
    await waitFor(() => expect(commands.followDesk).toHaveBeenCalled());
    const before = commands.listTickets.mock.calls.length;
    sendDeskChanged({ changes: [{ topic: "ticket", id: 7 }] });
    await waitFor(() => expect(commands.listTickets.mock.calls.length).toBeGreaterThan(before));
  });

  it("are not followed on this computer's desk, which has no other desktops", async () => {
    renderApp();
    expect(await screen.findByTestId("current-user")).toHaveTextContent("Ada Admin");
    expect(commands.followDesk).not.toHaveBeenCalled();
    expect(events.deskChanged.listen).not.toHaveBeenCalled();
  });

  it("make stale only what they touch", () => {
    expect(staleAfter({ topic: "setting", id: 0 })).toEqual([["settings"]]);
    expect(staleAfter({ topic: "ticket", id: 7 })).toContainEqual(["ticket", 7]);
    expect(staleAfter({ topic: "department", id: 2 })).toContainEqual(["departments"]);
  });
});
