import { Button, PasswordInput, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation, useQueryClient } from "@tanstack/react-query";

import { commands } from "../../bindings";
import { IpcError, unwrap } from "../../lib/ipc";
import { notifyError, notifySuccess } from "../../lib/notify";
import { usePreferences } from "../preferences/PreferencesProvider";
import { AuthCard } from "./AuthCard";
import { appStatusKey, useSetSignedIn } from "./queries";
import { emailError, passwordError, usernameError } from "./rules";

interface FirstRunValues {
  username: string;
  email: string;
  password: string;
  confirmPassword: string;
}

/** Shown on an empty database: the first administrator is created here, then signed in. */
export function FirstRunPage() {
  const queryClient = useQueryClient();
  const setSignedIn = useSetSignedIn();
  const { updatePreferences } = usePreferences();
  const form = useForm<FirstRunValues>({
    mode: "controlled",
    initialValues: { username: "", email: "", password: "", confirmPassword: "" },
    validateInputOnBlur: true,
    validate: {
      username: usernameError,
      email: emailError,
      password: (value, values) => passwordError(value, values.username, values.email),
      confirmPassword: (value, values) => (value === values.password ? null : "The passwords do not match."),
    },
  });

  const createAdmin = useMutation({
    mutationFn: (values: FirstRunValues) =>
      unwrap(
        commands.createFirstAdmin({
          username: values.username,
          email: values.email,
          displayName: null,
          password: values.password,
        }),
      ),
    onSuccess: (user) => {
      notifySuccess(`Welcome, ${user.displayName}. Your help desk is ready.`, "Administrator created");
      updatePreferences({ lastUsername: user.username });
      queryClient.setQueryData(appStatusKey, (status: object | undefined) => status && { ...status, needsSetup: false });
      setSignedIn(user);
    },
    onError: (error) => {
      if (error instanceof IpcError && error.code === "VALIDATION") {
        form.setErrors(error.fields);
      } else if (error instanceof IpcError && error.code === "CONFLICT") {
        void queryClient.invalidateQueries({ queryKey: appStatusKey });
      }
      notifyError(error, "The administrator was not created");
    },
  });

  return (
    <AuthCard title="Set up your help desk" subtitle="Create the first administrator account. You can add agents and customers later.">
      <form onSubmit={form.onSubmit((values) => createAdmin.mutate(values))} noValidate>
        <Stack>
          <TextInput label="Username" autoComplete="username" autoFocus required {...form.getInputProps("username")} name="username" />
          <TextInput label="Email" type="email" autoComplete="email" required {...form.getInputProps("email")} name="email" />
          <PasswordInput
            label="Password"
            description="At least 8 characters."
            autoComplete="new-password"
            required
            {...form.getInputProps("password")}
            name="password"
          />
          <PasswordInput
            label="Confirm password"
            autoComplete="new-password"
            required
            {...form.getInputProps("confirmPassword")}
            name="confirmPassword"
          />
          <Button type="submit" loading={createAdmin.isPending} fullWidth mt="sm">
            Create administrator
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
