//! The queue: filters, sort and keyset paging over any number of tickets, with keyword search.
//!
//! Every page is one query that reads about a page of rows from an index, however deep it is:
//! - the cursor holds the sort key of the last row shown, and the next page starts after it
//!   (`(key, id) < cursor`), never with an OFFSET;
//! - several statuses are one ordered stream per status (`status = ?` uses the index's order), merged
//!   by the outer query, because `status IN (..)` cannot walk an index in sort order;
//! - names are joined once, for the page's rows only.
use std::collections::HashMap;

use sea_orm::sea_query::{
    Alias, Asterisk, Expr, IntoColumnRef, JoinType, Order, Query, SelectStatement, SimpleExpr, UnionType,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter, QueryOrder, QuerySelect, Statement};
use serde::{Deserialize, Serialize};

use super::{PAGE_SIZE, TicketSummary};
use crate::db::{Database, enum_column};
use crate::entities::tickets::{Priority, Status};
use crate::entities::{comments, departments, tickets, users};
use crate::error::{AppError, AppResult, ErrorCode, FieldErrors};
use crate::services::permissions::{Action, allowed, require};
use crate::services::search::{self, Keywords, Source};
use crate::services::session::{Actor, SessionSlot, current_actor};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum TicketSort {
    #[default]
    Updated,
    Created,
    /// Highest priority first, then the most recently updated.
    Priority,
    /// Best match first (titles holding more of the words), then newest; only with keywords
    /// (otherwise the same as Updated).
    Relevance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum AssigneeFilter {
    Unassigned,
    /// The acting user.
    Me,
    User {
        id: i32,
    },
}

/// What the queue shows: every field narrows it; empty means no condition.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct TicketFilters {
    pub search: String,
    pub statuses: Vec<Status>,
    pub priorities: Vec<Priority>,
    pub department_id: Option<i32>,
    pub requester_id: Option<i32>,
    pub assignee: Option<AssigneeFilter>,
    /// Created at or after (Unix ms).
    #[specta(type = Option<specta_typescript::Number>)]
    pub created_from: Option<i64>,
    /// Created before (Unix ms).
    #[specta(type = Option<specta_typescript::Number>)]
    pub created_to: Option<i64>,
    pub sort: TicketSort,
    /// Oldest or lowest first instead of newest or highest first (not for relevance).
    pub ascending: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TicketPage {
    pub tickets: Vec<TicketSummary>,
    /// Pass it back for the next page; None at the end.
    pub next_cursor: Option<String>,
    /// The words searched for, to highlight in titles and excerpts.
    pub terms: Vec<String>,
    /// When searching: how many of the newest matching tickets the search looks at.
    pub search_window: Option<u32>,
}

/// The sort key of a row, as the cursor carries it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Key {
    Updated(i64, i32),
    Created(i64, i32),
    Priority(i64, i64, i32),
    Relevance(i64, i32),
}

impl Key {
    fn of(sort: TicketSort, row: &QueueRow) -> Key {
        match sort {
            TicketSort::Updated => Key::Updated(row.updated_at, row.id),
            TicketSort::Created => Key::Created(row.created_at, row.id),
            TicketSort::Priority => Key::Priority(priority_rank(row.priority), row.updated_at, row.id),
            TicketSort::Relevance => Key::Relevance(row.rank.unwrap_or_default(), row.id),
        }
    }

    fn encode(self) -> String {
        match self {
            Key::Updated(at, id) => format!("u.{at}.{id}"),
            Key::Created(at, id) => format!("c.{at}.{id}"),
            Key::Priority(rank, at, id) => format!("p.{rank}.{at}.{id}"),
            Key::Relevance(rank, id) => format!("r.{rank}.{id}"),
        }
    }

    /// The key's values, in the order of the sort's columns.
    fn values(self) -> Vec<SimpleExpr> {
        match self {
            Key::Updated(at, id) | Key::Created(at, id) => vec![at.into(), id.into()],
            Key::Priority(rank, at, id) => vec![rank.into(), at.into(), id.into()],
            Key::Relevance(rank, id) => vec![rank.into(), id.into()],
        }
    }

