//! Departments: everyone signed in sees the list (customers pick one when filing); admins create,
//! rename and delete them. A department in use is deleted only by moving its tickets elsewhere.
mod dto;
pub use dto::{DepartmentDeletion, DepartmentDto};
use std::collections::HashMap;

use sea_orm::{ConnectionTrait, DbErr};

use crate::access::{Action, SessionSlot, allowed, current_actor, require};
use crate::error::{AppError, AppResult, ErrorCode, lost_a_race};
use crate::infra::clock;
use crate::infra::database::Database;
use crate::ops::{audit, text, tickets};
use crate::store;
use crate::store::tickets::Whose;

pub const NAME_MAX: usize = 100;

fn not_found() -> AppError {
    AppError::new(ErrorCode::NotFound, "That department no longer exists.")
}

fn name_taken() -> AppError {
    AppError::field("name", "Another department already has this name.")
}

/// A name another request saved a moment earlier is the same field error as one saved long ago.
fn saved<T>(result: Result<T, DbErr>) -> AppResult<T> {
    result.map_err(|error| if lost_a_race(&error) { name_taken() } else { error.into() })
}

pub async fn list(db: &Database, session: &SessionSlot) -> AppResult<Vec<DepartmentDto>> {
    let actor = current_actor(db, session).await?;
    let rows = store::departments::all(db).await?;
    let counts = if allowed(&actor, Action::SeeDepartmentCounts) { Some(counts(db).await?) } else { None };
    Ok(rows
        .into_iter()
        .map(|d| {
            let (open, total) = counts.as_ref().map(|c| c.get(&d.id).copied().unwrap_or_default()).unzip();
            DepartmentDto { open_tickets: open, total_tickets: total, id: d.id, name: d.name }
        })
        .collect())
}

/// Each department's active and all tickets, from the tallies the triggers keep (a few hundred
/// rows whatever the desk holds): counting the tickets themselves took two scans at a million.
async fn counts(db: &impl ConnectionTrait) -> AppResult<HashMap<i32, (i32, i32)>> {
    let mut counts: HashMap<i32, (i64, i64)> = HashMap::new();
    for cell in store::ticket_counts::all(db).await? {
        let (open, total) = counts.entry(cell.department_id).or_default();
        *total += cell.tickets;
        if tickets::ACTIVE.contains(&cell.status) {
            *open += cell.tickets;
        }
    }
    let clamp = |n: i64| i32::try_from(n).unwrap_or(i32::MAX);
    Ok(counts.into_iter().map(|(id, (open, total))| (id, (clamp(open), clamp(total)))).collect())
}

/// A trimmed, valid name no other department uses (compared case-insensitively).
async fn checked_name(db: &impl ConnectionTrait, raw: &str, except: Option<i32>) -> AppResult<String> {
    let name = text::tidy(raw);
    if name.is_empty() || name.chars().count() > NAME_MAX || name.chars().any(char::is_control) {
        return Err(AppError::field("name", format!("Use 1 to {NAME_MAX} characters, on one line.")));
    }
    text::no_invisible_rule(&name).map_err(|message| AppError::field("name", message))?;
    let lowered = name.to_lowercase();
    let clash = store::departments::all(db)
        .await?
        .into_iter()
        .any(|d| Some(d.id) != except && d.name.to_lowercase() == lowered);
    if clash {
        return Err(name_taken());
    }
    Ok(name)
}

pub async fn create(db: &Database, session: &SessionSlot, name: String) -> AppResult<DepartmentDto> {
    let actor = current_actor(db, session).await?;
    require(&actor, Action::ManageDepartments)?;
    let txn = db.begin().await?;
    let name = checked_name(&txn, &name, None).await?;
    let department = saved(store::departments::insert(&txn, name, clock::now_ms()).await)?;
    audit::record(&txn, &actor, "department.create", department.name.clone()).await?;
    saved(txn.commit().await)?;
    Ok(DepartmentDto { id: department.id, name: department.name, open_tickets: Some(0), total_tickets: Some(0) })
}

pub async fn rename(db: &Database, session: &SessionSlot, id: i32, name: String) -> AppResult<()> {
    let actor = current_actor(db, session).await?;
    require(&actor, Action::ManageDepartments)?;
    let txn = db.begin().await?;
    let department = store::departments::find(&txn, id).await?.ok_or_else(not_found)?;
    let name = checked_name(&txn, &name, Some(id)).await?;
    saved(store::departments::rename(&txn, id, name.clone()).await)?;
    audit::record(&txn, &actor, "department.rename", format!("{} → {name}", department.name)).await?;
    saved(txn.commit().await)?;
    Ok(())
}

/// Deletes a department; while tickets use it, only by moving them to `move_tickets_to` (each
/// move is a ticket change: a new version and a history entry).
pub async fn delete(db: &Database, session: &SessionSlot, input: DepartmentDeletion) -> AppResult<()> {
    let actor = current_actor(db, session).await?;
    require(&actor, Action::ManageDepartments)?;
    let txn = db.begin().await?;
    let department = store::departments::find(&txn, input.id).await?.ok_or_else(not_found)?;
    // Tickets need somewhere to be filed.
    if store::departments::count(&txn).await? <= 1 {
        return Err(AppError::conflict("This is the last department. Create another one before deleting it."));
    }
    let using = store::tickets::count(&txn, Whose::InDepartment(department.id)).await?;
    if using != u64::from(input.tickets_seen) {
        return Err(AppError::conflict(format!(
            "{} now holds {} ({} when you looked). Look again before deleting it.",
            department.name,
            text::tickets_count(using),
            input.tickets_seen
        )));
    }
    if using > 0 {
        let Some(target_id) = input.move_tickets_to.filter(|to| *to != department.id) else {
            return Err(AppError::conflict(format!(
                "{} still use {}. Choose a department to move them to first.",
                text::tickets_count(using),
                department.name
            )));
        };
        let target = store::departments::find(&txn, target_id).await?.ok_or_else(not_found)?;
        let now = clock::now_ms();
        let (from, to) = ((department.id, department.name.as_str()), (target.id, target.name.as_str()));
        let moved = tickets::move_department(&txn, &actor, from, to, now).await?;
        let what = format!("{moved} tickets: {} → {}", department.name, target.name);
        audit::record(&txn, &actor, "department.move_tickets", what).await?;
    }
    store::departments::delete(&txn, department.id).await?;
    audit::record(&txn, &actor, "department.delete", department.name.clone()).await?;
    txn.commit().await?;
    Ok(())
}
