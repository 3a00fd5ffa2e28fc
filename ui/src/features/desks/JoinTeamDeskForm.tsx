import { Alert, Button, Checkbox, Group, PasswordInput, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertCircle, IconCircleCheck, IconFileImport } from "@tabler/icons-react";
import { open } from "@tauri-apps/plugin-dialog";
import { useQueryClient } from "@tanstack/react-query";

import { commands, type TeamAddress_Deserialize as TeamAddress } from "../../bindings";
import { hasFieldMessages } from "../../lib/forms";
import { errorMessage, type CommandResult } from "../../lib/ipc";
import { useAction } from "../../lib/mutations";
import { queryKeys } from "../../lib/queryKeys";
import { AuthCard } from "../auth/AuthCard";
import { BackLink } from "./BackLink";
import { useSetSignedIn } from "../auth/queries";
import { CONNECTION_FILE } from "./connectionFile";
import { addressRules, initialAddress, TeamAddressFields, toAddress, type AddressValues } from "./TeamAddressFields";

type JoinValues = AddressValues & { login: string; password: string; remember: boolean };

/** "Join a team desk": where the desk is and who you are; "Test connection" says what is wrong, "Join" signs in. */
export function JoinTeamDeskForm({ remembered, onBack }: { remembered: TeamAddress | null | undefined; onBack: () => void }) {
  const queryClient = useQueryClient();
  const setSignedIn = useSetSignedIn();
  const form = useForm<JoinValues>({
    mode: "controlled",
    initialValues: { ...initialAddress(remembered), login: "", password: "", remember: false },
    validate: {
      ...addressRules,
      login: (value) => (value.trim() === "" ? "Enter your username or email." : null),
      password: (value) => (value === "" ? "Enter your password." : null),
    },
  });
  const credentials = (values: JoinValues) => ({ login: values.login.trim(), password: values.password });

  const test = useAction({
    command: (values: JoinValues) => commands.testTeamDesk(toAddress(values), credentials(values)),
    form,
  });
  const join = useAction({
    command: (values: JoinValues) => commands.joinTeamDesk(toAddress(values), credentials(values), values.remember),
    form,
    onSuccess: (user) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.appStatus });
      setSignedIn(user);
    },
  });
  const openFile = useAction({
    command: async (): Promise<CommandResult<TeamAddress | null>> => {
      const chosen = await open({
        multiple: false,
        directory: false,
        filters: [{ name: CONNECTION_FILE.name, extensions: [CONNECTION_FILE.extension] }],
      });
      return typeof chosen === "string" ? commands.readConnectionFile(chosen) : { status: "ok", data: null };
    },
    failure: "The connection file was not read",
    onSuccess: (address) => {
      if (address) {
        form.setValues({ ...initialAddress(address) });
      }
    },
  });
  const failed = join.isError ? join.error : test.isError ? test.error : null;

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
          {failed !== null && !hasFieldMessages(failed) && (
            <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert" data-testid="join-error">
              {errorMessage(failed)}
            </Alert>
          )}
          {test.isSuccess && (
            <Alert color="teal" icon={<IconCircleCheck size={18} />} data-testid="join-tested">
              Connected: the desk answers, and you can sign in as {test.data.displayName}.
            </Alert>
          )}
          <Button variant="light" leftSection={<IconFileImport size={16} />} onClick={() => openFile.mutate()} data-testid="open-connection-file">
            Open a connection file
          </Button>
          <TeamAddressFields form={form} onCaFile={(file) => form.setFieldValue("caFile", file)} />
          <TextInput label="Username or email" autoComplete="username" {...form.getInputProps("login")} name="login" />
          <PasswordInput label="Password" autoComplete="current-password" {...form.getInputProps("password")} name="password" />
          <Checkbox
            label="Remember me on this computer"
            description="Your password is kept in this computer's keychain, and you are signed in when the app starts."
            {...form.getInputProps("remember", { type: "checkbox" })}
            data-testid="remember-me"
          />
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
          <BackLink label="Back to the choices" onBack={onBack} />
        </Stack>
      </form>
    </AuthCard>
  );
}
