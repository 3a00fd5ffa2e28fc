//! `npm run bench`: queue, search and creation figures on a generated desk (default one million
//! tickets, five million comments), through the app's own services and, as the floor, the same
//! queries as raw SQL on the same file. Prints a table and writes `target/bench/report.json`.
mod dataset;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use helpdesk_core::access::SessionSlot;
use helpdesk_core::entities::tickets::{Priority, Status};
use helpdesk_core::infra::database::Database;
use helpdesk_core::ops::reports::{self, DashboardRequest};
use helpdesk_core::ops::tickets::{self, AssigneeFilter, NewTicket, TicketFilters, TicketSort};
use rusqlite::{Connection, OpenFlags};
use sea_orm::Statement;
use serde_json::json;

type Error = Box<dyn std::error::Error>;

const RUNS: usize = 60;
/// The deep page: this many pages in (rows 9,951 to 10,000 of the list).
const DEEP_PAGE: usize = 200;
const CREATES: usize = 2_000;
const DAY_MS: i64 = 86_400_000;

struct Args {
    tickets: u64,
}

fn args() -> Result<Args, Error> {
    let mut tickets = 1_000_000;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--tickets" => tickets = args.next().ok_or("--tickets needs a number")?.parse()?,
            "--help" | "-h" => {
                println!("usage: npm run bench [-- --tickets N]   (default 1000000; the dataset is cached)");
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other} (try --help)").into()),
        }
    }
    Ok(Args { tickets })
}

/// p50 and p95 of a set of timings, in milliseconds.
fn percentiles(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1000.0;
    (at(0.5), at(0.95))
}

/// The floor: the service's own page statement (names joined), run directly on the file.
fn raw_page(connection: &Connection, statement: &Statement) -> Result<usize, Error> {
    let values =
        statement.values.as_ref().map(helpdesk_core::infra::database::sql_values).transpose()?.unwrap_or_default();
    let mut prepared = connection.prepare_cached(&statement.sql)?;
    let columns = prepared.column_count();
    let mut rows = prepared.query(rusqlite::params_from_iter(values))?;
    let mut count = 0;
    while let Some(row) = rows.next()? {
        for i in 0..columns {
            std::hint::black_box(row.get_ref(i)?);
        }
        count += 1;
    }
    Ok(count)
}

struct Case {
    name: String,
    filters: TicketFilters,
    customer: bool,
}

fn case(name: &str, filters: TicketFilters) -> Case {
    Case { name: name.into(), filters, customer: false }
}

fn active() -> Vec<Status> {
    tickets::ACTIVE.to_vec()
}

struct Desk {
    db: Database,
    raw: Connection,
    agent: SessionSlot,
    customer: SessionSlot,
}

impl Desk {
    fn session(&self, case: &Case) -> &SessionSlot {
        if case.customer { &self.customer } else { &self.agent }
    }

    /// Times one page (after `cursor`) through the service and raw, `RUNS` times each.
    async fn time_page(&self, case: &Case, cursor: Option<String>) -> Result<serde_json::Value, Error> {
        let session = self.session(case);
        let statement = tickets::page_statement(&self.db, session, case.filters.clone(), cursor.as_deref()).await?;
        let (mut ours, mut raw) = (Vec::new(), Vec::new());
        let mut rows = 0;
        for run in 0..RUNS + 3 {
            let started = Instant::now();
            let page = tickets::list(&self.db, session, case.filters.clone(), cursor.clone()).await?;
            let took = started.elapsed();
            let started = Instant::now();
            let raw_rows = raw_page(&self.raw, &statement)?;
            let raw_took = started.elapsed();
            if run >= 3 {
                ours.push(took);
                raw.push(raw_took);
            }
            rows = page.tickets.len();
            debug_assert!(raw_rows >= rows);
        }
        Ok(figures(ours, raw, rows))
    }

    /// The cursor `pages` pages into the list, walking there as a user scrolling would.
    async fn cursor_at(&self, case: &Case, pages: usize) -> Result<(Option<String>, usize), Error> {
        let mut cursor = None;
        for walked in 0..pages - 1 {
            let page = tickets::list(&self.db, self.session(case), case.filters.clone(), cursor.clone()).await?;
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => return Ok((cursor, walked + 1)),
            }
        }
        Ok((cursor, pages))
    }
}

fn figures(ours: Vec<Duration>, raw: Vec<Duration>, rows: usize) -> serde_json::Value {
    let (p50, p95) = percentiles(ours);
    let (raw50, raw95) = percentiles(raw);
    json!({
        "rows": rows,
        "p50_ms": round(p50), "p95_ms": round(p95),
        "raw_p50_ms": round(raw50), "raw_p95_ms": round(raw95),
        "ratio_p95": round(p95 / raw95.max(1e-6)),
    })
}

