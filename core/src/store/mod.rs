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

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, LikeExpr, Query, SelectStatement};
use sea_orm::{ColumnTrait, ConnectionTrait};

use crate::error::AppResult;
use crate::infra::database::Database;

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

/// How many rows `select` answers, counting no further than `limit`: a bounded look at an index.
pub(crate) async fn count_at_most(db: &Database, mut select: SelectStatement, limit: u64) -> AppResult<u64> {
    let counted = Query::select()
        .expr(Expr::cust("count(*)"))
        .from_subquery(select.limit(limit).to_owned(), Alias::new("counted"))
        .to_owned();
    let rows = db.read_rows(db.get_database_backend().build(&counted), |row| row.get::<i64>(0)).await?;
    Ok(rows.first().map_or(0, |n| *n as u64))
}

/// The sum of `expr` as a 64-bit integer on both backends (PostgreSQL sums 64-bit integers as
/// `numeric`), or null for no rows.
pub(crate) fn total(expr: impl Into<Expr>) -> Expr {
    Func::cast_as(Func::sum(expr), "BIGINT").into()
}

/// The one number a sum answers (0 for no rows).
pub(crate) async fn sum(db: &Database, select: &SelectStatement) -> AppResult<u64> {
    let rows = db.read_rows(db.get_database_backend().build(select), |row| row.get::<Option<i64>>(0)).await?;
    Ok(rows.first().copied().flatten().map_or(0, |n| Ord::max(n, 0) as u64))
}
