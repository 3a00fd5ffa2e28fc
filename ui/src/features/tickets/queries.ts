import { useQueryClient } from "@tanstack/react-query";

import type { TicketDetail_Serialize as TicketDetail } from "../../bindings";
import { queryKeys } from "../../lib/queryKeys";

/** Puts a ticket Rust just returned in the cache and marks the queue stale. */
export function useStoreTicket() {
  const queryClient = useQueryClient();
  return (ticket: TicketDetail) => {
    queryClient.setQueryData(queryKeys.ticket(ticket.id), ticket);
    void queryClient.invalidateQueries({ queryKey: queryKeys.tickets });
  };
}
