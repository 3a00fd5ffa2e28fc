import { Button, Center, Group, Loader, NumberInput, Paper, Stack, Switch, Text, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";

import { commands, type Settings } from "../../bindings";
import { errorMessage, unwrap } from "../../lib/ipc";
import { notifyError, notifySuccess } from "../../lib/notify";
import { showFieldErrors } from "../../lib/forms";
import { BackupsPanel } from "../backups/BackupsPanel";

const settingsKey = ["settings"] as const;

export function SettingsPage() {
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: settingsKey, queryFn: () => unwrap(commands.getSettings()) });
  const form = useForm<Settings>({
    mode: "controlled",
    initialValues: { sessionTimeoutMinutes: 30, autoAssign: true, agentCapacity: 20 },
    validate: {
      sessionTimeoutMinutes: (value) => (Number.isInteger(value) && value >= 1 && value <= 1440 ? null : "Use 1 to 1440 minutes (24 hours)."),
      agentCapacity: (value) => (Number.isInteger(value) && value >= 1 && value <= 1000 ? null : "Use 1 to 1000 tickets."),
    },
  });
  const { setValues, resetDirty } = form;
  useEffect(() => {
    if (settings.data) {
      setValues(settings.data);
      resetDirty(settings.data);
    }
  }, [settings.data, setValues, resetDirty]);

  const save = useMutation({
    mutationFn: (values: Settings) => unwrap(commands.updateSettings(values)),
    onSuccess: (saved) => {
      queryClient.setQueryData(settingsKey, saved);
      notifySuccess("Settings saved.");
    },
    onError: (error) => {
      showFieldErrors(form, error);
      notifyError(error, "Settings were not saved");
    },
  });

  return (
    <Stack maw={560}>
      <Title order={2}>Settings</Title>
      {settings.isPending && (
        <Center py="xl">
          <Loader />
        </Center>
      )}
      {settings.isError && <Text c="red">{errorMessage(settings.error)}</Text>}
      {settings.data && (
        <Paper withBorder p="lg">
          <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
            <Stack>
              <Title order={3} size="h4">
                Sessions
              </Title>
              <NumberInput
                label="Log out after inactivity (minutes)"
                description="A user who does nothing for this long returns to the login screen."
                min={1}
                max={1440}
                allowDecimal={false}
                {...form.getInputProps("sessionTimeoutMinutes")}
                name="sessionTimeoutMinutes"
              />
              <Title order={3} size="h4" mt="sm">
                Assignment
              </Title>
              <Switch
                label="Assign new tickets automatically"
                description="Each new ticket goes to the active agent with the most spare capacity."
                {...form.getInputProps("autoAssign", { type: "checkbox" })}
                name="autoAssign"
              />
              <NumberInput
                label="Capacity per agent (active tickets)"
                description="Agents holding this many Open, In Progress or On Hold tickets get no more automatically."
                min={1}
                max={1000}
                allowDecimal={false}
                disabled={!form.values.autoAssign}
                {...form.getInputProps("agentCapacity")}
                name="agentCapacity"
              />
              <Group justify="flex-end">
                <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
                  Save settings
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      )}
      <BackupsPanel />
    </Stack>
  );
}
