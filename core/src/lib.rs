//! The help desk's core: the database, the rules and every use case, with no UI shell in it (the
//! desktop app, the tests and the benchmark all link this crate).
//!
//! Layers, each using only those below it:
//! - `ops/<area>`: use cases (role checks, validation, rules); their DTOs in `dto.rs`;
//! - `access`: the acting user, the session, the permission table;
//! - `store`: one file per table, every query written once;
//! - `infra`: the database and its backend, the full-text engine, passwords, the clock, backup files;
//! - `entities`: the SeaORM tables; `error`: the one error that crosses IPC; `input`: what crosses
//!   it the other way.
pub mod access;
pub mod entities;
pub mod error;
pub mod infra;
pub mod input;
pub mod ops;
pub mod store;
