//! Rebalancing evens out what automatic assignment could not (agents back from leave, a capacity
//! raised): Open tickets move from agents holding more than the average + 2 to those below average.
//! Automatic assignment itself is one sub-query of the filing INSERT (`store::users::least_loaded_agent`).
use sea_orm::Set;

use super::MovedTicket;
use super::changes::save_change;
use super::rules::field;
use crate::access::{Action, SessionSlot, current_actor, require};
use crate::entities::tickets;
use crate::error::AppResult;
use crate::infra::clock;
use crate::infra::database::Database;
use crate::store;

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
    let capacity = store::settings::load(&txn).await?.agent_capacity;
    let mut agents: Vec<Agent> = store::users::active_agents(&txn)
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
        for ticket in store::tickets::oldest_open(&txn, agents[giver].id, surplus).await? {
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
            let recorded =
                vec![(field::REBALANCED, Some(agents[giver].name.clone()), Some(agents[taker].name.clone()))];
            save_change(&txn, &actor, &ticket, update, recorded, now).await?;
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
