import { Button, Group, Paper, PasswordInput, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";

import { commands, type PasswordChange, type ProfileUpdate, type UserDto } from "../../bindings";
import { useAction } from "../../lib/mutations";
import { submitStrongEnough } from "../auth/AccountFields";
import { usePasswordStrength } from "../auth/passwordStrength";
import { NewPasswordFields } from "../auth/NewPasswordFields";
import { useSetSignedIn } from "../auth/queries";
import { displayNameError, emailError, passwordError } from "../auth/rules";
import { ROLE_LABELS } from "../shell/navigation";

function ProfileForm({ user }: { user: UserDto }) {
  const setSignedIn = useSetSignedIn();
  const form = useForm<ProfileUpdate>({
    mode: "controlled",
    initialValues: { displayName: user.displayName, email: user.email },
    validate: {
      displayName: displayNameError,
      email: emailError,
    },
  });
  const save = useAction({
    command: (profile: ProfileUpdate) => commands.updateProfile(profile),
    success: () => "Your profile was saved.",
    failure: "Your profile was not saved",
    form,
    onSuccess: (updated) => {
      setSignedIn(updated);
      form.resetDirty({ displayName: updated.displayName, email: updated.email });
    },
  });
  return (
    <Paper withBorder p="lg">
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <Stack>
          <Title order={3} size="h4">
            Profile
          </Title>
          <Text size="sm" c="dimmed">
            Username <b>{user.username}</b> · {ROLE_LABELS[user.role]}
          </Text>
          <TextInput label="Full name" required {...form.getInputProps("displayName")} name="displayName" />
          <TextInput label="Email" type="email" required {...form.getInputProps("email")} name="email" />
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
              Save profile
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

interface PasswordValues extends PasswordChange {
  confirmPassword: string;
}

function PasswordForm({ user }: { user: UserDto }) {
  const form = useForm<PasswordValues>({
    mode: "controlled",
    initialValues: { currentPassword: "", newPassword: "", confirmPassword: "" },
    validate: {
      currentPassword: (value) => (value === "" ? "Enter your current password." : null),
      newPassword: (value) => passwordError(value, user.username, user.email),
      confirmPassword: (value, values) => (value === values.newPassword ? null : "The passwords do not match."),
    },
  });
  const strength = usePasswordStrength(form.getValues().newPassword, [user.username, user.email, user.displayName]);
  const change = useAction({
    command: (values: PasswordChange) => commands.changePassword(values),
    success: () => "Your password was changed.",
    failure: "Your password was not changed",
    form,
    onSuccess: () => form.reset(),
  });
  const submit = submitStrongEnough(form, "newPassword", strength, ({ currentPassword, newPassword }) =>
    change.mutate({ currentPassword, newPassword }),
  );
  return (
    <Paper withBorder p="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={3} size="h4">
            Change password
          </Title>
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            required
            {...form.getInputProps("currentPassword")}
            name="currentPassword"
          />
          <NewPasswordFields
            form={form}
            field="newPassword"
            confirm={{ field: "confirmPassword", label: "Confirm new password" }}
            label="New password"
            strength={strength}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={change.isPending}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

export function ProfilePage({ user }: { user: UserDto }) {
  return (
    <Stack>
      <Title order={2}>Your profile</Title>
      <SimpleGrid cols={{ base: 1, md: 2 }} maw={1000}>
        <ProfileForm user={user} />
        <PasswordForm user={user} />
      </SimpleGrid>
    </Stack>
  );
}
