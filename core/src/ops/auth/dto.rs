use serde::{Deserialize, Serialize};

use crate::ops::demo::DemoAccount;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppStatus {
    /// True until the first administrator exists: the app then shows the first-run form.
    pub needs_setup: bool,
    pub version: String,
    /// The demo accounts and their passwords; empty outside demo mode.
    pub demo_accounts: Vec<DemoAccount>,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Credentials {
    /// Username or email.
    pub login: String,
    pub password: String,
}
