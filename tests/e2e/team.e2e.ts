import { afterEach, describe, expect, it } from "vitest";
import type { Browser } from "webdriverio";

import {
  anotherDesktop,
  appWindow,
  byText,
  createAccount,
  fileTicket,
  fillAccount,
  freshTeamDesk,
  fill,
  fillNumber,
  heading,
  joinTeamDesk,
  launchApp,
  launchUnnamed,
  logIn,
  logOut,
  screenshotOnFailure,
  screenshotPath,
  submit,
} from "./app";

const ADMIN_PASSWORD = "plum-kettle-harbour";
const AGENT_PASSWORD = "copper-meadow-lantern";
const CUSTOMER_PASSWORD = "granite-willow-echo";
const TITLE = "Projector in room 4 shows no picture";
const REPLY = "On my way with a spare HDMI cable.";

/**
 * In the first window the agent signs in, finds the customer's ticket `number` by a word of its
 * title and answers it; back in the second window, the customer sees the answer on their ticket.
 */
async function answerAndSee(agentWindow: Browser, customerWindow: Browser, number: string) {
  await logIn(agentWindow, "sam", AGENT_PASSWORD);
  await heading(agentWindow, "Tickets");
  await agentWindow.$('[data-testid="ticket-search"]').setValue("projector");
  const row = agentWindow.$(`[data-testid="ticket-${number}"] button`);
  await row.waitForDisplayed({ timeout: 15_000 });
  // A click that lands while a notification still covers the row opens nothing: click until the
  // ticket opens.
  await agentWindow.waitUntil(
    async () => {
      await row.click().catch(() => undefined);
      return agentWindow.$('[data-testid="ticket-title"]').isDisplayed();
    },
    { timeout: 30_000, interval: 1_000 },
  );
  expect(await agentWindow.$('[data-testid="ticket-title"]').getText()).toContain(TITLE);
  await agentWindow.$('textarea[name="body"]').setValue(REPLY);
  await agentWindow.$('[data-testid="send-comment"]').click();
  await byText(agentWindow, REPLY).waitForDisplayed();

  await customerWindow.$('[data-testid="nav-tickets"]').click();
  await heading(customerWindow, "My tickets");
  await customerWindow.$(`[data-testid="ticket-${number}"] button`).click();
  await byText(customerWindow, REPLY).waitForDisplayed({ timeout: 15_000 });
}