    fn decode(cursor: &str, sort: TicketSort) -> AppResult<Key> {
        let parts: Vec<&str> = cursor.split('.').collect();
        let int = |i: usize| parts.get(i).and_then(|p| p.parse::<i64>().ok());
        let id = |i: usize| parts.get(i).and_then(|p| p.parse::<i32>().ok());
        let key = match (sort, parts.first().copied(), parts.len()) {
            (TicketSort::Updated, Some("u"), 3) => int(1).zip(id(2)).map(|(at, id)| Key::Updated(at, id)),
            (TicketSort::Created, Some("c"), 3) => int(1).zip(id(2)).map(|(at, id)| Key::Created(at, id)),
            (TicketSort::Priority, Some("p"), 4) => {
                int(1).zip(int(2)).zip(id(3)).map(|((rank, at), id)| Key::Priority(rank, at, id))
            }
            (TicketSort::Relevance, Some("r"), 3) => int(1).zip(id(2)).map(|(rank, id)| Key::Relevance(rank, id)),
            _ => None,
        };
        key.ok_or_else(|| {
            AppError::new(ErrorCode::Validation, "That page of the list is no longer valid; start again.")
        })
    }
}

/// Priority as a number, highest last, so it sorts.
fn priority_rank(priority: Priority) -> i64 {
    match priority {
        Priority::Low => 1,
        Priority::Medium => 2,
        Priority::High => 3,
        Priority::Critical => 4,
    }
}

/// A search looks at this many of the newest matching tickets (after the filters) and ranks or sorts
/// those: a common word then costs no more than a rare one. Narrower words or filters reach further back.
pub const SEARCH_WINDOW: u64 = 1000;

/// Priority as a number in SQL (the same as `priority_rank`).
fn priority_rank_expr() -> SimpleExpr {
    let priority = || Expr::col((tickets::Entity, tickets::Column::Priority));
    Expr::case(priority().eq(Priority::Low), priority_rank(Priority::Low))
        .case(priority().eq(Priority::Medium), priority_rank(Priority::Medium))
        .case(priority().eq(Priority::High), priority_rank(Priority::High))
        .finally(priority_rank(Priority::Critical))
        .into()
}

/// The stream column that carries the priority's rank to the merge.
const PRIORITY_RANK: &str = "priority_rank";

const ALL_PRIORITIES: [Priority; 4] = [Priority::Low, Priority::Medium, Priority::High, Priority::Critical];

#[derive(Debug)]
struct QueueRow {
    id: i32,
    number: i32,
    title: String,
    status: Status,
    priority: Priority,
    requester_id: i32,
    created_at: i64,
    updated_at: i64,
    description: Option<String>,
    rank: Option<i64>,
    department: Option<String>,
    requester: Option<String>,
    assignee: Option<String>,
}

/// The ticket columns of a page, in order; the names and a search's columns follow (`QueueRow::read`).
const SHOWN: [&str; 8] = ["id", "number", "title", "status", "priority", "requester_id", "created_at", "updated_at"];

impl QueueRow {
    /// A row of the page's statement, by position (looking each column up by name per row cost a
    /// third of a page's time): `SHOWN`, the department, requester and assignee names, then, when
    /// searching, the description and rank.
    fn read(row: &rusqlite::Row) -> rusqlite::Result<QueueRow> {
        let searched = row.as_ref().column_count() > SHOWN.len() + 3;
        Ok(QueueRow {
            id: row.get(0)?,
            number: row.get(1)?,
            title: row.get(2)?,
            status: enum_column(row, 3)?,
            priority: enum_column(row, 4)?,
            requester_id: row.get(5)?,
            created_at: row.get(6)?,
            updated_at: row.get(7)?,
            department: row.get(8)?,
            requester: row.get(9)?,
            assignee: row.get(10)?,
            description: if searched { row.get(11)? } else { None },
            rank: if searched { row.get(12)? } else { None },
        })
    }
}

/// A validated request: who asks, for what, from where.
struct Plan {
    filters: TicketFilters,
    keywords: Option<Keywords>,
    sort: TicketSort,
    descending: bool,
    after: Option<Key>,
    requester: Option<i32>,
    assignee: Option<Option<i32>>,
}

/// One ordered stream: the tickets of one status and (sorting by priority) one priority, or all.
#[derive(Debug, Clone, Copy)]
struct Stream {
    status: Option<Status>,
    priority: Option<Priority>,
}

fn distinct<T: Copy + PartialEq>(items: &[T]) -> Vec<T> {
    let mut seen = Vec::new();
    for item in items {
        if !seen.contains(item) {
            seen.push(*item);
        }
    }
    seen
}

