import { IconTicket, type Icon } from "@tabler/icons-react";

import type { Role } from "../../bindings";

export type PageKey = "tickets";

export interface NavItem {
  key: PageKey;
  label: string;
  icon: Icon;
}

/** What each role finds in the sidebar. Rust enforces access; this only hides what a role cannot use. */
export function navigationFor(role: Role): NavItem[] {
  switch (role) {
    case "customer":
      return [{ key: "tickets", label: "My tickets", icon: IconTicket }];
    case "agent":
    case "admin":
      return [{ key: "tickets", label: "Tickets", icon: IconTicket }];
  }
}

export const ROLE_LABELS: Record<Role, string> = { customer: "Customer", agent: "Agent", admin: "Administrator" };
