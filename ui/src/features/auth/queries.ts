import { notifications } from "@mantine/notifications";
import { useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";

import { commands, type UserDto } from "../../bindings";
import { unwrap } from "../../lib/ipc";
import { queryKeys } from "../../lib/queryKeys";

/** How often the UI asks Rust whether the session is still alive (it idles out in Rust). */
const SESSION_CHECK_MS = 60_000;

export function useAppStatus() {
  return useQuery({ queryKey: queryKeys.appStatus, queryFn: () => unwrap(commands.appStatus()) });
}

export function useCurrentUser() {
  return useQuery({
    queryKey: queryKeys.currentUser,
    queryFn: () => unwrap(commands.currentUser()),
    refetchInterval: (query) => (query.state.data ? SESSION_CHECK_MS : false),
  });
}

/** The notice saying why a session ended: it stays on the login screen, not over the next queue. */
export const SESSION_ENDED_NOTICE = "session-ended";

/** Switches the whole app to a signed-in user, or back to the login screen with `null`. */
export function setSignedIn(queryClient: QueryClient, user: UserDto | null) {
  if (user === null) {
    queryClient.removeQueries({
      predicate: (query) => query.queryKey[0] !== queryKeys.currentUser[0] && query.queryKey[0] !== queryKeys.appStatus[0],
    });
  }
  if (user !== null) {
    notifications.hide(SESSION_ENDED_NOTICE);
  }
  queryClient.setQueryData(queryKeys.currentUser, user);
}

export function useSetSignedIn() {
  const queryClient = useQueryClient();
  return (user: UserDto | null) => setSignedIn(queryClient, user);
}
