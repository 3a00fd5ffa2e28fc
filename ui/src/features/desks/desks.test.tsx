import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";

import type { TeamAddress_Serialize as TeamAddress } from "../../bindings";
import { admin, commands, customer, failure, ok, resetCommands, teamDeskStatus } from "../../test/mockBindings";
import { typeAccount } from "../../test/forms";
import { renderApp } from "../../test/render";

vi.mock("../../bindings", () => import("../../test/mockBindings"));
const { open, save } = vi.hoisted(() => ({ open: vi.fn(), save: vi.fn() }));
vi.mock("@tauri-apps/plugin-dialog", () => ({ open, save }));

const remembered: TeamAddress = { host: "db.example.com", port: 5432, database: "helpdesk", caFile: null };

function startScreen(problem: string | null = null, last: TeamAddress | null = null) {
  return ok({ needsSetup: false, version: "0.1.0", demoAccounts: [], restoreRefused: null, teamDesk: null, start: { problem, remembered: last } });
}

const deskOpen = ok({ needsSetup: false, version: "0.1.0", demoAccounts: [], restoreRefused: null, teamDesk: null, start: null });

beforeEach(() => {
  resetCommands();
  commands.appStatus.mockImplementation(() => startScreen());
});

async function openJoinForm() {
  renderApp();
  const user = userEvent.setup();
  await user.click(await screen.findByTestId("choose-join"));
  return user;
}

async function fillJoin(user: ReturnType<typeof userEvent.setup>, host = "db.example.com") {
  await user.clear(screen.getByLabelText(/^server/i));
  await user.type(screen.getByLabelText(/^server/i), host);
  await user.type(screen.getByLabelText(/username or email/i), "cat");
  await user.type(screen.getByLabelText(/^password/i), "plum-kettle-harbour");
}

describe("the start screen", () => {
  it("offers this computer, joining and setting up a team desk, and says why last time's desk did not open", async () => {
    commands.appStatus.mockImplementation(() => startScreen("The server cannot be reached at db.example.com."));
    renderApp();
    expect(await screen.findByText(/where is your help desk/i)).toBeInTheDocument();
    expect(screen.getByTestId("start-problem")).toHaveTextContent("cannot be reached");
    expect(screen.getByTestId("choose-this-computer")).toBeInTheDocument();
    expect(screen.getByTestId("choose-join")).toBeInTheDocument();
    expect(screen.getByTestId("choose-set-up")).toBeInTheDocument();
  });

  it("opens this computer's desk", async () => {
    commands.openThisComputer.mockImplementation(() => {
      commands.appStatus.mockImplementation(() => deskOpen);
      return deskOpen;
    });
    renderApp();
    await userEvent.setup().click(await screen.findByTestId("choose-this-computer"));
    expect(await screen.findByTestId("login-switch-desk")).toBeInTheDocument();
    expect(commands.openThisComputer).toHaveBeenCalledOnce();
  });
});

