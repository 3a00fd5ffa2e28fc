import { screen } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";

/** Types into the shared account form (first run, registration, staff). */
export async function typeAccount(user: UserEvent, fields: { username: string; email: string; password: string; confirm?: string }) {
  await user.type(await screen.findByLabelText(/^username/i), fields.username);
  await user.type(screen.getByLabelText(/^email/i), fields.email);
  await user.type(screen.getByLabelText(/^password/i), fields.password);
  await user.type(screen.getByLabelText(/confirm password/i), fields.confirm ?? fields.password);
}
