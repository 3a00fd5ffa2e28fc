import { useQuery, useQueryClient } from "@tanstack/react-query";

import { commands, type TicketDetail_Serialize as TicketDetail } from "../../bindings";
import { unwrap } from "../../lib/ipc";

export const ticketsKey = ["tickets"] as const;
export const ticketKey = (id: number) => ["ticket", id] as const;

export function useDepartments() {
  return useQuery({ queryKey: ["departments"], queryFn: () => unwrap(commands.listDepartments()) });
}

/** Puts a ticket Rust just returned in the cache and marks the queue stale. */
export function useStoreTicket() {
  const queryClient = useQueryClient();
  return (ticket: TicketDetail) => {
    queryClient.setQueryData(ticketKey(ticket.id), ticket);
    void queryClient.invalidateQueries({ queryKey: ticketsKey });
  };
}
