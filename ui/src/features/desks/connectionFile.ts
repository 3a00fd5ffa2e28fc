/** A connection file's extension: the desk's address as JSON, no login and no password. */
export const CONNECTION_FILE_EXTENSION = "helpdesk";

export const CONNECTION_FILE_FILTERS = [{ name: "Helpdesk connection", extensions: [CONNECTION_FILE_EXTENSION] }];
