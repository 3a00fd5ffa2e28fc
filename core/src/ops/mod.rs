//! The use cases, one folder per area: each entry point takes the database and the session (or the
//! acting user), checks the role, validates and applies the rules. DTOs live in each area's `dto.rs`.
pub mod audit;
pub mod auth;
pub mod backups;
pub mod demo;
pub mod departments;
pub mod desks;
pub mod live;
pub mod preferences;
pub mod reports;
pub mod settings;
pub mod text;
pub mod tickets;
pub mod users;
pub mod vocabulary;
