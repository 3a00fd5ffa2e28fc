import { useQueryClient } from "@tanstack/react-query";

import { commands } from "../../bindings";
import { notifyError } from "../../lib/notify";
import { queryKeys } from "../../lib/queryKeys";
import { setSignedIn } from "../auth/queries";

/** "Switch desk": signs out, closes the desk, and shows the start screen. */
export function useLeaveDesk() {
  const queryClient = useQueryClient();
  return async () => {
    try {
      await commands.leaveDesk();
      setSignedIn(queryClient, null);
      await queryClient.invalidateQueries({ queryKey: queryKeys.appStatus });
    } catch (error) {
      notifyError(error, "The desk was not closed");
    }
  };
}
