import { describe, expect, it } from "vitest";

import { IpcError, unwrap } from "./ipc";

describe("unwrap", () => {
  it("returns the data of a successful command", async () => {
    await expect(unwrap(Promise.resolve({ status: "ok" as const, data: 42 }))).resolves.toBe(42);
  });

  it("throws Rust's error with its code and fields", async () => {
    const error = { code: "CONFLICT" as const, message: "Someone changed this ticket", fields: {} };
    const thrown = await unwrap(Promise.resolve({ status: "error" as const, error })).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(IpcError);
    expect(thrown).toMatchObject({ code: "CONFLICT", message: "Someone changed this ticket" });
  });

  it("turns arguments that do not fit a command (an unknown status) into a validation error", async () => {
    const rejection = "invalid args `change` for command `change_ticket`: unknown variant `bogus`";
    const thrown = await unwrap(Promise.resolve({ status: "error" as const, error: rejection })).catch((e: unknown) => e);
    expect(thrown).toMatchObject({ code: "VALIDATION" });
    expect((thrown as IpcError).message).toContain("unknown variant");
  });
});
