// Every query key of the app, in one place: a screen reads with one, a change marks some stale.
// A key that starts with another is covered by it (`tickets` covers every queue page).
import type { QueryKey } from "@tanstack/react-query";

import type { TicketFilters_Deserialize as TicketFilters } from "../bindings";

/** How long the lists a picker offers (departments, staff) are taken as they are before they are asked
 * again when a screen opens: they change through the admin pages, which refresh them at once, so
 * opening a ticket or going back to the queue need not ask for them each time. */
export const PICKER_LISTS_FRESH_MS = 60_000;

export const queryKeys = {
  appStatus: ["appStatus"],
  currentUser: ["currentUser"],
  /** "Remember me" signing in by itself, once at start. */
  rememberedSignIn: ["rememberedSignIn"],
  /** Every page of the queue, whatever the filters. */
  tickets: ["tickets"],
  queue: (filters: TicketFilters) => ["tickets", filters],
  /** The queue's filters as this person last left them on this computer. */
  savedFilters: (userId: number) => ["savedFilters", userId],
  ticket: (id: number) => ["ticket", id],
  /** The pages of a ticket's activity before `before` (the start of the newest part, which the ticket brings). */
  ticketEarlier: (id: number, before: string) => ["ticket", id, "earlier", before],
  departments: ["departments"],
  users: ["users"],
  /** Active staff by name (under `users`, so any change to accounts refreshes it). */
  directory: ["users", "directory"],
  /** The active customers a search for `text` finds. */
  customers: (text: string) => ["users", "customers", text],
  requestedTickets: (userId: number) => ["requested", userId],
  audit: ["audit"],
  settings: ["settings"],
  backups: ["backups"],
  /** Every dashboard, whatever its days. */
  dashboard: ["dashboard"],
  dashboardFor: (dayBounds: number[]) => ["dashboard", dayBounds],
} as const satisfies Record<string, QueryKey | ((...args: never[]) => QueryKey)>;
