//! The database handle and opening it: WAL for concurrent readers, foreign keys enforced, a busy
//! timeout instead of immediate "database is locked" errors, and every pending migration applied,
//! after a backup. A database written by a newer version of the app is refused before anything is
//! written to it.
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use migration::{Migrator, MigratorTrait};

use super::backups::{
    BEFORE_UPGRADE, back_up, backups, backups_folder, pending_restore, restore_marker, set_restore_aside,
};
use super::{desk_lock, files};
use rusqlite::OpenFlags;
use sea_orm::prelude::async_trait::async_trait;
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sea_orm::{
    ActiveEnum, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, ExecResult, QueryResult,
    RuntimeErr, SqliteTransactionMode, SqlxSqliteConnector, Statement, TransactionOptions, TransactionTrait, Value,
    Values,
};

/// The app's database: the SeaORM pool for writes and most reads and, for a desk in a file, read-only
/// SQLite connections for the reads every screen waits on (the session check, queue pages). Those
/// skip the pool's round trip to a connection's worker thread and its copy of every value: at a
/// million tickets a queue page took 0.45 ms through the pool against 0.18 ms for its query alone.
/// On a team desk (`infra::server`) those reads go through the pool, whose rows PostgreSQL's driver
/// hands over as they came. Clones share the pool and the read-only connections.
#[derive(Debug, Clone)]
pub struct Database {
    orm: DatabaseConnection,
    /// What the desk is called on this computer: its file's path, or its server's address.
    desk: Arc<str>,
    /// The desk's file and what goes with it; none on a team desk, whose data its server keeps.
    file: Option<Arc<DeskFile>>,
    /// A team desk's server, for checking a password as the server does.
    server: Option<Arc<super::server::Server>>,
}

/// How a team desk's server answered a person signing in as their own login.
#[derive(Debug)]
pub enum SignIn {
    Connected(Database),
    /// Refused: a wrong password, or a right one (`password_right`) for a login that may not log
    /// in now (its account deactivated or locked).
    Refused {
        password_right: bool,
    },
}

#[derive(Debug)]
struct DeskFile {
    path: PathBuf,
    /// Idle read-only connections, opened as needed and kept for the next read.
    readers: Mutex<Vec<rusqlite::Connection>>,
    /// Why the restore asked for at this start was refused (the desk opened as it was).
    restore_refused: Option<String>,
    /// The backup restored at this start and who asked for it, for the restored desk's audit log.
    restored: Option<(String, String)>,
    /// The desk's lock (`desk_lock`), held until the desk is closed.
    lock: Mutex<Option<std::fs::File>>,
}

impl DeskFile {
    /// An idle read-only connection, or a new one.
    fn reader(&self) -> Result<rusqlite::Connection, DbErr> {
        if let Some(idle) = self.readers.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).pop() {
            return Ok(idle);
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let connection = rusqlite::Connection::open_with_flags(&self.path, flags).map_err(read_error)?;
        connection.busy_timeout(Duration::from_secs(5)).map_err(read_error)?;
        Ok(connection)
    }
}

/// A row that `Database::read_rows` hands to its mapper: from a read-only SQLite connection, or
/// from the pool.
pub enum Row<'r> {
    File(&'r rusqlite::Row<'r>),
    Pool(&'r QueryResult),
}

/// What a column can be read as, on either backend.
pub trait ColumnValue: rusqlite::types::FromSql + sea_orm::TryGetable {}
impl<T: rusqlite::types::FromSql + sea_orm::TryGetable> ColumnValue for T {}

