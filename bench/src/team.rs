//! Ten desktops on one team desk at once (`--postgres`), each with a pool of its own as a desktop
//! has: half of them filing tickets and changing the priority of a shared set of tickets (each
//! change naming the version it read), the other half reading the named queue pages. The readers'
//! page times under that load, and proof that nothing was lost: every filing has a number of its
//! own, and every ticket's version rose by exactly the changes that went through on it.
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use helpdesk_core::entities::tickets::Priority;
use helpdesk_core::error::ErrorCode;
use helpdesk_core::infra::database::Database;
use helpdesk_core::ops::tickets::{self, Change, TicketChange, TicketFilters};
use sea_orm::sqlx::PgPool;
use serde_json::{Value, json};

use crate::floor::Asker;
use crate::timing::{Stats, round};
use crate::{Error, People, filing, session};

pub const DESKTOPS: usize = 10;
const WRITERS: usize = DESKTOPS / 2;
/// How long the desktops work at once.
const LOAD_TIME: Duration = Duration::from_secs(30);
/// The tickets the writers change, all of them the same ones, so that their changes meet.
const SHARED: usize = 100;
/// The target: no queue page slower at p95 than this under the load.
const QUEUE_P95_MS: f64 = 25.0;

/// A queue page a reader asks for again and again: its name, filters and where it starts.
pub struct Page {
    pub name: String,
    pub asker: Asker,
    pub filters: TicketFilters,
    pub cursor: Option<String>,
}

/// What one writer did.
#[derive(Default)]
struct Written {
    filed: Vec<i32>,
    /// Changes that went through, per ticket.
    changed: HashMap<i32, i32>,
    conflicts: u64,
}

/// The load: `pages` read by the readers while the writers file and change, on `url`.
pub async fn under_load(url: &str, raw: &PgPool, people: &People, pages: Vec<Page>) -> Result<Value, Error> {
    let mut desktops = Vec::new();
    for _ in 0..DESKTOPS {
        desktops.push(helpdesk_core::infra::server::open(url).await?);
    }
    let shared = shared_tickets(raw).await?;
    let versions_before = versions(raw, &shared).await?;
    let before: i64 = sea_orm::sqlx::query_scalar("SELECT count(*) FROM tickets").fetch_one(raw).await?;
    println!(
        "load   {DESKTOPS} desktops for {} s: {WRITERS} filing and changing {SHARED} shared tickets, {} reading queues",
        LOAD_TIME.as_secs(),
        DESKTOPS - WRITERS
    );

    let (pages, people) = (Arc::new(pages), Arc::new(people.clone()));
    let deadline = Instant::now() + LOAD_TIME;
    let mut writers = tokio::task::JoinSet::new();
    let mut readers = tokio::task::JoinSet::new();
    for (index, db) in desktops.into_iter().enumerate() {
        if index < WRITERS {
            let (people, shared) = (people.clone(), shared.clone());
            writers.spawn(async move { write(db, index, &people, &shared, deadline).await.map_err(|e| e.to_string()) });
        } else {
            let pages = pages.clone();
            readers.spawn(async move { read(db, index, &pages, deadline).await.map_err(|e| e.to_string()) });
        }
    }
    let mut written = Vec::new();
    for writer in writers.join_all().await {
        written.push(writer?);
    }
    let mut times: Vec<Vec<Duration>> = pages.iter().map(|_| Vec::new()).collect();
    for reader in readers.join_all().await {
        for (all, more) in times.iter_mut().zip(reader?) {
            all.extend(more);
        }
    }

    let filed: Vec<i32> = written.iter().flat_map(|w| w.filed.iter().copied()).collect();
    let mut changed: HashMap<i32, i32> = HashMap::new();
    for (id, count) in written.iter().flat_map(|w| w.changed.iter()) {
        *changed.entry(*id).or_default() += count;
    }
    let conflicts: u64 = written.iter().map(|w| w.conflicts).sum();
    let versions_after = versions(raw, &shared).await?;
    // A lost update: a change that went through without raising the version, or a version raised
    // by a change nobody was told went through.
    let lost: i32 = shared
        .iter()
        .map(|id| (versions_after[id] - versions_before[id] - changed.get(id).copied().unwrap_or(0)).abs())
        .sum();
    let (after, numbers): (i64, i64) =
        sea_orm::sqlx::query_as("SELECT count(*), count(DISTINCT number) FROM tickets").fetch_one(raw).await?;
    let filings_lost = (before + filed.len() as i64 - after).abs() + (after - numbers);

    let mut figures = Vec::new();
    let mut worst: f64 = 0.0;
    for (page, times) in pages.iter().zip(times) {
        let stats = Stats::of(times);
        worst = worst.max(stats.p95);
        println!(
            "load   {:<64}       p50 {:>7.2}  p95 {:>7.2}  worst {:>7.2} ms ({} reads)",
            crate::clip(&page.name, 64),
            stats.p50,
            stats.p95,
            stats.worst,
            stats.runs
        );
        figures.push(json!({ "case": page.name, "figures": stats.json() }));
    }
    let changes: i32 = changed.values().sum();
    println!(
        "load   {} filed ({:.0}/s), {changes} changes went through and {conflicts} met a newer version; \
         lost: {lost} changes, {filings_lost} filings",
        filed.len(),
        filed.len() as f64 / LOAD_TIME.as_secs_f64()
    );
    Ok(json!({
        "desktops": DESKTOPS, "writers": WRITERS, "seconds": LOAD_TIME.as_secs(), "queue": figures,
        "filed": filed.len(), "changes": changes, "conflicts": conflicts,
        "lost_changes": lost, "lost_filings": filings_lost,
        "target": { "queue_p95_ms": { "worst": round(worst), "target": QUEUE_P95_MS, "met": worst <= QUEUE_P95_MS },
                    "lost_updates": { "measured": lost as i64 + filings_lost, "target": 0,
                                      "met": lost == 0 && filings_lost == 0 } },
    }))
}

