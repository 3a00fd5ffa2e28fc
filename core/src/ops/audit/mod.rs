//! The audit trail of what matters on a desk: accounts made, changed, locked, unlocked and deleted,
//! departments, settings, backups and restores, deleted tickets. Written in the same transaction as
//! the action (a backup file, which is no transaction, right after it is made); read by admins.
mod dto;
pub use dto::AuditEntry;
use sea_orm::ConnectionTrait;

use crate::access::{Action, Actor, SessionSlot, current_actor, require};
use crate::error::AppResult;
use crate::infra::clock;
use crate::infra::database::Database;
use crate::store;

pub const SHOWN: u64 = 500;

/// Records that `actor` did `action` to `target` (described in words, as it was then). The admin's
/// name is kept with it, so the record outlives the account.
pub(crate) async fn record(db: &impl ConnectionTrait, actor: &Actor, action: &str, target: String) -> AppResult<()> {
    // The acting admin passed the session check in this same request, so the account exists.
    let actor_name = store::users::name(db, actor.id).await?.unwrap_or_default();
    store::audit_log::insert(db, actor.id, actor_name, action, target, clock::now_ms()).await
}

/// Records what no account of this desk did: a lockout at a name that matches no account, or a
/// restore asked for by an admin of the desk it replaced. `name` is who, as they were named.
pub(crate) async fn record_unaccounted(
    db: &impl ConnectionTrait,
    name: &str,
    action: &str,
    target: String,
) -> AppResult<()> {
    store::audit_log::insert(db, NO_ACCOUNT, name.to_owned(), action, target, clock::now_ms()).await
}

/// The actor id of an entry that no account of this desk made.
const NO_ACCOUNT: i32 = 0;

/// The most recent admin actions, newest first.
pub async fn list(db: &Database, session: &SessionSlot) -> AppResult<Vec<AuditEntry>> {
    require(&current_actor(db, session).await?, Action::ViewAudit)?;
    let rows = store::audit_log::newest(db, SHOWN).await?;
    Ok(rows
        .into_iter()
        .map(|r| AuditEntry { id: r.id, actor: r.actor_name, action: r.action, target: r.target, at: r.created_at })
        .collect())
}
