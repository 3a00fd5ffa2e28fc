//! Tickets per status, priority and department, kept by triggers: a few hundred rows at any size.
use sea_orm::{ConnectionTrait, EntityTrait};

use crate::entities::ticket_counts::{Entity, Model};
use crate::error::AppResult;

pub async fn all(db: &impl ConnectionTrait) -> AppResult<Vec<Model>> {
    Ok(Entity::find().all(db).await?)
}
