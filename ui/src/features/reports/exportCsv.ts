import { save } from "@tauri-apps/plugin-dialog";
import { useMutation } from "@tanstack/react-query";

import type { Exported } from "../../bindings";
import { unwrap, type CommandResult } from "../../lib/ipc";
import { notifyError, notifySuccess } from "../../lib/notify";

/** Asks where to save, then has Rust write the CSV there; cancelling the dialog does nothing. */
export function useCsvExport(suggestedName: string, write: (path: string) => Promise<CommandResult<Exported>>, what: (rows: number) => string) {
  return useMutation({
    mutationFn: async () => {
      const chosen = await save({ defaultPath: suggestedName, filters: [{ name: "CSV (spreadsheet)", extensions: ["csv"] }] });
      if (!chosen) return null;
      // Some file dialogs leave the extension to the user.
      const path = /\.csv$/i.test(chosen) ? chosen : `${chosen}.csv`;
      return { path, exported: await unwrap(write(path)) };
    },
    onSuccess: (saved) => {
      if (saved) notifySuccess(`Saved ${what(saved.exported.rows)} to ${saved.path}.`, "Exported");
    },
    onError: (error) => notifyError(error, "Export failed"),
  });
}

/** A file name with today's date, e.g. `tickets-2026-11-21.csv`. */
export function datedName(prefix: string, today = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${prefix}-${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}.csv`;
}
