import { useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";

import type { ErrorCode } from "../bindings";
import { hasCode, unwrap, type CommandResult } from "./ipc";
import { notifyError, notifySuccess } from "./notify";
import { showFieldErrors, type FieldErrorTarget } from "./forms";

/** What a success says: a message, or a title and a message. */
type Said = string | { title: string; message: string };

export interface ActionOptions<Variables, Data> {
  /** The command to run. */
  command: (variables: Variables) => Promise<CommandResult<Data>>;
  /** The queries the change makes stale. */
  invalidates?: readonly QueryKey[];
  /** The notification after success; none when left out. */
  success?: (data: Data, variables: Variables) => Said | null;
  /** The title of the notification after a failure; none when the screen says it itself. */
  failure?: string;
  /** Failures the screen shows itself, with no notification (a conflict offering to reload). */
  shownOnScreen?: readonly ErrorCode[];
  /** A form whose fields show Rust's per-field messages. */
  form?: FieldErrorTarget;
  onSuccess?: (data: Data, variables: Variables) => void;
  onError?: (error: unknown) => void;
}

/** Runs a command that changes something: refreshes what it makes stale, shows Rust's field messages
 * on the form, and tells the person how it went. */
export function useAction<Variables = void, Data = unknown>(options: ActionOptions<Variables, Data>) {
  const queryClient = useQueryClient();
  const invalidate = () => {
    for (const queryKey of options.invalidates ?? []) {
      void queryClient.invalidateQueries({ queryKey });
    }
  };
  return useMutation<Data, unknown, Variables>({
    mutationFn: (variables) => unwrap(options.command(variables)),
    onSuccess: (data, variables) => {
      invalidate();
      const said = options.success?.(data, variables);
      if (typeof said === "string") {
        notifySuccess(said);
      } else if (said) {
        notifySuccess(said.message, said.title);
      }
      options.onSuccess?.(data, variables);
    },
    onError: (error) => {
      // The data moved under the screen: read again what it shows, so the person sees what changed.
      if (hasCode(error, "CONFLICT")) {
        invalidate();
      }
      if (options.form) {
        showFieldErrors(options.form, error);
      }
      if (options.failure && !options.shownOnScreen?.some((code) => hasCode(error, code))) {
        notifyError(error, options.failure);
      }
      options.onError?.(error);
    },
  });
}