fn round(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

fn print_row(kind: &str, name: &str, figures: &serde_json::Value) {
    println!(
        "{kind:<7} {name:<46} {:>4} rows  p50 {:>7.2} ms  p95 {:>7.2} ms  raw p95 {:>7.2} ms  ratio {:>5.2}",
        figures["rows"],
        figures["p50_ms"].as_f64().unwrap_or_default(),
        figures["p95_ms"].as_f64().unwrap_or_default(),
        figures["raw_p95_ms"].as_f64().unwrap_or_default(),
        figures["ratio_p95"].as_f64().unwrap_or_default(),
    );
}

fn peak_rss_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

fn file_size(path: &std::path::Path) -> u64 {
    ["", "-wal"].iter().map(|s| std::fs::metadata(format!("{}{s}", path.display())).map_or(0, |m| m.len())).sum()
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let args = args()?;
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/bench");
    let dataset = dataset::ensure(&out, args.tickets).await?;
    let db = helpdesk_core::infra::database::open(&dataset.path).await?;
    let raw = Connection::open_with_flags(&dataset.path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    // The first agent, and a customer with tickets.
    let agent: i64 = raw.query_row("SELECT id FROM users WHERE username = 'agent01'", [], |r| r.get(0))?;
    let customer: i64 = raw.query_row("SELECT requester_id FROM tickets WHERE id = 1", [], |r| r.get(0))?;
    let desk = Desk { db, raw, agent: SessionSlot::default(), customer: SessionSlot::default() };
    desk.agent.start(agent as i32);
    desk.customer.start(customer as i32);
    println!(
        "dataset: {} tickets, {} comments, {:.1} MiB{}",
        dataset.tickets,
        dataset.comments,
        file_size(&dataset.path) as f64 / 1048576.0,
        dataset.generated_in.map(|s| format!(" (generated in {s:.0} s)")).unwrap_or_default()
    );

    let queue_cases = vec![
        case("all, recently updated", TicketFilters::default()),
        case("active, recently updated", TicketFilters { statuses: active(), ..Default::default() }),
        case(
            "active unassigned, oldest first",
            TicketFilters {
                statuses: active(),
                assignee: Some(AssigneeFilter::Unassigned),
                sort: TicketSort::Created,
                ascending: true,
                ..Default::default()
            },
        ),
        case(
            "mine active, by priority",
            TicketFilters {
                statuses: active(),
                assignee: Some(AssigneeFilter::Me),
                sort: TicketSort::Priority,
                ..Default::default()
            },
        ),
        case(
            "department open, updated",
            TicketFilters { statuses: vec![Status::Open], department_id: Some(3), ..Default::default() },
        ),
        case(
            "high+critical, newest",
            TicketFilters {
                priorities: vec![Priority::High, Priority::Critical],
                sort: TicketSort::Created,
                ..Default::default()
            },
        ),
        case("all by priority", TicketFilters { sort: TicketSort::Priority, ..Default::default() }),
        case(
            "closed, created in the last 90 days",
            TicketFilters {
                statuses: vec![Status::Closed],
                created_from: Some(helpdesk_core::infra::clock::now_ms() - 90 * 86_400_000),
                sort: TicketSort::Created,
                ..Default::default()
            },
        ),
        case(
            "one requester (staff filter)",
            TicketFilters { requester_id: Some(customer as i32), ..Default::default() },
        ),
        Case { name: "customer's own".into(), filters: TicketFilters::default(), customer: true },
    ];
    let mut queue = Vec::new();
    for case in &queue_cases {
        let first = desk.time_page(case, None).await?;
        print_row("queue", &format!("{} (first page)", case.name), &first);
        let (cursor, depth) = desk.cursor_at(case, DEEP_PAGE).await?;
        let deep = desk.time_page(case, cursor).await?;
        print_row("queue", &format!("{} (page {depth})", case.name), &deep);
        queue.push(json!({ "case": case.name, "first_page": first, "deep_page": deep, "deep_page_number": depth }));
    }

    let search = |name: &str, text: &str, filters: TicketFilters| Case {
        name: format!("{name}: \"{text}\""),
        filters: TicketFilters { search: text.into(), sort: TicketSort::Relevance, ..filters },
        customer: false,
    };
    let rare_code = format!("kx{}", dataset::CODES.start + 7);
    let search_cases = vec![
        search("rare", &rare_code, TicketFilters::default()),
        search("common", "password", TicketFilters::default()),
        search("very common", "please", TicketFilters::default()),
        search("multi-word", "printer offline spooler", TicketFilters::default()),
        search("common + active", "password", TicketFilters { statuses: active(), ..Default::default() }),
        search("rare + department", &rare_code, TicketFilters { department_id: Some(3), ..Default::default() }),
        search(
            "multi-word, newest first",
            "vpn connection",
            TicketFilters { sort: TicketSort::Created, ..Default::default() },
        ),
        Case { customer: true, ..search("customer's own", "password", TicketFilters::default()) },
    ];
    let mut searches = Vec::new();
    for case in &search_cases {
        let figures = desk.time_page(case, None).await?;
        print_row("search", &case.name, &figures);
        searches.push(json!({ "case": case.name, "figures": figures }));
    }

    // The dashboard, as the UI asks for it: the whole desk and the last seven days.
    let today = helpdesk_core::infra::clock::now_ms() / DAY_MS * DAY_MS;
    let day_bounds: Vec<i64> = (0..=7).map(|d| today - (6 - d) * DAY_MS).collect();
    let mut times = Vec::new();
    for run in 0..RUNS + 3 {
        let request = DashboardRequest { day_bounds: day_bounds.clone() };
        let started = Instant::now();
        std::hint::black_box(reports::dashboard(&desk.db, &desk.agent, request).await?);
        if run >= 3 {
            times.push(started.elapsed());
        }
    }
    let (dashboard_p50, dashboard_p95) = percentiles(times);
    println!(
        "report  dashboard (whole desk, 7-day trend)              p50 {dashboard_p50:>7.2} ms  p95 {dashboard_p95:>7.2} ms"
    );

    // Creation: through the service, on a scratch copy of the desk (deleting the tickets again
    // would leave tombstones in the cached desk's search index and slow every later run).
    let scratch = dataset::scratch_copy(&dataset)?;
    // Room for every new ticket with the generated agents (hundreds of active tickets each), so each
    // one is assigned automatically and recorded in its history: the whole path of filing.
    Connection::open(&scratch)?.execute("UPDATE settings SET auto_assign = 1, agent_capacity = 1000", [])?;
    let scratch_db = helpdesk_core::infra::database::open(&scratch).await?;
    let started = Instant::now();
    for i in 0..CREATES {
        let ticket = NewTicket {
            title: format!("Benchmark ticket {i} about the printer"),
            description: "The printer shows offline after the update; please help.".into(),
            department_id: 2,
            priority: None,
            requester_id: None,
        };
        tickets::create(&scratch_db, &desk.agent, ticket).await?;
    }
    let creates_per_second = CREATES as f64 / started.elapsed().as_secs_f64();
    let assigned: i64 = Connection::open(&scratch)?.query_row(
        "SELECT count(*) FROM tickets t JOIN ticket_history h ON h.ticket_id = t.id AND h.field = ?1 \
         WHERE t.title LIKE 'Benchmark ticket %'",
        [tickets::rules::field::AUTO_ASSIGNEE],
        |r| r.get(0),
    )?;
    println!(
        "create  {CREATES} tickets through the service ({assigned} assigned automatically, with history): \
         {creates_per_second:.0} per second"
    );
    scratch_db.close().await?;
    dataset::remove_with_log(&scratch);

    let peak_rss = peak_rss_bytes();
    let db_bytes = file_size(&dataset.path);
    println!(
        "memory  peak RSS {:.0} MiB; database {:.0} MiB",
        peak_rss as f64 / 1048576.0,
        db_bytes as f64 / 1048576.0
    );

    let worst = |items: &[serde_json::Value], pick: &dyn Fn(&serde_json::Value) -> Vec<f64>| {
        items.iter().flat_map(pick).fold(0.0_f64, f64::max)
    };
    let queue_p95 = worst(&queue, &|q| {
        vec![q["first_page"]["p95_ms"].as_f64().unwrap_or(0.0), q["deep_page"]["p95_ms"].as_f64().unwrap_or(0.0)]
    });
    let queue_ratio = worst(&queue, &|q| {
        vec![q["first_page"]["ratio_p95"].as_f64().unwrap_or(0.0), q["deep_page"]["ratio_p95"].as_f64().unwrap_or(0.0)]
    });
    let search_p95 = worst(&searches, &|s| vec![s["figures"]["p95_ms"].as_f64().unwrap_or(0.0)]);
    let targets = json!({
        "queue_p95_ms": { "worst": round(queue_p95), "target": 10.0, "met": queue_p95 <= 10.0 },
        "queue_ratio_to_raw": { "worst": round(queue_ratio), "target": 2.0, "met": queue_ratio <= 2.0 },
        "search_p95_ms": { "worst": round(search_p95), "target": 20.0, "met": search_p95 <= 20.0 },
        "creates_per_second": { "measured": creates_per_second.round(), "target": 2000.0, "met": creates_per_second >= 2000.0 },
        "dashboard_p95_ms": { "measured": round(dashboard_p95), "target": 50.0, "met": dashboard_p95 <= 50.0 },
    });
    println!("targets {}", serde_json::to_string_pretty(&targets)?);
    let mut report = json!({
        "dataset": { "tickets": dataset.tickets, "comments": dataset.comments, "database_bytes": db_bytes,
                     "generated_seconds": dataset.generated_in },
        "runs_per_case": RUNS,
        "queue": queue,
        "search": searches,
        "creates_per_second": creates_per_second.round(),
        "dashboard": { "p50_ms": round(dashboard_p50), "p95_ms": round(dashboard_p95) },
        "peak_rss_bytes": peak_rss,
        "targets": targets,
    });
    let report_file = out.join("report.json");
    // `npm run test:install` adds the release build's budget to the report; it stays until measured again.
    let release = std::fs::read_to_string(&report_file)
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .and_then(|previous| previous.get("release").cloned());
    if let Some(release) = release {
        report["release"] = release;
    }
    std::fs::write(&report_file, serde_json::to_string_pretty(&report)?)?;
    println!("report  {}", out.join("report.json").display());
    Ok(())
}
