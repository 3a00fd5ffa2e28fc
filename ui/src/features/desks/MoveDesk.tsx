import { Alert, Button, Group, Modal, Paper, PasswordInput, ScrollArea, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconCircleCheck, IconCloudUpload, IconDatabaseExport, IconPrinter } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { commands, type DeskCopied, type OneTimeCode } from "../../bindings";
import { FormModal } from "../../components/FormModal";
import { useAction } from "../../lib/mutations";
import { saveThrough } from "../../lib/saveDialog";
import { YourPasswordField } from "../auth/YourPasswordField";
import { ROLE_LABELS } from "../shell/navigation";
import { addressRules, initialAddress, TeamAddressFields, toAddress, type AddressValues } from "./TeamAddressFields";

type MoveValues = AddressValues & { ownerLogin: string; ownerPassword: string; password: string };

/** Admins, on this computer's desk: "Move this desk to a team server". */
export function MoveDeskPanel() {
  const [moving, setMoving] = useState(false);
  const [moved, setMoved] = useState<DeskCopied | null>(null);
  const queryClient = useQueryClient();
  return (
    <Paper withBorder p="lg" data-testid="move-desk">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3} size="h4">
            Team server
          </Title>
          <Button variant="default" leftSection={<IconCloudUpload size={16} />} onClick={() => setMoving(true)} data-testid="move-desk-open">
            Move this desk to a team server…
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          When one computer is no longer enough, the whole desk moves to a PostgreSQL server, and every colleague joins it from their own desktop. The
          desk on this computer is left as it was.
        </Text>
      </Stack>
      {moving && <MoveDeskModal onClose={() => setMoving(false)} onMoved={setMoved} />}
      {moved && (
        <DeskCopiedModal
          copied={moved}
          title="The desk is on the team server"
          doneLabel="Go to the team desk"
          // The app works on the team desk now: every screen reads it afresh.
          onClose={() => void queryClient.invalidateQueries()}
        />
      )}
    </Paper>
  );
}

function MoveDeskModal({ onClose, onMoved }: { onClose: () => void; onMoved: (moved: DeskCopied) => void }) {
  const form = useForm<MoveValues>({
    mode: "controlled",
    initialValues: { ...initialAddress(null), ownerLogin: "", ownerPassword: "", password: "" },
    validate: {
      ...addressRules,
      ownerLogin: (value) => (value.trim() === "" ? "Enter the PostgreSQL login that sets the desk up." : null),
      ownerPassword: (value) => (value === "" ? "Enter its password." : null),
      password: (value) => (value === "" ? "Enter your password to move the desk." : null),
    },
  });
  const move = useAction({
    command: (values: MoveValues) =>
      commands.moveDeskToServer({
        address: toAddress(values),
        owner: { login: values.ownerLogin.trim(), password: values.ownerPassword },
        password: values.password,
      }),
    failure: "The desk was not moved",
    form,
    onSuccess: (moved) => {
      onClose();
      onMoved(moved);
    },
  });
  return (
    <FormModal
      title="Move this desk to a team server"
      size="lg"
      submitLabel="Move the desk"
      pending={move.isPending}
      submitTestId="move-desk-submit"
      onSubmit={form.onSubmit((values) => move.mutate(values))}
      onClose={onClose}
    >
      <Text size="sm">
        Every ticket, account and setting is copied into an empty database on the server, checked table by table, and this desktop then works on it.
        Passwords cannot move: each colleague gets a one-time code to sign in with once and choose their own (the list is saved beside this desk's
        file). You keep yours.
      </Text>
      <TeamAddressFields form={form} onCaFile={(file) => form.setFieldValue("caFile", file)} />
      <Group grow align="flex-start">
        <TextInput
          label="Owner login"
          description="A PostgreSQL login that may create roles and owns the database, used once."
          {...form.getInputProps("ownerLogin")}
          name="ownerLogin"
        />
        <PasswordInput label="Its password" description="Kept nowhere." {...form.getInputProps("ownerPassword")} name="ownerPassword" />
      </Group>
      <YourPasswordField why="Moving the desk gives every account a new password: confirm it is you." {...form.getInputProps("password")} />
    </FormModal>
  );
}

/** Admins, on a team desk: "Export the desk" into a file this app opens offline. */
export function ExportDeskButton() {
  const [exporting, setExporting] = useState(false);
  const [exported, setExported] = useState<DeskCopied | null>(null);
  return (
    <>
      <Group>
        <Button variant="default" leftSection={<IconDatabaseExport size={16} />} onClick={() => setExporting(true)} data-testid="export-desk-open">
          Export the desk…
        </Button>
      </Group>
      {exporting && <ExportDeskModal onClose={() => setExporting(false)} onExported={setExported} />}
      {exported && <DeskCopiedModal copied={exported} title="The desk is exported" doneLabel="Done" onClose={() => setExported(null)} />}
    </>
  );
}

