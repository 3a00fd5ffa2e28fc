//! Preferences the UI keeps with tauri-plugin-store (file `preferences.json` in the app-data
//! directory, key `preferences`). They never cross a command, so their TypeScript type comes from
//! ts-rs rather than from the command bindings.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub const PREFERENCES_FILE: &str = "preferences.json";
pub const PREFERENCES_KEY: &str = "preferences";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ThemePreference {
    Light,
    Dark,
    #[default]
    System,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Preferences {
    pub theme: ThemePreference,
    /// Pre-filled on the login form.
    pub last_username: Option<String>,
    /// The queue's filters and sort as last set (the shape of the `list_tickets` command's filters).
    #[ts(type = "import(\"../bindings\").TicketFilters | null")]
    pub ticket_filters: Option<serde_json::Value>,
}
