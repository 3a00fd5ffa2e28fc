import { Button, Group, Modal, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { IconDatabaseExport, IconRestore } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { commands, type BackupDto } from "../../bindings";
import { errorMessage, unwrap } from "../../lib/ipc";
import { notifyError, notifySuccess } from "../../lib/notify";
import { formatTime } from "../tickets/labels";

const backupsKey = ["backups"] as const;

function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Admins: back the desk up now, and restore it from a backup (the app restarts on it). */
export function BackupsPanel() {
  const queryClient = useQueryClient();
  const backups = useQuery({ queryKey: backupsKey, queryFn: () => unwrap(commands.listBackups()) });
  const [restoring, setRestoring] = useState<BackupDto | null>(null);
  const backUp = useMutation({
    mutationFn: () => unwrap(commands.backUpNow()),
    onSuccess: (made) => {
      void queryClient.invalidateQueries({ queryKey: backupsKey });
      notifySuccess(`Backed up as ${made.name}.`);
    },
    onError: (error) => notifyError(error, "The desk was not backed up"),
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
        {backups.isError && <Text c="red">{errorMessage(backups.error)}</Text>}
        {backups.data?.length === 0 && <Text size="sm">No backups yet.</Text>}
        {backups.data && backups.data.length > 0 && (
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
              {backups.data.map((backup) => (
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
      </Stack>
      {restoring && <RestoreModal backup={restoring} onClose={() => setRestoring(null)} />}
    </Paper>
  );
}

function RestoreModal({ backup, onClose }: { backup: BackupDto; onClose: () => void }) {
  const restore = useMutation({
    // On success the app restarts on the backup; nothing here runs after that.
    mutationFn: () => unwrap(commands.restoreBackup(backup.name)),
    onError: (error) => notifyError(error, "The desk was not restored"),
  });
  return (
    <Modal opened onClose={onClose} title="Restore this backup?">
      <Stack>
        <Text size="sm">
          The app restarts on the desk as it was on {formatTime(backup.madeAt)}. Everything done since then is set aside: the current desk is backed
          up first, so it can be restored in turn. Everyone will need to log in again.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red" loading={restore.isPending} onClick={() => restore.mutate()} data-testid="confirm-restore">
            Restore and restart
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
