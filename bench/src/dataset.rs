//! A realistic desk, generated once and cached: three years of tickets (old ones settled, recent ones
//! in flight), customers with anything from one ticket to ten thousand, a few dozen agents, varied
//! titles and conversations (some thousands of comments long) with internal notes and history, and
//! words of every frequency: a vocabulary whose words are as common or as rare as words in real text.
//! The newest tickets are filed one at a time through the schema's triggers, as a growing desk files
//! them, so the search index holds the small unmerged segments a desk in use has.
use std::path::{Path, PathBuf};
use std::time::Instant;

use migration::MigratorTrait;
use rusqlite::{Connection, params};

/// Raise when the generated data changes, so cached datasets are rebuilt. (4: varied text, long
/// threads, history, uneven customers, distinct update times and a grown, unmerged index tail.)
const GENERATOR_VERSION: i64 = 4;
pub const AGENTS: usize = 40;
pub const DEPARTMENTS: [&str; 7] = ["Billing", "Hardware", "Network", "Accounts", "Software", "Shipping", "Security"];
/// Every generated account's password (the bench's dataset is never a real desk).
pub const PASSWORD: &str = "bench-desk-password";
const DAY_MS: i64 = 86_400_000;
/// Product codes `kx1000` to `kx2999`: each names about one ticket in seven thousand.
pub const CODES: std::ops::Range<u32> = 1000..3000;
/// Words of the generated vocabulary: the n-th most common is in about one description in 1.2·n.
pub const VOCABULARY: usize = 20_000;
/// The newest tickets, filed one by one through the triggers (at most).
const GROWN: u64 = 25_000;

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

const TITLE_OPENINGS: &[&str] = &["", "", "", "", "Re: ", "Urgent: ", "Follow-up: ", "Question: ", "Still: "];
const TITLE_ENDINGS: &[&str] = &[
    "",
    "",
    "",
    " again",
    " since Monday",
    " after the update",
    " for the whole team",
    " on my laptop",
    " at the branch office",
    " before the deadline",
];

/// The generated vocabulary: pronounceable made-up words, the same every time.
pub fn vocabulary() -> Vec<String> {
    const ONSETS: [&str; 16] = ["b", "br", "d", "f", "g", "k", "kr", "l", "m", "n", "p", "s", "st", "t", "v", "z"];
    const VOWELS: [&str; 6] = ["a", "e", "i", "o", "u", "ai"];
    const CODAS: [&str; 8] = ["", "n", "r", "s", "l", "m", "x", "nd"];
    let mut words = Vec::with_capacity(VOCABULARY);
    let mut n = 0_usize;
    while words.len() < VOCABULARY {
        // Three syllables from the running number: distinct words, none of them English.
        let mut word = String::from("q");
        let mut rest = n;
        for _ in 0..3 {
            word.push_str(ONSETS[rest % ONSETS.len()]);
            rest /= ONSETS.len();
            word.push_str(VOWELS[rest % VOWELS.len()]);
            rest /= VOWELS.len();
            word.push_str(CODAS[rest % CODAS.len()]);
            rest /= CODAS.len();
        }
        words.push(word);
        n += 7_919;
    }
    words
}

/// A word of the vocabulary by a log-uniform rank: the n-th word is drawn about 1/n as often as the first.
fn word(vocabulary: &[String]) -> &str {
    let rank = (fastrand::f64() * (vocabulary.len() as f64).ln()).exp() as usize - 1;
    &vocabulary[rank.min(vocabulary.len() - 1)]
}

