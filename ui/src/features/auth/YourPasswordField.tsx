import { PasswordInput, type PasswordInputProps } from "@mantine/core";

/** The signed-in person's own password, asked for again before a change an unattended window must
 * not allow (a role, restoring a backup). A wrong one counts toward the lockout. */
export function YourPasswordField({ why, ...props }: PasswordInputProps & { why: string }) {
  return (
    <PasswordInput label="Your password" description={why} autoComplete="current-password" data-testid="your-password" name="password" {...props} />
  );
}
