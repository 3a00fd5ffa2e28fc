import { Anchor, Badge, Button, Center, Group, Loader, Paper, Stack, Table, Text, ThemeIcon, Title } from "@mantine/core";
import { IconInbox, IconPlus } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";

import { commands, type UserDto } from "../../bindings";
import { errorMessage, unwrap } from "../../lib/ipc";
import { formatTime, PRIORITY, STATUS } from "./labels";
import { ticketsKey } from "./queries";

export function TicketsPage({ user, onOpen, onNew }: { user: UserDto; onOpen: (id: number) => void; onNew: () => void }) {
  const tickets = useQuery({ queryKey: ticketsKey, queryFn: () => unwrap(commands.listTickets()) });
  const title = user.role === "customer" ? "My tickets" : "Tickets";

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{title}</Title>
        <Button leftSection={<IconPlus size={16} />} onClick={onNew} data-testid="new-ticket">
          New ticket
        </Button>
      </Group>
      {tickets.isPending && (
        <Center py="xl">
          <Loader />
        </Center>
      )}
      {tickets.isError && (
        <Text c="red" role="alert">
          {errorMessage(tickets.error)}
        </Text>
      )}
      {tickets.data?.length === 0 && (
        <Paper withBorder radius="md" py={60} data-testid="tickets-empty">
          <Stack align="center" gap="xs">
            <ThemeIcon size={56} radius="xl" variant="light">
              <IconInbox size={30} />
            </ThemeIcon>
            <Text fw={600}>No tickets yet</Text>
            <Text c="dimmed" size="sm" ta="center" maw={360}>
              {user.role === "customer"
                ? "When you ask for help, your tickets appear here."
                : "New tickets from customers and agents will appear here."}
            </Text>
          </Stack>
        </Paper>
      )}
      {tickets.data && tickets.data.length > 0 && (
        <Paper withBorder radius="md">
          <Table highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>#</Table.Th>
                <Table.Th>Title</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Priority</Table.Th>
                <Table.Th>Requester</Table.Th>
                <Table.Th>Assignee</Table.Th>
                <Table.Th>Department</Table.Th>
                <Table.Th>Updated</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tickets.data.map((ticket) => (
                <Table.Tr key={ticket.id} style={{ cursor: "pointer" }} onClick={() => onOpen(ticket.id)} data-testid={`ticket-${ticket.number}`}>
                  <Table.Td>{ticket.number}</Table.Td>
                  <Table.Td>
                    <Anchor component="button" ta="left" c="var(--mantine-color-text)" fw={500} onClick={() => onOpen(ticket.id)}>
                      {ticket.title}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={STATUS[ticket.status].color} variant="light">
                      {STATUS[ticket.status].label}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={PRIORITY[ticket.priority].color} variant="dot">
                      {PRIORITY[ticket.priority].label}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{ticket.requester}</Table.Td>
                  <Table.Td>
                    {ticket.assignee ?? (
                      <Text c="dimmed" size="sm">
                        Unassigned
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{ticket.department}</Table.Td>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>
                    {formatTime(ticket.updatedAt)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </Stack>
  );
}
