import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, renderHook, screen, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it, vi } from "vitest";

import { useAction, type ActionOptions } from "./mutations";
import { queryKeys } from "./queryKeys";

function setUp<Variables, Data>(options: ActionOptions<Variables, Data>) {
  const client = new QueryClient();
  const invalidate = vi.spyOn(client, "invalidateQueries");
  const wrapper = ({ children }: { children: ReactNode }) => (
    <MantineProvider>
      <Notifications />
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    </MantineProvider>
  );
  const { result } = renderHook(() => useAction(options), { wrapper });
  return { result, invalidate };
}

describe("useAction", () => {
  it("on success marks what it names stale, says so and hands over the data", async () => {
    const onSuccess = vi.fn();
    const { result, invalidate } = setUp({
      command: (name: string) => Promise.resolve({ status: "ok" as const, data: { name } }),
      invalidates: [queryKeys.departments, queryKeys.audit],
      success: (department) => `${department.name} was created.`,
      failure: "The department was not created",
      onSuccess,
    });
    act(() => result.current.mutate("Billing"));
    await waitFor(() => expect(onSuccess).toHaveBeenCalledWith({ name: "Billing" }, "Billing"));
    expect(invalidate.mock.calls.map(([filters]) => filters?.queryKey)).toEqual([["departments"], ["audit"]]);
    expect(await screen.findByText("Billing was created.")).toBeInTheDocument();
  });

  it("on a validation error shows the fields on the form and notifies, refreshing nothing", async () => {
    const form = { setErrors: vi.fn() };
    const fields = { name: "Another department already has this name." };
    const { result, invalidate } = setUp({
      command: () =>
        Promise.resolve({
          status: "error" as const,
          error: { code: "VALIDATION" as const, message: "Please correct the highlighted fields.", fields },
        }),
      invalidates: [queryKeys.departments],
      failure: "The department was not created",
      form,
    });
    act(() => result.current.mutate());
    await waitFor(() => expect(form.setErrors).toHaveBeenCalledWith(fields));
    expect(await screen.findByText("The department was not created")).toBeInTheDocument();
    expect(invalidate).not.toHaveBeenCalled();
  });

  it("leaves the failures the screen shows itself to the screen", async () => {
    const onError = vi.fn();
    const { result } = setUp({
      command: () =>
        Promise.resolve({ status: "error" as const, error: { code: "CONFLICT" as const, message: "Someone changed this ticket.", fields: {} } }),
      failure: "The ticket was not changed",
      shownOnScreen: ["CONFLICT"],
      onError,
    });
    act(() => result.current.mutate());
    await waitFor(() => expect(onError).toHaveBeenCalled());
    expect(screen.queryByText("The ticket was not changed")).not.toBeInTheDocument();
  });

  it("on a conflict reads again what the screen shows, so the person sees what moved", async () => {
    const { result, invalidate } = setUp({
      command: () =>
        Promise.resolve({
          status: "error" as const,
          error: { code: "CONFLICT" as const, message: "Hardware now holds 3 tickets (2 when you looked).", fields: {} },
        }),
      invalidates: [queryKeys.departments],
      failure: "The department was not deleted",
    });
    act(() => result.current.mutate());
    expect(await screen.findByText("Hardware now holds 3 tickets (2 when you looked).")).toBeInTheDocument();
    expect(invalidate.mock.calls.map(([filters]) => filters?.queryKey)).toEqual([["departments"]]);
  });
});
