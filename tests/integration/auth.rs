use helpdesk_core::access::SessionSlot;
use helpdesk_core::entities::users::{self, Role};
use helpdesk_core::error::ErrorCode;
use helpdesk_core::ops::auth::{self, Credentials};
use helpdesk_core::ops::users::NewAccount;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbBackend, EntityTrait, IntoActiveModel, Set, Statement};

use crate::common::{PASSWORD, account, first_admin, test_db, user};

fn credentials(login: &str, password: &str) -> Credentials {
    Credentials { login: login.into(), password: password.into() }
}

#[tokio::test]
async fn an_empty_database_needs_setup_until_the_first_admin_exists() {
    let test = test_db().await;
    assert!(auth::status(&test.db, vec![]).await.expect("status").needs_setup);

    let (admin, session) = first_admin(&test.db).await;
    assert_eq!(admin.role, Role::Admin);
    assert_eq!(auth::current_user(&test.db, &session).await.expect("current").map(|u| u.id), Some(admin.id));
    assert!(!auth::status(&test.db, vec![]).await.expect("status").needs_setup);
}

#[tokio::test]
async fn the_first_admin_can_be_created_only_once() {
    let test = test_db().await;
    first_admin(&test.db).await;
    let session = SessionSlot::default();
    let error = auth::create_first_admin(&test.db, &session, account("intruder")).await.expect_err("second admin");
    assert_eq!(error.code, ErrorCode::Conflict);
    assert_eq!(auth::current_user(&test.db, &session).await.expect("current"), None, "a refused setup signs nobody in");
}

