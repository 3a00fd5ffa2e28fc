import { useQuery } from "@tanstack/react-query";

import { commands } from "../../bindings";
import { unwrap } from "../../lib/ipc";
import { PICKER_LISTS_FRESH_MS, queryKeys } from "../../lib/queryKeys";

/** The departments (with ticket counts for staff): the filing form, the filters and this page. A
 * picker takes them as they are for a while; the departments page, whose counts move with every
 * ticket, asks each time it opens. */
export function useDepartments({ forPicking = false }: { forPicking?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.departments,
    queryFn: () => unwrap(commands.listDepartments()),
    staleTime: forPicking ? PICKER_LISTS_FRESH_MS : 0,
  });
}
