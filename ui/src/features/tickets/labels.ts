import type { Priority, Status } from "../../bindings";

export const STATUS: Record<Status, { label: string; color: string }> = {
  open: { label: "Open", color: "blue" },
  in_progress: { label: "In progress", color: "violet" },
  on_hold: { label: "On hold", color: "yellow" },
  resolved: { label: "Resolved", color: "teal" },
  closed: { label: "Closed", color: "gray" },
};

export const PRIORITY: Record<Priority, { label: string; color: string }> = {
  low: { label: "Low", color: "gray" },
  medium: { label: "Medium", color: "blue" },
  high: { label: "High", color: "orange" },
  critical: { label: "Critical", color: "red" },
};

export const STATUSES = Object.keys(STATUS) as Status[];
export const PRIORITIES = Object.keys(PRIORITY) as Priority[];

export function formatTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

// Mirrors the Rust limits in `services::tickets`.
export const TITLE_MIN = 3;
export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 20_000;
export const COMMENT_MAX = 10_000;

export function lengthError(value: string, min: number, max: number): string | null {
  const length = [...value.trim()].length;
  if (length < min) {
    return min <= 1 ? "This cannot be empty." : `Use at least ${min} characters.`;
  }
  return length > max ? `Use at most ${max} characters (this has ${length}).` : null;
}
