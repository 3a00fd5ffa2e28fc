//! `npm run bench`: queue, search, ticket, dashboard and filing figures on a generated desk (default
//! one million tickets), through the app's own services in the release build, each beside a floor
//! that is the fastest raw SQL found for the same answer (`floor`). Named cases are the shapes people
//! hit; a seeded random set of filter, sort and search combinations finds the ones nobody thought of.
//! Prints a table and writes p50, p95 and worst of every figure to `target/bench/report.json`.
mod dataset;
mod floor;
mod postgres;
mod shapes;
mod team;
mod timing;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use floor::{Asker, Floor};
use helpdesk_core::access::SessionSlot;
use helpdesk_core::entities::tickets::{Priority, Status};
use helpdesk_core::infra::database::Database;
use helpdesk_core::ops::reports::{self, DashboardRequest};
use helpdesk_core::ops::tickets::{self, AssigneeFilter, NewTicket, TicketFilters, TicketSort};
use rusqlite::Connection;
use serde_json::{Value, json};
use shapes::Shape;
use timing::{BRIEF, Budget, NAMED, Stats, round, sample_async};

type Error = Box<dyn std::error::Error>;

/// Pages in, for the named cases' deep page (rows 9,951 to 10,000 of the list).
const DEEP_PAGE: usize = 200;
/// Filings in a row, through the service.
const FILINGS: usize = 20_000;
const FILING_BLOCK: usize = 1_000;
const DAY_MS: i64 = 86_400_000;
const MIB: f64 = 1_048_576.0;

struct Args {
    tickets: u64,
    shapes: usize,
    /// Only make a scratch copy of the dataset for the window benchmark and print its path.
    scratch: bool,
    /// Measure the named cases on a PostgreSQL server (a team desk) instead of the file.
    postgres: bool,
}

fn args() -> Result<Args, Error> {
    let (mut tickets, mut shapes, mut scratch, mut postgres) = (1_000_000, 200, false, false);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--tickets" => tickets = args.next().ok_or("--tickets needs a number")?.parse()?,
            "--shapes" => shapes = args.next().ok_or("--shapes needs a number")?.parse()?,
            "--scratch" => scratch = true,
            "--postgres" => postgres = true,
            "--help" | "-h" => {
                println!(
                    "usage: npm run bench [-- --tickets N --shapes N]   (defaults 1000000 and 200 random \
                     shapes; the dataset is cached)\n       npm run bench -- --scratch [--tickets N]   (prints \
                     the path of a fresh copy of the dataset, for the window benchmark)\n       npm run bench -- \
                     --postgres [--tickets N]   (the named cases on a team desk: HELPDESK_BENCH_POSTGRES, or a \
                     throw-away local cluster)"
                );
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other} (try --help)").into()),
        }
    }
    Ok(Args { tickets, shapes, scratch, postgres })
}

fn session(asker: Asker) -> SessionSlot {
    let slot = SessionSlot::default();
    slot.start(asker.id);
    slot
}

/// One measured page: the service, its own statement raw, and the floor.
struct Measured {
    json: Value,
    p95: f64,
    ratio: f64,
    searching: bool,
    exact: bool,
}

struct Bench {
    db: Database,
    floor: Floor,
}

/// A page as the service reads it (`Bench::service_page`).
struct ServicePage {
    cursor: Option<String>,
    page: usize,
    rows: usize,
    service: Stats,
    parts: Vec<sea_orm::Statement>,
}