impl Plan {
    fn new(actor: &Actor, filters: TicketFilters, cursor: Option<&str>) -> AppResult<Plan> {
        let mut errors = FieldErrors::default();
        if let (Some(from), Some(to)) = (filters.created_from, filters.created_to)
            && from >= to
        {
            errors.add("createdTo", "The end of the date range must come after its start.");
        }
        if filters.search.chars().count() > 500 {
            errors.add("search", "Use at most 500 characters.");
        }
        errors.into_result()?;
        let keywords = search::keywords(&filters.search, allowed(actor, Action::SeeInternalNotes));
        let sort = match filters.sort {
            TicketSort::Relevance if keywords.is_none() => TicketSort::Updated,
            sort => sort,
        };
        // Best match first always; every other sort can flip.
        let descending = sort == TicketSort::Relevance || !filters.ascending;
        let after = cursor.map(|c| Key::decode(c, sort)).transpose()?;
        // Customers only ever see their own tickets, whatever they ask for.
        let requester = if actor.role.is_staff() { filters.requester_id } else { Some(actor.id) };
        let assignee = filters.assignee.map(|a| match a {
            AssigneeFilter::Unassigned => None,
            AssigneeFilter::Me => Some(actor.id),
            AssigneeFilter::User { id } => Some(id),
        });
        Ok(Plan { filters, keywords, sort, descending, after, requester, assignee })
    }

    /// The streams to merge: `status IN (..)` cannot walk an index in sort order but each `status = ?`
    /// can (the same for priorities); sorting by priority walks each priority's tickets by update time.
    /// A search is one window, sorted by the outer query.
    fn streams(&self) -> Vec<Stream> {
        if self.keywords.is_some() {
            return vec![Stream { status: None, priority: None }];
        }
        let statuses: Vec<Option<Status>> = match distinct(&self.filters.statuses).as_slice() {
            many @ [_, _, ..] => many.iter().copied().map(Some).collect(),
            _ => vec![None],
        };
        let priorities: Vec<Option<Priority>> = match (self.sort, distinct(&self.filters.priorities).as_slice()) {
            (TicketSort::Priority, []) => ALL_PRIORITIES.map(Some).to_vec(),
            (TicketSort::Priority, chosen) | (_, chosen @ [_, _, ..]) => chosen.iter().copied().map(Some).collect(),
            _ => vec![None],
        };
        statuses
            .iter()
            .flat_map(|&status| priorities.iter().map(move |&priority| Stream { status, priority }))
            .collect()
    }

    /// A stream's rows in sort order, after the cursor, at most `limit` of them.
    fn stream(&self, stream: Stream, limit: u64) -> SelectStatement {
        let t = tickets::Entity;
        let col = |c: tickets::Column| Expr::col((t, c));
        let mut select = Query::select();
        select
            .columns([
                (t, tickets::Column::Id),
                (t, tickets::Column::Number),
                (t, tickets::Column::Title),
                (t, tickets::Column::Status),
                (t, tickets::Column::Priority),
                (t, tickets::Column::DepartmentId),
                (t, tickets::Column::RequesterId),
                (t, tickets::Column::AssigneeId),
                (t, tickets::Column::CreatedAt),
                (t, tickets::Column::UpdatedAt),
            ])
            .expr_as(
                stream.priority.map_or_else(priority_rank_expr, |p| Expr::val(priority_rank(p))),
                Alias::new(PRIORITY_RANK),
            )
            // The description only for a search's excerpts.
            .expr_as(
                if self.keywords.is_some() {
                    col(tickets::Column::Description)
                } else {
                    Expr::value(Option::<String>::None)
                },
                Alias::new("description"),
            );
        match &self.keywords {
            Some(keywords) => {
                // One requester's tickets are few: read them and look each up, rather than walk every match.
                let source = if self.requester.is_some() { Source::Few } else { Source::All };
                let (id, title) =
                    ((t, tickets::Column::Id).into_column_ref(), (t, tickets::Column::Title).into_column_ref());
                search::newest_matches(&mut select, t, id, title, keywords, source)
            }
            None => {
                select.from(t).expr_as(Expr::value(Option::<i64>::None), Alias::new("rank"));
            }
        }
        let f = &self.filters;
        match stream.status {
            Some(status) => select.and_where(col(tickets::Column::Status).eq(status)),
            None if !f.statuses.is_empty() => {
                select.and_where(col(tickets::Column::Status).is_in(distinct(&f.statuses)))
            }
            None => &mut select,
        };
        match stream.priority {
            Some(priority) => select.and_where(col(tickets::Column::Priority).eq(priority)),
            None if !f.priorities.is_empty() => {
                select.and_where(col(tickets::Column::Priority).is_in(distinct(&f.priorities)))
            }
            None => &mut select,
        };
        if let Some(id) = f.department_id {
            select.and_where(col(tickets::Column::DepartmentId).eq(id));
        }
        if let Some(id) = self.requester {
            select.and_where(col(tickets::Column::RequesterId).eq(id));
        }
        match self.assignee {
            Some(Some(id)) => select.and_where(col(tickets::Column::AssigneeId).eq(id)),
            Some(None) => select.and_where(col(tickets::Column::AssigneeId).is_null()),
            None => &mut select,
        };
        if let Some(from) = f.created_from {
            select.and_where(col(tickets::Column::CreatedAt).gte(from));
        }
        if let Some(to) = f.created_to {
            select.and_where(col(tickets::Column::CreatedAt).lt(to));
        }
        if self.keywords.is_some() {
            // A search's window is cut in match order; the outer query sorts and pages it.
            select.limit(SEARCH_WINDOW);
            return select;
        }
        // Within a stream the key is (time, id): a priority stream holds one priority.
        let time =
            if self.sort == TicketSort::Created { tickets::Column::CreatedAt } else { tickets::Column::UpdatedAt };
        let key = vec![col(time), col(tickets::Column::Id)];
        let after: Option<Vec<SimpleExpr>> = match self.after {
            None => None,
            Some(Key::Priority(rank, at, id)) => {
                let here = stream.priority.map_or(0, priority_rank);
                // A whole stream lies before or after the cursor unless it is the cursor's priority.
                let passed = if self.descending { here > rank } else { here < rank };
                if passed {
                    select.and_where(Expr::cust("1 = 0"));
                }
                (here == rank).then(|| vec![at.into(), id.into()])
            }
            Some(key) => Some(key.values()),
        };
        if let Some(values) = after {
            let (key, values) = (Expr::tuple(key.clone()), Expr::tuple(values));
            select.and_where(if self.order() == Order::Desc { key.lt(values) } else { key.gt(values) });
        }
        for column in key {
            select.order_by_expr(column, self.order());
        }
        select.limit(limit);
        select
    }

