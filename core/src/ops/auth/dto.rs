use serde::{Deserialize, Serialize};

use crate::ops::demo::DemoAccount;
use crate::ops::desks::TeamAddress;
use crate::ops::users::{REDACTED, UserDto};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppStatus {
    /// True until the first administrator exists: the app then shows the first-run form.
    pub needs_setup: bool,
    pub version: String,
    /// The demo accounts and their passwords; empty outside demo mode.
    pub demo_accounts: Vec<DemoAccount>,
    /// Why the restore asked for at this start did not happen (the desk is as it was).
    pub restore_refused: Option<String>,
    /// The team desk's server; none for a desk on this computer.
    pub team_desk: Option<TeamDeskStatus>,
    /// No desk is open yet: the start screen asks which.
    pub start: Option<StartScreen>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TeamDeskStatus {
    /// The server's address, without a password.
    pub address: String,
    /// Whether each person works as their own login, which the server holds to their role; else
    /// everyone shares the one login the desk was opened with.
    pub own_logins: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StartScreen {
    /// Why the desk remembered from last time did not open.
    pub problem: Option<String>,
    /// The team desk last joined, for the join form.
    pub remembered: Option<TeamAddress>,
}

#[derive(Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Credentials {
    /// Username or email.
    pub login: String,
    pub password: String,
}

// The password never reaches a log line or a panic message.
impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials").field("login", &self.login).field("password", &REDACTED).finish()
    }
}

/// The first sign-in with a one-time code, choosing the account's own password.
#[derive(Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FirstPassword {
    /// Username or email.
    pub login: String,
    pub code: String,
    /// The password chosen.
    pub password: String,
}

impl std::fmt::Debug for FirstPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FirstPassword")
            .field("login", &self.login)
            .field("code", &REDACTED)
            .field("password", &REDACTED)
            .finish()
    }
}

/// What setting up a team desk made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamDeskSetUp {
    /// The server's address without a password.
    pub desk: String,
    /// The desk's roles on the server: its owner, its groups, and the first admin's login.
    pub roles: Vec<String>,
    pub admin: UserDto,
    /// The login the first admin connects as.
    pub admin_login: String,
}
