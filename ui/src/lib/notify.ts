import { notifications } from "@mantine/notifications";

import { errorMessage } from "./ipc";

export function notifySuccess(message: string, title?: string) {
  notifications.show({ color: "teal", title, message });
}

export function notifyError(error: unknown, title = "That did not work") {
  notifications.show({ color: "red", title, message: errorMessage(error) });
}
