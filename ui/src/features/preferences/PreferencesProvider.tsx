import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";

import { commands, type Preferences_Serialize as Preferences } from "../../bindings";
import { unwrap } from "../../lib/ipc";
import { notifyError } from "../../lib/notify";

export const DEFAULT_PREFERENCES: Preferences = { theme: "system", lastUsername: null };

interface PreferencesContextValue {
  preferences: Preferences;
  updatePreferences: (patch: Partial<Preferences>) => void;
}

const PreferencesContext = createContext<PreferencesContextValue | null>(null);

/** Holds the window's preferences read at start-up and writes every change back through the app. */
export function PreferencesProvider({ initial, children }: { initial: Preferences; children: ReactNode }) {
  const [preferences, setPreferences] = useState(initial);
  const updatePreferences = useCallback((patch: Partial<Preferences>) => {
    setPreferences((current) => {
      const next = { ...current, ...patch };
      unwrap(commands.updatePreferences(next)).catch((error: unknown) => notifyError(error, "Preferences were not saved"));
      return next;
    });
  }, []);
  const value = useMemo(() => ({ preferences, updatePreferences }), [preferences, updatePreferences]);
  return <PreferencesContext.Provider value={value}>{children}</PreferencesContext.Provider>;
}

export function usePreferences(): PreferencesContextValue {
  const value = useContext(PreferencesContext);
  if (!value) {
    throw new Error("usePreferences needs a PreferencesProvider");
  }
  return value;
}