describe("joining a team desk", () => {
  it("fills in the desk joined last time", async () => {
    commands.appStatus.mockImplementation(() => startScreen(null, remembered));
    await openJoinForm();
    expect(screen.getByLabelText(/^server/i)).toHaveValue("db.example.com");
    expect(screen.getByLabelText(/^database/i)).toHaveValue("helpdesk");
  });

  it("checks the form before asking the server", async () => {
    const user = await openJoinForm();
    await user.click(screen.getByTestId("test-connection"));
    expect(await screen.findByText(/enter the server's name/i)).toBeInTheDocument();
    expect(screen.getByText(/enter your username/i)).toBeInTheDocument();
    expect(commands.testTeamDesk).not.toHaveBeenCalled();
  });

  it("tests the connection and says plainly what is wrong, on the field to change", async () => {
    const user = await openJoinForm();
    await fillJoin(user, "db.example.com");
    commands.testTeamDesk.mockImplementation(() =>
      failure("VALIDATION", "Some fields are not valid.", { caFile: "The server's certificate is not trusted (unknown issuer)." }),
    );
    await user.click(screen.getByTestId("test-connection"));
    expect(await screen.findByText(/certificate is not trusted/i)).toBeInTheDocument();
    // Said on its field alone, also once the person starts to change it.
    await user.type(screen.getByLabelText(/certificate authority/i), "/etc/ca.pem");
    expect(screen.queryByTestId("join-error")).not.toBeInTheDocument();
    await user.clear(screen.getByLabelText(/certificate authority/i));
    expect(commands.testTeamDesk).toHaveBeenCalledWith(
      { host: "db.example.com", port: 5432, database: "helpdesk", caFile: null },
      { login: "cat", password: "plum-kettle-harbour" },
    );

    commands.testTeamDesk.mockImplementation(() => failure("UNAUTHENTICATED", "Wrong username or password."));
    await user.click(screen.getByTestId("test-connection"));
    expect(await screen.findByTestId("join-error")).toHaveTextContent("Wrong username or password.");

    commands.testTeamDesk.mockImplementation(() => ok(customer));
    await user.click(screen.getByTestId("test-connection"));
    expect(await screen.findByTestId("join-tested")).toHaveTextContent("Cat Customer");
  });

  it("chooses a certificate authority's file", async () => {
    open.mockResolvedValue("/home/cat/company-ca.pem");
    const user = await openJoinForm();
    await user.click(screen.getByRole("button", { name: /choose/i }));
    await waitFor(() => expect(screen.getByLabelText(/certificate authority/i)).toHaveValue("/home/cat/company-ca.pem"));
  });

  it("fills the address in from a connection file, and says when a file is none", async () => {
    open.mockResolvedValue("/home/cat/helpdesk.helpdesk");
    commands.readConnectionFile.mockImplementation(() => ok({ host: "desk.example.org", port: 5433, database: "support", caFile: null }));
    const user = await openJoinForm();
    await user.type(screen.getByLabelText(/username or email/i), "cat");
    await user.click(screen.getByTestId("open-connection-file"));
    await waitFor(() => expect(screen.getByLabelText(/^server/i)).toHaveValue("desk.example.org"));
    expect(screen.getByLabelText(/^port/i)).toHaveValue("5433");
    expect(screen.getByLabelText(/^database/i)).toHaveValue("support");
    expect(screen.getByLabelText(/username or email/i)).toHaveValue("cat");
    expect(commands.readConnectionFile).toHaveBeenCalledWith("/home/cat/helpdesk.helpdesk");

    commands.readConnectionFile.mockImplementation(() => failure("VALIDATION", "This is not a Helpdesk connection file."));
    await user.click(screen.getByTestId("open-connection-file"));
    expect(await screen.findByText("This is not a Helpdesk connection file.")).toBeInTheDocument();
  });

  it("lets an admin save the desk's connection file from the settings", async () => {
    commands.appStatus.mockImplementation(() => teamDeskStatus());
    commands.currentUser.mockImplementation(() => ok(admin));
    commands.getSettings.mockImplementation(() => ok({ sessionTimeoutMinutes: 30, sessionLifetimeHours: 12, autoAssign: true, agentCapacity: 20 }));
    commands.saveConnectionFile.mockImplementation(() => ok(null));
    save.mockResolvedValue("/home/ada/our-desk");
    renderApp();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("nav-settings"));
    await user.click(await screen.findByTestId("save-connection-file"));
    expect(await screen.findByText("Saved the connection file to /home/ada/our-desk.helpdesk.")).toBeInTheDocument();
    expect(commands.saveConnectionFile).toHaveBeenCalledWith("/home/ada/our-desk.helpdesk");
  });

  it("joins and signs the person in", async () => {
    commands.joinTeamDesk.mockImplementation(() => {
      commands.appStatus.mockImplementation(() => deskOpen);
      commands.currentUser.mockImplementation(() => ok(admin));
      return ok(admin);
    });
    const user = await openJoinForm();
    await fillJoin(user);
    await user.click(screen.getByTestId("join"));
    expect(await screen.findByTestId("current-user")).toHaveTextContent("Ada Admin");
  });

  it("goes back to the start screen from the account menu", async () => {
    commands.appStatus.mockImplementation(() => deskOpen);
    commands.currentUser.mockImplementation(() => ok(admin));
    commands.leaveDesk.mockImplementation(() => {
      commands.appStatus.mockImplementation(() => startScreen());
      commands.currentUser.mockImplementation(() => ok(null));
      return Promise.resolve();
    });
    renderApp();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("user-menu"));
    await user.click(await screen.findByTestId("switch-desk"));
    expect(await screen.findByText(/where is your help desk/i)).toBeInTheDocument();
  });
});

