//! SeaORM entities, one module per table. They never cross IPC: services map them to DTOs.
pub mod assignee_counts;
pub mod audit_log;
pub mod comments;
pub mod departments;
pub mod settings;
pub mod ticket_counts;
pub mod ticket_history;
pub mod tickets;
pub mod unknown_logins;
pub mod users;
