//! On a team desk the server refuses what the app refuses: each account's own login, reached with a
//! plain PostgreSQL client (not the app), reads and writes only what its role may. Each case runs in
//! a transaction that is rolled back, so the cases do not depend on one another.
use helpdesk_core::entities::users::Role;
use helpdesk_core::infra::database::Database;
use helpdesk_core::infra::server::Server;
use helpdesk_core::ops::auth;
use helpdesk_core::ops::tickets::{self as service, NewComment, NewTicket};
use helpdesk_core::ops::users::{self as user_service, NewAccount};
use sea_orm::sqlx::postgres::{PgConnectOptions, PgConnection};
use sea_orm::sqlx::{self, ConnectOptions, Connection};

use crate::common::{PASSWORD, TestDb, first_admin, signed_in, test_db, user};

/// What a statement must come to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    /// Refused by the server (`insufficient_privilege`: no grant, a row-level policy's check, or the
    /// tickets' customer rule).
    Refused,
    /// Run, reading or changing this many rows.
    Rows(u64),
}
use Answer::{Refused, Rows};

/// A desk with an admin, an agent and two customers, each customer with a ticket that has a public
/// answer and an internal note.
struct Desk {
    test: TestDb,
    server: ServerLogins,
    cat: i32,
    dan: i32,
    cats_ticket: i32,
    dans_ticket: i32,
}

/// How a plain client reaches the test server as one of the desk's logins.
struct ServerLogins {
    url: String,
}

impl ServerLogins {
    async fn connect(&self, server: &Server, username: &str, password: &str) -> Result<PgConnection, sqlx::Error> {
        let options = PgConnectOptions::from_url(&self.url.parse().expect("a URL"))?
            .username(&server.login(username))
            .password(password);
        options.connect().await
    }
}

async fn desk() -> Option<Desk> {
    let test = test_db().await;
    let url = test.server_url()?;
    first_admin(&test.db).await;
    let agent = user(&test.db, "agent", Role::Agent).await;
    let cat = user(&test.db, "cat", Role::Customer).await;
    let dan = user(&test.db, "dan", Role::Customer).await;
    let mut tickets = Vec::new();
    for customer in [cat.id, dan.id] {
        let ticket = NewTicket {
            title: "Printer offline".into(),
            description: "It says offline.".into(),
            department_id: 1,
            priority: None,
            requester_id: None,
        };
        let id = service::create(&test.db, &signed_in(customer), ticket).await.expect("file").id;
        for (body, internal) in [("Try turning it on.", false), ("The third this week.", true)] {
            let note = NewComment { ticket_id: id, body: body.into(), internal };
            service::comment(&test.db, &signed_in(agent.id), note).await.expect("answer");
        }
        tickets.push(id);
    }
    Some(Desk {
        test,
        server: ServerLogins { url },
        cat: cat.id,
        dan: dan.id,
        cats_ticket: tickets[0],
        dans_ticket: tickets[1],
    })
}

impl Desk {
    fn db(&self) -> &Database {
        &self.test.db
    }

    fn server(&self) -> &Server {
        self.db().server().expect("a team desk")
    }

    /// Runs each of `cases` as `username`'s login, each in a transaction rolled back after it.
    async fn check(&self, username: &str, cases: &[(String, Answer)]) {
        let mut connection = self.server.connect(self.server(), username, PASSWORD).await.expect("the login connects");
        for (sql, expected) in cases {
            let mut txn = connection.begin().await.expect("begin");
            let answer = match sqlx::raw_sql(sqlx::AssertSqlSafe(sql.as_str())).execute(&mut *txn).await {
                Ok(done) => Rows(done.rows_affected()),
                Err(sqlx::Error::Database(refusal)) if refusal.code().as_deref() == Some("42501") => Refused,
                Err(other) => panic!("{username}: {sql}: {other}"),
            };
            txn.rollback().await.expect("rollback");
            assert_eq!(answer, *expected, "{username}: {sql}");
        }
    }
}

/// A SCRAM secret for any password (what `helpdesk_set_password` takes).
const SECRET: &str = "SCRAM-SHA-256$4096:c2FsdA==$c3RvcmVk:c2VydmVy";

fn case(sql: String, answer: Answer) -> (String, Answer) {
    (sql, answer)
}

