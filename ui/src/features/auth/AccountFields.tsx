import { Button, Stack, TextInput } from "@mantine/core";
import { useForm, type UseFormReturnType } from "@mantine/form";

import type { NewAccount_Deserialize as NewAccount } from "../../bindings";
import { STRONG_ENOUGH, usePasswordStrength, type Strength } from "./passwordStrength";
import type { ReactNode } from "react";

import { AuthCard } from "./AuthCard";
import { NewPasswordFields } from "./NewPasswordFields";
import { displayNameError, emailError, passwordError, usernameError } from "./rules";

export interface AccountValues {
  username: string;
  email: string;
  displayName: string;
  password: string;
  confirmPassword: string;
}

export type AccountForm = UseFormReturnType<AccountValues>;

/** The form every way of creating an account uses: first run, registration, staff. */
export function useAccountForm(): AccountForm {
  return useForm<AccountValues>({
    mode: "controlled",
    initialValues: { username: "", email: "", displayName: "", password: "", confirmPassword: "" },
    validateInputOnBlur: true,
    validate: {
      username: usernameError,
      email: emailError,
      // Optional here: an empty name becomes the username.
      displayName: (value) => (value.trim() === "" ? null : displayNameError(value)),
      password: (value, values) => passwordError(value, values.username, values.email),
      confirmPassword: (value, values) => (value === values.password ? null : "The passwords do not match."),
    },
  });
}

export function toNewAccount(values: AccountValues): NewAccount {
  return {
    username: values.username,
    email: values.email,
    displayName: values.displayName.trim() === "" ? null : values.displayName,
    password: values.password,
  };
}

/** A weak password's message, or null: the same threshold Rust applies. */
export function weakPasswordError(strength: Strength | null): string | null {
  if (strength && strength.score < STRONG_ENOUGH) {
    return strength.feedback ?? "This password is too easy to guess.";
  }
  return null;
}

export function AccountFields({
  form,
  strength,
  withDisplayName = true,
}: {
  form: AccountForm;
  strength: Strength | null;
  withDisplayName?: boolean;
}) {
  return (
    <Stack>
      <TextInput label="Username" autoComplete="username" autoFocus required {...form.getInputProps("username")} name="username" />
      <TextInput label="Email" type="email" autoComplete="email" required {...form.getInputProps("email")} name="email" />
      {withDisplayName && (
        <TextInput
          label="Full name"
          description="Optional: shown to others instead of the username."
          autoComplete="name"
          {...form.getInputProps("displayName")}
          name="displayName"
        />
      )}
      <NewPasswordFields
        form={form}
        field="password"
        confirm={{ field: "confirmPassword", label: "Confirm password" }}
        label="Password"
        description="At least 8 characters. Long phrases are strongest."
        strength={strength}
      />
    </Stack>
  );
}

/** The strength of the form's password, judged against the form's own username and email. */
export function useAccountPasswordStrength(form: AccountForm): Strength | null {
  const values = form.getValues();
  return usePasswordStrength(values.password, [values.username, values.email, values.displayName]);
}

/** A submit handler for a form with a new password: the field rules, then the strength check on
 * `field` (the threshold Rust applies), then `action`. */
export function submitStrongEnough<Values>(
  form: UseFormReturnType<Values>,
  field: keyof Values & string,
  strength: Strength | null,
  action: (values: Values) => void,
) {
  return form.onSubmit((values) => {
    const weak = weakPasswordError(strength);
    if (weak) {
      form.setFieldError(field, weak);
      return;
    }
    action(values);
  });
}

/** The form's submit handler: field rules, then the strength check, then `action`. */
export function onAccountSubmit(form: AccountForm, strength: Strength | null, action: (account: NewAccount) => void) {
  return submitStrongEnough(form, "password", strength, (values) => action(toNewAccount(values)));
}

/** A page that creates an account (the first admin, a registration): the fields, the submit button,
 * then whatever follows it. */
export function NewAccountCard({
  title,
  subtitle,
  form,
  strength,
  submitLabel,
  pending,
  onAccount,
  children,
}: {
  title: string;
  subtitle: string;
  form: AccountForm;
  strength: Strength | null;
  submitLabel: string;
  pending: boolean;
  onAccount: (account: NewAccount) => void;
  children?: ReactNode;
}) {
  return (
    <AuthCard title={title} subtitle={subtitle}>
      <form onSubmit={onAccountSubmit(form, strength, onAccount)} noValidate>
        <Stack>
          <AccountFields form={form} strength={strength} />
          <Button type="submit" loading={pending} fullWidth mt="sm">
            {submitLabel}
          </Button>
          {children}
        </Stack>
      </form>
    </AuthCard>
  );
}
