import { Alert, Anchor, Button, Stack, Text } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconKey } from "@tabler/icons-react";

import { commands, type UserDto } from "../../bindings";
import { useAction } from "../../lib/mutations";
import { submitStrongEnough } from "./AccountFields";
import { NewPasswordFields } from "./NewPasswordFields";
import { usePasswordStrength } from "./passwordStrength";
import { passwordError } from "./rules";

type Props = {
  /** The username or email signed in with, and the one-time code given as the password. */
  login: string;
  code: string;
  remember: boolean;
  onSignedIn: (user: UserDto) => void;
  onBack: () => void;
};

/** The first sign-in with a one-time code (a desk that moved): the person chooses their own password. */
export function ChoosePasswordForm({ login, code, remember, onSignedIn, onBack }: Props) {
  const form = useForm({
    mode: "controlled",
    initialValues: { password: "", again: "" },
    validate: {
      password: (value: string) => passwordError(value, login.includes("@") ? "" : login, login.includes("@") ? login : ""),
      again: (value: string, values) => (value === values.password ? null : "The two passwords differ."),
    },
  });
  const strength = usePasswordStrength(form.getValues().password, [login]);
  const choose = useAction({
    command: (password: string) => commands.choosePassword({ login, code, password }, remember),
    failure: "The password was not set",
    form,
    onSuccess: onSignedIn,
  });
  const submit = submitStrongEnough(form, "password", strength, ({ password }) => choose.mutate(password));
  return (
    <form onSubmit={submit} noValidate data-testid="choose-password">
      <Stack>
        <Alert color="blue" icon={<IconKey size={18} />} title="Choose your own password">
          You signed in with a one-time code. Choose the password you will sign in with from now on; the code then stops working.
        </Alert>
        <NewPasswordFields
          form={form}
          field="password"
          confirm={{ field: "again", label: "The same password again" }}
          label="Your new password"
          strength={strength}
        />
        <Button type="submit" loading={choose.isPending} fullWidth mt="sm">
          Set password and sign in
        </Button>
        <Text size="sm" ta="center">
          <Anchor component="button" type="button" c="dimmed" onClick={onBack}>
            Back to signing in
          </Anchor>
        </Text>
      </Stack>
    </form>
  );
}