#[tokio::test]
async fn each_roles_login_reads_and_writes_only_what_the_role_may() {
    let Some(desk) = desk().await else { return };
    let (cat, dan, mine, theirs) = (desk.cat, desk.dan, desk.cats_ticket, desk.dans_ticket);
    let comment = |ticket: i32, author: i32, internal: bool| {
        format!(
            "INSERT INTO comments (ticket_id, author_id, body, internal, created_at) VALUES ({ticket}, {author}, 'x', {internal}, 0)"
        )
    };
    let ticket_for = |requester: i32| {
        format!(
            "INSERT INTO tickets (number, title, description, status, priority, department_id, requester_id, \
             created_at, updated_at, version) VALUES (5000, 't', 'd', 'open', 'medium', 1, {requester}, 0, 0, 1)"
        )
    };
    let everyone_refused = [
        case("SELECT * FROM unknown_logins".into(), Refused),
        case("CREATE TABLE mine (a int)".into(), Refused),
        case("CREATE TEMPORARY TABLE tickets (a int)".into(), Refused),
        case("ALTER TABLE tickets NO FORCE ROW LEVEL SECURITY".into(), Refused),
        case("DROP TABLE audit_log".into(), Refused),
        case(format!("SET ROLE {}_owner", desk.server().key()), Refused),
        case("SELECT rolpassword FROM pg_authid".into(), Refused),
        case("UPDATE seaql_migrations SET applied_at = 0".into(), Refused),
        case("DELETE FROM ticket_counts".into(), Refused),
        case("INSERT INTO ticket_search (ticket_id, words) VALUES (1, '')".into(), Refused),
    ];

    let mut customer = vec![
        // Their own ticket and its public conversation, and no more.
        case("SELECT * FROM tickets".into(), Rows(1)),
        case(format!("SELECT * FROM tickets WHERE id = {theirs}"), Rows(0)),
        case("SELECT * FROM comments".into(), Rows(1)),
        case("SELECT * FROM comments WHERE internal".into(), Rows(0)),
        case(format!("SELECT * FROM ticket_history WHERE ticket_id = {theirs}"), Rows(0)),
        case("SELECT * FROM ticket_titles".into(), Rows(1)),
        case("SELECT words FROM ticket_search".into(), Refused),
        case("SELECT ticket_id, public_words FROM ticket_search".into(), Rows(1)),
        case(
            format!("SELECT ticket_id FROM ticket_search WHERE public_words @@ 'third' OR ticket_id = {theirs}"),
            Rows(0),
        ),
        // Staff names, never other customers, anyone's email, password or lockout.
        case("SELECT id, display_name FROM users".into(), Rows(3)),
        case(format!("SELECT id FROM users WHERE id = {dan}"), Rows(0)),
        case("SELECT email FROM users".into(), Refused),
        case("SELECT password_hash FROM users".into(), Refused),
        case("SELECT locked_until FROM users".into(), Refused),
        case("SELECT * FROM audit_log".into(), Refused),
        case("SELECT * FROM ticket_counts".into(), Rows(0)),
        case("SELECT * FROM assignee_counts".into(), Rows(0)),
        case("SELECT * FROM departments".into(), Rows(1)),
        // Writes: their own ticket and public comments, close and reopen; nothing else.
        case(ticket_for(cat), Rows(1)),
        case(ticket_for(dan), Refused),
        case(comment(mine, cat, false), Rows(1)),
        case(comment(mine, cat, true), Refused),
        case(comment(theirs, cat, false), Refused),
        case(comment(mine, dan, false), Refused),
        case(format!("UPDATE tickets SET status = 'closed' WHERE id = {mine}"), Rows(1)),
        case(format!("UPDATE tickets SET title = 'Mine' WHERE id = {mine}"), Rows(1)),
        case(format!("UPDATE tickets SET title = 'Mine' WHERE id = {theirs}"), Rows(0)),
        case(format!("UPDATE tickets SET priority = 'critical' WHERE id = {mine}"), Refused),
        case(format!("UPDATE tickets SET assignee_id = {cat} WHERE id = {mine}"), Refused),
        case(format!("UPDATE tickets SET requester_id = {dan} WHERE id = {mine}"), Refused),
        case(format!("UPDATE tickets SET status = 'in_progress' WHERE id = {mine}"), Refused),
        case(format!("DELETE FROM tickets WHERE id = {mine}"), Refused),
        case(format!("DELETE FROM comments WHERE ticket_id = {mine}"), Refused),
        case(format!("UPDATE users SET role = 'admin' WHERE id = {cat}"), Refused),
        case(format!("UPDATE users SET display_name = 'Cat' WHERE id = {cat}"), Rows(1)),
        case(format!("UPDATE users SET display_name = 'Dan' WHERE id = {dan}"), Rows(0)),
        case(format!("UPDATE users SET active = false WHERE id = {dan}"), Refused),
        case(
            "INSERT INTO users (username, email, display_name, password_hash, role, active, failed_logins, \
              created_at, updated_at) VALUES ('eve', 'eve@example.com', 'Eve', '', 'admin', true, 0, 0, 0)"
                .into(),
            Refused,
        ),
        case("UPDATE settings SET auto_assign = false".into(), Refused),
        case("INSERT INTO departments (name, created_at) VALUES ('Mine', 0)".into(), Refused),
        case(
            format!(
                "INSERT INTO audit_log (actor_id, actor_name, action, target, created_at) VALUES ({dan}, 'dan', 'x', 'y', 0)"
            ),
            Refused,
        ),
        case(format!("SELECT helpdesk_set_password({dan}, '{SECRET}')"), Refused),
    ];
    customer.extend(everyone_refused.iter().cloned());
    desk.check("cat", &customer).await;
}

#[tokio::test]
async fn staff_logins_reach_every_ticket_but_only_admins_change_the_desk() {
    let Some(desk) = desk().await else { return };
    let (cat, mine) = (desk.cat, desk.cats_ticket);
    let key = desk.server().key().to_owned();
    let agent_id = user_service_id(&desk, "agent").await;
    let audit_entries = {
        use sea_orm::{EntityTrait, PaginatorTrait};
        helpdesk_core::entities::audit_log::Entity::find().count(desk.db()).await.expect("count")
    };
    assert!(audit_entries > 0, "the first admin's creation is in the audit log");
    let shared = [
        case("SELECT * FROM tickets".into(), Rows(2)),
        case("SELECT * FROM comments WHERE internal".into(), Rows(2)),
        case("SELECT * FROM ticket_search".into(), Rows(2)),
        case("SELECT email FROM users".into(), Rows(4)),
        // The accounts table holds no password: the server keeps each login's secret.
        case("SELECT * FROM users WHERE password_hash <> ''".into(), Rows(0)),
        case("SELECT * FROM unknown_logins".into(), Refused),
        case("SELECT rolpassword FROM pg_authid".into(), Refused),
        case(format!("SET ROLE {key}_owner"), Refused),
        case("ALTER TABLE tickets NO FORCE ROW LEVEL SECURITY".into(), Refused),
        case("CREATE TEMPORARY TABLE tickets (a int)".into(), Refused),
        case(format!("UPDATE tickets SET priority = 'critical' WHERE id = {mine}"), Rows(1)),
    ];
    let mut agent = vec![
        // An agent sets only the first password of an account they create.
        case(format!("SELECT helpdesk_set_password({cat}, '{SECRET}')"), Refused),
        case("SELECT * FROM audit_log".into(), Refused),
        case("UPDATE settings SET auto_assign = false".into(), Refused),
        case("INSERT INTO departments (name, created_at) VALUES ('Field', 0)".into(), Refused),
        case("UPDATE departments SET name = 'Field'".into(), Refused),
        case(format!("DELETE FROM tickets WHERE id = {mine}"), Refused),
        case(format!("DELETE FROM comments WHERE ticket_id = {mine}"), Refused),
        case(format!("DELETE FROM users WHERE id = {cat}"), Refused),
        case(format!("UPDATE users SET role = 'admin' WHERE id = {agent_id}"), Refused),
        case(format!("UPDATE users SET active = false WHERE id = {cat}"), Rows(0)),
        case(new_account("eve", "admin"), Refused),
        case(new_account("eve", "agent"), Rows(1)),
        case(
            format!(
                "{}; SELECT helpdesk_set_password(currval('users_id_seq')::int, '{SECRET}')",
                new_account("fay", "customer")
            ),
            Rows(2),
        ),
        case(
            format!(
                "{}; {set}; {set}",
                new_account("fay", "customer"),
                set = format!("SELECT helpdesk_set_password(currval('users_id_seq')::int, '{SECRET}')")
            ),
            Refused,
        ),
        case(format!("UPDATE users SET display_name = 'Agent A' WHERE id = {agent_id}"), Rows(1)),
    ];
    agent.extend(shared.iter().cloned());
    desk.check("agent", &agent).await;

    let mut admin = vec![
        case("SELECT * FROM audit_log".into(), Rows(audit_entries)),
        case("UPDATE settings SET auto_assign = false".into(), Rows(1)),
        case("INSERT INTO departments (name, created_at) VALUES ('Field', 0)".into(), Rows(1)),
        case(format!("UPDATE users SET active = false WHERE id = {cat}"), Rows(1)),
        case(new_account("eve", "admin"), Rows(1)),
        case(format!("SELECT helpdesk_set_password({cat}, '{SECRET}')"), Rows(1)),
        case(format!("DELETE FROM tickets WHERE id = {mine}"), Rows(1)),
        case("DROP TABLE audit_log".into(), Refused),
    ];
    admin.extend(shared.iter().cloned());
    desk.check("admin", &admin).await;
}

