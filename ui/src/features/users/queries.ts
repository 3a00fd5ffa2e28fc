import { keepPreviousData, useQuery } from "@tanstack/react-query";

import { commands } from "../../bindings";
import { unwrap } from "../../lib/ipc";
import { PICKER_LISTS_FRESH_MS, queryKeys } from "../../lib/queryKeys";

/** Every account (the Users page, for admins and agents). */
export function useUsers() {
  return useQuery({ queryKey: queryKeys.users, queryFn: () => unwrap(commands.listUsers()) });
}

/** Active agents and admins by name: what assignee pickers offer (a few dozen, whatever the desk's customers). */
export function useStaff({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.directory,
    queryFn: () => unwrap(commands.staffDirectory()),
    enabled,
    staleTime: PICKER_LISTS_FRESH_MS,
  });
}

/** The active customers `text` finds, asked of Rust as the person types; the last answer stays while the next comes. */
export function useCustomerSearch(text: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.customers(text),
    queryFn: () => unwrap(commands.findCustomers(text)),
    enabled,
    placeholderData: keepPreviousData,
  });
}
