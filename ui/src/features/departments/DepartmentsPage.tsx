import { ActionIcon, Button, Center, Group, Loader, Modal, Paper, Select, Stack, Table, Text, TextInput, Title, Tooltip } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconPencil, IconPlus, IconTrash } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { commands, type DepartmentDto } from "../../bindings";
import { showFieldErrors } from "../../lib/forms";
import { errorMessage, unwrap } from "../../lib/ipc";
import { notifyError, notifySuccess } from "../../lib/notify";

const departmentsKey = ["departments"] as const;

function nameError(value: string): string | null {
  const length = value.trim().length;
  return length === 0 || length > 100 ? "Use 1 to 100 characters, on one line." : null;
}

function useRefresh() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: departmentsKey });
    void queryClient.invalidateQueries({ queryKey: ["audit"] });
  };
}

function CreateForm() {
  const refresh = useRefresh();
  const form = useForm({ mode: "controlled", initialValues: { name: "" }, validate: { name: nameError } });
  const create = useMutation({
    mutationFn: (name: string) => unwrap(commands.createDepartment(name)),
    onSuccess: (department) => {
      refresh();
      form.reset();
      notifySuccess(`${department.name} was created.`);
    },
    onError: (error) => {
      showFieldErrors(form, error);
      notifyError(error, "The department was not created");
    },
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
  const refresh = useRefresh();
  const form = useForm({ mode: "controlled", initialValues: { name: department.name }, validate: { name: nameError } });
  const rename = useMutation({
    mutationFn: (name: string) => unwrap(commands.renameDepartment(department.id, name)),
    onSuccess: () => {
      refresh();
      notifySuccess("The department was renamed.");
      onClose();
    },
    onError: (error) => {
      showFieldErrors(form, error);
      notifyError(error, "The department was not renamed");
    },
  });
  return (
    <Modal opened onClose={onClose} title={`Rename ${department.name}`}>
      <form onSubmit={form.onSubmit(({ name }) => rename.mutate(name))} noValidate>
        <Stack>
          <TextInput label="Name" autoFocus {...form.getInputProps("name")} name="name" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={rename.isPending}>
              Rename
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Confirms a deletion; a department in use needs somewhere for its tickets to go. */
function DeleteModal({ department, others, onClose }: { department: DepartmentDto; others: DepartmentDto[]; onClose: () => void }) {
  const refresh = useRefresh();
  const [moveTo, setMoveTo] = useState<string | null>(null);
  const inUse = (department.totalTickets ?? 0) > 0;
  const remove = useMutation({
    mutationFn: () => unwrap(commands.deleteDepartment({ id: department.id, moveTicketsTo: moveTo === null ? null : Number(moveTo) })),
    onSuccess: () => {
      refresh();
      notifySuccess(`${department.name} was deleted.`);
      onClose();
    },
    onError: (error) => notifyError(error, "The department was not deleted"),
  });
  return (
    <Modal opened onClose={onClose} title={`Delete ${department.name}?`}>
      <Stack>
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
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Keep it
          </Button>
          <Button
            color="red"
            disabled={inUse && moveTo === null}
            loading={remove.isPending}
            onClick={() => remove.mutate()}
            data-testid="confirm-delete-department"
          >
            {inUse ? "Move tickets and delete" : "Delete department"}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function DepartmentsPage() {
  const departments = useQuery({ queryKey: departmentsKey, queryFn: () => unwrap(commands.listDepartments()) });
  const [renaming, setRenaming] = useState<DepartmentDto | null>(null);
  const [deleting, setDeleting] = useState<DepartmentDto | null>(null);
  return (
    <Stack>
      <Title order={2}>Departments</Title>
      <CreateForm />
      {departments.isPending && (
        <Center py="xl">
          <Loader />
        </Center>
      )}
      {departments.isError && <Text c="red">{errorMessage(departments.error)}</Text>}
      {departments.data && (
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
              {departments.data.map((department) => (
                <Table.Tr key={department.id} data-testid={`department-${department.name}`}>
                  <Table.Td fw={500}>{department.name}</Table.Td>
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
                        <ActionIcon variant="subtle" color="red" aria-label={`Delete ${department.name}`} onClick={() => setDeleting(department)}>
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
      {renaming && <RenameModal department={renaming} onClose={() => setRenaming(null)} />}
      {deleting && departments.data && (
        <DeleteModal department={deleting} others={departments.data.filter((d) => d.id !== deleting.id)} onClose={() => setDeleting(null)} />
      )}
    </Stack>
  );
}