impl Bench {
    /// The cursor before `page`, walking there as a user scrolling would; and the page reached.
    async fn cursor_before(&self, shape: &Shape) -> Result<(Option<String>, usize), Error> {
        let slot = session(shape.asker);
        let mut cursor = None;
        for walked in 1..shape.page {
            let page = tickets::list(&self.db, &slot, shape.filters.clone(), cursor.clone()).await?;
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => return Ok((cursor, walked)),
            }
        }
        Ok((cursor, shape.page))
    }

    /// The shape's page through the service: where it starts, its rows, its timings and the
    /// statements it runs.
    async fn service_page(&self, shape: &Shape, budget: Budget) -> Result<ServicePage, Error> {
        let slot = session(shape.asker);
        let (cursor, page) = self.cursor_before(shape).await?;
        let rows = tickets::list(&self.db, &slot, shape.filters.clone(), cursor.clone()).await?.tickets.len();
        let service = sample_async(budget, || async {
            Ok::<_, Error>(tickets::list(&self.db, &slot, shape.filters.clone(), cursor.clone()).await?)
        })
        .await?;
        let parts = tickets::page_parts(&self.db, &slot, shape.filters.clone(), cursor.as_deref()).await?;
        Ok(ServicePage { cursor, page, rows, service, parts })
    }

    async fn measure(&self, kind: &str, shape: &Shape, budget: Budget) -> Result<Measured, Error> {
        let ServicePage { cursor, page, rows, service, parts } = self.service_page(shape, budget).await?;
        let own = self.floor.time(&floor::Candidate::service(&parts)?, budget)?;
        let best = self.floor.best(&parts, &shape.filters, shape.asker, cursor.as_deref(), budget)?;
        let ratio = service.p95 / best.stats.p95.max(1e-3);
        let searching = !shape.filters.search.trim().is_empty();
        println!(
            "{kind:<6} {:<64} {rows:>3} rows  p50 {:>7.2}  p95 {:>7.2}  worst {:>7.2} ms | floor p95 {:>7.2} ms ({}) ratio {:>5.2}{}",
            clip(&format!("{} (page {page})", shape.name), 64),
            service.p50,
            service.p95,
            service.worst,
            best.stats.p95,
            best.plan,
            ratio,
            match best.same_rows {
                Some(true) => "",
                Some(false) => "  [rows differ from the exact answer]",
                None => "  [the exact answer took too long to tell]",
            }
        );
        let json = json!({
            "case": shape.name, "page": page, "rows": rows, "service": service.json(),
            "service_statement_raw": own.json(),
            "floor": { "plan": best.plan, "figures": best.stats.json() },
            "ratio_p95": round(ratio), "same_rows_as_exact": best.same_rows,
        });
        Ok(Measured { json, p95: service.p95, ratio, searching, exact: best.same_rows != Some(false) })
    }
}

impl Bench {
    /// One page on a team desk: the service, and its own statements run raw on the server.
    async fn measure_on_server(
        &self,
        raw: &sea_orm::sqlx::PgPool,
        kind: &str,
        shape: &Shape,
    ) -> Result<Measured, Error> {
        let ServicePage { page, rows, service, parts, .. } = self.service_page(shape, NAMED).await?;
        let own = postgres::time_raw(raw, &parts, NAMED).await?;
        let ratio = service.p95 / own.p95.max(1e-3);
        println!(
            "{kind:<6} {:<64} {rows:>3} rows  p50 {:>7.2}  p95 {:>7.2}  worst {:>7.2} ms | raw p95 {:>7.2} ms ratio {:>5.2}",
            clip(&format!("{} (page {page})", shape.name), 64),
            service.p50,
            service.p95,
            service.worst,
            own.p95,
            ratio,
        );
        let json = json!({
            "case": shape.name, "page": page, "rows": rows, "service": service.json(),
            "service_statement_raw": own.json(), "ratio_p95": round(ratio),
        });
        let searching = !shape.filters.search.trim().is_empty();
        Ok(Measured { json, p95: service.p95, ratio, searching, exact: true })
    }
}

fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    let mut clipped: String = text.chars().take(width - 1).collect();
    clipped.push('…');
    clipped
}

fn file_size(path: &std::path::Path, suffix: &str) -> u64 {
    std::fs::metadata(format!("{}{suffix}", path.display())).map_or(0, |m| m.len())
}

fn peak_rss_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

fn active() -> Vec<Status> {
    tickets::ACTIVE.to_vec()
}

fn shape(name: &str, asker: Asker, filters: TicketFilters, page: usize) -> Shape {
    Shape { name: name.into(), asker, filters, page }
}

