import { render } from "@testing-library/react";

import { App } from "../App";
import type { Preferences_Serialize as Preferences } from "../bindings";
import { DEFAULT_PREFERENCES } from "../features/preferences/PreferencesProvider";

/** Renders the whole app as the window would, with the given saved preferences. */
export function renderApp(preferences: Partial<Preferences> = {}) {
  return render(<App preferences={{ ...DEFAULT_PREFERENCES, ...preferences }} env="test" />);
}
