import { useQuery } from "@tanstack/react-query";

import { commands, type UserDto } from "../../bindings";
import { unwrap } from "../../lib/ipc";
import { queryKeys } from "../../lib/queryKeys";

/** Every account (staff only), or the part `select` keeps. */
export function useUsers<T = UserDto[]>({ enabled = true, select }: { enabled?: boolean; select?: (users: UserDto[]) => T } = {}) {
  return useQuery({ queryKey: queryKeys.users, queryFn: () => unwrap(commands.listUsers()), enabled, select });
}
