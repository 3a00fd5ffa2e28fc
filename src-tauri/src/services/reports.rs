//! The dashboard: where the desk stands. Staff see the whole desk, from the tallies the triggers keep
//! (`ticket_counts`, `assignee_counts`: a few hundred rows at any size) and two index ranges for the
//! week; a customer sees a summary of their own tickets.
use std::collections::BTreeMap;

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};
use serde::{Deserialize, Serialize};

use crate::db::Database;
use crate::entities::assignee_counts::{self, NOBODY};
use crate::entities::tickets::{self, Priority, Status};
use crate::entities::{departments, ticket_counts, users};
use crate::error::{AppError, AppResult};
use crate::services::permissions::{Action, allowed};
use crate::services::session::{Actor, SessionSlot, current_actor};

mod export;
use crate::services::tickets::{ACTIVE, active_agent};
pub use export::{DashboardExport, Exported, TicketsExport, export_dashboard, export_tickets};

/// The days of the trend, as the UI's calendar has them: each day's start, then the last day's end.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DashboardRequest {
    #[specta(type = Vec<specta_typescript::Number>)]
    pub day_bounds: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    /// Every ticket by status (a customer: their own).
    pub by_status: Vec<StatusCount>,
    /// Active tickets (Open, In Progress, On Hold) by priority; empty for customers.
    pub by_priority: Vec<PriorityCount>,
    /// Active tickets by department; empty for customers.
    pub by_department: Vec<DepartmentCount>,
    /// Active tickets nobody holds.
    pub unassigned: i32,
    /// From filing to resolution, over every resolved ticket; None before the first.
    #[specta(type = Option<specta_typescript::Number>)]
    pub average_resolution_ms: Option<i64>,
    /// Every active agent, by name; empty for customers.
    pub agents: Vec<AgentFigures>,
    /// Filed and resolved per day of `day_bounds`; empty for customers.
    pub trend: Vec<DayCount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StatusCount {
    pub status: Status,
    pub tickets: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PriorityCount {
    pub priority: Priority,
    pub tickets: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DepartmentCount {
    pub department: String,
    pub tickets: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AgentFigures {
    pub id: i32,
    pub name: String,
    /// Active tickets they hold now.
    pub load: i32,
    /// Every ticket they hold, in any status.
    pub assigned: i32,
    /// Of those, how many were resolved, and on average how fast.
    pub resolved: i32,
    #[specta(type = Option<specta_typescript::Number>)]
    pub average_resolution_ms: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DayCount {
    #[specta(type = specta_typescript::Number)]
    pub day_start: i64,
    pub created: i32,
    pub resolved: i32,
}

/// At most a month of days.
const MAX_DAYS: usize = 31;

fn average(total_ms: i64, count: i64) -> Option<i64> {
    (count > 0).then(|| total_ms / count)
}

fn count(n: i64) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn status_counts(by_status: BTreeMap<Status, i64>) -> Vec<StatusCount> {
    by_status.into_iter().map(|(status, n)| StatusCount { status, tickets: count(n) }).collect()
}

pub async fn dashboard(db: &Database, session: &SessionSlot, input: DashboardRequest) -> AppResult<Dashboard> {
    dashboard_for(db, &current_actor(db, session).await?, input).await
}

/// The whole desk for staff, their own tickets for a customer.
async fn dashboard_for(db: &Database, actor: &Actor, input: DashboardRequest) -> AppResult<Dashboard> {
    let bounds = input.day_bounds;
    if bounds.len() < 2 || bounds.len() > MAX_DAYS + 1 || bounds.windows(2).any(|w| w[0] >= w[1]) {
        return Err(AppError::field("dayBounds", "Give 1 to 31 days as ascending start times and the last day's end."));
    }
    if !allowed(actor, Action::SeeDeskFigures) {
        return own_summary(db, actor.id).await;
    }

    let cells = ticket_counts::Entity::find().all(db).await?;
    let mut by_status: BTreeMap<Status, i64> = BTreeMap::new();
    let mut by_priority: BTreeMap<Priority, i64> = BTreeMap::new();
    let mut by_department: BTreeMap<i32, i64> = BTreeMap::new();
    for cell in cells.iter().filter(|c| c.tickets != 0) {
        *by_status.entry(cell.status).or_default() += cell.tickets;
        if ACTIVE.contains(&cell.status) {
            *by_priority.entry(cell.priority).or_default() += cell.tickets;
            *by_department.entry(cell.department_id).or_default() += cell.tickets;
        }
    }
    let names: BTreeMap<i32, String> =
        departments::Entity::find().all(db).await?.into_iter().map(|d| (d.id, d.name)).collect();
    let mut by_department: Vec<DepartmentCount> = names
        .iter()
        .map(|(id, name)| DepartmentCount {
            department: name.clone(),
            tickets: count(by_department.get(id).copied().unwrap_or_default()),
        })
        .collect();
    by_department.sort_by(|a, b| b.tickets.cmp(&a.tickets).then_with(|| a.department.cmp(&b.department)));

    let held = assignee_counts::Entity::find().all(db).await?;
    let (mut resolved, mut resolution_ms, mut unassigned) = (0, 0, 0);
    // Assigned, resolved and resolution time per agent; their load is kept on their account.
    let mut per_agent: BTreeMap<i32, (i64, i64, i64)> = BTreeMap::new();
    for row in &held {
        resolved += row.resolved;
        resolution_ms += row.resolution_ms;
        if row.assignee_id == NOBODY {
            unassigned += if ACTIVE.contains(&row.status) { row.tickets } else { 0 };
            continue;
        }
        let figures = per_agent.entry(row.assignee_id).or_default();
        figures.0 += row.tickets;
        figures.1 += row.resolved;
        figures.2 += row.resolution_ms;
    }
    let agents = users::Entity::find().filter(active_agent()).all(db).await?;
    let mut agents: Vec<AgentFigures> = agents
        .into_iter()
        .map(|agent| {
            let (assigned, resolved, ms) = per_agent.get(&agent.id).copied().unwrap_or_default();
            AgentFigures {
                id: agent.id,
                name: agent.display_name,
                load: agent.active_tickets,
                assigned: count(assigned),
                resolved: count(resolved),
                average_resolution_ms: average(ms, resolved),
            }
        })
        .collect();
    agents.sort_by_key(|agent| agent.name.to_lowercase());

    let mut trend = Vec::new();
    for day in bounds.windows(2) {
        let created = tickets::Entity::find()
            .filter(tickets::Column::CreatedAt.gte(day[0]))
            .filter(tickets::Column::CreatedAt.lt(day[1]))
            .count(db)
            .await?;
        let resolved = tickets::Entity::find()
            .filter(tickets::Column::ResolvedAt.gte(day[0]))
            .filter(tickets::Column::ResolvedAt.lt(day[1]))
            .count(db)
            .await?;
        trend.push(DayCount { day_start: day[0], created: count(created as i64), resolved: count(resolved as i64) });
    }

    Ok(Dashboard {
        by_status: status_counts(by_status),
        by_priority: by_priority
            .into_iter()
            .map(|(priority, n)| PriorityCount { priority, tickets: count(n) })
            .collect(),
        by_department,
        unassigned: count(unassigned),
        average_resolution_ms: average(resolution_ms, resolved),
        agents,
        trend,
    })
}

/// A customer's own tickets by status (they are few: the requester index reads them).
async fn own_summary(db: &Database, customer: i32) -> AppResult<Dashboard> {
    let rows: Vec<(Status, Option<i64>, i64)> = tickets::Entity::find()
        .select_only()
        .columns([tickets::Column::Status, tickets::Column::ResolvedAt, tickets::Column::CreatedAt])
        .filter(tickets::Column::RequesterId.eq(customer))
        .into_tuple()
        .all(db)
        .await?;
    let mut by_status: BTreeMap<Status, i64> = BTreeMap::new();
    let (mut resolved, mut resolution_ms) = (0, 0);
    for (status, resolved_at, created_at) in rows {
        *by_status.entry(status).or_default() += 1;
        if let Some(at) = resolved_at {
            resolved += 1;
            resolution_ms += at - created_at;
        }
    }
    Ok(Dashboard {
        by_status: status_counts(by_status),
        by_priority: Vec::new(),
        by_department: Vec::new(),
        unassigned: 0,
        average_resolution_ms: average(resolution_ms, resolved),
        agents: Vec::new(),
        trend: Vec::new(),
    })
}
