//! The audit trail of admin actions on users and departments: written in the same transaction as
//! the action, read by admins.
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, QueryOrder, QuerySelect, Set};
use serde::Serialize;

use crate::db::Database;
use crate::entities::{audit_log, users};
use crate::error::AppResult;
use crate::services::clock;
use crate::services::permissions::{Action, require};
use crate::services::session::{Actor, SessionSlot, current_actor};

pub const SHOWN: u64 = 500;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    pub id: i32,
    pub actor: String,
    pub action: String,
    pub target: String,
    #[specta(type = specta_typescript::Number)]
    pub at: i64,
}

/// Records that `actor` did `action` to `target` (described in words, as it was then).
pub(crate) async fn record(db: &impl ConnectionTrait, actor: &Actor, action: &str, target: String) -> AppResult<()> {
    let actor_name = users::Entity::find_by_id(actor.id).one(db).await?.map(|u| u.display_name).unwrap_or_default();
    audit_log::ActiveModel {
        actor_id: Set(actor.id),
        actor_name: Set(actor_name),
        action: Set(action.into()),
        target: Set(target),
        created_at: Set(clock::now_ms()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The most recent admin actions, newest first.
pub async fn list(db: &Database, session: &SessionSlot) -> AppResult<Vec<AuditEntry>> {
    require(&current_actor(db, session).await?, Action::ViewAudit)?;
    let rows = audit_log::Entity::find()
        .order_by_desc(audit_log::Column::CreatedAt)
        .order_by_desc(audit_log::Column::Id)
        .limit(SHOWN)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| AuditEntry { id: r.id, actor: r.actor_name, action: r.action, target: r.target, at: r.created_at })
        .collect())
}
