//! A team desk's database on a PostgreSQL server: connecting to it and bringing its schema up to
//! date. Many desktops share one server, so each keeps a handful of connections (PostgreSQL allows
//! 100 by default). Migrations run under an advisory lock: two desktops upgrading at once take
//! turns, and the second finds nothing left to do. A schema written by a newer version of the app is
//! refused before anything is written, as a newer file is.
//!
//! Reads go through the pool (`Database::read_rows`); writes take turns (`take_write_turn`).
use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::postgres::PgArguments;
use sea_orm::sqlx::{self, Arguments};
use sea_orm::{
    ConnectOptions, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, QueryResult,
    RuntimeErr, Statement, TransactionTrait, Value,
};

use super::database::{Database, applied_migrations, known_migrations, unknown_migrations};

/// Connections one desktop keeps to the server at most.
const CONNECTIONS: u32 = 5;

/// How long connecting to the server may take.
const CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Every connection's settings. A desk's tickets and indexes are read from memory or a solid-state
/// disk, where reading a page out of order costs little more than the next one (the server's
/// default of four times as much is a spinning disk's): at the default the planner sorted 6,000
/// unassigned open tickets for a page (28 ms) rather than read the index holding them in order.
pub const SESSION_SETTINGS: [(&str, &str); 1] = [("random_page_cost", "1.1")];

/// How this desktop names itself to the server (`application_name`, in `pg_stat_activity` and the
/// server's log): the app, its version and the computer's name, so whoever runs the server sees
/// which desktop holds which connection.
pub fn desktop() -> String {
    let name = format!("Helpdesk {} on {}", env!("CARGO_PKG_VERSION"), gethostname::gethostname().to_string_lossy());
    // The server keeps 63 bytes of it.
    let mut end = name.len().min(63);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    name[..end].to_owned()
}

/// How long a pooled connection may sit idle before it is checked before use.
const IDLE_BEFORE_PING: std::time::Duration = std::time::Duration::from_secs(10);

/// The advisory lock migrations hold ("helpdesk" in ASCII: unlikely to be another app's key).
const MIGRATION_LOCK: i64 = 0x6865_6c70_6465_736b;

/// The advisory lock every write transaction holds until it ends ("helpdesk" with its last letter
/// upper-cased).
const WRITE_LOCK: i64 = 0x6865_6c70_6465_734b;

/// Makes `txn` wait for its turn to write: every write transaction on the server holds one lock
/// until it ends, as each holds SQLite's write lock in a file. Each statement after it reads what
/// every earlier turn committed (read committed), so a rule checked inside the turn holds when it
/// commits, across desktops, and two turns never hold row locks at once: no deadlock, nothing to
/// retry. Reads never wait for it. A write is a few milliseconds, so turns cost a team little.
pub(super) async fn take_write_turn(txn: &DatabaseTransaction) -> Result<(), DbErr> {
    let take =
        Statement::from_sql_and_values(DbBackend::Postgres, "SELECT pg_advisory_xact_lock($1)", [WRITE_LOCK.into()]);
    txn.execute_raw(take).await.map(|_| ())
}

/// Runs `statement` through the pool as a statement of its own (unnamed, never kept prepared), so
/// that the server plans it for its values every time: one more round trip than a prepared one.
/// A prepared statement is planned for any values after five runs, and that plan walked 100,000
/// tickets for a queue page that its own plan reads 50 of (which statuses and assignee are asked
/// for decides which index drives).
pub(super) async fn read_planned(orm: &DatabaseConnection, statement: &Statement) -> Result<Vec<QueryResult>, DbErr> {
    let unsafe_sql = sqlx::AssertSqlSafe(statement.sql.as_str());
    let rows = sqlx::query_with(unsafe_sql, arguments(statement)?)
        .persistent(false)
        .fetch_all(orm.get_postgres_connection_pool())
        .await
        .map_err(|e| DbErr::Query(RuntimeErr::SqlxError(e.into())))?;
    Ok(rows.into_iter().map(QueryResult::from).collect())
}

