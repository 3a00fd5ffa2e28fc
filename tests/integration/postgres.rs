//! The schema on PostgreSQL (a team desk): every migration applies, reverts and applies again; the
//! triggers keep the tallies, the agents' loads and the search index as they do on SQLite; desktops
//! opening one new desk at once migrate it once; a newer schema is refused untouched. Each
//! test has a database of its own on the server named by `HELPDESK_TEST_POSTGRES` (`npm test`
//! starts a throw-away local cluster for it).
use helpdesk_core::entities::users::Role;
use helpdesk_core::infra::database::{Database, DeskTarget};
use helpdesk_core::infra::server;
use helpdesk_core::store;
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::common::{ServerDatabase, server};

/// A new database on the test server, opened (and so migrated) as a desktop opens a team desk,
/// and its guard.
async fn migrated(server: &str) -> (Database, ServerDatabase) {
    let database = ServerDatabase::create(server).await;
    (server::open(&database.url()).await.expect("open the team desk"), database)
}

async fn execute(db: &Database, sql: &str) {
    db.execute_unprepared(sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// An account written straight into the table (the account services run on PostgreSQL later).
async fn add_account(db: &Database, username: &str, name: &str, role: &str) {
    let sql = format!(
        "INSERT INTO users (username, email, display_name, password_hash, role, created_at, updated_at) \
         VALUES ('{username}', '{username}@example.com', '{name}', 'x', '{role}', 0, 0)"
    );
    execute(db, &sql).await;
}

/// The first column of every row of `sql`, as text.
async fn column(db: &Database, sql: &str) -> Vec<String> {
    let rows = db.query_all_raw(Statement::from_string(DbBackend::Postgres, sql)).await.expect(sql);
    rows.iter().map(|row| row.try_get_by_index::<String>(0).expect("text")).collect()
}

#[tokio::test]
async fn every_migration_applies_reverts_and_applies_again() {
    let Some(server) = server() else { return };
    let (db, _database) = migrated(&server).await;
    let tables =
        column(&db, "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")
            .await;
    for table in [
        "assignee_counts",
        "audit_log",
        "comments",
        "departments",
        "settings",
        "ticket_counts",
        "ticket_history",
        "ticket_search",
        "ticket_titles",
        "tickets",
        "unknown_logins",
        "users",
    ] {
        assert!(tables.iter().any(|t| t == table), "missing table {table} in {tables:?}");
    }
    Migrator::down(db.orm(), None).await.expect("down all");
    assert_eq!(Migrator::get_pending_migrations(db.orm()).await.expect("pending").len(), Migrator::migrations().len());
    let left = column(
        &db,
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' \
         AND table_name <> 'seaql_migrations'",
    )
    .await;
    assert!(left.is_empty(), "left behind: {left:?}");
    Migrator::up(db.orm(), None).await.expect("up again");
    assert!(Migrator::get_pending_migrations(db.orm()).await.expect("pending").is_empty());
}

#[tokio::test]
async fn desktops_opening_one_new_desk_at_once_migrate_it_once() {
    let Some(server) = server() else { return };
    let database = ServerDatabase::create(&server).await;
    let url = database.url();
    let desktops: Vec<_> = (0..8)
        .map(|_| {
            let url = url.clone();
            tokio::spawn(async move { server::open(&url).await })
        })
        .collect();
    for desktop in desktops {
        desktop.await.expect("a desktop").expect("opened");
    }
    let db = server::open(&url).await.expect("open again");
    let applied = column(&db, "SELECT version FROM seaql_migrations").await;
    assert_eq!(applied.len(), Migrator::migrations().len(), "each migration recorded once: {applied:?}");
    let departments = column(&db, "SELECT name::text FROM departments").await;
    assert_eq!(departments, ["General"], "the first department made once");
}

#[tokio::test]
async fn a_desk_set_up_by_a_newer_version_is_refused_and_left_untouched() {
    let Some(server) = server() else { return };
    let database = ServerDatabase::create(&server).await;
    let url = database.url();
    let db = server::open(&url).await.expect("open");
    // The last migration pending again, and one from the future applied: nothing may run.
    Migrator::down(db.orm(), Some(1)).await.expect("revert the last migration");
    execute(&db, "INSERT INTO seaql_migrations (version, applied_at) VALUES ('m20991231_000001_from_the_future', 0)")
        .await;
    let before = column(&db, "SELECT version FROM seaql_migrations ORDER BY 1").await;

    let error = server::open(&url).await.expect_err("refused");
    let message = error.to_string();
    assert!(
        message.contains("newer version of Helpdesk") && message.contains("m20991231_000001_from_the_future"),
        "{message}"
    );
    assert!(message.contains("has not been changed"), "{message}");
    assert_eq!(column(&db, "SELECT version FROM seaql_migrations ORDER BY 1").await, before);
    // The last migration's table was not made again.
    let made = column(&db, "SELECT relname::text FROM pg_class WHERE relname = 'change_log'").await;
    assert!(made.is_empty(), "the pending migration did not run: {made:?}");
}

#[tokio::test]
async fn the_hot_reads_go_through_the_pool_and_the_desk_is_named_without_its_password() {
    let Some(server) = server() else { return };
    let database = ServerDatabase::create(&server).await;
    let url = database.url();
    let db = server::open(&url).await.expect("open");
    assert!(db.path().is_none(), "a team desk has no file");
    assert!(db.desk().contains("helpdesk_test_") && !db.desk().contains(&password_of(&url)), "{}", db.desk());
    // Planned for a desk read from memory or a solid-state disk, with the pairs the queue filters by counted.
    assert_eq!(column(&db, "SHOW random_page_cost").await, ["1.1"]);
    // Each desktop names itself to the server.
    let named = column(&db, "SHOW application_name").await;
    assert_eq!(named, [server::desktop()]);
    assert!(named[0].starts_with("Helpdesk ") && named[0].contains(" on "), "{named:?}");
    let counted = column(&db, "SELECT stxname::text FROM pg_statistic_ext ORDER BY 1").await;
    assert_eq!(
        counted,
        ["stats_tickets_status_assignee", "stats_tickets_status_department", "stats_tickets_status_priority"]
    );
    // No ticket yet: an empty range of ids (a count and two nulls read).
    assert_eq!(store::tickets::ids_created_between(&db, None, None, 10).await.expect("read"), Some((1, 0)));
    add_account(&db, "robin", "Robin Agent", "agent").await;
    let standing = store::users::standing(&db, 1).await.expect("read").expect("an account");
    assert_eq!((standing.role, standing.active, standing.timeout_minutes), (Role::Agent, true, 30));
}

#[tokio::test]
async fn a_team_desk_is_not_backed_up_from_the_app() {
    let Some(server) = server() else { return };
    let (db, _database) = migrated(&server).await;
    add_account(&db, "ada", "Ada Admin", "admin").await;
    let error = helpdesk_core::ops::backups::list(&db, &crate::common::signed_in(1)).await.expect_err("refused");
    assert_eq!(error.code, helpdesk_core::error::ErrorCode::Forbidden);
    assert!(error.message.contains("pg_dump"), "{}", error.message);
}

/// The password in `url` (the test server's is generated, never empty).
fn password_of(url: &str) -> String {
    let parsed = url::Url::parse(url).expect("a URL");
    parsed.password().expect("a password").to_owned()
}

#[tokio::test]
async fn the_triggers_keep_tallies_loads_and_search_in_step() {
    let Some(server) = server() else { return };
    let (db, _database) = migrated(&server).await;
    add_account(&db, "robin", "Robin Agent", "agent").await;
    add_account(&db, "pat", "Pat Customer", "customer").await;
    // Filed with an assignee, as automatic assignment does.
    execute(
        &db,
        "INSERT INTO tickets (number, title, description, status, priority, department_id, requester_id, \
         assignee_id, created_at, updated_at) SELECT 1, 'Printer jams', 'The café printer stops', 'open', 'high', \
         1, (SELECT id FROM users WHERE username = 'pat'), (SELECT id FROM users WHERE username = 'robin'), 100, 200",
    )
    .await;
    execute(
        &db,
        "INSERT INTO comments (ticket_id, author_id, body, internal, created_at) VALUES \
         (1, 1, 'Tried the spooler', false, 300), (1, 1, 'Vendor contract expired', true, 400)",
    )
    .await;
    let one = |sql: &str| {
        let sql = sql.to_owned();
        let db = db.clone();
        async move { column(&db, &sql).await.join(",") }
    };
    assert_eq!(one("SELECT tickets::text FROM ticket_counts WHERE status = 'open' AND priority = 'high'").await, "1");
    assert_eq!(one("SELECT concat(assignee_id, ':', tickets) FROM assignee_counts").await, "1:1");
    assert_eq!(
        one("SELECT concat(active_tickets, ':', last_assigned_at) FROM users WHERE username = 'robin'").await,
        "1:200"
    );
    assert_eq!(one("SELECT new_value FROM ticket_history WHERE field = 'auto_assignee'").await, "Robin Agent");

    // Title words weigh A, the public conversation B, the notes D; accents and case do not count.
    let found = |query: &'static str| {
        one(&format!("SELECT count(*)::text FROM ticket_search WHERE words @@ to_tsquery('helpdesk_words', '{query}')"))
    };
    assert_eq!(found("printer:A & cafe:B & spooler:B").await, "1");
    assert_eq!(found("vendor:AB").await, "0", "a note's word is not public");
    assert_eq!(found("vendor:D & contract").await, "1");
    let titled = |query: &'static str| {
        one(&format!("SELECT count(*)::text FROM ticket_titles WHERE title @@ to_tsquery('helpdesk_words', '{query}')"))
    };
    assert_eq!(titled("jams").await, "1");
    assert_eq!(titled("spooler").await, "0");

    execute(&db, "UPDATE tickets SET title = 'Scanner jams', status = 'resolved', resolved_at = 1100 WHERE id = 1")
        .await;
    execute(&db, "UPDATE comments SET internal = false WHERE body LIKE 'Vendor%'").await;
    assert_eq!(one("SELECT tickets::text FROM ticket_counts WHERE status = 'open'").await, "0");
    assert_eq!(
        one("SELECT concat(tickets, ':', resolved, ':', resolution_ms) FROM assignee_counts WHERE status = 'resolved'")
            .await,
        "1:1:1000"
    );
    assert_eq!(one("SELECT active_tickets::text FROM users WHERE username = 'robin'").await, "0");
    assert_eq!(found("scanner:A & vendor:B").await, "1");
    assert_eq!(titled("printer").await, "0");

    // A deleted ticket takes its comments, its index rows and its place in the tallies with it.
    execute(&db, "DELETE FROM tickets WHERE id = 1").await;
    assert_eq!(one("SELECT coalesce(sum(tickets), 0)::text FROM ticket_counts").await, "0");
    assert_eq!(one("SELECT coalesce(sum(tickets), 0)::text FROM assignee_counts").await, "0");
    assert_eq!(
        one("SELECT ((SELECT count(*) FROM ticket_search) + (SELECT count(*) FROM ticket_titles))::text").await,
        "0"
    );
}

