import type { Exported } from "../../bindings";
import { type CommandResult } from "../../lib/ipc";
import { saveThrough } from "../../lib/saveDialog";
import { useAction } from "../../lib/mutations";

/** Asks where to save, then has Rust write the CSV there; cancelling the dialog does nothing. */
export function useCsvExport(suggestedName: string, write: (path: string) => Promise<CommandResult<Exported>>, what: (rows: number) => string) {
  return useAction({
    command: () => saveThrough(suggestedName, { name: "CSV (spreadsheet)", extension: "csv" }, write),
    success: (saved) => saved && { title: "Exported", message: `Saved ${what(saved.written.rows)} to ${saved.path}.` },
    failure: "Export failed",
  });
}

/** A file name with today's date, e.g. `tickets-2026-11-21.csv`. */
export function datedName(prefix: string, today = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${prefix}-${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}.csv`;
}
