//! The floor each queue and search figure is compared with: the fastest way found to answer the same
//! request in raw SQL on the same file, so a bad plan in the service shows as a ratio well above 1.
//! The candidates are the service's own statements (a best-match search's tiers, read one after
//! another as the service reads them) and a statement written here by hand for the same
//! page, once as SQLite plans it and once driven by each of the tickets' indexes in turn (`INDEXED BY`),
//! and for a search also driven by the search index. The hand-written search is exact: it ranks or
//! sorts every match, not a window of the newest.
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use helpdesk_core::infra::fulltext;
use helpdesk_core::ops::tickets::{AssigneeFilter, PAGE_SIZE, TicketFilters, TicketSort};
use rusqlite::Connection;
use rusqlite::types::Value;
use sea_orm::{DbBackend, Statement};

use crate::Error;
use crate::timing::{Budget, Stats, sample};

/// Who asks: a customer sees only their own tickets and never internal notes.
#[derive(Debug, Clone, Copy)]
pub struct Asker {
    pub id: i32,
    pub customer: bool,
}

/// A page's statements with their values, read in order until the page and a row are read (the
/// service reads a best-match search's tiers one after another; a hand-written page is one), and
/// what drives them.
pub struct Candidate {
    pub plan: String,
    parts: Vec<(String, Vec<Value>)>,
}

impl Candidate {
    /// The statements the service runs for the page.
    pub fn service(parts: &[Statement]) -> Result<Candidate, Error> {
        let values = |statement: &Statement| {
            statement.values.as_ref().map(helpdesk_core::infra::database::sql_values).transpose()
        };
        let parts = parts
            .iter()
            .map(|statement| Ok((statement.sql.clone(), values(statement)?.unwrap_or_default())))
            .collect::<Result<_, Error>>()?;
        Ok(Candidate { plan: "the service's statements".into(), parts })
    }

    fn one(plan: String, sql: String, values: Vec<Value>) -> Candidate {
        Candidate { plan, parts: vec![(sql, values)] }
    }
}

/// The best candidate's figures, and whether the service's rows are the exact answer (None: no
/// hand-written statement answered in time to tell).
pub struct Best {
    pub plan: String,
    pub stats: Stats,
    pub same_rows: Option<bool>,
}

/// How long the exact answer may take when every hand-written statement lost to the service.
const EXACT_WITHIN: Duration = Duration::from_secs(5);

pub struct Floor {
    raw: Connection,
    indexes: Vec<String>,
    /// A statement still running at this moment is interrupted: it has lost.
    deadline: Arc<Mutex<Option<Instant>>>,
}

/// How many SQLite steps between looks at the clock.
const STEPS_PER_CHECK: i32 = 100;

impl Floor {
    pub fn open(path: &std::path::Path) -> Result<Floor, Error> {
        let raw = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let indexes = raw
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tickets' AND sql IS NOT NULL",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let deadline: Arc<Mutex<Option<Instant>>> = Arc::default();
        let watch = deadline.clone();
        raw.progress_handler(
            STEPS_PER_CHECK,
            Some(move || watch.lock().map(|d| d.is_some_and(|d| Instant::now() > d)).unwrap_or(false)),
        )?;
        Ok(Floor { raw, indexes, deadline })
    }

    pub fn connection(&self) -> &Connection {
        &self.raw
    }

    /// Runs a candidate, reading every column of every row; the ids of its rows.
    fn run(&self, candidate: &Candidate) -> rusqlite::Result<Vec<i64>> {
        let mut ids = Vec::new();
        for (sql, values) in &candidate.parts {
            let mut statement = self.raw.prepare_cached(sql)?;
            let columns = statement.column_count();
            let mut rows = statement.query(rusqlite::params_from_iter(values.iter()))?;
            while let Some(row) = rows.next()? {
                for i in 0..columns {
                    std::hint::black_box(row.get_ref(i)?);
                }
                ids.push(row.get(0)?);
            }
            if ids.len() as u64 > PAGE_SIZE {
                ids.truncate(PAGE_SIZE as usize + 1);
                break;
            }
        }
        Ok(ids)
    }

    /// One run under a deadline: its time and rows, or None when it failed to plan or lost.
    fn run_within(&self, candidate: &Candidate, limit: Duration) -> Option<(Duration, Vec<i64>)> {
        let started = Instant::now();
        *self.deadline.lock().ok()? = Some(started + limit);
        let result = self.run(candidate);
        *self.deadline.lock().ok()? = None;
        result.ok().map(|rows| (started.elapsed(), rows))
    }

    pub fn time(&self, candidate: &Candidate, budget: Budget) -> Result<Stats, Error> {
        sample(budget, || {
            self.run(candidate)?;
            Ok(())
        })
    }

