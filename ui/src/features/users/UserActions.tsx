import { ActionIcon, Button, Group, Loader, Menu, Modal, PasswordInput, Radio, Select, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconDots, IconKey, IconLockOpen, IconPencil, IconTrash, IconUserCheck, IconUserOff } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { commands, type Role, type UserDto, type UserUpdate } from "../../bindings";
import { showFieldErrors } from "../../lib/forms";
import { unwrap } from "../../lib/ipc";
import { notifyError, notifySuccess } from "../../lib/notify";
import { weakPasswordError } from "../auth/AccountFields";
import { usePasswordStrength } from "../auth/passwordStrength";
import { PasswordStrengthMeter } from "../auth/PasswordStrengthMeter";
import { emailError, passwordError } from "../auth/rules";
import { ROLE_LABELS } from "../shell/navigation";

export const usersKey = ["users"] as const;

function useRefreshUsers() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: usersKey });
    void queryClient.invalidateQueries({ queryKey: ["audit"] });
  };
}

function EditModal({ user, onClose }: { user: UserDto; onClose: () => void }) {
  const refresh = useRefreshUsers();
  const form = useForm<UserUpdate>({
    mode: "controlled",
    initialValues: { id: user.id, displayName: user.displayName, email: user.email, role: user.role },
    validate: { displayName: (v) => (v.trim() === "" || v.trim().length > 100 ? "Use 1 to 100 characters." : null), email: emailError },
  });
  const save = useMutation({
    mutationFn: (update: UserUpdate) => unwrap(commands.updateUser(update)),
    onSuccess: (saved) => {
      refresh();
      notifySuccess(`${saved.displayName} was updated.`);
      onClose();
    },
    onError: (error) => {
      showFieldErrors(form, error);
      notifyError(error, "The user was not updated");
    },
  });
  return (
    <Modal opened onClose={onClose} title={`Edit ${user.username}`}>
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <Stack>
          <TextInput label="Full name" {...form.getInputProps("displayName")} name="displayName" />
          <TextInput label="Email" {...form.getInputProps("email")} name="email" />
          <Select
            label="Role"
            data={(["customer", "agent", "admin"] as Role[]).map((value) => ({ value, label: ROLE_LABELS[value] }))}
            allowDeselect={false}
            {...form.getInputProps("role")}
            data-testid="edit-role"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ResetPasswordModal({ user, onClose }: { user: UserDto; onClose: () => void }) {
  const form = useForm({
    mode: "controlled",
    initialValues: { password: "" },
    validate: { password: (v: string) => passwordError(v, user.username, user.email) },
  });
  const strength = usePasswordStrength(form.getValues().password, [user.username, user.email, user.displayName]);
  const reset = useMutation({
    mutationFn: (password: string) => unwrap(commands.resetUserPassword(user.id, password)),
    onSuccess: () => {
      notifySuccess(`Give ${user.displayName} the new password; they can change it in their profile.`, "Password reset");
      onClose();
    },
    onError: (error) => {
      showFieldErrors(form, error);
      notifyError(error, "The password was not reset");
    },
  });
  const submit = form.onSubmit(({ password }) => {
    const weak = weakPasswordError(strength);
    if (weak) {
      form.setFieldError("password", weak);
      return;
    }
    reset.mutate(password);
  });
  return (
    <Modal opened onClose={onClose} title={`Reset the password of ${user.username}`}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Stack gap={6}>
            <PasswordInput label="New password" autoComplete="new-password" {...form.getInputProps("password")} name="password" />
            <PasswordStrengthMeter strength={strength} />
          </Stack>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={reset.isPending}>
              Set password
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ActiveModal({ user, onClose }: { user: UserDto; onClose: () => void }) {
  const refresh = useRefreshUsers();
  const activate = !user.active;
  const toggle = useMutation({
    mutationFn: () => unwrap(commands.setUserActive(user.id, activate)),
    onSuccess: (saved) => {
      refresh();
      notifySuccess(activate ? `${saved.displayName} can log in again.` : `${saved.displayName} can no longer log in.`);
      onClose();
    },
    onError: (error) => notifyError(error, activate ? "The user was not reactivated" : "The user was not deactivated"),
  });
  return (
    <Modal opened onClose={onClose} title={`${activate ? "Reactivate" : "Deactivate"} ${user.displayName}?`}>
      <Stack>
        <Text size="sm">
          {activate
            ? "They will be able to log in again with their password."
            : "They will be logged out and unable to log in. Their tickets, replies and history stay."}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color={activate ? "teal" : "red"} loading={toggle.isPending} onClick={() => toggle.mutate()} data-testid="confirm-active">
            {activate ? "Reactivate" : "Deactivate"}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Confirms a deletion and, when the user requested tickets, asks what becomes of them. */
function DeleteModal({ user, others, onClose }: { user: UserDto; others: UserDto[]; onClose: () => void }) {
  const refresh = useRefreshUsers();
  const queryClient = useQueryClient();
  const requested = useQuery({ queryKey: ["requested", user.id], queryFn: () => unwrap(commands.countRequestedTickets(user.id)) });
  const [choice, setChoice] = useState<"move" | "delete">("move");
  const [heir, setHeir] = useState<string | null>(null);
  const count = requested.data ?? 0;
  const remove = useMutation({
    mutationFn: () =>
      unwrap(
        commands.deleteUser({
          id: user.id,
          requestedTickets: count === 0 ? null : choice === "delete" ? { kind: "delete" } : { kind: "moveTo", to: Number(heir) },
        }),
      ),
    onSuccess: () => {
      refresh();
      void queryClient.invalidateQueries({ queryKey: ["tickets"] });
      notifySuccess(`${user.displayName}'s account was deleted.`);
      onClose();
    },
    onError: (error) => notifyError(error, "The user was not deleted"),
  });
  const ready = count === 0 || choice === "delete" || heir !== null;
  return (
    <Modal opened onClose={onClose} title={`Delete ${user.displayName}?`}>
      <Stack>
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
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            color="red"
            disabled={!ready || requested.isPending}
            loading={remove.isPending}
            onClick={() => remove.mutate()}
            data-testid="confirm-delete-user"
          >
            Delete account
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** An admin's actions on another account: edit, reset password, (de)activate, unlock, delete. */
export function UserActions({ user, actor, everyone }: { user: UserDto; actor: UserDto; everyone: UserDto[] }) {
  const refresh = useRefreshUsers();
  const [open, setOpen] = useState<"edit" | "password" | "active" | "delete" | null>(null);
  const unlock = useMutation({
    mutationFn: () => unwrap(commands.unlockUser(user.id)),
    onSuccess: (saved) => {
      refresh();
      notifySuccess(`${saved.displayName} can log in again.`, "Account unlocked");
    },
    onError: (error) => notifyError(error, "The account was not unlocked"),
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
