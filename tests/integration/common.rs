use helpdesk_core::access::SessionSlot;
use helpdesk_core::entities::users::Role;
use helpdesk_core::infra::database::Database;
use helpdesk_core::ops::users::{NewAccount, UserDto, insert_account};
use sea_orm::{ConnectionTrait, Statement};
use tempfile::TempDir;

/// A fresh migrated database in its own temporary directory (kept alive by the returned guard).
pub struct TestDb {
    pub db: Database,
    pub dir: TempDir,
}

pub async fn test_db() -> TestDb {
    let dir = tempfile::tempdir().expect("temporary directory");
    let db = helpdesk_core::infra::database::open(&dir.path().join("test.sqlite3")).await.expect("open database");
    TestDb { db, dir }
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
