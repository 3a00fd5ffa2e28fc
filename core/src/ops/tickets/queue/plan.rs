//! Turning a request into the page's one statement.
//!
//! Every page reads about a page of rows from an index, however deep it is:
//! - the cursor holds the sort key of the last row shown, and the next page starts after it
//!   (`(key, id) < cursor`), never with an OFFSET;
//! - several statuses are one ordered stream per status (`status = ?` uses the index's order), merged
//!   by the outer query, because `status IN (..)` cannot walk an index in sort order;
//! - names are joined once, for the page's rows only.
use sea_orm::sea_query::{
    Alias, Asterisk, Expr, IntoColumnRef, JoinType, Order, Query, SelectStatement, SimpleExpr, UnionType,
};
use sea_orm::{DbBackend, ExprTrait};

use super::cursor::{Key, priority_rank};
use super::dto::{AssigneeFilter, TicketFilters, TicketSort};
use super::row::SHOWN;
use crate::access::{Action, Actor, allowed};
use crate::entities::tickets::{Priority, Status};
use crate::entities::{departments, tickets, users};
use crate::error::{AppResult, FieldErrors};
use crate::infra::fulltext::{self, Keywords, Source, Tier};

/// The longest search text, in characters.
pub const SEARCH_MAX: usize = 500;

/// The bound on a page read whole: far above what `estimate` lets through (never reached).
const WHOLE_AT_MOST: u64 = 1 << 40;

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

/// What a page reads first (chosen in `estimate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drive {
    /// Each stream walked in sort order through its index: a page reads about a page of rows.
    InOrder,
    /// Every ticket the filters leave (few), read through the index that holds them, then sorted.
    Whole,
    /// A search: the search index, newest match first, each match's ticket looked up. Best match
    /// first reads each tier newest first and stops after a page; another order reads every match
    /// (few) and sorts them.
    SearchFirst,
    /// A search: the tickets the filters leave (few), each looked up in the search index, then sorted.
    TicketsFirst,
    /// A search with many matches: each stream walked in sort order as without a search, each ticket
    /// checked against every match, gathered once (best match first: each tier walked newest first,
    /// each ticket looked up).
    InOrderAmongMatches,
    /// A search matching most tickets: each stream walked in sort order, each ticket looked up in
    /// the search index (gathering the matches would cost more than the few lookups a page needs).
    InOrderLookingUp,
}

/// A filter whose own index can read a page's tickets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Narrowing {
    Requester,
    Assignee,
    Department,
}

/// A validated request: who asks, for what, from where, and what drives it.
pub(super) struct Plan {
    pub(super) filters: TicketFilters,
    pub(super) keywords: Option<Keywords>,
    /// A best-match search's tiers, best first (else none).
    tiers: Vec<Tier>,
    pub(super) sort: TicketSort,
    descending: bool,
    after: Option<Key>,
    pub(super) requester: Option<i32>,
    pub(super) assignee: Option<Option<i32>>,
    pub(super) drive: Drive,
    /// The lowest and highest id of the tickets in the creation range (when `estimate` counted them).
    pub(super) ids: Option<(i64, i64)>,
    /// Of several of those filters, the one whose index reads the tickets (`estimate`).
    pub(super) narrowest: Option<Narrowing>,
    /// The backend the statements are for.
    backend: DbBackend,
}

/// One ordered stream: the tickets of one status and (sorting by priority) one priority, or all; or
/// one tier of a best-match search.
#[derive(Debug, Clone, Copy)]
struct Stream<'a> {
    status: Option<Status>,
    priority: Option<Priority>,
    tier: Option<&'a Tier>,
}

