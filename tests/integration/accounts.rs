//! Registration, lockout, staff-created accounts, profiles, passwords, idle sessions, demo data.
use std::time::Duration;

use helpdesk_core::access::SessionSlot;
use helpdesk_core::entities::users::{self, Role};
use helpdesk_core::entities::{comments, departments, ticket_history, tickets};
use helpdesk_core::error::ErrorCode;
use helpdesk_core::infra::clock;
use helpdesk_core::ops::auth::{self, Credentials};
use helpdesk_core::ops::demo;
use helpdesk_core::ops::settings::{self, Settings};
use helpdesk_core::ops::users::{self as user_service, PasswordChange, ProfileUpdate, StaffNewAccount};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter};

use crate::common::{PASSWORD, account, first_admin, signed_in, test_db, user};

fn credentials(login: &str, password: &str) -> Credentials {
    Credentials { login: login.into(), password: password.into() }
}

#[tokio::test]
async fn registration_always_makes_a_signed_in_customer() {
    let test = test_db().await;
    let session = SessionSlot::default();
    let refused = auth::register(&test.db, &session, account("early")).await.expect_err("before setup");
    assert_eq!(refused.code, ErrorCode::Conflict);

    first_admin(&test.db).await;
    let customer = auth::register(&test.db, &session, account("cat")).await.expect("register");
    assert_eq!(customer.role, Role::Customer);
    assert_eq!(auth::current_user(&test.db, &session).await.expect("current").map(|u| u.id), Some(customer.id));

    let invalid = auth::register(&test.db, &SessionSlot::default(), account("cat")).await.expect_err("taken");
    assert_eq!(invalid.code, ErrorCode::Validation);
}

#[tokio::test]
async fn five_failures_lock_an_account_and_an_admin_unlocks_it() {
    let test = test_db().await;
    let (admin, admin_session) = first_admin(&test.db).await;
    user(&test.db, "victim", Role::Customer).await;
    let session = SessionSlot::default();
    for attempt in 1..=4 {
        let error = auth::login(&test.db, &session, credentials("victim", "wrong-guess")).await.expect_err("wrong");
        assert_eq!(error.code, ErrorCode::Unauthenticated, "attempt {attempt}");
    }
    let fifth = auth::login(&test.db, &session, credentials("victim", "wrong-guess")).await.expect_err("fifth");
    assert_eq!(fifth.code, ErrorCode::Locked);
    let right = auth::login(&test.db, &session, credentials("victim", PASSWORD)).await.expect_err("locked");
    assert_eq!(right, fifth, "even the right password is refused while locked");

    let listed = user_service::list(&test.db, &admin_session).await.expect("list");
    let victim = listed.iter().find(|u| u.username == "victim").expect("victim");
    assert!(victim.locked);
    assert!(!listed.iter().find(|u| u.id == admin.id).expect("admin").locked);

    let unlocked = user_service::unlock(&test.db, &admin_session, victim.id).await.expect("unlock");
    assert!(!unlocked.locked);
    auth::login(&test.db, &session, credentials("victim", PASSWORD)).await.expect("after unlock");
}

