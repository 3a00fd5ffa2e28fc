import { Button, Stack } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";

import { commands, type NewAccount_Deserialize as NewAccount } from "../../bindings";
import { hasCode, unwrap } from "../../lib/ipc";
import { notifyError, notifySuccess } from "../../lib/notify";
import { usePreferences } from "../preferences/PreferencesProvider";
import { showFieldErrors } from "../../lib/forms";
import { AccountFields, onAccountSubmit, useAccountForm, useAccountPasswordStrength } from "./AccountFields";
import { AuthCard } from "./AuthCard";
import { appStatusKey, useSetSignedIn } from "./queries";

/** Shown on an empty database: the first administrator is created here, then signed in. */
export function FirstRunPage() {
  const queryClient = useQueryClient();
  const setSignedIn = useSetSignedIn();
  const { updatePreferences } = usePreferences();
  const form = useAccountForm();
  const strength = useAccountPasswordStrength(form);

  const createAdmin = useMutation({
    mutationFn: (account: NewAccount) => unwrap(commands.createFirstAdmin(account)),
    onSuccess: (user) => {
      notifySuccess(`Welcome, ${user.displayName}. Your help desk is ready.`, "Administrator created");
      updatePreferences({ lastUsername: user.username });
      queryClient.setQueryData(appStatusKey, (status: object | undefined) => status && { ...status, needsSetup: false });
      setSignedIn(user);
    },
    onError: (error) => {
      showFieldErrors(form, error);
      if (hasCode(error, "CONFLICT")) {
        void queryClient.invalidateQueries({ queryKey: appStatusKey });
      }
      notifyError(error, "The administrator was not created");
    },
  });

  return (
    <AuthCard title="Set up your help desk" subtitle="Create the first administrator account. You can add agents and customers later.">
      <form onSubmit={onAccountSubmit(form, strength, (account) => createAdmin.mutate(account))} noValidate>
        <Stack>
          <AccountFields form={form} strength={strength} />
          <Button type="submit" loading={createAdmin.isPending} fullWidth mt="sm">
            Create administrator
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