describe("setting up a team desk", () => {
  async function toTheAdmin(user: ReturnType<typeof userEvent.setup>) {
    await user.type(screen.getByLabelText(/^server/i), "localhost");
    await user.type(screen.getByLabelText(/postgresql login/i), "helpdesk_dba");
    await user.type(screen.getByLabelText(/its password/i), "dba-secret");
    await user.click(screen.getByTestId("set-up-next"));
    expect(await screen.findByText(/first administrator/i, { selector: "h2" })).toBeInTheDocument();
  }

  it("asks for the server and its owner's login, then the first administrator, and signs them in", async () => {
    commands.setUpTeamDesk.mockImplementation(() => {
      commands.appStatus.mockImplementation(() => deskOpen);
      commands.currentUser.mockImplementation(() => ok(admin));
      return ok(admin);
    });
    renderApp();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("choose-set-up"));
    await user.click(screen.getByTestId("set-up-next"));
    expect(await screen.findByText(/enter the postgresql login/i)).toBeInTheDocument();
    await toTheAdmin(user);
    await typeAccount(user, { username: "ada", email: "ada@example.com", password: "plum-kettle-harbour" });
    await waitFor(() => expect(screen.getByTestId("password-strength")).toHaveTextContent(/strong/i));
    await user.click(screen.getByRole("button", { name: /set up the desk/i }));
    expect(await screen.findByTestId("current-user")).toHaveTextContent("Ada Admin");
    expect(commands.setUpTeamDesk).toHaveBeenCalledWith(
      { host: "localhost", port: 5432, database: "helpdesk", caFile: null },
      { login: "helpdesk_dba", password: "dba-secret" },
      expect.objectContaining({ username: "ada", email: "ada@example.com", password: "plum-kettle-harbour" }),
    );
  });

  it("goes back to the server's step when the server refuses its owner's password", async () => {
    commands.setUpTeamDesk.mockImplementation(() =>
      failure("VALIDATION", "Please correct the highlighted fields.", { ownerPassword: "The server refused this login and password." }),
    );
    renderApp();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("choose-set-up"));
    await toTheAdmin(user);
    await typeAccount(user, { username: "ada", email: "ada@example.com", password: "plum-kettle-harbour" });
    await waitFor(() => expect(screen.getByTestId("password-strength")).toHaveTextContent(/strong/i));
    await user.click(screen.getByRole("button", { name: /set up the desk/i }));
    expect(await screen.findByText("The server refused this login and password.")).toBeInTheDocument();
    expect(screen.getByLabelText(/postgresql login/i)).toHaveValue("helpdesk_dba");
  });
});

