use serde::{Deserialize, Serialize};

use crate::entities::users::{self, Role};
use crate::infra::clock;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UserDto {
    pub id: i32,
    pub username: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
    /// Locked after too many failed logins, until the lock runs out or an admin unlocks it.
    pub locked: bool,
}

impl From<users::Model> for UserDto {
    fn from(user: users::Model) -> Self {
        Self {
            locked: user.locked_until.is_some_and(|until| until > clock::now_ms()),
            id: user.id,
            username: user.username,
            email: user.email,
            display_name: user.display_name,
            role: user.role,
            active: user.active,
        }
    }
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewAccount {
    pub username: String,
    pub email: String,
    /// Defaults to the username when empty.
    pub display_name: Option<String>,
    pub password: String,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StaffNewAccount {
    pub account: NewAccount,
    pub role: Role,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProfileUpdate {
    pub display_name: String,
    pub email: String,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// What an admin may change about another account.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UserUpdate {
    pub id: i32,
    pub display_name: String,
    pub email: String,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StaffMember {
    pub id: i32,
    pub display_name: String,
}

/// What happens to the tickets a deleted user requested.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum RequestedTickets {
    /// They become `to`'s tickets.
    MoveTo { to: i32 },
    /// They go, with their conversations and history.
    Delete,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UserDeletion {
    pub id: i32,
    /// Required while the user has requested tickets.
    pub requested_tickets: Option<RequestedTickets>,
}
