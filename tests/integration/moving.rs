//! Moving a desk between a file and a team server, whole: "Move this desk to a team server" and
//! "Export the desk" keep every row of every table (ids, numbers, tallies and history), leave the
//! source as it was, and give every account but the admin's a one-time code whose first sign-in
//! chooses its own password. The PostgreSQL leg runs them (they need the server and a file).
use std::fmt::Debug;

use helpdesk_core::access::SessionSlot;
use helpdesk_core::entities::tickets::Status;
use helpdesk_core::entities::users::Role;
use helpdesk_core::entities::{
    assignee_counts, audit_log, comments, departments, settings, ticket_counts, ticket_history, tickets, users,
};
use helpdesk_core::error::ErrorCode;
use helpdesk_core::infra::database::{self, Database};
use helpdesk_core::infra::{server, transfer};
use helpdesk_core::ops::auth::{self, Credentials, FirstPassword};
use helpdesk_core::ops::desks::{self, DeskCopied, DeskExport, DeskMove, TeamAddress};
use helpdesk_core::ops::tickets::{self as service, Change, NewComment, NewTicket, TicketChange};
use sea_orm::sqlx::postgres::PgConnection;
use sea_orm::sqlx::{self, Connection};
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};

use crate::common::{PASSWORD, ServerDatabase, first_admin, on_postgres_leg, server, signed_in, test_db, user};

/// Tickets in the desk that moves.
const TICKETS: usize = 10_000;

/// Fills `db` with an admin, agents, customers and `tickets` tickets, with replies, internal
/// notes, assignments (some automatic) and status changes: the admin's session.
async fn fill(db: &Database, tickets: usize) -> (users::Model, SessionSlot) {
    let (admin, admin_session) = first_admin(db).await;
    let agents = [user(db, "agent1", Role::Agent).await, user(db, "agent2", Role::Agent).await];
    let mut customers = Vec::new();
    for n in 0..40 {
        customers.push(user(db, &format!("customer{n:02}"), Role::Customer).await);
    }
    for n in 0..tickets {
        let customer = &customers[n % customers.len()];
        let ticket = NewTicket {
            title: format!("Printer {n} offline on floor {}", n % 7),
            description: format!("Since Monday the printer {n} says offline, spooler {}.", n % 13),
            department_id: 1,
            priority: None,
            requester_id: None,
        };
        let filed = service::create(db, &signed_in(customer.id), ticket).await.expect("file");
        let agent = &agents[n % 2];
        if n % 2 == 0 {
            let reply = NewComment { ticket_id: filed.id, body: format!("Restart spooler {n}."), internal: false };
            service::comment(db, &signed_in(agent.id), reply).await.expect("reply");
        }
        if n % 5 == 0 {
            let note = NewComment { ticket_id: filed.id, body: format!("Toner batch {n}."), internal: true };
            service::comment(db, &signed_in(agent.id), note).await.expect("note");
        }
        if n % 3 == 0 {
            let status = if n % 2 == 0 { Status::InProgress } else { Status::Resolved };
            let current = service::get(db, &signed_in(agent.id), filed.id).await.expect("read").version;
            let change = TicketChange { id: filed.id, version: current, change: Change::Status { status } };
            service::change(db, &signed_in(agent.id), change).await.expect("status");
        }
    }
    let admin = users::Entity::find_by_id(admin.id).one(db).await.expect("read").expect("the admin");
    (admin, admin_session)
}

/// Every row of every table `db` holds, each as its model shows it, sorted: accounts without
/// their password (which cannot move) and its one-time flag.
async fn every_row(db: &impl ConnectionTrait) -> Vec<(&'static str, Vec<String>)> {
    async fn table<E: EntityTrait>(name: &'static str, db: &impl ConnectionTrait) -> (&'static str, Vec<String>)
    where
        E::Model: Debug,
    {
        let rows = E::find().all(db).await.expect("read a table");
        let mut shown: Vec<String> = rows.iter().map(|row| format!("{row:?}")).collect();
        shown.sort();
        (name, shown)
    }
    let accounts = users::Entity::find().order_by_asc(users::Column::Id).all(db).await.expect("accounts");
    let accounts = accounts
        .into_iter()
        .map(|mut account| {
            account.password_hash.clear();
            account.must_choose_password = false;
            format!("{account:?}")
        })
        .collect();
    vec![
        table::<settings::Entity>("settings", db).await,
        table::<departments::Entity>("departments", db).await,
        ("users", accounts),
        table::<tickets::Entity>("tickets", db).await,
        table::<comments::Entity>("comments", db).await,
        table::<ticket_history::Entity>("ticket_history", db).await,
        table::<audit_log::Entity>("audit_log", db).await,
        table::<ticket_counts::Entity>("ticket_counts", db).await,
        table::<assignee_counts::Entity>("assignee_counts", db).await,
    ]
}

