import { IpcError } from "./ipc";

/** What can show per-field messages: a Mantine form. */
export interface FieldErrorTarget {
  setErrors: (errors: Record<string, string>) => void;
}

/** Shows Rust's per-field messages on a form; true when there were any. */
export function showFieldErrors(form: FieldErrorTarget, error: unknown): boolean {
  if (error instanceof IpcError && error.code === "VALIDATION") {
    form.setErrors(error.fields as Record<string, string>);
    return true;
  }
  return false;
}

/** Whether an error says what is wrong on fields of a form (which show it), rather than as a whole. */
export function hasFieldMessages(error: unknown): boolean {
  return error instanceof IpcError && Object.keys(error.fields).length > 0;
}