/// A statement's values as the PostgreSQL driver binds them.
pub fn arguments(statement: &Statement) -> Result<PgArguments, DbErr> {
    let mut arguments = PgArguments::default();
    for value in statement.values.iter().flat_map(|values| values.0.iter()) {
        let added = match value {
            Value::Bool(v) => arguments.add(*v),
            Value::Int(v) => arguments.add(*v),
            Value::BigInt(v) => arguments.add(*v),
            Value::Double(v) => arguments.add(*v),
            Value::String(v) => arguments.add(v.clone()),
            // Limits: PostgreSQL has no unsigned integers.
            Value::Unsigned(v) => arguments.add(v.map(i64::from)),
            Value::BigUnsigned(v) => arguments.add(
                v.map(i64::try_from).transpose().map_err(|_| DbErr::Custom(format!("{v:?} is too large to bind")))?,
            ),
            other => return Err(DbErr::Custom(format!("no PostgreSQL binding for {other:?}"))),
        };
        added.map_err(|e| DbErr::Custom(format!("cannot bind {value:?}: {e}")))?;
    }
    Ok(arguments)
}

/// What a desktop knows of its team desk's server besides the pool: where it is (with the TLS the
/// desktop asks for, without a password) and the desk's key, which starts the names of the
/// accounts' logins (migration 14).
#[derive(Debug)]
pub struct Server {
    /// The URL the desktop connects to, without a password.
    url: url::Url,
    /// The address as given, without a password: to show, to log and to tell desks apart by.
    address: String,
    key: String,
    /// Whether each person signs in as their own login (the address names no login): until then
    /// the desktop is connected as the desk's guest.
    joined: bool,
}

impl Server {
    pub fn address(&self) -> &str {
        &self.address
    }

    /// The URL the desktop connects to, without a password (and, joined, without a login).
    pub fn url(&self) -> &url::Url {
        &self.url
    }

    /// The desk's key: its roles' names start with it (`<key>_owner`, `<key>_agent`, ...).
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The login of the account `username`: the desk's key, a dot, and the username.
    pub fn login(&self, username: &str) -> String {
        format!("{}.{username}", self.key)
    }

    /// Whether each person signs in as their own login, the desktop connected as the desk's guest
    /// until then; else the desktop works through the login its address names (a DBA's, or one
    /// person's).
    pub fn joined(&self) -> bool {
        self.joined
    }

    /// A pool of connections as `login`, whose password was just found right.
    pub(super) async fn pool_as(&self, login: &str, password: &str) -> Result<DatabaseConnection, DbErr> {
        let mut url = self.url.clone();
        url.set_username(login)
            .and_then(|()| url.set_password(Some(password)))
            .map_err(|()| DbErr::Custom("the team desk's address takes no login".into()))?;
        pool(url.as_str()).await
    }

    /// Whether `password` is the password of `login`, as the server checks it when that person's
    /// desktop connects (SCRAM-SHA-256: the password never crosses the network). A login that may
    /// not log in (its account deactivated or locked) answers whether the password was right all
    /// the same: the server says so only after checking it. A name with no login is checked against
    /// a made-up secret by the server itself, as long as a real one.
    pub async fn password_is_right(&self, login: &str, password: &str) -> Result<bool, DbErr> {
        Ok(self.attempt(login, password).await? != Attempt::WrongPassword)
    }

