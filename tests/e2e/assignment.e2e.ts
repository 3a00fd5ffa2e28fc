import { describe, expect, it } from "vitest";

import { appWindow, byText, choose, createAccount, DEMO, fileTicket, heading, launchDemo, logIn, logOut } from "./app";

const AGENT_PASSWORD = "harbour-violet-anchor";
const TITLE = "Laptop dock does not charge";

describe("work reaching agents by itself in the real window", () => {
  const app = appWindow();

  it("gives a customer's new ticket to the least-loaded agent, in that agent's queue and on the dashboard", async () => {
    const browser = (app.browser = await launchDemo());

    // A new agent holds nothing, so they have the most spare capacity on the desk.
    await logIn(browser, DEMO.admin.login, DEMO.admin.password);
    await heading(browser, "Tickets");
    await createAccount(browser, "Agent", "robin", AGENT_PASSWORD);
    await browser.$('[data-testid="nav-dashboard"]').click();
    await heading(browser, "Dashboard");
    const robinRow = browser.$('//*[@data-testid="agent-table"]//tr[td[1][normalize-space(.)="robin"]]');
    await robinRow.waitForDisplayed({ timeout: 15_000 });
    expect((await robinRow.$$("td").map((cell) => cell.getText())).slice(1, 4)).toEqual(["0", "0", "0"]);
    await logOut(browser);

    await logIn(browser, DEMO.customer.login, DEMO.customer.password);
    await heading(browser, "My tickets");
    const number = await fileTicket(browser, TITLE, "The dock's light stays off with the new laptop.", "Hardware");
    expect(await browser.$('[data-testid="ticket-assignee"]').getText()).toBe("Assigned to: robin");
    await byText(browser, "Assigned automatically to").waitForDisplayed();
    await browser.$('[data-testid="nav-tickets"]').click();
    await logOut(browser);

    await logIn(browser, "robin", AGENT_PASSWORD);
    await heading(browser, "Tickets");
    await choose(browser, '[data-testid="assignee-filter"]', "Me");
    const row = browser.$(`[data-testid="ticket-${number}"]`);
    await row.waitForDisplayed({ timeout: 15_000 });
    expect(await row.getText()).toContain(TITLE);
    await browser.$('[data-testid="nav-dashboard"]').click();
    await heading(browser, "Dashboard");
    await robinRow.waitForDisplayed({ timeout: 15_000 });
    expect((await robinRow.$$("td").map((cell) => cell.getText())).slice(1, 3)).toEqual(["1", "1"]);
  });
});
