import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { admin, agent, commands, customer, failure, ok, page, resetCommands, signIn, teamDeskStatus } from "../test/mockBindings";
import { typeAccount } from "../test/forms";
import { renderApp } from "../test/render";
import { creatableRoles } from "./users/UsersPage";

vi.mock("../bindings", () => import("../test/mockBindings"));

beforeEach(resetCommands);

async function fillAccount(password: string) {
  const user = userEvent.setup();
  await typeAccount(user, { username: "newbie", email: "newbie@example.com", password });
  return user;
}

describe("registration", () => {
  it("refuses a guessable password with zxcvbn's feedback before asking Rust", async () => {
    renderApp();
    await userEvent.setup().click(await screen.findByTestId("go-register"));
    const user = await fillAccount("password1");
    expect(await screen.findByTestId("password-strength")).toHaveTextContent(/weak/i);
    await user.click(screen.getByRole("button", { name: /create account/i }));
    expect(await screen.findByText(/commonly used password/i, { selector: ".mantine-InputWrapper-error" })).toBeInTheDocument();
    expect(commands.register).not.toHaveBeenCalled();
  });

  it("creates a customer and opens the customer's app", async () => {
    commands.register.mockImplementation(() => ok(customer));
    renderApp();
    await userEvent.setup().click(await screen.findByTestId("go-register"));
    const user = await fillAccount("plum-kettle-harbour");
    await waitFor(() => expect(screen.getByTestId("password-strength")).toHaveTextContent(/strong/i));
    await user.click(screen.getByRole("button", { name: /create account/i }));
    expect(await screen.findByTestId("nav-tickets")).toHaveTextContent("My tickets");
    expect(commands.register).toHaveBeenCalledWith(expect.objectContaining({ username: "newbie", password: "plum-kettle-harbour" }));
  });
});

describe("login", () => {
  it("explains a locked account", async () => {
    commands.login.mockImplementation(() => failure("LOCKED", "Too many failed attempts: this account is locked for 15 minutes."));
    renderApp();
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/username or email/i), "cat");
    await user.type(screen.getByLabelText(/^password/i), "wrong-password");
    await user.click(screen.getByRole("button", { name: /log in/i }));
    const alert = await screen.findByTestId("login-error");
    expect(alert).toHaveTextContent("Account locked");
    expect(alert).toHaveTextContent(/locked for 15 minutes/);
  });

  it("lists demo accounts only in demo mode, and a click fills the form", async () => {
    const { unmount } = renderApp();
    await screen.findByRole("button", { name: /log in/i });
    expect(screen.queryByTestId("demo-accounts")).not.toBeInTheDocument();
    unmount();

    commands.appStatus.mockImplementation(() =>
      ok({
        needsSetup: false,
        version: "0.1.0",
        demoAccounts: [{ username: "sam", password: "maple-orbit-17", role: "agent", displayName: "Sam Patel" }],
        restoreRefused: null,
        teamDesk: null,
        start: null,
      }),
    );
    renderApp();
    await userEvent.setup().click(await screen.findByText("Sam Patel"));
    expect(screen.getByLabelText(/username or email/i)).toHaveValue("sam");
    expect(screen.getByLabelText(/^password/i)).toHaveValue("maple-orbit-17");
  });

  it("says on the login screen when a restore was refused at this start", async () => {
    const why = "The backup helpdesk-20261121-061500.000-manual.sqlite3 was not restored: it is damaged (page 3 is never used).";
    commands.appStatus.mockImplementation(() =>
      ok({ needsSetup: false, version: "0.1.0", demoAccounts: [], restoreRefused: why, teamDesk: null, start: null }),
    );
    renderApp();
    const alert = await screen.findByTestId("restore-refused");
    expect(alert).toHaveTextContent(why);
    expect(alert).toHaveTextContent("The desk is as it was");
  });

  it("says which team desk this is, and that one opened with a shared login is for trusted staff only, before anyone signs in", async () => {
    const address = "postgres://ada@db.example.com:5432/helpdesk";
    const status = (ownLogins: boolean) => teamDeskStatus(ownLogins, address);
    commands.appStatus.mockImplementation(() => status(false));
    const { unmount } = renderApp();
    const notice = await screen.findByTestId("team-desk-notice");
    expect(notice).toHaveTextContent(address);
    expect(notice).toHaveTextContent(/trusted staff only/i);
    unmount();

    // Joined with each person's own login: the server holds everyone to their role.
    commands.appStatus.mockImplementation(() => status(true));
    const joined = renderApp();
    const ownNotice = await screen.findByTestId("team-desk-notice");
    expect(ownNotice).toHaveTextContent(address);
    expect(ownNotice).not.toHaveTextContent(/trusted staff only/i);
    joined.unmount();

    // A desk on this computer says nothing of the kind.
    commands.appStatus.mockImplementation(() =>
      ok({ needsSetup: false, version: "0.1.0", demoAccounts: [], restoreRefused: null, teamDesk: null, start: null }),
    );
    renderApp();
    expect(await screen.findByRole("button", { name: /log in/i })).toBeInTheDocument();
    expect(screen.queryByTestId("team-desk-notice")).not.toBeInTheDocument();
  });

  it("returns to the login screen, saying why, when the session idles out", async () => {
    signIn(admin);
    commands.listTickets.mockImplementation(() => failure("UNAUTHENTICATED", "You were logged out after 30 minutes without activity."));
    renderApp();
    expect(await screen.findByRole("button", { name: /log in/i })).toBeInTheDocument();
    expect(await screen.findByText(/logged out after 30 minutes/)).toBeInTheDocument();

    // The next person to sign in does not find the notice over their queue.
    commands.listTickets.mockImplementation(() => ok(page([])));
    commands.login.mockImplementation(() => ok(customer));
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/username or email/i), "cat");
    await user.type(screen.getByLabelText(/^password/i), "plum-kettle-harbour");
    await user.click(screen.getByRole("button", { name: /log in/i }));
    expect(await screen.findByText("My tickets")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText(/logged out after 30 minutes/)).not.toBeInTheDocument());
  });
});