    /// Connects once as `login` with `password`, and says how the server answered.
    pub(super) async fn attempt(&self, login: &str, password: &str) -> Result<Attempt, DbErr> {
        use sea_orm::sqlx::postgres::PgConnectOptions;
        use sea_orm::sqlx::{ConnectOptions as _, Connection};
        let options = PgConnectOptions::from_url(&self.url)
            .map_err(|e| DbErr::Custom(format!("the team desk's address: {e}")))?
            .username(login)
            .password(password)
            .options(SESSION_SETTINGS)
            .application_name(&desktop());
        let attempt = tokio::time::timeout(CONNECT_TIMEOUT, options.connect()).await;
        let refusal = match attempt {
            Err(_) => return Err(DbErr::Custom(format!("no answer within {} seconds", CONNECT_TIMEOUT.as_secs()))),
            Ok(Ok(connection)) => {
                let _ = connection.close().await;
                return Ok(Attempt::LoggedIn);
            }
            Ok(Err(sqlx::Error::Database(refusal))) => refusal,
            Ok(Err(other)) => return Err(DbErr::Conn(RuntimeErr::SqlxError(other.into()))),
        };
        match refusal.code().as_deref() {
            Some(WRONG_PASSWORD) => Ok(Attempt::WrongPassword),
            Some(MAY_NOT_LOG_IN) if refusal.message().contains("not permitted to log in") => Ok(Attempt::MayNotLogIn),
            _ => Err(DbErr::Conn(RuntimeErr::SqlxError(sqlx::Error::Database(refusal).into()))),
        }
    }
}

/// How the server answered a login's password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Attempt {
    LoggedIn,
    /// The password was right, and the login may not log in (its account deactivated or locked).
    MayNotLogIn,
    WrongPassword,
}

/// The password of every desk's guest login (migration 15), which every desktop knows: the guest
/// may only call the functions that sign in and register.
const GUEST_PASSWORD: &str = "guest";

/// The desk's key for the database `name`, as migration 14 makes it on the server: the name
/// itself when it is short and plain, else `hd` and ten hex digits of its MD5. A desktop that
/// joins a desk needs it before it connects, to name the guest's login and each person's.
pub fn desk_key(name: &str) -> String {
    use md5::Digest;
    let plain = name.len() <= 20
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain {
        return name.to_owned();
    }
    let digest = md5::Md5::digest(name.as_bytes());
    let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("hd{}", &hex[..10])
}

/// PostgreSQL's answer to a wrong password (`invalid_password`).
const WRONG_PASSWORD: &str = "28P01";
/// Its answer to a login that may not log in, once its password was right
/// (`invalid_authorization_specification`).
const MAY_NOT_LOG_IN: &str = "28000";

/// Connects to the team desk at `url`. An address naming a login works through it and applies the
/// desk's pending migrations under the lock; one naming none joins the desk as its guest, until a
/// person signs in as their own login (`Database::sign_in`), and only reads which migrations ran.
pub async fn open(url: &str) -> Result<Database, DbErr> {
    let address = address(url);
    let mut url = url::Url::parse(&secured(url)?).map_err(|e| DbErr::Custom(e.to_string()))?;
    let joined = url.username().is_empty();
    let joined_key = if joined {
        let database = percent_decoded(url.path().trim_start_matches('/'));
        if database.is_empty() {
            return Err(DbErr::Custom(
                "The team desk's address names no database: add its name, as in postgres://server/helpdesk.".into(),
            ));
        }
        let key = desk_key(&database);
        let guest = format!("{key}_guest");
        url.set_username(&guest)
            .and_then(|()| url.set_password(Some(GUEST_PASSWORD)))
            .map_err(|()| DbErr::Custom("the team desk's address takes no login".into()))?;
        Some(key)
    } else {
        None
    };
    reach(url.as_str()).await?;
    let db = pool(url.as_str()).await?;
    let key = match joined_key {
        Some(key) => {
            check_migrations(&db).await?;
            key
        }
        None => {
            migrate(&db).await?;
            let key = Statement::from_string(DbBackend::Postgres, "SELECT helpdesk_desk_key()");
            let key = db.query_one_raw(key).await?.ok_or_else(|| DbErr::Custom("the desk has no key".into()))?;
            key.try_get_by_index(0)?
        }
    };
    // Only a URL that cannot have a password refuses to drop it, and then it has none.
    let _ = url.set_password(None);
    if joined {
        let _ = url.set_username("");
    }
    Ok(Database::on_server(db, Server { url, address, key, joined }))
}

