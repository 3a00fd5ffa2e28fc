import { useQueryClient } from "@tanstack/react-query";

import { commands, type NewAccount_Deserialize as NewAccount } from "../../bindings";
import { hasCode } from "../../lib/ipc";
import { useAction } from "../../lib/mutations";
import { queryKeys } from "../../lib/queryKeys";
import { usePreferences } from "../preferences/PreferencesProvider";
import { NewAccountCard, useAccountForm, useAccountPasswordStrength } from "./AccountFields";
import { useSetSignedIn } from "./queries";

/** Shown on an empty database: the first administrator is created here, then signed in. */
export function FirstRunPage() {
  const queryClient = useQueryClient();
  const setSignedIn = useSetSignedIn();
  const { updatePreferences } = usePreferences();
  const form = useAccountForm();
  const strength = useAccountPasswordStrength(form);

  const createAdmin = useAction({
    command: (account: NewAccount) => commands.createFirstAdmin(account),
    success: (user) => ({ title: "Administrator created", message: `Welcome, ${user.displayName}. Your help desk is ready.` }),
    failure: "The administrator was not created",
    form,
    onSuccess: (user) => {
      updatePreferences({ lastUsername: user.username });
      queryClient.setQueryData(queryKeys.appStatus, (status: object | undefined) => status && { ...status, needsSetup: false });
      setSignedIn(user);
    },
    // Someone else set the desk up meanwhile: the login screen takes over.
    onError: (error) => {
      if (hasCode(error, "CONFLICT")) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.appStatus });
      }
    },
  });

  return (
    <NewAccountCard
      title="Set up your help desk"
      subtitle="Create the first administrator account. You can add agents and customers later."
      form={form}
      strength={strength}
      submitLabel="Create administrator"
      pending={createAdmin.isPending}
      onAccount={(account) => createAdmin.mutate(account)}
    />
  );
}
