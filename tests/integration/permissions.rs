//! The permission matrix: every command, for nobody signed in, a deactivated user and each role,
//! against the table in DESIGN.md. A command missing from the matrix fails the suite.
use std::collections::BTreeSet;

use helpdesk_core::access::SessionSlot;
use helpdesk_core::entities::tickets::{Priority, Status};
use helpdesk_core::entities::users::{self, Role};
use helpdesk_core::error::{AppResult, ErrorCode};
use helpdesk_core::infra::database::{Database, DeskTarget};
use helpdesk_core::infra::preferences_file::PreferencesFile;
use helpdesk_core::ops::departments::DepartmentDeletion;
use helpdesk_core::ops::settings::Settings;
use helpdesk_core::ops::tickets::{Change, NewComment, NewTicket, TicketChange};
use helpdesk_core::ops::users::{PasswordChange, ProfileUpdate, StaffNewAccount, UserDeletion, UserUpdate};
use helpdesk_core::ops::{
    audit, auth, backups, departments, desks, live, preferences, reports, settings, tickets, users as user_service,
};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};

use crate::common::{PASSWORD, TestDb, account, first_admin, signed_in, test_db, user};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Nobody,
    Deactivated,
    Customer,
    Agent,
    Admin,
}

const EVERYONE: [Who; 5] = [Who::Nobody, Who::Deactivated, Who::Customer, Who::Agent, Who::Admin];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Allowed,
    Denied(ErrorCode),
    /// Reached the service's own rules (e.g. the desk already has an admin): the same for everyone.
    Refused(ErrorCode),
}

use Expect::{Allowed, Denied, Refused};
const OUT: Expect = Denied(ErrorCode::Unauthenticated);
const NO: Expect = Denied(ErrorCode::Forbidden);
/// Another customer's ticket answers as if it did not exist.
const GONE: Expect = Denied(ErrorCode::NotFound);

