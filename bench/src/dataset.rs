//! A realistic desk, generated once and cached: three years of tickets (old ones settled, recent ones
//! in flight), tens of thousands of customers, a few dozen agents, conversations with internal notes,
//! and words that are rare (product codes), common and very common.
use std::path::{Path, PathBuf};
use std::time::Instant;

use migration::MigratorTrait;
use rusqlite::{Connection, params};

/// Raise when the generated data changes, so cached datasets are rebuilt. (2: a settled search index;
/// earlier datasets had half-done merges and tombstones from the creation figure's deletes.)
const GENERATOR_VERSION: i64 = 2;
pub const AGENTS: usize = 40;
pub const DEPARTMENTS: [&str; 7] = ["Billing", "Hardware", "Network", "Accounts", "Software", "Shipping", "Security"];
/// Every generated account's password (the bench's dataset is never a real desk).
pub const PASSWORD: &str = "bench-desk-password";
const DAY_MS: i64 = 86_400_000;
/// Product codes `kx1000` to `kx2999`: each names about one ticket in seven thousand.
pub const CODES: std::ops::Range<u32> = 1000..3000;

pub struct Dataset {
    pub path: PathBuf,
    pub tickets: u64,
    pub comments: u64,
    pub generated_in: Option<f64>,
}

const TOPICS: &[(&str, &[&str])] = &[
    (
        "Password reset link does not arrive",
        &["I asked for a password reset twice but no email came.", "The password reset page says the link expired."],
    ),
    (
        "Cannot log in after password change",
        &[
            "Since I changed my password the login page rejects it.",
            "My account shows a login error after the password update.",
        ],
    ),
    (
        "Printer offline in the office",
        &[
            "The printer on the second floor shows offline.",
            "Printing fails with a spooler error and the printer stays offline.",
        ],
    ),
    (
        "Invoice shows the wrong amount",
        &["The invoice for last month charges twice for the same plan.", "Our invoice total does not match the quote."],
    ),
    (
        "Refund for a cancelled order",
        &[
            "I cancelled the order within the trial and expected a refund.",
            "Please refund the duplicate payment on my card.",
        ],
    ),
    (
        "VPN connection drops every hour",
        &[
            "The VPN disconnects roughly every hour and reconnecting takes minutes.",
            "VPN connection fails at home but works in the office.",
        ],
    ),
    (
        "Laptop battery drains quickly",
        &["The laptop battery lasts under two hours now.", "Battery health shows replace soon on the laptop."],
    ),
    (
        "Email sync stopped on mobile",
        &["Mail on my phone stopped syncing yesterday.", "The mobile app shows an authentication error for email."],
    ),
    (
        "Package arrived damaged",
        &[
            "The box was crushed and the device screen is cracked.",
            "Shipping damaged the package; I need a replacement.",
        ],
    ),
    (
        "Delivery is late",
        &["The tracking page has not moved for a week.", "My delivery was due on Monday and still has not arrived."],
    ),
    (
        "Two factor codes not accepted",
        &["The authenticator codes are rejected every time.", "I lost the phone with my two factor app."],
    ),
    (
        "Software update fails to install",
        &["The update stops at forty percent with an error.", "After the update the application crashes on start."],
    ),
    (
        "Wifi is slow in the meeting room",
        &["Video calls freeze in the big meeting room.", "The wireless network drops when more than ten people join."],
    ),
    (
        "Request a new account for a colleague",
        &[
            "A new colleague starts on Monday and needs an account.",
            "Please create an account with access to the shared drive.",
        ],
    ),
    (
        "Suspicious login alert",
        &[
            "I received an alert about a login from another country.",
            "Someone tried to sign in to my account at night.",
        ],
    ),
    (
        "Monitor flickers",
        &[
            "The external monitor flickers when the laptop is docked.",
            "Screen flickering started after the driver update.",
        ],
    ),
    (
        "Subscription renewal question",
        &[
            "Will the subscription renew automatically at the end of the year?",
            "We want to change the renewal date of our subscription.",
        ],
    ),
    (
        "Data export is empty",
        &["The CSV export downloads but contains only headers.", "Exporting the report produces an empty file."],
    ),
    (
        "Keyboard keys stopped working",
        &["Several keys on the keyboard do not respond.", "The keyboard types the wrong characters."],
    ),
    (
        "Shared drive permission denied",
        &["I get permission denied when opening the team folder.", "The shared drive asks for access I used to have."],
    ),
];
const FILLER: &[&str] = &[
    "please",
    "thanks",
    "urgent",
    "today",
    "again",
    "customer",
    "office",
    "team",
    "screen",
    "error",
    "message",
    "device",
    "settings",
    "restart",
    "tried",
    "still",
    "works",
    "since",
    "yesterday",
    "morning",
    "help",
    "issue",
    "account",
    "version",
    "window",
    "click",
    "button",
    "page",
    "support",
    "manager",
    "deadline",
    "report",
];
const REPLIES: &[&str] = &[
    "Thanks for reaching out. Could you restart the device and tell us whether the error remains?",
    "I have checked your account settings and reset the configuration. Please try again.",
    "It still happens after the restart, the same error message appears.",
    "That fixed it, thanks a lot for the quick help.",
    "We are looking into this with the team and will update you today.",
    "Could you send a screenshot of the message and the version you use?",
];
const NOTES: &[&str] = &[
    "Escalating to tier two, looks like the known firmware problem.",
    "Customer is on the legacy plan; check billing before refunding.",
    "Internal: same root cause as last week's outage, see the incident report.",
];

