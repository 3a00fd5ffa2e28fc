import {
  Alert,
  Anchor,
  Badge,
  Button,
  Divider,
  Grid,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDisclosure } from "@mantine/hooks";
import { IconArrowLeft, IconRefresh, IconTrash } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { commands, type Change_Deserialize as Change, type Status, type TicketDetail_Serialize as TicketDetail, type UserDto } from "../../bindings";
import { ConfirmModal } from "../../components/ConfirmModal";
import { Loading } from "../../components/QueryView";
import { errorMessage, hasCode, unwrap } from "../../lib/ipc";
import { useAction } from "../../lib/mutations";
import { queryKeys } from "../../lib/queryKeys";
import { useDepartments } from "../departments/queries";
import { useStaff } from "../users/queries";
import { WRAP } from "../../lib/styles";
import { formatTime, lengthError, LIMITS, PRIORITIES, PRIORITY, STATUS, STATUSES } from "./labels";
import { useStoreTicket } from "./queries";
import { TicketActivity } from "./Timeline";

type Props = { user: UserDto; ticket: TicketDetail; onChange: (change: Change) => void; busy: boolean };

/** The statuses staff may pick: a closed ticket only reopens. */
function statusChoices(current: Status): Status[] {
  return current === "closed" ? ["closed", "open"] : STATUSES;
}

function SidePanel({ user, ticket, onChange, busy }: Props) {
  const staff = user.role !== "customer";
  const departments = useDepartments({ forPicking: true });
  const people = useStaff({ enabled: staff });
  const own = ticket.requesterId === user.id;
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        {staff ? (
          <>
            <Select
              label="Status"
              data={statusChoices(ticket.status).map((s) => ({ value: s, label: STATUS[s].label }))}
              value={ticket.status}
              allowDeselect={false}
              disabled={busy}
              onChange={(value) => value && value !== ticket.status && onChange({ kind: "status", status: value })}
              data-testid="status-select"
            />
            <Select
              label="Priority"
              data={PRIORITIES.map((p) => ({ value: p, label: PRIORITY[p].label }))}
              value={ticket.priority}
              allowDeselect={false}
              disabled={busy}
              onChange={(value) => value && value !== ticket.priority && onChange({ kind: "priority", priority: value })}
            />
            <Select
              label="Department"
              data={(departments.data ?? []).map((d) => ({ value: String(d.id), label: d.name }))}
              value={String(ticket.departmentId)}
              allowDeselect={false}
              disabled={busy}
              onChange={(value) => value && Number(value) !== ticket.departmentId && onChange({ kind: "department", department: Number(value) })}
            />
            <Stack gap={4}>
              <Select
                label="Assignee"
                placeholder="Unassigned"
                clearable
                data={(people.data ?? []).map((p) => ({ value: String(p.id), label: p.displayName }))}
                value={ticket.assigneeId === null ? null : String(ticket.assigneeId)}
                disabled={busy}
                onChange={(value) => onChange({ kind: "assignee", assignee: value === null ? null : Number(value) })}
                data-testid="assignee-select"
              />
              {ticket.assigneeId !== user.id && (
                <Anchor
                  component="button"
                  size="xs"
                  ta="left"
                  onClick={() => onChange({ kind: "assignee", assignee: user.id })}
                  data-testid="assign-to-me"
                >
                  Assign to me
                </Anchor>
              )}
            </Stack>
          </>
        ) : (
          <Stack gap={6}>
            <Text size="sm" fw={500}>
              Status
            </Text>
            <Badge color={STATUS[ticket.status].color} variant="light" size="lg">
              {STATUS[ticket.status].label}
            </Badge>
            {own && ticket.status !== "closed" && (
              <Button
                variant="default"
                size="xs"
                disabled={busy}
                onClick={() => onChange({ kind: "status", status: "closed" })}
                data-testid="close-ticket"
              >
                Close ticket
              </Button>
            )}
            {own && (ticket.status === "resolved" || ticket.status === "closed") && (
              <Button
                variant="light"
                size="xs"
                disabled={busy}
                onClick={() => onChange({ kind: "status", status: "open" })}
                data-testid="reopen-ticket"
              >
                Reopen ticket
              </Button>
            )}
            <Text size="sm">
              Priority: {PRIORITY[ticket.priority].label} · {ticket.department}
            </Text>
            <Text size="sm" data-testid="ticket-assignee">
              Assigned to: {ticket.assignee ?? "nobody yet"}
            </Text>
          </Stack>
        )}
        <Divider />
        <Stack gap={2}>
          <Text size="xs" c="dimmed">
            Requested by <b>{ticket.requester}</b>
          </Text>
          <Text size="xs" c="dimmed">
            Created {formatTime(ticket.createdAt)}
          </Text>
          <Text size="xs" c="dimmed">
            Updated {formatTime(ticket.updatedAt)}
          </Text>
          {ticket.resolvedAt !== null && (
            <Text size="xs" c="dimmed">
              Resolved {formatTime(ticket.resolvedAt)}
            </Text>
          )}
          {ticket.closedAt !== null && (
            <Text size="xs" c="dimmed">
              Closed {formatTime(ticket.closedAt)}
            </Text>
          )}
        </Stack>
      </Stack>
    </Paper>
  );
}