fn new_account(username: &str, role: &str) -> String {
    format!(
        "INSERT INTO users (username, email, display_name, password_hash, role, active, failed_logins, created_at, \
         updated_at) VALUES ('{username}', '{username}@example.com', 'E', '', '{role}', true, 0, 0, 0)"
    )
}

async fn user_service_id(desk: &Desk, username: &str) -> i32 {
    use helpdesk_core::entities::users;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    users::Entity::find()
        .filter(users::Column::Username.eq(username))
        .one(desk.db())
        .await
        .expect("read")
        .expect("found")
        .id
}

/// A deactivated account's login and a locked one's are refused at connect, right password and
/// all, however the client connects; the lock lifts with the next right login after it ends.
#[tokio::test]
async fn deactivated_and_locked_accounts_cannot_connect() {
    let Some(desk) = desk().await else { return };
    let connects = |username: &'static str| {
        let desk = &desk;
        async move { desk.server.connect(desk.server(), username, PASSWORD).await.map(|_| ()) }
    };
    connects("dan").await.expect("an active account connects");
    let admin = user_service_id(&desk, "admin").await;
    user_service::set_active(desk.db(), &signed_in(admin), desk.dan, false).await.expect("deactivate");
    let refused = connects("dan").await.expect_err("a deactivated account");
    assert!(refused.to_string().contains("not permitted to log in"), "{refused}");
    user_service::set_active(desk.db(), &signed_in(admin), desk.dan, true).await.expect("activate");
    connects("dan").await.expect("active again");

    for _ in 0..5 {
        let wrong = auth::Credentials { login: "cat".into(), password: "not-the-password".into() };
        let _ = auth::login(desk.db(), &Default::default(), wrong).await;
    }
    let refused = connects("cat").await.expect_err("a locked account");
    assert!(refused.to_string().contains("not permitted to log in"), "{refused}");
    let wrong = desk.server.connect(desk.server(), "cat", "not-the-password").await.expect_err("wrong");
    assert!(refused.to_string() != wrong.to_string(), "a wrong password is told apart from a locked login");

    // Fifteen minutes later (the lock's end moved back), the app's next right login lifts it.
    use sea_orm::ConnectionTrait;
    desk.db()
        .execute_unprepared(&format!("UPDATE users SET locked_until = 1 WHERE id = {}", desk.cat))
        .await
        .expect("age the lock");
    connects("cat").await.expect_err("still refused until someone logs in");
    let right = auth::Credentials { login: "cat".into(), password: PASSWORD.into() };
    auth::login(desk.db(), &Default::default(), right).await.expect("the right password after the lock");
    connects("cat").await.expect("the login may log in again");
}

/// `helpdesk server init` and "Set up a team desk": an empty database gets the desk's roles, schema
/// and first admin, who connects with their own login; a database holding a desk with accounts,
/// or anything else, is refused as it is, and so is a first admin the rules refuse, before the
/// server is touched.
#[tokio::test]
async fn a_team_desk_is_set_up_in_an_empty_database_only() {
    use crate::common::{ServerDatabase, account, server};
    use helpdesk_core::error::ErrorCode;
    let Some(server) = server() else { return };
    let database = ServerDatabase::create(&server).await;
    let url = database.url();

    let weak = NewAccount { password: "password".into(), ..account("ada") };
    let refused = auth::set_up_team_desk(&url, weak).await.expect_err("a weak password");
    assert!(refused.fields.contains_key("password"), "{refused:?}");
    let tables = count_tables(&url).await;
    assert_eq!(tables, 0, "nothing made for a refused admin");

    let set_up = auth::set_up_team_desk(&url, account("ada")).await.expect("set up");
    let key = set_up.admin_login.split('.').next().expect("a key").to_owned();
    assert_eq!(set_up.admin_login, format!("{key}.ada"));
    for role in ["owner", "admin", "agent", "customer"] {
        assert!(set_up.roles.contains(&format!("{key}_{role}")), "{role} in {:?}", set_up.roles);
    }
    assert!(set_up.roles.contains(&set_up.admin_login));
    let options = PgConnectOptions::from_url(&url.parse().expect("a URL")).expect("options");
    let mut admin =
        options.username(&set_up.admin_login).password(PASSWORD).connect().await.expect("the admin's login");
    let accounts: i64 = sqlx::query_scalar("SELECT count(*) FROM users").fetch_one(&mut admin).await.expect("read");
    assert_eq!(accounts, 1);
    admin.close().await.expect("close");

    let again = auth::set_up_team_desk(&url, account("bob")).await.expect_err("set up already");
    assert_eq!(again.code, ErrorCode::Conflict, "{again:?}");

    let other = ServerDatabase::create(&server).await;
    let mut foreign = PgConnection::connect(&other.url()).await.expect("connect");
    sqlx::raw_sql("CREATE TABLE invoices (id int)").execute(&mut foreign).await.expect("a table of something else");
    foreign.close().await.expect("close");
    let elsewhere = auth::set_up_team_desk(&other.url(), account("ada")).await.expect_err("not empty");
    assert!(elsewhere.fields.get("url").is_some_and(|m| m.contains("not a help desk")), "{elsewhere:?}");
    assert_eq!(count_tables(&other.url()).await, 1, "left as it was");
}