fn pick<'a>(items: &'a [&'a str]) -> &'a str {
    items[fastrand::usize(..items.len())]
}

fn code() -> String {
    format!("kx{}", fastrand::u32(CODES))
}

fn description(topic: &[&str]) -> String {
    let mut text = format!("{} {}", pick(topic), pick(topic));
    for _ in 0..fastrand::usize(4..12) {
        text.push(' ');
        text.push_str(pick(FILLER));
    }
    if fastrand::u8(..100) < 30 {
        text.push_str(&format!(". It concerns model {}.", code()));
    }
    text
}

/// The cached dataset of `tickets` tickets for the current migrations, generating it when missing or stale.
pub async fn ensure(dir: &Path, tickets: u64) -> Result<Dataset, Box<dyn std::error::Error>> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(format!("desk-{tickets}.sqlite3"));
    let migrations = migration::Migrator::migrations().len() as i64;
    if let Some(comments) = cached(&path, tickets, migrations) {
        return Ok(Dataset { path, tickets, comments, generated_in: None });
    }
    remove_with_log(&path);
    let started = Instant::now();
    println!("generating {tickets} tickets into {} (once; later runs reuse it)...", path.display());
    helpdesk_core::infra::database::open(&path).await?.close().await?;
    let hash = helpdesk_core::infra::passwords::hash(PASSWORD.into()).await?;
    let comments = generate(&path, tickets, &hash)?;
    let connection = Connection::open(&path)?;
    connection.execute(
        "CREATE TABLE bench_dataset (generator INTEGER, tickets INTEGER, comments INTEGER, migrations INTEGER)",
        [],
    )?;
    connection.execute(
        "INSERT INTO bench_dataset VALUES (?1, ?2, ?3, ?4)",
        params![GENERATOR_VERSION, tickets as i64, comments as i64, migrations],
    )?;
    Ok(Dataset { path, tickets, comments, generated_in: Some(started.elapsed().as_secs_f64()) })
}

/// A scratch copy of the dataset to write to (with its log, if the app left one), so the cached
/// one stays exactly as generated.
pub fn scratch_copy(dataset: &Dataset) -> std::io::Result<PathBuf> {
    let copy = dataset.path.with_extension("scratch.sqlite3");
    remove_with_log(&copy);
    std::fs::copy(&dataset.path, &copy)?;
    let log = format!("{}-wal", dataset.path.display());
    if Path::new(&log).exists() {
        std::fs::copy(&log, format!("{}-wal", copy.display()))?;
    }
    Ok(copy)
}

