import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { describe, expect, it } from "vitest";
import type { Browser } from "webdriverio";

import { appWindow, freshDatabase, heading, launchApp } from "./app";

/** The window sizes the app has written down (tauri-plugin-window-state's file in its config folder). */
function keptWidth(): number | undefined {
  const file = join(process.env.XDG_CONFIG_HOME ?? "", "app.helpdesk.desktop", ".window-state.json");
  if (!existsSync(file)) {
    return undefined;
  }
  const states = JSON.parse(readFileSync(file, "utf8")) as Record<string, { width: number }>;
  return states.main?.width;
}

/** Resizes the window and waits until the app has written the new size down. */
async function resize(browser: Browser, width: number, height: number) {
  await browser.setWindowSize(width, height);
  await browser.waitUntil(() => keptWidth() === width, { timeout: 15_000, timeoutMsg: `the width ${width} was not kept` });
}

describe("the window", () => {
  const app = appWindow();

  it("opens at the size it was last given, even after the app was killed", async () => {
    const database = freshDatabase();
    app.browser = await launchApp(database);
    await heading(app.browser, "Set up your help desk");
    const first = await app.browser.getWindowSize();
    await resize(app.browser, 1000, 650);
    // Ending the WebDriver session kills the app: no clean exit.
    await app.browser.deleteSession();
    app.browser = await launchApp(database);
    await heading(app.browser, "Set up your help desk");
    expect(await app.browser.getWindowSize()).toEqual({ width: 1000, height: 650 });
    // The journeys after this one open at the usual size again.
    await resize(app.browser, first.width, first.height);
  });
});
