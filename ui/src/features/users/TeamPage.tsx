import { Avatar, Center, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";

import { commands } from "../../bindings";
import { errorMessage, unwrap } from "../../lib/ipc";

/** The support team as customers see it: names only. */
export function TeamPage() {
  const staff = useQuery({ queryKey: ["directory"], queryFn: () => unwrap(commands.staffDirectory()) });
  return (
    <Stack>
      <Title order={2}>Support team</Title>
      <Text c="dimmed" size="sm">
        The people who answer your tickets.
      </Text>
      {staff.isPending && (
        <Center py="xl">
          <Loader />
        </Center>
      )}
      {staff.isError && <Text c="red">{errorMessage(staff.error)}</Text>}
      {staff.data && (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} maw={900}>
          {staff.data.map((member) => (
            <Paper key={member.id} withBorder p="md">
              <Group>
                <Avatar radius="xl" color="indigo" name={member.displayName} />
                <Text fw={500}>{member.displayName}</Text>
              </Group>
            </Paper>
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
