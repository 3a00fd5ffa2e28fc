import { ActionIcon, Button, Group, Loader, Menu, Radio, Select, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconDots, IconKey, IconLockOpen, IconPencil, IconTrash, IconUserCheck, IconUserOff } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { commands, type Role, type UserDto, type UserUpdate } from "../../bindings";
import { ConfirmModal } from "../../components/ConfirmModal";
import { FormModal } from "../../components/FormModal";
import { unwrap } from "../../lib/ipc";
import { useAction } from "../../lib/mutations";
import { queryKeys } from "../../lib/queryKeys";
import { submitStrongEnough } from "../auth/AccountFields";
import { usePasswordStrength } from "../auth/passwordStrength";
import { NewPasswordFields } from "../auth/NewPasswordFields";
import { YourPasswordField } from "../auth/YourPasswordField";
import { displayNameError, emailError, passwordError } from "../auth/rules";
import { ROLE_LABELS } from "../shell/navigation";

/** An admin's change to an account shows in the list and in the audit log. */
const CHANGES_USERS = [queryKeys.users, queryKeys.audit];

function EditModal({ user, onClose }: { user: UserDto; onClose: () => void }) {
  const form = useForm({
    mode: "controlled",
    initialValues: { id: user.id, displayName: user.displayName, email: user.email, role: user.role, password: "" },
    validate: {
      displayName: displayNameError,
      email: emailError,
      password: (value, values) => (values.role !== user.role && !value ? "Enter your password to change a role." : null),
    },
  });
  const roleChanges = form.getValues().role !== user.role;
  const save = useAction({
    command: (update: UserUpdate) => commands.updateUser(update),
    invalidates: CHANGES_USERS,
    success: (saved) => `${saved.displayName} was updated.`,
    failure: "The user was not updated",
    form,
    onSuccess: onClose,
  });
  return (
    <FormModal
      title={`Edit ${user.username}`}
      submitLabel="Save"
      pending={save.isPending}
      onSubmit={form.onSubmit(({ password, ...values }) => save.mutate({ ...values, password: values.role !== user.role ? password : null }))}
      onClose={onClose}
    >
      <TextInput label="Full name" {...form.getInputProps("displayName")} name="displayName" />
      <TextInput label="Email" {...form.getInputProps("email")} name="email" />
      <Select
        label="Role"
        data={(["customer", "agent", "admin"] as Role[]).map((value) => ({ value, label: ROLE_LABELS[value] }))}
        allowDeselect={false}
        {...form.getInputProps("role")}
        data-testid="edit-role"
      />
      {roleChanges && <YourPasswordField why="A new role changes what this account may do: confirm it is you." {...form.getInputProps("password")} />}
    </FormModal>
  );
}

function ResetPasswordModal({ user, onClose }: { user: UserDto; onClose: () => void }) {
  const form = useForm({
    mode: "controlled",
    initialValues: { password: "" },
    validate: { password: (v: string) => passwordError(v, user.username, user.email) },
  });
  const strength = usePasswordStrength(form.getValues().password, [user.username, user.email, user.displayName]);
  const reset = useAction({
    command: (password: string) => commands.resetUserPassword(user.id, password),
    invalidates: [queryKeys.audit],
    success: () => ({ title: "Password reset", message: `Give ${user.displayName} the new password; they can change it in their profile.` }),
    failure: "The password was not reset",
    form,
    onSuccess: onClose,
  });
  const submit = submitStrongEnough(form, "password", strength, ({ password }) => reset.mutate(password));
  return (
    <FormModal
      title={`Reset the password of ${user.username}`}
      submitLabel="Set password"
      pending={reset.isPending}
      onSubmit={submit}
      onClose={onClose}
    >
      <NewPasswordFields form={form} field="password" label="New password" strength={strength} />
    </FormModal>
  );
}

function ActiveModal({ user, onClose }: { user: UserDto; onClose: () => void }) {
  const activate = !user.active;
  const toggle = useAction({
    command: () => commands.setUserActive(user.id, activate),
    invalidates: CHANGES_USERS,
    success: (saved) => (activate ? `${saved.displayName} can log in again.` : `${saved.displayName} can no longer log in.`),
    failure: activate ? "The user was not reactivated" : "The user was not deactivated",
    onSuccess: onClose,
  });
  return (
    <ConfirmModal
      title={`${activate ? "Reactivate" : "Deactivate"} ${user.displayName}?`}
      confirmLabel={activate ? "Reactivate" : "Deactivate"}
      danger={!activate}
      pending={toggle.isPending}
      confirmTestId="confirm-active"
      onConfirm={() => toggle.mutate()}
      onClose={onClose}
    >
      <Text size="sm">
        {activate
          ? "They will be able to log in again with their password."
          : "They will be logged out and unable to log in. Their tickets, replies and history stay."}
      </Text>
    </ConfirmModal>
  );
}

