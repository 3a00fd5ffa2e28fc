import { Alert, Button, PasswordInput, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertCircle } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { commands, type NewAccount_Deserialize as NewAccount } from "../../bindings";
import { hasFieldMessages } from "../../lib/forms";
import { errorMessage, IpcError } from "../../lib/ipc";
import { useAction } from "../../lib/mutations";
import { queryKeys } from "../../lib/queryKeys";
import { NewAccountCard, useAccountForm, useAccountPasswordStrength } from "../auth/AccountFields";
import { AuthCard } from "../auth/AuthCard";
import { BackLink } from "./BackLink";
import { useSetSignedIn } from "../auth/queries";
import { addressRules, initialAddress, TeamAddressFields, toAddress, type AddressValues } from "./TeamAddressFields";

type ServerValues = AddressValues & { ownerLogin: string; ownerPassword: string };

/** The fields of the first step: an answer naming one of them sends the person back to it. */
const SERVER_FIELDS: readonly string[] = ["host", "port", "database", "caFile", "ownerLogin", "ownerPassword"];

/**
 * "Set up a team desk", for an administrator, once: the server and a PostgreSQL login that may
 * create roles and owns the desk's empty database (used for this alone, kept nowhere), then the
 * desk's first administrator, who is signed in as their own login.
 */
export function SetUpTeamDeskForm({ onBack }: { onBack: () => void }) {
  const queryClient = useQueryClient();
  const setSignedIn = useSetSignedIn();
  const [step, setStep] = useState<"server" | "admin">("server");
  const server = useForm<ServerValues>({
    mode: "controlled",
    initialValues: { ...initialAddress(null), ownerLogin: "", ownerPassword: "" },
    validate: {
      ...addressRules,
      ownerLogin: (value) => (value.trim() === "" ? "Enter the PostgreSQL login that sets the desk up." : null),
      ownerPassword: (value) => (value === "" ? "Enter its password." : null),
    },
  });
  const admin = useAccountForm();
  const strength = useAccountPasswordStrength(admin);

  const setUp = useAction({
    command: (account: NewAccount) => {
      const values = server.getValues();
      return commands.setUpTeamDesk(toAddress(values), { login: values.ownerLogin.trim(), password: values.ownerPassword }, account);
    },
    success: (user) => ({ title: "Team desk set up", message: `Welcome, ${user.displayName}. Colleagues can now join the desk.` }),
    form: admin,
    onSuccess: (user) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.appStatus });
      setSignedIn(user);
    },
    onError: (error) => {
      if (error instanceof IpcError && Object.keys(error.fields).some((field) => SERVER_FIELDS.includes(field))) {
        server.setErrors(error.fields);
        setStep("server");
      }
    },
  });
  const failedAsAWhole = setUp.isError && !hasFieldMessages(setUp.error);

  if (step === "admin") {
    return (
      <NewAccountCard
        title="The desk's first administrator"
        subtitle="Your own account on the team desk: you sign in with it, and add agents and customers."
        form={admin}
        strength={strength}
        submitLabel="Set up the desk"
        pending={setUp.isPending}
        onAccount={(account) => setUp.mutate(account)}
      >
        {failedAsAWhole && (
          <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert" data-testid="set-up-error">
            {errorMessage(setUp.error)}
          </Alert>
        )}
        <BackLink label="Back to the server" onBack={() => setStep("server")} />
      </NewAccountCard>
    );
  }
  return (
    <AuthCard
      title="Set up a team desk"
      subtitle="Once, for the whole team: the server and a PostgreSQL login that may create roles and owns the desk's empty database. It is used for this alone and kept nowhere."
    >
      <form onSubmit={server.onSubmit(() => setStep("admin"))} noValidate>
        <Stack>
          {failedAsAWhole && (
            <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert" data-testid="set-up-error">
              {errorMessage(setUp.error)}
            </Alert>
          )}
          <TeamAddressFields form={server} onCaFile={(file) => server.setFieldValue("caFile", file)} />
          <TextInput label="PostgreSQL login" placeholder="helpdesk_dba" {...server.getInputProps("ownerLogin")} name="ownerLogin" />
          <PasswordInput label="Its password" {...server.getInputProps("ownerPassword")} name="ownerPassword" />
          <Button type="submit" data-testid="set-up-next">
            Next: the first administrator
          </Button>
          <BackLink label="Back to the choices" onBack={onBack} />
        </Stack>
      </form>
    </AuthCard>
  );
}