/// What a queue request may not be, whatever the caller's role.
pub fn check(filters: &TicketFilters) -> AppResult<()> {
    let mut errors = FieldErrors::default();
    if let (Some(from), Some(to)) = (filters.created_from, filters.created_to)
        && from >= to
    {
        errors.add("createdTo", "The end of the date range must come after its start.");
    }
    if filters.search.chars().count() > SEARCH_MAX {
        errors.add("search", format!("Use at most {SEARCH_MAX} characters."));
    }
    errors.into_result()
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
    pub(super) fn new(
        actor: &Actor,
        filters: TicketFilters,
        cursor: Option<&str>,
        backend: DbBackend,
    ) -> AppResult<Plan> {
        check(&filters)?;
        let keywords = fulltext::keywords(&filters.search, allowed(actor, Action::SeeInternalNotes), backend);
        let sort = match filters.sort {
            TicketSort::Relevance if keywords.is_none() => TicketSort::Updated,
            sort => sort,
        };
        let tiers = match (&keywords, sort) {
            (Some(keywords), TicketSort::Relevance) => keywords.tiers(),
            _ => Vec::new(),
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
        // `queue::planned` chooses the drive once the request is known.
        Ok(Plan {
            filters,
            keywords,
            tiers,
            sort,
            descending,
            after,
            requester,
            assignee,
            drive: Drive::InOrder,
            ids: None,
            narrowest: None,
            backend,
        })
    }

    /// Whether the outer query sorts and pages the rows (else each stream comes in order).
    fn sorted_outside(&self) -> bool {
        match (&self.keywords, self.drive) {
            (_, Drive::Whole) | (Some(_), Drive::TicketsFirst) => true,
            (Some(_), Drive::SearchFirst) => self.tiers.is_empty(),
            _ => false,
        }
    }

    /// The streams to merge: `status IN (..)` cannot walk an index in sort order but each `status = ?`
    /// can (the same for priorities); sorting by priority walks each priority's tickets by update time.
    /// A search's matches, or a few tickets read whole, are one stream sorted by the outer query; a
    /// best-match search walked in order is one stream per tier.
    fn streams(&self) -> Vec<Stream<'_>> {
        if self.sorted_outside() {
            return vec![Stream { status: None, priority: None, tier: None }];
        }
        if self.walks_tiers() {
            return self.tiers.iter().map(|tier| Stream { status: None, priority: None, tier: Some(tier) }).collect();
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
            .flat_map(|&status| priorities.iter().map(move |&priority| Stream { status, priority, tier: None }))
            .collect()
    }

    /// A stream's rows in sort order, after the cursor, at most `limit` of them.
    fn stream(&self, stream: Stream<'_>, limit: u64) -> SelectStatement {
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
        let id = || (t, tickets::Column::Id).into_column_ref();
        let source = if self.drive == Drive::SearchFirst { Source::All(self.ids) } else { Source::Few };
        let no_rank = || Expr::value(Option::<i64>::None);
        let rank = match (&self.keywords, stream.tier) {
            (Some(_), Some(tier)) => {
                // The tier's own cursor: a better tier is behind the page, a worse one still to come.
                let (passed, before) = match self.after {
                    Some(Key::Relevance(rank, after)) => {
                        (tier.rank > rank, (tier.rank == rank).then_some(after.into()))
                    }
                    _ => (false, None),
                };
                if passed {
                    select.and_where(Expr::cust("1 = 0"));
                }
                fulltext::newest_matches(&mut select, t, id(), &tier.matches, source, before);
                select.limit(limit);
                Expr::val(tier.rank)
            }
            (Some(keywords), None) if self.drive == Drive::InOrderAmongMatches => {
                select.from(t).and_where(keywords.among_matches(id()));
                no_rank()
            }
            (Some(keywords), None) if self.drive == Drive::InOrderLookingUp => {
                select.from(t).and_where(fulltext::lookup(id(), &keywords.all()));
                no_rank()
            }
            (Some(keywords), None) => {
                fulltext::newest_matches(&mut select, t, id(), &keywords.all(), source, None);
                if self.sort == TicketSort::Relevance { keywords.rank(id()) } else { no_rank() }
            }
            (None, _) => {
                select.from(t);
                no_rank()
            }
        };
        select.expr_as(rank, Alias::new("rank"));
        let f = &self.filters;
        match stream.status {
            Some(status) => select.and_where(col(tickets::Column::Status).eq(status)),
            None if !f.statuses.is_empty() => {
                select.and_where(col(tickets::Column::Status).is_in(distinct(&f.statuses)))
            }
            None => &mut select,
        };
        // The filters other than the narrowest are checked on the rows it reads, never used to read
        // them: a unary plus keeps SQLite from using their indexes (and changes no value). SQLite
        // plans without statistics; PostgreSQL keeps them and needs no such hint (nor takes `+` on text).
        let unindexed = |column: tickets::Column| match self.backend {
            DbBackend::Postgres => col(column),
            _ => Expr::cust_with_expr("+?", col(column)),
        };
        let filter = |by: Narrowing, column: tickets::Column| {
            if self.narrowest.is_some_and(|narrowest| narrowest != by) { unindexed(column) } else { col(column) }
        };
        // A priority too, unless it follows a status in the narrowest's index (the requester's and
        // the assignee's hold status, priority, time).
        let priority = match self.narrowest {
            Some(Narrowing::Department) => unindexed(tickets::Column::Priority),
            Some(_) if stream.status.is_none() && f.statuses.is_empty() => unindexed(tickets::Column::Priority),
            _ => col(tickets::Column::Priority),
        };
        match stream.priority {
            Some(chosen) => select.and_where(priority.eq(chosen)),
            None if !f.priorities.is_empty() => select.and_where(priority.is_in(distinct(&f.priorities))),
            None => &mut select,
        };
        if let Some(id) = f.department_id {
            select.and_where(filter(Narrowing::Department, tickets::Column::DepartmentId).eq(id));
        }
        if let Some(id) = self.requester {
            select.and_where(filter(Narrowing::Requester, tickets::Column::RequesterId).eq(id));
        }
        let assignee = filter(Narrowing::Assignee, tickets::Column::AssigneeId);
        match self.assignee {
            Some(Some(id)) => select.and_where(assignee.eq(id)),
            Some(None) => select.and_where(assignee.is_null()),
            None => &mut select,
        };
        if let Some(from) = f.created_from {
            select.and_where(col(tickets::Column::CreatedAt).gte(from));
        }
        if let Some(to) = f.created_to {
            select.and_where(col(tickets::Column::CreatedAt).lt(to));
        }
        if stream.tier.is_some() {
            // Ordered and cut above, newest first.
            return select;
        }
        if self.sorted_outside() {
            // Sorted by the outer query, so SQLite reads through the index that holds the most of
            // the filters. The limit (never reached) keeps SQLite from merging this into the outer
            // query, whose order it would then walk instead (two seconds for a week's tickets by update).
            select.limit(WHOLE_AT_MOST);
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

    /// The page's statement: the streams (or a search's matches read whole), merged, sorted, after
    /// the cursor and cut to `limit` rows, and then the names it shows, joined for those rows only.
    pub(super) fn statement(&self, limit: u64) -> SelectStatement {
        self.statement_of(self.streams(), limit)
    }

    /// The page in parts, read one after another while the page is short: a best-match search's
    /// tiers one at a time, best first (a worse tier, however costly to walk, is read only when the
    /// better ones leave room: an empty last tier of twelve words took 156 ms to find empty), or else
    /// the whole page at once.
    pub(super) fn parts(&self) -> usize {
        if self.walks_tiers() { self.tiers.len() } else { 1 }
    }

    /// Part `part` of the page (`parts`), cut to `limit` rows.
    pub(super) fn part(&self, part: usize, limit: u64) -> SelectStatement {
        if !self.walks_tiers() {
            return self.statement(limit);
        }
        self.statement_of(vec![self.streams()[part]], limit)
    }

    /// Whether the page is one stream per tier (their rows come tier after tier, best first).
    fn walks_tiers(&self) -> bool {
        !self.tiers.is_empty() && !self.sorted_outside()
    }

    fn statement_of(&self, streams: Vec<Stream<'_>>, limit: u64) -> SelectStatement {
        let mut streams = streams.into_iter().map(|s| {
            Query::select().column(Asterisk).from_subquery(self.stream(s, limit), Alias::new("stream")).to_owned()
        });
        // There is always at least one stream.
        let mut union = streams.next().unwrap_or_else(Query::select);
        for stream in streams {
            union.union(UnionType::All, stream);
        }
        let (merged, page) = (Alias::new("merged"), Alias::new("page"));
        // The page itself: sorting after the joins would look names up for every row merged (6,400
        // rows of a week's tickets read whole: 17 ms against 1.4 ms).
        let mut cut = Query::select();
        cut.column(Asterisk).from_subquery(union, merged.clone());
        let key = self.key(&merged);
        if let (Some(after), true) = (self.after, self.sorted_outside()) {
            let (key, values) = (Expr::tuple(key.clone()), Expr::tuple(after.values()));
            cut.and_where(if self.order() == Order::Desc { key.lt(values) } else { key.gt(values) });
        }
        for column in key {
            cut.order_by_expr(column, self.order());
        }
        cut.limit(limit);
        let on_page = |c: &str| (page.clone(), Alias::new(c));
        let (department, requester, assignee) = (Alias::new("d"), Alias::new("r"), Alias::new("a"));
        // Only what the page shows, in the order `QueueRow::read` reads it; a search's two columns last.
        let found = ["description", "rank"].into_iter().filter(|_| self.keywords.is_some());
        let mut outer = Query::select();
        outer
            .columns(SHOWN.into_iter().map(on_page))
            .expr_as(Expr::col((department.clone(), departments::Column::Name)), Alias::new("department"))
            .expr_as(Expr::col((requester.clone(), users::Column::DisplayName)), Alias::new("requester"))
            .expr_as(Expr::col((assignee.clone(), users::Column::DisplayName)), Alias::new("assignee"))
            .columns(found.map(on_page))
            .from_subquery(cut, page.clone())
            .join_as(
                JoinType::LeftJoin,
                departments::Entity,
                department.clone(),
                Expr::col((department, departments::Column::Id)).equals(on_page("department_id")),
            )
            .join_as(
                JoinType::LeftJoin,
                users::Entity,
                requester.clone(),
                Expr::col((requester, users::Column::Id)).equals(on_page("requester_id")),
            )
            .join_as(
                JoinType::LeftJoin,
                users::Entity,
                assignee.clone(),
                Expr::col((assignee, users::Column::Id)).equals(on_page("assignee_id")),
            );
        for column in self.key(&page) {
            outer.order_by_expr(column, self.order());
        }
        outer
    }

    /// The sort key's columns in `table` (the merged streams or the page).
    fn key(&self, table: &Alias) -> Vec<SimpleExpr> {
        let on = |c: &str| Expr::col((table.clone(), Alias::new(c)));
        match self.sort {
            TicketSort::Updated => vec![on("updated_at"), on("id")],
            TicketSort::Created => vec![on("created_at"), on("id")],
            TicketSort::Priority => vec![on(PRIORITY_RANK), on("updated_at"), on("id")],
            TicketSort::Relevance => vec![on("rank"), on("id")],
        }
    }
}
