import { Alert, Anchor, Button, Center, Paper, SimpleGrid, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { IconAlertCircle, IconDeviceDesktop, IconServer, IconUsersGroup } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { ReactNode } from "react";

import { open } from "@tauri-apps/plugin-dialog";

import { commands, type AppStatus_Serialize as AppStatus, type StartScreen_Serialize as StartScreen } from "../../bindings";
import type { CommandResult } from "../../lib/ipc";
import { useAction } from "../../lib/mutations";
import { queryKeys } from "../../lib/queryKeys";
import { Brand } from "../auth/AuthCard";
import { JoinTeamDeskForm } from "./JoinTeamDeskForm";
import { SetUpTeamDeskForm } from "./SetUpTeamDeskForm";

/** A choice of where the desk is: an icon, what it is, and its button. */
function Choice({ icon, title, children, action }: { icon: ReactNode; title: string; children: ReactNode; action: ReactNode }) {
  return (
    <Paper withBorder shadow="sm" radius="md" p="lg">
      <Stack h="100%" justify="space-between" gap="md">
        <Stack gap="xs">
          <ThemeIcon size="xl" radius="md" variant="light">
            {icon}
          </ThemeIcon>
          <Title order={3} size="h4">
            {title}
          </Title>
          <Text size="sm" c="dimmed">
            {children}
          </Text>
        </Stack>
        {action}
      </Stack>
    </Paper>
  );
}

/**
 * The first screen when no desk is open: this computer's own desk, a team desk to join, or one to
 * set up. Says why the desk opened last time did not open now.
 */
export function StartPage({ start }: { start: StartScreen }) {
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<"join" | "set-up" | null>(null);
  const thisComputer = useAction({
    command: () => commands.openThisComputer(),
    failure: "This computer's desk did not open",
    onSuccess: (status) => queryClient.setQueryData(queryKeys.appStatus, status),
  });
  // A desk in another file: one exported from a team desk, to work on offline.
  const deskFile = useAction({
    command: async (): Promise<CommandResult<AppStatus | null>> => {
      const path = await open({ multiple: false, directory: false, filters: [{ name: "Helpdesk desk", extensions: ["sqlite3"] }] });
      return typeof path === "string" ? commands.openDeskFile(path) : { status: "ok", data: null };
    },
    failure: "The desk file did not open",
    onSuccess: (status) => status && queryClient.setQueryData(queryKeys.appStatus, status),
  });

  if (chosen === "join") {
    return <JoinTeamDeskForm remembered={start.remembered} onBack={() => setChosen(null)} />;
  }
  if (chosen === "set-up") {
    return <SetUpTeamDeskForm onBack={() => setChosen(null)} />;
  }
  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-body)">
      <Stack gap="lg" maw={980}>
        <Brand />
        <Title order={2} ta="center">
          Where is your help desk?
        </Title>
        {start.problem && (
          <Alert color="orange" title="The desk you used last time did not open" icon={<IconAlertCircle size={18} />} data-testid="start-problem">
            {start.problem}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="lg">
          <Choice
            icon={<IconDeviceDesktop size={24} />}
            title="This computer only"
            action={
              <Stack gap="xs">
                <Button onClick={() => thisComputer.mutate()} loading={thisComputer.isPending} data-testid="choose-this-computer">
                  Use this computer
                </Button>
                <Anchor component="button" type="button" size="sm" ta="center" onClick={() => deskFile.mutate()} data-testid="choose-desk-file">
                  Open a desk file…
                </Anchor>
              </Stack>
            }
          >
            Tickets are kept on this computer and work offline. Right for one person, or a team sharing one computer.
          </Choice>
          <Choice
            icon={<IconUsersGroup size={24} />}
            title="Join a team desk"
            action={
              <Button variant="light" onClick={() => setChosen("join")} data-testid="choose-join">
                Join a team desk
              </Button>
            }
          >
            Your team's desk on a PostgreSQL server. You need its address from your administrator, and your own username and password.
          </Choice>
          <Choice
            icon={<IconServer size={24} />}
            title="Set up a team desk"
            action={
              <Button variant="default" onClick={() => setChosen("set-up")} data-testid="choose-set-up">
                Set up a team desk
              </Button>
            }
          >
            For an administrator, once: with a PostgreSQL login that may create roles, the app makes the desk's roles and tables and its first
            administrator. Then everyone joins it. (A DBA can run helpdesk server init instead.)
          </Choice>
        </SimpleGrid>
      </Stack>
    </Center>
  );
}
