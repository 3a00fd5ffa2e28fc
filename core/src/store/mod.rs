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

use sea_orm::ColumnTrait;
use sea_orm::sea_query::{Expr, ExprTrait};

/// Rows before `(time, id)` in (`time`, `id`) order: a page's bound, for tables read newest first.
pub(crate) fn before(time: impl ColumnTrait, id: impl ColumnTrait, (at, row): (i64, i32)) -> Expr {
    time.lt(at).or(time.eq(at).and(id.lt(row)))
}