#[tokio::test]
async fn concurrent_first_run_requests_make_exactly_one_admin() {
    let test = test_db().await;
    let (a, b) = (SessionSlot::default(), SessionSlot::default());
    let (first, second) = tokio::join!(
        auth::create_first_admin(&test.db, &a, account("alpha")),
        auth::create_first_admin(&test.db, &b, account("bravo")),
    );
    assert_eq!([first.is_ok(), second.is_ok()].iter().filter(|ok| **ok).count(), 1);
    assert_eq!(users::Entity::find().all(&test.db).await.expect("users").len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn registrations_racing_for_one_name_make_one_account_and_field_errors() {
    let test = test_db().await;
    first_admin(&test.db).await;
    let mut attempts = tokio::task::JoinSet::new();
    for n in 0..4 {
        let db = test.db.clone();
        // The same username, different emails: every loser is told about the username.
        let new = NewAccount { email: format!("racer{n}@example.com"), ..account("racer") };
        attempts.spawn(async move { auth::register(&db, &SessionSlot::default(), new).await });
    }
    let outcomes = attempts.join_all().await;
    assert_eq!(outcomes.iter().filter(|o| o.is_ok()).count(), 1, "{outcomes:?}");
    for refused in outcomes.iter().filter_map(|o| o.as_ref().err()) {
        assert_eq!(refused.code, ErrorCode::Validation, "{refused:?}");
        assert!(refused.fields.contains_key("username"), "{refused:?}");
    }
    let racers = users::Entity::find().all(&test.db).await.expect("users");
    assert_eq!(racers.iter().filter(|u| u.username == "racer").count(), 1);
}

#[tokio::test]
async fn first_run_rejects_bad_input_field_by_field_and_stores_nothing() {
    let test = test_db().await;
    let session = SessionSlot::default();
    let bad = NewAccount {
        username: "a b".into(),
        email: "not-an-email".into(),
        display_name: None,
        password: "short".into(),
    };
    let error = auth::create_first_admin(&test.db, &session, bad).await.expect_err("invalid");
    assert_eq!(error.code, ErrorCode::Validation);
    for field in ["username", "email", "password"] {
        assert!(error.fields.contains_key(field), "no message for {field}: {:?}", error.fields);
    }
    assert!(auth::status(&test.db, vec![]).await.expect("status").needs_setup);

    let same_as_username = NewAccount { password: "administrator".into(), ..account("administrator") };
    let error = auth::create_first_admin(&test.db, &session, same_as_username).await.expect_err("weak");
    assert_eq!(error.fields.keys().collect::<Vec<_>>(), ["password"]);
}

#[tokio::test]
async fn usernames_and_emails_are_unique_case_insensitively() {
    let test = test_db().await;
    first_admin(&test.db).await;
    let clash = NewAccount { email: "ADMIN@example.com".into(), ..account("ADMIN") };
    let error = helpdesk_core::ops::users::insert_account(&test.db, clash, Role::Agent).await.expect_err("taken");
    assert_eq!(error.code, ErrorCode::Validation);
    assert!(error.fields.contains_key("username") && error.fields.contains_key("email"));
}

/// In a file an Argon2id hash in the account's row; on a team desk the row holds none and the
/// account's login has a SCRAM-SHA-256 secret, which only the server reads.
#[tokio::test]
async fn passwords_are_stored_as_argon2id_hashes_or_as_the_logins_scram_secrets() {
    let test = test_db().await;
    let (admin, _) = first_admin(&test.db).await;
    let stored = users::Entity::find_by_id(admin.id).one(&test.db).await.expect("query").expect("user");
    let Some(server) = test.db.server() else {
        assert!(stored.password_hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{}", stored.password_hash);
        assert!(!stored.password_hash.contains(PASSWORD));
        return;
    };
    assert_eq!(stored.password_hash, "");
    let secret = Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT rolpassword FROM pg_authid WHERE rolname = $1",
        [server.login("admin").into()],
    );
    let row = test.db.query_one_raw(secret).await.expect("query").expect("a login");
    let secret: String = row.try_get_by_index(0).expect("a secret");
    assert!(secret.starts_with("SCRAM-SHA-256$4096:"), "{secret}");
    assert!(!secret.contains(PASSWORD));
}

#[tokio::test]
async fn login_by_username_or_email_in_any_case() {
    let test = test_db().await;
    first_admin(&test.db).await;
    for login in ["admin", "ADMIN", " admin@example.com ", "Admin@Example.com"] {
        let session = SessionSlot::default();
        let user = auth::login(&test.db, &session, credentials(login, PASSWORD)).await.expect(login);
        assert_eq!(user.username, "admin");
        let current = auth::current_user(&test.db, &session).await.expect("current").expect("signed in");
        assert_eq!(current.role, Role::Admin);
    }
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_answer() {
    let test = test_db().await;
    first_admin(&test.db).await;
    let session = SessionSlot::default();
    let wrong = auth::login(&test.db, &session, credentials("admin", "not the password")).await.expect_err("wrong");
    let unknown = auth::login(&test.db, &session, credentials("nobody", PASSWORD)).await.expect_err("unknown");
    let empty = auth::login(&test.db, &session, credentials("", "")).await.expect_err("empty");
    assert_eq!(wrong.code, ErrorCode::Unauthenticated);
    assert_eq!(wrong, unknown);
    assert_eq!(wrong, empty);
    assert_eq!(auth::current_user(&test.db, &session).await.expect("current"), None);
}

#[tokio::test]
async fn a_deactivated_user_cannot_log_in_and_their_session_ends() {
    let test = test_db().await;
    first_admin(&test.db).await;
    let agent = user(&test.db, "agent.smith", Role::Agent).await;
    let session = SessionSlot::default();
    auth::login(&test.db, &session, credentials("agent.smith", PASSWORD)).await.expect("login");

    let mut model =
        users::Entity::find_by_id(agent.id).one(&test.db).await.expect("q").expect("agent").into_active_model();
    model.active = Set(false);
    model.update(&test.db).await.expect("deactivate");

    assert_eq!(auth::current_user(&test.db, &session).await.expect("current"), None);
    let error = auth::login(&test.db, &session, credentials("agent.smith", PASSWORD)).await.expect_err("inactive");
    assert_eq!(error.code, ErrorCode::Unauthenticated);
}

#[tokio::test]
async fn logout_ends_the_session() {
    let test = test_db().await;
    let (admin, session) = first_admin(&test.db).await;
    assert_eq!(auth::current_user(&test.db, &session).await.expect("current").map(|u| u.id), Some(admin.id));
    auth::logout(&session);
    assert_eq!(auth::current_user(&test.db, &session).await.expect("current"), None);
    let error =
        helpdesk_core::ops::tickets::list(&test.db, &session, Default::default(), None).await.expect_err("signed out");
    assert_eq!(error.code, ErrorCode::Unauthenticated);
}

#[tokio::test]
async fn a_name_longer_than_any_account_is_refused_as_a_wrong_password_and_counts_nothing() {
    let test = test_db().await;
    first_admin(&test.db).await;
    let long = Credentials { login: "x".repeat(10_000), password: PASSWORD.into() };
    let refused = auth::login(&test.db, &SessionSlot::default(), long).await.expect_err("no such account");
    assert_eq!(refused.code, ErrorCode::Unauthenticated);
    let counted = test
        .db
        .query_one_raw(Statement::from_string(test.db.get_database_backend(), "SELECT count(*) FROM unknown_logins"))
        .await
        .expect("count")
        .expect("a row");
    assert_eq!(counted.try_get_by_index::<i64>(0).expect("a number"), 0);
}
