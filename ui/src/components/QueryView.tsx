import { Center, Loader, Text } from "@mantine/core";
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";

import { errorMessage } from "../lib/ipc";

/** What a screen shows while it loads. */
export function Loading() {
  return (
    <Center py="xl">
      <Loader />
    </Center>
  );
}

/** A query's screen: a loader while it loads, its error, a quiet line when there is nothing, and
 * otherwise what `children` makes of the data. */
export function QueryView<T>({
  query,
  isEmpty,
  empty,
  children,
}: {
  query: UseQueryResult<T>;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) {
    return <Loading />;
  }
  if (query.isError) {
    return (
      <Text c="red" role="alert">
        {errorMessage(query.error)}
      </Text>
    );
  }
  if (isEmpty?.(query.data)) {
    return <Text c="dimmed">{empty}</Text>;
  }
  return children(query.data);
}
