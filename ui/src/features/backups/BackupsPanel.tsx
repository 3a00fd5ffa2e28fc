import { Button, Code, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { IconDatabaseExport, IconRestore } from "@tabler/icons-react";
import { useForm } from "@mantine/form";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { commands, type BackupDto } from "../../bindings";
import { FormModal } from "../../components/FormModal";
import { QueryView } from "../../components/QueryView";
import { unwrap } from "../../lib/ipc";
import { useAction } from "../../lib/mutations";
import { queryKeys } from "../../lib/queryKeys";
import { useAppStatus } from "../auth/queries";
import { YourPasswordField } from "../auth/YourPasswordField";
import { ExportDeskButton } from "../desks/MoveDesk";
import { formatTime } from "../tickets/labels";

function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Admins: back the desk up now, and restore it from a backup (the app restarts on it). A team
 * desk is backed up on its server, which the panel says instead. */
export function BackupsPanel() {
  const teamDesk = useAppStatus().data?.teamDesk;
  return teamDesk ? <ServerBackups address={teamDesk.address} /> : <FileBackups />;
}

function ServerBackups({ address }: { address: string }) {
  return (
    <Paper withBorder p="lg" data-testid="server-backups">
      <Stack gap="xs">
        <Title order={3} size="h4">
          Backups
        </Title>
        <Text size="sm">
          This desk lives on the server {address}, so backing it up is the server&apos;s job: whoever runs it backs the desk up with PostgreSQL&apos;s
          own tools, for example every night:
        </Text>
        <Code block>pg_dump --format=custom --file=helpdesk.dump helpdesk</Code>
        <Text size="sm" c="dimmed">
          A dump is restored with pg_restore into an empty database, then desktops join it as before.
        </Text>
        <Text size="sm">To take the desk offline, or to a computer of its own, export it into a file this app opens without the server.</Text>
        <ExportDeskButton />
      </Stack>
    </Paper>
  );
}

function FileBackups() {
  const backups = useQuery({ queryKey: queryKeys.backups, queryFn: () => unwrap(commands.listBackups()) });
  const [restoring, setRestoring] = useState<BackupDto | null>(null);
  const backUp = useAction({
    command: () => commands.backUpNow(),
    invalidates: [queryKeys.backups],
    success: (made) => `Backed up as ${made.name}.`,
    failure: "The desk was not backed up",
  });

  return (
    <Paper withBorder p="lg">
      <Stack>
        <Group justify="space-between">
          <Title order={3} size="h4">
            Backups
          </Title>
          <Button
            variant="default"
            leftSection={<IconDatabaseExport size={16} />}
            loading={backUp.isPending}
            onClick={() => backUp.mutate()}
            data-testid="back-up-now"
          >
            Back up now
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          The desk is also backed up before every upgrade. The newest 10 backups are kept, in the backups folder beside the database.
        </Text>
        <QueryView query={backups} isEmpty={(list) => list.length === 0} empty="No backups yet.">
          {(list) => (
            <Table data-testid="backup-list">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Made</Table.Th>
                  <Table.Th>File</Table.Th>
                  <Table.Th ta="right">Size</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((backup) => (
                  <Table.Tr key={backup.name}>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>{formatTime(backup.madeAt)}</Table.Td>
                    <Table.Td>
                      <Text size="xs" ff="monospace">
                        {backup.name}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                      {formatSize(backup.sizeBytes)}
                    </Table.Td>
                    <Table.Td ta="right">
                      <Button size="xs" variant="subtle" leftSection={<IconRestore size={14} />} onClick={() => setRestoring(backup)}>
                        Restore…
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </QueryView>
      </Stack>
      {restoring && <RestoreModal backup={restoring} onClose={() => setRestoring(null)} />}
    </Paper>
  );
}

function RestoreModal({ backup, onClose }: { backup: BackupDto; onClose: () => void }) {
  const form = useForm({
    mode: "controlled",
    initialValues: { password: "" },
    validate: { password: (value: string) => (value ? null : "Enter your password to restore a backup.") },
  });
  const restore = useAction({
    // On success the app restarts on the backup; nothing here runs after that.
    command: (password: string) => commands.restoreBackup({ name: backup.name, password }),
    failure: "The desk was not restored",
    form,
  });
  return (
    <FormModal
      title="Restore this backup?"
      submitLabel="Restore and restart"
      danger
      pending={restore.isPending}
      submitTestId="confirm-restore"
      onSubmit={form.onSubmit(({ password }) => restore.mutate(password))}
      onClose={onClose}
    >
      <Text size="sm">
        The app restarts on the desk as it was on {formatTime(backup.madeAt)}. Everything done since then is set aside: the current desk is backed up
        first, so it can be restored in turn. Everyone will need to log in again.
      </Text>
      <YourPasswordField why="Restoring replaces every ticket on the desk: confirm it is you." data-autofocus {...form.getInputProps("password")} />
    </FormModal>
  );
}
