import { Anchor, Text } from "@mantine/core";

/** The link under a start-screen form back to where the person came from. */
export function BackLink({ label, onBack }: { label: string; onBack: () => void }) {
  return (
    <Text size="sm" ta="center">
      <Anchor component="button" type="button" onClick={onBack}>
        {label}
      </Anchor>
    </Text>
  );
}
