//! Tickets per status, priority and department, kept by triggers: a few hundred rows at any size.
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait};

use crate::entities::ticket_counts::{Column, Entity, Model};
use crate::entities::tickets::{Priority, Status};
use crate::error::AppResult;
use crate::infra::database::Database;

pub async fn all(db: &impl ConnectionTrait) -> AppResult<Vec<Model>> {
    Ok(Entity::find().all(db).await?)
}

/// How many tickets have one of `statuses`, one of `priorities` and `department` (empty or None: any).
pub async fn matching(
    db: &Database,
    statuses: &[Status],
    priorities: &[Priority],
    department: Option<i32>,
) -> AppResult<u64> {
    let mut select = Query::select();
    select.expr(super::total(Expr::col(Column::Tickets))).from(Entity);
    if !statuses.is_empty() {
        select.and_where(Column::Status.is_in(statuses.iter().cloned()));
    }
    if !priorities.is_empty() {
        select.and_where(Column::Priority.is_in(priorities.iter().cloned()));
    }
    if let Some(id) = department {
        select.and_where(Column::DepartmentId.eq(id));
    }
    super::sum(db, &select).await
}
