import type { FileKind } from "../../lib/saveDialog";

/** A connection file: the desk's address as JSON, no login and no password. */
export const CONNECTION_FILE: FileKind = { name: "Helpdesk connection", extension: "helpdesk" };