fn pick<'a>(items: &'a [&'a str]) -> &'a str {
    items[fastrand::usize(..items.len())]
}

fn code() -> String {
    format!("kx{}", fastrand::u32(CODES))
}

fn title(topic: &str, vocabulary: &[String]) -> String {
    let mut title = format!("{}{topic}{}", pick(TITLE_OPENINGS), pick(TITLE_ENDINGS));
    match fastrand::u8(..100) {
        0..15 => title.push_str(&format!(" ({})", code())),
        15..35 => title.push_str(&format!(" ({})", word(vocabulary))),
        _ => {}
    }
    title
}

fn description(topic: &[&str], vocabulary: &[String]) -> String {
    let mut text = format!("{} {}", pick(topic), pick(topic));
    for _ in 0..fastrand::usize(3..10) {
        text.push(' ');
        text.push_str(pick(FILLER));
    }
    for _ in 0..fastrand::usize(2..8) {
        text.push(' ');
        text.push_str(word(vocabulary));
    }
    if fastrand::u8(..100) < 30 {
        text.push_str(&format!(". It concerns model {}.", code()));
    }
    text
}

fn reply(vocabulary: &[String]) -> String {
    let mut text = pick(REPLIES).to_owned();
    for _ in 0..fastrand::usize(0..4) {
        text.push(' ');
        text.push_str(word(vocabulary));
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
    connection.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
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
    for suffix in ["", "-wal", "-shm", ".lock"] {
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

/// The people and places of the desk, and the vocabulary, as the ticket writer needs them.
struct Desk {
    departments: Vec<i64>,
    agents: Vec<(i64, String)>,
    customers: Vec<i64>,
    vocabulary: Vec<String>,
    start: i64,
    now: i64,
}

impl Desk {
    /// A requester: one customer files one ticket in a hundred, ten more one in five hundred each,
    /// and the rest fewer and fewer down a long tail of customers with a single ticket or none.
    fn requester(&self) -> i64 {
        let c = &self.customers;
        match fastrand::u16(..1000) {
            0..10 => c[0],
            10..30 => c[1 + fastrand::usize(..10)],
            _ => c[11 + ((c.len() - 11) as f64 * fastrand::f64().powi(2)) as usize],
        }
    }
}

/// Writes one ticket with its conversation and history (`through_triggers`: the search and
/// assignment triggers are live, so they index it and record an automatic assignment themselves).
fn write_ticket(db: &Connection, desk: &Desk, id: i64, created: i64, through_triggers: bool) -> rusqlite::Result<u64> {
    let now = desk.now;
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
    // One ticket in a thousand is a long conversation, one in a hundred thousand thousands long.
    let (replies, span) = match fastrand::u32(..100_000) {
        0 => (5_000, 120 * DAY_MS),
        1..100 => (fastrand::i64(100..1_000), 60 * DAY_MS),
        _ => (fastrand::i64(0..11), 14 * DAY_MS),
    };
    let updated = created + fastrand::i64(0..span.min(now - created).max(1));
    let priority = match fastrand::u8(..100) {
        0..25 => "low",
        25..75 => "medium",
        75..95 => "high",
        _ => "critical",
    };
    let assignee = (settled || fastrand::u8(..100) < 80).then(|| &desk.agents[fastrand::usize(..desk.agents.len())]);
    let requester = desk.requester();
    let (topic, sentences) = TOPICS[fastrand::usize(..TOPICS.len())];
    db.prepare_cached(
        "INSERT INTO tickets (id, number, title, description, status, priority, department_id, requester_id, \
         assignee_id, created_at, updated_at, resolved_at, closed_at, version) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 1)",
    )?
    .execute(params![
        id,
        1000 + id,
        title(topic, &desk.vocabulary),
        description(sentences, &desk.vocabulary),
        status,
        priority,
        desk.departments[fastrand::usize(..desk.departments.len())],
        requester,
        assignee.map(|(id, _)| *id),
        created,
        updated,
        settled.then_some(updated),
        (status == "closed").then_some(updated),
    ])?;
    let agent = assignee.unwrap_or(&desk.agents[0]);
    let mut comment = db.prepare_cached(
        "INSERT INTO comments (ticket_id, author_id, body, internal, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for n in 0..replies {
        let at = created + (updated - created) * (n + 1) / (replies + 2);
        let (author, body, internal) = match fastrand::u8(..100) {
            0..20 => (agent.0, format!("{} {}", pick(NOTES), code()), true),
            20..60 => (requester, reply(&desk.vocabulary), false),
            _ => (agent.0, reply(&desk.vocabulary), false),
        };
        comment.execute(params![id, author, body, internal, at])?;
    }
    // History: who took it, how it moved to where it is, and now and then a priority change.
    let mut history = db.prepare_cached(
        "INSERT INTO ticket_history (ticket_id, actor_id, field, old_value, new_value, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let step = ((updated - created) / 5).max(1);
    if let (Some((agent_id, name)), false) = (assignee, through_triggers) {
        history.execute(params![id, agent_id, "assignee", None::<String>, name, created + step / 2])?;
    }
    let path: &[&str] = match status {
        "open" => &[],
        "in_progress" => &["open", "in_progress"],
        "on_hold" => &["open", "in_progress", "on_hold"],
        "resolved" => &["open", "in_progress", "resolved"],
        _ => &["open", "in_progress", "resolved", "closed"],
    };
    for (n, pair) in path.windows(2).enumerate() {
        history.execute(params![id, agent.0, "status", pair[0], pair[1], created + step * (n as i64 + 1)])?;
    }
    if fastrand::u8(..100) < 10 {
        history.execute(params![id, agent.0, "priority", "medium", priority, created + step])?;
    }
    Ok(replies as u64)
}

fn generate(path: &Path, tickets: u64, hash: &str) -> Result<u64, Box<dyn std::error::Error>> {
    fastrand::seed(19);
    let connection = Connection::open(path)?;
    connection.execute_batch("PRAGMA synchronous = OFF; PRAGMA cache_size = -262144; PRAGMA foreign_keys = OFF;")?;
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
    let mut desk =
        Desk { departments: vec![1], agents: Vec::new(), customers: Vec::new(), vocabulary: vocabulary(), start, now };
    connection.execute_batch("BEGIN")?;
    for name in DEPARTMENTS {
        connection.execute("INSERT INTO departments (name, created_at) VALUES (?1, ?2)", params![name, start])?;
        desk.departments.push(connection.last_insert_rowid());
    }
    {
        let mut user = connection.prepare(
            "INSERT INTO users (username, email, display_name, password_hash, role, active, failed_logins, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, 1, 0, ?6, ?6)",
        )?;
        user.execute(params!["admin", "admin@desk.example", "Ada Admin", hash, "admin", start])?;
        for i in 1..=AGENTS {
            let name = format!("agent{i:02}");
            let display = format!("Agent {i:02}");
            user.execute(params![name, format!("{name}@desk.example"), display, hash, "agent", start])?;
            desk.agents.push((connection.last_insert_rowid(), display));
        }
        for i in 1..=(tickets / 8).max(100) {
            let name = format!("customer{i:06}");
            let email = format!("{name}@example.com");
            user.execute(params![name, email, format!("Customer {i:06}"), hash, "customer", start])?;
            desk.customers.push(connection.last_insert_rowid());
        }
    }
    let grown = GROWN.min(tickets / 40);
    let step = (now - start) / tickets as i64;
    let created = |i: u64| desk.start + i as i64 * step + fastrand::i64(0..step.max(1));
    let mut comments = 0;
    for i in 0..tickets - grown {
        comments += write_ticket(&connection, &desk, i as i64 + 1, created(i), false)?;
    }
    connection.execute_batch("COMMIT")?;
    println!("  {} tickets written; filling the search index...", tickets - grown);
    connection.execute_batch(&migration::fill_ticket_search())?;
    for (_, sql) in &triggers {
        connection.execute_batch(sql)?;
    }
    // The bulk fill leaves large merges of the index's segments half done; the desk's older part is
    // settled, and the newest tickets are then filed one transaction each, as the app files them.
    connection.execute_batch("INSERT INTO ticket_search (ticket_search) VALUES ('optimize')")?;
    println!("  filing the newest {grown} tickets one at a time...");
    for i in tickets - grown..tickets {
        connection.execute_batch("BEGIN")?;
        comments += write_ticket(&connection, &desk, i as i64 + 1, created(i), true)?;
        connection.execute_batch("COMMIT")?;
    }
    // No ANALYZE: users' desks have no statistics either, so plans here are the plans they get.
    Ok(comments)
}
