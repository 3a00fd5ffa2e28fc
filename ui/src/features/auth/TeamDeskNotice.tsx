import { Alert } from "@mantine/core";
import { IconServer } from "@tabler/icons-react";

import { useAppStatus } from "./queries";

/**
 * Says which team desk this is and, until the server itself enforces the roles, that it is for
 * trusted staff only: whoever has the database password can read every ticket with other tools.
 */
export function TeamDeskNotice() {
  const teamDesk = useAppStatus().data?.teamDesk;
  if (!teamDesk) {
    return null;
  }
  return (
    <Alert color="yellow" title="Team desk: trusted staff only" icon={<IconServer size={18} />} w={420} data-testid="team-desk-notice">
      This desk is on the server {teamDesk}. Anyone who has its database password can read every ticket and note there with other tools, so share it
      only with staff you trust.
    </Alert>
  );
}
