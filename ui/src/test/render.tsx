import { render } from "@testing-library/react";

import { App } from "../App";
import { DEFAULT_PREFERENCES } from "../features/preferences/store";
import type { Preferences } from "../generated/Preferences";

/** Renders the whole app as the window would, with the given saved preferences. */
export function renderApp(preferences: Partial<Preferences> = {}) {
  return render(<App preferences={{ ...DEFAULT_PREFERENCES, ...preferences }} env="test" />);
}
