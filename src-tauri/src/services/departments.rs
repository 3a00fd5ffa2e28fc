//! Departments: everyone signed in sees the list (customers pick one when filing); admins create,
//! rename and delete them. A department in use is deleted only by moving its tickets elsewhere.
use std::collections::HashMap;

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};

use crate::db::Database;
use crate::entities::tickets::{self, Status};
use crate::entities::{departments, ticket_history};
use crate::error::{AppError, AppResult, ErrorCode, FieldErrors};
use crate::services::permissions::{Action, allowed, require};
use crate::services::session::{SessionSlot, current_actor};
use crate::services::{audit, clock};

pub const NAME_MAX: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DepartmentDto {
    pub id: i32,
    pub name: String,
    /// Tickets not yet Resolved or Closed; staff only.
    pub open_tickets: Option<i32>,
    /// All tickets; staff only.
    pub total_tickets: Option<i32>,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DepartmentDeletion {
    pub id: i32,
    /// Where its tickets go; required while tickets use it.
    pub move_tickets_to: Option<i32>,
}

fn not_found() -> AppError {
    AppError::new(ErrorCode::NotFound, "That department no longer exists.")
}

async fn counts(db: &impl ConnectionTrait, open_only: bool) -> AppResult<HashMap<i32, i32>> {
    let mut query = tickets::Entity::find()
        .select_only()
        .column(tickets::Column::DepartmentId)
        .column_as(tickets::Column::Id.count(), "tickets")
        .group_by(tickets::Column::DepartmentId);
    if open_only {
        query = query.filter(tickets::Column::Status.is_not_in([Status::Resolved, Status::Closed]));
    }
    let rows: Vec<(i32, i64)> = query.into_tuple().all(db).await?;
    Ok(rows.into_iter().map(|(id, n)| (id, n as i32)).collect())
}

pub async fn list(db: &Database, session: &SessionSlot) -> AppResult<Vec<DepartmentDto>> {
    let actor = current_actor(db, session).await?;
    let rows = departments::Entity::find().order_by_asc(departments::Column::Name).all(db).await?;
    let (open, total) = if allowed(&actor, Action::SeeDepartmentCounts) {
        (Some(counts(db, true).await?), Some(counts(db, false).await?))
    } else {
        (None, None)
    };
    Ok(rows
        .into_iter()
        .map(|d| DepartmentDto {
            open_tickets: open.as_ref().map(|c| c.get(&d.id).copied().unwrap_or(0)),
            total_tickets: total.as_ref().map(|c| c.get(&d.id).copied().unwrap_or(0)),
            id: d.id,
            name: d.name,
        })
        .collect())
}

/// A trimmed, valid name no other department uses (compared case-insensitively).
async fn checked_name(db: &impl ConnectionTrait, raw: &str, except: Option<i32>) -> AppResult<String> {
    let name = raw.trim().to_owned();
    let mut errors = FieldErrors::default();
    if name.is_empty() || name.chars().count() > NAME_MAX || name.chars().any(char::is_control) {
        errors.add("name", format!("Use 1 to {NAME_MAX} characters, on one line."));
    }
    errors.into_result()?;
    let lowered = name.to_lowercase();
    let clash = departments::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .any(|d| Some(d.id) != except && d.name.to_lowercase() == lowered);
    if clash {
        return Err(AppError::field("name", "Another department already has this name."));
    }
    Ok(name)
}

pub async fn create(db: &Database, session: &SessionSlot, name: String) -> AppResult<DepartmentDto> {
    let actor = current_actor(db, session).await?;
    require(&actor, Action::ManageDepartments)?;
    let txn = db.begin().await?;
    let name = checked_name(&txn, &name, None).await?;
    let department =
        departments::ActiveModel { name: Set(name), created_at: Set(clock::now_ms()), ..Default::default() }
            .insert(&txn)
            .await?;
    audit::record(&txn, &actor, "department.create", department.name.clone()).await?;
    txn.commit().await?;
    Ok(DepartmentDto { id: department.id, name: department.name, open_tickets: Some(0), total_tickets: Some(0) })
}

pub async fn rename(db: &Database, session: &SessionSlot, id: i32, name: String) -> AppResult<()> {
    let actor = current_actor(db, session).await?;
    require(&actor, Action::ManageDepartments)?;
    let txn = db.begin().await?;
    let department = departments::Entity::find_by_id(id).one(&txn).await?.ok_or_else(not_found)?;
    let name = checked_name(&txn, &name, Some(id)).await?;
    let old = department.name.clone();
    let mut update = department.into_active_model();
    update.name = Set(name.clone());
    update.update(&txn).await?;
    audit::record(&txn, &actor, "department.rename", format!("{old} → {name}")).await?;
    txn.commit().await?;
    Ok(())
}

/// Deletes a department; while tickets use it, only by moving them to `move_tickets_to` (each
/// move is recorded in the ticket's history).
pub async fn delete(db: &Database, session: &SessionSlot, input: DepartmentDeletion) -> AppResult<()> {
    let actor = current_actor(db, session).await?;
    require(&actor, Action::ManageDepartments)?;
    let txn = db.begin().await?;
    let department = departments::Entity::find_by_id(input.id).one(&txn).await?.ok_or_else(not_found)?;
    // Tickets need somewhere to be filed.
    if departments::Entity::find().count(&txn).await? <= 1 {
        return Err(AppError::conflict("This is the last department. Create another one before deleting it."));
    }
    let using: Vec<i32> = tickets::Entity::find()
        .select_only()
        .column(tickets::Column::Id)
        .filter(tickets::Column::DepartmentId.eq(department.id))
        .into_tuple()
        .all(&txn)
        .await?;
    if !using.is_empty() {
        let Some(target_id) = input.move_tickets_to.filter(|to| *to != department.id) else {
            return Err(AppError::conflict(format!(
                "{} ticket{} still use {}. Choose a department to move them to first.",
                using.len(),
                if using.len() == 1 { "" } else { "s" },
                department.name
            )));
        };
        let target = departments::Entity::find_by_id(target_id).one(&txn).await?.ok_or_else(not_found)?;
        let now = clock::now_ms();
        tickets::Entity::update_many()
            .col_expr(tickets::Column::DepartmentId, Expr::value(target.id))
            .col_expr(tickets::Column::UpdatedAt, Expr::value(now))
            .col_expr(tickets::Column::Version, Expr::col(tickets::Column::Version).add(1))
            .filter(tickets::Column::DepartmentId.eq(department.id))
            .exec(&txn)
            .await?;
        let history = using.iter().map(|ticket_id| ticket_history::ActiveModel {
            ticket_id: Set(*ticket_id),
            actor_id: Set(Some(actor.id)),
            field: Set("department".into()),
            old_value: Set(Some(department.name.clone())),
            new_value: Set(Some(target.name.clone())),
            created_at: Set(now),
            ..Default::default()
        });
        ticket_history::Entity::insert_many(history).exec(&txn).await?;
        audit::record(
            &txn,
            &actor,
            "department.move_tickets",
            format!("{} tickets: {} → {}", using.len(), department.name, target.name),
        )
        .await?;
    }
    departments::Entity::delete_by_id(department.id).exec(&txn).await?;
    audit::record(&txn, &actor, "department.delete", department.name.clone()).await?;
    txn.commit().await?;
    Ok(())
}
