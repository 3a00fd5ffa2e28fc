import { Badge, Button, Center, Group, Loader, Modal, Paper, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconSearch, IconUserPlus } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { commands, type NewAccount_Deserialize as NewAccount, type Role, type UserDto } from "../../bindings";
import { showFieldErrors } from "../../lib/forms";
import { errorMessage, unwrap } from "../../lib/ipc";
import { notifyError, notifySuccess } from "../../lib/notify";
import { AccountFields, onAccountSubmit, useAccountForm, useAccountPasswordStrength } from "../auth/AccountFields";
import { ROLE_LABELS } from "../shell/navigation";
import { UserActions, usersKey } from "./UserActions";

/** The roles `actor` may give a new account (Rust decides; this only narrows the choice). */
export function creatableRoles(actor: Role): Role[] {
  return actor === "admin" ? ["customer", "agent", "admin"] : ["customer", "agent"];
}

function NewAccountModal({ actor, opened, onClose }: { actor: UserDto; opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useAccountForm();
  const strength = useAccountPasswordStrength(form);
  const [role, setRole] = useState<Role>("customer");
  const create = useMutation({
    mutationFn: (account: NewAccount) => unwrap(commands.createUser({ account, role })),
    onSuccess: (user) => {
      void queryClient.invalidateQueries({ queryKey: usersKey });
      notifySuccess(`${user.displayName} can now log in as ${user.username}.`, `${ROLE_LABELS[user.role]} account created`);
      form.reset();
      onClose();
    },
    onError: (error) => {
      showFieldErrors(form, error);
      notifyError(error, "The account was not created");
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title="New account" size="md">
      <form onSubmit={onAccountSubmit(form, strength, (account) => create.mutate(account))} noValidate>
        <Stack>
          <Select
            label="Role"
            data={creatableRoles(actor.role).map((value) => ({ value, label: ROLE_LABELS[value] }))}
            value={role}
            onChange={(value) => value && setRole(value)}
            allowDeselect={false}
            name="role"
            data-testid="new-account-role"
          />
          <AccountFields form={form} strength={strength} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create account
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function StatusBadge({ user }: { user: UserDto }) {
  if (!user.active) {
    return (
      <Badge color="gray" variant="light">
        Deactivated
      </Badge>
    );
  }
  if (user.locked) {
    return (
      <Badge color="orange" variant="light">
        Locked
      </Badge>
    );
  }
  return (
    <Badge color="teal" variant="light">
      Active
    </Badge>
  );
}

/** Matches the search text against name, username and email, and the role and status filters. */
export function matchesFilters(user: UserDto, search: string, role: string | null, status: string | null): boolean {
  const text = search.trim().toLowerCase();
  const found = text === "" || [user.displayName, user.username, user.email].some((v) => v.toLowerCase().includes(text));
  const state = !user.active ? "deactivated" : user.locked ? "locked" : "active";
  return found && (role === null || user.role === role) && (status === null || state === status);
}

export function UsersPage({ user: actor }: { user: UserDto }) {
  const [creating, { open, close }] = useDisclosure(false);
  const [search, setSearch] = useState("");
  const [role, setRole] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const users = useQuery({ queryKey: usersKey, queryFn: () => unwrap(commands.listUsers()) });
  const shown = users.data?.filter((u) => matchesFilters(u, search, role, status));

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Users</Title>
        <Button leftSection={<IconUserPlus size={16} />} onClick={open} data-testid="new-account">
          New account
        </Button>
      </Group>
      <NewAccountModal actor={actor} opened={creating} onClose={close} />
      <Group>
        <TextInput
          placeholder="Search name, username or email"
          aria-label="Search users"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          w={320}
        />
        <Select
          placeholder="Any role"
          aria-label="Role"
          clearable
          data={(["customer", "agent", "admin"] as Role[]).map((value) => ({ value, label: ROLE_LABELS[value] }))}
          value={role}
          onChange={setRole}
          w={170}
        />
        <Select
          placeholder="Any status"
          aria-label="Status"
          clearable
          data={[
            { value: "active", label: "Active" },
            { value: "locked", label: "Locked" },
            { value: "deactivated", label: "Deactivated" },
          ]}
          value={status}
          onChange={setStatus}
          w={170}
        />
      </Group>
      {users.isPending && (
        <Center py="xl">
          <Loader />
        </Center>
      )}
      {users.isError && <Text c="red">{errorMessage(users.error)}</Text>}
      {shown && shown.length === 0 && <Text c="dimmed">No users match these filters.</Text>}
      {shown && shown.length > 0 && (
        <Paper withBorder>
          <Table highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Username</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((user) => (
                <Table.Tr key={user.id} data-testid={`user-${user.username}`}>
                  <Table.Td>{user.displayName}</Table.Td>
                  <Table.Td>{user.username}</Table.Td>
                  <Table.Td>{user.email}</Table.Td>
                  <Table.Td>{ROLE_LABELS[user.role]}</Table.Td>
                  <Table.Td>
                    <StatusBadge user={user} />
                  </Table.Td>
                  <Table.Td>{actor.role === "admin" && <UserActions user={user} actor={actor} everyone={users.data ?? []} />}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </Stack>
  );
}
