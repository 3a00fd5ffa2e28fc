use serde::{Deserialize, Serialize};

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
