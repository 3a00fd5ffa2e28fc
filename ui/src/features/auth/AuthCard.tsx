import { Center, Group, Paper, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { IconTicket } from "@tabler/icons-react";
import type { ReactNode } from "react";

/** The centred card every signed-out screen uses. */
export function AuthCard({ title, subtitle, children }: { title: string; subtitle: string; children: ReactNode }) {
  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-body)">
      <Stack w={420} gap="lg">
        <Group gap="xs" justify="center">
          <ThemeIcon size="lg" radius="md" variant="filled">
            <IconTicket size={20} />
          </ThemeIcon>
          <Text fw={700} size="xl">
            Helpdesk
          </Text>
        </Group>
        <Paper withBorder shadow="sm" radius="md" p="xl">
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
      </Stack>
    </Center>
  );
}
