//! Bad input, generated: every kind of text a user (or a broken UI) can send — empty, huge, control
//! characters, SQL and search syntax, emoji — and numbers out of range and ids of other people's
//! objects, to the service of every command that takes input, as each role (commands without input
//! are in the permission matrix). Every answer is a success or a clear error
//! (never INTERNAL, never a panic), a refused change leaves nothing behind, and the desk stays
//! consistent after every case.
use helpdesk_core::access::SessionSlot;
use helpdesk_core::entities::tickets::{Priority, Status};
use helpdesk_core::entities::users::Role;
use helpdesk_core::error::{AppResult, ErrorCode};
use helpdesk_core::infra::database::Database;
use helpdesk_core::input::Input;
use helpdesk_core::ops::auth::{self, Credentials};
use helpdesk_core::ops::backups;
use helpdesk_core::ops::departments::{self, DepartmentDeletion};
use helpdesk_core::ops::reports::{self, DashboardRequest};
use helpdesk_core::ops::settings::{self, Settings};
use helpdesk_core::ops::tickets::{self, AssigneeFilter, Change, NewComment, NewTicket, TicketChange, TicketFilters};
use helpdesk_core::ops::users::{
    self, NewAccount, PasswordChange, ProfileUpdate, RequestedTickets, StaffNewAccount, UserDeletion, UserUpdate,
};
use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::assignment::{assert_tallies_match_a_recount, rows};
use crate::common::{PASSWORD, first_admin, pragma, signed_in, test_db, user};
use crate::tickets::department;

fn nasty_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("   ".to_owned()),
        Just("x".repeat(100_000)),
        "[\\x00-\\x1f\\x7f]{1,12}",
        Just("'; DROP TABLE tickets; --".to_owned()),
        Just("\" OR 1=1 OR \"".to_owned()),
        Just("NEAR(printer offline, 2) AND NOT (\"".to_owned()),
        Just("title:* OR body:^ -notes {x".to_owned()),
        Just("(((( ))) \\\\ %_ *".to_owned()),
        Just("😀👍🏽 \u{FFFD} \u{202E}txet \u{200B}".to_owned()),
        Just("Printer jams on the 2nd floor".to_owned()),
        Just("plum-kettle-harbour".to_owned()),
        Just("someone@example.com".to_owned()),
        "\\PC{0,80}",
    ]
}

fn nasty_id() -> impl Strategy<Value = i32> {
    prop_oneof![Just(0), Just(-1), Just(i32::MIN), Just(i32::MAX), 1..30i32]
}

fn nasty_number() -> impl Strategy<Value = i64> {
    prop_oneof![
        Just(0i64),
        Just(-1),
        Just(i64::MIN),
        Just(i64::MAX),
        any::<i64>(),
        1_700_000_000_000..1_900_000_000_000i64
    ]
}

fn status() -> impl Strategy<Value = Status> {
    prop_oneof![
        Just(Status::Open),
        Just(Status::InProgress),
        Just(Status::OnHold),
        Just(Status::Resolved),
        Just(Status::Closed)
    ]
}

fn role() -> impl Strategy<Value = Role> {
    prop_oneof![Just(Role::Customer), Just(Role::Agent), Just(Role::Admin)]
}

#[derive(Debug, Clone)]
enum Op {
    File(String, String, i32, Option<i32>),
    Edit(i32, i32, String, String),
    SetStatus(i32, i32, Status),
    MoveTo(i32, i32, i32),
    Assign(i32, i32, Option<i32>),
    Comment(i32, String, bool),
    DeleteTicket(i32, i32),
    Get(i32),
    List(String, Option<i32>, Option<i32>, Option<i64>, Option<i64>, Option<String>, Option<i32>),
    Register(String, String, String),
    Login(String, String),
    Profile(String, String),
    Password(String, String),
    CreateDepartment(String),
    RenameDepartment(i32, String),
    DeleteDepartment(i32, u32, Option<i32>),
    Settings(i32, bool, i32),
    Dashboard(Vec<i64>),
    UpdateUser(i32, String, String, Role),
    SetActive(i32, bool),
    ResetPassword(i32, String),
    DeleteUser(i32, u32, Option<i32>),
    Rebalance,
    FirstAdmin(String, String, String),
    CreateUser(String, String, String, Role),
    Unlock(i32),
    Requested(i32),
    Restore(String),
    ExportTickets(String, String),
    ExportDashboard(Vec<i64>, String),
}