async fn count_tables(url: &str) -> i64 {
    let mut connection = PgConnection::connect(url).await.expect("connect");
    let tables = sqlx::query_scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        .fetch_one(&mut connection)
        .await
        .expect("count");
    connection.close().await.expect("close");
    tables
}

/// The setup needs no superuser: a login that may create roles and owns the database is enough
/// (as the README's server setup makes it), on every PostgreSQL the desk supports.
#[tokio::test]
async fn a_database_owner_who_may_create_roles_sets_a_desk_up() {
    use crate::common::{ServerDatabase, account, server};
    let Some(server) = server() else { return };
    let dba = format!("dba_{}", fastrand::u64(..));
    let mut superuser = PgConnection::connect(&server).await.expect("connect");
    {
        let database = ServerDatabase::create(&server).await;
        let (_, name) = database.url().rsplit_once('/').map(|(a, b)| (a.to_owned(), b.to_owned())).expect("a name");
        let grant =
            format!("CREATE ROLE {dba} LOGIN CREATEROLE PASSWORD '{PASSWORD}'; ALTER DATABASE {name} OWNER TO {dba}");
        sqlx::raw_sql(sqlx::AssertSqlSafe(grant)).execute(&mut superuser).await.expect("a database owner");
        let url = PgConnectOptions::from_url(&database.url().parse().expect("a URL")).expect("options");
        let as_dba = format!("postgres://{dba}:{PASSWORD}@{}:{}/{name}", url.get_host(), url.get_port());
        let set_up = auth::set_up_team_desk(&as_dba, account("ada")).await.expect("set up by the owner");
        let mut admin =
            url.username(&set_up.admin_login).password(PASSWORD).connect().await.expect("the admin's login");
        let read: i64 = sqlx::query_scalar("SELECT count(*) FROM tickets").fetch_one(&mut admin).await.expect("read");
        assert_eq!(read, 0);
        admin.close().await.expect("close");
    }
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DROP ROLE {dba}"))).execute(&mut superuser).await.expect("drop");
}

/// The app's own services, on a desktop connected as the person's own login, do what the person
/// may: the policies let through every statement the app makes for them.
#[tokio::test]
async fn the_services_work_through_each_persons_own_login() {
    use helpdesk_core::infra::server as team;
    use helpdesk_core::ops::reports::{self, DashboardRequest};
    use helpdesk_core::ops::tickets::{Change, TicketChange, TicketFilters};
    let Some(desk) = desk().await else { return };
    let url = desk.test.server_url().expect("a server");
    let as_login = |username: &str| {
        let mut url: url::Url = url.parse().expect("a URL");
        url.set_username(&desk.server().login(username)).expect("a user name");
        url.set_password(Some(PASSWORD)).expect("a password");
        url.to_string()
    };
    let cat = team::open(&as_login("cat")).await.expect("the customer's desktop");
    let me = signed_in(desk.cat);
    let ticket = NewTicket {
        title: "Scanner jams".into(),
        description: "Every page.".into(),
        department_id: 1,
        priority: None,
        requester_id: None,
    };
    let filed = service::create(&cat, &me, ticket).await.expect("file");
    let answered = NewComment { ticket_id: filed.id, body: "More detail.".into(), internal: false };
    service::comment(&cat, &me, answered).await.expect("comment");
    service::get(&cat, &me, desk.cats_ticket).await.expect("open their ticket");
    for (words, found) in [("scanner", 1), ("offline", 1), ("third", 0)] {
        let search = TicketFilters { search: words.into(), ..Default::default() };
        let page = service::list(&cat, &me, search, None).await.expect("search");
        assert_eq!(page.tickets.len(), found, "{words}: their own tickets' public words only");
    }
    let page = service::list(&cat, &me, TicketFilters::default(), None).await.expect("the queue");
    assert_eq!(page.tickets.len(), 2);
    reports::dashboard(&cat, &me, DashboardRequest { day_bounds: vec![0, 86_400_000] }).await.expect("their summary");
    let profile = user_service::ProfileUpdate { display_name: "Cat C".into(), email: "cat@example.org".into() };
    assert_eq!(user_service::update_profile(&cat, &me, profile).await.expect("their profile").email, "cat@example.org");
    let taken = user_service::ProfileUpdate { display_name: "Cat C".into(), email: "dan@example.com".into() };
    let refused = user_service::update_profile(&cat, &me, taken).await.expect_err("another's email");
    assert!(refused.fields.contains_key("email"), "{refused:?}");
    let change =
        user_service::PasswordChange { current_password: PASSWORD.into(), new_password: "granite-willow-echo".into() };
    user_service::change_password(&cat, &me, change).await.expect("their password");
    desk.server.connect(desk.server(), "cat", "granite-willow-echo").await.expect("the new password");
    // A desktop opened with the login in its address connects with the new password from now on.
    let cat = team::open(&as_login("cat").replace(PASSWORD, "granite-willow-echo")).await.expect("again");
    let version = service::get(&cat, &me, filed.id).await.expect("read").version;
    let close = TicketChange {
        id: filed.id,
        version,
        change: Change::Status { status: helpdesk_core::entities::tickets::Status::Closed },
    };
    service::change(&cat, &me, close).await.expect("close");

    let agent = team::open(&as_login("agent")).await.expect("the agent's desktop");
    let agent_id = user_service_id(&desk, "agent").await;
    let me = signed_in(agent_id);
    assert_eq!(service::list(&agent, &me, TicketFilters::default(), None).await.expect("the queue").tickets.len(), 3);
    let search = TicketFilters { search: "offline".into(), ..Default::default() };
    assert_eq!(service::list(&agent, &me, search, None).await.expect("search").tickets.len(), 2);
    let note = NewComment { ticket_id: desk.dans_ticket, body: "Call him.".into(), internal: true };
    service::comment(&agent, &me, note).await.expect("an internal note");
    let version = service::get(&agent, &me, desk.dans_ticket).await.expect("read").version;
    let urgent = Change::Priority { priority: helpdesk_core::entities::tickets::Priority::High };
    service::change(&agent, &me, TicketChange { id: desk.dans_ticket, version, change: urgent })
        .await
        .expect("priority");
    let account = user_service::StaffNewAccount { account: crate::common::account("eve"), role: Role::Customer };
    let eve = user_service::create(&agent, &me, account).await.expect("a customer's account");
    reports::dashboard(&agent, &me, DashboardRequest { day_bounds: vec![0, 86_400_000] }).await.expect("the dashboard");
    desk.server.connect(desk.server(), "eve", PASSWORD).await.expect("the new customer's login");

    let admin = team::open(&as_login("admin")).await.expect("the admin's desktop");
    let me = signed_in(user_service_id(&desk, "admin").await);
    user_service::list(&admin, &me).await.expect("the accounts");
    user_service::reset_password(&admin, &me, eve.id, "granite-willow-echo".into()).await.expect("reset");
    desk.server.connect(desk.server(), "eve", "granite-willow-echo").await.expect("the new password");
    user_service::set_active(&admin, &me, eve.id, false).await.expect("deactivate");
    helpdesk_core::ops::departments::create(&admin, &me, "Field".into()).await.expect("a department");
    let settings = helpdesk_core::ops::settings::get(&admin, &me).await.expect("settings");
    helpdesk_core::ops::settings::update(&admin, &me, settings).await.expect("settings saved");
    let version = service::get(&admin, &me, desk.dans_ticket).await.expect("read").version;
    service::delete(&admin, &me, desk.dans_ticket, version).await.expect("delete");
    helpdesk_core::ops::audit::list(&admin, &me).await.expect("the audit log");
}