/// Compares two desks table by table and row by row, leaving out the audit entries of the move
/// itself (written after the copy was checked).
fn same_rows(from: &[(&'static str, Vec<String>)], to: &[(&'static str, Vec<String>)]) {
    let copied_rows = |rows: &[String]| -> Vec<String> {
        rows.iter()
            .filter(|row| !row.contains("\"desk.moved_in\"") && !row.contains("\"desk.export\""))
            .cloned()
            .collect()
    };
    for ((table, rows), (_, copied)) in from.iter().zip(to) {
        let (rows, copied) = (copied_rows(rows), copied_rows(copied));
        assert_eq!(rows.len(), copied.len(), "{table}: rows");
        for (row, copy) in rows.iter().zip(&copied) {
            assert_eq!(row, copy, "{table}");
        }
    }
}

/// An empty database on the test server, set up by a login that owns it and may create roles but
/// is no superuser: its address, that login, and the superuser's URL of the database.
struct EmptyDatabase {
    database: ServerDatabase,
    address: TeamAddress,
    owner: Credentials,
    superuser: String,
    dba: String,
}

impl EmptyDatabase {
    async fn create(server: &str) -> EmptyDatabase {
        let database = ServerDatabase::create(server).await;
        let url: url::Url = database.url().parse().expect("a URL");
        let name = url.path().trim_start_matches('/').to_owned();
        let dba = format!("dba_{}", fastrand::u64(..));
        let grant =
            format!("CREATE ROLE {dba} LOGIN CREATEROLE PASSWORD '{PASSWORD}'; ALTER DATABASE {name} OWNER TO {dba}");
        let mut superuser = PgConnection::connect(server).await.expect("connect");
        sqlx::raw_sql(sqlx::AssertSqlSafe(grant)).execute(&mut superuser).await.expect("a database owner");
        superuser.close().await.expect("close");
        let address = TeamAddress {
            host: url.host_str().expect("a host").to_owned(),
            port: url.port().unwrap_or(5432),
            database: name,
            ca_file: None,
        };
        let owner = Credentials { login: dba.clone(), password: PASSWORD.into() };
        EmptyDatabase { superuser: database.url(), database, address, owner, dba }
    }

    /// Drops the database, then its owner's login.
    async fn drop_all(self, server: &str) {
        drop(self.database);
        let mut superuser = PgConnection::connect(server).await.expect("connect");
        let drop_role = format!("DROP ROLE {}", self.dba);
        sqlx::raw_sql(sqlx::AssertSqlSafe(drop_role)).execute(&mut superuser).await.expect("drop the owner");
    }
}

/// Signing in with a one-time code asks for a password; a weak one is refused on its field; the
/// chosen one signs in from then on, and the code no longer does.
async fn first_sign_in_chooses_a_password(desk: &Database, username: &str, code: &str) {
    let with_code = Credentials { login: username.into(), password: code.into() };
    let asked = auth::login(desk, &SessionSlot::default(), with_code.clone()).await.expect_err("asks for a password");
    assert_eq!(asked.code, ErrorCode::MustChoosePassword, "{asked:?}");
    let choose =
        |password: &str| FirstPassword { login: username.into(), code: code.into(), password: password.into() };
    let session = SessionSlot::default();
    let weak = auth::choose_password(desk, &session, choose("password")).await.expect_err("too weak");
    assert!(weak.fields.contains_key("password"), "{weak:?}");
    assert!(who(desk, &session).await.is_none(), "nobody is signed in until a password is chosen");
    let chosen = "copper-lantern-meadow-42";
    let signed_in = auth::choose_password(desk, &session, choose(chosen)).await.expect("chosen");
    assert_eq!(signed_in.username, username);
    assert_eq!(who(desk, &session).await.expect("signed in").username, username);
    let again = SessionSlot::default();
    auth::login(desk, &again, Credentials { login: username.into(), password: chosen.into() }).await.expect("signs in");
    let refused = auth::login(desk, &SessionSlot::default(), with_code).await.expect_err("the code is spent");
    assert_eq!(refused.code, ErrorCode::Unauthenticated);
}

