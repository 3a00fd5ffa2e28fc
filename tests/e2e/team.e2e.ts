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
  heading,
  launchApp,
  logIn,
  logOut,
  screenshotOnFailure,
} from "./app";

const ADMIN_PASSWORD = "plum-kettle-harbour";
const AGENT_PASSWORD = "copper-meadow-lantern";
const TITLE = "Projector in room 4 shows no picture";
const REPLY = "On my way with a spare HDMI cable.";

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

    // In the first window the agent finds it by a word of its title and answers it.
    await logIn(agentWindow, "sam", AGENT_PASSWORD);
    await heading(agentWindow, "Tickets");
    await agentWindow.$('[data-testid="ticket-search"]').setValue("projector");
    const row = agentWindow.$(`[data-testid="ticket-${number}"] button`);
    await row.waitForDisplayed({ timeout: 15_000 });
    await row.click();
    await agentWindow.$('[data-testid="ticket-title"]').waitForDisplayed({ timeout: 15_000 });
    expect(await agentWindow.$('[data-testid="ticket-title"]').getText()).toContain(TITLE);
    await agentWindow.$('textarea[name="body"]').setValue(REPLY);
    await agentWindow.$('[data-testid="send-comment"]').click();
    await byText(agentWindow, REPLY).waitForDisplayed();

    // Back in the second window, the customer sees the answer on their ticket.
    await customerWindow.$('[data-testid="nav-tickets"]').click();
    await heading(customerWindow, "My tickets");
    await customerWindow.$(`[data-testid="ticket-${number}"] button`).click();
    await byText(customerWindow, REPLY).waitForDisplayed({ timeout: 15_000 });
  });
});