/// The desk's address without a login, as a desktop that joins it has it.
fn joined_address(desk: &Desk) -> String {
    let mut url: url::Url = desk.test.server_url().expect("a server").parse().expect("a URL");
    url.set_username("").expect("no login");
    url.set_password(None).expect("no password");
    url.to_string()
}

/// A desktop that joins a desk (its address names no login) connects as the desk's guest, which
/// reads no table and may only call the functions of signing in and registering; each person
/// signs in as their own login, which the session then works through, and a refused sign-in
/// counts and locks as in a file.
#[tokio::test]
async fn on_a_joined_desk_each_person_signs_in_as_their_own_login() {
    use helpdesk_core::access::SessionSlot;
    use helpdesk_core::error::ErrorCode;
    use helpdesk_core::infra::server as team;
    use helpdesk_core::ops::tickets::TicketFilters;
    use sea_orm::ConnectionTrait;
    let Some(desk) = desk().await else { return };
    let joined = team::open(&joined_address(&desk)).await.expect("joined as the guest");
    let server = joined.server().expect("a team desk");
    assert!(server.joined() && !desk.server().joined());
    assert_eq!(server.key(), desk.server().key(), "the desktop names the desk's roles as its server does");
    assert!(!auth::status(&joined, Vec::new()).await.expect("the start screen's status").needs_setup);

    let guest = &server.key().to_owned();
    let options = PgConnectOptions::from_url(&desk.server.url.parse().expect("a URL"))
        .expect("options")
        .username(&format!("{guest}_guest"))
        .password("guest");
    let mut as_guest = options.connect().await.expect("the guest connects with the password every desktop knows");
    for sql in [
        "SELECT * FROM users",
        "SELECT * FROM tickets",
        "SELECT * FROM unknown_logins",
        "SELECT * FROM helpdesk_account(1)",
        "SELECT helpdesk_next_ticket_number()",
        &format!("SELECT helpdesk_set_password(1, '{SECRET}')"),
        "UPDATE users SET role = 'admin'",
        "CREATE TABLE mine (a int)",
    ] {
        let refused = sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(&mut as_guest).await.expect_err(sql);
        assert_eq!(refused.as_database_error().and_then(|e| e.code()).as_deref(), Some("42501"), "{sql}: {refused}");
    }

    let session = SessionSlot::default();
    let credentials =
        |login: &str, password: &str| auth::Credentials { login: login.into(), password: password.into() };
    let cat = auth::login(&joined, &session, credentials("cat@example.com", PASSWORD)).await.expect("by email");
    assert_eq!(cat.id, desk.cat);
    let own = session.connection().expect("the session works through the person's own login");
    let page = service::list(&own, &session, TicketFilters::default(), None).await.expect("their queue");
    assert_eq!(page.tickets.iter().map(|t| t.id).collect::<Vec<_>>(), [desk.cats_ticket], "their own tickets only");
    let whose =
        own.query_one_raw(sea_orm::Statement::from_string(sea_orm::DbBackend::Postgres, "SELECT session_user::text"));
    let whose: String = whose.await.expect("read").expect("a row").try_get_by_index(0).expect("a name");
    assert_eq!(whose, server.login("cat"));
    auth::logout(&session);
    assert!(session.connection().is_none(), "signing out closes the person's connection");

    // Five wrong passwords lock the account on the server, audited; the right one is then refused.
    for attempt in 1..=5 {
        let refused = auth::login(&joined, &session, credentials("dan", "not-the-password")).await.expect_err("wrong");
        let expected = if attempt < 5 { ErrorCode::Unauthenticated } else { ErrorCode::Locked };
        assert_eq!(refused.code, expected, "attempt {attempt}");
    }
    let refused = auth::login(&joined, &session, credentials("dan", PASSWORD)).await.expect_err("locked");
    assert_eq!(refused.code, ErrorCode::Locked);
    desk.server.connect(desk.server(), "dan", PASSWORD).await.expect_err("locked for psql too");
    let admin = signed_in(user_service_id(&desk, "admin").await);
    let audit = helpdesk_core::ops::audit::list(desk.db(), &admin).await.expect("the audit log");
    assert!(audit.iter().any(|entry| entry.action == "user.locked" && entry.target.starts_with("dan ")), "{audit:?}");
    // Once the lock ran out, the right password lifts it and signs in.
    let age = format!("UPDATE users SET locked_until = 1 WHERE id = {}", desk.dan);
    desk.db().execute_unprepared(&age).await.expect("age the lock");
    auth::login(&joined, &session, credentials("dan", PASSWORD)).await.expect("the lock ran out");
    auth::logout(&session);

    // A name with no account locks the same way, and a deactivated account's right password is wrong.
    for attempt in 1..=5 {
        let refused = auth::login(&joined, &session, credentials("nobody", PASSWORD)).await.expect_err("no account");
        assert_eq!(refused.code, if attempt < 5 { ErrorCode::Unauthenticated } else { ErrorCode::Locked });
    }
    user_service::set_active(desk.db(), &admin, desk.cat, false).await.expect("deactivate");
    let refused = auth::login(&joined, &session, credentials("cat", PASSWORD)).await.expect_err("deactivated");
    assert_eq!(refused.code, ErrorCode::Unauthenticated);

    // A customer registers through the guest and is signed in as their new login.
    let fay = auth::register(&joined, &session, crate::common::account("fay")).await.expect("registered");
    assert_eq!(fay.role, Role::Customer);
    let own = session.connection().expect("signed in as the new login");
    assert!(service::list(&own, &session, TicketFilters::default(), None).await.expect("queue").tickets.is_empty());
    desk.server.connect(desk.server(), "fay", PASSWORD).await.expect("her login has her password");
    let audit = helpdesk_core::ops::audit::list(desk.db(), &admin).await.expect("the audit log");
    assert!(audit.iter().any(|entry| entry.action == "user.register" && entry.target == "customer fay (fay)"));
    let taken =
        auth::register(&joined, &SessionSlot::default(), crate::common::account("fay")).await.expect_err("taken");
    assert!(taken.fields.contains_key("username") && taken.fields.contains_key("email"), "{taken:?}");

    // A wrong password given to confirm a change counts on the server too.
    let change = user_service::PasswordChange {
        current_password: "not-hers".into(),
        new_password: "granite-willow-echo".into(),
    };
    let refused = user_service::change_password(&own, &session, change).await.expect_err("not her password");
    assert!(refused.fields.contains_key("currentPassword"), "{refused:?}");
    let failures = format!("SELECT failed_logins FROM users WHERE id = {}", fay.id);
    let row = desk.db().query_one_raw(sea_orm::Statement::from_string(sea_orm::DbBackend::Postgres, failures));
    let failures: i32 = row.await.expect("read").expect("a row").try_get_by_index(0).expect("a count");
    assert_eq!(failures, 1);
    let change =
        user_service::PasswordChange { current_password: PASSWORD.into(), new_password: "granite-willow-echo".into() };
    user_service::change_password(&own, &session, change).await.expect("her new password");
    let renewed = session.connection().expect("still signed in");
    // A new pool, whose connections log in with the new password.
    service::list(&renewed, &session, TicketFilters::default(), None).await.expect("the renewed connection");
}

