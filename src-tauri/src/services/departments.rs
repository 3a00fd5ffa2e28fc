//! Departments: every signed-in user sees the list (customers pick one when filing).
use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder};
use serde::Serialize;

use crate::entities::departments;
use crate::error::AppResult;
use crate::services::session::{SessionSlot, current_actor};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DepartmentDto {
    pub id: i32,
    pub name: String,
}

pub async fn list(db: &DatabaseConnection, session: &SessionSlot) -> AppResult<Vec<DepartmentDto>> {
    current_actor(db, session).await?;
    let rows = departments::Entity::find().order_by_asc(departments::Column::Name).all(db).await?;
    Ok(rows.into_iter().map(|d| DepartmentDto { id: d.id, name: d.name }).collect())
}
