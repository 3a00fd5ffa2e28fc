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

/// What a password shows in logs and panics.
pub(crate) const REDACTED: &str = "<redacted>";

#[derive(Clone, Deserialize, specta::Type)]
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

#[derive(Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

// Passwords never reach a log line or a panic message.
impl std::fmt::Debug for NewAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewAccount")
            .field("username", &self.username)
            .field("email", &self.email)
            .field("display_name", &self.display_name)
            .field("password", &REDACTED)
            .finish()
    }
}

impl std::fmt::Debug for PasswordChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordChange").field("current_password", &REDACTED).field("new_password", &REDACTED).finish()
    }
}

/// What an admin may change about another account.
#[derive(Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UserUpdate {
    pub id: i32,
    pub display_name: String,
    pub email: String,
    pub role: Role,
    /// The acting admin's own password: asked for again when the role changes.
    #[serde(default)]
    pub password: Option<String>,
}

impl std::fmt::Debug for UserUpdate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserUpdate")
            .field("id", &self.id)
            .field("display_name", &self.display_name)
            .field("email", &self.email)
            .field("role", &self.role)
            .field("password", &self.password.as_ref().map(|_| REDACTED))
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StaffMember {
    pub id: i32,
    pub display_name: String,
}

/// A customer a search found, as a picker shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CustomerMatch {
    pub id: i32,
    pub display_name: String,
    pub username: String,
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
    /// How many tickets the admin saw the user had requested: if more were filed since, the
    /// deletion is refused rather than moving or deleting tickets nobody looked at.
    pub tickets_seen: u32,
    /// Required while the user has requested tickets.
    pub requested_tickets: Option<RequestedTickets>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::auth::Credentials;

    #[test]
    fn passwords_never_show_in_debug_output() {
        let secret = "plum-kettle-harbour";
        let account = NewAccount {
            username: "ada".into(),
            email: "ada@example.com".into(),
            display_name: None,
            password: secret.into(),
        };
        let shown = [
            format!("{account:?}"),
            format!("{:?}", StaffNewAccount { account: account.clone(), role: Role::Agent }),
            format!("{:?}", PasswordChange { current_password: secret.into(), new_password: secret.into() }),
            format!("{:?}", Credentials { login: "ada".into(), password: secret.into() }),
        ];
        for text in shown {
            assert!(!text.contains(secret) && text.contains(REDACTED), "{text}");
        }
    }
}