/// Removes a database file and its log and shared-memory index, where present.
pub fn remove_with_log(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

fn cached(path: &Path, tickets: u64, migrations: i64) -> Option<u64> {
    let connection = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    let (generator, count, comments, applied): (i64, i64, i64, i64) = connection
        .query_row("SELECT generator, tickets, comments, migrations FROM bench_dataset", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .ok()?;
    (generator == GENERATOR_VERSION && count == tickets as i64 && applied == migrations).then_some(comments as u64)
}

fn generate(path: &Path, tickets: u64, hash: &str) -> Result<u64, Box<dyn std::error::Error>> {
    let mut connection = Connection::open(path)?;
    connection.execute_batch("PRAGMA synchronous = OFF; PRAGMA cache_size = -65536; PRAGMA foreign_keys = OFF;")?;
    // The search triggers re-index a ticket per comment; a bulk load pauses them and fills the index
    // once. The generated history is imported, not assigned automatically, so that trigger pauses too.
    let triggers: Vec<(String, String)> = connection
        .prepare(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' \
             AND (name LIKE 'ticket_search%' OR name LIKE 'last_assigned%')",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (name, _) in &triggers {
        connection.execute_batch(&format!("DROP TRIGGER {name}"))?;
    }
    let now = helpdesk_core::infra::clock::now_ms();
    let start = now - 3 * 365 * DAY_MS;
    let customers = (tickets / 20).max(100) as usize;
    let txn = connection.transaction()?;
    let mut department_ids = vec![1_i64];
    for name in DEPARTMENTS {
        txn.execute("INSERT INTO departments (name, created_at) VALUES (?1, ?2)", params![name, start])?;
        department_ids.push(txn.last_insert_rowid());
    }
    let mut agent_ids = Vec::new();
    let mut customer_ids = Vec::new();
    {
        let mut user = txn.prepare(
            "INSERT INTO users (username, email, display_name, password_hash, role, active, failed_logins, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, 1, 0, ?6, ?6)",
        )?;
        user.execute(params!["admin", "admin@desk.example", "Ada Admin", hash, "admin", start])?;
        for i in 1..=AGENTS {
            let name = format!("agent{i:02}");
            user.execute(params![name, format!("{name}@desk.example"), format!("Agent {i:02}"), hash, "agent", start])?;
            agent_ids.push(txn.last_insert_rowid());
        }
        for i in 1..=customers {
            let name = format!("customer{i:05}");
            let email = format!("{name}@example.com");
            user.execute(params![name, email, format!("Customer {i:05}"), hash, "customer", start])?;
            customer_ids.push(txn.last_insert_rowid());
        }
    }
    let mut comments = 0_u64;
    {
        let mut ticket = txn.prepare(
            "INSERT INTO tickets (id, number, title, description, status, priority, department_id, requester_id, \
             assignee_id, created_at, updated_at, resolved_at, closed_at, version) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 1)",
        )?;
        let mut comment = txn.prepare(
            "INSERT INTO comments (ticket_id, author_id, body, internal, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let step = (now - start) / tickets as i64;
        for i in 0..tickets as i64 {
            let id = i + 1;
            let created = start + i * step + fastrand::i64(0..step.max(1));
            let age_days = (now - created) / DAY_MS;
            let roll = fastrand::u8(..100);
            let status = if age_days > 30 {
                match roll {
                    0..85 => "closed",
                    85..98 => "resolved",
                    98 => "on_hold",
                    _ => "open",
                }
            } else {
                match roll {
                    0..35 => "open",
                    35..60 => "in_progress",
                    60..70 => "on_hold",
                    70..90 => "resolved",
                    _ => "closed",
                }
            };
            let settled = matches!(status, "resolved" | "closed");
            let updated = (created + fastrand::i64(0..14 * DAY_MS)).min(now);
            let priority = match fastrand::u8(..100) {
                0..25 => "low",
                25..75 => "medium",
                75..95 => "high",
                _ => "critical",
            };
            let assignee = (settled || fastrand::u8(..100) < 80).then(|| agent_ids[fastrand::usize(..agent_ids.len())]);
            let requester = customer_ids[fastrand::usize(..customer_ids.len())];
            let (title, sentences) = TOPICS[fastrand::usize(..TOPICS.len())];
            ticket.execute(params![
                id,
                1000 + id,
                title,
                description(sentences),
                status,
                priority,
                department_ids[fastrand::usize(..department_ids.len())],
                requester,
                assignee,
                created,
                updated,
                settled.then_some(updated),
                (status == "closed").then_some(updated),
            ])?;
            for n in 0..fastrand::i64(0..11) {
                let at = created + (updated - created) * (n + 1) / 12;
                let (author, body, internal) = match fastrand::u8(..100) {
                    0..20 => (assignee.unwrap_or(agent_ids[0]), format!("{} {}", pick(NOTES), code()), true),
                    20..60 => (requester, pick(REPLIES).to_owned(), false),
                    _ => (assignee.unwrap_or(agent_ids[0]), pick(REPLIES).to_owned(), false),
                };
                comment.execute(params![id, author, body, internal, at])?;
                comments += 1;
            }
        }
    }
    txn.commit()?;
    println!("  rows written; filling the search index...");
    connection.execute_batch(&migration::fill_ticket_search())?;
    for (_, sql) in &triggers {
        connection.execute_batch(sql)?;
    }
    // The bulk fill leaves large merges of the search index's segments half done, which every later
    // write would carry on with; a desk that grew ticket by ticket has settled, merged segments.
    connection.execute_batch("INSERT INTO ticket_search (ticket_search) VALUES ('optimize')")?;
    // No ANALYZE: users' desks have no statistics either, so plans here are the plans they get.
    connection.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    Ok(comments)
}
