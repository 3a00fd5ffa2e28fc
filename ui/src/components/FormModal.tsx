import { Button, Group, Modal, Stack, type ModalProps } from "@mantine/core";
import type { FormEventHandler, ReactNode } from "react";

/** A form in a modal: its fields, then Cancel and the submit button. */
export function FormModal({
  title,
  opened = true,
  size,
  submitLabel,
  pending = false,
  danger = false,
  submitTestId,
  onSubmit,
  onClose,
  children,
}: {
  title: string;
  opened?: boolean;
  size?: ModalProps["size"];
  submitLabel: string;
  pending?: boolean;
  /** The submit button is red: what it does is hard to undo. */
  danger?: boolean;
  submitTestId?: string;
  onSubmit: FormEventHandler<HTMLFormElement>;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} size={size}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          {children}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color={danger ? "red" : undefined} loading={pending} data-testid={submitTestId}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
