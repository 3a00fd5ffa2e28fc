//! Tickets per assignee (or nobody) and status, with resolutions, kept by triggers.
use sea_orm::{ConnectionTrait, EntityTrait};

use crate::entities::assignee_counts::{Entity, Model};
use crate::error::AppResult;

pub async fn all(db: &impl ConnectionTrait) -> AppResult<Vec<Model>> {
    Ok(Entity::find().all(db).await?)
}