describe("users", () => {
  const locked = { ...customer, id: 9, username: "locked.out", displayName: "Locked Out", locked: true };

  it("lets an admin unlock a locked account", async () => {
    signIn(admin);
    commands.listUsers.mockImplementation(() => ok([admin, locked]));
    commands.unlockUser.mockImplementation(() => ok({ ...locked, locked: false }));
    renderApp();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("nav-users"));
    const row = await screen.findByTestId("user-locked.out");
    expect(within(row).getByText("Locked")).toBeInTheDocument();
    await user.click(within(row).getByRole("button", { name: /unlock/i }));
    expect(commands.unlockUser).toHaveBeenCalledWith(9);
    expect(await screen.findByText("Account unlocked")).toBeInTheDocument();
  });

  it("offers agents no unlock and no admin role", async () => {
    signIn(agent);
    commands.listUsers.mockImplementation(() => ok([agent, locked]));
    renderApp();
    const user = userEvent.setup();
    expect(screen.queryByTestId("nav-settings")).not.toBeInTheDocument();
    await user.click(await screen.findByTestId("nav-users"));
    const row = await screen.findByTestId("user-locked.out");
    expect(within(row).queryByRole("button", { name: /unlock/i })).not.toBeInTheDocument();
    expect(creatableRoles("agent")).toEqual(["customer", "agent"]);
    expect(creatableRoles("admin")).toEqual(["customer", "agent", "admin"]);
  });
});