function ExportDeskModal({ onClose, onExported }: { onClose: () => void; onExported: (exported: DeskCopied) => void }) {
  const form = useForm({
    mode: "controlled",
    initialValues: { password: "" },
    validate: { password: (value: string) => (value === "" ? "Enter your password to export the desk." : null) },
  });
  const exportDesk = useAction({
    command: (password: string) =>
      saveThrough("helpdesk.sqlite3", { name: "Helpdesk desk", extension: "sqlite3" }, (path) => commands.exportDesk({ path, password })),
    failure: "The desk was not exported",
    form,
    onSuccess: (saved) => {
      if (!saved) return;
      onClose();
      onExported(saved.written);
    },
  });
  return (
    <FormModal
      title="Export the desk"
      submitLabel="Choose the file, and export"
      pending={exportDesk.isPending}
      submitTestId="export-desk-submit"
      onSubmit={form.onSubmit(({ password }) => exportDesk.mutate(password))}
      onClose={onClose}
    >
      <Text size="sm">
        The whole desk as it is now, in one file that this app opens on any computer without the server. Passwords cannot follow: each account but
        yours gets a one-time code, saved beside the file.
      </Text>
      <YourPasswordField why="The file holds every ticket and account: confirm it is you." data-autofocus {...form.getInputProps("password")} />
    </FormModal>
  );
}

/** What a copied desk holds, checked, and the one-time codes to hand out (saved, and printable). */
function DeskCopiedModal({ copied, title, doneLabel, onClose }: { copied: DeskCopied; title: string; doneLabel: string; onClose: () => void }) {
  const rows = (table: string) => copied.tables.find((checked) => checked.table === table)?.rows ?? 0;
  return (
    <Modal opened onClose={onClose} title={title} size="xl" data-testid="desk-copied">
      <Stack>
        <Alert color="green" icon={<IconCircleCheck size={18} />} data-testid="desk-copied-checked">
          {counted(rows("tickets"), "ticket", "tickets")}, {counted(rows("comments"), "reply or note", "replies and notes")} and{" "}
          {counted(rows("users"), "account", "accounts")} are in {copied.desk}. Each of its {copied.tables.length} tables was counted and checksummed
          on both sides, and they match.
        </Alert>
        {copied.codes.length > 0 && (
          <>
            <Text size="sm">
              Give each person their one-time code: they sign in with it once and then choose their own password. The list is saved in{" "}
              <Text span ff="monospace" size="xs">
                {copied.codesFile}
              </Text>
              ; keep it safe, and delete it once everyone has signed in.
            </Text>
            <ScrollArea.Autosize mah={320}>
              <CodesTable codes={copied.codes} />
            </ScrollArea.Autosize>
          </>
        )}
        <Group justify="flex-end">
          {copied.codes.length > 0 && (
            <Button variant="default" leftSection={<IconPrinter size={16} />} onClick={() => printCodes(copied.codes)}>
              Print the codes
            </Button>
          )}
          <Button onClick={onClose} data-testid="desk-copied-done">
            {doneLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** `n` things, in the singular for one: "1 ticket", "1,204 tickets". */
function counted(n: number, one: string, many: string): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

function CodesTable({ codes }: { codes: OneTimeCode[] }) {
  return (
    <Table striped data-testid="one-time-codes">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Name</Table.Th>
          <Table.Th>Username</Table.Th>
          <Table.Th>Role</Table.Th>
          <Table.Th>One-time code</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {codes.map((listed) => (
          <Table.Tr key={listed.username}>
            <Table.Td>{listed.name}</Table.Td>
            <Table.Td>{listed.username}</Table.Td>
            <Table.Td>{ROLE_LABELS[listed.role]}</Table.Td>
            <Table.Td ff="monospace">{listed.code}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Prints the codes alone, from a page of their own in a hidden frame. */
function printCodes(codes: OneTimeCode[]) {
  const frame = document.createElement("iframe");
  frame.style.display = "none";
  document.body.appendChild(frame);
  const page = frame.contentDocument;
  if (!page || !frame.contentWindow) return;
  const table = page.createElement("table");
  table.style.borderCollapse = "collapse";
  table.style.font = "12pt sans-serif";
  for (const cells of [["Name", "Username", "Role", "One-time code"], ...codes.map((c) => [c.name, c.username, ROLE_LABELS[c.role], c.code])]) {
    const row = table.insertRow();
    for (const text of cells) {
      const cell = row.insertCell();
      cell.textContent = text;
      cell.style.padding = "4pt 12pt 4pt 0";
    }
  }
  page.body.appendChild(table);
  frame.contentWindow.print();
  setTimeout(() => frame.remove(), 60_000);
}