/// A desk older than the app is refused to a desktop that joins it, saying why, until the login
/// that set it up upgrades it (`helpdesk server upgrade`); a joined address cannot upgrade.
#[tokio::test]
async fn a_joined_desktop_waits_for_the_owner_to_upgrade_an_older_desk() {
    use helpdesk_core::infra::server as team;
    use migration::MigratorTrait;
    let Some(desk) = desk().await else { return };
    // Back before the last migration, the desk's schema misses what this app knows.
    use sea_orm::ConnectionTrait;
    let last = migration::Migrator::migrations().last().expect("a migration").name().to_owned();
    let forget = format!("DELETE FROM seaql_migrations WHERE version = '{last}'");
    desk.db().execute_unprepared(&forget).await.expect("as if the last migration had not run");
    let refused = team::open(&joined_address(&desk)).await.expect_err("an older desk");
    assert!(refused.to_string().contains("older version of Helpdesk"), "{refused}");
    let restore = format!("INSERT INTO seaql_migrations (version, applied_at) VALUES ('{last}', 0)");
    desk.db().execute_unprepared(&restore).await.expect("the migration's row back");
    // Reverted for real to before its guest (migration 15), the join form says to bring the desk
    // up to date.
    let migrations = migration::Migrator::migrations();
    let guest = migrations.iter().position(|m| m.name() == "m20261209_000015_guest_sign_in").expect("migration 15");
    let back = u32::try_from(migrations.len() - guest).expect("a count");
    migration::Migrator::down(desk.db().orm(), Some(back)).await.expect("back to before the guest");
    let address = helpdesk_core::ops::desks::TeamAddress {
        host: "localhost".into(),
        port: url::Url::parse(&desk.test.server_url().expect("a server")).expect("a URL").port().unwrap_or(5432),
        database: joined_address(&desk).rsplit('/').next().expect("a database").to_owned(),
        ca_file: None,
    };
    let refused = helpdesk_core::ops::desks::join(&address).await.expect_err("no guest yet");
    assert!(refused.fields["database"].contains("up to this version of Helpdesk"), "{refused:?}");
    let url = desk.test.server_url().expect("a server");
    auth::upgrade_team_desk(&url).await.expect("upgraded by the login that set it up");
    team::open(&joined_address(&desk)).await.expect("joined once upgraded");
    let refused = auth::upgrade_team_desk(&joined_address(&desk)).await.expect_err("no login named");
    assert!(refused.fields["url"].contains("Name the login"), "{refused:?}");
}

