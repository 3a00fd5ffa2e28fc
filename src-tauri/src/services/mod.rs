//! Domain services: validation, role checks and rules. They take a database connection and the
//! acting user and know nothing of Tauri, so plain `#[tokio::test]`s exercise them.
pub mod auth;
pub mod clock;
pub mod passwords;
pub mod session;
pub mod tickets;
pub mod users;
pub mod validation;
