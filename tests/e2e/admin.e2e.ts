import { describe, expect, it } from "vitest";

import { appWindow, byText, choose, createAccount, DEMO, heading, launchDemo, logIn, logOut } from "./app";

const AGENT_PASSWORD = "orchid-lantern-bridge";

describe("running the desk as an admin in the real window", () => {
  const app = appWindow();

  it("creates an agent who can log in, and deletes a department in use by moving its tickets", async () => {
    const browser = (app.browser = await launchDemo());
    await logIn(browser, DEMO.admin.login, DEMO.admin.password);
    await heading(browser, "Tickets");

    await createAccount(browser, "Agent", "quinn", AGENT_PASSWORD);
    await logOut(browser);

    await logIn(browser, "quinn", AGENT_PASSWORD);
    await heading(browser, "Tickets");
    expect(await browser.$('[data-testid="nav-users"]').isDisplayed()).toBe(true);
    expect(await browser.$('[data-testid="nav-departments"]').isExisting()).toBe(false);
    await logOut(browser);

    await logIn(browser, DEMO.admin.login, DEMO.admin.password);
    await browser.$('[data-testid="nav-departments"]').click();
    await heading(browser, "Departments");
    await browser.$('button[aria-label="Delete Hardware"]').click();
    const why = browser.$('[data-testid="department-in-use"]');
    await why.waitForDisplayed();
    expect(await why.getText()).toMatch(/\d+ tickets? \(\d+ open\) use this department/);
    expect(await browser.$('[data-testid="confirm-delete-department"]').isEnabled()).toBe(false);
    await choose(browser, '[data-testid="move-tickets-to"]', "General");
    await browser.$('[data-testid="confirm-delete-department"]').click();
    await byText(browser, "Hardware was deleted.").waitForDisplayed();
    await browser.waitUntil(async () => !(await browser.$('[data-testid="department-Hardware"]').isExisting()));

    await browser.$('[data-testid="nav-audit"]').click();
    await heading(browser, "Audit log");
    await byText(browser, "Deleted a department").waitForDisplayed();
    await byText(browser, "Moved tickets between departments").waitForDisplayed();
  });
});
