import "@mantine/core/styles.css";
import "@mantine/charts/styles.css";
import "@mantine/dates/styles.css";
import "@mantine/notifications/styles.css";

import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { App } from "./App";
import { commands } from "./bindings";
import { DEFAULT_PREFERENCES } from "./features/preferences/PreferencesProvider";
import { unwrap } from "./lib/ipc";

const root = createRoot(document.getElementById("root") as HTMLElement);
// Preferences are read before the first paint so the saved theme shows without a flash.
void unwrap(commands.getPreferences())
  .catch(() => DEFAULT_PREFERENCES)
  .then((preferences) =>
    root.render(
      <StrictMode>
        <App preferences={preferences} />
      </StrictMode>,
    ),
  );