    fn order(&self) -> Order {
        if self.descending { Order::Desc } else { Order::Asc }
    }

    /// The page's statement: the streams (or a search's window), merged, sorted, after the cursor
    /// and cut to `limit` rows, with the names it shows.
    fn statement(&self, limit: u64) -> SelectStatement {
        let mut streams = self.streams().into_iter().map(|s| {
            Query::select().column(Asterisk).from_subquery(self.stream(s, limit), Alias::new("stream")).to_owned()
        });
        // There is always at least one stream.
        let mut union = streams.next().unwrap_or_else(Query::select);
        for stream in streams {
            union.union(UnionType::All, stream);
        }
        let page = Alias::new("page");
        let on_page = |c: &str| Expr::col((page.clone(), Alias::new(c)));
        let (department, requester, assignee) = (Alias::new("d"), Alias::new("r"), Alias::new("a"));
        // Only what the page shows, in the order `QueueRow::read` reads it; a search's two columns last.
        let found = ["description", "rank"].into_iter().filter(|_| self.keywords.is_some());
        let mut outer = Query::select();
        outer
            .columns(SHOWN.into_iter().map(|c| (page.clone(), Alias::new(c))))
            .expr_as(Expr::col((department.clone(), departments::Column::Name)), Alias::new("department"))
            .expr_as(Expr::col((requester.clone(), users::Column::DisplayName)), Alias::new("requester"))
            .expr_as(Expr::col((assignee.clone(), users::Column::DisplayName)), Alias::new("assignee"))
            .columns(found.map(|c| (page.clone(), Alias::new(c))))
            .from_subquery(union, page.clone())
            .join_as(
                JoinType::LeftJoin,
                departments::Entity,
                department.clone(),
                Expr::col((department, departments::Column::Id)).equals((page.clone(), Alias::new("department_id"))),
            )
            .join_as(
                JoinType::LeftJoin,
                users::Entity,
                requester.clone(),
                Expr::col((requester, users::Column::Id)).equals((page.clone(), Alias::new("requester_id"))),
            )
            .join_as(
                JoinType::LeftJoin,
                users::Entity,
                assignee.clone(),
                Expr::col((assignee, users::Column::Id)).equals((page.clone(), Alias::new("assignee_id"))),
            );
        let key: Vec<SimpleExpr> = match self.sort {
            TicketSort::Updated => vec![on_page("updated_at"), on_page("id")],
            TicketSort::Created => vec![on_page("created_at"), on_page("id")],
            TicketSort::Priority => {
                vec![on_page(PRIORITY_RANK), on_page("updated_at"), on_page("id")]
            }
            TicketSort::Relevance => vec![on_page("rank"), on_page("id")],
        };
        if let (Some(after), true) = (self.after, self.keywords.is_some()) {
            let (key, values) = (Expr::tuple(key.clone()), Expr::tuple(after.values()));
            outer.and_where(if self.order() == Order::Desc { key.lt(values) } else { key.gt(values) });
        }
        for column in key {
            outer.order_by_expr(column, self.order());
        }
        outer.limit(limit);
        outer
    }
}

