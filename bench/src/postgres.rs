//! The benchmark's PostgreSQL leg (`--postgres`): the cached desk copied into a database of its own
//! on a server (a throw-away local cluster unless `HELPDESK_BENCH_POSTGRES` names one), and the
//! same named cases measured there through the services, each beside its own statements run raw on
//! the server (no ORM, no mapping).
use std::fmt::Write as _;
use std::str::FromStr;
use std::time::Instant;

use rusqlite::Connection;
use rusqlite::types::ValueRef;
use sea_orm::Statement;
use sea_orm::sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions};
use sea_orm::sqlx::{self, Connection as _};

use crate::Error;
use crate::dataset::Dataset;
use crate::timing::{Budget, Stats, sample_async};

/// The tables copied as they are: a desk's (`transfer::TABLES`, in foreign-key order) and the
/// lockout counters, which the bench's dataset has too; the triggers' full-text tables are filled
/// afterwards on the server.
fn tables() -> impl Iterator<Item = &'static str> {
    helpdesk_core::infra::transfer::TABLES.into_iter().chain(["unknown_logins"])
}

/// Bytes sent to `COPY` at a time.
const COPY_CHUNK: usize = 4 << 20;

/// The server to measure on: `HELPDESK_BENCH_POSTGRES`, or the throw-away cluster the bench was
/// started in (`HELPDESK_TEST_POSTGRES`, set by `scripts/with-postgres.sh`).
pub fn server() -> Option<String> {
    ["HELPDESK_BENCH_POSTGRES", "HELPDESK_TEST_POSTGRES"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|url| !url.is_empty()))
}

/// A fresh database on `server` holding the dataset, migrated as a desktop would and analyzed; its URL.
pub async fn load(dataset: &Dataset, server: &str) -> Result<String, Error> {
    let name = format!("helpdesk_bench_{}", dataset.tickets);
    let mut admin = PgConnection::connect(server).await?;
    run(&mut admin, format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await?;
    run(&mut admin, format!("CREATE DATABASE {name}")).await?;
    admin.close().await?;
    let url = format!("{}/{name}", &server[..server.rfind('/').ok_or("a server URL ends with a database")?]);
    helpdesk_core::infra::server::open(&url).await?.close().await?;

    let started = Instant::now();
    println!("copying the desk into {name} on the server (every run)...");
    let sqlite = Connection::open(&dataset.path)?;
    let mut pg = PgConnection::connect(&url).await?;
    // The rows come with their tallies: no trigger runs, and no foreign key is checked row by row
    // (the new desk's own first rows, its department and settings, make way for the copied ones).
    run(&mut pg, "SET session_replication_role = replica".into()).await?;
    run(&mut pg, format!("TRUNCATE {} CASCADE", tables().collect::<Vec<_>>().join(", "))).await?;
    let mut numbered = Vec::new();
    for table in tables() {
        let (rows, has_id) = copy_table(&sqlite, &mut pg, table).await?;
        println!("  {table}: {rows} rows ({:.0} s)", started.elapsed().as_secs_f64());
        if has_id {
            numbered.push(table);
        }
    }
    run(&mut pg, "SET session_replication_role = DEFAULT".into()).await?;
    // New rows take the ids after the copied ones.
    for table in numbered {
        let next = format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table} \
             WHERE pg_get_serial_sequence('{table}', 'id') IS NOT NULL HAVING count(*) > 0"
        );
        run(&mut pg, next).await?;
    }
    // Counted before the fill: a table just copied looks empty to the planner, and the fill's
    // look-up of each ticket's comments then read every comment for each ticket.
    run(&mut pg, "ANALYZE".into()).await?;
    pg.close().await?;
    fill_search(&url, dataset.tickets).await?;
    let mut pg = PgConnection::connect(&url).await?;
    run(&mut pg, "VACUUM ANALYZE".into()).await?;
    pg.close().await?;
    println!("  searchable and analyzed ({:.0} s)", started.elapsed().as_secs_f64());
    Ok(url)
}

/// Runs `sql` on `pg`. Every statement here is made of the bench's own names and numbers.
async fn run(pg: &mut PgConnection, sql: String) -> Result<(), Error> {
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(pg).await?;
    Ok(())
}

