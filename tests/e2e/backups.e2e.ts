import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";

import { describe, expect, it } from "vitest";
import type { Browser } from "webdriverio";

import { appIsRunning, appWindow, byText, fill, fillAccount, freshDatabase, heading, launchApp, logIn } from "./app";

const ADMIN_PASSWORD = "plum-kettle-harbour";

async function addDepartment(browser: Browser, name: string) {
  await browser.$('[data-testid="nav-departments"]').click();
  await heading(browser, "Departments");
  await fill(browser, "name", name);
  await browser.$('[data-testid="create-department"]').click();
  await browser.$(`[data-testid="department-${name}"]`).waitForDisplayed({ timeout: 15_000 });
}

describe("backing up and restoring in the real window", () => {
  const app = appWindow();

  it("restores a backup once the admin gives their password again, and the restored desk's log says so", async () => {
    const database = freshDatabase();
    let browser = (app.browser = await launchApp(database));
    await heading(browser, "Set up your help desk");
    await fillAccount(browser, "ada", ADMIN_PASSWORD);
    await heading(browser, "Tickets");
    await addDepartment(browser, "Kept in the backup");

    await browser.$('[data-testid="nav-settings"]').click();
    await browser.$('[data-testid="back-up-now"]').click();
    const restore = browser.$('[data-testid="backup-list"]').$("button*=Restore");
    await restore.waitForDisplayed({ timeout: 15_000 });
    await addDepartment(browser, "Made after the backup");

    await browser.$('[data-testid="nav-settings"]').click();
    await restore.waitForDisplayed({ timeout: 15_000 });
    await restore.click();
    // A wrong password restores nothing and says so on the field.
    await fill(browser, "password", "not-my-password");
    await browser.$('[data-testid="confirm-restore"]').click();
    await byText(browser, "This is not your password.").waitForDisplayed({ timeout: 15_000 });
    expect(existsSync(`${database}.restore`)).toBe(false);

    await fill(browser, "password", ADMIN_PASSWORD);
    await browser.$('[data-testid="confirm-restore"]').click();
    // The app restarts on its own, out of WebDriver's reach: the restore is done once the replaced
    // desk is kept as a backup and the marker that asked for it is gone. That app is then closed.
    const restored = () =>
      readdirSync(join(dirname(database), "backups")).some((name) => name.endsWith("-before-restore.sqlite3")) && !existsSync(`${database}.restore`);
    await browser.waitUntil(restored, { timeout: 30_000, interval: 100 });
    await browser.deleteSession().catch(() => undefined);
    app.browser = undefined;
    const executable = process.env.HELPDESK_APP as string;
    await browser.waitUntil(
      () => {
        if (appIsRunning(executable)) spawnSync("pkill", ["-f", executable]);
        return !appIsRunning(executable);
      },
      { timeout: 15_000, interval: 500 },
    );

    browser = app.browser = await launchApp(database);
    await logIn(browser, "ada", ADMIN_PASSWORD);
    await heading(browser, "Tickets");
    await browser.$('[data-testid="nav-departments"]').click();
    await browser.$('[data-testid="department-Kept in the backup"]').waitForDisplayed({ timeout: 15_000 });
    expect(await browser.$('[data-testid="department-Made after the backup"]').isExisting()).toBe(false);
    await browser.$('[data-testid="nav-audit"]').click();
    await heading(browser, "Audit log");
    await byText(browser, "Restored the desk from a backup").waitForDisplayed({ timeout: 15_000 });
  });
});