/// Up to `size` rows of the plan's page, and the cursor after them (None at the end).
async fn rows(db: &Database, plan: &Plan, size: u64) -> AppResult<(Vec<QueueRow>, Option<String>)> {
    let statement = db.get_database_backend().build(&plan.statement(size + 1));
    let mut rows = db.read_rows(statement, QueueRow::read).await?;
    let next_cursor = if rows.len() as u64 > size {
        rows.truncate(size as usize);
        rows.last().map(|row| Key::of(plan.sort, row).encode())
    } else {
        None
    };
    Ok((rows, next_cursor))
}

fn summary(row: QueueRow, excerpt: Option<String>) -> TicketSummary {
    TicketSummary {
        excerpt,
        department: row.department.unwrap_or_default(),
        requester: row.requester.unwrap_or_else(|| "Deleted user".into()),
        assignee: row.assignee,
        requester_id: row.requester_id,
        id: row.id,
        number: row.number,
        title: row.title,
        status: row.status,
        priority: row.priority,
        created_at: row.created_at,
        updated_at: row.updated_at,
    }
}

/// One page of the tickets the actor may see, filtered and sorted as asked, after `cursor`.
pub async fn list(
    db: &Database,
    session: &SessionSlot,
    filters: TicketFilters,
    cursor: Option<String>,
) -> AppResult<TicketPage> {
    let actor = current_actor(db, session).await?;
    require(&actor, Action::ListTickets)?;
    let plan = Plan::new(&actor, filters, cursor.as_deref())?;
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
    let search_window = (!terms.is_empty()).then_some(SEARCH_WINDOW as u32);
    Ok(TicketPage { tickets, next_cursor, terms, search_window })
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
        let plan = Plan::new(actor, filters.clone(), cursor.as_deref())?;
        let (rows, next_cursor) = rows(db, &plan, BATCH).await?;
        each(rows.into_iter().map(|row| summary(row, None)).collect())?;
        match next_cursor {
            Some(next) => cursor = Some(next),
            None => return Ok(()),
        }
    }
}

/// For search results: where each ticket matched, from its description or a comment the actor may read.
async fn excerpts(
    db: &Database,
    actor: &Actor,
    rows: &[QueueRow],
    terms: &[String],
) -> AppResult<HashMap<i32, String>> {
    if terms.is_empty() || rows.is_empty() {
        return Ok(HashMap::new());
    }
    let mut query = comments::Entity::find()
        .select_only()
        .columns([comments::Column::TicketId, comments::Column::Body])
        .filter(comments::Column::TicketId.is_in(rows.iter().map(|r| r.id)))
        .order_by_asc(comments::Column::Id);
    if !allowed(actor, Action::SeeInternalNotes) {
        query = query.filter(comments::Column::Internal.eq(false));
    }
    let mut bodies: HashMap<i32, Vec<String>> = HashMap::new();
    for (ticket, body) in query.into_tuple::<(i32, String)>().all(db).await? {
        bodies.entry(ticket).or_default().push(body);
    }
    Ok(rows
        .iter()
        .filter_map(|row| {
            let description = row.description.iter();
            let found = description
                .chain(bodies.get(&row.id).into_iter().flatten())
                .find_map(|text| search::excerpt(text, terms))?;
            Some((row.id, found))
        })
        .collect())
}

/// The statement behind a page, as `list` runs it: for the index-plan tests and the benchmark's floor.
pub async fn page_statement(
    db: &Database,
    session: &SessionSlot,
    filters: TicketFilters,
    cursor: Option<&str>,
) -> AppResult<Statement> {
    let actor = current_actor(db, session).await?;
    let plan = Plan::new(&actor, filters, cursor)?;
    Ok(db.get_database_backend().build(&plan.statement(PAGE_SIZE + 1)))
}
