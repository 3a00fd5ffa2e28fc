import { save } from "@tauri-apps/plugin-dialog";

import { mapResult, type CommandResult } from "./ipc";

/** A kind of file saved, as the save dialog offers it. */
export type FileKind = { name: string; extension: string };

/** Asks where to save a file of `kind`, then has `write` (a command) write it there: the path and
 * what the command answered, or null when the dialog was cancelled (nothing is written). */
export async function saveThrough<T>(
  defaultPath: string,
  kind: FileKind,
  write: (path: string) => Promise<CommandResult<T>>,
): Promise<CommandResult<{ path: string; written: T } | null>> {
  const chosen = await save({ defaultPath, filters: [{ name: kind.name, extensions: [kind.extension] }] });
  if (!chosen) return { status: "ok", data: null };
  // Some file dialogs leave the extension to the user.
  const path = chosen.toLowerCase().endsWith(`.${kind.extension}`) ? chosen : `${chosen}.${kind.extension}`;
  return mapResult(await write(path), (written) => ({ path, written }));
}
