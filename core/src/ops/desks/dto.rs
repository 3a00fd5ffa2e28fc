use serde::{Deserialize, Serialize};

use crate::entities::users::Role;
use crate::ops::auth::Credentials;
use crate::ops::users::REDACTED;

/// Where a team desk is, as the join form and a connection file give it: everything but a login
/// and a password, which each person types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TeamAddress {
    /// The server's name or address (or a Unix socket's folder, starting with `/`).
    pub host: String,
    pub port: u16,
    pub database: String,
    /// The certificate authority that signed the server's certificate, when it is not one the
    /// computer trusts already (a PEM file).
    pub ca_file: Option<String>,
}

/// The desk this desktop opens at its next start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum RememberedDesk {
    /// The desk in a file on this computer.
    ThisComputer,
    /// A desk in another file on this computer (one exported from a team desk).
    File {
        path: String,
    },
    Team {
        address: TeamAddress,
    },
}

/// A connection file: where a team desk is, for colleagues to join it by (no login, no password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ConnectionFile {
    /// What the file is, and the version of its form.
    pub helpdesk_team_desk: u32,
    /// The address, whose certificate authority's file (a path on the computer that wrote it) is
    /// left out: the certificate itself travels instead.
    #[serde(flatten)]
    pub address: TeamAddress,
    /// The certificate authority's certificate (PEM), when the desk has one of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_certificate: Option<String>,
}

/// Who ticked "Remember me" on a team desk: their password is in the keychain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RememberedSignIn {
    /// The desk's address, as `Database::desk` gives it.
    pub desk: String,
    /// The username or email typed.
    pub login: String,
}

/// "Move this desk to a team server": an empty database on the server, reached once with a
/// login that may set a desk up there (`owner`), and the admin's own password again.
#[derive(Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DeskMove {
    pub address: TeamAddress,
    pub owner: Credentials,
    pub password: String,
}

impl std::fmt::Debug for DeskMove {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeskMove")
            .field("address", &self.address)
            .field("owner", &self.owner)
            .field("password", &REDACTED)
            .finish()
    }
}

/// "Export the desk": the file written (replaced if it is there), and the admin's own password
/// again. The one-time codes' list is saved beside it.
#[derive(Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DeskExport {
    pub path: String,
    pub password: String,
}

impl std::fmt::Debug for DeskExport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeskExport").field("path", &self.path).field("password", &REDACTED).finish()
    }
}

/// A desk copied whole into another: where it went, each table as checked there, and the
/// one-time code of every account but the admin's who copied it (who keeps their password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DeskCopied {
    pub desk: String,
    pub tables: Vec<TableChecked>,
    pub codes: Vec<OneTimeCode>,
    pub codes_file: String,
}

/// A table of a copied desk: its rows, and the checksum both sides agreed on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TableChecked {
    pub table: String,
    #[specta(type = specta_typescript::Number)]
    pub rows: u64,
    pub checksum: String,
}

/// An account's one-time code, for the list its admin hands out: its first sign-in with the code
/// chooses its own password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OneTimeCode {
    pub name: String,
    pub username: String,
    pub email: String,
    pub role: Role,
    pub code: String,
}