describe("remember me on a team desk", () => {
  it("is offered where each person signs in as their own login, and asked for with the login", async () => {
    commands.appStatus.mockImplementation(() => teamDeskStatus(true));
    commands.login.mockImplementation(() => ok(customer));
    renderApp();
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/username or email/i), "cat");
    await user.type(screen.getByLabelText(/^password/i), "plum-kettle-harbour");
    await user.click(screen.getByTestId("remember-me"));
    await user.click(screen.getByRole("button", { name: /log in/i }));
    await waitFor(() => expect(commands.login).toHaveBeenCalledWith({ login: "cat", password: "plum-kettle-harbour" }, true));
  });

  it("is not offered on a desk opened with one shared login, nor on this computer's", async () => {
    commands.appStatus.mockImplementation(() => teamDeskStatus(false));
    renderApp();
    await screen.findByRole("button", { name: /log in/i });
    expect(screen.queryByTestId("remember-me")).not.toBeInTheDocument();
    expect(commands.signInRemembered).not.toHaveBeenCalled();
  });

  it("signs in by itself at the start, or says why it could not", async () => {
    commands.appStatus.mockImplementation(() => teamDeskStatus(true));
    commands.signInRemembered.mockImplementation(() => ok(customer));
    const { unmount } = renderApp();
    expect(await screen.findByTestId("current-user")).toHaveTextContent("Cat Customer");
    unmount();

    commands.signInRemembered.mockImplementation(() => failure("UNAUTHENTICATED", "Wrong username or password."));
    renderApp();
    expect(await screen.findByTestId("remembered-refused")).toHaveTextContent("Wrong username or password.");
  });

  it("is asked for when joining", async () => {
    commands.joinTeamDesk.mockImplementation(() => ok(admin));
    const user = await openJoinForm();
    await fillJoin(user);
    await user.click(screen.getByTestId("remember-me"));
    await user.click(screen.getByTestId("join"));
    await waitFor(() => expect(commands.joinTeamDesk).toHaveBeenCalledWith(expect.anything(), expect.anything(), true));
  });
});

describe("a one-time code", () => {
  it("signs in once the person chose their own password", async () => {
    commands.login.mockImplementation(() =>
      failure("MUST_CHOOSE_PASSWORD", "This is a one-time code: choose your own password to finish signing in."),
    );
    commands.choosePassword.mockImplementation(() => ok(customer));
    commands.appStatus.mockImplementation(() => deskOpen);
    renderApp();
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/username or email/i), "cat");
    await user.type(screen.getByLabelText(/^password/i), "ABCD-EFGH-JKLM");
    await user.click(screen.getByRole("button", { name: /log in/i }));
    expect(await screen.findByTestId("choose-password")).toHaveTextContent("one-time code");
    await user.type(screen.getByLabelText(/your new password/i), "copper-lantern-meadow-42");
    await user.type(screen.getByLabelText(/the same password again/i), "copper-lantern-meadow-4");
    await user.click(screen.getByRole("button", { name: /set password and sign in/i }));
    expect(await screen.findByText("The two passwords differ.")).toBeInTheDocument();
    expect(commands.choosePassword).not.toHaveBeenCalled();
    await user.type(screen.getByLabelText(/the same password again/i), "2");
    await user.click(screen.getByRole("button", { name: /set password and sign in/i }));
    expect(await screen.findByTestId("current-user")).toHaveTextContent("Cat Customer");
    expect(commands.choosePassword).toHaveBeenCalledWith({ login: "cat", code: "ABCD-EFGH-JKLM", password: "copper-lantern-meadow-42" }, false);
  });
});

const copied = {
  desk: "postgres://db.example.com/helpdesk",
  tables: [
    { table: "users", rows: 3, checksum: "00" },
    { table: "tickets", rows: 1204, checksum: "01" },
    { table: "comments", rows: 3310, checksum: "02" },
  ],
  codes: [
    { name: "Sam Agent", username: "sam", email: "sam@example.com", role: "agent" as const, code: "ABCD-EFGH-JKLM" },
    { name: "Cat Customer", username: "cat", email: "cat@example.com", role: "customer" as const, code: "NPQR-STUV-WXYZ" },
  ],
  codesFile: "/home/ada/one-time-codes.csv",
};

async function openSettings(status: ReturnType<typeof commands.appStatus> = deskOpen) {
  commands.appStatus.mockImplementation(() => status);
  commands.currentUser.mockImplementation(() => ok(admin));
  commands.getSettings.mockImplementation(() => ok({ sessionTimeoutMinutes: 30, sessionLifetimeHours: 12, autoAssign: true, agentCapacity: 20 }));
  renderApp();
  const user = userEvent.setup();
  await user.click(await screen.findByTestId("nav-settings"));
  return user;
}

