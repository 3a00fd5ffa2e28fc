import { IconSettings, IconTicket, IconUserCircle, IconUsers, type Icon } from "@tabler/icons-react";

import type { Role } from "../../bindings";

export type PageKey = "tickets" | "users" | "settings" | "profile";

export interface NavItem {
  key: PageKey;
  label: string;
  icon: Icon;
}

const TICKETS: NavItem = { key: "tickets", label: "Tickets", icon: IconTicket };
const USERS: NavItem = { key: "users", label: "Users", icon: IconUsers };
const SETTINGS: NavItem = { key: "settings", label: "Settings", icon: IconSettings };
const PROFILE: NavItem = { key: "profile", label: "Profile", icon: IconUserCircle };

/** What each role finds in the sidebar. Rust enforces access; this only hides what a role cannot use. */
export function navigationFor(role: Role): NavItem[] {
  switch (role) {
    case "customer":
      return [{ ...TICKETS, label: "My tickets" }, PROFILE];
    case "agent":
      return [TICKETS, USERS, PROFILE];
    case "admin":
      return [TICKETS, USERS, SETTINGS, PROFILE];
  }
}

export const ROLE_LABELS: Record<Role, string> = { customer: "Customer", agent: "Agent", admin: "Administrator" };
