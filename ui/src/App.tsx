import { Center, Loader, MantineProvider, type MantineColorSchemeManager } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";

import { FirstRunPage } from "./features/auth/FirstRunPage";
import { LoginPage } from "./features/auth/LoginPage";
import { useAppStatus, useCurrentUser } from "./features/auth/queries";
import { PreferencesProvider } from "./features/preferences/PreferencesProvider";
import { AppLayout } from "./features/shell/AppLayout";
import { toColorScheme } from "./features/shell/ThemeSwitch";
import type { Preferences } from "./generated/Preferences";
import { errorMessage } from "./lib/ipc";
import { theme } from "./theme";

/** Keeps Mantine's colour scheme in memory: the preferences store is where it persists. */
function inMemoryColorScheme(initial: Preferences["theme"]): MantineColorSchemeManager {
  let current = toColorScheme(initial);
  return {
    get: () => current,
    set: (value) => {
      current = value;
    },
    subscribe: () => {},
    unsubscribe: () => {},
    clear: () => {
      current = "auto";
    },
  };
}

function Screens() {
  const status = useAppStatus();
  const user = useCurrentUser();
  if (status.isPending || user.isPending) {
    return (
      <Center h="100vh">
        <Loader />
      </Center>
    );
  }
  if (status.isError || user.isError) {
    return (
      <Center h="100vh" role="alert">
        {errorMessage(status.error ?? user.error)}
      </Center>
    );
  }
  if (status.data.needsSetup) {
    return <FirstRunPage />;
  }
  return user.data ? <AppLayout user={user.data} /> : <LoginPage />;
}

export function App({ preferences }: { preferences: Preferences }) {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } }),
  );
  const [colorSchemeManager] = useState(() => inMemoryColorScheme(preferences.theme));
  return (
    <MantineProvider theme={theme} colorSchemeManager={colorSchemeManager} defaultColorScheme={toColorScheme(preferences.theme)}>
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <PreferencesProvider initial={preferences}>
          <Screens />
        </PreferencesProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