    /// The fastest of the service's statements and the hand-written ones for the same page.
    pub fn best(
        &self,
        service: &[Statement],
        filters: &TicketFilters,
        asker: Asker,
        cursor: Option<&str>,
        budget: Budget,
    ) -> Result<Best, Error> {
        let service = Candidate::service(service)?;
        let service_rows = self.run(&service)?;
        let searching = fulltext::keywords(&filters.search, !asker.customer, DbBackend::Sqlite).is_some();
        let mut drives = vec![Drive::Planner];
        if searching {
            drives.extend([Drive::SearchIndex, Drive::AmongMatches]);
        }
        drives.extend(self.indexes.iter().map(|index| Drive::Index(index)));
        let mut candidates = vec![service];
        for drive in drives {
            candidates.push(hand_written(filters, asker, cursor, drive)?);
        }
        let mut best: Option<(usize, Duration)> = None;
        // The hand-written statements are exact; the first of them to answer tells the exact rows.
        let mut exact: Option<Vec<i64>> = None;
        for (i, candidate) in candidates.iter().enumerate() {
            let limit = best.map_or(Duration::from_secs(10), |(_, time)| time * 3 / 2 + Duration::from_micros(200));
            let runs: Vec<(Duration, Vec<i64>)> = (0..2).filter_map(|_| self.run_within(candidate, limit)).collect();
            if let Some((time, rows)) = runs.into_iter().min_by_key(|(time, _)| *time) {
                if i > 0 && exact.is_none() {
                    exact = Some(rows);
                }
                if best.is_none_or(|(_, so_far)| time < so_far) {
                    best = Some((i, time));
                }
            }
        }
        if exact.is_none() {
            let fallback = &candidates[if searching { 2 } else { 1 }];
            exact = self.run_within(fallback, EXACT_WITHIN).map(|(_, rows)| rows);
        }
        let (winner, _) = best.ok_or("no candidate answered")?;
        let candidate = &candidates[winner];
        Ok(Best {
            plan: candidate.plan.clone(),
            stats: self.time(candidate, budget)?,
            same_rows: exact.map(|rows| rows == service_rows),
        })
    }
}

#[derive(Clone, Copy)]
enum Drive<'a> {
    /// As SQLite plans the statement.
    Planner,
    /// The search index is read first and each match looked up.
    SearchIndex,
    /// Every match is gathered once, and the tickets as SQLite plans them are checked against them.
    AmongMatches,
    /// The tickets are read through this index.
    Index(&'a str),
}

/// Values bound by number, so the text can be written in any order.
#[derive(Default)]
struct Values(Vec<Value>);

impl Values {
    fn bind(&mut self, value: impl Into<Value>) -> String {
        self.0.push(value.into());
        format!("?{}", self.0.len())
    }
}

const PRIORITY_RANK: &str = "(CASE t.priority WHEN 'low' THEN 1 WHEN 'medium' THEN 2 WHEN 'high' THEN 3 ELSE 4 END)";

