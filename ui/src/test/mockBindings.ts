// Stands in for the generated bindings in component tests: every command is a vi.fn, and the tests
// say what each answers.
import { type Mock, vi } from "vitest";

import type { AppError, DeskChanged, TicketSummary_Serialize as TicketSummary, UserDto } from "../bindings";

// The real module gives the command list (so a new command needs no edit here) and the vocabulary.
const actual = await vi.importActual<typeof import("../bindings")>("../bindings");

type Commands = typeof actual.commands;

export const commands = Object.fromEntries(Object.keys(actual.commands).map((name) => [name, vi.fn()])) as {
  [Name in keyof Commands]: Mock<Commands[Name]>;
};

export const VOCABULARY = actual.VOCABULARY;

/** The app's events: a test sends one with `sendDeskChanged`. */
const deskChangedListeners = new Set<(event: { payload: DeskChanged }) => void>();
export const events = {
  deskChanged: {
    listen: vi.fn((listener: (event: { payload: DeskChanged }) => void) => {
      deskChangedListeners.add(listener);
      return Promise.resolve(() => void deskChangedListeners.delete(listener));
    }),
  },
};

export function sendDeskChanged(payload: DeskChanged) {
  for (const listener of deskChangedListeners) listener({ payload });
}

export const ok = <T>(data: T) => Promise.resolve({ status: "ok" as const, data });
export const err = (error: AppError) => Promise.resolve({ status: "error" as const, error });
export const failure = (code: AppError["code"], message: string, fields: AppError["fields"] = {}) => err({ code, message, fields });

export const admin: UserDto = {
  id: 1,
  username: "admin",
  email: "admin@example.com",
  displayName: "Ada Admin",
  role: "admin",
  active: true,
  locked: false,
};
export const agent: UserDto = { ...admin, id: 3, username: "sam", email: "sam@example.com", displayName: "Sam Agent", role: "agent" };
export const customer: UserDto = { ...admin, id: 2, username: "cat", email: "cat@example.com", displayName: "Cat Customer", role: "customer" };

/** One page of the queue: these tickets and nothing more. */
export function page(tickets: TicketSummary[], nextCursor: string | null = null, terms: string[] = []) {
  return { tickets, nextCursor, terms };
}

/** The status of a team desk at `address` (`ownLogins`: joined, each person as their own login). */
export function teamDeskStatus(ownLogins = true, address = "postgres://db.example.com/helpdesk") {
  return ok({ needsSetup: false, version: "0.1.0", demoAccounts: [], restoreRefused: null, teamDesk: { address, ownLogins }, start: null });
}

/** A desk that is set up, with nobody signed in and no tickets. */
export function resetCommands() {
  commands.appStatus.mockImplementation(() =>
    ok({ needsSetup: false, version: "0.1.0", demoAccounts: [], restoreRefused: null, teamDesk: null, start: null }),
  );
  commands.currentUser.mockImplementation(() => ok(null));
  commands.listTickets.mockImplementation(() => ok(page([])));
  commands.logout.mockImplementation(() => ok(null));
  commands.signInRemembered.mockImplementation(() => ok(null));
  commands.listBackups.mockImplementation(() => ok([]));
  commands.updatePreferences.mockImplementation(() => ok(null));
  commands.getQueueFilters.mockImplementation(() => ok(null));
  commands.saveQueueFilters.mockImplementation(() => ok(null));
  commands.followDesk.mockImplementation(() => ok(null));
}

/** A desk with `user` signed in. */
export function signIn(user: UserDto) {
  commands.currentUser.mockImplementation(() => ok(user));
}
