import { AppShell, Avatar, Group, Menu, NavLink, Stack, Text, ThemeIcon, UnstyledButton } from "@mantine/core";
import { IconChevronDown, IconLogout, IconSwitchHorizontal, IconTicket } from "@tabler/icons-react";
import { lazy, Suspense, useState } from "react";

import { commands, type UserDto } from "../../bindings";
import { Loading } from "../../components/QueryView";
import { unwrap } from "../../lib/ipc";
import { notifyError, notifySuccess } from "../../lib/notify";
import { useSetSignedIn } from "../auth/queries";
import { useLeaveDesk } from "../desks/queries";
import { useDeskChanges } from "../live/useDeskChanges";
import { TicketPage } from "../tickets/TicketPage";
import { TicketsPage } from "../tickets/TicketsPage";
import { navigationFor, ROLE_LABELS, type PageKey } from "./navigation";
import { ThemeSwitch } from "./ThemeSwitch";

// The queue and the ticket page come with the shell; every other page's code (the dashboard's
// charts above all) is read the first time it is opened, so signing in waits for none of it.
const AuditPage = lazy(() => import("../audit/AuditPage").then((m) => ({ default: m.AuditPage })));
const DashboardPage = lazy(() => import("../reports/DashboardPage").then((m) => ({ default: m.DashboardPage })));
const DepartmentsPage = lazy(() => import("../departments/DepartmentsPage").then((m) => ({ default: m.DepartmentsPage })));
const NewTicketPage = lazy(() => import("../tickets/NewTicketPage").then((m) => ({ default: m.NewTicketPage })));
const ProfilePage = lazy(() => import("../profile/ProfilePage").then((m) => ({ default: m.ProfilePage })));
const SettingsPage = lazy(() => import("../settings/SettingsPage").then((m) => ({ default: m.SettingsPage })));
const TeamPage = lazy(() => import("../users/TeamPage").then((m) => ({ default: m.TeamPage })));
const UsersPage = lazy(() => import("../users/UsersPage").then((m) => ({ default: m.UsersPage })));
function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join("");
}

/** The signed-in app: header with the user menu, sidebar navigation by role, and the page. */
export function AppLayout({ user }: { user: UserDto }) {
  const [page, setPage] = useState<PageKey>("tickets");
  // Within the tickets page: one ticket open, or the new-ticket form.
  const [openTicket, setOpenTicket] = useState<number | "new" | null>(null);
  const setSignedIn = useSetSignedIn();
  const leaveDesk = useLeaveDesk();
  useDeskChanges(user.id);
  const logout = async () => {
    try {
      await unwrap(commands.logout());
      setSignedIn(null);
      notifySuccess("You have been logged out.");
    } catch (error) {
      notifyError(error, "Logout failed");
    }
  };

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 0 }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="xs">
            <ThemeIcon radius="md" variant="filled">
              <IconTicket size={18} />
            </ThemeIcon>
            <Text fw={700}>Helpdesk</Text>
          </Group>
          <Menu position="bottom-end" width={240} withinPortal>
            <Menu.Target>
              <UnstyledButton data-testid="user-menu" aria-label="Account menu">
                <Group gap="xs">
                  <Avatar radius="xl" size="sm" color="indigo">
                    {initials(user.displayName)}
                  </Avatar>
                  <Stack gap={0}>
                    <Text size="sm" fw={500} lh={1.2} data-testid="current-user">
                      {user.displayName}
                    </Text>
                    <Text size="xs" c="dimmed" lh={1.2}>
                      {ROLE_LABELS[user.role]}
                    </Text>
                  </Stack>
                  <IconChevronDown size={14} />
                </Group>
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>Theme</Menu.Label>
              <Stack px="xs" pb="xs">
                <ThemeSwitch />
              </Stack>
              <Menu.Divider />
              <Menu.Item leftSection={<IconSwitchHorizontal size={16} />} onClick={() => void leaveDesk()} data-testid="switch-desk">
                Switch desk…
              </Menu.Item>
              <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => void logout()} data-testid="logout">
                Log out
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm">
        <Stack gap={4} component="nav" aria-label="Main">
          {navigationFor(user.role).map((item) => (
            <NavLink
              key={item.key}
              label={item.label}
              leftSection={<item.icon size={18} />}
              active={page === item.key}
              onClick={() => {
                setPage(item.key);
                setOpenTicket(null);
              }}
              data-testid={`nav-${item.key}`}
            />
          ))}
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense fallback={<Loading />}>
          {/* The queue stays in the page, hidden, while a ticket is open: going back shows it as it was
              (its rows, how far it was scrolled) without drawing it again, which took 100–250 ms at a
              million tickets. */}
          {page === "tickets" && openTicket !== "new" && (
            <TicketsPage user={user} visible={openTicket === null} onOpen={setOpenTicket} onNew={() => setOpenTicket("new")} />
          )}
          {page === "tickets" && openTicket === "new" && <NewTicketPage user={user} onCreated={setOpenTicket} onCancel={() => setOpenTicket(null)} />}
          {page === "tickets" && typeof openTicket === "number" && <TicketPage user={user} id={openTicket} onBack={() => setOpenTicket(null)} />}
          {page === "dashboard" && <DashboardPage user={user} />}
          {page === "users" && <UsersPage user={user} />}
          {page === "departments" && <DepartmentsPage />}
          {page === "audit" && <AuditPage />}
          {page === "settings" && <SettingsPage />}
          {page === "team" && <TeamPage />}
          {page === "profile" && <ProfilePage user={user} />}
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