function Composer({ user, ticket }: { user: UserDto; ticket: TicketDetail }) {
  const staff = user.role !== "customer";
  const storeTicket = useStoreTicket();
  const [mode, setMode] = useState<"reply" | "note">("reply");
  const form = useForm({ mode: "controlled", initialValues: { body: "" }, validate: { body: (v: string) => lengthError(v, 1, LIMITS.commentMax) } });
  const send = useAction({
    command: (body: string) => commands.commentOnTicket({ ticketId: ticket.id, body, internal: mode === "note" }),
    success: () => (mode === "note" ? "Internal note added." : "Reply sent."),
    failure: "Your message was not sent",
    form,
    onSuccess: (updated) => {
      storeTicket(updated);
      form.reset();
    },
  });
  if (!staff && ticket.status === "closed") {
    return (
      <Text size="sm" c="dimmed">
        This ticket is closed. Reopen it to write again.
      </Text>
    );
  }
  return (
    <form onSubmit={form.onSubmit(({ body }) => send.mutate(body))} noValidate>
      <Stack gap="xs">
        {staff && (
          <SegmentedControl
            size="xs"
            w={240}
            value={mode}
            onChange={(value) => setMode(value)}
            data={[
              { value: "reply", label: "Reply" },
              { value: "note", label: "Internal note" },
            ]}
            data-testid="composer-mode"
          />
        )}
        <Textarea
          placeholder={mode === "note" ? "Only staff will see this note" : "Write a reply"}
          autosize
          minRows={3}
          maxRows={12}
          styles={mode === "note" ? { input: { background: "var(--mantine-color-yellow-light)" } } : undefined}
          {...form.getInputProps("body")}
          name="body"
        />
        <Group justify="flex-end">
          <Button type="submit" loading={send.isPending} data-testid="send-comment">
            {mode === "note" ? "Add note" : "Send reply"}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function EditForm({
  ticket,
  onSave,
  onCancel,
  busy,
}: {
  ticket: TicketDetail;
  onSave: (change: Change) => void;
  onCancel: () => void;
  busy: boolean;
}) {
  const form = useForm({
    mode: "controlled",
    initialValues: { title: ticket.title, description: ticket.description },
    validate: {
      title: (v: string) => lengthError(v, LIMITS.titleMin, LIMITS.titleMax),
      description: (v: string) => lengthError(v, 1, LIMITS.descriptionMax),
    },
  });
  return (
    <form onSubmit={form.onSubmit((values) => onSave({ kind: "edit", ...values }))} noValidate>
      <Stack>
        <TextInput label="Title" {...form.getInputProps("title")} name="title" />
        <Textarea label="Description" autosize minRows={4} {...form.getInputProps("description")} name="description" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function TicketPage({ user, id, onBack }: { user: UserDto; id: number; onBack: () => void }) {
  const queryClient = useQueryClient();
  const ticket = useQuery({ queryKey: queryKeys.ticket(id), queryFn: () => unwrap(commands.getTicket(id)) });
  const storeTicket = useStoreTicket();
  const [editing, setEditing] = useState(false);
  const [confirmingDelete, deleteDialog] = useDisclosure(false);
  const change = useAction({
    command: ({ version, change }: { version: number; change: Change }) => commands.changeTicket({ id, version, change }),
    success: (updated) => `Ticket #${updated.number} updated.`,
    failure: "The ticket was not changed",
    // The page shows a conflict itself, with a way to reload.
    shownOnScreen: ["CONFLICT"],
    onSuccess: (updated) => {
      storeTicket(updated);
      setEditing(false);
    },
  });
  const remove = useAction({
    command: (version: number) => commands.deleteTicket(id, version),
    invalidates: [queryKeys.tickets],
    success: () => "The ticket and its conversation were deleted.",
    failure: "The ticket was not deleted",
    onSuccess: () => {
      deleteDialog.close();
      queryClient.removeQueries({ queryKey: queryKeys.ticket(id) });
      onBack();
    },
  });

  if (ticket.isPending) {
    return <Loading />;
  }
  if (ticket.isError) {
    return (
      <Stack>
        <Anchor component="button" onClick={onBack} size="sm">
          Back to tickets
        </Anchor>
        <Text c="red">{errorMessage(ticket.error)}</Text>
      </Stack>
    );
  }
  const data = ticket.data;
  const staff = user.role !== "customer";
  const canEdit = staff || (data.requesterId === user.id && data.status === "open");
  const apply = (next: Change) => change.mutate({ version: data.version, change: next });
  const reload = () => {
    change.reset();
    void ticket.refetch();
  };

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Anchor component="button" onClick={onBack} size="sm">
            <Group gap={4}>
              <IconArrowLeft size={14} /> Back to tickets
            </Group>
          </Anchor>
          <Group gap="sm">
            <Title order={2} data-testid="ticket-title" style={WRAP}>
              #{data.number} {data.title}
            </Title>
            <Badge color={STATUS[data.status].color} variant="light" data-testid="ticket-status">
              {STATUS[data.status].label}
            </Badge>
          </Group>
        </Stack>
        {user.role === "admin" && (
          <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={deleteDialog.open} data-testid="delete-ticket">
            Delete
          </Button>
        )}
      </Group>
      {hasCode(change.error, "CONFLICT") && (
        <Alert color="orange" title="Someone else changed this ticket" data-testid="conflict">
          <Group justify="space-between">
            <Text size="sm">{errorMessage(change.error)}</Text>
            <Button size="xs" leftSection={<IconRefresh size={14} />} onClick={reload} data-testid="reload-ticket">
              Reload
            </Button>
          </Group>
        </Alert>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack>
            <Paper withBorder p="lg">
              {editing ? (
                <EditForm ticket={data} onSave={apply} onCancel={() => setEditing(false)} busy={change.isPending} />
              ) : (
                <Stack gap="xs">
                  <Group justify="space-between">
                    <Text size="sm" fw={600}>
                      {data.requester} wrote
                    </Text>
                    {canEdit && (
                      <Anchor component="button" size="sm" onClick={() => setEditing(true)} data-testid="edit-ticket">
                        Edit
                      </Anchor>
                    )}
                  </Group>
                  <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                    {data.description}
                  </Text>
                </Stack>
              )}
            </Paper>
            <Title order={3} size="h5">
              Activity
            </Title>
            <TicketActivity ticket={data} />
            <Paper withBorder p="md">
              <Composer user={user} ticket={data} />
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <SidePanel user={user} ticket={data} onChange={apply} busy={change.isPending} />
        </Grid.Col>
      </Grid>
      {confirmingDelete && (
        <ConfirmModal
          title={`Delete ticket #${data.number}?`}
          confirmLabel="Delete ticket"
          cancelLabel="Keep it"
          danger
          pending={remove.isPending}
          confirmTestId="confirm-delete"
          onConfirm={() => remove.mutate(data.version)}
          onClose={deleteDialog.close}
        >
          <Text size="sm">The ticket, its conversation and its history will be removed for good. This cannot be undone.</Text>
        </ConfirmModal>
      )}
    </Stack>
  );
}