impl Row<'_> {
    /// Column `index` (from 0) as a `T`.
    pub fn get<T: ColumnValue>(&self, index: usize) -> Result<T, DbErr> {
        match self {
            Row::File(row) => row.get(index).map_err(read_error),
            Row::Pool(row) => row.try_get_by_index(index),
        }
    }

    /// Column `index` holding one of the entities' string enums (status, priority, role).
    pub fn enum_column<E: ActiveEnum<Value = String>>(&self, index: usize) -> Result<E, DbErr> {
        E::try_from_value(&self.get::<String>(index)?)
    }

    /// How many columns the row has.
    pub fn columns(&self) -> usize {
        match self {
            Row::File(row) => row.as_ref().column_count(),
            Row::Pool(row) => row.column_names().len(),
        }
    }
}

/// Idle read-only connections kept open.
const READERS_KEPT: usize = 4;

/// How often the log is checkpointed while the app runs, and how much of its file is kept once a
/// checkpoint has copied it all (the rest is given back to the disk).
const CHECKPOINT_EVERY: Duration = Duration::from_secs(20);
const LOG_KEPT_BYTES: u64 = 64 * 1024 * 1024;
/// How often the log's size is looked at between those checkpoints.
const LOG_LOOK_EVERY: Duration = Duration::from_millis(100);
/// How long a checkpoint of a log larger than it is kept waits for the writer and the readers of
/// the moment: on a busy machine, under a stream of filings, checkpoints that never waited never
/// caught up (2,000 filings grew the log to 265 MiB).
const CHECKPOINT_WAIT: Duration = Duration::from_secs(1);

