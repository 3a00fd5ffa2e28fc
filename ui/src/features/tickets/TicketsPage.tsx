import { Anchor, Badge, Button, Center, CloseButton, Group, Highlight, Loader, Paper, Stack, Table, Text, ThemeIcon, Title } from "@mantine/core";
import { useDebouncedCallback, useDebouncedValue, useHotkeys } from "@mantine/hooks";
import { IconFileSpreadsheet, IconInbox, IconPlus, IconSearch } from "@tabler/icons-react";
import { keepPreviousData, useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";

import { commands, type TicketSummary_Serialize as TicketSummary, type UserDto } from "../../bindings";
import { errorMessage, unwrap } from "../../lib/ipc";
import { queryKeys } from "../../lib/queryKeys";
import { WRAP } from "../../lib/styles";
import { Loading } from "../../components/QueryView";
import { notifyError } from "../../lib/notify";
import { datedName, useCsvExport } from "../reports/exportCsv";
import { formatTime, PRIORITY, STATUS } from "./labels";
import { DEFAULT_FILTERS, narrows, QueueFilters, type Filters } from "./QueueFilters";

/** How long typing must pause before the search runs: enough to fold a burst of keys (a paste, fast
 * typing) into one query, and no longer than a search takes at a million tickets (9–30 ms), so the
 * wait never costs more than the answer. A newer query supersedes an older one (its key), and the
 * last results stay on screen, dimmed, until the new ones come. */
const SEARCH_DEBOUNCE_MS = 30;

const HIDDEN = { height: 0, overflow: "hidden", visibility: "hidden" } as const;

/** How long the queue's filters stay unchanged before they are written to this computer. */
const KEEP_FILTERS_AFTER_MS = 300;

/** `visible`: false while a ticket is open over the queue, which then keeps its rows and place. */
type Props = { user: UserDto; visible?: boolean; onOpen: (id: number) => void; onNew: () => void };

/** The queue, starting from the filters this person last left it with on this computer. */
export function TicketsPage(props: Props) {
  const saved = useQuery({
    queryKey: queryKeys.savedFilters(props.user.id),
    queryFn: () => unwrap(commands.getQueueFilters()),
    staleTime: Infinity,
  });
  if (saved.isPending) return <Loading />;
  // Filters that cannot be read are no reason to keep the queue shut: it starts from the defaults.
  return <Queue {...props} saved={saved.data ?? null} />;
}

function Queue({ user, visible = true, onOpen, onNew, saved }: Props & { saved: Filters | null }) {
  const queryClient = useQueryClient();
  const [filters, setFilters] = useState<Filters>(() => {
    const start = { ...DEFAULT_FILTERS, ...saved };
    // A customer has no control for these (an account whose role changed may have kept them).
    return user.role === "customer" ? { ...start, assignee: null, requesterId: null } : start;
  });
  const [search, setSearch] = useState(filters.search);
  const [settledSearch] = useDebouncedValue(search, SEARCH_DEBOUNCE_MS);
  // Starting or clearing a search also switches the sort (`onSearch`): a cleared search applies at
  // once and the best-match order waits for the words, so each switch is one query, never the old
  // words in the new order first.
  const searchAsked = search.trim() === "" ? search : settledSearch;
  // The keyboard's row, for the query it was chosen in (a new query starts unselected).
  const [selection, setSelection] = useState({ query: "", index: -1 });
  const searchRef = useRef<HTMLInputElement>(null);
  const query: Filters = {
    ...filters,
    search: searchAsked,
    sort: filters.sort === "relevance" && searchAsked.trim() === "" ? "updated" : filters.sort,
  };
  const queryJson = JSON.stringify(query);
  const selected = selection.query === queryJson ? selection.index : -1;

  // The filters come back with the queue at once (the cache), and are written to this computer once
  // they settle or the queue is left: a typed word writes the file once, and coming back to an
  // unchanged queue not at all.
  const written = useRef(saved === null ? null : JSON.stringify(saved));
  const keep = useDebouncedCallback(
    (json: string) => {
      if (json === written.current) return;
      written.current = json;
      unwrap(commands.saveQueueFilters(JSON.parse(json) as Filters)).catch((error: unknown) =>
        notifyError(error, "The queue's filters were not saved"),
      );
    },
    { delay: KEEP_FILTERS_AFTER_MS, flushOnUnmount: true },
  );
  useEffect(() => {
    queryClient.setQueryData(queryKeys.savedFilters(user.id), JSON.parse(queryJson) as Filters);
    keep(queryJson);
  }, [queryJson, queryClient, user.id, keep]);

  const tickets = useInfiniteQuery({
    queryKey: queryKeys.queue(query),
    queryFn: ({ pageParam }) => unwrap(commands.listTickets(query, pageParam)),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: keepPreviousData,
  });
  const exporter = useCsvExport(
    datedName("tickets"),
    (path) => commands.exportTickets({ filters: query, path }),
    (count) => (count === 1 ? "1 ticket" : `${count} tickets`),
  );
  const rows: TicketSummary[] = tickets.data?.pages.flatMap((page) => page.tickets) ?? [];
  const terms = tickets.data?.pages[0]?.terms ?? NO_TERMS;
  const filtered = narrows(query);
  // Whether the rows on screen are not yet this query's (the previous ones stay, dimmed).
  const answering = tickets.isPending || tickets.isPlaceholderData;

  const change = (patch: Partial<Filters>) => setFilters((current) => ({ ...current, ...patch }));
  // Stable, so a row is drawn again only when what it shows changes (not on every keystroke).
  const onRequester = useCallback((requesterId: number) => setFilters((current) => ({ ...current, requesterId })), []);
  const latestOnOpen = useRef(onOpen);
  useEffect(() => {
    latestOnOpen.current = onOpen;
  }, [onOpen]);
  // A ticket opened over the queue leaves it as far as its filters go: they are written now. Coming
  // back reads the rows again behind the ones shown.
  const { refetch } = tickets;
  const wasVisible = useRef(visible);
  useEffect(() => {
    if (!visible) keep.flush();
    else if (!wasVisible.current) void refetch();
    wasVisible.current = visible;
  }, [visible, keep, refetch]);
  const onSearch = (text: string) => {
    setSearch(text);
    // Searching ranks by best match; clearing the search goes back to the usual order.
    if (text.trim() && !search.trim() && filters.sort === "updated") change({ sort: "relevance" });
    if (!text.trim() && filters.sort === "relevance") change({ sort: "updated" });
  };
  const reset = () => {
    setSearch("");
    setFilters({ ...DEFAULT_FILTERS });
  };
  // Only the rows near the screen are in the page: "Show more" at any depth costs what the first
  // page did. Rows differ in height (excerpts, wrapped titles), so each is measured once shown.
  // Where the rows start on the page, read when the table appears (the window scrolls, not the table).
  const [margin, setMargin] = useState(0);
  const body = useCallback((node: HTMLTableSectionElement | null) => {
    if (node) setMargin(node.getBoundingClientRect().top + window.scrollY);
  }, []);
  const virtualizer = useWindowVirtualizer({ count: rows.length, estimateSize: () => 64, overscan: 8, scrollMargin: margin });
  // Where the queue was when a ticket was opened over it: the row at the top of the window, and how
  // far into it. Rows measured while it was hidden may have moved the rows, so coming back puts that
  // row there again rather than the same number of pixels.
  const place = useRef<{ index: number; into: number } | null>(null);
  const open = useCallback(
    (id: number) => {
      const top = virtualizer.getVirtualItems().find((item) => item.end > window.scrollY);
      place.current = top ? { index: top.index, into: window.scrollY - top.start } : null;
      latestOnOpen.current(id);
    },
    [virtualizer],
  );
  useLayoutEffect(() => {
    const start = place.current && virtualizer.measurementsCache[place.current.index]?.start;
    if (visible && place.current && start !== undefined && start !== null) window.scrollTo(0, start + place.current.into);
  }, [visible, virtualizer]);
  const shown = virtualizer.getVirtualItems();
  const above = shown.length ? shown[0].start - margin : 0;
  const below = shown.length ? virtualizer.getTotalSize() - (shown[shown.length - 1].end - margin) : 0;
  const move = (by: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, selected + by));
    setSelection({ query: queryJson, index: next });
    virtualizer.scrollToIndex(next, { align: "auto" });
    if (next >= rows.length - 5 && tickets.hasNextPage && !tickets.isFetchingNextPage) void tickets.fetchNextPage();
  };
  useHotkeys(
    visible
      ? [
          ["/", () => searchRef.current?.focus()],
          ["n", onNew],
          ["ArrowDown", () => move(1)],
          ["ArrowUp", () => move(-1)],
          // Enter on a focused button or link ("Show more", a requester) is that control's own.
          [
            "Enter",
            (event) => {
              if (rows[selected] && !(event.target instanceof Element && event.target.closest("button, a"))) open(rows[selected].id);
            },
            { preventDefault: false },
          ],
        ]
      : [],
  );

  const customer = user.role === "customer";
  const requesterName = filters.requesterId === null ? null : rows.find((t) => t.requesterId === filters.requesterId)?.requester;

  // `aria-busy` tells assistive technology the rows are being replaced; with `data-query` (the query the
  // rows answer) and `data-rows` it also lets the window benchmark see when an answer is on screen.
  return (
    <Stack
      data-testid="queue"
      // Hidden but still laid out (no height, nothing shown): rows keep their measured heights, so
      // coming back scrolls to where the queue was.
      style={visible ? undefined : HIDDEN}
      aria-busy={answering}
      data-query={answering ? undefined : queryJson}
      data-rows={rows.length}
    >
      <Group justify="space-between">
        <Title order={2}>{user.role === "customer" ? "My tickets" : "Tickets"}</Title>
        <Group gap="xs">
          <Button
            variant="default"
            leftSection={<IconFileSpreadsheet size={16} />}
            loading={exporter.isPending}
            onClick={() => exporter.mutate()}
            title="Every ticket these filters show, as a spreadsheet file"
            data-testid="export-tickets"
          >
            Export CSV
          </Button>
          <Button leftSection={<IconPlus size={16} />} onClick={onNew} data-testid="new-ticket">
            New ticket
          </Button>
        </Group>
      </Group>
      <QueueFilters
        user={user}
        filters={filters}
        search={search}
        onSearch={onSearch}
        onChange={change}
        onReset={reset}
        searchRef={searchRef}
        onSearchArrowDown={() => {
          searchRef.current?.blur();
          move(1 - Math.max(selected, 0));
        }}
      />
      {filters.requesterId !== null && (
        <Group gap={4}>
          <Badge
            variant="light"
            size="lg"
            rightSection={<CloseButton size="xs" aria-label="Any requester" onClick={() => change({ requesterId: null })} />}
          >
            Requester: {requesterName ?? `#${filters.requesterId}`}
          </Badge>
        </Group>
      )}
      {tickets.isPending && (
        <Center py="xl">
          <Loader />
        </Center>
      )}
      {tickets.isError && (
        <Text c="red" role="alert">
          {errorMessage(tickets.error)}
        </Text>
      )}
      {tickets.isSuccess && rows.length === 0 && <EmptyQueue customer={user.role === "customer"} filtered={filtered} onReset={reset} />}
      {rows.length > 0 && (
        <Paper withBorder radius="md" style={{ opacity: answering ? 0.6 : 1 }}>
          <Table highlightOnHover verticalSpacing="sm" data-testid="ticket-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>#</Table.Th>
                <Table.Th>Title</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Priority</Table.Th>
                {/* A customer's own queue: every requester would be themselves. */}
                {!customer && <Table.Th>Requester</Table.Th>}
                <Table.Th>Assignee</Table.Th>
                <Table.Th>Department</Table.Th>
                <Table.Th>{filters.sort === "created" ? "Created" : "Updated"}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody ref={body}>
              {above > 0 && <Table.Tr aria-hidden style={{ height: above }} />}
              {shown
                .map(({ index }) => [index, rows[index]] as const)
                .map(([index, ticket]) => (
                  <QueueRow
                    key={ticket.id}
                    ticket={ticket}
                    index={index}
                    selected={index === selected}
                    terms={terms}
                    customer={customer}
                    byCreation={filters.sort === "created"}
                    measure={virtualizer.measureElement}
                    onOpen={open}
                    onRequester={onRequester}
                  />
                ))}
              {below > 0 && <Table.Tr aria-hidden style={{ height: below }} />}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      {tickets.hasNextPage && (
        <Center>
          <Button variant="default" loading={tickets.isFetchingNextPage} onClick={() => void tickets.fetchNextPage()} data-testid="load-more">
            Show more
          </Button>
        </Center>
      )}
    </Stack>
  );
}

const NO_TERMS: string[] = [];

type RowProps = {
  ticket: TicketSummary;
  index: number;
  selected: boolean;
  terms: string[];
  customer: boolean;
  byCreation: boolean;
  measure: (node: HTMLTableRowElement | null) => void;
  onOpen: (id: number) => void;
  onRequester: (requesterId: number) => void;
};

/** One queue row. Memoised: typing, a new query asked or the rows kept dimmed draw none of them again. */
const QueueRow = memo(function QueueRow({ ticket, index, selected, terms, customer, byCreation, measure, onOpen, onRequester }: RowProps) {
  return (
    <Table.Tr
      ref={measure}
      data-index={index}
      data-row={index}
      data-testid={`ticket-${ticket.number}`}
      aria-selected={selected}
      bg={selected ? "var(--mantine-primary-color-light)" : undefined}
      style={{ cursor: "pointer" }}
      onClick={() => onOpen(ticket.id)}
    >
      <Table.Td>{ticket.number}</Table.Td>
      <Table.Td maw={420} style={WRAP}>
        <Anchor component="button" ta="left" c="var(--mantine-color-text)" fw={500} onClick={() => onOpen(ticket.id)}>
          <Highlight component="span" highlight={terms} inherit>
            {ticket.title}
          </Highlight>
        </Anchor>
        {ticket.excerpt && (
          <Highlight c="dimmed" size="xs" lineClamp={2} highlight={terms} data-testid="excerpt">
            {ticket.excerpt}
          </Highlight>
        )}
      </Table.Td>
      <Table.Td>
        <Badge color={STATUS[ticket.status].color} variant="light">
          {STATUS[ticket.status].label}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Badge color={PRIORITY[ticket.priority].color} variant="dot">
          {PRIORITY[ticket.priority].label}
        </Badge>
      </Table.Td>
      {!customer && (
        <Table.Td style={{ whiteSpace: "nowrap" }}>
          <Anchor
            component="button"
            size="sm"
            c="var(--mantine-color-text)"
            title="Only this requester's tickets"
            onClick={(event) => {
              event.stopPropagation();
              onRequester(ticket.requesterId);
            }}
          >
            {ticket.requester}
          </Anchor>
        </Table.Td>
      )}
      <Table.Td>
        {ticket.assignee ?? (
          <Text c="dimmed" size="sm">
            Unassigned
          </Text>
        )}
      </Table.Td>
      <Table.Td style={WRAP}>{ticket.department}</Table.Td>
      <Table.Td style={{ whiteSpace: "nowrap" }}>{formatTime(byCreation ? ticket.createdAt : ticket.updatedAt)}</Table.Td>
    </Table.Tr>
  );
});

function EmptyQueue({ customer, filtered, onReset }: { customer: boolean; filtered: boolean; onReset: () => void }) {
  return (
    <Paper withBorder radius="md" py={60} data-testid="tickets-empty">
      <Stack align="center" gap="xs">
        <ThemeIcon size={56} radius="xl" variant="light">
          {filtered ? <IconSearch size={30} /> : <IconInbox size={30} />}
        </ThemeIcon>
        <Text fw={600}>{filtered ? "No tickets match" : "No tickets yet"}</Text>
        <Text c="dimmed" size="sm" ta="center" maw={360}>
          {filtered
            ? "Try other words or fewer filters."
            : customer
              ? "When you ask for help, your tickets appear here."
              : "New tickets from customers and agents will appear here."}
        </Text>
        {filtered && (
          <Button variant="light" onClick={onReset}>
            Clear filters
          </Button>
        )}
      </Stack>
    </Paper>
  );
}