describe("a team desk on one PostgreSQL server, in two app windows", () => {
  const app = appWindow();
  const second: { desktop?: Awaited<ReturnType<typeof anotherDesktop>>; browser?: Browser; desk?: ReturnType<typeof freshTeamDesk> } = {};
  afterEach(async ({ task }) => {
    if (task.result?.state === "fail") await screenshotOnFailure(second.browser, `${task.name} (second desktop)`);
    await second.browser?.deleteSession().catch(() => undefined);
    second.desktop?.stop();
    second.desk?.drop();
  });

  it("files a ticket in one window that an agent finds and answers in the other", async () => {
    const desk = (second.desk = freshTeamDesk()).url;
    const agentWindow = (app.browser = await launchApp(desk));
    await byText(agentWindow, "Team desk: trusted staff only").waitForDisplayed({ timeout: 30_000 });
    await heading(agentWindow, "Set up your help desk");
    await fillAccount(agentWindow, "ada", ADMIN_PASSWORD);
    await heading(agentWindow, "Tickets");
    await createAccount(agentWindow, "Agent", "sam", AGENT_PASSWORD);
    await logOut(agentWindow);

    // The second desktop finds the desk set up: its first person registers as a customer.
    second.desktop = await anotherDesktop();
    const customerWindow = (second.browser = await second.desktop.launch(desk));
    await heading(customerWindow, "Log in");
    await customerWindow.$('[data-testid="go-register"]').click();
    await heading(customerWindow, "Create an account");
    await fillAccount(customerWindow, "cat", "granite-willow-echo");
    await heading(customerWindow, "My tickets");
    const number = await fileTicket(customerWindow, TITLE, "The screen stays blue whatever laptop we plug in.", "General");

    await answerAndSee(agentWindow, customerWindow, number);
  });

  it("sets a desk up in one window and joins it from another's start screen, each person as their own login", async () => {
    const desk = (second.desk = freshTeamDesk());
    const owner = new URL(desk.url);
    // The desk's address without the DBA's login: each desktop joins it and each person signs in.
    const address = new URL(desk.url);
    address.username = "";
    address.password = "";

    const adminWindow = (app.browser = await launchUnnamed());
    await heading(adminWindow, "Where is your help desk?");
    await adminWindow.$('[data-testid="choose-set-up"]').click();
    await heading(adminWindow, "Set up a team desk");
    await fill(adminWindow, "host", owner.hostname);
    await fillNumber(adminWindow, "port", owner.port || "5432");
    await fill(adminWindow, "database", owner.pathname.slice(1));
    await fill(adminWindow, "ownerLogin", decodeURIComponent(owner.username));
    await fill(adminWindow, "ownerPassword", decodeURIComponent(owner.password));
    await adminWindow.$('[data-testid="set-up-next"]').click();
    await heading(adminWindow, "The desk's first administrator");
    await fillAccount(adminWindow, "ada", ADMIN_PASSWORD);
    await heading(adminWindow, "Tickets");
    await createAccount(adminWindow, "Agent", "sam", AGENT_PASSWORD);
    await createAccount(adminWindow, "Customer", "cat", CUSTOMER_PASSWORD);
    await adminWindow.$('[data-testid="nav-tickets"]').click();
    await heading(adminWindow, "Tickets");

    // The customer's desktop joins from its start screen; a wrong password is said plainly first.
    second.desktop = await anotherDesktop();
    const customerWindow = (second.browser = await second.desktop.launch(null));
    await heading(customerWindow, "Where is your help desk?");
    await joinTeamDesk(customerWindow, address.toString(), "cat", "not-her-password");
    await byText(customerWindow, "Wrong username or password.").waitForDisplayed({ timeout: 15_000 });
    await fill(customerWindow, "password", CUSTOMER_PASSWORD);
    await customerWindow.$('[data-testid="test-connection"]').click();
    await customerWindow.$('[data-testid="join-tested"]').waitForDisplayed({ timeout: 15_000 });
    await customerWindow.$('[data-testid="join"]').click();
    await heading(customerWindow, "My tickets");
    const number = await fileTicket(customerWindow, TITLE, "The screen stays blue whatever laptop we plug in.", "General");
    // The first desktop's queue shows it without being read again by hand.
    await adminWindow.$(`[data-testid="ticket-${number}"]`).waitForDisplayed({ timeout: 5_000 });

    // On the first desktop the agent signs in as his own login.
    await logOut(adminWindow);
    await byText(adminWindow, "Sign in with your own username and password.").waitForDisplayed();
    await answerAndSee(adminWindow, customerWindow, number);
  });

  it("moves this computer's desk to a team server, and a colleague signs in with their one-time code", async () => {
    const desk = (second.desk = freshTeamDesk());
    const owner = new URL(desk.url);

    // A desk on this computer, with an agent and a customer's ticket.
    const window = (app.browser = await launchUnnamed());
    await heading(window, "Where is your help desk?");
    await window.$('[data-testid="choose-this-computer"]').click();
    await heading(window, "Set up your help desk");
    await fillAccount(window, "ada", ADMIN_PASSWORD);
    await heading(window, "Tickets");
    await createAccount(window, "Agent", "sam", AGENT_PASSWORD);
    await createAccount(window, "Customer", "cat", CUSTOMER_PASSWORD);
    await logOut(window);
    await logIn(window, "cat", CUSTOMER_PASSWORD);
    await heading(window, "My tickets");
    const number = await fileTicket(window, TITLE, "The screen stays blue whatever laptop we plug in.", "General");
    await logOut(window);

    // The admin moves it from Settings, with the server's owner login.
    await logIn(window, "ada", ADMIN_PASSWORD);
    await heading(window, "Tickets");
    await window.$('[data-testid="nav-settings"]').click();
    await window.$('[data-testid="move-desk-open"]').click();
    await fill(window, "host", owner.hostname);
    await fillNumber(window, "port", owner.port || "5432");
    await fill(window, "database", owner.pathname.slice(1));
    await fill(window, "ownerLogin", decodeURIComponent(owner.username));
    await fill(window, "ownerPassword", decodeURIComponent(owner.password));
    await fill(window, "password", ADMIN_PASSWORD);
    await window.$('[data-testid="move-desk-submit"]').click();
    const checked = window.$('[data-testid="desk-copied-checked"]');
    await checked.waitForDisplayed({ timeout: 60_000 });
    expect(await checked.getProperty("textContent")).toContain("they match");
    const samsCode = await window.$('//table[@data-testid="one-time-codes"]//tr[td[2][normalize-space(.)="sam"]]/td[4]').getText();
    expect(samsCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await window.saveScreenshot(screenshotPath("moved-desk"));
    await window.$('[data-testid="desk-copied-done"]').click();

    // The window works on the team desk now, the admin signed in as her own login.
    await window.$('[data-testid="nav-tickets"]').click();
    await heading(window, "Tickets");
    await window.$(`[data-testid="ticket-${number}"]`).waitForDisplayed({ timeout: 15_000 });
    await window.saveScreenshot(screenshotPath("moved-desk-queue"));
    await logOut(window);
    await byText(window, "Sign in with your own username and password.").waitForDisplayed();

    // The agent's first sign-in with his code chooses his own password.
    await logIn(window, "sam", samsCode);
    await window.$('[data-testid="choose-password"]').waitForDisplayed({ timeout: 15_000 });
    await fill(window, "password", AGENT_PASSWORD);
    await fill(window, "again", AGENT_PASSWORD);
    await window.saveScreenshot(screenshotPath("one-time-code-sign-in"));
    await submit(window);
    await heading(window, "Tickets");
    await window.$(`[data-testid="ticket-${number}"]`).waitForDisplayed({ timeout: 15_000 });
    await logOut(window);
    await logIn(window, "sam", AGENT_PASSWORD);
    await heading(window, "Tickets");
  });
});
