import { Button, Group, NumberInput, TextInput } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { open } from "@tauri-apps/plugin-dialog";

import type { TeamAddress_Deserialize as TeamAddress } from "../../bindings";

/** Where a team desk is, as the join and set-up forms hold it. */
export type AddressValues = { host: string; port: number | string; database: string; caFile: string };

export const POSTGRES_PORT = 5432;

export function initialAddress(remembered: TeamAddress | null | undefined): AddressValues {
  return {
    host: remembered?.host ?? "",
    port: remembered?.port ?? POSTGRES_PORT,
    database: remembered?.database ?? "helpdesk",
    caFile: remembered?.caFile ?? "",
  };
}

/** The address fields' checks, before the server is asked. */
export const addressRules = {
  host: (value: string) => (value.trim() === "" ? "Enter the server's name or address." : null),
  port: (value: number | string) =>
    Number.isInteger(Number(value)) && Number(value) > 0 && Number(value) < 65536 ? null : "Enter a port from 1 to 65535.",
  database: (value: string) => (value.trim() === "" ? "Enter the desk's database." : null),
};

export function toAddress(values: AddressValues): TeamAddress {
  return {
    host: values.host.trim(),
    port: Number(values.port),
    database: values.database.trim(),
    caFile: values.caFile.trim() === "" ? null : values.caFile.trim(),
  };
}

/** The server, its port, the database and a certificate authority's file, chosen in a dialog
 * (`onCaFile`). */
export function TeamAddressFields<Values extends AddressValues>({
  form,
  onCaFile,
}: {
  form: UseFormReturnType<Values>;
  onCaFile: (file: string) => void;
}) {
  const chooseCaFile = async () => {
    const file = await open({ multiple: false, directory: false, filters: [{ name: "Certificate", extensions: ["pem", "crt", "cer"] }] });
    if (typeof file === "string") {
      onCaFile(file);
    }
  };
  return (
    <>
      <Group align="flex-start" wrap="nowrap">
        <TextInput label="Server" placeholder="db.example.com" {...form.getInputProps("host")} name="host" style={{ flex: 1 }} />
        <NumberInput label="Port" min={1} max={65535} hideControls {...form.getInputProps("port")} name="port" w={96} />
      </Group>
      <TextInput label="Database" {...form.getInputProps("database")} name="database" />
      <TextInput
        label="Certificate authority (optional)"
        description="Only if your administrator gave you one: the file that vouches for the server's certificate."
        {...form.getInputProps("caFile")}
        name="caFile"
        rightSectionWidth={90}
        rightSection={
          <Button size="compact-xs" variant="subtle" onClick={() => void chooseCaFile()}>
            Choose…
          </Button>
        }
      />
    </>
  );
}
