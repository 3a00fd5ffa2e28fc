use helpdesk_core::access::SessionSlot;
use helpdesk_core::entities::users::Role;
use helpdesk_core::infra::database::Database;
use helpdesk_core::infra::server;
use helpdesk_core::ops::users::{NewAccount, UserDto, insert_account};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use tempfile::TempDir;

/// A fresh migrated database: a file in its own temporary directory or, on the PostgreSQL leg of
/// `npm test` (`HELPDESK_TEST_BACKEND=postgres`), a database of its own on the test server, dropped
/// with the guard. The directory is there on both, for what a test writes beside the desk.
pub struct TestDb {
    pub db: Database,
    pub dir: TempDir,
    /// The server database, dropped with the guard, on the PostgreSQL leg.
    server_database: Option<ServerDatabase>,
}

pub async fn test_db() -> TestDb {
    if !on_postgres_leg() {
        return file_desk().await;
    }
    let url = server().expect("the PostgreSQL leg needs HELPDESK_TEST_POSTGRES");
    let database = ServerDatabase::create(&url).await;
    let db = server::open(&database.url()).await.expect("open the team desk");
    TestDb { db, dir: tempfile::tempdir().expect("temporary directory"), server_database: Some(database) }
}

impl TestDb {
    /// The desk's server URL, on the PostgreSQL leg: for a second desktop to open it.
    pub fn server_url(&self) -> Option<String> {
        self.server_database.as_ref().map(ServerDatabase::url)
    }

    /// The desk as the app finds it when it starts again: the file closed and opened again, or
    /// the server's database opened by another desktop.
    pub async fn restarted(&self) -> Database {
        if let Some(url) = self.server_url() {
            return server::open(&url).await.expect("open the team desk again");
        }
        let path = self.db.path().expect("a desk file").to_owned();
        self.db.clone().close().await.expect("close");
        helpdesk_core::infra::database::open(&path).await.expect("reopen")
    }
}

async fn file_desk() -> TestDb {
    let dir = tempfile::tempdir().expect("temporary directory");
    let db = helpdesk_core::infra::database::open(&dir.path().join("test.sqlite3")).await.expect("open database");
    TestDb { db, dir, server_database: None }
}

/// Whether this run is the suite's PostgreSQL leg.
pub fn on_postgres_leg() -> bool {
    std::env::var("HELPDESK_TEST_BACKEND").is_ok_and(|backend| backend == "postgres")
}

/// The test server, or `None` (with a note) when none is given outside CI; under CI a missing
/// server is a failure, so the PostgreSQL tests can never be skipped there unseen.
pub fn server() -> Option<String> {
    let url = std::env::var("HELPDESK_TEST_POSTGRES").ok().filter(|url| !url.is_empty());
    if url.is_none() {
        assert!(std::env::var_os("CI").is_none(), "HELPDESK_TEST_POSTGRES is not set: run the tests with `npm test`");
        eprintln!("no PostgreSQL server (HELPDESK_TEST_POSTGRES): PostgreSQL test skipped");
    }
    url
}

/// A new, empty database on the test server, dropped with this guard.
pub struct ServerDatabase {
    server: String,
    name: String,
}

impl ServerDatabase {
    pub async fn create(server: &str) -> ServerDatabase {
        let name = format!("helpdesk_test_{}_{}", std::process::id(), fastrand::u64(..));
        let admin = sea_orm::Database::connect(server).await.expect("connect to the test server");
        admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create database");
        admin.close().await.expect("close");
        ServerDatabase { server: server.to_owned(), name }
    }

    pub fn url(&self) -> String {
        let (base, _) = self.server.rsplit_once('/').expect("a URL with a database");
        format!("{base}/{}", self.name)
    }
}

/// The key of the desk at `url` (its roles' names start with it), if its migrations made one.
async fn desk_key(url: &str) -> Option<String> {
    let desk = sea_orm::Database::connect(url).await.ok()?;
    let key = desk.query_one_raw(Statement::from_string(DbBackend::Postgres, "SELECT helpdesk_desk_key()")).await;
    let _ = desk.close().await;
    key.ok().flatten()?.try_get_by_index(0).ok()
}