/// Rows: a command (with a variant after ':' where the answer depends on the input), then the
/// expected answer for [nobody, deactivated, customer, agent, admin].
const MATRIX: &[(&str, [Expect; 5])] = &[
    ("app_status", [Allowed, Allowed, Allowed, Allowed, Allowed]),
    ("create_first_admin", [Refused(ErrorCode::Conflict); 5]),
    ("register", [Allowed, Allowed, Allowed, Allowed, Allowed]),
    ("login", [Allowed, Allowed, Allowed, Allowed, Allowed]),
    // The account signing in has its own password already: the service's answer, for everyone.
    ("choose_password", [Refused(ErrorCode::Conflict); 5]),
    ("sign_in_remembered", [Allowed, Allowed, Allowed, Allowed, Allowed]),
    ("logout", [Allowed, Allowed, Allowed, Allowed, Allowed]),
    ("current_user", [Allowed, Allowed, Allowed, Allowed, Allowed]),
    ("open_this_computer", [Allowed, Allowed, Allowed, Allowed, Allowed]),
    // A file that is no desk, for everyone.
    ("open_desk_file", [Refused(ErrorCode::Validation); 5]),
    // No team desk at an address that names nothing: the form's own answer, for everyone.
    ("test_team_desk", [Refused(ErrorCode::Validation); 5]),
    ("join_team_desk", [Refused(ErrorCode::Validation); 5]),
    ("set_up_team_desk", [Refused(ErrorCode::Validation); 5]),
    // A file that is no connection file, for everyone.
    ("read_connection_file", [Refused(ErrorCode::Validation); 5]),
    ("save_connection_file", [OUT, OUT, NO, NO, Allowed]),
    ("leave_desk", [Allowed, Allowed, Allowed, Allowed, Allowed]),
    // News of other desktops' changes, as the person may see them (none in a file).
    ("follow_desk", [OUT, OUT, Allowed, Allowed, Allowed]),
    // Admins only; the admin's request names no server (the form's answer; on a team desk, that it
    // is on one already).
    ("move_desk_to_server", [OUT, OUT, NO, NO, Refused(ErrorCode::Validation)]),
    ("export_desk", [OUT, OUT, NO, NO, Allowed]),
    ("list_tickets", [OUT, OUT, Allowed, Allowed, Allowed]),
    ("create_user:customer", [OUT, OUT, NO, Allowed, Allowed]),
    ("create_user:agent", [OUT, OUT, NO, Allowed, Allowed]),
    ("create_user:admin", [OUT, OUT, NO, NO, Allowed]),
    ("list_users", [OUT, OUT, NO, Allowed, Allowed]),
    ("unlock_user", [OUT, OUT, NO, NO, Allowed]),
    ("update_profile", [OUT, OUT, Allowed, Allowed, Allowed]),
    ("change_password", [OUT, OUT, Allowed, Allowed, Allowed]),
    ("get_settings", [OUT, OUT, NO, NO, Allowed]),
    ("update_settings", [OUT, OUT, NO, NO, Allowed]),
    ("list_backups", [OUT, OUT, NO, NO, Allowed]),
    ("back_up_now", [OUT, OUT, NO, NO, Allowed]),
    ("restore_backup", [OUT, OUT, NO, NO, Allowed]),
    // Customers get a summary of their own tickets.
    ("get_dashboard", [OUT, OUT, Allowed, Allowed, Allowed]),
    // Exports hold what the caller may see: a customer's own tickets and summary.
    ("export_tickets", [OUT, OUT, Allowed, Allowed, Allowed]),
    ("export_dashboard", [OUT, OUT, Allowed, Allowed, Allowed]),
    ("list_departments", [OUT, OUT, Allowed, Allowed, Allowed]),
    // Tickets: "own" is a ticket the customer requested; "others" one another customer requested.
    ("get_ticket:own", [OUT, OUT, Allowed, Allowed, Allowed]),
    ("get_ticket:others", [OUT, OUT, GONE, Allowed, Allowed]),
    ("get_ticket_timeline:own", [OUT, OUT, Allowed, Allowed, Allowed]),
    ("get_ticket_timeline:others", [OUT, OUT, GONE, Allowed, Allowed]),
    ("create_ticket:self", [OUT, OUT, Allowed, Allowed, Allowed]),
    ("create_ticket:on-behalf", [OUT, OUT, NO, Allowed, Allowed]),
    ("change_ticket:edit-own-open", [OUT, OUT, Allowed, Allowed, Allowed]),
    ("change_ticket:edit-own-in-progress", [OUT, OUT, NO, Allowed, Allowed]),
    ("change_ticket:edit-others", [OUT, OUT, GONE, Allowed, Allowed]),
    ("change_ticket:close-own", [OUT, OUT, Allowed, Allowed, Allowed]),
    ("change_ticket:reopen-own-resolved", [OUT, OUT, Allowed, Allowed, Allowed]),
    ("change_ticket:resolve-own", [OUT, OUT, NO, Allowed, Allowed]),
    ("change_ticket:priority", [OUT, OUT, NO, Allowed, Allowed]),
    ("change_ticket:department", [OUT, OUT, NO, Allowed, Allowed]),
    ("change_ticket:assign", [OUT, OUT, NO, Allowed, Allowed]),
    ("comment_on_ticket:reply-own", [OUT, OUT, Allowed, Allowed, Allowed]),
    ("comment_on_ticket:reply-own-closed", [OUT, OUT, NO, Allowed, Allowed]),
    ("comment_on_ticket:note-own", [OUT, OUT, NO, Allowed, Allowed]),
    ("comment_on_ticket:reply-others", [OUT, OUT, GONE, Allowed, Allowed]),
    ("delete_ticket", [OUT, OUT, NO, NO, Allowed]),
    ("rebalance_tickets", [OUT, OUT, NO, NO, Allowed]),
    ("create_department", [OUT, OUT, NO, NO, Allowed]),
    ("rename_department", [OUT, OUT, NO, NO, Allowed]),
    ("delete_department", [OUT, OUT, NO, NO, Allowed]),
    ("update_user", [OUT, OUT, NO, NO, Allowed]),
    ("set_user_active", [OUT, OUT, NO, NO, Allowed]),
    ("reset_user_password", [OUT, OUT, NO, NO, Allowed]),
    ("staff_directory", [OUT, OUT, Allowed, Allowed, Allowed]),
    // Customers are found only by staff filing on someone's behalf.
    ("find_customers", [OUT, OUT, NO, Allowed, Allowed]),
    ("list_audit", [OUT, OUT, NO, NO, Allowed]),
    ("count_requested_tickets", [OUT, OUT, NO, NO, Allowed]),
    ("delete_user", [OUT, OUT, NO, NO, Allowed]),
    // The window's own preferences (theme, last login name) come before anyone signs in; queue
    // filters belong to the signed-in person.
    ("get_preferences", [Allowed, Allowed, Allowed, Allowed, Allowed]),
    ("update_preferences", [Allowed, Allowed, Allowed, Allowed, Allowed]),
    ("get_queue_filters", [OUT, OUT, Allowed, Allowed, Allowed]),
    ("save_queue_filters", [OUT, OUT, Allowed, Allowed, Allowed]),
];

