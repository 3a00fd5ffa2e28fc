import { Button, Group, NumberInput, Paper, Stack, Switch, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";

import { commands, type Settings } from "../../bindings";
import { QueryView } from "../../components/QueryView";
import { unwrap } from "../../lib/ipc";
import { useAction } from "../../lib/mutations";
import { queryKeys } from "../../lib/queryKeys";
import { useAppStatus } from "../auth/queries";
import { BackupsPanel } from "../backups/BackupsPanel";
import { ConnectionFilePanel } from "../desks/ConnectionFilePanel";
import { MoveDeskPanel } from "../desks/MoveDesk";
import { LIMITS } from "../tickets/labels";

function wholeIn(min: number, max: number, message: string) {
  return (value: number) => (Number.isInteger(value) && value >= min && value <= max ? null : message);
}

export function SettingsPage() {
  const queryClient = useQueryClient();
  const teamDesk = useAppStatus().data?.teamDesk;
  const settings = useQuery({ queryKey: queryKeys.settings, queryFn: () => unwrap(commands.getSettings()) });
  const form = useForm<Settings>({
    mode: "controlled",
    initialValues: { sessionTimeoutMinutes: 30, sessionLifetimeHours: 12, autoAssign: true, agentCapacity: 20 },
    validate: {
      sessionTimeoutMinutes: wholeIn(
        LIMITS.sessionTimeoutMinutesMin,
        LIMITS.sessionTimeoutMinutesMax,
        `Use ${LIMITS.sessionTimeoutMinutesMin} to ${LIMITS.sessionTimeoutMinutesMax} minutes (24 hours).`,
      ),
      sessionLifetimeHours: wholeIn(
        LIMITS.sessionLifetimeHoursMin,
        LIMITS.sessionLifetimeHoursMax,
        `Use ${LIMITS.sessionLifetimeHoursMin} to ${LIMITS.sessionLifetimeHoursMax} hours (a week).`,
      ),
      agentCapacity: wholeIn(
        LIMITS.agentCapacityMin,
        LIMITS.agentCapacityMax,
        `Use ${LIMITS.agentCapacityMin} to ${LIMITS.agentCapacityMax} tickets.`,
      ),
    },
  });
  const { setValues, resetDirty } = form;
  useEffect(() => {
    if (settings.data) {
      setValues(settings.data);
      resetDirty(settings.data);
    }
  }, [settings.data, setValues, resetDirty]);

  const save = useAction({
    command: (values: Settings) => commands.updateSettings(values),
    success: () => "Settings saved.",
    failure: "Settings were not saved",
    form,
    onSuccess: (saved) => queryClient.setQueryData(queryKeys.settings, saved),
  });

  return (
    <Stack maw={560}>
      <Title order={2}>Settings</Title>
      <QueryView query={settings}>
        {() => (
          <Paper withBorder p="lg">
            <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
              <Stack>
                <Title order={3} size="h4">
                  Sessions
                </Title>
                <NumberInput
                  label="Log out after inactivity (minutes)"
                  description="A user who does nothing for this long returns to the login screen."
                  min={LIMITS.sessionTimeoutMinutesMin}
                  max={LIMITS.sessionTimeoutMinutesMax}
                  allowDecimal={false}
                  {...form.getInputProps("sessionTimeoutMinutes")}
                  name="sessionTimeoutMinutes"
                />
                <NumberInput
                  label="Log out after signing in (hours)"
                  description="However busy, a session ends this long after its login, so a window left signed in does not stay open for days."
                  min={LIMITS.sessionLifetimeHoursMin}
                  max={LIMITS.sessionLifetimeHoursMax}
                  allowDecimal={false}
                  {...form.getInputProps("sessionLifetimeHours")}
                  name="sessionLifetimeHours"
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
                  min={LIMITS.agentCapacityMin}
                  max={LIMITS.agentCapacityMax}
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
      </QueryView>
      {teamDesk && <ConnectionFilePanel address={teamDesk.address} />}
      <BackupsPanel />
      {!teamDesk && <MoveDeskPanel />}
    </Stack>
  );
}
