//! The queue: filters, sort and keyset paging over any number of tickets, with keyword search.
//! `estimate` chooses what drives a page, `plan` turns a request into one statement, `cursor`
//! carries the place between pages, `row` reads the page; here are the entry points and the search
//! excerpts.
mod cursor;
mod dto;
mod estimate;
mod plan;
mod row;

use std::collections::HashMap;

pub use dto::{AssigneeFilter, TicketFilters, TicketPage, TicketSort};
pub use plan::{Drive, SEARCH_MAX, check as check_filters};
use sea_orm::{ConnectionTrait, Statement};

use crate::access::{Action, Actor, SessionSlot, allowed, current_actor, require};
use crate::error::AppResult;
use crate::infra::database::Database;
use crate::infra::fulltext;
use crate::ops::tickets::TicketSummary;
use crate::store;
use cursor::Key;
use plan::Plan;
use row::{QueueRow, summary};

/// Rows per page.
pub const PAGE_SIZE: u64 = 50;

/// Up to `size` rows of the plan's page, and the cursor after them (None at the end).
async fn rows(db: &Database, plan: &Plan, size: u64) -> AppResult<(Vec<QueueRow>, Option<String>)> {
    let mut rows = Vec::new();
    for part in 0..plan.parts() {
        let wanted = size + 1 - rows.len() as u64;
        let statement = db.get_database_backend().build(&plan.part(part, wanted));
        rows.extend(db.read_planned(statement, QueueRow::read).await?);
        if rows.len() as u64 > size {
            break;
        }
    }
    let next_cursor = if rows.len() as u64 > size {
        rows.truncate(size as usize);
        rows.last().map(|row| Key::of(plan.sort, row).encode())
    } else {
        None
    };
    Ok((rows, next_cursor))
}

/// The plan for a request: driven by `drive`, or else by whichever side leaves fewer tickets.
async fn planned(
    db: &Database,
    actor: &Actor,
    filters: TicketFilters,
    cursor: Option<&str>,
    drive: Option<Drive>,
) -> AppResult<Plan> {
    let mut plan = Plan::new(actor, filters, cursor, db.get_database_backend())?;
    let counts = estimate::counts(db, &plan).await?;
    plan.narrowest = counts.narrowest();
    plan.drive = match drive {
        Some(drive) => drive,
        None => estimate::drive(db, &plan, &counts).await?,
    };
    if plan.drive == Drive::SearchFirst {
        plan.ids = estimate::created_ids(db, &plan).await?;
    }
    Ok(plan)
}

/// One page of the tickets the actor may see, filtered and sorted as asked, after `cursor`.
pub async fn list(
    db: &Database,
    session: &SessionSlot,
    filters: TicketFilters,
    cursor: Option<String>,
) -> AppResult<TicketPage> {
    list_driven(db, session, filters, cursor, None).await
}

/// `list`, driven by `drive` rather than as the counts suggest: every drive answers the same, which
/// the tests check.
pub async fn list_driven(
    db: &Database,
    session: &SessionSlot,
    filters: TicketFilters,
    cursor: Option<String>,
    drive: Option<Drive>,
) -> AppResult<TicketPage> {
    let actor = current_actor(db, session).await?;
    require(&actor, Action::ListTickets)?;
    let plan = planned(db, &actor, filters, cursor.as_deref(), drive).await?;
    let (rows, next_cursor) = rows(db, &plan, PAGE_SIZE).await?;
    let terms = plan.keywords.map(|k| k.terms).unwrap_or_default();
    let mut excerpts = excerpts(db, &actor, &rows, &terms).await?;
    let tickets = rows
        .into_iter()
        .map(|row| {
            let excerpt = excerpts.remove(&row.id);
            summary(row, excerpt)
        })
        .collect();
    Ok(TicketPage { tickets, next_cursor, terms })
}

/// Tickets per batch of `every`: large enough to make few queries, small enough to hold.
const BATCH: u64 = 1_000;

/// Every ticket the actor may see under `filters`, in the queue's order, handed to `each` a batch at
/// a time (without excerpts): what an export writes.
pub async fn every(
    db: &Database,
    actor: &Actor,
    filters: TicketFilters,
    mut each: impl FnMut(Vec<TicketSummary>) -> AppResult<()>,
) -> AppResult<()> {
    require(actor, Action::ListTickets)?;
    let mut cursor = None;
    loop {
        let plan = planned(db, actor, filters.clone(), cursor.as_deref(), None).await?;
        let (rows, next_cursor) = rows(db, &plan, BATCH).await?;
        each(rows.into_iter().map(|row| summary(row, None)).collect())?;
        match next_cursor {
            Some(next) => cursor = Some(next),
            None => return Ok(()),
        }
    }
}

/// How many of a ticket's first comments an excerpt looks through: a conversation thousands of
/// comments long costs a search no more than a short one.
const EXCERPT_COMMENTS: u64 = 50;

/// For search results: where each ticket matched, from its description or else one of its first
/// comments the actor may read (one statement for the page, one body per ticket).
async fn excerpts(
    db: &Database,
    actor: &Actor,
    rows: &[QueueRow],
    terms: &[String],
) -> AppResult<HashMap<i32, String>> {
    if terms.is_empty() {
        return Ok(HashMap::new());
    }
    let mut excerpts: HashMap<i32, String> =
        rows.iter().filter_map(|row| Some((row.id, fulltext::excerpt(row.description.as_deref()?, terms)?))).collect();
    let elsewhere: Vec<i32> = rows.iter().map(|row| row.id).filter(|id| !excerpts.contains_key(id)).collect();
    if elsewhere.is_empty() {
        return Ok(excerpts);
    }
    let with_notes = allowed(actor, Action::SeeInternalNotes);
    for (ticket, body) in store::comments::first_matching(db, &elsewhere, with_notes, terms, EXCERPT_COMMENTS).await? {
        excerpts.extend(fulltext::excerpt(&body, terms).map(|excerpt| (ticket, excerpt)));
    }
    Ok(excerpts)
}

/// The statement behind a page, as `list` runs it (or driven by `drive`; a best-match search's
/// tiers in one statement, where `list` reads them one after another): for the index-plan tests.
pub async fn page_statement(
    db: &Database,
    session: &SessionSlot,
    filters: TicketFilters,
    cursor: Option<&str>,
    drive: Option<Drive>,
) -> AppResult<Statement> {
    let actor = current_actor(db, session).await?;
    let plan = planned(db, &actor, filters, cursor, drive).await?;
    Ok(db.get_database_backend().build(&plan.statement(PAGE_SIZE + 1)))
}

/// The statements `list` runs for a page, in order, each cut to a page and a row (it stops once it
/// has that many): for the benchmark's floor.
pub async fn page_parts(
    db: &Database,
    session: &SessionSlot,
    filters: TicketFilters,
    cursor: Option<&str>,
) -> AppResult<Vec<Statement>> {
    let actor = current_actor(db, session).await?;
    let plan = planned(db, &actor, filters, cursor, None).await?;
    let backend = db.get_database_backend();
    Ok((0..plan.parts()).map(|part| backend.build(&plan.part(part, PAGE_SIZE + 1))).collect())
}
