//! The permission matrix: every command, for nobody signed in, a deactivated user and each role,
//! against the table in DESIGN.md. A command missing from the matrix fails the suite.
use std::collections::BTreeSet;

use helpdesk::entities::users::{self, Role};
use helpdesk::error::{AppResult, ErrorCode};
use helpdesk::services::session::SessionSlot;
use helpdesk::services::settings::Settings;
use helpdesk::services::users::{PasswordChange, ProfileUpdate, StaffNewAccount};
use helpdesk::services::{auth, settings, tickets, users as user_service};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, IntoActiveModel, Set};

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

/// Rows: a command (with a variant after ':' where the answer depends on the input), then the
/// expected answer for [nobody, deactivated, customer, agent, admin].
const MATRIX: &[(&str, [Expect; 5])] = &[
    ("app_status", [Allowed, Allowed, Allowed, Allowed, Allowed]),
    ("create_first_admin", [Refused(ErrorCode::Conflict); 5]),
    ("register", [Allowed, Allowed, Allowed, Allowed, Allowed]),
    ("login", [Allowed, Allowed, Allowed, Allowed, Allowed]),
    ("logout", [Allowed, Allowed, Allowed, Allowed, Allowed]),
    ("current_user", [Allowed, Allowed, Allowed, Allowed, Allowed]),
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
];

struct Desk {
    test: TestDb,
    customer: i32,
    agent: i32,
    admin: i32,
    deactivated: i32,
    target: i32,
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
    Desk { test, customer, agent, admin: admin.id, deactivated, target }
}

impl Desk {
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
    let db: &DatabaseConnection = &desk.test.db;
    let session = desk.session(who);
    let unique = format!("new{run}");
    match command {
        "app_status" => outcome(auth::status(db, vec![]).await),
        "create_first_admin" => outcome(auth::create_first_admin(db, &session, account(&unique)).await),
        "register" => outcome(auth::register(db, &session, account(&unique)).await),
        "login" => {
            let credentials = auth::Credentials { login: "target".into(), password: PASSWORD.into() };
            outcome(auth::login(db, &session, credentials).await)
        }
        "logout" => {
            auth::logout(&session);
            Ok(())
        }
        "current_user" => outcome(auth::current_user(db, &session).await),
        "list_tickets" => outcome(tickets::list(db, &session).await),
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
        "update_settings" => outcome(settings::update(db, &session, Settings { session_timeout_minutes: 30 }).await),
        other => panic!("`{other}` has no row in the permission matrix: add one, with its answer for every role"),
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

/// The command names in the generated bindings: every command the app serves.
fn served_commands() -> BTreeSet<String> {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("bindings.ts");
    helpdesk::specta_builder().export(helpdesk::bindings_language(), &path).expect("export");
    let text = std::fs::read_to_string(path).expect("read");
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
