// Mirrors `services::validation` in Rust for inline hints; Rust stays the authority.
export const USERNAME_MIN = 3;
export const USERNAME_MAX = 32;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export function usernameError(raw: string): string | null {
  const value = raw.trim().toLowerCase();
  if (value.length < USERNAME_MIN || value.length > USERNAME_MAX) {
    return `Use ${USERNAME_MIN} to ${USERNAME_MAX} characters.`;
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
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) || value.length > 254) {
    return "Enter a valid email address, like name@example.com.";
  }
  return null;
}

export function passwordError(value: string, username: string, email: string): string | null {
  const length = [...value].length;
  if (length < PASSWORD_MIN) {
    return `Use at least ${PASSWORD_MIN} characters.`;
  }
  if (length > PASSWORD_MAX) {
    return `Use at most ${PASSWORD_MAX} characters.`;
  }
  const lowered = value.toLowerCase();
  if (lowered === username.trim().toLowerCase() || lowered === email.trim().toLowerCase()) {
    return "Your password must differ from your username and email.";
  }
  return null;
}
