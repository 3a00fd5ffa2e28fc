import { Alert, Anchor, Button, Group, NumberInput, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertCircle, IconCircleCheck } from "@tabler/icons-react";
import { open } from "@tauri-apps/plugin-dialog";
import { useQueryClient } from "@tanstack/react-query";

import { commands, type TeamAddress_Deserialize as TeamAddress } from "../../bindings";
import { errorMessage } from "../../lib/ipc";
import { useAction } from "../../lib/mutations";
import { queryKeys } from "../../lib/queryKeys";
import { AuthCard } from "../auth/AuthCard";
import { useSetSignedIn } from "../auth/queries";

type JoinValues = { host: string; port: number | string; database: string; caFile: string; login: string; password: string };

const POSTGRES_PORT = 5432;

function address(values: JoinValues): TeamAddress {
  return {
    host: values.host.trim(),
    port: Number(values.port),
    database: values.database.trim(),
    caFile: values.caFile.trim() === "" ? null : values.caFile.trim(),
  };
}

/** "Join a team desk": where the desk is and who you are; "Test connection" says what is wrong, "Join" signs in. */
export function JoinTeamDeskForm({ remembered, onBack }: { remembered: TeamAddress | null | undefined; onBack: () => void }) {
  const queryClient = useQueryClient();
  const setSignedIn = useSetSignedIn();
  const form = useForm<JoinValues>({
    mode: "controlled",
    initialValues: {
      host: remembered?.host ?? "",
      port: remembered?.port ?? POSTGRES_PORT,
      database: remembered?.database ?? "helpdesk",
      caFile: remembered?.caFile ?? "",
      login: "",
      password: "",
    },
    validate: {
      host: (value) => (value.trim() === "" ? "Enter the server's name or address." : null),
      port: (value) => (Number.isInteger(Number(value)) && Number(value) > 0 && Number(value) < 65536 ? null : "Enter a port from 1 to 65535."),
      database: (value) => (value.trim() === "" ? "Enter the desk's database." : null),
      login: (value) => (value.trim() === "" ? "Enter your username or email." : null),
      password: (value) => (value === "" ? "Enter your password." : null),
    },
  });
  const credentials = (values: JoinValues) => ({ login: values.login.trim(), password: values.password });

  const test = useAction({
    command: (values: JoinValues) => commands.testTeamDesk(address(values), credentials(values)),
    form,
  });
  const join = useAction({
    command: (values: JoinValues) => commands.joinTeamDesk(address(values), credentials(values)),
    form,
    onSuccess: (user) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.appStatus });
      setSignedIn(user);
    },
  });
  const failed = join.isError ? join.error : test.isError ? test.error : null;

  const chooseCaFile = async () => {
    const file = await open({ multiple: false, directory: false, filters: [{ name: "Certificate", extensions: ["pem", "crt", "cer"] }] });
    if (typeof file === "string") {
      form.setFieldValue("caFile", file);
    }
  };

  return (
    <AuthCard title="Join a team desk" subtitle="Ask your administrator for the server's address. You sign in with your own username and password.">
      <form
        onSubmit={form.onSubmit((values) => {
          test.reset();
          join.mutate(values);
        })}
        noValidate
      >
        <Stack>
          {failed !== null && Object.keys(form.errors).length === 0 && (
            <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert" data-testid="join-error">
              {errorMessage(failed)}
            </Alert>
          )}
          {test.isSuccess && (
            <Alert color="teal" icon={<IconCircleCheck size={18} />} data-testid="join-tested">
              Connected: the desk answers, and you can sign in as {test.data.displayName}.
            </Alert>
          )}
          <Group grow align="flex-start">
            <TextInput label="Server" placeholder="db.example.com" {...form.getInputProps("host")} name="host" style={{ flexGrow: 3 }} />
            <NumberInput label="Port" min={1} max={65535} hideControls {...form.getInputProps("port")} name="port" />
          </Group>
          <TextInput label="Database" {...form.getInputProps("database")} name="database" />
          <TextInput
            label="Certificate authority (optional)"
            description="Only if your administrator gave you one: the file that vouches for the server's certificate."
            {...form.getInputProps("caFile")}
            name="caFile"
            rightSectionWidth={90}
            rightSection={
              <Button size="compact-xs" variant="subtle" onClick={() => void chooseCaFile()}>
                Choose…
              </Button>
            }
          />
          <TextInput label="Username or email" autoComplete="username" {...form.getInputProps("login")} name="login" />
          <PasswordInput label="Password" autoComplete="current-password" {...form.getInputProps("password")} name="password" />
          <Group grow>
            <Button
              variant="default"
              loading={test.isPending}
              onClick={() => {
                if (!form.validate().hasErrors) {
                  join.reset();
                  test.mutate(form.getValues());
                }
              }}
              data-testid="test-connection"
            >
              Test connection
            </Button>
            <Button type="submit" loading={join.isPending} data-testid="join">
              Join
            </Button>
          </Group>
          <Text size="sm" ta="center">
            <Anchor component="button" type="button" onClick={onBack}>
              Back to the choices
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthCard>
  );
}
