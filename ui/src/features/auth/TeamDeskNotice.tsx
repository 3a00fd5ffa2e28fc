import { Alert } from "@mantine/core";
import { IconServer } from "@tabler/icons-react";

import { useAppStatus } from "./queries";

/**
 * Says which team desk this is. Where each person signs in as their own login, the server holds
 * everyone to their role; a desk opened with one shared login is for trusted staff only, since
 * whoever has that login can read every ticket with other tools.
 */
export function TeamDeskNotice() {
  const teamDesk = useAppStatus().data?.teamDesk;
  if (!teamDesk) {
    return null;
  }
  if (teamDesk.ownLogins) {
    return (
      <Alert
        color="blue"
        title="Team desk"
        icon={<IconServer size={18} />}
        w={420}
        style={{ overflowWrap: "anywhere" }}
        data-testid="team-desk-notice"
      >
        This desk is on the server {teamDesk.address}. Sign in with your own username and password.
      </Alert>
    );
  }
  return (
    <Alert
      color="yellow"
      title="Team desk: trusted staff only"
      icon={<IconServer size={18} />}
      w={420}
      style={{ overflowWrap: "anywhere" }}
      data-testid="team-desk-notice"
    >
      This desk is on the server {teamDesk.address}, opened with one shared database login. Anyone who has that login can read every ticket and note
      there with other tools, so share it only with staff you trust.
    </Alert>
  );
}