struct Desk {
    test: TestDb,
    department: i32,
    customer: i32,
    agent: i32,
    admin: i32,
    deactivated: i32,
    target: i32,
    preferences: PreferencesFile,
}

async fn desk() -> Desk {
    let test = test_db().await;
    let (admin, _) = first_admin(&test.db).await;
    let customer = user(&test.db, "customer", Role::Customer).await.id;
    let agent = user(&test.db, "agent", Role::Agent).await.id;
    let target = user(&test.db, "target", Role::Customer).await.id;
    let deactivated = user(&test.db, "former", Role::Agent).await.id;
    let mut former =
        users::Entity::find_by_id(deactivated).one(&test.db).await.expect("q").expect("former").into_active_model();
    former.active = Set(false);
    former.update(&test.db).await.expect("deactivate");
    let department = crate::tickets::department(&test.db, "Support").await;
    let preferences = PreferencesFile::in_folder(test.dir.path());
    Desk { test, department, customer, agent, admin: admin.id, deactivated, target, preferences }
}

impl Desk {
    /// A fresh ticket for one call, requested by the customer ("own") or by another ("others").
    async fn ticket(&self, own: bool, status: Status) -> (i32, i32) {
        let requester = if own { self.customer } else { self.target };
        let ticket = crate::tickets::ticket_with(&self.test.db, requester, self.department, status).await;
        (ticket.id, ticket.version)
    }

    /// A file for an export, in the desk's own temporary folder.
    fn csv(&self, name: &str) -> String {
        self.test.dir.path().join(format!("{name}.csv")).to_string_lossy().into_owned()
    }

    fn session(&self, who: Who) -> SessionSlot {
        match who {
            Who::Nobody => SessionSlot::default(),
            Who::Deactivated => signed_in(self.deactivated),
            Who::Customer => signed_in(self.customer),
            Who::Agent => signed_in(self.agent),
            Who::Admin => signed_in(self.admin),
        }
    }
}

fn outcome<T>(result: AppResult<T>) -> Result<(), ErrorCode> {
    result.map(drop).map_err(|e| e.code)
}

