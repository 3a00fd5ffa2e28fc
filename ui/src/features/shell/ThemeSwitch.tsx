import { SegmentedControl, useMantineColorScheme, type MantineColorScheme } from "@mantine/core";

import type { ThemePreference } from "../../bindings";
import { usePreferences } from "../preferences/PreferencesProvider";

export function toColorScheme(theme: ThemePreference): MantineColorScheme {
  return theme === "system" ? "auto" : theme;
}

export function ThemeSwitch() {
  const { preferences, updatePreferences } = usePreferences();
  const { setColorScheme } = useMantineColorScheme();
  return (
    <SegmentedControl
      size="xs"
      fullWidth
      aria-label="Theme"
      value={preferences.theme}
      onChange={(value) => {
        const theme = value;
        setColorScheme(toColorScheme(theme));
        updatePreferences({ theme });
      }}
      data={[
        { value: "light", label: "Light" },
        { value: "dark", label: "Dark" },
        { value: "system", label: "System" },
      ]}
    />
  );
}
