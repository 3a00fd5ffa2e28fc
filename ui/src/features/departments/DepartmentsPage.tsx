import { ActionIcon, Group, Paper, Select, Stack, Table, Text, TextInput, Title, Tooltip, Button } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconPencil, IconPlus, IconTrash } from "@tabler/icons-react";
import { useState } from "react";

import { commands, type DepartmentDto } from "../../bindings";
import { WRAP } from "../../lib/styles";
import { ConfirmModal } from "../../components/ConfirmModal";
import { FormModal } from "../../components/FormModal";
import { QueryView } from "../../components/QueryView";
import { errorMessage } from "../../lib/ipc";
import { useAction } from "../../lib/mutations";
import { queryKeys } from "../../lib/queryKeys";
import { characters, LIMITS } from "../tickets/labels";
import { useDepartments } from "./queries";

function nameError(value: string): string | null {
  const length = characters(value.trim());
  return length === 0 || length > LIMITS.departmentNameMax ? `Use 1 to ${LIMITS.departmentNameMax} characters, on one line.` : null;
}

/** A department change shows in the list and in the audit log. */
const CHANGES_DEPARTMENTS = [queryKeys.departments, queryKeys.audit];

function CreateForm() {
  const form = useForm({ mode: "controlled", initialValues: { name: "" }, validate: { name: nameError } });
  const create = useAction({
    command: (name: string) => commands.createDepartment(name),
    invalidates: CHANGES_DEPARTMENTS,
    success: (department) => `${department.name} was created.`,
    failure: "The department was not created",
    form,
    onSuccess: () => form.reset(),
  });
  return (
    <form onSubmit={form.onSubmit(({ name }) => create.mutate(name))} noValidate>
      <Group align="flex-start">
        <TextInput placeholder="New department name" aria-label="New department name" {...form.getInputProps("name")} name="name" w={320} />
        <Button type="submit" leftSection={<IconPlus size={16} />} loading={create.isPending} data-testid="create-department">
          Add department
        </Button>
      </Group>
    </form>
  );
}

function RenameModal({ department, onClose }: { department: DepartmentDto; onClose: () => void }) {
  const form = useForm({ mode: "controlled", initialValues: { name: department.name }, validate: { name: nameError } });
  const rename = useAction({
    command: (name: string) => commands.renameDepartment(department.id, name),
    invalidates: CHANGES_DEPARTMENTS,
    success: () => "The department was renamed.",
    failure: "The department was not renamed",
    form,
    onSuccess: onClose,
  });
  return (
    <FormModal
      title={`Rename ${department.name}`}
      submitLabel="Rename"
      pending={rename.isPending}
      onSubmit={form.onSubmit(({ name }) => rename.mutate(name))}
      onClose={onClose}
    >
      <TextInput label="Name" autoFocus {...form.getInputProps("name")} name="name" />
    </FormModal>
  );
}

/** Confirms a deletion; a department in use needs somewhere for its tickets to go. */
function DeleteModal({ department, others, onClose }: { department: DepartmentDto; others: DepartmentDto[]; onClose: () => void }) {
  const [moveTo, setMoveTo] = useState<string | null>(null);
  const inUse = (department.totalTickets ?? 0) > 0;
  const remove = useAction({
    command: () =>
      commands.deleteDepartment({
        id: department.id,
        ticketsSeen: department.totalTickets ?? 0,
        moveTicketsTo: moveTo === null ? null : Number(moveTo),
      }),
    // Moved tickets show their new department in the queue.
    invalidates: [...CHANGES_DEPARTMENTS, queryKeys.tickets],
    success: () => `${department.name} was deleted.`,
    failure: "The department was not deleted",
    onSuccess: onClose,
  });
  return (
    <ConfirmModal
      title={`Delete ${department.name}?`}
      confirmLabel={inUse ? "Move tickets and delete" : "Delete department"}
      cancelLabel="Keep it"
      danger
      pending={remove.isPending}
      disabled={inUse && moveTo === null}
      confirmTestId="confirm-delete-department"
      onConfirm={() => remove.mutate()}
      onClose={onClose}
    >
      {inUse ? (
        <>
          <Text size="sm" data-testid="department-in-use">
            {department.totalTickets} ticket{department.totalTickets === 1 ? "" : "s"} ({department.openTickets} open) use this department. Choose
            where they go; each ticket's history records the move.
          </Text>
          <Select
            label="Move its tickets to"
            placeholder="Choose a department"
            data={others.map((d) => ({ value: String(d.id), label: d.name }))}
            value={moveTo}
            onChange={setMoveTo}
            data-testid="move-tickets-to"
          />
        </>
      ) : (
        <Text size="sm">No tickets use this department.</Text>
      )}
      {remove.isError && (
        <Text size="sm" c="red" role="alert">
          {errorMessage(remove.error)}
        </Text>
      )}
    </ConfirmModal>
  );
}

export function DepartmentsPage() {
  const departments = useDepartments();
  const [renaming, setRenaming] = useState<DepartmentDto | null>(null);
  // The row as last read, not as it was clicked: the dialog shows the counts the deletion is checked against.
  const [deletingId, setDeletingId] = useState<number | null>(null);
  const deleting = departments.data?.find((d) => d.id === deletingId);
  return (
    <Stack>
      <Title order={2}>Departments</Title>
      <CreateForm />
      <QueryView query={departments}>
        {(list) => (
          <Paper withBorder maw={760}>
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th ta="right">Open tickets</Table.Th>
                  <Table.Th ta="right">All tickets</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((department) => (
                  <Table.Tr key={department.id} data-testid={`department-${department.name}`}>
                    <Table.Td fw={500} style={WRAP}>
                      {department.name}
                    </Table.Td>
                    <Table.Td ta="right">{department.openTickets}</Table.Td>
                    <Table.Td ta="right">{department.totalTickets}</Table.Td>
                    <Table.Td>
                      <Group gap={4} justify="flex-end">
                        <Tooltip label="Rename">
                          <ActionIcon variant="subtle" aria-label={`Rename ${department.name}`} onClick={() => setRenaming(department)}>
                            <IconPencil size={16} />
                          </ActionIcon>
                        </Tooltip>
                        <Tooltip label="Delete">
                          <ActionIcon
                            variant="light"
                            color="red"
                            aria-label={`Delete ${department.name}`}
                            onClick={() => setDeletingId(department.id)}
                          >
                            <IconTrash size={16} />
                          </ActionIcon>
                        </Tooltip>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
      </QueryView>
      {renaming && <RenameModal department={renaming} onClose={() => setRenaming(null)} />}
      {deleting && departments.data && (
        <DeleteModal department={deleting} others={departments.data.filter((d) => d.id !== deleting.id)} onClose={() => setDeletingId(null)} />
      )}
    </Stack>
  );
}