/// Who `session` has signed in on `desk` (through their own login's connection on a team desk).
async fn who(desk: &Database, session: &SessionSlot) -> Option<helpdesk_core::ops::users::UserDto> {
    let working = session.connection().unwrap_or_else(|| desk.clone());
    auth::current_user(&working, session).await.expect("who")
}

fn code_of<'a>(copied: &'a DeskCopied, username: &str) -> &'a str {
    &copied.codes.iter().find(|listed| listed.username == username).expect("a code").code
}

/// The one-time codes' file: a header and one row per code, readable by its owner alone.
fn codes_file_lists(copied: &DeskCopied) {
    let text = std::fs::read_to_string(&copied.codes_file).expect("the codes' file");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].contains("Username") && lines[0].contains("One-time code"), "{}", lines[0]);
    assert_eq!(lines.len(), copied.codes.len() + 1);
    for listed in &copied.codes {
        assert!(text.contains(&format!("{},", listed.username)) && text.contains(&listed.code));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&copied.codes_file).expect("metadata").permissions().mode();
        assert_eq!(mode & 0o077, 0, "the codes are the owner's alone");
    }
}

#[tokio::test]
async fn a_desk_moves_to_a_team_server_row_by_row_and_its_people_choose_their_passwords() {
    let (Some(server), true) = (server(), on_postgres_leg()) else { return };
    let dir = tempfile::tempdir().expect("a folder");
    let file = database::open(&dir.path().join("helpdesk.sqlite3")).await.expect("a desk in a file");
    let (admin, session) = fill(&file, TICKETS).await;
    let target = EmptyDatabase::create(&server).await;

    let request = |password: &str| DeskMove {
        address: target.address.clone(),
        owner: target.owner.clone(),
        password: password.into(),
    };
    let refused = desks::move_to_server(&file, &session, request("not-my-password")).await.expect_err("wrong");
    assert!(refused.fields.contains_key("password"), "the admin's password comes first: {refused:?}");
    // A right password again forgets the refused one (the team desk's sign-in would too).
    let again = Credentials { login: admin.username.clone(), password: PASSWORD.into() };
    auth::login(&file, &session, again).await.expect("signs in");
    let before = every_row(&file).await;
    let sums_before = transfer::sums(&file).await.expect("sums");
    let (team, moved) = desks::move_to_server(&file, &session, request(PASSWORD)).await.expect("moved");

    // The file is as it was; the admin now works on the team desk as her own login.
    assert_eq!(transfer::sums(&file).await.expect("sums"), sums_before, "the file is untouched");
    assert!(team.server().is_some_and(server::Server::joined));
    let own = session.connection().expect("the admin's own login");
    assert_eq!(auth::current_user(&own, &session).await.expect("who").expect("signed in").id, admin.id);
    let tickets = moved.tables.iter().find(|table| table.table == "tickets").expect("tickets");
    assert_eq!(tickets.rows, TICKETS as u64);

    // Every table, row by row, as the server's superuser reads it.
    let copy = server::open(&target.superuser).await.expect("the team desk");
    same_rows(&before, &every_row(&copy).await);
    let searched: i64 = copy
        .query_one_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "SELECT count(*) FROM ticket_search, ticket_titles WHERE ticket_search.ticket_id = ticket_titles.ticket_id",
        ))
        .await
        .expect("count")
        .expect("a row")
        .try_get_by_index(0)
        .expect("a number");
    assert_eq!(searched, TICKETS as i64, "every ticket is searchable");

    // Search and filing work on the moved desk; new rows take the ids and numbers after the copied.
    let agent_code = code_of(&moved, "agent1").to_owned();
    first_sign_in_chooses_a_password(&team, "agent1", &agent_code).await;
    first_sign_in_chooses_a_password(&team, "customer07", code_of(&moved, "customer07")).await;
    let ticket = NewTicket {
        title: "Scanner jams".into(),
        description: "Every page.".into(),
        department_id: 1,
        priority: None,
        requester_id: None,
    };
    let filed = service::create(&own, &session, ticket).await.expect("file on the team desk");
    assert_eq!(filed.id, TICKETS as i32 + 1);
    assert_eq!(filed.number, 1001 + TICKETS as i32);
    let filters = helpdesk_core::ops::tickets::TicketFilters { search: "spooler 5".into(), ..Default::default() };
    let found = service::list(&own, &session, filters.clone(), None).await.expect("search");
    let in_file = service::list(&file, &signed_in(admin.id), filters, None).await.expect("search the file");
    let ids = |page: &helpdesk_core::ops::tickets::TicketPage| page.tickets.iter().map(|t| t.id).collect::<Vec<_>>();
    assert!(!found.tickets.is_empty());
    assert_eq!(ids(&found), ids(&in_file), "the same tickets match in the same order");

    // The codes: one for every account but the admin's, listed in a file of the admin's alone.
    assert_eq!(moved.codes.len(), before[2].1.len() - 1);
    assert!(moved.codes.iter().all(|listed| listed.username != admin.username));
    codes_file_lists(&moved);
    let beside = std::path::Path::new(&moved.codes_file).parent().expect("a folder");
    assert_eq!(beside, dir.path(), "the codes are saved beside the desk's file");
    assert!(moved.codes_file.contains("helpdesk-moved-") && moved.codes_file.ends_with("-one-time-codes.csv"));

    // A desk with accounts takes no other.
    let again = desks::move_to_server(&file, &session, request(PASSWORD)).await;
    assert!(again.is_err(), "moved once only");
    team.close().await.expect("close");
    copy.close().await.expect("close");
    target.drop_all(&server).await;
}