fn searching(text: &str, filters: TicketFilters) -> TicketFilters {
    TicketFilters { search: text.into(), sort: TicketSort::Relevance, ..filters }
}

/// The people of the generated desk the cases ask as.
#[derive(Clone)]
struct People {
    agent: Asker,
    agents: Vec<i32>,
    /// Every customer with tickets, the one with the most first.
    customers: Vec<i32>,
    departments: Vec<i32>,
}

fn people(raw: &Connection) -> Result<People, Error> {
    let ids = |sql: &str| -> Result<Vec<i32>, Error> {
        Ok(raw.prepare(sql)?.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?)
    };
    let agent = raw.query_row("SELECT id FROM users WHERE username = 'agent01'", [], |r| r.get(0))?;
    Ok(People {
        agent: Asker { id: agent, customer: false },
        agents: ids("SELECT id FROM users WHERE role = 'agent'")?,
        customers: ids("SELECT requester_id FROM tickets GROUP BY requester_id ORDER BY count(*) DESC, requester_id")?,
        departments: ids("SELECT id FROM departments")?,
    })
}

/// The shapes people hit, each named.
fn named_queue(people: &People, now: i64) -> Vec<Shape> {
    let agent = people.agent;
    let biggest = Asker { id: people.customers[0], customer: true };
    let f = TicketFilters::default;
    let mut shapes = Vec::new();
    let both = |shapes: &mut Vec<Shape>, name: &str, asker: Asker, filters: TicketFilters| {
        shapes.push(shape(name, asker, filters.clone(), 1));
        shapes.push(shape(name, asker, filters, DEEP_PAGE));
    };
    both(&mut shapes, "all, recently updated", agent, f());
    both(&mut shapes, "active, recently updated", agent, TicketFilters { statuses: active(), ..f() });
    both(
        &mut shapes,
        "active unassigned, oldest first",
        agent,
        TicketFilters {
            statuses: active(),
            assignee: Some(AssigneeFilter::Unassigned),
            sort: TicketSort::Created,
            ascending: true,
            ..f()
        },
    );
    both(
        &mut shapes,
        "mine active, by priority",
        agent,
        TicketFilters { statuses: active(), assignee: Some(AssigneeFilter::Me), sort: TicketSort::Priority, ..f() },
    );
    both(
        &mut shapes,
        "department open, updated",
        agent,
        TicketFilters { statuses: vec![Status::Open], department_id: Some(people.departments[3]), ..f() },
    );
    both(
        &mut shapes,
        "high+critical, newest",
        agent,
        TicketFilters { priorities: vec![Priority::High, Priority::Critical], sort: TicketSort::Created, ..f() },
    );
    both(&mut shapes, "all by priority", agent, TicketFilters { sort: TicketSort::Priority, ..f() });
    let active_by_priority = TicketFilters { statuses: active(), sort: TicketSort::Priority, ..f() };
    shapes.push(shape("active, by priority", agent, active_by_priority.clone(), 1));
    shapes.push(shape("active, by priority", agent, active_by_priority, 500));
    both(
        &mut shapes,
        "closed, created in the last 90 days",
        agent,
        TicketFilters {
            statuses: vec![Status::Closed],
            created_from: Some(now - 90 * DAY_MS),
            sort: TicketSort::Created,
            ..f()
        },
    );
    both(
        &mut shapes,
        "created in the last 7 days, oldest update first",
        agent,
        TicketFilters { created_from: Some(now - 7 * DAY_MS), ascending: true, ..f() },
    );
    shapes.push(shape(
        "on hold + critical + a department + unassigned",
        agent,
        TicketFilters {
            statuses: vec![Status::OnHold],
            priorities: vec![Priority::Critical],
            department_id: Some(people.departments[2]),
            assignee: Some(AssigneeFilter::Unassigned),
            ..f()
        },
        1,
    ));
    both(
        &mut shapes,
        "the biggest customer's tickets (staff filter)",
        agent,
        TicketFilters { requester_id: Some(biggest.id), ..f() },
    );
    both(&mut shapes, "the biggest customer: own, recently updated", biggest, f());
    both(
        &mut shapes,
        "the biggest customer: open, by priority",
        biggest,
        TicketFilters { statuses: active(), sort: TicketSort::Priority, ..f() },
    );
    let single = Asker { id: *people.customers.last().unwrap_or(&biggest.id), customer: true };
    shapes.push(shape("a customer with one ticket: own", single, f(), 1));
    shapes
}