/// Calls the service function behind `command` exactly as the command does, as `who`.
async fn call(desk: &Desk, command: &str, who: Who, run: usize) -> Result<(), ErrorCode> {
    let db: &Database = &desk.test.db;
    let session = desk.session(who);
    let unique = format!("new{run}");
    match command {
        "app_status" => outcome(auth::status(db, vec![]).await),
        "create_first_admin" => outcome(auth::create_first_admin(db, &session, account(&unique)).await),
        "register" => outcome(auth::register(db, &session, account(&unique)).await),
        "login" => {
            let credentials = auth::Credentials { login: "target".into(), password: PASSWORD.into() };
            outcome(desks::sign_in(db, &session, &desk.preferences, credentials, false).await)
        }
        "sign_in_remembered" => outcome(desks::sign_in_remembered(db, &session, &desk.preferences).await),
        "logout" => outcome(desks::sign_out(&session, &desk.preferences).await),
        "current_user" => outcome(auth::current_user(db, &session).await),
        "open_this_computer" => {
            let file = desk.test.dir.path().join(format!("{unique}.sqlite3"));
            outcome(desks::open(&DeskTarget::File(file), false).await)
        }
        "follow_desk" => outcome(live::follow(db, &session).await),
        "open_desk_file" => outcome(desks::open_file(&desk.csv("no-desk")).await),
        "test_team_desk" | "join_team_desk" | "set_up_team_desk" => {
            let nowhere =
                desks::TeamAddress { host: String::new(), port: 5432, database: String::new(), ca_file: None };
            let credentials = auth::Credentials { login: "target".into(), password: PASSWORD.into() };
            match command {
                "test_team_desk" => outcome(desks::test(&nowhere, credentials).await),
                "set_up_team_desk" => outcome(desks::set_up(&nowhere, credentials, account(&unique), &session).await),
                _ => outcome(desks::join(&nowhere).await),
            }
        }
        "choose_password" => {
            let first = auth::FirstPassword {
                login: "target".into(),
                code: PASSWORD.into(),
                password: "copper-lantern-meadow-42".into(),
            };
            outcome(desks::choose_password(db, &session, &desk.preferences, first, false).await)
        }
        "move_desk_to_server" => {
            let nowhere =
                desks::TeamAddress { host: String::new(), port: 5432, database: String::new(), ca_file: None };
            let owner = auth::Credentials { login: "owner".into(), password: PASSWORD.into() };
            let request = desks::DeskMove { address: nowhere, owner, password: PASSWORD.into() };
            outcome(desks::move_to_server(db, &session, request).await)
        }
        "export_desk" => {
            let path = desk.test.dir.path().join(format!("{unique}.sqlite3")).display().to_string();
            outcome(desks::export_to_file(db, &session, desks::DeskExport { path, password: PASSWORD.into() }).await)
        }
        "leave_desk" => {
            auth::logout(&session);
            Ok(())
        }
        "read_connection_file" => {
            outcome(desks::read_connection_file(&desk.csv("no-connection"), desk.test.dir.path()).await)
        }
        "save_connection_file" => outcome(desks::save_connection_file(db, &session, &desk.csv(&unique)).await),
        "list_tickets" => outcome(tickets::list(db, &session, Default::default(), None).await),
        "create_user:customer" | "create_user:agent" | "create_user:admin" => {
            let role = match command {
                "create_user:customer" => Role::Customer,
                "create_user:agent" => Role::Agent,
                _ => Role::Admin,
            };
            outcome(user_service::create(db, &session, StaffNewAccount { account: account(&unique), role }).await)
        }
        "list_users" => outcome(user_service::list(db, &session).await),
        "unlock_user" => outcome(user_service::unlock(db, &session, desk.target).await),
        "update_profile" => {
            let profile = ProfileUpdate { display_name: "Renamed".into(), email: format!("{unique}@example.com") };
            outcome(user_service::update_profile(db, &session, profile).await)
        }
        "change_password" => {
            // Changes a password and changes it back, so the next row still finds it.
            let change = |current: &str, new: &str| PasswordChange {
                current_password: current.into(),
                new_password: new.into(),
            };
            let result = user_service::change_password(db, &session, change(PASSWORD, "granite-willow-echo")).await;
            if result.is_ok() {
                user_service::change_password(db, &session, change("granite-willow-echo", PASSWORD))
                    .await
                    .expect("change back");
            }
            outcome(result)
        }
        "get_settings" => outcome(settings::get(db, &session).await),
        "get_dashboard" => {
            let request = reports::DashboardRequest { day_bounds: vec![0, 86_400_000] };
            outcome(reports::dashboard(db, &session, request).await)
        }
        "list_backups" => outcome(backups::list(db, &session).await),
        "back_up_now" => outcome(backups::back_up_now(db, &session).await),
        "restore_backup" => {
            let name = match db.path() {
                Some(path) => {
                    let made = helpdesk_core::infra::backups::back_up(db, path, "test").await.expect("a backup");
                    made.file_name().expect("name").to_string_lossy().into_owned()
                }
                None => "any.sqlite3".into(),
            };
            let restore = backups::BackupRestore { name, password: PASSWORD.into() };
            outcome(backups::schedule_restore(db, &session, restore).await)
        }
        "export_tickets" => {
            let export = reports::TicketsExport { filters: Default::default(), path: desk.csv(&unique) };
            outcome(reports::export_tickets(db, &session, export).await)
        }
        "export_dashboard" => {
            let request = reports::DashboardRequest { day_bounds: vec![0, 86_400_000] };
            let export = reports::DashboardExport { request, path: desk.csv(&unique) };
            outcome(reports::export_dashboard(db, &session, export).await)
        }
        "update_settings" => outcome(
            settings::update(
                db,
                &session,
                Settings {
                    session_timeout_minutes: 30,
                    session_lifetime_hours: 12,
                    auto_assign: true,
                    agent_capacity: 20,
                },
            )
            .await,
        ),
        "list_departments" => outcome(departments::list(db, &session).await),
        "get_ticket:own" | "get_ticket:others" => {
            let (id, _) = desk.ticket(command.ends_with(":own"), Status::Open).await;
            outcome(tickets::get(db, &session, id).await)
        }
        "get_ticket_timeline:own" | "get_ticket_timeline:others" => {
            let (id, _) = desk.ticket(command.ends_with(":own"), Status::Open).await;
            outcome(tickets::timeline(db, &session, id, format!("{}.c.{}", i64::MAX, i32::MAX)).await)
        }
        "create_ticket:self" | "create_ticket:on-behalf" => {
            let requester_id = command.ends_with("on-behalf").then_some(desk.target);
            let ticket = NewTicket {
                title: "Printer jams".into(),
                description: "Every second page.".into(),
                department_id: desk.department,
                priority: None,
                requester_id,
            };
            outcome(tickets::create(db, &session, ticket).await)
        }
        "change_ticket:edit-own-open"
        | "change_ticket:edit-own-in-progress"
        | "change_ticket:edit-others"
        | "change_ticket:close-own"
        | "change_ticket:reopen-own-resolved"
        | "change_ticket:resolve-own"
        | "change_ticket:priority"
        | "change_ticket:department"
        | "change_ticket:assign" => {
            let edit = Change::Edit { title: "Printer jams badly".into(), description: "Every page.".into() };
            let (own, status, change) = match command {
                "change_ticket:edit-own-open" => (true, Status::Open, edit),
                "change_ticket:edit-own-in-progress" => (true, Status::InProgress, edit),
                "change_ticket:edit-others" => (false, Status::Open, edit),
                "change_ticket:close-own" => (true, Status::Open, Change::Status { status: Status::Closed }),
                "change_ticket:reopen-own-resolved" => {
                    (true, Status::Resolved, Change::Status { status: Status::Open })
                }
                "change_ticket:resolve-own" => (true, Status::Open, Change::Status { status: Status::Resolved }),
                "change_ticket:priority" => (true, Status::Open, Change::Priority { priority: Priority::High }),
                "change_ticket:department" => (true, Status::Open, Change::Department { department: desk.department }),
                _ => (true, Status::Open, Change::Assignee { assignee: Some(desk.agent) }),
            };
            let (id, version) = desk.ticket(own, status).await;
            outcome(tickets::change(db, &session, TicketChange { id, version, change }).await)
        }
        "comment_on_ticket:reply-own"
        | "comment_on_ticket:reply-own-closed"
        | "comment_on_ticket:note-own"
        | "comment_on_ticket:reply-others" => {
            let (own, status, internal) = match command {
                "comment_on_ticket:reply-own" => (true, Status::Open, false),
                "comment_on_ticket:reply-own-closed" => (true, Status::Closed, false),
                "comment_on_ticket:note-own" => (true, Status::Open, true),
                _ => (false, Status::Open, false),
            };
            let (ticket_id, _) = desk.ticket(own, status).await;
            outcome(tickets::comment(db, &session, NewComment { ticket_id, body: "Any news?".into(), internal }).await)
        }
        "rebalance_tickets" => outcome(tickets::rebalance(db, &session).await),
        "delete_ticket" => {
            let (id, version) = desk.ticket(true, Status::Open).await;
            outcome(tickets::delete(db, &session, id, version).await)
        }
        "create_department" => outcome(departments::create(db, &session, unique).await),
        "rename_department" => outcome(departments::rename(db, &session, desk.department, unique).await),
        "delete_department" => {
            let spare = crate::tickets::department(db, &unique).await;
            outcome(
                departments::delete(
                    db,
                    &session,
                    DepartmentDeletion { id: spare, tickets_seen: 0, move_tickets_to: None },
                )
                .await,
            )
        }
        "update_user" => {
            let update = UserUpdate {
                id: desk.target,
                display_name: format!("Target {run}"),
                email: "target@example.com".into(),
                role: Role::Customer,
                password: None,
            };
            outcome(user_service::update(db, &session, update).await)
        }
        "set_user_active" => {
            let someone = user(db, &unique, Role::Customer).await.id;
            outcome(user_service::set_active(db, &session, someone, false).await)
        }
        "reset_user_password" => {
            outcome(user_service::reset_password(db, &session, desk.target, PASSWORD.into()).await)
        }
        "staff_directory" => outcome(user_service::directory(db, &session).await),
        "find_customers" => outcome(user_service::find_customers(db, &session, "a".into()).await),
        "list_audit" => outcome(audit::list(db, &session).await),
        "count_requested_tickets" => outcome(user_service::requested_tickets(db, &session, desk.target).await),
        "delete_user" => {
            let someone = user(db, &unique, Role::Customer).await.id;
            outcome(
                user_service::delete(
                    db,
                    &session,
                    UserDeletion { id: someone, tickets_seen: 0, requested_tickets: None },
                )
                .await,
            )
        }
        "get_preferences" => {
            preferences::get(&desk.preferences).await;
            Ok(())
        }
        "update_preferences" => outcome(preferences::update(&desk.preferences, Default::default()).await),
        "get_queue_filters" => outcome(preferences::queue_filters(db, &session, &desk.preferences).await),
        "save_queue_filters" => {
            outcome(preferences::save_queue_filters(db, &session, &desk.preferences, Default::default()).await)
        }
        other => panic!("`{other}` has no row in the permission matrix: add one, with its answer for every role"),
    }
}