describe("moving a desk", () => {
  it("moves this computer's desk to a team server and lists the one-time codes to hand out", async () => {
    commands.moveDeskToServer.mockImplementation(() => ok(copied));
    const user = await openSettings();
    await user.click(await screen.findByTestId("move-desk-open"));
    await user.click(screen.getByTestId("move-desk-submit"));
    expect(await screen.findByText(/enter the server's name/i)).toBeInTheDocument();
    expect(commands.moveDeskToServer).not.toHaveBeenCalled();
    await user.type(screen.getByLabelText(/^server/i), "db.example.com");
    await user.type(screen.getByLabelText(/owner login/i), "dba");
    await user.type(screen.getByLabelText(/its password/i), "owner-secret");
    await user.type(screen.getByLabelText(/your password/i), "plum-kettle-harbour");
    await user.click(screen.getByTestId("move-desk-submit"));
    const moved = await screen.findByTestId("desk-copied");
    expect(moved).toHaveTextContent("1,204 tickets");
    expect(moved).toHaveTextContent("they match");
    expect(screen.getByTestId("one-time-codes")).toHaveTextContent("NPQR-STUV-WXYZ");
    expect(commands.moveDeskToServer).toHaveBeenCalledWith({
      address: { host: "db.example.com", port: 5432, database: "helpdesk", caFile: null },
      owner: { login: "dba", password: "owner-secret" },
      password: "plum-kettle-harbour",
    });
  });

  it("says on its field what the server refused", async () => {
    commands.moveDeskToServer.mockImplementation(() =>
      failure("VALIDATION", "Please correct the highlighted fields.", { ownerPassword: "The server refused this login and password." }),
    );
    const user = await openSettings();
    await user.click(await screen.findByTestId("move-desk-open"));
    await user.type(screen.getByLabelText(/^server/i), "db.example.com");
    await user.type(screen.getByLabelText(/owner login/i), "dba");
    await user.type(screen.getByLabelText(/its password/i), "wrong");
    await user.type(screen.getByLabelText(/your password/i), "plum-kettle-harbour");
    await user.click(screen.getByTestId("move-desk-submit"));
    expect(await screen.findByText("The server refused this login and password.")).toBeInTheDocument();
    expect(screen.queryByTestId("desk-copied")).not.toBeInTheDocument();
  });

  it("exports nothing when the file dialog is cancelled", async () => {
    save.mockResolvedValue(null);
    const user = await openSettings(teamDeskStatus());
    await user.click(await screen.findByTestId("export-desk-open"));
    await user.type(screen.getByLabelText(/your password/i), "plum-kettle-harbour");
    await user.click(screen.getByTestId("export-desk-submit"));
    await waitFor(() => expect(save).toHaveBeenCalled());
    expect(commands.exportDesk).not.toHaveBeenCalled();
  });

  it("exports a team desk into a file, its codes saved beside it", async () => {
    commands.exportDesk.mockImplementation(() => ok({ ...copied, desk: "/home/ada/helpdesk.sqlite3" }));
    save.mockResolvedValue("/home/ada/helpdesk.sqlite3");
    const user = await openSettings(teamDeskStatus());
    expect(screen.queryByTestId("move-desk")).not.toBeInTheDocument();
    await user.click(await screen.findByTestId("export-desk-open"));
    await user.type(screen.getByLabelText(/your password/i), "plum-kettle-harbour");
    await user.click(screen.getByTestId("export-desk-submit"));
    expect(await screen.findByTestId("desk-copied")).toHaveTextContent("/home/ada/helpdesk.sqlite3");
    expect(commands.exportDesk).toHaveBeenCalledWith({ path: "/home/ada/helpdesk.sqlite3", password: "plum-kettle-harbour" });
  });
});

describe("a desk file", () => {
  it("opens a desk exported from a team desk, chosen in a dialog", async () => {
    commands.openDeskFile.mockImplementation(() => {
      commands.appStatus.mockImplementation(() => deskOpen);
      return deskOpen;
    });
    open.mockResolvedValue("/home/ada/helpdesk.sqlite3");
    renderApp();
    await userEvent.setup().click(await screen.findByTestId("choose-desk-file"));
    expect(await screen.findByTestId("login-switch-desk")).toBeInTheDocument();
    expect(commands.openDeskFile).toHaveBeenCalledWith("/home/ada/helpdesk.sqlite3");
  });
});
