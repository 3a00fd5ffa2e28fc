import { Center, Group, Paper, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { IconTicket } from "@tabler/icons-react";
import type { ReactNode } from "react";

import { TeamDeskNotice } from "./TeamDeskNotice";

/** The app's mark and name, over every signed-out screen. */
export function Brand() {
  return (
    <Group gap="xs" justify="center">
      <ThemeIcon size="lg" radius="md" variant="filled">
        <IconTicket size={20} />
      </ThemeIcon>
      <Text fw={700} size="xl">
        Helpdesk
      </Text>
    </Group>
  );
}

/** The centred card every signed-out screen uses, with an optional panel beside it, and which team desk this is. */
export function AuthCard({ title, subtitle, children, aside }: { title: string; subtitle: string; children: ReactNode; aside?: ReactNode }) {
  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-body)">
      <Stack gap="lg">
        <Brand />
        <Group justify="center">
          <TeamDeskNotice />
        </Group>
        <Group align="flex-start" justify="center" gap="lg">
          <Paper withBorder shadow="sm" radius="md" p="xl" w={420}>
            <Stack gap={4} mb="lg">
              <Title order={2} size="h3">
                {title}
              </Title>
              <Text c="dimmed" size="sm">
                {subtitle}
              </Text>
            </Stack>
            {children}
          </Paper>
          {aside}
        </Group>
      </Stack>
    </Center>
  );
}
