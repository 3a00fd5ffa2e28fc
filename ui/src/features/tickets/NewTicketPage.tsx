import { Button, Group, Paper, Select, SegmentedControl, Stack, Text, Textarea, TextInput, Title, type SelectProps } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";

import { commands, type NewTicket, type Priority, type UserDto } from "../../bindings";
import { useAction } from "../../lib/mutations";
import { useDepartments } from "../departments/queries";
import { useCustomerSearch } from "../users/queries";
import { lengthError, LIMITS, PRIORITIES, PRIORITY } from "./labels";
import { useStoreTicket } from "./queries";

interface NewTicketValues {
  title: string;
  description: string;
  departmentId: string;
  priority: Priority;
  requesterId: string;
}

/** Whom staff file a ticket for: customers are searched in Rust as the person types (a desk may hold
 * tens of thousands), and the one chosen stays shown while other searches come and go. */
function CustomerPicker(props: Omit<SelectProps, "data">) {
  const [search, setSearch] = useState("");
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(null);
  const [text] = useDebouncedValue(search, 80);
  const found = useCustomerSearch(text.trim());
  const options = (found.data ?? []).map((c) => ({ value: String(c.id), label: `${c.displayName} (${c.username})` }));
  const data = chosen && !options.some((o) => o.value === chosen.value) ? [chosen, ...options] : options;
  return (
    <Select
      label="Requester"
      description="File it for a customer, or leave empty to file it yourself."
      placeholder="Myself (type to find a customer)"
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      // Rust matched names, usernames and emails already; the list shows what it found.
      filter={({ options: all }) => all}
      nothingFoundMessage={found.isFetching ? "Searching…" : "No active customer matches"}
      data={data}
      data-testid="requester-picker"
      {...props}
      // The form keeps "" for nobody; the Select shows no clear button only for null.
      value={props.value || null}
      onChange={(value, option) => {
        setChosen(value === null ? null : option);
        props.onChange?.(value, option);
      }}
    />
  );
}

/** Files a ticket; staff may file it on behalf of a customer. */
export function NewTicketPage({ user, onCreated, onCancel }: { user: UserDto; onCreated: (id: number) => void; onCancel: () => void }) {
  const staff = user.role !== "customer";
  const departments = useDepartments({ forPicking: true });
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
              <CustomerPicker
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
