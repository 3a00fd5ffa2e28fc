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
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr};

/// Rows before `(time, id)` in (`time`, `id`) order: a page's bound, for tables read newest first.
pub(crate) fn before(time: impl ColumnTrait, id: impl ColumnTrait, (at, row): (i64, i32)) -> Expr {
    time.lt(at).or(time.eq(at).and(id.lt(row)))
}

/// Whether `column`, lower-cased, holds `text` (lower case) anywhere; `%`, `_` and `\` in `text`
/// are what they are, not patterns.
pub(crate) fn holds(column: impl ColumnTrait, text: &str) -> Expr {
    let pattern = format!("%{}%", text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
    Expr::expr(Func::lower(Expr::col(column))).like(LikeExpr::new(pattern).escape('\\'))
}