/// A file name to save an export as: sometimes a good one (in the test's folder), mostly not.
fn destination() -> impl Strategy<Value = String> {
    prop_oneof![nasty_text(), Just("GOOD".to_owned()), Just("/no/such/folder/report.csv".to_owned())]
}

fn op() -> impl Strategy<Value = Op> {
    let t = nasty_text;
    let id = nasty_id;
    prop_oneof![
        (t(), t(), id(), proptest::option::of(id())).prop_map(|(a, b, c, d)| Op::File(a, b, c, d)),
        (id(), id(), t(), t()).prop_map(|(a, b, c, d)| Op::Edit(a, b, c, d)),
        (id(), id(), status()).prop_map(|(a, b, c)| Op::SetStatus(a, b, c)),
        (id(), id(), id()).prop_map(|(a, b, c)| Op::MoveTo(a, b, c)),
        (id(), id(), proptest::option::of(id())).prop_map(|(a, b, c)| Op::Assign(a, b, c)),
        (id(), t(), any::<bool>()).prop_map(|(a, b, c)| Op::Comment(a, b, c)),
        (id(), 0..4i32).prop_map(|(id, version)| Op::DeleteTicket(id, version)),
        id().prop_map(Op::Get),
        (
            t(),
            proptest::option::of(id()),
            proptest::option::of(id()),
            proptest::option::of(nasty_number()),
            proptest::option::of(nasty_number()),
            proptest::option::of(t()),
            proptest::option::of(id()),
        )
            .prop_map(|(a, b, c, d, e, f, g)| Op::List(a, b, c, d, e, f, g)),
        (t(), t(), t()).prop_map(|(a, b, c)| Op::Register(a, b, c)),
        (t(), t()).prop_map(|(a, b)| Op::Login(a, b)),
        (t(), t()).prop_map(|(a, b)| Op::Profile(a, b)),
        (t(), t()).prop_map(|(a, b)| Op::Password(a, b)),
        t().prop_map(Op::CreateDepartment),
        (id(), t()).prop_map(|(a, b)| Op::RenameDepartment(a, b)),
        (id(), 0u32..3, proptest::option::of(id())).prop_map(|(a, b, c)| Op::DeleteDepartment(a, b, c)),
        (nasty_id(), any::<bool>(), nasty_id()).prop_map(|(a, b, c)| Op::Settings(a, b, c)),
        proptest::collection::vec(nasty_number(), 0..40).prop_map(Op::Dashboard),
        (id(), t(), t(), role()).prop_map(|(a, b, c, d)| Op::UpdateUser(a, b, c, d)),
        (id(), any::<bool>()).prop_map(|(a, b)| Op::SetActive(a, b)),
        (id(), t()).prop_map(|(a, b)| Op::ResetPassword(a, b)),
        (id(), 0u32..3, proptest::option::of(id())).prop_map(|(a, b, c)| Op::DeleteUser(a, b, c)),
        Just(Op::Rebalance),
        (t(), t(), t()).prop_map(|(a, b, c)| Op::FirstAdmin(a, b, c)),
        (t(), t(), t(), role()).prop_map(|(a, b, c, d)| Op::CreateUser(a, b, c, d)),
        id().prop_map(Op::Unlock),
        id().prop_map(Op::Requested),
        t().prop_map(Op::Restore),
        (t(), destination()).prop_map(|(a, b)| Op::ExportTickets(a, b)),
        (proptest::collection::vec(nasty_number(), 0..10), destination()).prop_map(|(a, b)| Op::ExportDashboard(a, b)),
    ]
}

fn done<T>(result: AppResult<T>) -> AppResult<()> {
    result.map(drop)
}