/** Confirms a deletion and, when the user requested tickets, asks what becomes of them. */
function DeleteModal({ user, others, onClose }: { user: UserDto; others: UserDto[]; onClose: () => void }) {
  const requested = useQuery({ queryKey: queryKeys.requestedTickets(user.id), queryFn: () => unwrap(commands.countRequestedTickets(user.id)) });
  const [choice, setChoice] = useState<"move" | "delete">("move");
  const [heir, setHeir] = useState<string | null>(null);
  const count = requested.data ?? 0;
  const remove = useAction({
    command: () =>
      commands.deleteUser({
        id: user.id,
        ticketsSeen: count,
        requestedTickets: count === 0 ? null : choice === "delete" ? { kind: "delete" } : { kind: "moveTo", to: Number(heir) },
      }),
    // Their tickets moved, went, or lost their assignee; on a conflict, the count is read again.
    invalidates: [...CHANGES_USERS, queryKeys.tickets, queryKeys.requestedTickets(user.id)],
    success: () => `${user.displayName}'s account was deleted.`,
    failure: "The user was not deleted",
    onSuccess: onClose,
  });
  const ready = count === 0 || choice === "delete" || heir !== null;
  return (
    <ConfirmModal
      title={`Delete ${user.displayName}?`}
      confirmLabel="Delete account"
      danger
      pending={remove.isPending}
      disabled={!ready || requested.isPending}
      confirmTestId="confirm-delete-user"
      onConfirm={() => remove.mutate()}
      onClose={onClose}
    >
      <Text size="sm">
        Their account goes for good. Tickets assigned to them become unassigned; their replies and history stay, credited to &ldquo;Deleted
        user&rdquo;. To keep the account but stop them logging in, deactivate it instead.
      </Text>
      {requested.isPending && <Loader size="sm" />}
      {count > 0 && (
        <Radio.Group
          label={`They requested ${count} ticket${count === 1 ? "" : "s"}. What becomes of ${count === 1 ? "it" : "them"}?`}
          value={choice}
          onChange={(value) => setChoice(value)}
        >
          <Stack gap="xs" mt="xs">
            <Radio value="move" label="Move them to another user" data-testid="move-requested" />
            {choice === "move" && (
              <Select
                placeholder="Choose who gets them"
                searchable
                data={others.map((o) => ({ value: String(o.id), label: `${o.displayName} (${o.username})` }))}
                value={heir}
                onChange={setHeir}
                data-testid="heir-select"
              />
            )}
            <Radio value="delete" label="Delete them, with their conversations" data-testid="delete-requested" />
          </Stack>
        </Radio.Group>
      )}
    </ConfirmModal>
  );
}

/** An admin's actions on another account: edit, reset password, (de)activate, unlock, delete. */
export function UserActions({ user, actor, everyone }: { user: UserDto; actor: UserDto; everyone: UserDto[] }) {
  const [open, setOpen] = useState<"edit" | "password" | "active" | "delete" | null>(null);
  const unlock = useAction({
    command: () => commands.unlockUser(user.id),
    invalidates: [queryKeys.users],
    success: (saved) => ({ title: "Account unlocked", message: `${saved.displayName} can log in again.` }),
    failure: "The account was not unlocked",
  });
  const self = user.id === actor.id;
  return (
    <Group gap={4} justify="flex-end" wrap="nowrap">
      {user.locked && (
        <Button size="xs" variant="light" leftSection={<IconLockOpen size={14} />} loading={unlock.isPending} onClick={() => unlock.mutate()}>
          Unlock
        </Button>
      )}
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" aria-label={`Actions for ${user.username}`} data-testid={`actions-${user.username}`}>
            <IconDots size={16} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => setOpen("edit")}>
            Edit details and role
          </Menu.Item>
          <Menu.Item leftSection={<IconKey size={14} />} disabled={self} onClick={() => setOpen("password")}>
            Reset password
          </Menu.Item>
          <Menu.Item
            leftSection={user.active ? <IconUserOff size={14} /> : <IconUserCheck size={14} />}
            color={user.active ? "red" : undefined}
            disabled={self}
            onClick={() => setOpen("active")}
          >
            {user.active ? "Deactivate" : "Reactivate"}
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item leftSection={<IconTrash size={14} />} color="red" disabled={self} onClick={() => setOpen("delete")}>
            Delete account
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {open === "edit" && <EditModal user={user} onClose={() => setOpen(null)} />}
      {open === "password" && <ResetPasswordModal user={user} onClose={() => setOpen(null)} />}
      {open === "active" && <ActiveModal user={user} onClose={() => setOpen(null)} />}
      {open === "delete" && <DeleteModal user={user} others={everyone.filter((o) => o.id !== user.id && o.active)} onClose={() => setOpen(null)} />}
    </Group>
  );
}
