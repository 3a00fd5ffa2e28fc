import type { AppError, ErrorCode } from "../bindings";

/** What every generated command that can fail resolves to. */
type CommandResult<T> = { status: "ok"; data: T } | { status: "error"; error: AppError };

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

/** Unwraps a generated command's result: its data, or a thrown `IpcError`. */
export async function unwrap<T>(result: Promise<CommandResult<T>>): Promise<T> {
  const outcome = await result;
  if (outcome.status === "error") {
    throw new IpcError(outcome.error);
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