impl Database {
    /// Runs `statement` on a read-only connection (on a blocking thread), or on a team desk through
    /// the pool, and maps each row with `row`.
    pub async fn read_rows<T: Send + 'static>(
        &self,
        statement: Statement,
        row: fn(&Row) -> Result<T, DbErr>,
    ) -> Result<Vec<T>, DbErr> {
        self.read(statement, row, false).await
    }

    /// As `read_rows`, for a statement whose values decide how it is best read (a page of the
    /// queue): on a team desk the server plans it for its values each time (`server::read_planned`).
    pub async fn read_planned<T: Send + 'static>(
        &self,
        statement: Statement,
        row: fn(&Row) -> Result<T, DbErr>,
    ) -> Result<Vec<T>, DbErr> {
        self.read(statement, row, true).await
    }

    async fn read<T: Send + 'static>(
        &self,
        statement: Statement,
        row: fn(&Row) -> Result<T, DbErr>,
        planned: bool,
    ) -> Result<Vec<T>, DbErr> {
        let Some(file) = &self.file else {
            let rows = if planned {
                super::server::read_planned(&self.orm, &statement).await?
            } else {
                self.orm.query_all_raw(statement).await?
            };
            return rows.iter().map(|pooled| row(&Row::Pool(pooled))).collect();
        };
        let values = statement.values.as_ref().map(sql_values).transpose()?.unwrap_or_default();
        let connection = file.reader()?;
        let (connection, rows) = tokio::task::spawn_blocking(move || {
            let rows = query_rows(&connection, &statement.sql, values, row);
            (connection, rows)
        })
        .await
        .map_err(|e| DbErr::Custom(format!("a read stopped: {e}")))?;
        let mut readers = file.readers.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if readers.len() < READERS_KEPT {
            readers.push(connection);
        }
        rows
    }

    /// Why a restore asked for at this start was refused, to tell the person; the desk is as it was.
    pub fn restore_refused(&self) -> Option<&str> {
        self.file.as_ref()?.restore_refused.as_deref()
    }

    /// The backup restored at this start (its name) and who asked for it.
    pub fn restored(&self) -> Option<(&str, &str)> {
        self.file.as_ref()?.restored.as_ref().map(|(backup, asked_by)| (backup.as_str(), asked_by.as_str()))
    }

    /// The database file; none on a team desk.
    pub fn path(&self) -> Option<&Path> {
        self.file.as_ref().map(|file| file.path.as_path())
    }

    /// What the desk is called on this computer: its file's path, or its server's address (without
    /// its password).
    pub fn desk(&self) -> &str {
        &self.desk
    }

    /// A team desk's database: the pool alone, called by its server's address.
    pub(super) fn on_server(orm: DatabaseConnection, server: super::server::Server) -> Database {
        Database { orm, desk: server.address().into(), file: None, server: Some(Arc::new(server)) }
    }

    /// A team desk's server; `None` for a desk in a file.
    pub fn server(&self) -> Option<&super::server::Server> {
        self.server.as_deref()
    }

    /// Signs `username` in to a team desk with `password`, checked by the server as their own login
    /// connects: on the right one, the desk as that login reaches it (the session works through it).
    pub async fn sign_in(&self, username: &str, password: &str) -> Result<SignIn, DbErr> {
        use super::server::Attempt;
        let server = self.server().ok_or_else(|| DbErr::Custom("signing in as a login is a team desk's".into()))?;
        let login = server.login(username);
        Ok(match server.attempt(&login, password).await? {
            Attempt::WrongPassword => SignIn::Refused { password_right: false },
            Attempt::MayNotLogIn => SignIn::Refused { password_right: true },
            Attempt::LoggedIn => {
                SignIn::Connected(Database { orm: server.pool_as(&login, password).await?, ..self.clone() })
            }
        })
    }

    /// The SeaORM connection itself, for what takes one by type (migrations).
    pub fn orm(&self) -> &DatabaseConnection {
        &self.orm
    }

    /// A write transaction. Every transaction here writes, and writes take turns, as one writer at
    /// a time is what the rules were written for (the last admin, an agent's capacity, ticket
    /// numbers): in a file each transaction takes the write lock as it begins (`BEGIN IMMEDIATE`:
    /// it waits its turn for up to the busy timeout, where a deferred one that read first would fail
    /// at once with SQLITE_BUSY when another write went ahead of it); on a team desk it takes the
    /// server's write turn (`server::take_write_turn`), so desktops take turns too.
    pub async fn begin(&self) -> Result<DatabaseTransaction, DbErr> {
        if self.file.is_none() {
            let txn = self.orm.begin().await?;
            super::server::take_write_turn(&txn).await?;
            return Ok(txn);
        }
        let immediate = TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        };
        self.orm.begin_with_options(immediate).await
    }

    /// Runs one writing statement on its own and returns its first row: in a file as it is (SQLite
    /// runs one writing statement at a time), on a team desk in a transaction that takes its write
    /// turn first, so it never runs beside another write. One statement where a file needs no
    /// transaction, whose begin and commit would cost a filing two more hand-offs to SQLite's thread.
    pub async fn write_alone(&self, statement: Statement) -> Result<Option<QueryResult>, DbErr> {
        if self.file.is_some() {
            return self.orm.query_one_raw(statement).await;
        }
        let txn = self.begin().await?;
        let row = txn.query_one_raw(statement).await?;
        txn.commit().await?;
        Ok(row)
    }

    /// Copies the write-ahead log back into the database without holding up anyone (a passive
    /// checkpoint on a connection of its own; only a log past `LOG_KEPT_BYTES` makes a writer wait
    /// for it), and once all of it is copied empties the file. Run
    /// while the app works (`keep_log_short`), so that neither opening nor closing the desk ever
    /// has a large log to copy: a 1.4 GB log took half a minute to copy at a close.
    pub async fn checkpoint(&self) -> Result<(), DbErr> {
        let Some(path) = self.path().map(Path::to_path_buf) else { return Ok(()) };
        tokio::task::spawn_blocking(move || checkpoint_log(&path))
            .await
            .map_err(|e| DbErr::Custom(format!("a checkpoint stopped: {e}")))?
            .map_err(read_error)
    }

    /// Checkpoints every `CHECKPOINT_EVERY`, and at once whenever the log has grown past the size
    /// kept, for as long as the runtime runs. The writers' own checkpoints (every 10,000 pages) seldom
    /// empty the log under a stream of writes: a pooled connection finishes a read on its own thread
    /// a moment after answering it, so a commit meets a reader still holding the snapshot before it,
    /// and 20,000 filings in a row grew the log to 1.7 GB. One on a connection of its own, between
    /// writes, copies it all.
    pub fn keep_log_short(&self) {
        let Some(path) = self.path() else { return };
        let db = self.clone();
        let log = files::side_file(path, "-wal");
        let size = move || std::fs::metadata(&log).map_or(0, |m| m.len());
        tokio::spawn(async move {
            // A large log left by an earlier run waits its turn: opening the window waits for no disk work.
            let mut left = size();
            let mut last = tokio::time::Instant::now();
            let mut look = tokio::time::interval(LOG_LOOK_EVERY);
            look.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
            loop {
                look.tick().await;
                let logged = size();
                let grown = logged > LOG_KEPT_BYTES && logged > left;
                if !grown && (last.elapsed() < CHECKPOINT_EVERY || logged == 0) {
                    continue;
                }
                (last, left) = (tokio::time::Instant::now(), 0);
                if let Err(error) = db.checkpoint().await {
                    tracing::warn!("cannot checkpoint the database: {error}");
                }
            }
        });
    }

    /// Closes the pool and lets the desk's lock go, even while clones of this handle remain.
    pub async fn close(self) -> Result<(), DbErr> {
        let closed = self.orm.close().await;
        if let Some(file) = &self.file {
            file.lock.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take();
        }
        closed
    }
}

