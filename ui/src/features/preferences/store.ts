import { load, type Store } from "@tauri-apps/plugin-store";

import type { Preferences } from "../../generated/Preferences";

// File and key match `PREFERENCES_FILE` and `PREFERENCES_KEY` in the Rust `preferences` module.
const FILE = "preferences.json";
const KEY = "preferences";

export const DEFAULT_PREFERENCES: Preferences = { theme: "system", lastUsername: null, ticketFilters: null };

let store: Promise<Store> | undefined;

function openStore(): Promise<Store> {
  store ??= load(FILE, { defaults: {}, autoSave: false });
  return store;
}

export async function readPreferences(): Promise<Preferences> {
  const saved = await (await openStore()).get<Partial<Preferences>>(KEY);
  return { ...DEFAULT_PREFERENCES, ...saved };
}

export async function writePreferences(preferences: Preferences): Promise<void> {
  const opened = await openStore();
  await opened.set(KEY, preferences);
  await opened.save();
}
