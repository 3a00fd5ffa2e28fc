import { Avatar, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";

import { commands } from "../../bindings";
import { QueryView } from "../../components/QueryView";
import { unwrap } from "../../lib/ipc";
import { queryKeys } from "../../lib/queryKeys";

/** The support team as customers see it: names only. */
export function TeamPage() {
  const staff = useQuery({ queryKey: queryKeys.directory, queryFn: () => unwrap(commands.staffDirectory()) });
  return (
    <Stack>
      <Title order={2}>Support team</Title>
      <Text c="dimmed" size="sm">
        The people who answer your tickets.
      </Text>
      <QueryView query={staff}>
        {(members) => (
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} maw={900}>
            {members.map((member) => (
              <Paper key={member.id} withBorder p="md">
                <Group>
                  <Avatar radius="xl" color="indigo" name={member.displayName} />
                  <Text fw={500}>{member.displayName}</Text>
                </Group>
              </Paper>
            ))}
          </SimpleGrid>
        )}
      </QueryView>
    </Stack>
  );
}
