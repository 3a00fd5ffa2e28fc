//! Thin Tauri commands: unpack, call one service function, return its DTO or error.
pub mod audit;
pub mod auth;
pub mod backups;
pub mod departments;
pub mod desks;
pub mod live;
pub mod preferences;
pub mod reports;
pub mod settings;
pub mod tickets;
pub mod users;
