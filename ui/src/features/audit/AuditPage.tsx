import { Paper, Stack, Table, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";

import { commands } from "../../bindings";
import { QueryView } from "../../components/QueryView";
import { unwrap } from "../../lib/ipc";
import { queryKeys } from "../../lib/queryKeys";
import { formatTime } from "../tickets/labels";

const ACTIONS: Record<string, string> = {
  "user.first_admin": "Set up the desk as its first administrator",
  "user.register": "Registered",
  "user.create": "Created an account",
  "user.locked": "Login locked after failed attempts",
  "user.unlock": "Unlocked an account",
  "user.update": "Changed a user",
  "user.deactivate": "Deactivated a user",
  "user.reactivate": "Reactivated a user",
  "user.reset_password": "Reset a password",
  "user.move_tickets": "Moved a deleted user's tickets",
  "user.delete_tickets": "Deleted a deleted user's tickets",
  "user.delete": "Deleted a user",
  "department.create": "Created a department",
  "department.rename": "Renamed a department",
  "department.move_tickets": "Moved tickets between departments",
  "department.delete": "Deleted a department",
  "settings.update": "Changed the settings",
  "backup.create": "Backed up the desk",
  "backup.restore": "Asked for a restore",
  "backup.restored": "Restored the desk from a backup",
  "ticket.delete": "Deleted a ticket",
};

/** What matters on the desk (accounts, departments, settings, backups, deleted tickets), newest first. */
export function AuditPage() {
  const entries = useQuery({ queryKey: queryKeys.audit, queryFn: () => unwrap(commands.listAudit()) });
  return (
    <Stack>
      <Title order={2}>Audit log</Title>
      <QueryView query={entries} isEmpty={(list) => list.length === 0} empty="Nothing recorded yet.">
        {(list) => (
          <Paper withBorder>
            <Table verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>When</Table.Th>
                  <Table.Th>Who</Table.Th>
                  <Table.Th>What</Table.Th>
                  <Table.Th>Target</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((entry) => (
                  <Table.Tr key={entry.id}>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>{formatTime(entry.at)}</Table.Td>
                    <Table.Td>{entry.actor}</Table.Td>
                    <Table.Td>{ACTIONS[entry.action] ?? entry.action}</Table.Td>
                    <Table.Td>{entry.target}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
      </QueryView>
    </Stack>
  );
}