impl Drop for ServerDatabase {
    /// Drops the database (its connections too) on a runtime of its own: the test's runtime may be
    /// ending.
    fn drop(&mut self) {
        let database = (self.server.clone(), self.name.clone(), self.url());
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
            runtime.block_on(async {
                let admin = sea_orm::Database::connect(&database.0).await?;
                let key = desk_key(&database.2).await;
                admin.execute_unprepared(&format!("DROP DATABASE {} WITH (FORCE)", database.1)).await?;
                // The desk's roles are the server's: they outlive its database.
                if let Some(key) = key {
                    let roles = Statement::from_sql_and_values(
                        DbBackend::Postgres,
                        "SELECT string_agg(quote_ident(rolname), ', ') FROM pg_roles \
                         WHERE starts_with(rolname, $1 || '.') OR rolname IN ($1 || '_customer', $1 || '_agent', \
                         $1 || '_admin', $1 || '_owner', $1 || '_guest')",
                        [key.into()],
                    );
                    let row = admin.query_one_raw(roles).await?;
                    let roles: Option<String> = row.and_then(|row| row.try_get_by_index(0).ok());
                    if let Some(roles) = roles {
                        admin.execute_unprepared(&format!("DROP ROLE {roles}")).await?;
                    }
                }
                admin.close().await
            })
        });
        if let Err(error) = dropped.join().expect("the drop finished") {
            eprintln!("could not drop the test database: {error}");
        }
    }
}

pub const PASSWORD: &str = "plum-kettle-harbour";

pub fn account(username: &str) -> NewAccount {
    NewAccount {
        username: username.into(),
        email: format!("{username}@example.com"),
        display_name: None,
        password: PASSWORD.into(),
    }
}

pub async fn user(db: &Database, username: &str, role: Role) -> UserDto {
    insert_account(db, account(username), role).await.expect("insert account").into()
}

/// A session signed in as `user_id`, as a successful login leaves it.
pub fn signed_in(user_id: i32) -> SessionSlot {
    let session = SessionSlot::default();
    session.start(user_id);
    session
}

pub async fn first_admin(db: &Database) -> (UserDto, SessionSlot) {
    let session = SessionSlot::default();
    let admin =
        helpdesk_core::ops::auth::create_first_admin(db, &session, account("admin")).await.expect("first admin");
    (admin, session)
}

/// Turns automatic assignment on or off, as an admin would on the settings page.
pub async fn set_auto_assign(db: &Database, admin: &SessionSlot, on: bool) {
    use helpdesk_core::ops::settings;
    let current = settings::get(db, admin).await.expect("settings");
    settings::update(db, admin, settings::Settings { auto_assign: on, ..current }).await.expect("update settings");
}

/// A node of PostgreSQL's plan: its type, the table and index it reads (or empty), and its parent's
/// type (empty for the top).
pub type PlanNode = (String, String, String, String);

/// The nodes of PostgreSQL's plan for `statement`, found with
/// sequential scans and sorts made as dear as can be: a test database is too small for the planner
/// to prefer an index on cost, so a scan or sort left in the plan is one no index can spare.
pub async fn postgres_plan(db: &Database, statement: &Statement) -> Vec<PlanNode> {
    use sea_orm::TransactionTrait;
    let txn = db.orm().begin().await.expect("begin");
    txn.execute_unprepared("SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off").await.expect("settings");
    let explain = Statement::from_sql_and_values(
        DbBackend::Postgres,
        format!("EXPLAIN (FORMAT JSON) {}", statement.sql),
        statement.values.clone().map(|v| v.0).unwrap_or_default(),
    );
    let row = txn.query_one_raw(explain).await.expect("plan").expect("a row");
    let plan: serde_json::Value = row.try_get_by_index(0).expect("a plan");
    txn.rollback().await.expect("rollback");
    let mut nodes = Vec::new();
    let mut left = vec![(plan[0]["Plan"].clone(), String::new())];
    while let Some((node, parent)) = left.pop() {
        let text = |key: &str| node[key].as_str().unwrap_or_default().to_owned();
        let kind = text("Node Type");
        let children = node["Plans"].as_array().cloned().unwrap_or_default();
        left.extend(children.into_iter().map(|child| (child, kind.clone())));
        nodes.push((kind, text("Relation Name"), text("Index Name"), parent));
    }
    nodes
}

/// A pragma's value as text (`integrity_check` answers "ok" on a sound file).
pub async fn pragma(db: &impl ConnectionTrait, name: &str) -> String {
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), format!("PRAGMA {name}")))
        .await
        .expect("pragma")
        .expect("a row");
    row.try_get_by_index::<i64>(0)
        .map(|n| n.to_string())
        .or_else(|_| row.try_get_by_index::<String>(0))
        .expect("pragma value")
}
