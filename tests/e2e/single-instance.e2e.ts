import { spawnSync } from "node:child_process";

import { describe, expect, it } from "vitest";

import { appWindow, freshDatabase, heading, launchApp } from "./app";

describe("launching the app twice", () => {
  const app = appWindow();

  it("hands over to the running window instead of opening the database a second time", async () => {
    const database = freshDatabase();
    const browser = (app.browser = await launchApp(database));
    await heading(browser, "Set up your help desk");

    const second = spawnSync(process.env.HELPDESK_APP as string, ["--database", database], { timeout: 30_000, encoding: "utf8" });
    expect(second.error).toBeUndefined();
    expect(second.status).toBe(0);
    expect(`${second.stdout}${second.stderr}`).not.toContain("opening database");

    // The first window carries on.
    await heading(browser, "Set up your help desk");
  });
});