fn named_search(people: &People, now: i64, vocabulary: &[String]) -> Vec<Shape> {
    let agent = people.agent;
    let biggest = Asker { id: people.customers[0], customer: true };
    let f = TicketFilters::default;
    let rare_code = format!("kx{}", dataset::CODES.start + 7);
    let rare_word = vocabulary[15_000].clone();
    let middling_word = vocabulary[100].clone();
    let s = |name: &str, asker: Asker, text: &str, filters: TicketFilters, page: usize| {
        shape(&format!("{name}: \"{text}\""), asker, searching(text, filters), page)
    };
    vec![
        s("rare code", agent, &rare_code, f(), 1),
        s("rare word", agent, &rare_word, f(), 1),
        s("middling word", agent, &middling_word, f(), 1),
        s("common", agent, "password", f(), 1),
        s("very common", agent, "please", f(), 1),
        s("very common, past the 1,000 newest matches", agent, "please", f(), 30),
        s("multi-word", agent, "printer offline spooler", f(), 1),
        s("two rare words", agent, &format!("{rare_word} {}", vocabulary[12_000]), f(), 1),
        s(
            "twelve words",
            agent,
            "printer offline spooler error please help office team screen restart device settings",
            f(),
            1,
        ),
        s("common + active", agent, "password", TicketFilters { statuses: active(), ..f() }, 1),
        s(
            "rare code + department",
            agent,
            &rare_code,
            TicketFilters { department_id: Some(people.departments[3]), ..f() },
            1,
        ),
        s(
            "very common + on hold + critical",
            agent,
            "please",
            TicketFilters { statuses: vec![Status::OnHold], priorities: vec![Priority::Critical], ..f() },
            1,
        ),
        s(
            "very common + mine + on hold",
            agent,
            "please",
            TicketFilters { statuses: vec![Status::OnHold], assignee: Some(AssigneeFilter::Me), ..f() },
            1,
        ),
        s(
            "very common + created a month two years ago",
            agent,
            "please",
            TicketFilters { created_from: Some(now - 760 * DAY_MS), created_to: Some(now - 730 * DAY_MS), ..f() },
            1,
        ),
        s("multi-word, newest first", agent, "vpn connection", TicketFilters { sort: TicketSort::Created, ..f() }, 1),
        s("the biggest customer: common", biggest, "password", f(), 1),
        s("the biggest customer: very common", biggest, "please", f(), 1),
        s("the biggest customer: rare", biggest, &rare_code, f(), 1),
        s(
            "the biggest customer: very common, oldest first",
            biggest,
            "please",
            TicketFilters { sort: TicketSort::Created, ascending: true, ..f() },
            1,
        ),
    ]
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let args = args()?;
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/bench");
    let dataset = dataset::ensure(&out, args.tickets).await?;
    if args.scratch {
        println!("{}", dataset::scratch_copy(&dataset)?.display());
        return Ok(());
    }
    if args.postgres {
        return on_server(&dataset, &out).await;
    }
    let db = helpdesk_core::infra::database::open(&dataset.path).await?;
    let floor = Floor::open(&dataset.path)?;
    let people = people(floor.connection())?;
    let biggest_tickets: i64 = floor.connection().query_row(
        "SELECT count(*) FROM tickets WHERE requester_id = ?1",
        [people.customers[0]],
        |r| r.get(0),
    )?;
    println!(
        "dataset: {} tickets, {} comments, {} customers with tickets (the most: {biggest_tickets}), {:.0} MiB{}",
        dataset.tickets,
        dataset.comments,
        people.customers.len(),
        (file_size(&dataset.path, "") + file_size(&dataset.path, "-wal")) as f64 / MIB,
        dataset.generated_in.map(|s| format!(" (generated in {s:.0} s)")).unwrap_or_default()
    );
    let bench = Bench { db, floor };
    let now = helpdesk_core::infra::clock::now_ms();
    let vocabulary = dataset::vocabulary();

    let mut measured = Vec::new();
    for shape in named_queue(&people, now) {
        measured.push(bench.measure("queue", &shape, NAMED).await?);
    }
    for shape in named_search(&people, now, &vocabulary) {
        measured.push(bench.measure("search", &shape, NAMED).await?);
    }
    fastrand::seed(2026);
    let pool = shapes::Pool {
        agent: people.agent.id,
        agents: &people.agents,
        customers: &people.customers,
        departments: &people.departments,
        vocabulary: &vocabulary,
        now,
    };
    let mut random = Vec::new();
    for _ in 0..args.shapes {
        random.push(bench.measure("random", &shapes::random(&pool), BRIEF).await?);
    }

    let opened = open_tickets(&bench, &people).await?;
    let dashboards = dashboards(&bench, &people, now).await?;
    let filing = file_in_a_row(&dataset, people.agent, &people).await?;

    let worst = |items: &[&Measured], pick: fn(&Measured) -> f64| items.iter().map(|m| pick(m)).fold(0.0, f64::max);
    let all: Vec<Measured> = measured.into_iter().chain(random).collect();
    let (queues, searches) = (of_kind(&all, false), of_kind(&all, true));
    let worst_case = |items: &[&Measured]| {
        items.iter().max_by(|a, b| a.p95.total_cmp(&b.p95)).map(|m| m.json["case"].clone()).unwrap_or_default()
    };
    let (queue_p95, search_p95) = (worst(&queues, |m| m.p95), worst(&searches, |m| m.p95));
    let (queue_ratio, search_ratio) = (worst(&queues, |m| m.ratio), worst(&searches, |m| m.ratio));
    let inexact = searches.iter().filter(|m| !m.exact).count();
    let dashboard_p95 = dashboards.iter().map(|d| d["figures"]["p95_ms"].as_f64().unwrap_or(0.0)).fold(0.0, f64::max);
    let targets = json!({
        "queue_p95_ms": { "worst": round(queue_p95), "case": worst_case(&queues), "target": 10.0, "met": queue_p95 <= 10.0 },
        "search_p95_ms": { "worst": round(search_p95), "case": worst_case(&searches), "target": 20.0, "met": search_p95 <= 20.0 },
        "queue_ratio_to_floor": { "worst": round(queue_ratio), "target": 2.0, "met": queue_ratio <= 2.0 },
        "search_ratio_to_floor": { "worst": round(search_ratio), "target": 2.0, "met": search_ratio <= 2.0 },
        "searches_not_exact": { "measured": inexact, "of": searches.len(), "target": 0, "met": inexact == 0 },
        "dashboard_p95_ms": { "worst": round(dashboard_p95), "target": 50.0, "met": dashboard_p95 <= 50.0 },
        "filings_per_second": { "measured": filing["per_second"], "target": 2000.0,
                                "met": filing["per_second"].as_f64().unwrap_or(0.0) >= 2000.0 },
        "filing_log_mib": { "worst": filing["largest_log_mib"], "target": 128.0,
                            "met": filing["largest_log_mib"].as_f64().unwrap_or(f64::MAX) <= 128.0 },
    });
    println!("targets {}", serde_json::to_string_pretty(&targets)?);
    let split =
        |search: bool| -> Vec<Value> { all.iter().filter(|m| m.searching == search).map(|m| m.json.clone()).collect() };
    let mut report = json!({
        "dataset": { "tickets": dataset.tickets, "comments": dataset.comments,
                     "database_bytes": file_size(&dataset.path, ""), "generated_seconds": dataset.generated_in,
                     "largest_customer_tickets": biggest_tickets },
        "random_shapes": args.shapes,
        "queue": split(false),
        "search": split(true),
        "open_ticket": opened,
        "dashboard": dashboards,
        "filing": filing,
        "peak_rss_bytes": peak_rss_bytes(),
        "targets": targets,
    });
    let report_file = out.join("report.json");
    // `npm run test:install` adds the release build's budget to the report; it stays until measured again.
    let release = std::fs::read_to_string(&report_file)
        .ok()
        .and_then(|text| serde_json::from_str::<Value>(&text).ok())
        .and_then(|previous| previous.get("release").cloned());
    if let Some(release) = release {
        report["release"] = release;
    }
    std::fs::write(&report_file, serde_json::to_string_pretty(&report)?)?;
    println!("report  {}", report_file.display());
    Ok(())
}