#[async_trait]
impl ConnectionTrait for Database {
    fn get_database_backend(&self) -> DbBackend {
        self.orm.get_database_backend()
    }

    async fn execute_raw(&self, statement: Statement) -> Result<ExecResult, DbErr> {
        self.orm.execute_raw(statement).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.orm.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, statement: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.orm.query_one_raw(statement).await
    }

    async fn query_all_raw(&self, statement: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.orm.query_all_raw(statement).await
    }

    fn support_returning(&self) -> bool {
        self.orm.support_returning()
    }
}

fn query_rows<T>(
    connection: &rusqlite::Connection,
    sql: &str,
    values: Vec<rusqlite::types::Value>,
    row: fn(&Row) -> Result<T, DbErr>,
) -> Result<Vec<T>, DbErr> {
    let mut prepared = connection.prepare_cached(sql).map_err(read_error)?;
    let mut rows = prepared.query(rusqlite::params_from_iter(values)).map_err(read_error)?;
    let mut read = Vec::new();
    while let Some(next) = rows.next().map_err(read_error)? {
        read.push(row(&Row::File(next))?);
    }
    Ok(read)
}

fn checkpoint_log(path: &Path) -> rusqlite::Result<()> {
    let connection = rusqlite::Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    if std::fs::metadata(files::side_file(path, "-wal")).is_ok_and(|log| log.len() > LOG_KEPT_BYTES) {
        // Waits for the writer of the moment, holds the next one up while it copies, then empties the file.
        connection.busy_timeout(CHECKPOINT_WAIT)?;
        return connection.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
    }
    // Otherwise never waits: a checkpoint that meets a writer or an old reader simply copies less this time.
    connection.busy_timeout(Duration::ZERO)?;
    let (busy, frames, copied): (i64, i64, i64) =
        connection.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    if busy == 0 && frames > 0 && frames == copied {
        // Everything is in the database already: emptying the file copies nothing and takes no time.
        connection.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    }
    Ok(())
}

fn read_error(error: rusqlite::Error) -> DbErr {
    DbErr::Query(RuntimeErr::Internal(error.to_string()))
}

