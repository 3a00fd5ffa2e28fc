import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";

import type { Capabilities } from "@wdio/types";
import { afterEach } from "vitest";
import { remote, type Browser } from "webdriverio";

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run the end-to-end tests with \`npm run test:e2e\``);
  }
  return value;
}

/** A database path of its own for one journey, inside the run's temporary directory. */
export function freshDatabase(): string {
  return join(mkdtempSync(join(required("HELPDESK_E2E_DIR"), "db-")), "helpdesk.sqlite3");
}

/** Runs one statement on the test server (`HELPDESK_TEST_POSTGRES`). */
function onTestServer(sql: string) {
  execFileSync("psql", [required("HELPDESK_TEST_POSTGRES"), "--quiet", "--command", sql], { stdio: "inherit" });
}

/** A new, empty database on the test server, as the URL a desktop opens, and how to drop it after. */
export function freshTeamDesk(): { url: string; drop: () => void } {
  const server = required("HELPDESK_TEST_POSTGRES");
  const name = `helpdesk_e2e_${process.pid}_${Date.now()}`;
  onTestServer(`CREATE DATABASE ${name}`);
  return { url: `${server.slice(0, server.lastIndexOf("/"))}/${name}`, drop: () => onTestServer(`DROP DATABASE ${name} WITH (FORCE)`) };
}

