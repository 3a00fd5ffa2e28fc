import { Badge, Paper, Stack, Table, Text, Title } from "@mantine/core";

import type { DemoAccount } from "../../bindings";
import { ROLE_LABELS } from "../shell/navigation";

const ROLE_COLORS = { admin: "grape", agent: "indigo", customer: "teal" } as const;

/** Demo mode only: every seeded account; a click fills the login form. */
export function DemoAccounts({ accounts, onPick }: { accounts: DemoAccount[]; onPick: (account: DemoAccount) => void }) {
  return (
    <Paper withBorder radius="md" p="lg" w={480} data-testid="demo-accounts">
      <Stack gap="xs">
        <Title order={3} size="h5">
          Demo accounts
        </Title>
        <Text size="xs" c="dimmed">
          This is a demo desk with sample data. Click an account to fill in the form.
        </Text>
        <Table highlightOnHover verticalSpacing={6} fz="sm" style={{ whiteSpace: "nowrap" }}>
          <Table.Tbody>
            {accounts.map((account) => (
              <Table.Tr key={account.username} style={{ cursor: "pointer" }} onClick={() => onPick(account)}>
                <Table.Td>{account.displayName}</Table.Td>
                <Table.Td>
                  <Badge size="sm" variant="light" color={ROLE_COLORS[account.role]}>
                    {ROLE_LABELS[account.role]}
                  </Badge>
                </Table.Td>
                <Table.Td ff="monospace" fz="xs">
                  {account.username}
                </Table.Td>
                <Table.Td ff="monospace" fz="xs" c="dimmed">
                  {account.password}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Paper>
  );
}
