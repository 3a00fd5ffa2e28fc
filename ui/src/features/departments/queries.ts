import { useQuery } from "@tanstack/react-query";

import { commands } from "../../bindings";
import { unwrap } from "../../lib/ipc";
import { queryKeys } from "../../lib/queryKeys";

/** The departments (with ticket counts for staff): the filing form, the filters and this page. */
export function useDepartments() {
  return useQuery({ queryKey: queryKeys.departments, queryFn: () => unwrap(commands.listDepartments()) });
}
