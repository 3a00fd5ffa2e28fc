import { Badge, Button, Group, Paper, Stack, Text } from "@mantine/core";
import { IconLock } from "@tabler/icons-react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";

import {
  commands,
  VOCABULARY,
  type Priority,
  type Status,
  type TicketDetail_Serialize as TicketDetail,
  type TimelineEntry_Serialize as TimelineEntry,
} from "../../bindings";
import { errorMessage, unwrap } from "../../lib/ipc";
import { queryKeys } from "../../lib/queryKeys";
import { formatTime, PRIORITY, STATUS } from "./labels";

const FIELD = VOCABULARY.historyFields;

function valueLabel(field: string, value: string | null): string {
  if (value === null) {
    return field === FIELD.assignee ? "nobody" : "nothing";
  }
  if (field === FIELD.status) {
    return STATUS[value as Status]?.label ?? value;
  }
  if (field === FIELD.priority) {
    return PRIORITY[value as Priority]?.label ?? value;
  }
  return value;
}

function ChangeLine({ entry }: { entry: Extract<TimelineEntry, { kind: "change" }> }) {
  // History field names are lower-case words as they read in a sentence ("changed priority from").
  const field = entry.field;
  // Long texts (title, description) are summarised; the values are in the history all the same.
  if (entry.field === FIELD.autoAssignee) {
    return (
      <Text size="sm" c="dimmed" data-testid="timeline-change">
        Assigned automatically to{" "}
        <Text span fw={500} c="var(--mantine-color-text)">
          {entry.to}
        </Text>{" "}
        · {formatTime(entry.at)}
      </Text>
    );
  }
  const detail =
    entry.field === FIELD.title || entry.field === FIELD.description
      ? `edited the ${field}`
      : entry.field === FIELD.rebalanced
        ? `rebalanced the queues: moved it from ${entry.from} to ${entry.to}`
        : `changed ${field} from ${valueLabel(entry.field, entry.from)} to ${valueLabel(entry.field, entry.to)}`;
  return (
    <Text size="sm" c="dimmed" data-testid="timeline-change">
      <Text span fw={500} c="var(--mantine-color-text)">
        {entry.actor ?? "Someone"}
      </Text>{" "}
      {detail} · {formatTime(entry.at)}
    </Text>
  );
}

function CommentCard({ entry }: { entry: Extract<TimelineEntry, { kind: "comment" }> }) {
  return (
    <Paper
      withBorder
      p="md"
      bg={entry.internal ? "var(--mantine-color-yellow-light)" : undefined}
      data-testid={entry.internal ? "internal-note" : "reply"}
    >
      <Group justify="space-between" mb={6}>
        <Group gap="xs">
          <Text fw={600} size="sm">
            {entry.author}
          </Text>
          {entry.internal && (
            <Badge size="xs" color="yellow" variant="filled" leftSection={<IconLock size={10} />}>
              Internal note
            </Badge>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {formatTime(entry.at)}
        </Text>
      </Group>
      <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
        {entry.body}
      </Text>
    </Paper>
  );
}

/** The conversation and the history, merged in time order. */
export function Timeline({ entries }: { entries: TimelineEntry[] }) {
  if (entries.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No replies yet.
      </Text>
    );
  }
  return (
    <Stack gap="sm">
      {entries.map((entry, index) =>
        entry.kind === "comment" ? <CommentCard key={`c${entry.id}`} entry={entry} /> : <ChangeLine key={`h${index}`} entry={entry} />,
      )}
    </Stack>
  );
}

/** A ticket's activity: the newest part, which the ticket brings, and earlier pages on request, so
 * a conversation thousands of entries long opens as fast as a short one. */
export function TicketActivity({ ticket }: { ticket: TicketDetail }) {
  const [asked, setAsked] = useState(false);
  const before = ticket.earlier ?? "";
  const earlier = useInfiniteQuery({
    queryKey: queryKeys.ticketEarlier(ticket.id, before),
    queryFn: ({ pageParam }) => unwrap(commands.getTicketTimeline(ticket.id, pageParam)),
    initialPageParam: before,
    getNextPageParam: (page) => page.earlier ?? undefined,
    enabled: asked && ticket.earlier !== null,
  });
  const loaded = earlier.data?.pages ?? [];
  const entries = [...[...loaded].reverse().flatMap((page) => page.entries), ...ticket.timeline];
  const more = ticket.earlier !== null && (!asked || earlier.hasNextPage);
  return (
    <Stack gap="sm">
      {more && (
        <Button
          variant="subtle"
          size="xs"
          loading={earlier.isFetching}
          onClick={() => (asked ? void earlier.fetchNextPage() : setAsked(true))}
          data-testid="show-earlier"
        >
          Show earlier activity
        </Button>
      )}
      {earlier.isError && (
        <Text size="sm" c="red">
          The earlier activity could not be read: {errorMessage(earlier.error)}
        </Text>
      )}
      <Timeline entries={entries} />
    </Stack>
  );
}
