//! Domain services: validation, role checks and rules. They take a database connection and the
//! acting user and know nothing of Tauri, so plain `#[tokio::test]`s exercise them.
pub mod audit;
pub mod auth;
pub mod backups;
pub mod clock;
pub mod demo;
pub mod departments;
pub mod passwords;
pub mod permissions;
pub mod reports;
pub mod search;
pub mod session;
pub mod settings;
pub mod tickets;
pub mod users;
pub mod validation;
