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

  it("turns a request Tauri could not read into a validation error in plain words", async () => {
    const rejection = "invalid args `comment` for command `comment_on_ticket`: lone leading surrogate in hex escape";
    const thrown = await unwrap(Promise.resolve({ status: "error" as const, error: rejection })).catch((e: unknown) => e);
    expect(thrown).toMatchObject({ code: "VALIDATION" });
    expect((thrown as IpcError).message).toContain("could not be read");
    expect((thrown as IpcError).message).not.toContain("surrogate");
  });
});