#[tokio::test]
async fn a_server_that_cannot_be_reached_or_refuses_the_login_is_said_plainly_without_the_password() {
    let Some(server) = server() else { return };
    let wrong_password = server.replacen(&password_of(&server), "not-the-password", 1);
    let mut closed = url::Url::parse(&server).expect("a URL");
    closed.set_port(Some(1)).expect("a port");
    // The test server's certificate is its own (self-signed): TLS works, and verifying it fails.
    let verified = format!("{server}?sslmode=verify-full");
    let cases = [
        (wrong_password, "password authentication failed"),
        (closed.to_string(), "refused"),
        (verified, "certificate"),
    ];
    for (url, cause) in cases {
        let error = DeskTarget::Server(url.clone()).open().await.expect_err("cannot open");
        let told = helpdesk_core::infra::database::open_failure(&error);
        assert!(told.starts_with("Helpdesk cannot reach the team desk at postgres://"), "{told}");
        assert!(told.contains(cause), "{told}");
        assert!(!told.contains(&password_of(&url)), "{told}");
    }
}

/// A team desk set up before every account had a login: the upgrade makes each account's login
/// (no password yet), and the account's next right password, checked against its Argon2 hash,
/// moves to that login; the hash goes.
#[tokio::test]
async fn accounts_from_before_logins_get_theirs_and_keep_their_passwords() {
    use crate::common::PASSWORD;
    use helpdesk_core::access::SessionSlot;
    use helpdesk_core::error::ErrorCode;
    use helpdesk_core::ops::auth::{self, Credentials};
    let Some(server) = server() else { return };
    let database = ServerDatabase::create(&server).await;
    let url = database.url();
    let db = server::open(&url).await.expect("open");
    Migrator::down(db.orm(), Some(1)).await.expect("back to before logins");
    let hash = helpdesk_core::infra::passwords::hash(PASSWORD.into()).await.expect("hash");
    execute(
        &db,
        &format!(
            "INSERT INTO users (username, email, display_name, password_hash, role, created_at, updated_at) \
             VALUES ('ada', 'ada@example.com', 'Ada', '{hash}', 'admin', 0, 0)"
        ),
    )
    .await;

    let db = server::open(&url).await.expect("upgraded");
    let team = db.server().expect("a team desk");
    let login = team.login("ada");
    let made = column(&db, &format!("SELECT rolname::text FROM pg_roles WHERE rolname = '{login}'")).await;
    assert_eq!(made, std::slice::from_ref(&login), "the account's login made by the upgrade");
    assert!(!team.password_is_right(&login, PASSWORD).await.expect("checked"), "no password yet");

    let wrong = Credentials { login: "ada".into(), password: "not-her-password".into() };
    let refused = auth::login(&db, &SessionSlot::default(), wrong).await.expect_err("wrong");
    assert_eq!(refused.code, ErrorCode::Unauthenticated);
    let right = Credentials { login: "ada".into(), password: PASSWORD.into() };
    auth::login(&db, &SessionSlot::default(), right.clone()).await.expect("her password as it was");
    assert_eq!(column(&db, "SELECT password_hash FROM users").await, [""], "the hash is gone");
    assert!(team.password_is_right(&login, PASSWORD).await.expect("checked"), "the login has it now");
    auth::login(&db, &SessionSlot::default(), right).await.expect("and the next login checks it there");
}
