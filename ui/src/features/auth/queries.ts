import { useQuery, useQueryClient } from "@tanstack/react-query";

import { commands, type UserDto } from "../../bindings";
import { unwrap } from "../../lib/ipc";

export const appStatusKey = ["appStatus"] as const;
export const currentUserKey = ["currentUser"] as const;

export function useAppStatus() {
  return useQuery({ queryKey: appStatusKey, queryFn: () => unwrap(commands.appStatus()) });
}

export function useCurrentUser() {
  return useQuery({ queryKey: currentUserKey, queryFn: () => unwrap(commands.currentUser()) });
}

/** Switches the whole app to a signed-in user (or to the login screen with `null`). */
export function useSetSignedIn() {
  const queryClient = useQueryClient();
  return (user: UserDto | null) => {
    if (user === null) {
      queryClient.removeQueries({ predicate: (query) => query.queryKey !== currentUserKey });
    }
    queryClient.setQueryData(currentUserKey, user);
  };
}
