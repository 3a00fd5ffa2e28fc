// The account rules of `ops::users::rules` for inline hints, with Rust's limits; Rust stays the authority.
import { characters, LIMITS } from "../tickets/labels";

export function usernameError(raw: string): string | null {
  const value = raw.trim().toLowerCase();
  const length = characters(value);
  if (length < LIMITS.usernameMin || length > LIMITS.usernameMax) {
    return `Use ${LIMITS.usernameMin} to ${LIMITS.usernameMax} characters.`;
  }
  if (!/^[a-z0-9._-]+$/.test(value)) {
    return "Use only letters, digits, dots, dashes and underscores.";
  }
  return null;
}

export function emailError(raw: string): string | null {
  const value = raw.trim();
  if (value === "") {
    return "Enter an email address.";
  }
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) || characters(value) > LIMITS.emailMax) {
    return "Enter a valid email address, like name@example.com.";
  }
  return null;
}

export function passwordError(value: string, username: string, email: string): string | null {
  const length = characters(value);
  if (length < LIMITS.passwordMin) {
    return `Use at least ${LIMITS.passwordMin} characters.`;
  }
  if (length > LIMITS.passwordMax) {
    return `Use at most ${LIMITS.passwordMax} characters.`;
  }
  const lowered = value.toLowerCase();
  if (lowered === username.trim().toLowerCase() || lowered === email.trim().toLowerCase()) {
    return "Your password must differ from your username and email.";
  }
  return null;
}

export function displayNameError(raw: string): string | null {
  const length = characters(raw.trim());
  return length === 0 || length > LIMITS.displayNameMax ? `Use 1 to ${LIMITS.displayNameMax} characters, on one line.` : null;
}