#[tokio::test]
async fn a_team_desk_exports_into_a_file_that_opens_offline() {
    if !on_postgres_leg() {
        return;
    }
    let test = test_db().await;
    let (admin, session) = fill(&test.db, 200).await;
    let path = test.dir.path().join("exported.sqlite3");
    let request = DeskExport { path: path.display().to_string(), password: PASSWORD.into() };
    let exported = desks::export_to_file(&test.db, &session, request).await.expect("exported");
    assert_eq!(exported.desk, path.display().to_string());

    let left: Vec<_> = std::fs::read_dir(test.dir.path()).expect("the folder").flatten().collect();
    assert_eq!(left.len(), 2, "the desk and its codes, nothing half-made: {left:?}");
    let file = desks::open_file(&path.display().to_string()).await.expect("the file opens as a desk");
    same_rows(&every_row(&test.db).await, &every_row(&file).await);
    let kept = Credentials { login: admin.username.clone(), password: PASSWORD.into() };
    auth::login(&file, &SessionSlot::default(), kept).await.expect("the admin keeps her password");
    first_sign_in_chooses_a_password(&file, "agent2", code_of(&exported, "agent2")).await;
    assert!(exported.codes_file.ends_with("exported-one-time-codes.csv"), "{}", exported.codes_file);
    codes_file_lists(&exported);

    // A desk in a file is backed up, not exported.
    let refused = desks::export_to_file(
        &file,
        &signed_in(admin.id),
        DeskExport { path: test.dir.path().join("again.sqlite3").display().to_string(), password: PASSWORD.into() },
    )
    .await
    .expect_err("a file");
    assert_eq!(refused.code, ErrorCode::Conflict);
}

/// "Open a desk file" opens a Helpdesk desk, and refuses any other file untouched.
#[tokio::test]
async fn only_a_helpdesk_desk_opens_as_a_desk_file() {
    let dir = tempfile::tempdir().expect("a folder");
    let missing = dir.path().join("missing.sqlite3").display().to_string();
    assert_eq!(desks::open_file(&missing).await.expect_err("no file").message, "There is no such file.");
    let other = dir.path().join("other.sqlite3");
    let connection = rusqlite::Connection::open(&other).expect("another database");
    connection.execute_batch("CREATE TABLE notes (body TEXT)").expect("a table");
    drop(connection);
    let before = std::fs::read(&other).expect("read");
    let refused = desks::open_file(&other.display().to_string()).await.expect_err("not a desk");
    assert_eq!(refused.message, "This file is not a Helpdesk desk.");
    assert_eq!(std::fs::read(&other).expect("read"), before, "left untouched");
    let desk = dir.path().join("desk.sqlite3");
    database::open(&desk).await.expect("a desk").close().await.expect("close");
    desks::open_file(&desk.display().to_string()).await.expect("a desk opens");
}