/// The PostgreSQL leg: the named cases, opening tickets, the dashboard and filing on a team desk
/// holding the same dataset, each page beside its own statements run raw on the server, then the
/// named queue pages read while other desktops file and change tickets (`team`); written
/// into `report.json` as `postgres`, beside the file's figures of the last run. Without a server it
/// runs itself again in a throw-away local cluster.
async fn on_server(dataset: &dataset::Dataset, out: &std::path::Path) -> Result<(), Error> {
    let Some(server) = postgres::server() else {
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../scripts/with-postgres.sh");
        let status = std::process::Command::new("bash")
            .arg(script)
            .arg(std::env::current_exe()?)
            .args(std::env::args().skip(1))
            .status()?;
        std::process::exit(status.code().unwrap_or(1));
    };
    let url = postgres::load(dataset, &server).await?;
    let db = helpdesk_core::infra::server::open(&url).await?;
    let raw = postgres::raw_pool(&url).await?;
    let floor = Floor::open(&dataset.path)?;
    let people = people(floor.connection())?;
    let bench = Bench { db, floor };
    let now = helpdesk_core::infra::clock::now_ms();
    let vocabulary = dataset::vocabulary();
    let mut measured = Vec::new();
    for shape in named_queue(&people, now) {
        measured.push(bench.measure_on_server(&raw, "queue", &shape).await?);
    }
    for shape in named_search(&people, now, &vocabulary) {
        measured.push(bench.measure_on_server(&raw, "search", &shape).await?);
    }
    let opened = open_tickets(&bench, &people).await?;
    let dashboards = dashboards(&bench, &people, now).await?;
    let mut pages = Vec::new();
    for shape in named_queue(&people, now) {
        let (cursor, page) = bench.cursor_before(&shape).await?;
        let name = format!("{} (page {page})", shape.name);
        pages.push(team::Page { name, asker: shape.asker, filters: shape.filters, cursor });
    }
    let load = team::under_load(&url, &raw, &people, pages).await?;
    // Last: twenty thousand new tickets would change the shape of the pages measured before.
    let filing = file_on_server(&bench.db, people.agent, &people).await?;

    let (queues, searches) = (of_kind(&measured, false), of_kind(&measured, true));
    let worst = |items: &[&Measured], pick: fn(&Measured) -> f64| items.iter().map(|m| pick(m)).fold(0.0, f64::max);
    let (queue_p95, search_p95, queue_ratio) =
        (worst(&queues, |m| m.p95), worst(&searches, |m| m.p95), worst(&queues, |m| m.ratio));
    let dashboard_p95 = dashboards.iter().map(|d| d["figures"]["p95_ms"].as_f64().unwrap_or(0.0)).fold(0.0, f64::max);
    let per_second = filing["per_second"].as_f64().unwrap_or(0.0);
    let targets = json!({
        "queue_p95_ms": { "worst": round(queue_p95), "target": 10.0, "met": queue_p95 <= 10.0 },
        "queue_ratio_to_raw": { "worst": round(queue_ratio), "target": 2.0, "met": queue_ratio <= 2.0 },
        "search_p95_ms": { "worst": round(search_p95), "target": 30.0, "met": search_p95 <= 30.0 },
        "dashboard_p95_ms": { "worst": round(dashboard_p95), "target": 50.0, "met": dashboard_p95 <= 50.0 },
        "filings_per_second": { "measured": per_second, "target": 1000.0, "met": per_second >= 1000.0 },
        "queue_p95_ms_under_load": load["target"]["queue_p95_ms"],
        "lost_updates_under_load": load["target"]["lost_updates"],
    });
    println!("targets on the server {}", serde_json::to_string_pretty(&targets)?);
    let split = |search: bool| -> Vec<Value> {
        measured.iter().filter(|m| m.searching == search).map(|m| m.json.clone()).collect()
    };
    let report_file = out.join("report.json");
    let mut report = std::fs::read_to_string(&report_file)
        .ok()
        .and_then(|text| serde_json::from_str::<Value>(&text).ok())
        .unwrap_or_else(|| json!({}));
    report["postgres"] = json!({
        "server": helpdesk_core::infra::database::DeskTarget::Server(url).to_string(),
        "queue": split(false), "search": split(true), "open_ticket": opened, "dashboard": dashboards,
        "filing": filing, "under_load": load, "targets": targets,
    });
    std::fs::write(&report_file, serde_json::to_string_pretty(&report)?)?;
    println!("report  {} (postgres)", report_file.display());
    Ok(())
}

