import { Badge, Button, Group, Paper, Select, Stack, Table, TextInput, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconSearch, IconUserPlus } from "@tabler/icons-react";
import { useState } from "react";

import { commands, type NewAccount_Deserialize as NewAccount, type Role, type UserDto } from "../../bindings";
import { FormModal } from "../../components/FormModal";
import { QueryView } from "../../components/QueryView";
import { useAction } from "../../lib/mutations";
import { queryKeys } from "../../lib/queryKeys";
import { AccountFields, onAccountSubmit, useAccountForm, useAccountPasswordStrength } from "../auth/AccountFields";
import { ROLE_LABELS } from "../shell/navigation";
import { useUsers } from "./queries";
import { UserActions } from "./UserActions";

/** The roles `actor` may give a new account (Rust decides; this only narrows the choice). */
export function creatableRoles(actor: Role): Role[] {
  return actor === "admin" ? ["customer", "agent", "admin"] : ["customer", "agent"];
}

function NewAccountModal({ actor, opened, onClose }: { actor: UserDto; opened: boolean; onClose: () => void }) {
  const form = useAccountForm();
  const strength = useAccountPasswordStrength(form);
  const [role, setRole] = useState<Role>("customer");
  const create = useAction({
    command: (account: NewAccount) => commands.createUser({ account, role }),
    invalidates: [queryKeys.users],
    success: (user) => ({ title: `${ROLE_LABELS[user.role]} account created`, message: `${user.displayName} can now log in as ${user.username}.` }),
    failure: "The account was not created",
    form,
    onSuccess: () => {
      form.reset();
      onClose();
    },
  });
  return (
    <FormModal
      title="New account"
      opened={opened}
      size="md"
      submitLabel="Create account"
      pending={create.isPending}
      onSubmit={onAccountSubmit(form, strength, (account) => create.mutate(account))}
      onClose={onClose}
    >
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
    </FormModal>
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
  const users = useUsers();

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
      <QueryView
        query={users}
        isEmpty={(everyone) => !everyone.some((u) => matchesFilters(u, search, role, status))}
        empty="No users match these filters."
      >
        {(everyone) => (
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
                {everyone
                  .filter((u) => matchesFilters(u, search, role, status))
                  .map((user) => (
                    <Table.Tr key={user.id} data-testid={`user-${user.username}`}>
                      <Table.Td>{user.displayName}</Table.Td>
                      <Table.Td>{user.username}</Table.Td>
                      <Table.Td>{user.email}</Table.Td>
                      <Table.Td>{ROLE_LABELS[user.role]}</Table.Td>
                      <Table.Td>
                        <StatusBadge user={user} />
                      </Table.Td>
                      <Table.Td>{actor.role === "admin" && <UserActions user={user} actor={actor} everyone={everyone} />}</Table.Td>
                    </Table.Tr>
                  ))}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
      </QueryView>
    </Stack>
  );
}
