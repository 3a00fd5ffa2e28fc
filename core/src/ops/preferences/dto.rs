use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ops::desks::{RememberedDesk, RememberedSignIn};
use crate::ops::tickets::queue::TicketFilters;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum ThemePreference {
    Light,
    Dark,
    #[default]
    System,
}

/// What this computer's window remembers for whoever opens it next.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct Preferences {
    pub theme: ThemePreference,
    /// Pre-filled on the login form.
    pub last_username: Option<String>,
}

/// The preferences file: the window's preferences, and each person's queue as they last left it
/// (by desk and user id: ids repeat across desks), so the next person to sign in on this computer
/// never sees someone else's filters.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct Stored {
    pub window: Preferences,
    pub queue_filters: BTreeMap<String, TicketFilters>,
    /// The desk to open at the next start.
    pub desk: Option<RememberedDesk>,
    /// Who is signed in at the next start, with the password the keychain keeps.
    pub sign_in: Option<RememberedSignIn>,
}
