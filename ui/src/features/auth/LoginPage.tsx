import { Alert, Anchor, Button, Checkbox, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertCircle, IconLock } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";

import { commands, type Credentials, type DemoAccount, type UserDto } from "../../bindings";
import { errorMessage, hasCode, unwrap } from "../../lib/ipc";
import { queryKeys } from "../../lib/queryKeys";
import { useAction } from "../../lib/mutations";
import { usePreferences } from "../preferences/PreferencesProvider";
import { AuthCard } from "./AuthCard";
import { ChoosePasswordForm } from "./ChoosePasswordForm";
import { DemoAccounts } from "./DemoAccounts";
import { useLeaveDesk } from "../desks/queries";
import { useAppStatus, useSetSignedIn } from "./queries";

type Props = {
  demoAccounts: DemoAccount[];
  /** Why the restore asked for at this start did not happen. */
  restoreRefused: string | null;
  onRegister: () => void;
};

export function LoginPage({ demoAccounts, restoreRefused, onRegister }: Props) {
  // When the login form is first on screen: the window benchmark measures launch to here.
  useEffect(() => void performance.mark("login-shown"), []);
  const setSignedIn = useSetSignedIn();
  const leaveDesk = useLeaveDesk();
  const { preferences, updatePreferences } = usePreferences();
  const form = useForm<Credentials>({
    mode: "controlled",
    initialValues: { login: preferences.lastUsername ?? "", password: "" },
    validate: {
      login: (value) => (value.trim() === "" ? "Enter your username or email." : null),
      password: (value) => (value === "" ? "Enter your password." : null),
    },
  });

  // On a team desk where each person signs in as their own login, "Remember me" keeps the
  // password in the computer's keychain, and signs in by itself at the next start.
  const ownLogins = useAppStatus().data?.teamDesk?.ownLogins ?? false;
  const [remember, setRemember] = useState(false);
  const remembered = useQuery({
    queryKey: queryKeys.rememberedSignIn,
    queryFn: () => unwrap(commands.signInRemembered()),
    enabled: ownLogins,
    staleTime: Infinity,
  });
  useEffect(() => {
    if (remembered.data) setSignedIn(remembered.data);
  }, [remembered.data, setSignedIn]);

  // A failed login is said on the form itself (never which part was wrong).
  const login = useAction({
    command: (credentials: Credentials) => commands.login(credentials, ownLogins && remember),
    onSuccess: (user) => signedIn(user),
    onError: () => form.setFieldValue("password", ""),
  });
  const locked = hasCode(login.error, "LOCKED");
  const signedIn = (user: UserDto) => {
    updatePreferences({ lastUsername: form.getValues().login.trim() });
    setSignedIn(user);
  };

  // A one-time code signs in once the person chose their own password.
  if (hasCode(login.error, "MUST_CHOOSE_PASSWORD") && login.variables) {
    return (
      <AuthCard title="Welcome" subtitle={`Signing in as ${login.variables.login.trim()}.`}>
        <ChoosePasswordForm
          login={login.variables.login}
          code={login.variables.password}
          remember={ownLogins && remember}
          onSignedIn={signedIn}
          onBack={() => login.reset()}
        />
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title="Log in"
      subtitle="Use your username or email address."
      aside={
        demoAccounts.length > 0 && (
          <DemoAccounts accounts={demoAccounts} onPick={(account) => form.setValues({ login: account.username, password: account.password })} />
        )
      }
    >
      <form onSubmit={form.onSubmit((values) => login.mutate(values))} noValidate>
        <Stack>
          {restoreRefused && (
            <Alert color="orange" title="Nothing was restored" icon={<IconAlertCircle size={18} />} data-testid="restore-refused">
              {restoreRefused} The desk is as it was before the restore was asked for.
            </Alert>
          )}
          {remembered.isError && !login.isError && (
            <Alert color="orange" icon={<IconAlertCircle size={18} />} data-testid="remembered-refused">
              You were not signed in by yourself: {errorMessage(remembered.error)}
            </Alert>
          )}
          {login.isError && (
            <Alert
              color={locked ? "orange" : "red"}
              title={locked ? "Account locked" : undefined}
              icon={locked ? <IconLock size={18} /> : <IconAlertCircle size={18} />}
              role="alert"
              data-testid="login-error"
            >
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
          {ownLogins && (
            <Checkbox
              label="Remember me on this computer"
              checked={remember}
              onChange={(event) => setRemember(event.currentTarget.checked)}
              data-testid="remember-me"
            />
          )}
          <Button type="submit" loading={login.isPending || remembered.isFetching} fullWidth mt="sm">
            Log in
          </Button>
          <Text size="sm" ta="center">
            New here?{" "}
            <Anchor component="button" type="button" onClick={onRegister} data-testid="go-register">
              Create an account
            </Anchor>
          </Text>
          <Text size="sm" ta="center">
            <Anchor component="button" type="button" c="dimmed" onClick={() => void leaveDesk()} data-testid="login-switch-desk">
              Use another desk
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthCard>
  );
}
