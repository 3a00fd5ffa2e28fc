import type { UseFormReturnType } from "@mantine/form";

import { IpcError } from "./ipc";

/** Shows Rust's per-field messages on a form; true when there were any. */
export function showFieldErrors<T>(form: UseFormReturnType<T>, error: unknown): boolean {
  if (error instanceof IpcError && error.code === "VALIDATION") {
    form.setErrors(error.fields);
    return true;
  }
  return false;
}
