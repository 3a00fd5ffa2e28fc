import { Button, Center, Code, CopyButton, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import type { FallbackProps } from "react-error-boundary";

/** A short reference for a failure, to quote when asking for help. */
export function newReference(): string {
  return Math.floor(Math.random() * 0x1_0000_0000)
    .toString(16)
    .toUpperCase()
    .padStart(8, "0");
}

/** Instead of a blank window when the screen itself fails: what happened, a detail to copy, and a
 * way back. Nothing saved is lost: every change is in the database the moment it is confirmed. */
export function CrashScreen({ error, resetErrorBoundary }: FallbackProps) {
  const [reference] = useState(newReference);
  const message = error instanceof Error ? error.message : String(error);
  const stack = error instanceof Error && error.stack ? `\n${error.stack}` : "";
  const detail = `Reference ${reference}: ${message}${stack}`;
  return (
    <Center h="100vh" p="lg" role="alert">
      <Paper withBorder p="xl" maw={560} w="100%">
        <Stack>
          <Title order={2}>Something went wrong on this screen</Title>
          <Text>
            The window hit an error it could not recover from. Everything you saved is safe. Reload the window to carry on; if it happens again, send
            the detail below to whoever looks after this help desk.
          </Text>
          <Code block data-testid="crash-detail">
            Reference {reference}: {message}
          </Code>
          <Group justify="flex-end">
            <CopyButton value={detail}>
              {({ copied, copy }) => (
                <Button variant="default" onClick={copy}>
                  {copied ? "Copied" : "Copy detail"}
                </Button>
              )}
            </CopyButton>
            <Button onClick={resetErrorBoundary}>Reload the window</Button>
          </Group>
        </Stack>
      </Paper>
    </Center>
  );
}