/// Runs `op` as the user of `session` on the desk whose file is `database`.
async fn run(db: &Database, database: &Path, session: &SessionSlot, op: Op) -> AppResult<()> {
    let change = |id, version, change| TicketChange { id, version, change };
    let place = |path: String| {
        if path == "GOOD" { database.with_file_name("export.csv").to_string_lossy().into_owned() } else { path }
    };
    match op {
        Op::File(title, description, department_id, requester_id) => {
            let ticket = NewTicket { title, description, department_id, priority: None, requester_id };
            done(tickets::create(db, session, ticket).await)
        }
        Op::Edit(id, version, title, description) => {
            done(tickets::change(db, session, change(id, version, Change::Edit { title, description })).await)
        }
        Op::SetStatus(id, version, status) => {
            done(tickets::change(db, session, change(id, version, Change::Status { status })).await)
        }
        Op::MoveTo(id, version, department) => {
            done(tickets::change(db, session, change(id, version, Change::Department { department })).await)
        }
        Op::Assign(id, version, assignee) => {
            done(tickets::change(db, session, change(id, version, Change::Assignee { assignee })).await)
        }
        Op::Comment(ticket_id, body, internal) => {
            done(tickets::comment(db, session, NewComment { ticket_id, body, internal }).await)
        }
        Op::DeleteTicket(id, version) => tickets::delete(db, session, id, version).await,
        Op::Get(id) => done(tickets::get(db, session, id).await),
        Op::List(search, department_id, requester_id, created_from, created_to, cursor, assignee) => {
            let filters = TicketFilters {
                search,
                department_id,
                requester_id,
                created_from,
                created_to,
                assignee: assignee.map(|id| AssigneeFilter::User { id }),
                priorities: vec![Priority::High],
                ..Default::default()
            };
            done(tickets::list(db, session, filters, cursor).await)
        }
        Op::Register(username, email, password) => {
            let account = NewAccount { username, email, display_name: None, password };
            done(auth::register(db, &SessionSlot::default(), account).await)
        }
        Op::Login(login, password) => {
            done(auth::login(db, &SessionSlot::default(), Credentials { login, password }).await)
        }
        Op::Profile(display_name, email) => {
            done(users::update_profile(db, session, ProfileUpdate { display_name, email }).await)
        }
        Op::Password(current_password, new_password) => {
            users::change_password(db, session, PasswordChange { current_password, new_password }).await
        }
        Op::CreateDepartment(name) => done(departments::create(db, session, name).await),
        Op::RenameDepartment(id, name) => departments::rename(db, session, id, name).await,
        Op::DeleteDepartment(id, tickets_seen, move_tickets_to) => {
            departments::delete(db, session, DepartmentDeletion { id, tickets_seen, move_tickets_to }).await
        }
        Op::Settings(session_timeout_minutes, auto_assign, agent_capacity) => {
            let input = Settings { session_timeout_minutes, session_lifetime_hours: 12, auto_assign, agent_capacity };
            done(settings::update(db, session, input).await)
        }
        Op::Dashboard(day_bounds) => done(reports::dashboard(db, session, DashboardRequest { day_bounds }).await),
        Op::UpdateUser(id, display_name, email, role) => done(
            users::update(db, session, UserUpdate { id, display_name, email, role, password: Some(PASSWORD.into()) })
                .await,
        ),
        Op::SetActive(id, active) => done(users::set_active(db, session, id, active).await),
        Op::ResetPassword(id, password) => users::reset_password(db, session, id, password).await,
        Op::DeleteUser(id, tickets_seen, to) => {
            let requested_tickets = Some(to.map_or(RequestedTickets::Delete, |to| RequestedTickets::MoveTo { to }));
            users::delete(db, session, UserDeletion { id, tickets_seen, requested_tickets }).await
        }
        Op::Rebalance => done(tickets::rebalance(db, session).await),
        Op::FirstAdmin(username, email, password) => {
            let account = NewAccount { username, email, display_name: None, password };
            done(auth::create_first_admin(db, &SessionSlot::default(), account).await)
        }
        Op::CreateUser(username, email, password, role) => {
            let account = NewAccount { username, email, display_name: None, password };
            done(users::create(db, session, StaffNewAccount { account, role }).await)
        }
        Op::Unlock(id) => done(users::unlock(db, session, id).await),
        Op::Requested(id) => done(users::requested_tickets(db, session, id).await),
        Op::Restore(name) => {
            backups::schedule_restore(db, session, backups::BackupRestore { name, password: PASSWORD.into() }).await
        }
        Op::ExportTickets(search, path) => {
            let export =
                reports::TicketsExport { filters: TicketFilters { search, ..Default::default() }, path: place(path) };
            done(reports::export_tickets(db, session, export).await)
        }
        Op::ExportDashboard(day_bounds, path) => {
            let export = reports::DashboardExport { request: DashboardRequest { day_bounds }, path: place(path) };
            done(reports::export_dashboard(db, session, export).await)
        }
    }
}

