import { PasswordInput, Stack } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";

import type { Strength } from "./passwordStrength";
import { PasswordStrengthMeter } from "./PasswordStrengthMeter";

/** A new password with its strength meter, and (with `confirm`) the same password again. */
export function NewPasswordFields<Values>({
  form,
  field,
  confirm,
  label,
  description,
  strength,
}: {
  form: UseFormReturnType<Values>;
  field: keyof Values & string;
  confirm?: { field: keyof Values & string; label: string };
  label: string;
  description?: string;
  strength: Strength | null;
}) {
  return (
    <>
      <Stack gap={6}>
        <PasswordInput label={label} description={description} autoComplete="new-password" required {...form.getInputProps(field)} name={field} />
        <PasswordStrengthMeter strength={strength} />
      </Stack>
      {confirm && (
        <PasswordInput label={confirm.label} autoComplete="new-password" required {...form.getInputProps(confirm.field)} name={confirm.field} />
      )}
    </>
  );
}
