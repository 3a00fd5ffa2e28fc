import { Progress, Stack, Text } from "@mantine/core";

import { STRONG_ENOUGH, type Strength } from "./passwordStrength";

const LABELS = ["Very weak", "Weak", "Fair", "Strong", "Very strong"];
const COLORS = ["red", "red", "orange", "teal", "green"];

export function PasswordStrengthMeter({ strength }: { strength: Strength | null }) {
  if (!strength) {
    return null;
  }
  return (
    <Stack gap={4} data-testid="password-strength">
      <Progress value={(strength.score + 1) * 20} color={COLORS[strength.score]} size="sm" aria-label="Password strength" />
      <Text size="xs" c={strength.score >= STRONG_ENOUGH ? "dimmed" : COLORS[strength.score]}>
        {LABELS[strength.score]}
        {strength.feedback && strength.score < STRONG_ENOUGH ? `: ${strength.feedback}` : ""}
      </Text>
    </Stack>
  );
}
