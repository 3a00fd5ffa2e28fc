//! The one way a ticket changes: the new values are written only if the ticket is still at the
//! version the change was based on (then one higher), with a history entry for every field whose
//! value changed, by the acting user. Changes to many tickets at once (a department or a user going
//! away) take the same path for each ticket.
use sea_orm::{DatabaseTransaction, Set};

use super::rules::field;
use crate::access::Actor;
use crate::entities::{tickets, users};
use crate::error::{AppError, AppResult};
use crate::store;
use crate::store::ticket_history::Entry;
use crate::store::tickets::Whose;

/// One entry of a change's history: field, old value, new value.
pub(crate) type Recorded = (&'static str, Option<String>, Option<String>);

/// The history of a change: nothing when the value stayed the same.
pub(crate) fn recorded_if(changed: bool, entry: Recorded) -> Vec<Recorded> {
    changed.then_some(entry).into_iter().collect()
}

fn entries(actor: &Actor, ticket_id: i32, recorded: Vec<Recorded>, now: i64) -> impl Iterator<Item = Entry> {
    recorded.into_iter().map(move |(field, old_value, new_value)| Entry {
        ticket_id,
        actor_id: Some(actor.id),
        field,
        old_value,
        new_value,
        at: now,
    })
}

pub(crate) fn changed_meanwhile() -> AppError {
    AppError::conflict(
        "Someone changed this ticket since you opened it. Reload it to see their change, then try again.",
    )
}

/// Writes `update` to `ticket` if it is still the version read (and checked), and its history;
/// CONFLICT otherwise.
pub(crate) async fn save_change(
    txn: &DatabaseTransaction,
    actor: &Actor,
    ticket: &tickets::Model,
    mut update: tickets::ActiveModel,
    recorded: Vec<Recorded>,
    now: i64,
) -> AppResult<()> {
    update.updated_at = Set(now);
    if !store::tickets::save_versioned(txn, ticket.id, ticket.version, update).await? {
        return Err(changed_meanwhile());
    }
    store::ticket_history::insert(txn, entries(actor, ticket.id, recorded, now).collect()).await
}

/// Writes `update` to every ticket `whose` picks (each gets a new version), with the same history
/// entry on each. Inside the caller's transaction, so no ticket joins or leaves the set meanwhile.
async fn save_all(
    txn: &DatabaseTransaction,
    actor: &Actor,
    whose: Whose,
    mut update: tickets::ActiveModel,
    recorded: Recorded,
    now: i64,
) -> AppResult<u64> {
    let ids = store::tickets::ids(txn, whose).await?;
    if ids.is_empty() {
        return Ok(0);
    }
    update.updated_at = Set(now);
    store::tickets::save_all(txn, whose, update).await?;
    let history = ids.iter().flat_map(|&id| entries(actor, id, vec![recorded.clone()], now)).collect();
    store::ticket_history::insert(txn, history).await?;
    Ok(ids.len() as u64)
}

/// The tickets `from` requested become `to`'s.
pub(crate) async fn move_requested(
    txn: &DatabaseTransaction,
    actor: &Actor,
    from: &users::Model,
    to: &users::Model,
    now: i64,
) -> AppResult<u64> {
    let update = tickets::ActiveModel { requester_id: Set(to.id), ..Default::default() };
    let recorded = (field::REQUESTER, Some(from.display_name.clone()), Some(to.display_name.clone()));
    save_all(txn, actor, Whose::RequestedBy(from.id), update, recorded, now).await
}

/// Nobody holds the tickets `agent` held any more.
pub(crate) async fn unassign_all(
    txn: &DatabaseTransaction,
    actor: &Actor,
    agent: &users::Model,
    now: i64,
) -> AppResult<u64> {
    let update = tickets::ActiveModel { assignee_id: Set(None), ..Default::default() };
    let recorded = (field::ASSIGNEE, Some(agent.display_name.clone()), None);
    save_all(txn, actor, Whose::AssignedTo(agent.id), update, recorded, now).await
}

/// The tickets of department `from` move to `to` (both by id and name).
pub(crate) async fn move_department(
    txn: &DatabaseTransaction,
    actor: &Actor,
    from: (i32, &str),
    to: (i32, &str),
    now: i64,
) -> AppResult<u64> {
    let update = tickets::ActiveModel { department_id: Set(to.0), ..Default::default() };
    let recorded = (field::DEPARTMENT, Some(from.1.to_owned()), Some(to.1.to_owned()));
    save_all(txn, actor, Whose::InDepartment(from.0), update, recorded, now).await
}
