import { Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { IconFileExport } from "@tabler/icons-react";

import { commands } from "../../bindings";
import { useAction } from "../../lib/mutations";
import { saveThrough } from "../../lib/saveDialog";
import { CONNECTION_FILE } from "./connectionFile";

/** Admins on a team desk: where the desk is, and a connection file for colleagues to join with. */
export function ConnectionFilePanel({ address }: { address: string }) {
  const saveFile = useAction({
    command: () => saveThrough(`helpdesk.${CONNECTION_FILE.extension}`, CONNECTION_FILE, (path) => commands.saveConnectionFile(path)),
    success: (saved) => saved && `Saved the connection file to ${saved.path}.`,
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