/// A pool of connections to `url`.
async fn pool(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url);
    // Statements are not logged: they would fill the log with every query of every screen.
    options.max_connections(CONNECTIONS).min_connections(0).sqlx_logging(false);
    // A server that does not answer is said so within seconds, not after the driver's half minute.
    options.connect_timeout(CONNECT_TIMEOUT).acquire_timeout(CONNECT_TIMEOUT * 2);
    // Only a connection left idle a while may have been dropped by the server or the network:
    // pinging every one before each statement was one more round trip per read and per write.
    options.test_before_acquire_if_idle_for(IDLE_BEFORE_PING);
    options.map_sqlx_postgres_opts(|connection| connection.options(SESSION_SETTINGS).application_name(&desktop()));
    sea_orm::Database::connect(options).await
}

/// A URL's percent-encoded part as text.
pub fn percent_decoded(part: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", part.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default()
}

/// What a database holds before a team desk is set up in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// Nothing of its own: a desk can be set up in it.
    Empty,
    /// A desk with no account yet (a setup that stopped before its first admin).
    DeskWithoutAccounts,
    /// A desk with accounts.
    Desk,
    /// Tables that are not a desk's.
    SomethingElse,
}

/// What the database at `url` holds, read by connecting once alone.
pub async fn found(url: &str) -> Result<Found, DbErr> {
    use sea_orm::sqlx::{Connection, Row, postgres::PgConnection};
    let url = &secured(url)?;
    reach(url).await?;
    let mut connection = PgConnection::connect(url).await.map_err(|e| DbErr::Conn(RuntimeErr::SqlxError(e.into())))?;
    let query = "SELECT count(*) FILTER (WHERE relname NOT IN ('seaql_migrations')), \
                 count(*) FILTER (WHERE relname IN ('seaql_migrations', 'users')) \
                 FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p', 'v', 'm', 'f')";
    let failed = |e: sqlx::Error| DbErr::Query(RuntimeErr::SqlxError(e.into()));
    let row = sqlx::query(query).fetch_one(&mut connection).await.map_err(failed)?;
    let (tables, desk_tables): (i64, i64) = (row.get(0), row.get(1));
    let found = match (tables, desk_tables) {
        (0, _) => Found::Empty,
        (_, 2) => {
            let accounts: i64 =
                sqlx::query_scalar("SELECT count(*) FROM users").fetch_one(&mut connection).await.map_err(failed)?;
            if accounts == 0 { Found::DeskWithoutAccounts } else { Found::Desk }
        }
        _ => Found::SomethingElse,
    };
    let _ = connection.close().await;
    Ok(found)
}

/// The desk's roles on its server: the owner, the groups and every account's login.
pub async fn roles(db: &Database) -> Result<Vec<String>, DbErr> {
    let server = db.server().ok_or_else(|| DbErr::Custom("not a team desk".into()))?;
    let roles = Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT rolname::text FROM pg_roles WHERE rolname IN ($1 || '_owner', $1 || '_guest', $1 || '_admin', $1 || '_agent', \
         $1 || '_customer') OR starts_with(rolname, $1 || '.') ORDER BY rolname LIKE '%.%', rolname",
        [server.key().into()],
    );
    let rows = db.orm().query_all_raw(roles).await?;
    rows.iter().map(|row| row.try_get_by_index(0)).collect()
}

/// The TLS modes that verify the server's certificate.
const VERIFIED: [&str; 2] = ["verify-full", "verify-ca"];