/// The join form's "Test connection" and "Join" say plainly what is wrong, on the field to change:
/// the server unreachable, no help desk in that database, a certificate that cannot be checked, a
/// wrong password; and sign in once all is right.
#[tokio::test]
async fn joining_says_plainly_what_is_wrong() {
    use helpdesk_core::error::ErrorCode;
    use helpdesk_core::ops::desks::{self, TeamAddress};
    let Some(desk) = desk().await else { return };
    let url: url::Url = desk.test.server_url().expect("a server").parse().expect("a URL");
    let address = TeamAddress {
        host: url.host_str().expect("a host").to_owned(),
        port: url.port().unwrap_or(5432),
        database: url.path().trim_start_matches('/').to_owned(),
        ca_file: None,
    };
    let credentials = |password: &str| auth::Credentials { login: "cat".into(), password: password.into() };
    let cat = desks::test(&address, credentials(PASSWORD)).await.expect("all is right");
    assert_eq!(cat.id, desk.cat);
    let wrong = desks::test(&address, credentials("not-the-password")).await.expect_err("a wrong password");
    assert_eq!((wrong.code, wrong.message.as_str()), (ErrorCode::Unauthenticated, "Wrong username or password."));

    let said = |error: helpdesk_core::error::AppError, field: &str| {
        error.fields.get(field).cloned().unwrap_or_else(|| panic!("no message on {field}: {error:?}"))
    };
    let elsewhere = TeamAddress { database: "no_such_desk".into(), ..address.clone() };
    let refused = said(desks::join(&elsewhere).await.expect_err("no desk there"), "database");
    assert!(refused.contains("has no help desk in a database named no_such_desk"), "{refused}");

    let free_port =
        std::net::TcpListener::bind("127.0.0.1:0").expect("a port").local_addr().expect("its address").port();
    let nobody = TeamAddress { host: "127.0.0.1".into(), port: free_port, ..address.clone() };
    let refused = said(desks::join(&nobody).await.expect_err("nothing listens"), "host");
    assert!(refused.contains(&format!("Nothing answers at 127.0.0.1, port {free_port}")), "{refused}");
    let unknown = TeamAddress { host: "no-such-server.invalid".into(), ..address.clone() };
    let refused = said(desks::join(&unknown).await.expect_err("no such name"), "host");
    assert!(refused.contains("knows no server named no-such-server.invalid"), "{refused}");

    // Another machine's address (this one's, written so that it is not a loopback address) is
    // reached over verified TLS only, which the test server does not offer.
    let remote = TeamAddress { host: "0.0.0.0".into(), ..address.clone() };
    let refused = said(desks::join(&remote).await.expect_err("no TLS"), "caFile");
    assert!(refused.contains("certificate is not trusted"), "{refused}");

    let missing_ca = TeamAddress { ca_file: Some("/no/such/ca.pem".into()), ..address.clone() };
    assert!(said(desks::join(&missing_ca).await.expect_err("no such file"), "caFile").contains("no such file"));
    let blank = TeamAddress { host: " ".into(), database: "".into(), ..address.clone() };
    let refused = desks::join(&blank).await.expect_err("nothing typed");
    assert!(refused.fields.contains_key("host") && refused.fields.contains_key("database"), "{refused:?}");
}

/// "Set up a team desk" in the window: the owner's login, given once, sets an empty database up,
/// and the first admin is signed in as their own login; a wrong owner password says so on its field.
#[tokio::test]
async fn the_window_sets_a_desk_up_and_signs_its_first_admin_in() {
    use crate::common::{ServerDatabase, account, server};
    use helpdesk_core::access::SessionSlot;
    use helpdesk_core::ops::desks::{self, TeamAddress};
    let Some(server) = server() else { return };
    let database = ServerDatabase::create(&server).await;
    let url: url::Url = database.url().parse().expect("a URL");
    let address = TeamAddress {
        host: url.host_str().expect("a host").to_owned(),
        port: url.port().unwrap_or(5432),
        database: url.path().trim_start_matches('/').to_owned(),
        ca_file: None,
    };
    let owner = |password: &str| auth::Credentials { login: url.username().to_owned(), password: password.into() };
    let session = SessionSlot::default();
    let refused =
        desks::set_up(&address, owner("not-the-password"), account("ada"), &session).await.expect_err("wrong");
    assert!(refused.fields.get("ownerPassword").is_some_and(|m| m.contains("refused")), "{refused:?}");

    let owner_password = url.password().expect("the test server's password").to_owned();
    let (desk, ada) = desks::set_up(&address, owner(&owner_password), account("ada"), &session).await.expect("set up");
    assert!(desk.server().expect("a team desk").joined(), "the desk is joined, not opened with the owner's login");
    let own = session.connection().expect("the admin works as her own login");
    let accounts = user_service::list(&own, &session).await.expect("the accounts");
    assert_eq!(accounts.iter().map(|a| a.username.as_str()).collect::<Vec<_>>(), ["ada"]);
    assert_eq!(ada.role, Role::Admin);
    let again = desks::set_up(&address, owner(&owner_password), account("bob"), &SessionSlot::default()).await;
    assert!(again.is_err(), "a desk with accounts is not set up again");
}

