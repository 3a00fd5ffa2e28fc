use serde::{Deserialize, Serialize};

use crate::entities::settings;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// Minutes without activity after which a session ends.
    pub session_timeout_minutes: i32,
    /// Hours after login when a session ends, however active.
    pub session_lifetime_hours: i32,
    /// New tickets go to the active agent with the most spare capacity.
    pub auto_assign: bool,
    /// Active tickets an agent holds before automatic assignment passes them over.
    pub agent_capacity: i32,
}

impl From<settings::Model> for Settings {
    fn from(row: settings::Model) -> Self {
        Self {
            session_timeout_minutes: row.session_timeout_minutes,
            session_lifetime_hours: row.session_lifetime_hours,
            auto_assign: row.auto_assign,
            agent_capacity: row.agent_capacity,
        }
    }
}