/// Copies `table` from the SQLite desk with `COPY … FROM STDIN` (text format); its row count, and
/// whether it has an `id` column.
async fn copy_table(sqlite: &Connection, pg: &mut PgConnection, table: &str) -> Result<(u64, bool), Error> {
    let mut select = sqlite.prepare(&format!("SELECT * FROM {table}"))?;
    let has_id = select.column_names().contains(&"id");
    let columns: Vec<String> = select.column_names().iter().map(|c| format!("\"{c}\"")).collect();
    let copy_in = format!("COPY {table} ({}) FROM STDIN", columns.join(", "));
    let mut copy = pg.copy_in_raw(&copy_in).await?;
    let mut rows = select.query([])?;
    let mut chunk = String::new();
    while let Some(row) = rows.next()? {
        for index in 0..columns.len() {
            if index > 0 {
                chunk.push('\t');
            }
            match row.get_ref(index)? {
                ValueRef::Null => chunk.push_str("\\N"),
                ValueRef::Integer(n) => write!(chunk, "{n}")?,
                ValueRef::Real(x) => write!(chunk, "{x}")?,
                ValueRef::Text(text) => escape_into(&mut chunk, std::str::from_utf8(text)?),
                ValueRef::Blob(_) => return Err(format!("{table} holds a blob, which the desk never stores").into()),
            }
        }
        chunk.push('\n');
        if chunk.len() >= COPY_CHUNK {
            copy.send(std::mem::take(&mut chunk).into_bytes()).await?;
        }
    }
    copy.send(chunk.into_bytes()).await?;
    Ok((copy.finish().await?, has_id))
}

/// `text` as `COPY`'s text format writes a value.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            other => out.push(other),
        }
    }
}

/// Fills the full-text tables as the triggers would (the same functions), two halves at once. Their
/// GIN indexes are built afterwards, as their migrations define them: kept up row by row, they made
/// the fill of a million tickets take the better part of an hour.
async fn fill_search(url: &str, tickets: u64) -> Result<(), Error> {
    let mut pg = PgConnection::connect(url).await?;
    let gin = "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('ticket_search', 'ticket_titles') \
               AND indexdef LIKE '%USING gin%'";
    let indexes: Vec<(String, String)> = sqlx::query_as(gin).fetch_all(&mut pg).await?;
    for (name, _) in &indexes {
        run(&mut pg, format!("DROP INDEX {name}")).await?;
    }
    fill_halves(url, tickets).await?;
    run(&mut pg, "SET maintenance_work_mem = '1GB'".into()).await?;
    for (_, definition) in indexes {
        run(&mut pg, definition).await?;
    }
    Ok(pg.close().await?)
}

/// The full-text rows of every ticket, two halves of the tickets at once.
async fn fill_halves(url: &str, tickets: u64) -> Result<(), Error> {
    let half = tickets.div_ceil(2) as i64;
    let mut halves = tokio::task::JoinSet::new();
    for (first, last) in [(0, half), (half + 1, i64::MAX)] {
        let url = url.to_owned();
        halves.spawn(async move {
            let mut pg = PgConnection::connect(&url).await.map_err(|e| e.to_string())?;
            let fill = format!(
                "INSERT INTO ticket_search (ticket_id, words) SELECT id, ticket_search_words(id) FROM tickets \
                 WHERE id BETWEEN {first} AND {last}; \
                 INSERT INTO ticket_titles (ticket_id, title) SELECT id, ticket_words(title) FROM tickets \
                 WHERE id BETWEEN {first} AND {last}"
            );
            run(&mut pg, fill).await.map_err(|e| e.to_string())?;
            pg.close().await.map_err(|e| e.to_string())
        });
    }
    for half in halves.join_all().await {
        half?;
    }
    Ok(())
}

/// A pool of one connection on `url`, for the raw statements.
pub async fn raw_pool(url: &str) -> Result<PgPool, Error> {
    // Planned as the desktops' connections plan.
    let options = PgConnectOptions::from_str(url)?.options(helpdesk_core::infra::server::SESSION_SETTINGS);
    Ok(PgPoolOptions::new().max_connections(1).connect_with(options).await?)
}

/// The time `statements` take run raw on the server, one after another, every row fetched.
pub async fn time_raw(pool: &PgPool, statements: &[Statement], budget: Budget) -> Result<Stats, Error> {
    sample_async(budget, || async {
        let mut rows = 0;
        for statement in statements {
            let arguments = helpdesk_core::infra::server::arguments(statement)?;
            // The service's own statement, with its values bound, planned for them as the service's is.
            let sql = sqlx::AssertSqlSafe(statement.sql.as_str());
            rows += sqlx::query_with(sql, arguments).persistent(false).fetch_all(pool).await?.len();
        }
        Ok::<_, Error>(rows)
    })
    .await
}