/// An admin saves the desk's connection file (its address and certificate authority, no login, no
/// password); a colleague's join form reads it back and joins by it. A file that is none is said so.
#[tokio::test]
async fn a_connection_file_holds_the_desks_address_and_nothing_secret() {
    use helpdesk_core::access::SessionSlot;
    use helpdesk_core::infra::server as team;
    use helpdesk_core::ops::desks;
    let Some(desk) = desk().await else { return };
    let joined = team::open(&joined_address(&desk)).await.expect("joined");
    let session = SessionSlot::default();
    let credentials = auth::Credentials { login: "admin".into(), password: PASSWORD.into() };
    auth::login(&joined, &session, credentials).await.expect("the admin signs in");
    let own = session.connection().expect("her own login");
    let file = desk.test.dir.path().join("helpdesk.helpdesk");
    let path = file.to_string_lossy().into_owned();
    desks::save_connection_file(&own, &session, &path).await.expect("saved");
    let text = std::fs::read_to_string(&file).expect("the file");
    let server_url: url::Url = desk.test.server_url().expect("a server").parse().expect("a URL");
    assert!(!text.contains(server_url.password().expect("a password")) && !text.contains("admin"), "{text}");

    let colleague = desk.test.dir.path().join("colleague");
    let address = desks::read_connection_file(&path, &colleague).await.expect("read back");
    assert_eq!(address.database, server_url.path().trim_start_matches('/'));
    assert_eq!(address.port, server_url.port().unwrap_or(5432));
    assert_eq!(address.ca_file, None);
    desks::join(&address).await.expect("a colleague joins by it");

    // A desk with a certificate authority of its own: the file carries the certificate, not the
    // admin's path to it, and the colleague's app keeps it in its own folder.
    let pem = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n";
    let authority = desk.test.dir.path().join("company-ca.pem");
    std::fs::write(&authority, pem).expect("a CA file");
    let mut with_ca: url::Url = joined_address(&desk).parse().expect("a URL");
    with_ca.query_pairs_mut().append_pair("sslrootcert", &authority.to_string_lossy());
    let ca_desk = team::open(with_ca.as_str()).await.expect("joined, naming its authority");
    let ca_session = SessionSlot::default();
    let credentials = auth::Credentials { login: "admin".into(), password: PASSWORD.into() };
    auth::login(&ca_desk, &ca_session, credentials).await.expect("the admin signs in");
    let own = ca_session.connection().expect("her own login");
    desks::save_connection_file(&own, &ca_session, &path).await.expect("saved with its authority");
    let text = std::fs::read_to_string(&file).expect("the file");
    assert!(text.contains("BEGIN CERTIFICATE") && !text.contains("company-ca.pem"), "{text}");
    let address = desks::read_connection_file(&path, &colleague).await.expect("read back");
    let kept = address.ca_file.expect("the authority kept for the colleague");
    assert!(kept.starts_with(&*colleague.to_string_lossy()), "{kept}");
    assert_eq!(std::fs::read_to_string(&kept).expect("kept"), pem);

    std::fs::write(&file, "{\"not\": \"a desk\"}").expect("garbage");
    let refused = desks::read_connection_file(&path, &colleague).await.expect_err("not a connection file");
    assert!(refused.message.contains("not a Helpdesk connection file"), "{refused:?}");
    let refused = desks::read_connection_file("/no/such/file.helpdesk", &colleague).await.expect_err("no file");
    assert!(refused.message.contains("cannot be read"), "{refused:?}");
}

/// "Remember me" on a joined desk keeps the password in the keychain (in memory here) and signs the
/// person in at the next start; signing in without it, logging out, or a kept password that no
/// longer signs in forgets it. A desk in a file remembers nothing.
#[tokio::test]
async fn remember_me_signs_in_at_the_next_start_until_logged_out() {
    use helpdesk_core::access::SessionSlot;
    use helpdesk_core::infra::keychain;
    use helpdesk_core::infra::preferences_file::PreferencesFile;
    use helpdesk_core::infra::server as team;
    use helpdesk_core::ops::desks;
    keychain::use_memory_for_tests();
    let Some(desk) = desk().await else { return };
    let joined = team::open(&joined_address(&desk)).await.expect("joined");
    let file = PreferencesFile::in_folder(desk.test.dir.path());
    let credentials = |password: &str| auth::Credentials { login: "cat".into(), password: password.into() };

    let session = SessionSlot::default();
    desks::sign_in(&joined, &session, &file, credentials(PASSWORD), true).await.expect("remembered");
    assert_eq!(keychain::kept(joined.desk(), "cat").as_deref(), Some(PASSWORD));
    assert!(!std::fs::read_to_string(file.path()).expect("preferences").contains(PASSWORD), "no password in a file");
    // The next start: a new session signs in by itself.
    let next = SessionSlot::default();
    let cat = desks::sign_in_remembered(&joined, &next, &file).await.expect("signed in").expect("remembered");
    assert_eq!(cat.id, desk.cat);
    assert!(next.connection().is_some(), "as her own login");

    desks::sign_out(&next, &file).await.expect("logged out");
    assert_eq!(keychain::kept(joined.desk(), "cat"), None, "logging out forgets it");
    assert!(desks::sign_in_remembered(&joined, &SessionSlot::default(), &file).await.expect("nobody").is_none());

    // Remembered, then the password changed elsewhere: the kept one is refused and forgotten.
    desks::sign_in(&joined, &SessionSlot::default(), &file, credentials(PASSWORD), true).await.expect("remembered");
    let admin = signed_in(user_service_id(&desk, "admin").await);
    user_service::reset_password(desk.db(), &admin, desk.cat, "granite-willow-echo".into()).await.expect("reset");
    desks::sign_in_remembered(&joined, &SessionSlot::default(), &file).await.expect_err("no longer right");
    assert_eq!(keychain::kept(joined.desk(), "cat"), None);

    // A locked account keeps its kept password: the lock ends, the password stays right.
    desks::sign_in(&joined, &SessionSlot::default(), &file, credentials("granite-willow-echo"), true)
        .await
        .expect("in");
    for _ in 0..5 {
        let _ = auth::login(&joined, &SessionSlot::default(), credentials("not-the-password")).await;
    }
    let refused = desks::sign_in_remembered(&joined, &SessionSlot::default(), &file).await.expect_err("locked");
    assert_eq!(refused.code, helpdesk_core::error::ErrorCode::Locked);
    assert!(keychain::kept(joined.desk(), "cat").is_some(), "kept through the lock");
    let unlock = format!("UPDATE users SET locked_until = NULL, failed_logins = 0 WHERE id = {}", desk.cat);
    sea_orm::ConnectionTrait::execute_unprepared(desk.db(), &unlock).await.expect("unlock");

    // Signing in without "Remember me" keeps nothing.
    desks::sign_in(&joined, &SessionSlot::default(), &file, credentials("granite-willow-echo"), false)
        .await
        .expect("in");
    assert_eq!(keychain::kept(joined.desk(), "cat"), None);
}
