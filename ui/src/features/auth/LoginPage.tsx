import { Alert, Button, PasswordInput, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertCircle } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";

import { commands, type Credentials } from "../../bindings";
import { errorMessage, unwrap } from "../../lib/ipc";
import { usePreferences } from "../preferences/PreferencesProvider";
import { AuthCard } from "./AuthCard";
import { useSetSignedIn } from "./queries";

export function LoginPage() {
  const setSignedIn = useSetSignedIn();
  const { preferences, updatePreferences } = usePreferences();
  const form = useForm<Credentials>({
    mode: "controlled",
    initialValues: { login: preferences.lastUsername ?? "", password: "" },
    validate: {
      login: (value) => (value.trim() === "" ? "Enter your username or email." : null),
      password: (value) => (value === "" ? "Enter your password." : null),
    },
  });

  const login = useMutation({
    mutationFn: (credentials: Credentials) => unwrap(commands.login(credentials)),
    onSuccess: (user) => {
      updatePreferences({ lastUsername: form.getValues().login.trim() });
      setSignedIn(user);
    },
    onError: () => form.setFieldValue("password", ""),
  });

  return (
    <AuthCard title="Log in" subtitle="Use your username or email address.">
      <form onSubmit={form.onSubmit((values) => login.mutate(values))} noValidate>
        <Stack>
          {login.isError && (
            <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert" data-testid="login-error">
              {errorMessage(login.error)}
            </Alert>
          )}
          <TextInput
            label="Username or email"
            autoComplete="username"
            autoFocus={!preferences.lastUsername}
            {...form.getInputProps("login")}
            name="login"
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            autoFocus={Boolean(preferences.lastUsername)}
            {...form.getInputProps("password")}
            name="password"
          />
          <Button type="submit" loading={login.isPending} fullWidth mt="sm">
            Log in
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
