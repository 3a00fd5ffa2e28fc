//! The desk's one settings row (written by the migrations, never deleted).
use sea_orm::sea_query::{Query, SimpleExpr};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, Set};

use crate::entities::settings::{self, ActiveModel, Model};
use crate::error::{AppError, AppResult};

/// The id of the row.
pub const ROW: i32 = 1;

/// The settings. Every reader goes through here, so a missing row is the same answer everywhere:
/// an internal error (a migration wrote the row; nothing removes it).
pub async fn load(db: &impl ConnectionTrait) -> AppResult<Model> {
    settings::Entity::find_by_id(ROW).one(db).await?.ok_or_else(|| AppError::internal(&"the settings row is missing"))
}

/// One setting as a sub-query, for reading it along with the signed-in user.
pub fn value(column: settings::Column) -> SimpleExpr {
    let row = Query::select().column(column).from(settings::Entity).and_where(settings::Column::Id.eq(ROW)).to_owned();
    SimpleExpr::SubQuery(None, Box::new(row.into()))
}

/// The settings an admin changes.
pub struct Changeable {
    pub session_timeout_minutes: i32,
    pub session_lifetime_hours: i32,
    pub auto_assign: bool,
    pub agent_capacity: i32,
}

/// Writes the changeable settings.
pub async fn save(db: &impl ConnectionTrait, values: Changeable, now: i64) -> AppResult<Model> {
    let row = ActiveModel {
        id: Set(ROW),
        session_timeout_minutes: Set(values.session_timeout_minutes),
        session_lifetime_hours: Set(values.session_lifetime_hours),
        auto_assign: Set(values.auto_assign),
        agent_capacity: Set(values.agent_capacity),
        updated_at: Set(now),
    };
    Ok(row.update(db).await?)
}
