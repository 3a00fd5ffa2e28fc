import { VOCABULARY, type Priority, type Status } from "../../bindings";

/** Each status's label (from Rust) and colour (the UI's own). */
const STATUS_COLORS: Record<Status, string> = {
  open: "blue",
  in_progress: "violet",
  on_hold: "yellow",
  resolved: "teal",
  closed: "gray",
};

const PRIORITY_COLORS: Record<Priority, string> = {
  low: "gray",
  medium: "blue",
  high: "orange",
  critical: "red",
};

function labelled<T extends string>(entries: readonly { value: T; label: string }[], colors: Record<T, string>) {
  return Object.fromEntries(entries.map(({ value, label }) => [value, { label, color: colors[value] }])) as Record<
    T,
    { label: string; color: string }
  >;
}

export const STATUS = labelled<Status>(VOCABULARY.statuses, STATUS_COLORS);
export const PRIORITY = labelled<Priority>(VOCABULARY.priorities, PRIORITY_COLORS);

/** In workflow order, and lowest first. */
export const STATUSES: Status[] = VOCABULARY.statuses.map((s) => s.value);
export const PRIORITIES: Priority[] = VOCABULARY.priorities.map((p) => p.value);
/** Work not yet done. */
export const ACTIVE_STATUSES: Status[] = [...VOCABULARY.activeStatuses];

export function formatTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export const LIMITS = VOCABULARY.limits;

/** Characters as Rust counts them: Unicode characters, not UTF-16 units. */
export function characters(value: string): number {
  return [...value].length;
}

export function lengthError(value: string, min: number, max: number): string | null {
  const length = characters(value.trim());
  if (length < min) {
    return min <= 1 ? "This cannot be empty." : `Use at least ${min} characters.`;
  }
  return length > max ? `Use at most ${max} characters (this has ${length}).` : null;
}
