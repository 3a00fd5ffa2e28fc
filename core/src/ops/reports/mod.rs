//! The dashboard: where the desk stands. Staff see the whole desk, from the tallies the triggers keep
//! (`ticket_counts`, `assignee_counts`: a few hundred rows at any size) and two index ranges for the
//! week; a customer sees a summary of their own tickets.
use std::collections::BTreeMap;

mod dto;
mod export;

pub use dto::{
    AgentFigures, Dashboard, DashboardExport, DashboardRequest, DayCount, DepartmentCount, Exported, PriorityCount,
    StatusCount, TicketsExport,
};
pub(crate) use export::CsvFile;
pub use export::{export_dashboard, export_tickets};

use crate::access::{Action, Actor, SessionSlot, allowed, current_actor};
use crate::entities::assignee_counts::NOBODY;
use crate::entities::tickets::{Priority, Status};
use crate::error::{AppError, AppResult};
use crate::infra::database::Database;
use crate::ops::tickets::ACTIVE;
use crate::store;

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

    let cells = store::ticket_counts::all(db).await?;
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
    let names: BTreeMap<i32, String> = store::departments::all(db).await?.into_iter().map(|d| (d.id, d.name)).collect();
    let mut by_department: Vec<DepartmentCount> = names
        .iter()
        .map(|(id, name)| DepartmentCount {
            department: name.clone(),
            tickets: count(by_department.get(id).copied().unwrap_or_default()),
        })
        .collect();
    by_department.sort_by(|a, b| b.tickets.cmp(&a.tickets).then_with(|| a.department.cmp(&b.department)));

    let held = store::assignee_counts::all(db).await?;
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
    let agents = store::users::active_agents(db).await?;
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
        let created = store::tickets::count_created(db, day[0], day[1]).await?;
        let resolved = store::tickets::count_resolved(db, day[0], day[1]).await?;
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

/// A customer's own tickets by status.
async fn own_summary(db: &Database, customer: i32) -> AppResult<Dashboard> {
    let rows = store::tickets::requested_outcomes(db, customer).await?;
    let mut by_status: BTreeMap<Status, i64> = BTreeMap::new();
    let (mut resolved, mut resolution_ms) = (0, 0);
    for (status, tickets, settled, ms) in rows {
        *by_status.entry(status).or_default() += tickets;
        resolved += settled;
        resolution_ms += ms;
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
