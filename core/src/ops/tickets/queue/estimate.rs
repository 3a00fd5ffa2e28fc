//! What drives a page, from how many tickets each side leaves: counts the triggers keep (by status,
//! priority and department; by assignee and status) and bounded looks at an index (a requester's
//! tickets, a creation range, a search's matches). SQLite plans without statistics, so left to
//! itself it walks the sort's index however few tickets the filters leave (two seconds for "created
//! in the last 7 days, oldest update first" at a million tickets); here the smaller side drives.
use super::dto::TicketSort;
use super::plan::{Drive, Plan, SEARCH_WINDOW};
use crate::entities::tickets;
use crate::error::AppResult;
use crate::infra::database::Database;
use crate::infra::fulltext;
use crate::store;
use sea_orm::ExprTrait;
use sea_orm::sea_query::{Expr, Query};

/// Tickets scattered over the desk this few are read whole and sorted, rather than walked in order
/// (each through an index holding its filters, a few milliseconds at most).
const FEW: u64 = 2_000;
/// A creation range holding this few is read whole and sorted: its tickets lie side by side.
const NARROW_RANGE: u64 = 20_000;

/// A creation range this wide is not worth bounding a search by (counting it costs more than it saves).
const BOUNDED_RANGE: u64 = 200_000;

pub(super) async fn drive(db: &Database, plan: &Plan) -> AppResult<Drive> {
    let few = filtered_at_most(db, plan).await?.is_some_and(|n| n <= FEW);
    match &plan.keywords {
        // Unless every match fits the window (then the search index drives, and the answer is
        // exact), a few tickets drive and each is looked up. Counting the matches costs as much as
        // finding them, so only where it decides something.
        Some(keywords) if few => {
            if store::count_at_most(db, fulltext::matching(keywords), SEARCH_WINDOW + 1).await? <= SEARCH_WINDOW {
                Ok(Drive::SearchFirst)
            } else {
                Ok(Drive::TicketsFirst)
            }
        }
        Some(_) => Ok(Drive::SearchFirst),
        None if few => Ok(Drive::Whole),
        None => {
            let f = &plan.filters;
            let ranged = f.created_from.is_some() || f.created_to.is_some();
            if ranged
                && plan.sort != TicketSort::Created
                && created_at_most(db, plan, NARROW_RANGE + 1).await? <= NARROW_RANGE
            {
                Ok(Drive::Whole)
            } else {
                Ok(Drive::InOrder)
            }
        }
    }
}

/// The fewest tickets any of the kept counts or a requester's tickets allow (None: no filter counted).
async fn filtered_at_most(db: &Database, plan: &Plan) -> AppResult<Option<u64>> {
    let f = &plan.filters;
    let mut fewest: Option<u64> = None;
    let mut keep = |n: u64| fewest = Some(fewest.map_or(n, |m| Ord::min(m, n)));
    if !f.statuses.is_empty() || !f.priorities.is_empty() || f.department_id.is_some() {
        keep(store::ticket_counts::matching(db, &f.statuses, &f.priorities, f.department_id).await?);
    }
    if let Some(assignee) = plan.assignee {
        keep(store::assignee_counts::matching(db, assignee, &f.statuses).await?);
    }
    if let Some(requester) = plan.requester {
        let theirs = Query::select()
            .expr(Expr::val(1))
            .from(tickets::Entity)
            .and_where(Expr::col(tickets::Column::RequesterId).eq(requester))
            .to_owned();
        keep(store::count_at_most(db, theirs, FEW + 1).await?);
    }
    Ok(fewest)
}

/// The lowest and highest id in the plan's creation range, when it has one of at most
/// `BOUNDED_RANGE` tickets: a search need read no match outside them.
pub(super) async fn created_ids(db: &Database, plan: &Plan) -> AppResult<Option<(i64, i64)>> {
    let f = &plan.filters;
    if f.created_from.is_none() && f.created_to.is_none() {
        return Ok(None);
    }
    store::tickets::ids_created_between(db, f.created_from, f.created_to, BOUNDED_RANGE).await
}

async fn created_at_most(db: &Database, plan: &Plan, limit: u64) -> AppResult<u64> {
    let f = &plan.filters;
    let mut range = Query::select();
    range.expr(Expr::val(1)).from(tickets::Entity);
    if let Some(from) = f.created_from {
        range.and_where(Expr::col(tickets::Column::CreatedAt).gte(from));
    }
    if let Some(to) = f.created_to {
        range.and_where(Expr::col(tickets::Column::CreatedAt).lt(to));
    }
    store::count_at_most(db, range, limit).await
}
