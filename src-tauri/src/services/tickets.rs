//! Tickets as the queue shows them.
use std::collections::{HashMap, HashSet};

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;

use crate::entities::tickets::{Priority, Status};
use crate::entities::{departments, tickets, users};
use crate::error::AppResult;
use crate::services::permissions::{Action, require};
use crate::services::session::{SessionSlot, current_actor};

pub const PAGE_SIZE: u64 = 50;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TicketSummary {
    pub id: i32,
    pub number: i32,
    pub title: String,
    pub status: Status,
    pub priority: Priority,
    pub department: String,
    pub requester: String,
    pub assignee: Option<String>,
    #[specta(type = specta_typescript::Number)]
    pub updated_at: i64,
}

/// The most recently updated tickets the actor may see: staff see all, customers their own.
pub async fn list(db: &DatabaseConnection, session: &SessionSlot) -> AppResult<Vec<TicketSummary>> {
    let actor = current_actor(db, session).await?;
    require(&actor, Action::ListTickets)?;
    let mut query = tickets::Entity::find().order_by_desc(tickets::Column::UpdatedAt).limit(PAGE_SIZE);
    if !actor.role.is_staff() {
        query = query.filter(tickets::Column::RequesterId.eq(actor.id));
    }
    let rows = query.all(db).await?;

    let user_ids: HashSet<i32> = rows.iter().flat_map(|t| [Some(t.requester_id), t.assignee_id]).flatten().collect();
    let department_ids: HashSet<i32> = rows.iter().map(|t| t.department_id).collect();
    let names: HashMap<i32, String> = users::Entity::find()
        .filter(users::Column::Id.is_in(user_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let departments: HashMap<i32, String> = departments::Entity::find()
        .filter(departments::Column::Id.is_in(department_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();

    Ok(rows
        .into_iter()
        .map(|t| TicketSummary {
            id: t.id,
            number: t.number,
            title: t.title,
            status: t.status,
            priority: t.priority,
            department: departments.get(&t.department_id).cloned().unwrap_or_default(),
            requester: names.get(&t.requester_id).cloned().unwrap_or_default(),
            assignee: t.assignee_id.and_then(|id| names.get(&id).cloned()),
            updated_at: t.updated_at,
        })
        .collect())
}
