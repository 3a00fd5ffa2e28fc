//! What drives a page, from how many tickets each side leaves: counts the triggers keep (by status,
//! priority and department; by assignee and status) and bounded looks at an index (a requester's
//! tickets, a creation range, a search's matches). SQLite plans without statistics, so left to
//! itself it walks the sort's index however few tickets the filters leave (two seconds for "created
//! in the last 7 days, oldest update first" at a million tickets); here the smaller side drives.
use super::dto::TicketSort;
use super::plan::{Drive, Narrowing, Plan};
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
/// A search sorted otherwise than by best match with this few matches reads them all and sorts them.
const FEW_MATCHES: u64 = 1_000;
/// With more than this many, most tickets match: a page needs few lookups, fewer than gathering
/// them costs (105 ms for a word in 585,000 tickets, against 15 ms).
const MANY_MATCHES: u64 = 150_000;
/// A creation range holding this few is read whole and sorted: its tickets lie side by side.
const NARROW_RANGE: u64 = 20_000;

/// A creation range this wide is not worth bounding a search by (counting it costs more than it saves).
const BOUNDED_RANGE: u64 = 200_000;

/// A requester's tickets are counted this far (further, they are many whatever the number).
const REQUESTER_LOOK: u64 = 20_000;

/// How many tickets each kind of filter leaves, as far as it is known cheaply.
pub(super) struct Counts {
    /// By the tallies of status, priority and department (when any of those is asked for).
    kinds: Option<u64>,
    /// A department's tickets of the statuses asked for: what its indexes (department, status,
    /// time) read, whatever the priorities.
    department: Option<u64>,
    assignee: Option<u64>,
    /// At most `REQUESTER_LOOK + 1` (`FEW + 1` when nothing is compared with it).
    requester: Option<u64>,
}

pub(super) async fn counts(db: &Database, plan: &Plan) -> AppResult<Counts> {
    let f = &plan.filters;
    let kinds = if !f.statuses.is_empty() || !f.priorities.is_empty() || f.department_id.is_some() {
        Some(store::ticket_counts::matching(db, &f.statuses, &f.priorities, f.department_id).await?)
    } else {
        None
    };
    let department = match f.department_id {
        Some(id) if !f.priorities.is_empty() => {
            Some(store::ticket_counts::matching(db, &f.statuses, &[], Some(id)).await?)
        }
        Some(_) => kinds,
        None => None,
    };
    let assignee = match plan.assignee {
        Some(assignee) => Some(store::assignee_counts::matching(db, assignee, &f.statuses).await?),
        None => None,
    };
    // A requester's tickets are counted as far as a comparison needs: beside an assignee or a
    // department to find the narrowest, else only to tell whether they are few.
    let compared = plan.assignee.is_some() || f.department_id.is_some();
    let look = if compared { REQUESTER_LOOK } else { FEW };
    let requester = match plan.requester {
        Some(requester) => {
            let theirs = Query::select()
                .expr(Expr::val(1))
                .from(tickets::Entity)
                .and_where(Expr::col(tickets::Column::RequesterId).eq(requester))
                .to_owned();
            Some(store::count_at_most(db, theirs, look + 1).await?)
        }
        None => None,
    };
    Ok(Counts { kinds, department, assignee, requester })
}

impl Counts {
    /// The fewest tickets any one count allows (None: no filter counted).
    fn fewest(&self) -> Option<u64> {
        [self.kinds, self.assignee, self.requester].into_iter().flatten().min()
    }

    /// Of the requester, assignee and department, when more than one is asked for, the one leaving
    /// the fewest tickets: its index reads them (SQLite, without statistics, would take any).
    pub(super) fn narrowest(&self) -> Option<Narrowing> {
        let asked = [
            (Narrowing::Requester, self.requester),
            (Narrowing::Assignee, self.assignee),
            (Narrowing::Department, self.department),
        ];
        let asked: Vec<(Narrowing, u64)> = asked.into_iter().filter_map(|(by, n)| Some((by, n?))).collect();
        // On a tie, the order above: a requester's tickets are usually the fewest.
        (asked.len() > 1).then(|| asked.iter().min_by_key(|(_, n)| *n).map(|(by, _)| *by)).flatten()
    }
}

pub(super) async fn drive(db: &Database, plan: &Plan, counts: &Counts) -> AppResult<Drive> {
    let few = counts.fewest().is_some_and(|n| n <= FEW);
    // Counting the matches costs as much as finding them, so only where it decides something.
    let matches = async |keywords, at_most| store::count_at_most(db, fulltext::matching(keywords), at_most + 1).await;
    match &plan.keywords {
        // A few tickets drive and each is looked up, unless the matches are fewer still.
        Some(keywords) if few => Ok(if matches(keywords, FEW_MATCHES).await? <= FEW_MATCHES {
            Drive::SearchFirst
        } else {
            Drive::TicketsFirst
        }),
        // The tiers, each read newest first from the search index, stop after a page.
        Some(_) if plan.sort == TicketSort::Relevance => Ok(Drive::SearchFirst),
        // Any other order reads a few matches whole, or else walks its streams.
        Some(keywords) => Ok(match matches(keywords, MANY_MATCHES).await? {
            n if n <= FEW_MATCHES => Drive::SearchFirst,
            n if n <= MANY_MATCHES => Drive::InOrderAmongMatches,
            _ => Drive::InOrderLookingUp,
        }),
        None if few => Ok(Drive::Whole),
        None => {
            let f = &plan.filters;
            let ranged = f.created_from.is_some() || f.created_to.is_some();
            if ranged
                && plan.sort != TicketSort::Created
                && store::count_at_most(
                    db,
                    store::tickets::created_between(f.created_from, f.created_to),
                    NARROW_RANGE + 1,
                )
                .await?
                    <= NARROW_RANGE
            {
                Ok(Drive::Whole)
            } else {
                Ok(Drive::InOrder)
            }
        }
    }
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
