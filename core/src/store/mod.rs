//! The queries, one file per table, each written once. Nothing here knows a use case or a role:
//! callers pass what to read and write.
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