/** Whether a process of the app under test is running. */
export function appIsRunning(app: string): boolean {
  try {
    execFileSync("pgrep", ["-f", app], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Starts the real app on `database` and returns the WebDriver session that drives its window. */
export async function launchApp(database: string, extraArgs: string[] = []): Promise<Browser> {
  return startSession(required("HELPDESK_APP"), ["--database", database, ...extraArgs]);
}

/** Resolves once something listens on `port` on this machine. */
async function listening(port: number) {
  for (let i = 0; i < 100; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => {
        socket.end();
        resolve(true);
      }).on("error", () => resolve(false));
      socket.setTimeout(500, () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing listens on port ${port}`);
}

/**
 * Another desktop on this machine: a session bus, data folders and a tauri-driver of its own, so
 * that its app is a second app (on one bus, a second launch hands over to the first). `launch`
 * opens its window on `database` (null: none named, the start screen asks); `stop` ends it all.
 */
export async function anotherDesktop(): Promise<{ launch: (database: string | null) => Promise<Browser>; stop: () => void }> {
  const home = mkdtempSync(join(required("HELPDESK_E2E_DIR"), "desktop-"));
  const bus = execFileSync("dbus-daemon", ["--session", "--fork", "--print-address=1", "--print-pid=1"], { encoding: "utf8" });
  const [address, busPid] = bus.trim().split("\n");
  const port = Number(required("HELPDESK_E2E_PORT")) + 1000;
  const env = {
    ...process.env,
    DBUS_SESSION_BUS_ADDRESS: address,
    XDG_DATA_HOME: join(home, "data"),
    XDG_CONFIG_HOME: join(home, "config"),
    XDG_CACHE_HOME: join(home, "cache"),
  };
  const driver: ChildProcess = spawn("tauri-driver", ["--port", String(port), "--native-port", String(port + 1)], { env, stdio: "ignore" });
  await listening(port);
  return {
    launch: (database) => connectTo(port, required("HELPDESK_APP"), database === null ? [] : ["--database", database]),
    stop: () => {
      driver.kill();
      spawnSync("kill", [busPid]);
    },
  };
}

/** An app-data folder of its own for one journey's demo desk. */
export function freshDataFolder(): string {
  return mkdtempSync(join(required("HELPDESK_E2E_DIR"), "data-"));
}

/** Types `value` into the number field `name`, replacing what it holds (a number field keeps its
 * value through WebDriver's clear). */
export async function fillNumber(browser: Browser, name: string, value: string) {
  const input = browser.$(`input[name="${name}"]`);
  await input.waitForDisplayed({ timeout: 15_000 });
  await input.click();
  await browser.keys(["Control", "a"]);
  await browser.keys(["Backspace"]);
  await input.addValue(value);
}

/** Starts the real app with no desk named and its app-data folder in `dataFolder`: the start screen. */
export async function launchUnnamed(dataFolder: string = freshDataFolder()): Promise<Browser> {
  return startSession(join(__dirname, "in-data-folder.sh"), [dataFolder]);
}

/** On the start screen: joins the team desk at `url` (its login and password left out) as `login`. */
export async function joinTeamDesk(browser: Browser, url: string, login: string, password: string) {
  const { hostname, port, pathname } = new URL(url);
  await browser.$('[data-testid="choose-join"]').click();
  await heading(browser, "Join a team desk");
  await fill(browser, "host", hostname);
  await fillNumber(browser, "port", port || "5432");
  await fill(browser, "database", pathname.slice(1));
  await fill(browser, "login", login);
  await fill(browser, "password", password);
  await browser.$('[data-testid="join"]').click();
}

/** Starts the real app on the demo desk kept in `dataFolder` (seeded on its first start). */
export async function launchDemo(dataFolder: string = freshDataFolder()): Promise<Browser> {
  return startSession(join(__dirname, "in-data-folder.sh"), [dataFolder, "--demo"]);
}

/** Whether an app on this session bus (running, or still closing) holds the name by which a second
 * launch finds the first: a launch then hands over to it and never opens a window of its own. */
function instanceNameTaken(): boolean {
  const ask = ["--session", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus"];
  const question = ["org.freedesktop.DBus.NameHasOwner", "string:app.helpdesk.desktop.SingleInstance"];
  try {
    return execFileSync("dbus-send", [...ask, ...question], { encoding: "utf8" }).includes("boolean true");
  } catch {
    return false;
  }
}

async function startSession(application: string, args: string[]): Promise<Browser> {
  const app = required("HELPDESK_APP");
  // The last app must be gone first: a new one on its heels can lose the WebDriver connection, or
  // hand over to it through the session bus and never open a window. On a busy machine the end of a
  // WebDriver session has left the app running, idle, with its window open: after ten seconds it is
  // stopped. Its process can leave the list before the bus lets go of its name.
  const gone = () => !appIsRunning(app) && !instanceNameTaken();
  const waitUntilGone = async () => {
    for (let i = 0; i < 100 && !gone(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  };
  await waitUntilGone();
  if (appIsRunning(app)) {
    console.warn("the last app kept running after its WebDriver session ended: stopping it");
    spawnSync("pkill", ["-f", app]);
    await waitUntilGone();
  }
  return connectTo(Number(required("HELPDESK_E2E_PORT")), application, args);
}

/** A WebDriver session, through the tauri-driver on `port`, on a new app window. */
async function connectTo(port: number, application: string, args: string[]): Promise<Browser> {
  const browser = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "warn",
    connectionRetryCount: 3,
    // `tauri:options` is tauri-driver's own capability, unknown to WebdriverIO's types.
    // WebKitWebDriver speaks classic WebDriver only, without BiDi.
    capabilities: {
      browserName: "wry",
      "wdio:enforceWebDriverClassic": true,
      "tauri:options": { application, args },
    } as Capabilities.RequestedStandaloneCapabilities,
  });
  await browser.setTimeout({ implicit: 0 });
  return browser;
}

export async function fill(browser: Browser, name: string, value: string) {
  const input = browser.$(`input[name="${name}"]`);
  await input.waitForDisplayed({ timeout: 15_000 });
  await input.clearValue();
  await input.setValue(value);
}

export async function submit(browser: Browser) {
  await browser.$('button[type="submit"]').click();
}

/** The element whose own text contains `text` (an error message, a label). */
export function byText(browser: Browser, text: string) {
  return browser.$(`//*[text()[contains(., ${JSON.stringify(text)})]]`);
}

/** Keeps what the window showed when a journey failed, for the person reading the log. */
/** Where a journey keeps a screenshot of what it showed (`target/e2e-screens/<name>.png`), to be looked at. */
export function screenshotPath(name: string): string {
  const dir = join(__dirname, "../../target/e2e-screens");
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.png`);
}

export async function screenshotOnFailure(browser: Browser | undefined, name: string) {
  if (!browser) {
    return;
  }
  const dir = join(__dirname, "../../target/e2e-failures");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name.replace(/[^a-z0-9]+/gi, "-")}.png`);
  await browser.saveScreenshot(file).catch(() => undefined);
  console.error(`screenshot of the failed journey: ${file}`);
}

export async function heading(browser: Browser, text: string) {
  await browser.$(`h2=${text}`).waitForDisplayed({ timeout: 15_000 });
}

export async function logIn(browser: Browser, login: string, password: string) {
  await heading(browser, "Log in");
  await fill(browser, "login", login);
  await fill(browser, "password", password);
  await submit(browser);
}

export async function logOut(browser: Browser) {
  await browser.$('[data-testid="user-menu"]').click();
  await browser.$('[data-testid="logout"]').click();
  await heading(browser, "Log in");
}

/** Fills the shared account form (first run, registration, staff) and submits it. */
export async function fillAccount(browser: Browser, username: string, password: string) {
  await fill(browser, "username", username);
  await fill(browser, "email", `${username}@example.com`);
  await fill(browser, "password", password);
  await fill(browser, "confirmPassword", password);
  // The strength estimate loads with the first password typed; submit once it has judged.
  await browser.$('[data-testid="password-strength"]').waitForDisplayed({ timeout: 15_000 });
  await submit(browser);
}

/** As a signed-in admin or agent: creates an account with `role` on the Users page. */
export async function createAccount(browser: Browser, role: "Customer" | "Agent" | "Admin", username: string, password: string) {
  await browser.$('[data-testid="nav-users"]').click();
  await heading(browser, "Users");
  await browser.$('[data-testid="new-account"]').click();
  await choose(browser, '[data-testid="new-account-role"]', role);
  await fillAccount(browser, username, password);
  await browser.$(`[data-testid="user-${username}"]`).waitForDisplayed({ timeout: 15_000 });
}

/** As a signed-in customer on My tickets: files a ticket in `department` and returns its number. */
export async function fileTicket(browser: Browser, title: string, description: string, department: string): Promise<string> {
  await browser.$('[data-testid="new-ticket"]').click();
  await heading(browser, "New ticket");
  await fill(browser, "title", title);
  await browser.$('textarea[name="description"]').setValue(description);
  await choose(browser, '[data-testid="department-select"]', department);
  await browser.$('[data-testid="submit-ticket"]').click();
  const shown = browser.$('[data-testid="ticket-title"]');
  await shown.waitForDisplayed({ timeout: 15_000 });
  const number = (await shown.getText()).match(/#(\d+)/)?.[1];
  if (!number) throw new Error(`no ticket number in "${await shown.getText()}"`);
  return number;
}

/** The app window of the current test: closed after each test, with a screenshot when it failed. */
export function appWindow(): { browser?: Browser } {
  const current: { browser?: Browser } = {};
  afterEach(async ({ task }) => {
    if (task.result?.state === "fail") {
      await screenshotOnFailure(current.browser, task.name);
    }
    await current.browser?.deleteSession();
    current.browser = undefined;
  });
  return current;
}

/** Picks `label` in the Mantine Select whose input matches `selector` (other Selects on the page
 * may hold options of the same name, hidden). */
export async function choose(browser: Browser, selector: string, label: string) {
  const xpath = `//*[@role="option"][normalize-space(.)=${JSON.stringify(label)}]`;
  // A click on an option that is still opening can land on nothing: open and pick again until the
  // Select shows the choice.
  await browser.waitUntil(
    async () => {
      if ((await browser.$(selector).getValue()) === label) return true;
      await browser.$(selector).click();
      for (const candidate of await browser.$$(xpath).getElements()) {
        if (await candidate.isDisplayed()) {
          await candidate.click().catch(() => undefined);
          break;
        }
      }
      return (await browser.$(selector).getValue()) === label;
    },
    { timeout: 15_000, interval: 300 },
  );
}

/** Demo accounts (see `services/demo.rs`). */
export const DEMO = {
  customer: { login: "pat", password: "amber-falcon-21", name: "Pat Jones" },
  agent: { login: "sam", password: "maple-orbit-17", name: "Sam Patel" },
  admin: { login: "admin", password: "cobalt-lantern-42", name: "Alex Morgan" },
};
