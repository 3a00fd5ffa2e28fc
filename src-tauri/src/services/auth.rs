//! First run, registration, login with lockout, logout and the current user.
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, ExprTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set,
};
use serde::{Deserialize, Serialize};

use crate::db::Database;
use crate::entities::users::{self, Role};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::demo::DemoAccount;
use crate::services::session::{SessionSlot, signed_in_user};
use crate::services::users::{NewAccount, UserDto, insert_account};
use crate::services::{clock, passwords, validation};

pub const MAX_FAILED_LOGINS: i32 = 5;
pub const LOCKOUT_MS: i64 = 15 * 60 * 1000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppStatus {
    /// True until the first administrator exists: the app then shows the first-run form.
    pub needs_setup: bool,
    pub version: String,
    /// The demo accounts and their passwords; empty outside demo mode.
    pub demo_accounts: Vec<DemoAccount>,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Credentials {
    /// Username or email.
    pub login: String,
    pub password: String,
}

fn wrong_credentials() -> AppError {
    AppError::new(ErrorCode::Unauthenticated, "Wrong username or password.")
}

fn locked() -> AppError {
    AppError::new(
        ErrorCode::Locked,
        "Too many failed attempts: this account is locked for 15 minutes. An administrator can unlock it sooner.",
    )
}

pub async fn status(db: &Database, demo_accounts: Vec<DemoAccount>) -> AppResult<AppStatus> {
    Ok(AppStatus {
        needs_setup: users::Entity::find().count(db).await? == 0,
        version: env!("CARGO_PKG_VERSION").to_owned(),
        demo_accounts,
    })
}

/// Creates the first administrator and signs them in. Only possible on an empty user table.
pub async fn create_first_admin(db: &Database, session: &SessionSlot, input: NewAccount) -> AppResult<UserDto> {
    // Serialises concurrent first-run requests so that exactly one of them can win.
    static FIRST_RUN: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    let _guard = FIRST_RUN.lock().await;
    if users::Entity::find().count(db).await? > 0 {
        return Err(AppError::conflict("This help desk already has an administrator. Please log in."));
    }
    let user = insert_account(db, input, Role::Admin).await?;
    session.start(user.id);
    Ok(user.into())
}

/// Self-registration, always as a customer; signs the new customer in.
pub async fn register(db: &Database, session: &SessionSlot, input: NewAccount) -> AppResult<UserDto> {
    if users::Entity::find().count(db).await? == 0 {
        return Err(AppError::conflict("This help desk is not set up yet: its administrator must be created first."));
    }
    let user = insert_account(db, input, Role::Customer).await?;
    session.start(user.id);
    Ok(user.into())
}

/// Failed attempts at login names that match no account, so that they lock exactly like real
/// accounts and the answer never tells whether an account exists.
static UNKNOWN_LOGIN_FAILURES: LazyLock<Mutex<HashMap<String, (i32, i64)>>> = LazyLock::new(Default::default);

/// Records one more failure for an unknown login name; returns whether it is now locked.
fn unknown_login_failed(login: &str, now: i64) -> bool {
    let mut failures = UNKNOWN_LOGIN_FAILURES.lock().unwrap_or_else(|p| p.into_inner());
    if failures.len() > 10_000 {
        failures.retain(|_, (_, locked_until)| *locked_until > now);
    }
    let entry = failures.entry(login.to_owned()).or_insert((0, 0));
    entry.0 += 1;
    if entry.0 >= MAX_FAILED_LOGINS {
        *entry = (0, now + LOCKOUT_MS);
    }
    entry.1 > now
}

fn unknown_login_locked(login: &str, now: i64) -> bool {
    let failures = UNKNOWN_LOGIN_FAILURES.lock().unwrap_or_else(|p| p.into_inner());
    failures.get(login).is_some_and(|(_, locked_until)| *locked_until > now)
}

pub async fn login(db: &Database, session: &SessionSlot, credentials: Credentials) -> AppResult<UserDto> {
    let login = validation::normalize(&credentials.login);
    let user = if login.is_empty() {
        None
    } else {
        users::Entity::find()
            .filter(users::Column::Username.eq(&login).or(users::Column::Email.eq(&login)))
            .one(db)
            .await?
    };
    // One Argon2 verification on every path (a dummy hash when there is no account): an unknown
    // user, a locked account and a wrong password take as long and get the same answers.
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    let password_matches = passwords::verify(credentials.password, stored).await?;
    let now = clock::now_ms();

    let Some(user) = user else {
        if unknown_login_locked(&login, now) || unknown_login_failed(&login, now) {
            return Err(locked());
        }
        return Err(wrong_credentials());
    };
    if user.locked_until.is_some_and(|until| until > now) {
        return Err(locked());
    }
    if password_matches && user.active {
        let mut update = user.into_active_model();
        update.failed_logins = Set(0);
        update.locked_until = Set(None);
        let user = update.update(db).await?;
        session.start(user.id);
        return Ok(user.into());
    }
    Err(if record_failure(db, user.id, now).await? { locked() } else { wrong_credentials() })
}

/// Counts one more failed login for the account, in SQL so that concurrent attempts all count, and
/// locks it at the limit. Returns whether it is now locked.
async fn record_failure(db: &Database, user_id: i32, now: i64) -> AppResult<bool> {
    users::Entity::update_many()
        .col_expr(users::Column::FailedLogins, Expr::col(users::Column::FailedLogins).add(1))
        .filter(users::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    let locked = users::Entity::update_many()
        .col_expr(users::Column::FailedLogins, Expr::value(0))
        .col_expr(users::Column::LockedUntil, Expr::value(now + LOCKOUT_MS))
        .filter(users::Column::Id.eq(user_id))
        .filter(users::Column::FailedLogins.gte(MAX_FAILED_LOGINS))
        .exec(db)
        .await?;
    Ok(locked.rows_affected > 0)
}

pub fn logout(session: &SessionSlot) {
    session.end();
}

/// The signed-in user, or None. A session whose account is gone or deactivated ends here; one that
/// idled out answers `UNAUTHENTICATED` with the reason, once.
pub async fn current_user(db: &Database, session: &SessionSlot) -> AppResult<Option<UserDto>> {
    Ok(signed_in_user(db, session).await?.map(UserDto::from))
}