/// A statement's values as SQLite takes them.
pub fn sql_values(values: &Values) -> Result<Vec<rusqlite::types::Value>, DbErr> {
    use rusqlite::types::Value as Sql;
    values
        .0
        .iter()
        .map(|value| {
            Ok(match value {
                Value::Int(v) => v.map_or(Sql::Null, |v| Sql::Integer(v.into())),
                Value::BigInt(v) => v.map_or(Sql::Null, Sql::Integer),
                Value::Unsigned(v) => v.map_or(Sql::Null, |v| Sql::Integer(v.into())),
                Value::BigUnsigned(v) => match v {
                    None => Sql::Null,
                    Some(v) => Sql::Integer(
                        i64::try_from(*v).map_err(|_| DbErr::Custom(format!("{v} is too large for SQLite")))?,
                    ),
                },
                Value::Double(v) => v.map_or(Sql::Null, Sql::Real),
                Value::Bool(v) => v.map_or(Sql::Null, |v| Sql::Integer(v.into())),
                Value::String(v) => v.as_ref().map_or(Sql::Null, |v| Sql::Text(v.clone())),
                other => return Err(DbErr::Custom(format!("no SQLite value for {other:?}"))),
            })
        })
        .collect()
}

/// Where a desk is: a file on this computer, or a team desk's PostgreSQL server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeskTarget {
    File(PathBuf),
    /// A `postgres://` (or `postgresql://`) URL.
    Server(String),
}

impl DeskTarget {
    /// What `--database` or `HELPDESK_DATABASE` names: a PostgreSQL URL is a server, anything
    /// else a file's path.
    pub fn named(value: std::ffi::OsString) -> DeskTarget {
        match value.to_str() {
            Some(url) if ["postgres://", "postgresql://"].iter().any(|scheme| url.starts_with(scheme)) => {
                DeskTarget::Server(url.to_owned())
            }
            _ => DeskTarget::File(PathBuf::from(value)),
        }
    }

    /// Opens (and migrates) the desk.
    pub async fn open(&self) -> Result<Database, DbErr> {
        match self {
            DeskTarget::File(path) => open(path).await,
            DeskTarget::Server(url) => super::server::open(url).await.map_err(|error| match error {
                DbErr::Conn(cause) => DbErr::Custom(format!(
                    "Helpdesk cannot reach the team desk at {self} ({cause}). Check that the server is running \
                     and that the address, user name and password are right."
                )),
                other => other,
            }),
        }
    }
}

impl std::fmt::Display for DeskTarget {
    /// The file's path, or the server's address without its password: safe to log and to show.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DeskTarget::File(path) => write!(f, "{}", path.display()),
            DeskTarget::Server(url) => f.write_str(&super::server::address(url)),
        }
    }
}

