import { Badge, Divider, Stack, Table, Text } from "@mantine/core";

import type { DemoAccount } from "../../bindings";
import { ROLE_LABELS } from "../shell/navigation";

const ROLE_COLORS = { admin: "grape", agent: "indigo", customer: "teal" } as const;

/** Demo mode only: every seeded account; a click fills the login form. */
export function DemoAccounts({ accounts, onPick }: { accounts: DemoAccount[]; onPick: (account: DemoAccount) => void }) {
  return (
    <Stack gap="xs" mt="lg" data-testid="demo-accounts">
      <Divider label="Demo accounts: click one to fill in" labelPosition="center" />
      <Table highlightOnHover verticalSpacing={4} fz="xs">
        <Table.Tbody>
          {accounts.map((account) => (
            <Table.Tr key={account.username} style={{ cursor: "pointer" }} onClick={() => onPick(account)}>
              <Table.Td>
                <Badge size="xs" variant="light" color={ROLE_COLORS[account.role]}>
                  {ROLE_LABELS[account.role]}
                </Badge>
              </Table.Td>
              <Table.Td>{account.displayName}</Table.Td>
              <Table.Td>
                <Text span ff="monospace" fz="xs">
                  {account.username}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text span ff="monospace" fz="xs" c="dimmed">
                  {account.password}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