/// `url` as the desk connects to it: a server on another machine only over TLS with its certificate
/// verified (`sslmode=verify-full` unless the URL asks for `verify-ca`; a `sslrootcert` in the URL
/// names a private authority), since the connection carries every ticket and password. A server on
/// this machine (a local address or a socket) is reached as the URL says.
fn secured(url: &str) -> Result<String, DbErr> {
    let mut parsed = url::Url::parse(url)
        .map_err(|e| DbErr::Custom(format!("The team desk's address is not a valid URL ({e}).")))?;
    // A `postgres://` URL's host is opaque to the URL parser: an address is read from its text.
    let local = match parsed.host() {
        None => true,
        Some(url::Host::Domain(name)) => {
            let name = name.trim_start_matches('[').trim_end_matches(']');
            name.is_empty() || name == "localhost" || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
        }
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
    };
    let sslmode = parsed.query_pairs().find(|(key, _)| key == "sslmode").map(|(_, mode)| mode.into_owned());
    match sslmode {
        _ if local => Ok(url.to_owned()),
        Some(mode) if VERIFIED.contains(&mode.as_str()) => Ok(url.to_owned()),
        Some(mode) => Err(DbErr::Custom(format!(
            "A team desk on another machine is reached only over TLS with a verified certificate, and the address \
             asks for sslmode={mode}. Leave sslmode out (verify-full is used) or use sslmode=verify-full."
        ))),
        None => {
            parsed.query_pairs_mut().append_pair("sslmode", "verify-full");
            Ok(parsed.to_string())
        }
    }
}

/// Connects once, alone, to say why the server cannot be reached (refused, unknown host, a wrong
/// password, no such database): the pool only says that it timed out while retrying.
async fn reach(url: &str) -> Result<(), DbErr> {
    use sea_orm::sqlx::{Connection, postgres::PgConnection};
    let unreachable = |cause: String| DbErr::Conn(sea_orm::RuntimeErr::Internal(cause));
    match tokio::time::timeout(CONNECT_TIMEOUT, PgConnection::connect(url)).await {
        Err(_) => Err(unreachable(format!("no answer within {} seconds", CONNECT_TIMEOUT.as_secs()))),
        Ok(Err(error)) => Err(unreachable(error.to_string())),
        Ok(Ok(connection)) => connection.close().await.map_err(|error| unreachable(error.to_string())),
    }
}

/// `url` without its password, to show and to tell desks apart by.
pub(super) fn address(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) => {
            // Only a URL that cannot have a password refuses to drop it, and then it has none.
            let _ = parsed.set_password(None);
            parsed.to_string()
        }
        Err(_) => "a PostgreSQL server".to_owned(),
    }
}

async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    // The lock belongs to a transaction on one of the pool's connections and ends with it, however
    // the migrations end; they run on the pool's other connections.
    let lock = db.begin().await?;
    let take = Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT pg_advisory_xact_lock($1)",
        [MIGRATION_LOCK.into()],
    );
    lock.query_one_raw(take).await?;
    // Read through the pool, not in the lock's transaction: the table's read lock would last as long
    // as the transaction, and a migration changing the table itself (its owner, its policies) would
    // wait for it for ever.
    // A desk already up to date is not touched: a person's own login may not create or change
    // anything in its schema, not even the migrations' table "if it does not exist".
    match schema(db).await? {
        Schema::Current => return lock.commit().await,
        Schema::Newer(error) => return Err(error),
        Schema::Older(_) => {}
    }
    Migrator::up(db, None).await.map_err(|error| match sql_state(&error).as_deref() {
        Some(NOT_PERMITTED) => DbErr::Custom(
            "This version of Helpdesk brings changes to the team desk's database that only its owner may make. \
             Open the desk once with the database account that set it up (or a member of its owner role), \
             then everyone can use it."
                .into(),
        ),
        _ => error,
    })?;
    lock.commit().await
}

/// How the desk's schema compares with the one this app knows; each refusal says so to the person.
enum Schema {
    Current,
    Older(DbErr),
    Newer(DbErr),
}