pub async fn open(path: &Path) -> Result<Database, DbErr> {
    keep_private(path).map_err(|e| DbErr::Custom(format!("cannot keep {} private: {e}", path.display())))?;
    let lock = desk_lock::acquire(path).await?;
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5))
        // Checkpoint every ~40 MB of log instead of SQLite's 4 MB: each checkpoint copies every page
        // written since the last one back into the database, and filing spreads its index writes over
        // every agent's part of the assignee indexes; fewer, larger checkpoints copy each page once
        // (measured at 1M tickets: 2,900 to 4,300 inserts per second).
        .pragma("wal_autocheckpoint", "10000")
        .pragma("journal_size_limit", LOG_KEPT_BYTES.to_string());
    // Migrations run on their own connection before the pool opens: a pooled connection that read
    // the schema before a migration changed it could prepare a statement against the old schema.
    let mut migrating = connect(&options, 1).await?;
    let known = known_migrations();
    let (mut restore_refused, mut restored) = (None, None);
    match pending_restore(path) {
        None => {}
        Some(Ok(request)) => match restore(migrating, &options, path, &request.backup, &known).await? {
            Restored::Yes(connection) => {
                migrating = connection;
                let name = request.backup.file_name().unwrap_or_default().to_string_lossy().into_owned();
                restored = Some((name, request.asked_by));
            }
            Restored::Refused(current, reason) => (migrating, restore_refused) = (current, Some(reason)),
        },
        Some(Err(reason)) => restore_refused = Some(reason),
    }
    if let Some(reason) = &restore_refused {
        tracing::warn!("a restore was refused, the desk opens as it was: {reason}");
        set_restore_aside(path).map_err(|e| DbErr::Custom(format!("cannot set the restore aside: {e}")))?;
    }
    // SQLite copies the whole log into the database when its last connection closes. This one
    // stays open until the pool is, so closing the migrating connection copies nothing: a large
    // log left by a killed app is copied later by `checkpoint`, never while the window waits.
    let keeper = rusqlite::Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .and_then(|keeper| keeper.query_row("PRAGMA schema_version", [], |_| Ok(())).map(|()| keeper))
        .map_err(read_error)?;
    let applied = applied_migrations(&migrating).await?;
    if let Some(unknown) = unknown_migrations(&applied, &known) {
        migrating.close().await?;
        return Err(DbErr::Custom(format!(
            "{} was written by a newer version of Helpdesk (it has changes this version does not know: {unknown}). \
             Install the newer version to open it. The file has not been changed.",
            path.display(),
        )));
    }
    // A schema change on a desk with data first copies the desk aside: an upgrade that goes wrong
    // can be undone by restoring the copy.
    if !applied.is_empty() && applied.len() < known.len() {
        let backup = back_up(&migrating, path, BEFORE_UPGRADE).await?;
        tracing::info!(backup = %backup.display(), "backed up before upgrading the database");
    }
    Migrator::up(&migrating, None).await?;
    migrating.close().await?;
    let orm = connect(&options, 8).await?;
    drop(keeper);
    let file = DeskFile {
        path: path.to_path_buf(),
        readers: Mutex::default(),
        restore_refused,
        restored,
        lock: Mutex::new(Some(lock)),
    };
    Ok(Database { orm, desk: path.display().to_string().into(), file: Some(Arc::new(file)), server: None })
}

/// How a restore went: the restored desk's connection, or the current desk's (untouched) and why
/// the backup was not put in its place.
enum Restored {
    Yes(DatabaseConnection),
    Refused(DatabaseConnection, String),
}

/// Whether `file` is a sound desk this version can open: SQLite's quick check passes and every
/// change recorded in it is one this version knows.
fn check_restorable(file: &Path, known: &HashSet<String>) -> Result<(), String> {
    let unreadable = |e: rusqlite::Error| format!("it cannot be read as a help desk ({e})");
    let copy = rusqlite::Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(unreadable)?;
    let check: String = copy.query_row("PRAGMA quick_check", [], |row| row.get(0)).map_err(unreadable)?;
    if check != "ok" {
        return Err(format!("it is damaged ({check})"));
    }
    let mut statement = copy.prepare("SELECT version FROM seaql_migrations").map_err(unreadable)?;
    let applied = statement.query_map([], |row| row.get::<_, String>(0)).map_err(unreadable)?;
    let applied: Vec<String> = applied.collect::<Result<_, _>>().map_err(unreadable)?;
    match unknown_migrations(&applied, known) {
        Some(names) => {
            Err(format!("a newer version of Helpdesk wrote it (changes this version does not know: {names})"))
        }
        None => Ok(()),
    }
}

