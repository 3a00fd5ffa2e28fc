import {
  IconBuilding,
  IconChartBar,
  IconHistory,
  IconSettings,
  IconTicket,
  IconUserCircle,
  IconUsers,
  IconUsersGroup,
  type Icon,
} from "@tabler/icons-react";

import type { Role } from "../../bindings";

export type PageKey = "tickets" | "dashboard" | "users" | "departments" | "audit" | "settings" | "team" | "profile";

export interface NavItem {
  key: PageKey;
  label: string;
  icon: Icon;
}

const TICKETS: NavItem = { key: "tickets", label: "Tickets", icon: IconTicket };
const DASHBOARD: NavItem = { key: "dashboard", label: "Dashboard", icon: IconChartBar };
const USERS: NavItem = { key: "users", label: "Users", icon: IconUsers };
const DEPARTMENTS: NavItem = { key: "departments", label: "Departments", icon: IconBuilding };
const AUDIT: NavItem = { key: "audit", label: "Audit log", icon: IconHistory };
const SETTINGS: NavItem = { key: "settings", label: "Settings", icon: IconSettings };
const TEAM: NavItem = { key: "team", label: "Support team", icon: IconUsersGroup };
const PROFILE: NavItem = { key: "profile", label: "Profile", icon: IconUserCircle };

/** What each role finds in the sidebar. Rust enforces access; this only hides what a role cannot use. */
export function navigationFor(role: Role): NavItem[] {
  switch (role) {
    case "customer":
      return [{ ...TICKETS, label: "My tickets" }, { ...DASHBOARD, label: "My summary" }, TEAM, PROFILE];
    case "agent":
      return [TICKETS, DASHBOARD, USERS, PROFILE];
    case "admin":
      return [TICKETS, DASHBOARD, USERS, DEPARTMENTS, AUDIT, SETTINGS, PROFILE];
  }
}

export const ROLE_LABELS: Record<Role, string> = { customer: "Customer", agent: "Agent", admin: "Administrator" };
