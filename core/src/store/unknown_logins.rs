//! Failed logins at names that match no account, counted like a real account's.
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::entities::unknown_logins::{ActiveModel, Column, Entity};
use crate::error::AppResult;

/// Whether `login` is locked at `now`.
pub async fn locked(db: &impl ConnectionTrait, login: &str, now: i64) -> AppResult<bool> {
    let row = Entity::find_by_id(login.to_owned()).one(db).await?;
    Ok(row.and_then(|r| r.locked_until).is_some_and(|until| until > now))
}

/// Counts one more failure at `login` in SQL (so concurrent attempts all count), and at `limit`
/// locks it until `locked_until`. Returns whether it is now locked. Locks that ran out are
/// forgotten meanwhile, so names typed once long ago do not pile up.
pub async fn count_failure(
    db: &impl ConnectionTrait,
    login: &str,
    limit: i32,
    locked_until: i64,
    now: i64,
) -> AppResult<bool> {
    Entity::delete_many().filter(Column::LockedUntil.lte(now)).exec(db).await?;
    let first = ActiveModel { login: Set(login.to_owned()), failed_logins: Set(1), locked_until: Set(None) };
    let again = OnConflict::column(Column::Login)
        .value(Column::FailedLogins, Expr::col((Entity, Column::FailedLogins)).add(1))
        .to_owned();
    Entity::insert(first).on_conflict(again).exec_without_returning(db).await?;
    let locked = Entity::update_many()
        .col_expr(Column::FailedLogins, Expr::value(0))
        .col_expr(Column::LockedUntil, Expr::value(locked_until))
        .filter(Column::Login.eq(login))
        .filter(Column::FailedLogins.gte(limit))
        .exec(db)
        .await?;
    Ok(locked.rows_affected > 0)
}
