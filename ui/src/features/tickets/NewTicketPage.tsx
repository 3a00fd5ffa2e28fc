import { Button, Group, Paper, Select, SegmentedControl, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";

import { commands, type NewTicket, type Priority, type UserDto } from "../../bindings";
import { useAction } from "../../lib/mutations";
import { useDepartments } from "../departments/queries";
import { useUsers } from "../users/queries";
import { lengthError, LIMITS, PRIORITIES, PRIORITY } from "./labels";
import { useStoreTicket } from "./queries";

interface NewTicketValues {
  title: string;
  description: string;
  departmentId: string;
  priority: Priority;
  requesterId: string;
}

/** Files a ticket; staff may file it on behalf of a customer. */
export function NewTicketPage({ user, onCreated, onCancel }: { user: UserDto; onCreated: (id: number) => void; onCancel: () => void }) {
  const staff = user.role !== "customer";
  const departments = useDepartments();
  const customers = useUsers({ enabled: staff, select: (users) => users.filter((u) => u.role === "customer" && u.active) });
  const storeTicket = useStoreTicket();
  const form = useForm<NewTicketValues>({
    mode: "controlled",
    initialValues: { title: "", description: "", departmentId: "", priority: "medium", requesterId: "" },
    validate: {
      title: (value) => lengthError(value, LIMITS.titleMin, LIMITS.titleMax),
      description: (value) => lengthError(value, 1, LIMITS.descriptionMax),
      departmentId: (value) => (value === "" ? "Choose a department." : null),
    },
  });
  const create = useAction({
    command: (ticket: NewTicket) => commands.createTicket(ticket),
    success: (ticket) => ({ title: `Ticket #${ticket.number} created`, message: `We will get back to you${staff ? "" : " soon"}.` }),
    failure: "The ticket was not created",
    form,
    onSuccess: (ticket) => {
      storeTicket(ticket);
      onCreated(ticket.id);
    },
  });
  const submit = form.onSubmit((values) =>
    create.mutate({
      title: values.title,
      description: values.description,
      departmentId: Number(values.departmentId),
      priority: values.priority,
      requesterId: values.requesterId === "" ? null : Number(values.requesterId),
    }),
  );

  return (
    <Stack maw={760}>
      <Title order={2}>New ticket</Title>
      <Paper withBorder p="lg">
        <form onSubmit={submit} noValidate>
          <Stack>
            {staff && (
              <Select
                label="Requester"
                description="File it for a customer, or leave empty to file it yourself."
                placeholder="Myself"
                searchable
                clearable
                data={(customers.data ?? []).map((c) => ({ value: String(c.id), label: `${c.displayName} (${c.username})` }))}
                {...form.getInputProps("requesterId")}
                onChange={(value: string | null) => form.setFieldValue("requesterId", value ?? "")}
              />
            )}
            <TextInput
              label="Title"
              placeholder="Summarise the problem in a few words"
              required
              autoFocus
              {...form.getInputProps("title")}
              name="title"
            />
            <Textarea
              label="Description"
              placeholder="What happened, what did you expect, and what have you tried?"
              required
              autosize
              minRows={5}
              maxRows={16}
              {...form.getInputProps("description")}
              name="description"
            />
            <Group grow align="flex-start">
              <Select
                label="Department"
                placeholder="Choose one"
                required
                data={(departments.data ?? []).map((d) => ({ value: String(d.id), label: d.name }))}
                {...form.getInputProps("departmentId")}
                onChange={(value: string | null) => form.setFieldValue("departmentId", value ?? "")}
                name="departmentId"
                data-testid="department-select"
              />
              <Stack gap={4}>
                <Text size="sm" fw={500}>
                  Priority
                </Text>
                <SegmentedControl
                  aria-label="Priority"
                  data={PRIORITIES.map((p) => ({ value: p, label: PRIORITY[p].label }))}
                  {...form.getInputProps("priority")}
                />
              </Stack>
            </Group>
            <Group justify="flex-end">
              <Button variant="default" onClick={onCancel}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending} data-testid="submit-ticket">
                Create ticket
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