/// What `command` answers on this desk: a team desk is backed up on its server, so the app refuses
/// the backup commands there to whoever may run them; only a team desk has a connection file.
fn on_this_desk(desk: &Desk, command: &str, expect: Expect) -> Expect {
    let backup = ["list_backups", "back_up_now", "restore_backup"].contains(&command);
    let on_server = desk.test.db.path().is_none();
    match expect {
        Allowed if backup && on_server => Refused(ErrorCode::Forbidden),
        Allowed if command == "save_connection_file" && !on_server => Refused(ErrorCode::Conflict),
        // A desk in a file is backed up, not exported; a team desk is on its server already.
        Allowed if command == "export_desk" && !on_server => Refused(ErrorCode::Conflict),
        Refused(ErrorCode::Validation) if command == "move_desk_to_server" && on_server => Refused(ErrorCode::Conflict),
        other => other,
    }
}

#[tokio::test]
async fn every_command_answers_every_role_as_designed() {
    let desk = desk().await;
    let mut failures = Vec::new();
    let mut run = 0;
    for (command, expected) in MATRIX {
        for (who, expect) in EVERYONE.iter().zip(expected) {
            run += 1;
            let expect = &on_this_desk(&desk, command, *expect);
            let got = call(&desk, command, *who, run).await;
            let ok = match expect {
                Allowed => got.is_ok(),
                Denied(code) | Refused(code) => got == Err(*code),
            };
            if !ok {
                failures.push(format!("{command} as {who:?}: expected {expect:?}, got {got:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "permission matrix mismatches:\n{}", failures.join("\n"));
}

/// The command names in the generated bindings (kept fresh by the app's bindings test): every
/// command the app serves.
fn served_commands() -> BTreeSet<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts");
    let text = std::fs::read_to_string(path).expect("read the bindings");
    text.split("__TAURI_INVOKE")
        .skip(1)
        .filter_map(|rest| {
            rest.split_once("(\"").and_then(|(_, after)| after.split_once('"')).map(|(name, _)| name.to_owned())
        })
        .filter(|name| !name.is_empty())
        .collect()
}

#[test]
fn the_matrix_covers_every_served_command() {
    let in_matrix: BTreeSet<String> =
        MATRIX.iter().map(|(command, _)| command.split(':').next().unwrap_or(command).to_owned()).collect();
    let served = served_commands();
    assert!(served.len() >= 10, "found the commands in the bindings: {served:?}");
    assert_eq!(served, in_matrix, "every served command needs a row in MATRIX, and every row a command");
}

#[test]
fn only_the_way_in_is_open_without_a_session() {
    // What someone who has not logged in can reach: the start screen's status and its choice of
    // desk, the first run, registration, logging in and out, and asking who is signed in (nobody).
    // Nothing else.
    let public: BTreeSet<&str> = MATRIX
        .iter()
        .filter(|(_, expected)| expected[0] != OUT)
        .map(|(command, _)| command.split(':').next().unwrap_or(command))
        .collect();
    let way_in = [
        "app_status",
        "choose_password",
        "create_first_admin",
        "current_user",
        "get_preferences",
        "join_team_desk",
        "leave_desk",
        "login",
        "logout",
        "open_desk_file",
        "open_this_computer",
        "read_connection_file",
        "register",
        "set_up_team_desk",
        "sign_in_remembered",
        "test_team_desk",
        "update_preferences",
    ];
    assert_eq!(public, BTreeSet::from(way_in));
}

#[test]
fn the_window_is_granted_only_what_it_uses() {
    // The UI calls the app's own commands (preferences too, on their one fixed file: no plugin
    // store, whose paths the page would choose), the save dialog (exports) and the open dialog (a
    // team desk's certificate authority, a desk file), and listening to the app's own event (other
    // desktops' changes); a new permission here is a deliberate change to this list.
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../src-tauri/capabilities");
    let capabilities: Vec<serde_json::Value> = std::fs::read_dir(&file)
        .expect("capabilities folder")
        .map(|entry| {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("capability");
            serde_json::from_str(&text).expect("JSON")
        })
        .collect();
    assert_eq!(capabilities.len(), 1, "one capability, for the main window");
    assert_eq!(capabilities[0]["windows"], serde_json::json!(["main"]));
    assert_eq!(
        capabilities[0]["permissions"],
        serde_json::json!([
            "dialog:allow-save",
            "dialog:allow-open",
            "core:event:allow-listen",
            "core:event:allow-unlisten"
        ])
    );
}

#[test]
fn the_window_runs_only_the_apps_own_code() {
    // A strict content security policy: scripts, styles, images and fonts from the app itself (and
    // data: images and fonts; Mantine sets inline styles), connections to the IPC bridge only.
    let config = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../src-tauri/tauri.conf.json");
    let config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(config).expect("tauri.conf.json")).expect("JSON");
    let expected = serde_json::json!({
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data:",
        "font-src": "'self' data:",
        "connect-src": "ipc: http://ipc.localhost",
        // No <base> may redirect the app's relative URLs, and no form may post anywhere.
        "base-uri": "'none'",
        "form-action": "'none'"
    });
    assert_eq!(config["app"]["security"]["csp"], expected);
    assert!(config["app"]["security"].get("dangerousDisableAssetCspModification").is_none());
    assert!(config["app"].get("withGlobalTauri").is_none_or(|v| v == false), "no global Tauri object");
}