async fn schema(db: &DatabaseConnection) -> Result<Schema, DbErr> {
    let applied = applied_migrations(db).await?;
    if let Some(unknown) = unknown_migrations(&applied, &known_migrations()) {
        return Ok(Schema::Newer(DbErr::Custom(format!(
            "The team desk's database was set up by a newer version of Helpdesk (it has changes this version \
             does not know: {unknown}). Install the newer version to use it. The database has not been changed."
        ))));
    }
    if known_migrations().iter().all(|name| applied.contains(name)) {
        return Ok(Schema::Current);
    }
    Ok(Schema::Older(DbErr::Custom(
        "The team desk's database was set up by an older version of Helpdesk. Its owner brings it up to date \
         by opening it once with the database account that set it up (or `helpdesk server upgrade --url ...`); \
         then everyone can use it."
            .into(),
    )))
}

/// A joined desk is only read until someone signs in: its schema must be this app's.
async fn check_migrations(db: &DatabaseConnection) -> Result<(), DbErr> {
    match schema(db).await? {
        Schema::Current => Ok(()),
        Schema::Older(error) | Schema::Newer(error) => Err(error),
    }
}

/// PostgreSQL's answer to a statement the login may not run (`insufficient_privilege`).
const NOT_PERMITTED: &str = "42501";

/// The SQLSTATE of a statement the server refused.
fn sql_state(error: &DbErr) -> Option<String> {
    match error {
        DbErr::Exec(RuntimeErr::SqlxError(cause)) | DbErr::Query(RuntimeErr::SqlxError(cause)) => {
            cause.as_database_error().and_then(|e| e.code()).map(|code| code.into_owned())
        }
        _ => None,
    }
}

/// Acts as the desk's owner role for the rest of `txn` (a login that set the desk up is a member):
/// the role that owns the tables, may pause their triggers and makes the accounts' logins.
pub async fn act_as_owner(txn: &DatabaseTransaction, key: &str) -> Result<(), DbErr> {
    txn.execute_unprepared(&format!("SET LOCAL ROLE {}", quoted(&format!("{key}_owner")))).await.map(|_| ())
}

/// Gives every account of a desk copied in (its triggers paused) its login, each with the SCRAM
/// secret of its password or one-time code from `secrets` (username, secret), acting as the owner
/// role (`act_as_owner`).
pub async fn make_logins(txn: &DatabaseTransaction, key: &str, secrets: &[(String, String)]) -> Result<(), DbErr> {
    txn.execute_unprepared("SELECT helpdesk_make_login(username, role, active AND locked_until IS NULL) FROM users")
        .await?;
    for (username, secret) in secrets {
        // A secret is Base64 and `$:`, never a quote; doubled all the same.
        let login = quoted(&format!("{key}.{username}"));
        let secret = secret.replace('\'', "''");
        txn.execute_unprepared(&format!("ALTER ROLE {login} PASSWORD '{secret}' VALID UNTIL 'infinity'")).await?;
    }
    Ok(())
}

/// A name quoted as an SQL identifier.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn another_machine_is_reached_over_verified_tls_and_this_one_as_asked() {
        let remote = secured("postgres://ada:pw@db.example.com/helpdesk").expect("secured");
        assert_eq!(remote, "postgres://ada:pw@db.example.com/helpdesk?sslmode=verify-full");
        let with_ca = "postgres://ada:pw@10.0.0.5/helpdesk?sslmode=verify-ca&sslrootcert=/etc/ca.pem";
        assert_eq!(secured(with_ca).expect("kept"), with_ca);
        for weak in ["disable", "prefer", "require"] {
            let refused = secured(&format!("postgres://db.example.com/helpdesk?sslmode={weak}")).expect_err("refused");
            assert!(refused.to_string().contains("verified certificate"), "{refused}");
        }
        for local in ["postgres://ada@localhost:5433/desk", "postgres://127.0.0.1/desk", "postgres://[::1]/desk"] {
            assert_eq!(secured(local).expect("local"), local);
        }
        assert_eq!(
            secured("postgres:///desk?host=/run/postgresql").expect("socket"),
            "postgres:///desk?host=/run/postgresql"
        );
    }
}