#[tokio::test]
async fn a_lock_runs_out_after_fifteen_minutes_and_success_resets_the_count() {
    let test = test_db().await;
    first_admin(&test.db).await;
    let victim = user(&test.db, "victim", Role::Customer).await;
    let session = SessionSlot::default();
    for _ in 0..5 {
        let _ = auth::login(&test.db, &session, credentials("victim", "wrong-guess")).await;
    }
    let mut row = users::Entity::find_by_id(victim.id).one(&test.db).await.expect("q").expect("victim");
    let locked_until = row.locked_until.expect("locked");
    assert!((locked_until - clock::now_ms() - auth::LOCKOUT_MS).abs() < 60_000, "locked for 15 minutes");
    row.locked_until = Some(clock::now_ms() - 1);
    row.into_active_model().reset_all().update(&test.db).await.expect("age the lock");
    auth::login(&test.db, &session, credentials("victim", PASSWORD)).await.expect("lock ran out");

    // Four failures, a success, four more: the count starts again after a success.
    for _ in 0..4 {
        let _ = auth::login(&test.db, &session, credentials("victim", "wrong-guess")).await;
    }
    auth::login(&test.db, &session, credentials("victim", PASSWORD)).await.expect("success");
    for _ in 0..4 {
        let error = auth::login(&test.db, &session, credentials("victim", "wrong-guess")).await.expect_err("wrong");
        assert_eq!(error.code, ErrorCode::Unauthenticated);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_failures_all_count() {
    let test = test_db().await;
    first_admin(&test.db).await;
    user(&test.db, "victim", Role::Customer).await;
    let mut attempts = tokio::task::JoinSet::new();
    for _ in 0..5 {
        let db = test.db.clone();
        attempts.spawn(async move {
            auth::login(&db, &SessionSlot::default(), credentials("victim", "wrong-guess"))
                .await
                .expect_err("wrong")
                .code
        });
    }
    let codes = attempts.join_all().await;
    assert_eq!(
        codes.iter().filter(|code| **code == ErrorCode::Locked).count(),
        1,
        "the fifth failure locks: {codes:?}"
    );
    let locked =
        auth::login(&test.db, &SessionSlot::default(), credentials("victim", PASSWORD)).await.expect_err("locked");
    assert_eq!(locked.code, ErrorCode::Locked);
}

#[tokio::test]
async fn unknown_names_lock_exactly_like_real_accounts() {
    let test = test_db().await;
    first_admin(&test.db).await;
    user(&test.db, "real.person", Role::Customer).await;
    let session = SessionSlot::default();
    let mut real = Vec::new();
    let mut unknown = Vec::new();
    for _ in 0..6 {
        real.push(auth::login(&test.db, &session, credentials("real.person", "wrong-guess")).await.expect_err("real"));
        unknown.push(
            auth::login(&test.db, &session, credentials("ghost.person", "wrong-guess")).await.expect_err("ghost"),
        );
    }
    assert_eq!(real, unknown, "the answers never tell whether an account exists");
    assert_eq!(
        real.iter().map(|e| e.code).collect::<Vec<_>>()[3..],
        [ErrorCode::Unauthenticated, ErrorCode::Locked, ErrorCode::Locked]
    );
}

#[tokio::test]
async fn an_unknown_name_stays_locked_after_a_restart_as_a_real_account_does() {
    let test = test_db().await;
    let (_, admin) = first_admin(&test.db).await;
    user(&test.db, "real.person", Role::Customer).await;
    for _ in 0..5 {
        for name in ["real.person", "ghost.person"] {
            auth::login(&test.db, &SessionSlot::default(), credentials(name, "wrong-guess")).await.expect_err("wrong");
        }
    }
    // The app starts again on the same desk: nothing of the lockouts lived only in memory.
    let reopened = test.restarted().await;
    let real =
        auth::login(&reopened, &SessionSlot::default(), credentials("real.person", "x")).await.expect_err("real");
    let ghost =
        auth::login(&reopened, &SessionSlot::default(), credentials("ghost.person", "x")).await.expect_err("ghost");
    assert_eq!((real.code, ghost.code), (ErrorCode::Locked, ErrorCode::Locked));
    assert_eq!(real, ghost, "the answers never tell whether an account exists");
    // Both lockouts are in the audit log, each when it happened.
    let log = helpdesk_core::ops::audit::list(&reopened, &admin).await.expect("audit");
    let lockouts: Vec<&str> = log.iter().filter(|e| e.action == "user.locked").map(|e| e.target.as_str()).collect();
    assert_eq!(lockouts, ["ghost.person after 5 wrong passwords", "real.person after 5 wrong passwords"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_right_guess_among_many_at_once_never_lifts_the_lock() {
    // Many attempts at once, the right password sent last: the wrong ones lock the account, and a
    // right one that finishes after the lock answers LOCKED instead of clearing it.
    for _ in 0..3 {
        let test = test_db().await;
        first_admin(&test.db).await;
        user(&test.db, "victim", Role::Customer).await;
        let mut attempts = tokio::task::JoinSet::new();
        for n in 0..12 {
            let db = test.db.clone();
            let password = if n == 11 { PASSWORD } else { "wrong-guess" };
            attempts.spawn(async move {
                let session = SessionSlot::default();
                let answer = auth::login(&db, &session, credentials("victim", password)).await.map(drop);
                (password == PASSWORD, answer.map_err(|e| e.code))
            });
        }
        let answers = attempts.join_all().await;
        let row = users::Entity::find().filter(users::Column::Username.eq("victim")).one(&test.db).await;
        let victim = row.expect("query").expect("victim");
        // Whenever the right guess lands, at least five wrong ones come after its reset or the
        // lock was already set; either way the account ends locked.
        assert!(victim.locked_until.is_some_and(|until| until > clock::now_ms()), "locked after it all: {answers:?}");
    }
}

#[tokio::test]
async fn a_clear_after_the_lock_is_refused() {
    // The step the race above turns on, made deterministic: the account was locked between the
    // right guess's read of it and its clearing.
    let test = test_db().await;
    first_admin(&test.db).await;
    let victim = user(&test.db, "victim", Role::Customer).await;
    let now = clock::now_ms();
    for _ in 0..auth::MAX_FAILED_LOGINS {
        helpdesk_core::store::users::count_failed_login(
            &test.db,
            victim.id,
            auth::MAX_FAILED_LOGINS,
            now + auth::LOCKOUT_MS,
        )
        .await
        .expect("count");
    }
    let cleared =
        helpdesk_core::store::users::clear_failures_unless_locked(&test.db, victim.id, now).await.expect("clear");
    assert!(cleared.is_none(), "a locked account stays locked");
    let later = now + auth::LOCKOUT_MS + 1;
    let cleared =
        helpdesk_core::store::users::clear_failures_unless_locked(&test.db, victim.id, later).await.expect("clear");
    assert_eq!(cleared.map(|u| (u.failed_logins, u.locked_until)), Some((0, None)), "once the lock ran out");
}

#[tokio::test]
async fn wrong_current_passwords_count_toward_the_lockout() {
    let test = test_db().await;
    first_admin(&test.db).await;
    let ann = user(&test.db, "ann", Role::Customer).await;
    let session = signed_in(ann.id);
    let change =
        PasswordChange { current_password: "not-it-at-all".into(), new_password: "granite-willow-echo".into() };
    for _ in 1..auth::MAX_FAILED_LOGINS {
        let error = user_service::change_password(&test.db, &session, change.clone()).await.expect_err("wrong");
        assert!(error.fields.contains_key("currentPassword"), "{error:?}");
    }
    let locked = user_service::change_password(&test.db, &session, change).await.expect_err("locked");
    assert_eq!(locked.code, ErrorCode::Locked);
    assert_eq!(auth::current_user(&test.db, &session).await.expect("current"), None, "the session ended with the lock");
    let login = auth::login(&test.db, &SessionSlot::default(), credentials("ann", PASSWORD)).await.expect_err("locked");
    assert_eq!(login.code, ErrorCode::Locked);
}

#[tokio::test]
async fn a_password_over_the_limit_is_refused_without_hashing_it() {
    let test = test_db().await;
    first_admin(&test.db).await;
    user(&test.db, "ann", Role::Customer).await;
    let huge = "p".repeat(1_000_000);
    let error = auth::login(&test.db, &SessionSlot::default(), credentials("ann", &huge)).await.expect_err("long");
    assert_eq!(error.code, ErrorCode::Unauthenticated);
}

#[tokio::test]
async fn agents_create_customers_and_agents_and_admins_any_role() {
    let test = test_db().await;
    let (_, admin) = first_admin(&test.db).await;
    let agent = signed_in(user(&test.db, "agent", Role::Agent).await.id);
    let new = |name: &str, role| StaffNewAccount { account: account(name), role };

    let customer = user_service::create(&test.db, &agent, new("cust", Role::Customer)).await.expect("customer");
    assert_eq!(customer.role, Role::Customer);
    user_service::create(&test.db, &agent, new("colleague", Role::Agent)).await.expect("agent");
    let denied = user_service::create(&test.db, &agent, new("boss", Role::Admin)).await.expect_err("admin");
    assert_eq!(denied.code, ErrorCode::Forbidden);
    assert_eq!(
        users::Entity::find().filter(users::Column::Username.eq("boss")).count(&test.db).await.expect("count"),
        0
    );
    let boss = user_service::create(&test.db, &admin, new("boss", Role::Admin)).await.expect("admin by admin");
    assert_eq!(boss.role, Role::Admin);

    let weak = StaffNewAccount {
        account: helpdesk_core::ops::users::NewAccount { password: "password1".into(), ..account("weakling") },
        role: Role::Customer,
    };
    let error = user_service::create(&test.db, &admin, weak).await.expect_err("weak password");
    assert!(error.fields.contains_key("password"));
}

#[tokio::test]
async fn profiles_change_name_and_email_with_the_same_rules() {
    let test = test_db().await;
    first_admin(&test.db).await;
    let ann = user(&test.db, "ann", Role::Customer).await;
    let session = signed_in(ann.id);
    let update = |name: &str, email: &str| ProfileUpdate { display_name: name.into(), email: email.into() };

    let changed = user_service::update_profile(&test.db, &session, update("  Ann Smith ", "ANN.SMITH@example.com"))
        .await
        .expect("update");
    assert_eq!((changed.display_name.as_str(), changed.email.as_str()), ("Ann Smith", "ann.smith@example.com"));
    user_service::update_profile(&test.db, &session, update("Ann Smith", "ann.smith@example.com"))
        .await
        .expect("unchanged email is fine");

    let taken =
        user_service::update_profile(&test.db, &session, update("Ann", "admin@example.com")).await.expect_err("taken");
    assert!(taken.fields.contains_key("email"));
    let invalid = user_service::update_profile(&test.db, &session, update("", "nope")).await.expect_err("invalid");
    assert!(invalid.fields.contains_key("email") && invalid.fields.contains_key("displayName"));
}

#[tokio::test]
async fn changing_a_password_needs_the_current_one_and_a_strong_new_one() {
    let test = test_db().await;
    first_admin(&test.db).await;
    let ann = user(&test.db, "ann", Role::Customer).await;
    let session = signed_in(ann.id);
    let change =
        |current: &str, new: &str| PasswordChange { current_password: current.into(), new_password: new.into() };

    let wrong = user_service::change_password(&test.db, &session, change("guess", "granite-willow-echo"))
        .await
        .expect_err("wrong");
    assert!(wrong.fields.contains_key("currentPassword"));
    let weak =
        user_service::change_password(&test.db, &session, change(PASSWORD, "password1")).await.expect_err("weak");
    assert!(weak.fields.contains_key("newPassword"));

    user_service::change_password(&test.db, &session, change(PASSWORD, "granite-willow-echo")).await.expect("change");
    let fresh = SessionSlot::default();
    assert!(auth::login(&test.db, &fresh, credentials("ann", PASSWORD)).await.is_err(), "the old one no longer works");
    auth::login(&test.db, &fresh, credentials("ann", "granite-willow-echo")).await.expect("the new one does");
}

#[tokio::test]
async fn an_idle_session_ends_after_the_admin_set_timeout() {
    let test = test_db().await;
    let (_, admin) = first_admin(&test.db).await;
    let defaults = settings::get(&test.db, &admin).await.expect("settings");
    let expected =
        Settings { session_timeout_minutes: 30, session_lifetime_hours: 12, auto_assign: true, agent_capacity: 20 };
    assert_eq!(defaults, expected, "defaults");

    admin.backdate(Duration::from_secs(29 * 60));
    helpdesk_core::ops::tickets::list(&test.db, &admin, Default::default(), None)
        .await
        .expect("29 idle minutes are fine, and count as activity");
    admin.backdate(Duration::from_secs(29 * 60));
    helpdesk_core::ops::tickets::list(&test.db, &admin, Default::default(), None)
        .await
        .expect("activity restarted the clock");

    settings::update(&test.db, &admin, Settings { session_timeout_minutes: 5, ..defaults }).await.expect("update");
    admin.backdate(Duration::from_secs(6 * 60));
    let expired =
        helpdesk_core::ops::tickets::list(&test.db, &admin, Default::default(), None).await.expect_err("idle");
    assert_eq!(expired.code, ErrorCode::Unauthenticated);
    assert!(expired.message.contains("5 minutes"), "{}", expired.message);
    assert_eq!(auth::current_user(&test.db, &admin).await.expect("current"), None, "the session is gone");
}

#[tokio::test]
async fn an_active_session_still_ends_at_the_admin_set_lifetime() {
    let test = test_db().await;
    let (_, admin) = first_admin(&test.db).await;
    let defaults = settings::get(&test.db, &admin).await.expect("settings");
    settings::update(&test.db, &admin, Settings { session_lifetime_hours: 1, ..defaults }).await.expect("update");
    let list = || helpdesk_core::ops::tickets::list(&test.db, &admin, Default::default(), None);
    // Busy all along: never idle for long, but an hour after logging in the session ends anyway.
    for _ in 0..2 {
        admin.backdate(Duration::from_secs(29 * 60));
        list().await.expect("active and within the hour");
    }
    admin.backdate(Duration::from_secs(3 * 60));
    let ended = list().await.expect_err("past the lifetime");
    assert_eq!(ended.code, ErrorCode::Unauthenticated);
    assert!(ended.message.contains("1 hour after logging in"), "{}", ended.message);
    assert_eq!(auth::current_user(&test.db, &admin).await.expect("current"), None, "the session is gone");
}

#[tokio::test]
async fn the_idle_timeout_counts_wall_time_and_a_clock_set_back_ends_the_session() {
    let test = test_db().await;
    let (account, admin) = first_admin(&test.db).await;
    // Wall-clock time: a machine asleep for an hour (its monotonic clock stopped) is idle an hour.
    admin.backdate(Duration::from_secs(60 * 60));
    let slept = auth::current_user(&test.db, &admin).await.expect_err("asleep past the timeout");
    assert_eq!(slept.code, ErrorCode::Unauthenticated);

    let admin = signed_in(account.id);
    // A time-sync correction of seconds is fine; a clock set back further ends the session.
    admin.set_clock_back(Duration::from_secs(30));
    auth::current_user(&test.db, &admin).await.expect("current").expect("a small step back is fine");
    admin.set_clock_back(Duration::from_secs(5 * 60));
    let error = auth::current_user(&test.db, &admin).await.expect_err("set back");
    assert_eq!(error.code, ErrorCode::Unauthenticated);
    assert!(error.message.contains("clock was set back"), "{}", error.message);
}

#[tokio::test]
async fn polling_the_current_user_does_not_keep_a_session_alive() {
    let test = test_db().await;
    let (_, admin) = first_admin(&test.db).await;
    admin.backdate(Duration::from_secs(20 * 60));
    auth::current_user(&test.db, &admin).await.expect("current").expect("still signed in");
    admin.backdate(Duration::from_secs(11 * 60));
    let error = auth::current_user(&test.db, &admin).await.expect_err("idle for 31 minutes in all");
    assert_eq!(error.code, ErrorCode::Unauthenticated);
}

#[tokio::test]
async fn settings_are_validated() {
    let test = test_db().await;
    let (_, admin) = first_admin(&test.db).await;
    let defaults = settings::get(&test.db, &admin).await.expect("settings");
    for minutes in [0, -5, 24 * 60 + 1] {
        let error =
            settings::update(&test.db, &admin, Settings { session_timeout_minutes: minutes, ..defaults.clone() })
                .await
                .expect_err("range");
        assert!(error.fields.contains_key("sessionTimeoutMinutes"), "{minutes}");
    }
    for capacity in [0, -1, 1001] {
        let error = settings::update(&test.db, &admin, Settings { agent_capacity: capacity, ..defaults.clone() })
            .await
            .expect_err("range");
        assert!(error.fields.contains_key("agentCapacity"), "{capacity}");
    }
    assert_eq!(settings::get(&test.db, &admin).await.expect("settings"), defaults, "unchanged");
    let changed =
        Settings { session_timeout_minutes: 45, session_lifetime_hours: 8, auto_assign: false, agent_capacity: 7 };
    assert_eq!(settings::update(&test.db, &admin, changed.clone()).await.expect("update"), changed);
    assert_eq!(settings::get(&test.db, &admin).await.expect("settings"), changed, "kept");
}

#[tokio::test]
async fn a_missing_settings_row_is_the_same_internal_error_everywhere() {
    use helpdesk_core::entities::settings as row;
    use helpdesk_core::ops::tickets::{self as ticket_service, NewTicket, TicketFilters};
    let test = test_db().await;
    let (_, admin) = first_admin(&test.db).await;
    row::Entity::delete_many().exec(&test.db).await.expect("remove the row");
    let new = NewTicket {
        title: "Printer jams".into(),
        description: "Again.".into(),
        department_id: 1,
        priority: None,
        requester_id: None,
    };
    let answers = [
        settings::get(&test.db, &admin).await.map(|_| ()),
        ticket_service::rebalance(&test.db, &admin).await.map(|_| ()),
        ticket_service::create(&test.db, &admin, new).await.map(|_| ()),
        ticket_service::list(&test.db, &admin, TicketFilters::default(), None).await.map(|_| ()),
    ];
    for answer in answers {
        assert_eq!(answer.map_err(|e| e.code), Err(ErrorCode::Internal));
    }
}

#[tokio::test]
async fn the_demo_desk_is_seeded_once_with_every_role_and_realistic_tickets() {
    let test = test_db().await;
    demo::seed_if_empty(&test.db).await.expect("seed");
    demo::seed_if_empty(&test.db).await.expect("second start leaves it alone");

    assert_eq!(users::Entity::find().count(&test.db).await.expect("users"), demo::accounts().len() as u64);
    assert_eq!(tickets::Entity::find().count(&test.db).await.expect("tickets"), demo::TICKETS as u64);
    assert!(departments::Entity::find().count(&test.db).await.expect("departments") >= 4);
    let notes =
        comments::Entity::find().filter(comments::Column::Internal.eq(true)).count(&test.db).await.expect("notes");
    let replies =
        comments::Entity::find().filter(comments::Column::Internal.eq(false)).count(&test.db).await.expect("replies");
    assert!(notes > 0 && replies > notes);
    let assignments = ticket_history::Entity::find()
        .filter(
            ticket_history::Column::Field.is_in(["assignee", helpdesk_core::ops::tickets::rules::field::AUTO_ASSIGNEE]),
        )
        .all(&test.db)
        .await
        .expect("history");
    let assigned = tickets::Entity::find()
        .filter(tickets::Column::AssigneeId.is_not_null())
        .count(&test.db)
        .await
        .expect("assigned");
    assert!(!assignments.is_empty());
    assert_eq!(assignments.len() as u64, assigned, "each assigned ticket records its assignment once");
    let agent_names: Vec<String> =
        demo::accounts().into_iter().filter(|a| a.role == Role::Agent).map(|a| a.display_name).collect();
    assert!(
        assignments.iter().all(|h| h.new_value.as_ref().is_some_and(|n| agent_names.contains(n))),
        "history names the agent"
    );

    // With the default settings, a ticket filed in the demo reaches an agent.
    let customer = demo::accounts().into_iter().find(|a| a.role == Role::Customer).expect("a customer");
    let session = SessionSlot::default();
    auth::login(&test.db, &session, credentials(&customer.username, &customer.password)).await.expect("login");
    let filed = helpdesk_core::ops::tickets::create(
        &test.db,
        &session,
        helpdesk_core::ops::tickets::NewTicket {
            title: "Scanner sends blank pages".into(),
            description: "Every scan is empty.".into(),
            department_id: departments::Entity::find().one(&test.db).await.expect("department").expect("one").id,
            priority: None,
            requester_id: None,
        },
    )
    .await
    .expect("file");
    assert!(filed.assignee.is_some_and(|name| agent_names.contains(&name)), "assigned automatically");

    for account in demo::accounts() {
        let session = SessionSlot::default();
        let user = auth::login(&test.db, &session, credentials(&account.username, &account.password))
            .await
            .expect(&account.username);
        assert_eq!(user.role, account.role);
    }
    let roles: Vec<Role> = demo::accounts().iter().map(|a| a.role).collect();
    assert!(roles.contains(&Role::Admin) && roles.contains(&Role::Agent) && roles.contains(&Role::Customer));
}

#[tokio::test]
async fn demo_accounts_are_listed_only_in_demo_mode() {
    let test = test_db().await;
    assert!(auth::status(&test.db, vec![]).await.expect("status").demo_accounts.is_empty());
    assert_eq!(auth::status(&test.db, demo::accounts()).await.expect("status").demo_accounts, demo::accounts());
}
