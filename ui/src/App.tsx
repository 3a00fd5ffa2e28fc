import { Center, Loader, MantineProvider, type MantineColorSchemeManager } from "@mantine/core";
import { Notifications, notifications } from "@mantine/notifications";
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorBoundary } from "react-error-boundary";

import { FirstRunPage } from "./features/auth/FirstRunPage";
import { StartPage } from "./features/desks/StartPage";
import { LoginPage } from "./features/auth/LoginPage";
import { queryKeys } from "./lib/queryKeys";
import { SESSION_ENDED_NOTICE, setSignedIn, useAppStatus, useCurrentUser } from "./features/auth/queries";
import { RegisterPage } from "./features/auth/RegisterPage";
import { PreferencesProvider } from "./features/preferences/PreferencesProvider";
import { AppLayout } from "./features/shell/AppLayout";
import { CrashScreen } from "./features/shell/CrashScreen";
import { toColorScheme } from "./features/shell/ThemeSwitch";
import type { Preferences_Serialize as Preferences } from "./bindings";
import { errorMessage, hasCode } from "./lib/ipc";
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

/** Any command answering UNAUTHENTICATED while signed in (idle timeout, deactivation) ends the
 * session in the UI too, saying why. */
function createQueryClient(): QueryClient {
  const endSessionOn = (error: unknown) => {
    if (hasCode(error, "UNAUTHENTICATED") && client.getQueryData(queryKeys.currentUser)) {
      setSignedIn(client, null);
      notifications.show({
        id: SESSION_ENDED_NOTICE,
        color: "orange",
        title: "You have been logged out",
        message: errorMessage(error),
        autoClose: false,
      });
    }
  };
  const client = new QueryClient({
    queryCache: new QueryCache({ onError: endSessionOn }),
    mutationCache: new MutationCache({ onError: endSessionOn }),
    defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } },
  });
  return client;
}

function Screens() {
  const status = useAppStatus();
  const user = useCurrentUser();
  const [registering, setRegistering] = useState(false);
  if (status.isPending || user.isPending) {
    return (
      <Center h="100vh">
        <Loader />
      </Center>
    );
  }
  if (status.isError || (user.isError && !hasCode(user.error, "UNAUTHENTICATED"))) {
    return (
      <Center h="100vh" role="alert">
        {errorMessage(status.error ?? user.error)}
      </Center>
    );
  }
  if (status.data.start) {
    return <StartPage start={status.data.start} />;
  }
  if (status.data.needsSetup) {
    return <FirstRunPage />;
  }
  if (user.data) {
    return <AppLayout user={user.data} />;
  }
  return registering ? (
    <RegisterPage onLeave={() => setRegistering(false)} />
  ) : (
    <LoginPage demoAccounts={status.data.demoAccounts} restoreRefused={status.data.restoreRefused} onRegister={() => setRegistering(true)} />
  );
}

/** `env="test"` turns off Mantine's transitions and portals, as Mantine advises for tests. */
export function App({ preferences, env }: { preferences: Preferences; env?: "test" }) {
  const [queryClient] = useState(createQueryClient);
  const [colorSchemeManager] = useState(() => inMemoryColorScheme(preferences.theme));
  return (
    <MantineProvider theme={theme} colorSchemeManager={colorSchemeManager} defaultColorScheme={toColorScheme(preferences.theme)} env={env}>
      <Notifications position="bottom-right" />
      <ErrorBoundary FallbackComponent={CrashScreen} onReset={() => window.location.reload()}>
        <QueryClientProvider client={queryClient}>
          <PreferencesProvider initial={preferences}>
            <Screens />
          </PreferencesProvider>
        </QueryClientProvider>
      </ErrorBoundary>
    </MantineProvider>
  );
}
