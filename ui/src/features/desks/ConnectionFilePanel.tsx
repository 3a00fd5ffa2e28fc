import { Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { IconFileExport } from "@tabler/icons-react";
import { save } from "@tauri-apps/plugin-dialog";

import { commands } from "../../bindings";
import type { CommandResult } from "../../lib/ipc";
import { useAction } from "../../lib/mutations";
import { CONNECTION_FILE_EXTENSION, CONNECTION_FILE_FILTERS } from "./connectionFile";

/** Admins on a team desk: where the desk is, and a connection file for colleagues to join with. */
export function ConnectionFilePanel({ address }: { address: string }) {
  const saveFile = useAction({
    command: async (): Promise<CommandResult<string | null>> => {
      const chosen = await save({ defaultPath: `helpdesk.${CONNECTION_FILE_EXTENSION}`, filters: CONNECTION_FILE_FILTERS });
      if (!chosen) return { status: "ok", data: null };
      // Some file dialogs leave the extension to the user.
      const path = chosen.endsWith(`.${CONNECTION_FILE_EXTENSION}`) ? chosen : `${chosen}.${CONNECTION_FILE_EXTENSION}`;
      const written = await commands.saveConnectionFile(path);
      return written.status === "ok" ? { status: "ok", data: path } : written;
    },
    success: (path) => path && `Saved the connection file to ${path}.`,
    failure: "The connection file was not saved",
  });
  return (
    <Paper withBorder p="lg" data-testid="connection-file-panel">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3} size="h4">
            Team desk
          </Title>
          <Button
            variant="default"
            leftSection={<IconFileExport size={16} />}
            loading={saveFile.isPending}
            onClick={() => saveFile.mutate()}
            data-testid="save-connection-file"
          >
            Save a connection file
          </Button>
        </Group>
        <Text size="sm">This desk is on the server {address}.</Text>
        <Text size="sm" c="dimmed">
          Colleagues join it from their start screen with &quot;Open a connection file&quot;: the file holds the server&apos;s address, and no login
          or password. Each person signs in with their own.
        </Text>
      </Stack>
    </Paper>
  );
}
