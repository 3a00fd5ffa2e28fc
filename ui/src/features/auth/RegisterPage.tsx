import { Anchor, Text } from "@mantine/core";

import { commands, type NewAccount_Deserialize as NewAccount } from "../../bindings";
import { useAction } from "../../lib/mutations";
import { usePreferences } from "../preferences/PreferencesProvider";
import { NewAccountCard, useAccountForm, useAccountPasswordStrength } from "./AccountFields";
import { useSetSignedIn } from "./queries";

/** Self-registration: always a customer account, signed in straight away. */
/** `onLeave` returns to the login screen: on the link, and once registered (for after logout). */
export function RegisterPage({ onLeave }: { onLeave: () => void }) {
  const setSignedIn = useSetSignedIn();
  const { updatePreferences } = usePreferences();
  const form = useAccountForm();
  const strength = useAccountPasswordStrength(form);

  const register = useAction({
    command: (account: NewAccount) => commands.register(account),
    success: (user) => ({ title: "Account created", message: `Welcome, ${user.displayName}. You can now ask for help.` }),
    failure: "Your account was not created",
    form,
    onSuccess: (user) => {
      updatePreferences({ lastUsername: user.username });
      setSignedIn(user);
      onLeave();
    },
  });

  return (
    <NewAccountCard
      title="Create an account"
      subtitle="Get help from our support team and follow your requests."
      form={form}
      strength={strength}
      submitLabel="Create account"
      pending={register.isPending}
      onAccount={(account) => register.mutate(account)}
    >
      <Text size="sm" ta="center">
        Already have an account?{" "}
        <Anchor component="button" type="button" onClick={onLeave}>
          Log in
        </Anchor>
      </Text>
    </NewAccountCard>
  );
}
