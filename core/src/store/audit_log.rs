//! The audit trail of admin actions.
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder, QuerySelect, Set};

use crate::entities::audit_log::{ActiveModel, Column, Entity, Model};
use crate::error::AppResult;

pub async fn insert(
    db: &impl ConnectionTrait,
    actor_id: i32,
    actor_name: String,
    action: &str,
    target: String,
    now: i64,
) -> AppResult<()> {
    let row = ActiveModel {
        actor_id: Set(actor_id),
        actor_name: Set(actor_name),
        action: Set(action.into()),
        target: Set(target),
        created_at: Set(now),
        ..Default::default()
    };
    // Written without reading it back: on a team desk only admins' logins read the log.
    Entity::insert(row).exec_without_returning(db).await?;
    Ok(())
}

/// The newest `limit` entries, newest first.
pub async fn newest(db: &impl ConnectionTrait, limit: u64) -> AppResult<Vec<Model>> {
    Ok(Entity::find().order_by_desc(Column::CreatedAt).order_by_desc(Column::Id).limit(limit).all(db).await?)
}
