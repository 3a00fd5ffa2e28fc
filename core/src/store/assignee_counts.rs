//! Tickets per assignee (or nobody) and status, with resolutions, kept by triggers.
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait};

use crate::entities::assignee_counts::{Column, Entity, Model};
use crate::entities::tickets::Status;
use crate::error::AppResult;
use crate::infra::database::Database;

pub async fn all(db: &impl ConnectionTrait) -> AppResult<Vec<Model>> {
    Ok(Entity::find().all(db).await?)
}

/// How many tickets `assignee` (None: nobody) has with one of `statuses` (empty: any).
pub async fn matching(db: &Database, assignee: Option<i32>, statuses: &[Status]) -> AppResult<u64> {
    let mut select = Query::select();
    select
        .expr(super::total(Expr::col(Column::Tickets)))
        .from(Entity)
        .and_where(Column::AssigneeId.eq(assignee.unwrap_or(0)));
    if !statuses.is_empty() {
        select.and_where(Column::Status.is_in(statuses.iter().cloned()));
    }
    super::sum(db, &select).await
}
