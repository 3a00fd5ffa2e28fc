//! Fair automatic assignment: a new ticket goes to the active agent with the most spare capacity
//! (the fewest active tickets, then the longest since their last assignment, then the lowest id), or
//! to nobody when automatic assignment is off or every agent is full. Loads are kept on each user by
//! triggers and indexed in this order, so choosing reads one index entry at any desk size.
//!
//! Rebalancing evens out what automatic assignment could not (agents back from leave, a capacity
//! raised): Open tickets move from agents holding more than the average + 2 to those below average.
use sea_orm::sea_query::{Expr, Order, Query, SelectStatement};
use sea_orm::{ColumnTrait, Condition, EntityTrait, ExprTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde::Serialize;

use super::{REBALANCED, save_change};
use crate::db::Database;
use crate::entities::tickets::{self, Status};
use crate::entities::users::Role;
use crate::entities::{settings, users};
use crate::error::AppResult;
use crate::services::clock;
use crate::services::permissions::{Action, require};
use crate::services::session::{SessionSlot, current_actor};
use crate::services::settings::ROW;

/// The statuses that count towards an agent's load.
pub const ACTIVE: [Status; 3] = [Status::Open, Status::InProgress, Status::OnHold];

/// Who work can go to: agents whose accounts are active (admins and customers never).
pub(crate) fn active_agent() -> Condition {
    Condition::all().add(users::Column::Role.eq(Role::Agent)).add(users::Column::Active.eq(true))
}

/// The agent a new ticket goes to (no row for nobody), as a query to be a sub-query of the
/// ticket's INSERT so that choosing and filing are one atomic statement.
pub fn chosen_agent() -> SelectStatement {
    let agent = |c: users::Column| Expr::col((users::Entity, c));
    let desk = |c: settings::Column| Expr::col((settings::Entity, c));
    Query::select()
        .expr(agent(users::Column::Id))
        .from(users::Entity)
        .from(settings::Entity)
        .and_where(desk(settings::Column::Id).eq(ROW))
        .and_where(desk(settings::Column::AutoAssign).eq(true))
        .cond_where(active_agent())
        .and_where(agent(users::Column::ActiveTickets).lt(desk(settings::Column::AgentCapacity)))
        .order_by_expr(agent(users::Column::ActiveTickets), Order::Asc)
        // Never assigned (NULL) sorts first: the longest since a last assignment.
        .order_by_expr(agent(users::Column::LastAssignedAt), Order::Asc)
        .order_by_expr(agent(users::Column::Id), Order::Asc)
        .limit(1)
        .to_owned()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MovedTicket {
    pub id: i32,
    pub number: i32,
    pub from: String,
    pub to: String,
}

/// An active agent's load as rebalancing sees it.
struct Agent {
    id: i32,
    name: String,
    load: i32,
    last_assigned_at: Option<i64>,
}

/// Moves Open tickets, oldest first, from each agent above the average + 2 (the fullest first) to
/// the agent with the most spare capacity below the average, until the giver is down to the average
/// or nobody below it has room. Each move is a change of assignee in the ticket's history, by the
/// admin who asked; all of them are one transaction.
pub async fn rebalance(db: &Database, session: &SessionSlot) -> AppResult<Vec<MovedTicket>> {
    let actor = current_actor(db, session).await?;
    require(&actor, Action::RebalanceQueues)?;
    let txn = db.begin().await?;
    let capacity = settings::Entity::find_by_id(ROW).one(&txn).await?.map_or(i32::MAX, |s| s.agent_capacity);
    let mut agents: Vec<Agent> = users::Entity::find()
        .filter(active_agent())
        .all(&txn)
        .await?
        .into_iter()
        .map(|u| Agent { id: u.id, name: u.display_name, load: u.active_tickets, last_assigned_at: u.last_assigned_at })
        .collect();
    if agents.is_empty() {
        return Ok(Vec::new());
    }
    let average = f64::from(agents.iter().map(|a| a.load).sum::<i32>()) / agents.len() as f64;
    let mut givers: Vec<usize> = (0..agents.len()).filter(|&i| f64::from(agents[i].load) > average + 2.0).collect();
    givers.sort_by_key(|&i| (std::cmp::Reverse(agents[i].load), agents[i].id));
    let now = clock::now_ms();
    let mut moved = Vec::new();
    for giver in givers {
        let surplus = (f64::from(agents[giver].load) - average).floor() as u64;
        let open = tickets::Entity::find()
            .filter(tickets::Column::AssigneeId.eq(agents[giver].id))
            .filter(tickets::Column::Status.eq(Status::Open))
            .order_by_asc(tickets::Column::CreatedAt)
            .order_by_asc(tickets::Column::Id)
            .limit(surplus)
            .all(&txn)
            .await?;
        for ticket in open {
            // The same order as automatic assignment: fewest active, longest waiting, lowest id.
            let Some(taker) = agents
                .iter()
                .enumerate()
                .filter(|(_, a)| f64::from(a.load) < average && a.load < capacity)
                .min_by_key(|(_, a)| (a.load, a.last_assigned_at, a.id))
                .map(|(i, _)| i)
            else {
                break;
            };
            let update = tickets::ActiveModel { assignee_id: Set(Some(agents[taker].id)), ..Default::default() };
            let recorded = vec![(REBALANCED, Some(agents[giver].name.clone()), Some(agents[taker].name.clone()))];
            save_change(&txn, &actor, &ticket, ticket.version, update, recorded, now).await?;
            moved.push(MovedTicket {
                id: ticket.id,
                number: ticket.number,
                from: agents[giver].name.clone(),
                to: agents[taker].name.clone(),
            });
            agents[giver].load -= 1;
            agents[taker].load += 1;
            agents[taker].last_assigned_at = Some(now);
        }
    }
    txn.commit().await?;
    Ok(moved)
}