/// The page as plain SQL: the same filters, order, cursor and names as the service's page.
fn hand_written(filters: &TicketFilters, asker: Asker, cursor: Option<&str>, drive: Drive) -> Result<Candidate, Error> {
    let mut values = Values::default();
    let keywords = fulltext::keywords(&filters.search, !asker.customer, DbBackend::Sqlite);
    let sort = match filters.sort {
        TicketSort::Relevance if keywords.is_none() => TicketSort::Updated,
        sort => sort,
    };
    let descending = sort == TicketSort::Relevance || !filters.ascending;
    let key: Vec<String> = match sort {
        TicketSort::Updated => vec!["t.updated_at".into(), "t.id".into()],
        TicketSort::Created => vec!["t.created_at".into(), "t.id".into()],
        TicketSort::Priority => vec![PRIORITY_RANK.into(), "t.updated_at".into(), "t.id".into()],
        TicketSort::Relevance => {
            // The best tier the ticket's title puts it in.
            let (above, worst) = keywords.as_ref().map(|k| k.title_tiers()).unwrap_or_default();
            let cases: Vec<String> = above
                .into_iter()
                .map(|(title, rank)| {
                    let table = title.index.table();
                    let lookup = format!("SELECT 1 FROM {table} WHERE {table}.rowid = t.id AND {table} MATCH");
                    format!("WHEN EXISTS ({lookup} {}) THEN {rank}", values.bind(title.expression))
                })
                .collect();
            vec![format!("(CASE {} ELSE {worst} END)", cases.join(" ")), "t.id".into()]
        }
    };
    let mut conditions = Vec::new();
    let list = |values: &mut Values, items: Vec<String>| {
        items.into_iter().map(|item| values.bind(item)).collect::<Vec<_>>().join(", ")
    };
    if !filters.statuses.is_empty() {
        let statuses = filters.statuses.iter().map(enum_text).collect();
        conditions.push(format!("t.status IN ({})", list(&mut values, statuses)));
    }
    if !filters.priorities.is_empty() {
        let priorities = filters.priorities.iter().map(enum_text).collect();
        conditions.push(format!("t.priority IN ({})", list(&mut values, priorities)));
    }
    if let Some(id) = filters.department_id {
        conditions.push(format!("t.department_id = {}", values.bind(id)));
    }
    let requester = if asker.customer { Some(asker.id) } else { filters.requester_id };
    if let Some(id) = requester {
        conditions.push(format!("t.requester_id = {}", values.bind(id)));
    }
    match filters.assignee {
        Some(AssigneeFilter::Unassigned) => conditions.push("t.assignee_id IS NULL".into()),
        Some(AssigneeFilter::Me) => conditions.push(format!("t.assignee_id = {}", values.bind(asker.id))),
        Some(AssigneeFilter::User { id }) => conditions.push(format!("t.assignee_id = {}", values.bind(id))),
        None => {}
    }
    if let Some(from) = filters.created_from {
        conditions.push(format!("t.created_at >= {}", values.bind(from)));
    }
    if let Some(to) = filters.created_to {
        conditions.push(format!("t.created_at < {}", values.bind(to)));
    }
    let from = match (&keywords, drive) {
        (Some(keywords), Drive::SearchIndex) => {
            conditions.push(format!("ticket_search MATCH {}", values.bind(keywords.expression.clone())));
            conditions.push("ticket_search.rowid = t.id".into());
            "ticket_search CROSS JOIN tickets AS t".to_owned()
        }
        (Some(keywords), Drive::AmongMatches) => {
            let matches = values.bind(keywords.expression.clone());
            conditions.push(format!("+t.id IN (SELECT rowid FROM ticket_search WHERE ticket_search MATCH {matches})"));
            "tickets AS t".to_owned()
        }
        (Some(keywords), _) => {
            conditions.push(format!(
                "EXISTS (SELECT 1 FROM ticket_search WHERE ticket_search.rowid = t.id AND ticket_search MATCH {})",
                values.bind(keywords.expression.clone())
            ));
            indexed("tickets AS t", drive)
        }
        (None, _) => indexed("tickets AS t", drive),
    };
    if let Some(cursor) = cursor {
        // The service's cursor: a letter, then the key's values (`u.<updated>.<id>` and the like).
        let after: Vec<String> =
            cursor.split('.').skip(1).map(|v| v.parse::<i64>().map(|v| values.bind(v))).collect::<Result<_, _>>()?;
        let (k, v) = (key.join(", "), after.join(", "));
        conditions.push(format!("({k}) {} ({v})", if descending { "<" } else { ">" }));
    }
    let order = if descending { "DESC" } else { "ASC" };
    let keys: Vec<String> = key.iter().enumerate().map(|(i, k)| format!("{k} AS k{i}")).collect();
    let inner_order: Vec<String> = (0..key.len()).map(|i| format!("k{i} {order}")).collect();
    let outer_order: Vec<String> = (0..key.len()).map(|i| format!("p.k{i} {order}")).collect();
    let description = if keywords.is_some() { "t.description" } else { "NULL" };
    let sql = format!(
        "SELECT p.id, p.number, p.title, p.status, p.priority, p.requester_id, p.created_at, p.updated_at, \
         d.name, r.display_name, a.display_name, p.description FROM \
         (SELECT t.id, t.number, t.title, t.status, t.priority, t.department_id, t.requester_id, t.assignee_id, \
         t.created_at, t.updated_at, {description} AS description, {} FROM {from}{} ORDER BY {} LIMIT {}) AS p \
         LEFT JOIN departments d ON d.id = p.department_id LEFT JOIN users r ON r.id = p.requester_id \
         LEFT JOIN users a ON a.id = p.assignee_id ORDER BY {}",
        keys.join(", "),
        if conditions.is_empty() { String::new() } else { format!(" WHERE {}", conditions.join(" AND ")) },
        inner_order.join(", "),
        PAGE_SIZE + 1,
        outer_order.join(", "),
    );
    let plan = match drive {
        Drive::Planner => "by hand, as SQLite plans it".to_owned(),
        Drive::SearchIndex => "by hand, the search index first".to_owned(),
        Drive::AmongMatches => "by hand, among the matches gathered once".to_owned(),
        Drive::Index(index) => format!("by hand, through {index}"),
    };
    Ok(Candidate::one(plan, sql, values.0))
}

fn indexed(table: &str, drive: Drive) -> String {
    match drive {
        Drive::Index(index) => format!("{table} INDEXED BY {index}"),
        _ => table.to_owned(),
    }
}

/// A status or priority as the database stores it.
fn enum_text<T: sea_orm::ActiveEnum<Value = String>>(value: &T) -> String {
    value.to_value()
}
