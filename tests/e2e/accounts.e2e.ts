import { describe, expect, it } from "vitest";

import { appWindow, byText, fillAccount, freshDatabase, heading, launchApp, launchDemo, logIn, logOut, submit, fill } from "./app";

const ADMIN_PASSWORD = "plum-kettle-harbour";
const CUSTOMER_PASSWORD = "granite-willow-echo";

describe("accounts and security in the real window", () => {
  const app = appWindow();

  it("registers a customer who sees only the customer navigation, then locks and unlocks them", async () => {
    const browser = (app.browser = await launchApp(freshDatabase()));
    await heading(browser, "Set up your help desk");
    await fillAccount(browser, "ada", ADMIN_PASSWORD);
    await heading(browser, "Tickets");
    await logOut(browser);

    await browser.$('[data-testid="go-register"]').click();
    await heading(browser, "Create an account");
    await fillAccount(browser, "cat", "password1");
    await byText(browser, "This is a commonly used password.").waitForDisplayed();
    await fill(browser, "password", CUSTOMER_PASSWORD);
    await fill(browser, "confirmPassword", CUSTOMER_PASSWORD);
    await browser.waitUntil(async () => (await browser.$('[data-testid="password-strength"]').getText()).toLowerCase().includes("strong"));
    await submit(browser);
    await heading(browser, "My tickets");
    expect(await browser.$('[data-testid="nav-profile"]').isDisplayed()).toBe(true);
    expect(await browser.$('[data-testid="nav-users"]').isExisting()).toBe(false);
    expect(await browser.$('[data-testid="nav-settings"]').isExisting()).toBe(false);
    await logOut(browser);

    for (let attempt = 1; attempt <= 5; attempt++) {
      await logIn(browser, "cat", `wrong-guess-${attempt}`);
      await browser.$('[data-testid="login-error"]').waitForDisplayed();
    }
    await byText(browser, "Account locked").waitForDisplayed();
    await logIn(browser, "cat", CUSTOMER_PASSWORD);
    await byText(browser, "Account locked").waitForDisplayed();
    expect(await browser.$("h2=Log in").isDisplayed()).toBe(true);

    await logIn(browser, "ada", ADMIN_PASSWORD);
    await heading(browser, "Tickets");
    await browser.$('[data-testid="nav-users"]').click();
    const row = browser.$('[data-testid="user-cat"]');
    await row.waitForDisplayed();
    // Only a locked account has an Unlock button, next to its Locked badge.
    await row.$('.//*[contains(text(), "Locked")]').waitForExist();
    await row.$("button*=Unlock").click();
    await byText(browser, "can log in again").waitForDisplayed();
    await logOut(browser);

    await logIn(browser, "cat", CUSTOMER_PASSWORD);
    await heading(browser, "My tickets");
  });

  it("opens the demo desk with its accounts listed and sample tickets", async () => {
    const browser = (app.browser = await launchDemo());
    await browser.$('[data-testid="demo-accounts"]').waitForDisplayed({ timeout: 30_000 });
    await byText(browser, "Sam Patel").click();
    await submit(browser);
    await heading(browser, "Tickets");
    await browser.waitUntil(async () => (await browser.$$("tbody tr").length) > 10, { timeout: 15_000 });
  });
});
