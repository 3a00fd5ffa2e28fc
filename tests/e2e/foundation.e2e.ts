import { describe, expect, it } from "vitest";

import { appWindow, byText, fill, freshDatabase, heading, launchApp, submit } from "./app";

const PASSWORD = "plum-kettle-harbour";

describe("first run, login and preferences in the real window", () => {
  const app = appWindow();
  const database = freshDatabase();

  it("creates the first administrator, refusing bad input first", async () => {
    const browser = (app.browser = await launchApp(database));
    await heading(browser, "Set up your help desk");

    await fill(browser, "username", "Ada Admin");
    await fill(browser, "email", "ada@example");
    await fill(browser, "password", PASSWORD);
    await fill(browser, "confirmPassword", "something-else-entirely");
    await submit(browser);
    await byText(browser, "Use only letters, digits").waitForDisplayed();
    await byText(browser, "The passwords do not match").waitForDisplayed();

    await fill(browser, "username", "ada");
    await fill(browser, "email", "ada@example.com");
    await fill(browser, "confirmPassword", PASSWORD);
    await submit(browser);

    await heading(browser, "Tickets");
    expect(await browser.$('[data-testid="current-user"]').getText()).toBe("ada");
    await browser.$('[data-testid="tickets-empty"]').waitForDisplayed();
  });

  it("logs out, refuses a wrong password, and logs in with the right one", async () => {
    const browser = (app.browser = await launchApp(database));
    // A restart ends the session: the login screen shows, pre-filled with the last username.
    await heading(browser, "Log in");
    expect(await browser.$('input[name="login"]').getValue()).toBe("ada");

    await fill(browser, "password", "not-the-password");
    await submit(browser);
    await browser.$('[data-testid="login-error"]').waitForDisplayed({ timeout: 15_000 });
    await byText(browser, "Wrong username or password.").waitForDisplayed();
    expect(await browser.$("h2=Log in").isDisplayed()).toBe(true);

    await fill(browser, "login", "ADA@example.com");
    await fill(browser, "password", PASSWORD);
    await submit(browser);
    await heading(browser, "Tickets");

    await browser.$('[data-testid="user-menu"]').click();
    await browser.$('[data-testid="logout"]').click();
    await heading(browser, "Log in");
  });

  it("keeps the chosen theme across a restart", async () => {
    const browser = (app.browser = await launchApp(database));
    await heading(browser, "Log in");
    await fill(browser, "password", PASSWORD);
    await submit(browser);
    await heading(browser, "Tickets");

    await browser.$('[data-testid="user-menu"]').click();
    await browser.$("span=Dark").click();
    const html = browser.$("html");
    await browser.waitUntil(async () => (await html.getAttribute("data-mantine-color-scheme")) === "dark");
    await browser.deleteSession();
    app.browser = undefined;

    const restarted = (app.browser = await launchApp(database));
    await heading(restarted, "Log in");
    expect(await restarted.$("html").getAttribute("data-mantine-color-scheme")).toBe("dark");
  });
});
