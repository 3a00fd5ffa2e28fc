import { useQueryClient, type QueryClient, type QueryKey } from "@tanstack/react-query";
import { useEffect } from "react";

import { commands, events, type DeskChange } from "../../bindings";
import { queryKeys } from "../../lib/queryKeys";
import { useAppStatus } from "../auth/queries";

/** The queries a change on another desktop makes stale. */
export function staleAfter(change: DeskChange): QueryKey[] {
  switch (change.topic) {
    case "ticket":
      return [queryKeys.tickets, queryKeys.ticket(change.id), queryKeys.dashboard, ["requested"]];
    case "user":
      return [queryKeys.users, queryKeys.currentUser, queryKeys.tickets];
    case "department":
      return [queryKeys.departments, queryKeys.tickets];
    case "setting":
      return [queryKeys.settings];
  }
}

function refresh(queryClient: QueryClient, changes: DeskChange[]) {
  const keys = new Map<string, QueryKey>();
  for (const key of changes.flatMap(staleAfter)) keys.set(JSON.stringify(key), key);
  for (const queryKey of keys.values()) void queryClient.invalidateQueries({ queryKey });
}

/** On a team desk, while `userId` is signed in: every screen reads again what another desktop
 * changed, as soon as it is committed (the app's event, from the server's announcements). */
export function useDeskChanges(userId: number) {
  const queryClient = useQueryClient();
  // The address, not the status object: a status read again (the window focused) is a new object
  // for the same desk, which is followed already.
  const teamDesk = useAppStatus().data?.teamDesk?.address;
  useEffect(() => {
    if (!teamDesk) return;
    const stop = events.deskChanged.listen((event) => refresh(queryClient, event.payload.changes));
    void commands.followDesk();
    return () => void stop.then((unlisten) => unlisten());
  }, [queryClient, teamDesk, userId]);
}
