import { ActionIcon, Button, Group, MultiSelect, Paper, Select, TextInput, Tooltip } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import { IconSearch, IconSortAscending, IconSortDescending, IconX } from "@tabler/icons-react";
import dayjs from "dayjs";
import type { Ref } from "react";

import { type AssigneeFilter, type TicketFilters_Serialize, type TicketSort, type UserDto } from "../../bindings";
import { useDepartments } from "../departments/queries";
import { useStaff } from "../users/queries";
import { LIMITS, PRIORITIES, PRIORITY, STATUS, STATUSES } from "./labels";

export type Filters = TicketFilters_Serialize;

export const DEFAULT_FILTERS: Filters = {
  search: "",
  statuses: [],
  priorities: [],
  departmentId: null,
  requesterId: null,
  assignee: null,
  createdFrom: null,
  createdTo: null,
  sort: "updated",
  ascending: false,
};

/** Whether `filters` leave out any ticket (the sort and its direction leave out none). */
export function narrows(filters: Filters): boolean {
  return JSON.stringify({ ...filters, sort: DEFAULT_FILTERS.sort, ascending: DEFAULT_FILTERS.ascending }) !== JSON.stringify(DEFAULT_FILTERS);
}

const SORTS: { value: TicketSort; label: string }[] = [
  { value: "relevance", label: "Best match" },
  { value: "updated", label: "Last updated" },
  { value: "created", label: "Created" },
  { value: "priority", label: "Priority" },
];

/** The assignee filter as a select value: "" anyone, "none", "me", or a user id. */
function assigneeValue(assignee: AssigneeFilter | null): string {
  if (assignee === null) return "";
  if (assignee.kind === "user") return String(assignee.id);
  return assignee.kind === "unassigned" ? "none" : "me";
}

function assigneeFilter(value: string | null): AssigneeFilter | null {
  if (!value) return null;
  if (value === "none") return { kind: "unassigned" };
  if (value === "me") return { kind: "me" };
  return { kind: "user", id: Number(value) };
}

/** The start (Unix ms) of a picked day (yyyy-mm-dd, local time) moved by `days`, and back. */
function dayStart(value: string | null, days = 0): number | null {
  return value ? dayjs(value).add(days, "day").valueOf() : null;
}

function dayValue(ms: number | null, days = 0): string | null {
  return ms === null ? null : dayjs(ms).add(days, "day").format("YYYY-MM-DD");
}

type Props = {
  user: UserDto;
  filters: Filters;
  search: string;
  onSearch: (text: string) => void;
  onChange: (patch: Partial<Filters>) => void;
  onReset: () => void;
  searchRef: Ref<HTMLInputElement>;
  onSearchArrowDown: () => void;
};

/** A search as Rust takes it: at most `searchMax` characters (whole code points, so a pasted emoji is
 * never split into a lone surrogate), so an overlong paste still searches instead of failing. */
export function clipSearch(text: string): string {
  const characters = Array.from(text);
  return characters.length > LIMITS.searchMax ? characters.slice(0, LIMITS.searchMax).join("") : text;
}