/// Puts `backup` in the place of the database, keeping the current one as a backup first; the
/// database is closed meanwhile, and the backup is copied beside it and checked before it replaces
/// it. Anything wrong with the copy leaves the current desk as it was.
async fn restore(
    current: DatabaseConnection,
    options: &SqliteConnectOptions,
    path: &Path,
    backup: &Path,
    known: &HashSet<String>,
) -> Result<Restored, DbErr> {
    let io = |e: std::io::Error| DbErr::Custom(format!("cannot restore {}: {e}", backup.display()));
    let incoming = path.with_extension("restoring");
    let copied = std::fs::copy(backup, &incoming)
        .and_then(|_| files::private_file(&incoming))
        .and_then(|()| files::flush(&incoming))
        .map_err(|e| format!("it cannot be copied ({e})"))
        .and_then(|()| check_restorable(&incoming, known));
    if let Err(why) = copied {
        std::fs::remove_file(&incoming).ok();
        let name = backup.file_name().unwrap_or_default().to_string_lossy();
        return Ok(Restored::Refused(current, format!("The backup {name} was not restored: {why}.")));
    }
    back_up(&current, path, "before-restore").await?;
    current.close().await?;
    for suffix in ["-wal", "-shm"] {
        match std::fs::remove_file(files::side_file(path, suffix)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io(e)),
            _ => {}
        }
    }
    std::fs::rename(&incoming, path).map_err(io)?;
    std::fs::remove_file(restore_marker(path)).map_err(io)?;
    files::flush_folder(path.parent().unwrap_or(Path::new("."))).map_err(io)?;
    tracing::info!(backup = %backup.display(), "restored the database from a backup");
    Ok(Restored::Yes(connect(options, 1).await?))
}

/// Makes the database's folder if it is missing, creates a new database file readable by its owner
/// alone (SQLite gives the `-wal` and `-shm` files the database file's permissions), and tightens a
/// desk and backups left readable by earlier versions.
fn keep_private(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        files::make_folders(dir)?;
    }
    if !path.exists() {
        files::create_private(path)?;
        files::flush_folder(path.parent().unwrap_or(Path::new(".")))?;
    }
    for suffix in ["", "-wal", "-shm"] {
        files::private_file(&files::side_file(path, suffix))?;
    }
    if backups_folder(path).is_dir() {
        files::private_folder(&backups_folder(path))?;
        for backup in backups(path)? {
            files::private_file(&backup)?;
        }
    }
    Ok(())
}

/// The migrations this build knows.
pub(super) fn known_migrations() -> HashSet<String> {
    Migrator::migrations().iter().map(|m| m.name().to_owned()).collect()
}

/// The migrations in `applied` that `known` lacks, sorted and listed, if any: a newer version of the
/// app wrote them, and this one must not touch the desk.
pub(super) fn unknown_migrations(applied: &[String], known: &HashSet<String>) -> Option<String> {
    let mut unknown: Vec<&str> = applied.iter().map(String::as_str).filter(|name| !known.contains(*name)).collect();
    unknown.sort_unstable();
    (!unknown.is_empty()).then(|| unknown.join(", "))
}

/// The migrations recorded in the database (none for a new one), read without writing anything.
pub(super) async fn applied_migrations(db: &impl ConnectionTrait) -> Result<Vec<String>, DbErr> {
    let backend = db.get_database_backend();
    let table = match backend {
        DbBackend::Postgres => "SELECT 1 WHERE to_regclass('seaql_migrations') IS NOT NULL",
        _ => "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'seaql_migrations'",
    };
    if db.query_one_raw(Statement::from_string(backend, table)).await?.is_none() {
        return Ok(Vec::new());
    }
    let rows = db.query_all_raw(Statement::from_string(backend, "SELECT version FROM seaql_migrations")).await?;
    rows.iter().map(|row| row.try_get_by_index::<String>(0)).collect()
}

async fn connect(options: &SqliteConnectOptions, connections: u32) -> Result<DatabaseConnection, DbErr> {
    let pool = SqlitePoolOptions::new()
        .max_connections(connections)
        // A file on this machine cannot hang up: pinging each connection before handing it out
        // would only add a round trip to its worker thread to every query.
        .test_before_acquire(false)
        .connect_with(options.clone())
        .await
        .map_err(|e| DbErr::Conn(sea_orm::RuntimeErr::SqlxError(e.into())))?;
    Ok(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
}

/// What to tell a person when the database cannot be opened: a refusal in its own words (a newer
/// desk, a vanished backup), otherwise the error.
pub fn open_failure(error: &DbErr) -> String {
    match error {
        DbErr::Custom(reason) => reason.clone(),
        other => other.to_string(),
    }
}
