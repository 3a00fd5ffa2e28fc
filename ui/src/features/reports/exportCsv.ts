import { save } from "@tauri-apps/plugin-dialog";

import type { Exported } from "../../bindings";
import { mapResult, type CommandResult } from "../../lib/ipc";
import { useAction } from "../../lib/mutations";

/** Asks where to save, then has Rust write the CSV there; cancelling the dialog does nothing. */
export function useCsvExport(suggestedName: string, write: (path: string) => Promise<CommandResult<Exported>>, what: (rows: number) => string) {
  return useAction({
    command: async (): Promise<CommandResult<{ path: string; exported: Exported } | null>> => {
      const chosen = await save({ defaultPath: suggestedName, filters: [{ name: "CSV (spreadsheet)", extensions: ["csv"] }] });
      if (!chosen) return { status: "ok", data: null };
      // Some file dialogs leave the extension to the user.
      const path = /\.csv$/i.test(chosen) ? chosen : `${chosen}.csv`;
      return mapResult(await write(path), (exported) => ({ path, exported }));
    },
    success: (saved) => saved && { title: "Exported", message: `Saved ${what(saved.exported.rows)} to ${saved.path}.` },
    failure: "Export failed",
  });
}

/** A file name with today's date, e.g. `tickets-2026-11-21.csv`. */
export function datedName(prefix: string, today = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${prefix}-${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}.csv`;
}
