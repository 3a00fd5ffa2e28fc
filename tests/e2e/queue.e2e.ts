import { describe, expect, it } from "vitest";

import { appWindow, DEMO, freshDataFolder, heading, launchDemo, logIn, logOut } from "./app";

describe("the queue in the real window", () => {
  const app = appWindow();

  it("searches as the agent types, opens a result from the keyboard, and keeps the filters after a restart for that agent alone", async () => {
    const dataFolder = freshDataFolder();
    let browser = (app.browser = await launchDemo(dataFolder));
    await logIn(browser, DEMO.agent.login, DEMO.agent.password);
    await heading(browser, "Tickets");

    await browser.keys("/");
    const search = browser.$('[data-testid="ticket-search"]');
    await browser.waitUntil(async () => (await browser.getActiveElement()) !== null && (await search.isFocused()));
    await search.setValue("printer jams");
    // The matched words are highlighted in the results.
    await browser.$("mark=jams").waitForDisplayed({ timeout: 15_000 });
    const rows = await browser.$$('[data-testid="ticket-table"] tbody tr').getElements();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect((await row.getText()).toLowerCase()).toContain("printer");
    }
    await browser.keys("ArrowDown");
    await browser.$('tr[aria-selected="true"]').waitForExist();
    await browser.keys("Enter");
    await browser.$('[data-testid="ticket-title"]').waitForDisplayed();
    expect((await browser.$('[data-testid="ticket-title"]').getText()).toLowerCase()).toContain("printer");
    await browser.$('[data-testid="nav-tickets"]').click();
    await heading(browser, "Tickets");
    expect(await browser.$('[data-testid="ticket-search"]').getValue()).toBe("printer jams");

    await app.browser.deleteSession();
    browser = app.browser = await launchDemo(dataFolder);
    await logIn(browser, DEMO.agent.login, DEMO.agent.password);
    await heading(browser, "Tickets");
    await browser.waitUntil(async () => (await browser.$('[data-testid="ticket-search"]').getValue()) === "printer jams");
    await browser.$("mark=jams").waitForDisplayed({ timeout: 15_000 });

    // The next person on this computer starts from their own queue, not the agent's search.
    await logOut(browser);
    await logIn(browser, DEMO.admin.login, DEMO.admin.password);
    await heading(browser, "Tickets");
    await browser.$('[data-testid="ticket-table"]').waitForDisplayed();
    expect(await browser.$('[data-testid="ticket-search"]').getValue()).toBe("");
    await logOut(browser);
    await logIn(browser, DEMO.agent.login, DEMO.agent.password);
    await browser.waitUntil(async () => (await browser.$('[data-testid="ticket-search"]').getValue()) === "printer jams");
    // Leave the shared preferences as other journeys expect them.
    await browser.$('[data-testid="reset-filters"]').click();
    await browser.waitUntil(async () => (await browser.$('[data-testid="ticket-search"]').getValue()) === "");
    await browser.$('[data-testid="reset-filters"]').waitForExist({ reverse: true });
  });

  it("keeps only the rows near the screen in the page however far Show more goes, and the keyboard reaches any of them", async () => {
    const browser = (app.browser = await launchDemo());
    await logIn(browser, DEMO.admin.login, DEMO.admin.password);
    await heading(browser, "Tickets");
    const loadMore = browser.$('[data-testid="load-more"]');
    const scrolledToRow = async (row: number) =>
      browser.waitUntil(
        async () => {
          await browser.execute(() => window.scrollTo(0, document.body.scrollHeight));
          return browser.$(`tr[data-row="${row}"]`).isExisting();
        },
        { timeout: 15_000 },
      );
    for (let loaded = 50; loaded < 250; loaded += 50) {
      await scrolledToRow(loaded - 1);
      await loadMore.waitForClickable({ timeout: 15_000 });
      await loadMore.click();
    }
    // 250 rows loaded, the last one on screen: the page holds a screenful or two of them.
    await scrolledToRow(249);
    const inPage = await browser.$$("tbody tr[data-row]").length;
    expect(inPage).toBeLessThan(60);
    expect(await browser.$('tr[data-row="0"]').isExisting()).toBe(false);
    // A ticket opened from deep down, and back: the queue is where it was, its rows still loaded.
    const rowTop = () => browser.execute(() => document.querySelector('tr[data-row="249"]')?.getBoundingClientRect().top ?? NaN);
    const before = await rowTop();
    await browser.$('tr[data-row="249"] td').click();
    await browser.$('[data-testid="ticket-title"]').waitForDisplayed();
    await browser.$('[data-testid="nav-tickets"]').click();
    await browser.$('tr[data-row="249"]').waitForDisplayed();
    // The same row in the same place, within a pixel or two (rows measured again may round differently).
    expect(Math.abs((await rowTop()) - before)).toBeLessThan(4);
    // Back to the top from the keyboard: the first row comes back into the page, chosen.
    await browser.execute(() => window.scrollTo(0, 0));
    await browser.$('tr[data-row="0"]').waitForExist({ timeout: 15_000 });
    await browser.keys("ArrowDown");
    await browser.$('tr[data-row="0"][aria-selected="true"]').waitForExist();
  });
});
