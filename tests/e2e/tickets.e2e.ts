import { describe, expect, it } from "vitest";

import { appWindow, byText, choose, DEMO, fileTicket, heading, launchDemo, logIn, logOut } from "./app";

const TITLE = "Scanner on the 2nd floor sends blank pages";
const NOTE = "Known driver bug, fixed in version 4.2";
const REPLY = "We updated the scanner driver. Please try again.";

describe("a ticket's life in the real window", () => {
  const app = appWindow();

  it("is filed by a customer, worked by an agent, and reopened by the customer", async () => {
    const browser = (app.browser = await launchDemo());

    await logIn(browser, DEMO.customer.login, DEMO.customer.password);
    await heading(browser, "My tickets");
    const number = await fileTicket(browser, TITLE, "Every scan comes out as an empty page since Monday.", "Hardware");
    expect(await browser.$('[data-testid="ticket-status"]').getText()).toMatch(/open/i);
    await browser.$('[data-testid="nav-tickets"]').click();
    await heading(browser, "My tickets");
    await logOut(browser);

    await logIn(browser, DEMO.agent.login, DEMO.agent.password);
    await heading(browser, "Tickets");
    await browser.$(`[data-testid="ticket-${number}"] button`).click();
    // Automatic assignment may already have given it to this agent; otherwise they take it (the
    // link can be covered for a moment while the page settles, so the click is retried).
    await browser.waitUntil(
      async () => {
        if ((await browser.$('[data-testid="assignee-select"]').getValue()) === DEMO.agent.name) return true;
        const assignToMe = browser.$('[data-testid="assign-to-me"]');
        if (await assignToMe.isClickable()) await assignToMe.click().catch(() => undefined);
        return false;
      },
      { timeout: 15_000, interval: 300 },
    );

    await browser.$('[data-testid="composer-mode"]').$("span=Internal note").click();
    await browser.$('textarea[name="body"]').setValue(NOTE);
    await browser.$('[data-testid="send-comment"]').click();
    await byText(browser, NOTE).waitForDisplayed();
    await browser.$('[data-testid="composer-mode"]').$("span=Reply").click();
    await browser.$('textarea[name="body"]').setValue(REPLY);
    await browser.$('[data-testid="send-comment"]').click();
    await byText(browser, REPLY).waitForDisplayed();

    await choose(browser, '[data-testid="status-select"]', "Resolved");
    await browser.waitUntil(async () => /resolved/i.test(await browser.$('[data-testid="ticket-status"]').getText()));
    await byText(browser, "changed status from Open to Resolved").waitForExist();
    await browser.$('[data-testid="nav-tickets"]').click();
    await logOut(browser);

    await logIn(browser, DEMO.customer.login, DEMO.customer.password);
    await browser.$(`[data-testid="ticket-${number}"] button`).click();
    await byText(browser, REPLY).waitForDisplayed();
    expect(await byText(browser, NOTE).isExisting()).toBe(false);
    await browser.$('[data-testid="reopen-ticket"]').click();
    await browser.waitUntil(async () => /open/i.test(await browser.$('[data-testid="ticket-status"]').getText()));
  });

  it("answers arguments that do not fit a command as a validation error on their field, like any bad input", async () => {
    const browser = (app.browser = await launchDemo());
    await logIn(browser, DEMO.customer.login, DEMO.customer.password);
    await heading(browser, "My tickets");
    // What a broken or hostile page could send: an unknown priority, straight through the IPC.
    const answer = await browser.execute(async () => {
      const internals = (window as unknown as { __TAURI_INTERNALS__: { invoke: (cmd: string, args: unknown) => Promise<unknown> } })
        .__TAURI_INTERNALS__;
      const ticket = { title: "Sent by hand", description: "Not through the form", departmentId: 1, priority: "Urgent", requesterId: null };
      return internals.invoke("create_ticket", { ticket }).then(
        () => "accepted",
        (error: unknown) => error,
      );
    });
    expect(answer).toMatchObject({ code: "VALIDATION", fields: { priority: "This is not a value this field takes." } });
  });
});
