//! First run, registration, login with lockout, logout and the current user.
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

mod dto;
pub use dto::{AppStatus, Credentials};

use crate::access::{SessionSlot, signed_in_user};
use crate::entities::users::Role;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::infra::database::Database;
use crate::infra::{clock, passwords};
use crate::ops::demo::DemoAccount;
use crate::ops::users::{NewAccount, UserDto, insert_account, rules};
use crate::store;

pub const MAX_FAILED_LOGINS: i32 = 5;
pub const LOCKOUT_MS: i64 = 15 * 60 * 1000;

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
        needs_setup: !store::users::any(db).await?,
        version: env!("CARGO_PKG_VERSION").to_owned(),
        demo_accounts,
    })
}

/// Creates the first administrator and signs them in. Only possible on an empty user table.
pub async fn create_first_admin(db: &Database, session: &SessionSlot, input: NewAccount) -> AppResult<UserDto> {
    // Serialises concurrent first-run requests so that exactly one of them can win.
    static FIRST_RUN: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    let _guard = FIRST_RUN.lock().await;
    if store::users::any(db).await? {
        return Err(AppError::conflict("This help desk already has an administrator. Please log in."));
    }
    let user = insert_account(db, input, Role::Admin).await?;
    session.start(user.id);
    Ok(user.into())
}

/// Self-registration, always as a customer; signs the new customer in.
pub async fn register(db: &Database, session: &SessionSlot, input: NewAccount) -> AppResult<UserDto> {
    if !store::users::any(db).await? {
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
    let login = rules::normalize(&credentials.login);
    let user = if login.is_empty() { None } else { store::users::find_by_login(db, &login).await? };
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
        let user = store::users::clear_failures(db, user.id, now).await?;
        session.start(user.id);
        return Ok(user.into());
    }
    let locked_now = store::users::count_failed_login(db, user.id, MAX_FAILED_LOGINS, now + LOCKOUT_MS).await?;
    Err(if locked_now { locked() } else { wrong_credentials() })
}

pub fn logout(session: &SessionSlot) {
    session.end();
}

/// The signed-in user, or None. A session whose account is gone or deactivated ends here; one that
/// idled out answers `UNAUTHENTICATED` with the reason, once.
pub async fn current_user(db: &Database, session: &SessionSlot) -> AppResult<Option<UserDto>> {
    Ok(signed_in_user(db, session).await?.map(UserDto::from))
}
