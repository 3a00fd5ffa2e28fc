//! Desk-wide settings: admins read and change them; every session reads the idle timeout.
use sea_orm::sea_query::{Query, SimpleExpr};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, Set};
use serde::{Deserialize, Serialize};

use crate::db::Database;
use crate::entities::settings;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::services::clock;
use crate::services::permissions::{Action, require};
use crate::services::session::{SessionSlot, current_actor};

pub const SESSION_TIMEOUT_MINUTES: std::ops::RangeInclusive<i32> = 1..=24 * 60;
pub const AGENT_CAPACITY: std::ops::RangeInclusive<i32> = 1..=1000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// Minutes without activity after which a session ends.
    pub session_timeout_minutes: i32,
    /// New tickets go to the active agent with the most spare capacity.
    pub auto_assign: bool,
    /// Active tickets an agent holds before automatic assignment passes them over.
    pub agent_capacity: i32,
}

impl From<settings::Model> for Settings {
    fn from(row: settings::Model) -> Self {
        Self {
            session_timeout_minutes: row.session_timeout_minutes,
            auto_assign: row.auto_assign,
            agent_capacity: row.agent_capacity,
        }
    }
}

/// The desk has one settings row.
pub(crate) const ROW: i32 = 1;

pub(crate) async fn load(db: &Database) -> AppResult<settings::Model> {
    settings::Entity::find_by_id(ROW).one(db).await?.ok_or_else(|| AppError::internal(&"the settings row is missing"))
}

/// The idle timeout as a sub-query, for reading it along with the signed-in user.
pub(crate) fn timeout_minutes() -> SimpleExpr {
    let row = Query::select()
        .column(settings::Column::SessionTimeoutMinutes)
        .from(settings::Entity)
        .and_where(settings::Column::Id.eq(ROW))
        .to_owned();
    SimpleExpr::SubQuery(None, Box::new(row.into()))
}

pub async fn get(db: &Database, session: &SessionSlot) -> AppResult<Settings> {
    require(&current_actor(db, session).await?, Action::ManageSettings)?;
    Ok(load(db).await?.into())
}

pub async fn update(db: &Database, session: &SessionSlot, input: Settings) -> AppResult<Settings> {
    require(&current_actor(db, session).await?, Action::ManageSettings)?;
    let mut errors = FieldErrors::default();
    if !SESSION_TIMEOUT_MINUTES.contains(&input.session_timeout_minutes) {
        errors.add("sessionTimeoutMinutes", "Use 1 to 1440 minutes (24 hours).");
    }
    if !AGENT_CAPACITY.contains(&input.agent_capacity) {
        errors.add("agentCapacity", "Use 1 to 1000 tickets.");
    }
    errors.into_result()?;
    let mut row = load(db).await?.into_active_model();
    row.session_timeout_minutes = Set(input.session_timeout_minutes);
    row.auto_assign = Set(input.auto_assign);
    row.agent_capacity = Set(input.agent_capacity);
    row.updated_at = Set(clock::now_ms());
    Ok(row.update(db).await?.into())
}