/// The `i`th of the filings in a row, in one of the departments.
fn filing(i: usize, people: &People) -> NewTicket {
    NewTicket {
        title: format!("Printer offline again, filing {i}"),
        description: format!("The printer shows offline after the update; please help. Order {i}."),
        department_id: people.departments[1 + i % (people.departments.len() - 1)],
        priority: None,
        requester_id: None,
    }
}

/// `FILINGS` tickets filed in a row through the service on the team desk, each assigned
/// automatically: the rate of each block of a thousand.
async fn file_on_server(db: &Database, agent: Asker, people: &People) -> Result<Value, Error> {
    use sea_orm::ConnectionTrait;
    db.execute_unprepared("UPDATE settings SET auto_assign = true, agent_capacity = 100000").await?;
    let slot = session(agent);
    let (started, mut block_started, mut blocks) = (Instant::now(), Instant::now(), Vec::new());
    for i in 0..FILINGS {
        tickets::create(db, &slot, filing(i, people)).await?;
        if (i + 1) % FILING_BLOCK == 0 {
            blocks.push((FILING_BLOCK as f64 / block_started.elapsed().as_secs_f64()).round());
            block_started = Instant::now();
        }
    }
    let per_second = (FILINGS as f64 / started.elapsed().as_secs_f64()).round();
    println!(
        "filing {FILINGS} tickets in a row on the server: {per_second} per second (blocks of {FILING_BLOCK}: {blocks:?})"
    );
    Ok(json!({ "tickets": FILINGS, "per_second": per_second, "blocks_per_second": blocks }))
}

