import dayjs from "dayjs";

import type { Dashboard, Status } from "../../bindings";
import { ACTIVE_STATUSES, PRIORITY, STATUS, STATUSES } from "../tickets/labels";

/** The trend's days: the start of each of the last seven days on this computer's calendar, then the
 * end of today (daylight-saving days are 23 or 25 hours long, so each bound comes from the calendar). */
export function weekBounds(now = dayjs()): number[] {
  const first = now.startOf("day").subtract(6, "day");
  return Array.from({ length: 8 }, (_, i) => first.add(i, "day").valueOf());
}

/** A duration as a person would say it: minutes, hours, or days. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null) return "–";
  const hours = ms / 3_600_000;
  if (hours < 1) return `${Math.max(1, Math.round(ms / 60_000))} min`;
  if (hours < 48) return `${hours.toFixed(1)} h`;
  return `${(hours / 24).toFixed(1)} days`;
}

/** The figures in the shapes the cards and charts draw. */
export function chartData(figures: Dashboard) {
  const tickets = (status: Status) => figures.byStatus.find((s) => s.status === status)?.tickets ?? 0;
  return {
    active: ACTIVE_STATUSES.reduce((sum, status) => sum + tickets(status), 0),
    filedThisWeek: figures.trend.reduce((sum, day) => sum + day.created, 0),
    resolvedThisWeek: figures.trend.reduce((sum, day) => sum + day.resolved, 0),
    byStatus: STATUSES.map((status) => ({ status, label: STATUS[status].label, tickets: tickets(status) })),
    byPriority: figures.byPriority.map((p) => ({ priority: PRIORITY[p.priority].label, tickets: p.tickets })),
    byDepartment: figures.byDepartment.map((d) => ({ department: d.department, tickets: d.tickets })),
    trend: figures.trend.map((day) => ({ day: dayjs(day.dayStart).format("ddd D"), created: day.created, resolved: day.resolved })),
  };
}
