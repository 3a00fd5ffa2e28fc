import type { AppError, ErrorCode } from "../bindings";

/** What every generated command that can fail resolves to. A plain string is Tauri's own answer
 * when the request could not be read at all (text holding half a UTF-16 surrogate pair); arguments
 * that do not fit their types are Rust's VALIDATION errors like any other bad input. */
export type CommandResult<T> = { status: "ok"; data: T } | { status: "error"; error: AppError | string };

/** An `AppError` from Rust, thrown so that TanStack Query and forms can handle it like any error. */
export class IpcError extends Error {
  readonly code: ErrorCode;
  readonly fields: Partial<Record<string, string>>;

  constructor(error: AppError) {
    super(error.message);
    this.name = "IpcError";
    this.code = error.code;
    this.fields = error.fields;
  }
}

/** A command's result with its data turned into something else (its error kept). */
export function mapResult<T, U>(result: CommandResult<T>, map: (data: T) => U): CommandResult<U> {
  return result.status === "ok" ? { status: "ok", data: map(result.data) } : result;
}

const UNREADABLE = "Part of what was sent could not be read (it may hold a broken character). Please check the text and try again.";

/** Unwraps a generated command's result: its data, or a thrown `IpcError`. */
export async function unwrap<T>(result: Promise<CommandResult<T>>): Promise<T> {
  const outcome = await result;
  if (outcome.status === "error") {
    const error = outcome.error;
    // Tauri's own words name Rust types: the person gets the same kind of answer as any bad input.
    throw new IpcError(typeof error === "string" ? { code: "VALIDATION", message: UNREADABLE, fields: {} } : error);
  }
  return outcome.data;
}

export function hasCode(error: unknown, code: ErrorCode): boolean {
  return error instanceof IpcError && error.code === code;
}

/** What to tell the user about any failure, without leaking internals of non-IPC errors. */
export function errorMessage(error: unknown): string {
  if (error instanceof IpcError) {
    return error.message;
  }
  return "Something went wrong. Please try again.";
}