/// Opening a ticket: the longest conversation on the desk and an ordinary one.
async fn open_tickets(bench: &Bench, people: &People) -> Result<Vec<Value>, Error> {
    let raw = bench.floor.connection();
    let longest: i32 =
        raw.query_row("SELECT ticket_id FROM comments GROUP BY ticket_id ORDER BY count(*) DESC LIMIT 1", [], |r| {
            r.get(0)
        })?;
    let ordinary: i32 = raw.query_row(
        "SELECT ticket_id FROM comments WHERE ticket_id > (SELECT max(id) - 1000 FROM tickets) \
         GROUP BY ticket_id HAVING count(*) BETWEEN 5 AND 10 LIMIT 1",
        [],
        |r| r.get(0),
    )?;
    let slot = session(people.agent);
    let mut figures = Vec::new();
    for (name, id) in [("the longest conversation", longest), ("an ordinary ticket", ordinary)] {
        let comments: i64 = raw.query_row("SELECT count(*) FROM comments WHERE ticket_id = ?1", [id], |r| r.get(0))?;
        let stats = sample_async(NAMED, || async { Ok::<_, Error>(tickets::get(&bench.db, &slot, id).await?) }).await?;
        print_stats("ticket", &format!("open {name} ({comments} comments)"), &stats);
        figures.push(json!({ "case": name, "comments": comments, "figures": stats.json() }));
    }
    Ok(figures)
}