export function QueueFilters({ user, filters, search, onSearch, onChange, onReset, searchRef, onSearchArrowDown }: Props) {
  const staff = user.role !== "customer";
  const departments = useDepartments({ forPicking: true });
  const staffPeople = useStaff({ enabled: staff });
  const assignees = [
    { value: "", label: "Anyone" },
    { value: "none", label: "Unassigned" },
    { value: "me", label: "Me" },
    ...(staffPeople.data ?? []).filter((u) => u.id !== user.id).map((u) => ({ value: String(u.id), label: u.displayName })),
  ];
  const changed = narrows({ ...filters, search });

  return (
    <Paper withBorder p="sm" radius="md">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          ref={searchRef}
          aria-label="Search tickets"
          placeholder="Search tickets (press /)"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(event) => onSearch(clipSearch(event.currentTarget.value))}
          onKeyDown={(event) => {
            if (event.key === "ArrowDown") {
              event.preventDefault();
              onSearchArrowDown();
            }
            if (event.key === "Escape") onSearch("");
          }}
          style={{ flex: "1 1 260px" }}
          // UTF-16 units, so never more characters than Rust takes.
          maxLength={LIMITS.searchMax}
          description={Array.from(search).length >= LIMITS.searchMax ? `A search keeps to its first ${LIMITS.searchMax} characters.` : undefined}
          inputWrapperOrder={["input", "description"]}
          data-testid="ticket-search"
        />
        <MultiSelect
          aria-label="Status"
          placeholder={filters.statuses.length ? undefined : "Any status"}
          data={STATUSES.map((s) => ({ value: s, label: STATUS[s].label }))}
          value={filters.statuses}
          onChange={(value) => onChange({ statuses: value })}
          clearable
          w={220}
          data-testid="status-filter"
        />
        <MultiSelect
          aria-label="Priority"
          placeholder={filters.priorities.length ? undefined : "Any priority"}
          data={PRIORITIES.map((p) => ({ value: p, label: PRIORITY[p].label }))}
          value={filters.priorities}
          onChange={(value) => onChange({ priorities: value })}
          clearable
          w={180}
          data-testid="priority-filter"
        />
        <Select
          aria-label="Department"
          placeholder="Any department"
          data={(departments.data ?? []).map((d) => ({ value: String(d.id), label: d.name }))}
          value={filters.departmentId === null ? null : String(filters.departmentId)}
          onChange={(value) => onChange({ departmentId: value ? Number(value) : null })}
          clearable
          w={170}
          data-testid="department-filter"
        />
        {staff && (
          <Select
            aria-label="Assignee"
            data={assignees}
            value={assigneeValue(filters.assignee)}
            onChange={(value) => onChange({ assignee: assigneeFilter(value) })}
            allowDeselect={false}
            searchable
            w={160}
            data-testid="assignee-filter"
          />
        )}
        <DatePickerInput
          aria-label="Created from"
          placeholder="Created from"
          valueFormat="D MMM YYYY"
          value={dayValue(filters.createdFrom)}
          onChange={(value) => onChange({ createdFrom: dayStart(value) })}
          maxDate={dayValue(filters.createdTo, -1) ?? undefined}
          clearable
          w={150}
          data-testid="created-from"
        />
        {/* The filter's end is exclusive: the day after the last day picked. */}
        <DatePickerInput
          aria-label="Created until"
          placeholder="Created until"
          valueFormat="D MMM YYYY"
          value={dayValue(filters.createdTo, -1)}
          onChange={(value) => onChange({ createdTo: dayStart(value, 1) })}
          minDate={dayValue(filters.createdFrom) ?? undefined}
          clearable
          w={150}
          data-testid="created-to"
        />
        <Group gap={4} wrap="nowrap">
          <Select
            aria-label="Sort by"
            data={SORTS.filter((s) => s.value !== "relevance" || search.trim() !== "")}
            value={filters.sort === "relevance" && search.trim() === "" ? "updated" : filters.sort}
            onChange={(value) => value && onChange({ sort: value })}
            allowDeselect={false}
            w={140}
            data-testid="sort-select"
          />
          <Tooltip label={filters.ascending ? "Oldest or lowest first" : "Newest or highest first"}>
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={filters.ascending ? "Ascending" : "Descending"}
              disabled={filters.sort === "relevance" && search.trim() !== ""}
              onClick={() => onChange({ ascending: !filters.ascending })}
            >
              {filters.ascending ? <IconSortAscending size={18} /> : <IconSortDescending size={18} />}
            </ActionIcon>
          </Tooltip>
        </Group>
        {changed && (
          <Button variant="subtle" leftSection={<IconX size={14} />} onClick={onReset} data-testid="reset-filters">
            Clear filters
          </Button>
        )}
      </Group>
    </Paper>
  );
}