/// The newest active tickets, which the writers all change.
async fn shared_tickets(raw: &PgPool) -> Result<Vec<i32>, Error> {
    let statement =
        format!("SELECT id FROM tickets WHERE status IN ('open', 'in_progress') ORDER BY id DESC LIMIT {SHARED}");
    Ok(sea_orm::sqlx::query_scalar(sea_orm::sqlx::AssertSqlSafe(statement)).fetch_all(raw).await?)
}

async fn versions(raw: &PgPool, ids: &[i32]) -> Result<HashMap<i32, i32>, Error> {
    let rows: Vec<(i32, i32)> =
        sea_orm::sqlx::query_as("SELECT id, version FROM tickets WHERE id = ANY($1)").bind(ids).fetch_all(raw).await?;
    Ok(rows.into_iter().collect())
}

/// Files a ticket and changes a shared one in turn until `deadline`, as the agent.
async fn write(
    db: Database,
    desktop: usize,
    people: &People,
    shared: &[i32],
    deadline: Instant,
) -> Result<Written, Error> {
    let slot = session(people.agent);
    let mut written = Written::default();
    let mut turn = desktop;
    while Instant::now() < deadline {
        turn += WRITERS;
        if turn.is_multiple_of(2) {
            written.filed.push(tickets::create(&db, &slot, filing(turn, people)).await?.id);
            continue;
        }
        let id = shared[fastrand::usize(..shared.len())];
        let version = tickets::get(&db, &slot, id).await?.version;
        let priority = [Priority::Low, Priority::Medium, Priority::High, Priority::Critical][turn % 4];
        let change = TicketChange { id, version, change: Change::Priority { priority } };
        match tickets::change(&db, &slot, change).await {
            Ok(_) => *written.changed.entry(id).or_default() += 1,
            Err(e) if e.code == ErrorCode::Conflict => written.conflicts += 1,
            Err(e) => return Err(e.into()),
        }
    }
    db.close().await?;
    Ok(written)
}

/// Reads the pages one after another until `deadline`: each page's times.
async fn read(db: Database, desktop: usize, pages: &[Page], deadline: Instant) -> Result<Vec<Vec<Duration>>, Error> {
    let mut times: Vec<Vec<Duration>> = pages.iter().map(|_| Vec::new()).collect();
    let mut index = desktop;
    while Instant::now() < deadline {
        index = (index + 1) % pages.len();
        let page = &pages[index];
        let slot = session(page.asker);
        let at = Instant::now();
        tickets::list(&db, &slot, page.filters.clone(), page.cursor.clone()).await?;
        times[index].push(at.elapsed());
    }
    db.close().await?;
    Ok(times)
}
