// Stands in for the generated bindings in component tests: every command is a vi.fn, and the tests
// say what each answers.
import { vi } from "vitest";

import type { AppError, TicketSummary_Serialize as TicketSummary, UserDto } from "../bindings";

export const commands = {
  appStatus: vi.fn(),
  createFirstAdmin: vi.fn(),
  register: vi.fn(),
  login: vi.fn(),
  logout: vi.fn(),
  currentUser: vi.fn(),
  listTickets: vi.fn(),
  getTicket: vi.fn(),
  createTicket: vi.fn(),
  changeTicket: vi.fn(),
  commentOnTicket: vi.fn(),
  deleteTicket: vi.fn(),
  listDepartments: vi.fn(),
  createDepartment: vi.fn(),
  renameDepartment: vi.fn(),
  deleteDepartment: vi.fn(),
  updateUser: vi.fn(),
  setUserActive: vi.fn(),
  resetUserPassword: vi.fn(),
  staffDirectory: vi.fn(),
  listAudit: vi.fn(),
  countRequestedTickets: vi.fn(),
  deleteUser: vi.fn(),
  createUser: vi.fn(),
  listUsers: vi.fn(),
  unlockUser: vi.fn(),
  updateProfile: vi.fn(),
  changePassword: vi.fn(),
  getSettings: vi.fn(),
  updateSettings: vi.fn(),
  getDashboard: vi.fn(),
  exportTickets: vi.fn(),
  exportDashboard: vi.fn(),
  rebalanceTickets: vi.fn(),
  listBackups: vi.fn(),
  backUpNow: vi.fn(),
  restoreBackup: vi.fn(),
};

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
  return { tickets, nextCursor, terms, searchWindow: terms.length ? 1000 : null };
}

/** A desk that is set up, with nobody signed in and no tickets. */
export function resetCommands() {
  commands.appStatus.mockImplementation(() => ok({ needsSetup: false, version: "0.1.0", demoAccounts: [] }));
  commands.currentUser.mockImplementation(() => ok(null));
  commands.listTickets.mockImplementation(() => ok(page([])));
  commands.logout.mockResolvedValue(null);
  commands.listBackups.mockImplementation(() => ok([]));
}

/** A desk with `user` signed in. */
export function signIn(user: UserDto) {
  commands.currentUser.mockImplementation(() => ok(user));
}