describe("settings and profile", () => {
  it("validates the idle timeout inline and saves a good one", async () => {
    signIn(admin);
    const defaults = { sessionTimeoutMinutes: 30, sessionLifetimeHours: 12, autoAssign: true, agentCapacity: 20 };
    commands.getSettings.mockImplementation(() => ok(defaults));
    commands.updateSettings.mockImplementation(() => ok({ ...defaults, sessionTimeoutMinutes: 45 }));
    renderApp();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("nav-settings"));
    const input = await screen.findByLabelText(/log out after inactivity/i);
    await waitFor(() => expect(input).toHaveValue("30"));
    await user.clear(input);
    await user.click(screen.getByRole("button", { name: /save settings/i }));
    expect(await screen.findByText(/use 1 to 1440 minutes/i)).toBeInTheDocument();
    expect(commands.updateSettings).not.toHaveBeenCalled();

    await user.clear(input);
    await user.type(input, "45");
    await user.click(screen.getByRole("button", { name: /save settings/i }));
    await waitFor(() => expect(commands.updateSettings).toHaveBeenCalledWith({ ...defaults, sessionTimeoutMinutes: 45 }));
  });

  it("switches automatic assignment off and checks the capacity", async () => {
    signIn(admin);
    const defaults = { sessionTimeoutMinutes: 30, sessionLifetimeHours: 12, autoAssign: true, agentCapacity: 20 };
    commands.getSettings.mockImplementation(() => ok(defaults));
    commands.updateSettings.mockImplementation(() => ok({ ...defaults, agentCapacity: 5 }));
    renderApp();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("nav-settings"));
    const capacity = await screen.findByLabelText(/capacity per agent/i);
    await waitFor(() => expect(capacity).toHaveValue("20"));
    await user.clear(capacity);
    await user.click(screen.getByRole("button", { name: /save settings/i }));
    expect(await screen.findByText(/use 1 to 1000 tickets/i)).toBeInTheDocument();
    await user.clear(capacity);
    await user.type(capacity, "5");
    await user.click(screen.getByLabelText(/assign new tickets automatically/i));
    expect(capacity).toBeDisabled();
    await user.click(screen.getByRole("button", { name: /save settings/i }));
    await waitFor(() => expect(commands.updateSettings).toHaveBeenCalledWith({ ...defaults, autoAssign: false, agentCapacity: 5 }));
  });

  it("backs the desk up now and restores a backup only after confirming", async () => {
    signIn(admin);
    commands.getSettings.mockImplementation(() => ok({ sessionTimeoutMinutes: 30, sessionLifetimeHours: 12, autoAssign: true, agentCapacity: 20 }));
    const made = { name: "helpdesk-20261121-061500.000-manual.sqlite3", madeAt: Date.UTC(2026, 10, 21, 6, 15), sizeBytes: 3 * 1024 * 1024 };
    commands.backUpNow.mockImplementation(() => ok(made));
    commands.restoreBackup.mockImplementation(() => ok(null));
    renderApp();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("nav-settings"));
    expect(await screen.findByText("No backups yet.")).toBeInTheDocument();

    commands.listBackups.mockImplementation(() => ok([made]));
    await user.click(screen.getByTestId("back-up-now"));
    expect(await screen.findByText(`Backed up as ${made.name}.`)).toBeInTheDocument();
    const row = within(await screen.findByTestId("backup-list"))
      .getByText(made.name)
      .closest("tr") as HTMLElement;
    expect(row).toHaveTextContent("3.0 MB");

    await user.click(within(row).getByRole("button", { name: /restore/i }));
    expect(await screen.findByText(/the current desk is backed up first/i)).toBeInTheDocument();
    // The admin's own password first: asked for here, checked by Rust, its answer shown on the field.
    await user.click(screen.getByTestId("confirm-restore"));
    expect(await screen.findByText("Enter your password to restore a backup.")).toBeInTheDocument();
    expect(commands.restoreBackup).not.toHaveBeenCalled();
    commands.restoreBackup.mockImplementationOnce(() =>
      failure("VALIDATION", "Please correct the highlighted fields.", { password: "This is not your password." }),
    );
    await user.type(screen.getByTestId("your-password"), "not-it");
    await user.click(screen.getByTestId("confirm-restore"));
    expect(await screen.findByText("This is not your password.")).toBeInTheDocument();
    await user.clear(screen.getByTestId("your-password"));
    await user.type(screen.getByTestId("your-password"), "plum-kettle-harbour");
    await user.click(screen.getByTestId("confirm-restore"));
    await waitFor(() => expect(commands.restoreBackup).toHaveBeenLastCalledWith({ name: made.name, password: "plum-kettle-harbour" }));
  });

  it("says on a team desk that backups are its server's job", async () => {
    signIn(admin);
    commands.appStatus.mockImplementation(() => teamDeskStatus());
    commands.getSettings.mockImplementation(() => ok({ sessionTimeoutMinutes: 30, sessionLifetimeHours: 12, autoAssign: true, agentCapacity: 20 }));
    renderApp();
    await userEvent.setup().click(await screen.findByTestId("nav-settings"));
    const panel = await screen.findByTestId("server-backups");
    expect(panel).toHaveTextContent("pg_dump");
    expect(panel).toHaveTextContent("postgres://db.example.com/helpdesk");
    expect(screen.queryByTestId("back-up-now")).not.toBeInTheDocument();
    expect(commands.listBackups).not.toHaveBeenCalled();
  });

  it("shows Rust's answer when the current password is wrong", async () => {
    signIn(customer);
    commands.changePassword.mockImplementation(() =>
      failure("VALIDATION", "Please correct the highlighted fields.", { currentPassword: "This is not your current password." }),
    );
    renderApp();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("nav-profile"));
    await user.type(await screen.findByLabelText(/^current password/i), "not-it");
    await user.type(screen.getByLabelText(/^new password/i), "granite-willow-echo");
    await user.type(screen.getByLabelText(/confirm new password/i), "granite-willow-echo");
    await waitFor(() => expect(screen.getByTestId("password-strength")).toHaveTextContent(/strong/i));
    await user.click(screen.getByRole("button", { name: /change password/i }));
    expect(await screen.findByText("This is not your current password.")).toBeInTheDocument();
  });
});