/// The dashboard as the UI asks for it (the desk or one's own, and the last seven days): for an
/// agent, the customer with the most tickets and one with a single ticket.
async fn dashboards(bench: &Bench, people: &People, now: i64) -> Result<Vec<Value>, Error> {
    let today = now / DAY_MS * DAY_MS;
    let day_bounds: Vec<i64> = (0..=7).map(|d| today - (6 - d) * DAY_MS).collect();
    let askers = [
        ("an agent: the whole desk", people.agent),
        ("the biggest customer", Asker { id: people.customers[0], customer: true }),
        ("a customer with one ticket", Asker { id: *people.customers.last().unwrap_or(&0), customer: true }),
    ];
    let mut figures = Vec::new();
    for (name, asker) in askers {
        let slot = session(asker);
        let stats = sample_async(NAMED, || async {
            let request = DashboardRequest { day_bounds: day_bounds.clone() };
            Ok::<_, Error>(reports::dashboard(&bench.db, &slot, request).await?)
        })
        .await?;
        print_stats("report", &format!("dashboard, {name}"), &stats);
        figures.push(json!({ "case": name, "figures": stats.json() }));
    }
    Ok(figures)
}

fn print_stats(kind: &str, name: &str, stats: &Stats) {
    println!(
        "{kind:<6} {:<64}       p50 {:>7.2}  p95 {:>7.2}  worst {:>7.2} ms",
        clip(name, 64),
        stats.p50,
        stats.p95,
        stats.worst
    );
}

/// `FILINGS` tickets filed in a row through the service on a scratch copy of the desk (each assigned
/// automatically and recorded in its history, the whole path of filing), with the app's log upkeep
/// running: the rate of each block of a thousand, the largest the log grew, and the first searches
/// after them (an index grown by those writes).
async fn file_in_a_row(dataset: &dataset::Dataset, agent: Asker, people: &People) -> Result<Value, Error> {
    let scratch = dataset::scratch_copy(dataset)?;
    Connection::open(&scratch)?.execute("UPDATE settings SET auto_assign = 1, agent_capacity = 100000", [])?;
    let db = helpdesk_core::infra::database::open(&scratch).await?;
    db.keep_log_short();
    let slot = session(agent);
    let (started, mut block_started) = (Instant::now(), Instant::now());
    let (mut blocks, mut largest_log) = (Vec::new(), 0_u64);
    for i in 0..FILINGS {
        tickets::create(&db, &slot, filing(i, people)).await?;
        if (i + 1) % FILING_BLOCK == 0 {
            blocks.push((FILING_BLOCK as f64 / block_started.elapsed().as_secs_f64()).round());
            largest_log = largest_log.max(file_size(&scratch, "-wal"));
            block_started = Instant::now();
        }
    }
    let per_second = (FILINGS as f64 / started.elapsed().as_secs_f64()).round();
    let slowest = blocks.iter().copied().fold(f64::MAX, f64::min);
    println!(
        "filing {FILINGS} tickets in a row: {per_second} per second (blocks of {FILING_BLOCK}: first {}, slowest {slowest}, \
         last {}); the log grew to {:.0} MiB at most",
        blocks.first().unwrap_or(&0.0),
        blocks.last().unwrap_or(&0.0),
        largest_log as f64 / MIB
    );
    let mut first_searches = Vec::new();
    for text in ["please", "printer offline", "kx1007"] {
        let filters = searching(text, TicketFilters::default());
        let at = Instant::now();
        tickets::list(&db, &slot, filters, None).await?;
        let first = at.elapsed();
        println!("search first \"{text}\" after the filings: {:.2} ms", ms(first));
        first_searches.push(json!({ "search": text, "first_ms": round(ms(first)) }));
    }
    db.close().await?;
    dataset::remove_with_log(&scratch);
    Ok(json!({
        "tickets": FILINGS, "per_second": per_second, "blocks_per_second": blocks, "slowest_block_per_second": slowest,
        "largest_log_mib": round(largest_log as f64 / MIB), "first_searches_after": first_searches,
    }))
}

fn of_kind(set: &[Measured], search: bool) -> Vec<&Measured> {
    set.iter().filter(|m| m.searching == search).collect()
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