/// Everything a change could touch, in a few numbers: a refused change must leave them as they were.
/// What a refused command must leave as it was. A wrong password refused as LOCKED does record the
/// lockout (that is its point), so those audit entries are not counted.
async fn fingerprint(db: &Database) -> Vec<Vec<String>> {
    rows(
        db,
        "SELECT (SELECT count(*) FROM tickets), (SELECT coalesce(sum(version), 0) FROM tickets), \
         (SELECT count(*) FROM comments), (SELECT count(*) FROM ticket_history), \
         (SELECT count(*) || '/' || (SELECT count(*) FROM departments) || '/' || \
          (SELECT count(*) FROM audit_log WHERE action <> 'user.locked') FROM users)",
    )
    .await
}

#[test]
fn no_input_breaks_a_command_or_leaves_half_a_change() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let (test, sessions) = runtime.block_on(async {
        let test = test_db().await;
        let db = &test.db;
        let (_, admin) = first_admin(db).await;
        let support = department(db, "Support").await;
        let cat = user(db, "cat", Role::Customer).await.id;
        let dan = user(db, "dan", Role::Customer).await.id;
        let sam = user(db, "sam", Role::Agent).await.id;
        for (requester, title) in [(cat, "Printer jams"), (dan, "VPN drops"), (cat, "Password reset")] {
            let ticket = NewTicket {
                title: title.into(),
                description: "Described.".into(),
                department_id: support,
                priority: None,
                requester_id: None,
            };
            tickets::create(db, &signed_in(requester), ticket).await.expect("ticket");
        }
        (test, [signed_in(cat), signed_in(dan), signed_in(sam), admin])
    });
    let database = test.dir.path().join("test.sqlite3");
    let mut runner = TestRunner::new(Config { cases: 600, failure_persistence: None, ..Config::default() });
    let answers = std::cell::RefCell::new(std::collections::BTreeMap::<String, usize>::new());
    let outcome = runner.run(&(0..4usize, op()), |(who, op)| {
        let db = &test.db;
        let name = format!("{op:?}").chars().take(160).collect::<String>();
        let answer = runtime.block_on(async {
            let before = fingerprint(db).await;
            let result = run(db, &database, &sessions[who], op).await;
            if let Err(error) = &result {
                assert_ne!(error.code, ErrorCode::Internal, "{name}: {error:?}");
                assert_eq!(fingerprint(db).await, before, "{name}: refused ({:?}) but something changed", error.code);
            }
            if db.path().is_some() {
                assert_eq!(pragma(db, "integrity_check").await, "ok", "{name}");
            }
            assert_tallies_match_a_recount(db, &name).await;
            result.err().map_or("ok".to_owned(), |e| format!("{:?}", e.code))
        });
        *answers.borrow_mut().entry(answer).or_default() += 1;
        Ok(())
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
    let answers = answers.into_inner();
    println!("600 generated cases, answers: {answers:?}");
    assert!(answers.get("ok").copied().unwrap_or_default() > 0, "some cases succeed: {answers:?}");
}

/// `template` with `TEXT` standing for a string decodes with ordinary text and fails with half a
/// surrogate pair in it.
fn refuses_a_lone_surrogate<T: serde::de::DeserializeOwned>(template: &str) {
    let fine = template.replace("TEXT", r#""fine text""#);
    assert!(serde_json::from_str::<T>(&fine).is_ok(), "the template decodes: {fine}");
    let bad = template.replace("TEXT", r#""bad \ud800 text""#);
    assert!(serde_json::from_str::<T>(&bad).is_err(), "{bad}");
}

#[test]
fn lone_utf16_surrogates_from_the_window_are_refused_at_the_boundary() {
    // JavaScript strings may hold half a surrogate pair; JSON carries it as `\ud800`. Rust strings
    // cannot hold one, so the request fails to decode before any command runs (the UI shows
    // Tauri's answer as a VALIDATION error in plain words): never a panic, never a mangled value.
    refuses_a_lone_surrogate::<NewTicket>(
        r#"{"title":TEXT,"description":"x","departmentId":1,"priority":null,"requesterId":null}"#,
    );
    refuses_a_lone_surrogate::<NewComment>(r#"{"ticketId":1,"body":TEXT,"internal":false}"#);
    refuses_a_lone_surrogate::<TicketFilters>(r#"{"search":TEXT}"#);
    refuses_a_lone_surrogate::<NewAccount>(
        r#"{"username":"ann","email":"a@example.com","displayName":TEXT,"password":"x"}"#,
    );
    refuses_a_lone_surrogate::<Credentials>(r#"{"login":TEXT,"password":"x"}"#);
    refuses_a_lone_surrogate::<TicketChange>(
        r#"{"id":1,"version":1,"change":{"kind":"edit","title":TEXT,"description":"x"}}"#,
    );
    refuses_a_lone_surrogate::<ProfileUpdate>(r#"{"displayName":TEXT,"email":"a@example.com"}"#);
    // A whole pair is an ordinary character.
    let emoji = r#"{"ticketId":1,"body":"\ud83d\ude00","internal":false}"#;
    assert_eq!(serde_json::from_str::<NewComment>(emoji).expect("a pair").body, "😀");
}

/// What a command answers when the window sends `json` for its argument `argument`.
fn answer<T: serde::de::DeserializeOwned>(json: &str, argument: &str) -> AppResult<T> {
    serde_json::from_str::<Input<T>>(json).expect("an Input decodes whatever JSON it gets").read(argument)
}

/// A VALIDATION error on `field`, in the words every other bad input gets (no Rust type names).
fn refused_on<T: serde::de::DeserializeOwned>(json: &str, argument: &str, field: &str) {
    let Err(error) = answer::<T>(json, argument) else { panic!("{json} was accepted") };
    assert_eq!(error.code, ErrorCode::Validation, "{json}");
    let shown = error.fields.get(field).unwrap_or_else(|| panic!("{json}: no error on {field}: {:?}", error.fields));
    for rust in ["variant", "i32", "i64", "invalid type", "expected"] {
        assert!(!shown.contains(rust) && !error.message.contains(rust), "{json}: {shown}");
    }
}

#[test]
fn arguments_that_do_not_fit_their_types_answer_validation_on_their_field() {
    let ticket = |priority: &str| {
        format!(r#"{{"title":"t","description":"d","departmentId":1,"priority":{priority},"requesterId":null}}"#)
    };
    for priority in [r#""Urgent""#, r#""HIGH""#, r#""""#, "5", "[]", "{}"] {
        refused_on::<NewTicket>(&ticket(priority), "ticket", "priority");
    }
    assert!(answer::<NewTicket>(&ticket(r#""high""#), "ticket").is_ok());
    refused_on::<NewTicket>(r#"{"title":5,"description":"d","departmentId":1}"#, "ticket", "title");
    refused_on::<NewTicket>(r#"{"title":"t","description":"d","departmentId":"one"}"#, "ticket", "departmentId");
    refused_on::<TicketFilters>(r#"{"statuses":["Open"]}"#, "filters", "statuses[0]");
    refused_on::<Settings>(
        r#"{"sessionTimeoutMinutes":"30","sessionLifetimeHours":12,"autoAssign":true,"agentCapacity":20}"#,
        "settings",
        "sessionTimeoutMinutes",
    );
    // A whole argument of the wrong type answers on the argument's own name.
    refused_on::<i32>(r#""5""#, "id", "id");
    refused_on::<i32>("5000000000", "id", "id");
    refused_on::<bool>(r#""yes""#, "active", "active");
    // An internally tagged change: the error lands on the change.
    let change =
        answer::<TicketChange>(r#"{"id":1,"version":1,"change":{"kind":"status","status":"Urgent"}}"#, "change");
    let error = change.expect_err("unknown status");
    assert_eq!(error.code, ErrorCode::Validation);
    assert!(error.fields.keys().any(|field| field.starts_with("change")), "{:?}", error.fields);
}

proptest! {
    #![proptest_config(Config { cases: 300, ..Config::default() })]

    #[test]
    fn any_priority_text_is_a_priority_or_a_validation_error(priority in any::<String>()) {
        let json = serde_json::json!({"title": "t", "description": "d", "departmentId": 1, "priority": priority});
        let known = ["low", "medium", "high", "critical"].contains(&priority.as_str());
        match answer::<NewTicket>(&json.to_string(), "ticket") {
            Ok(ticket) => prop_assert!(known && ticket.priority.is_some()),
            Err(error) => {
                prop_assert!(!known);
                prop_assert_eq!(error.code, ErrorCode::Validation);
                prop_assert!(error.fields.contains_key("priority"));
            }
        }
    }
}
