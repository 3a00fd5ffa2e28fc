//! First run, registration, login with lockout, logout and the current user.
mod dto;
pub use dto::{AppStatus, Credentials, FirstPassword, StartScreen, TeamDeskSetUp, TeamDeskStatus};

use crate::access::Actor;
use crate::access::{SessionSlot, signed_in_user};
use crate::entities::users::{self, Role};
use crate::error::{AppError, AppResult, ErrorCode, FieldErrors};
use crate::infra::database::{Database, DeskTarget, SignIn};
use crate::infra::server::{self, Found, Server};
use crate::infra::{clock, passwords};
use crate::ops::demo::DemoAccount;
use crate::ops::desks::TeamAddress;
use crate::ops::users::{
    NewAccount, UserDto, check_account, prepare_account, register_on_server, rules, store_audited,
};
use crate::ops::{audit, text};
use crate::store;
use crate::store::users::Refusal;
use sea_orm::{ConnectionTrait, DbErr};

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
        restore_refused: db.restore_refused().map(str::to_owned),
        team_desk: db
            .server()
            .map(|server| TeamDeskStatus { address: db.desk().to_owned(), own_logins: server.joined() }),
        start: None,
    })
}

/// The status while no desk is open: the start screen, saying why the remembered desk did not open.
pub fn status_without_desk(problem: Option<String>, remembered: Option<TeamAddress>) -> AppStatus {
    AppStatus {
        needs_setup: false,
        version: env!("CARGO_PKG_VERSION").to_owned(),
        demo_accounts: Vec::new(),
        restore_refused: None,
        team_desk: None,
        start: Some(StartScreen { problem, remembered }),
    }
}

/// Creates the first administrator and signs them in. Only possible on an empty user table: the
/// check and the insert share one write transaction, so of concurrent first runs (from any
/// process) exactly one wins.
pub async fn create_first_admin(db: &Database, session: &SessionSlot, input: NewAccount) -> AppResult<UserDto> {
    let already = || AppError::conflict("This help desk already has an administrator. Please log in.");
    if store::users::any(db).await? {
        return Err(already());
    }
    let new = prepare_account(db, input, Role::Admin).await?;
    let txn = db.begin().await?;
    if store::users::any(&txn).await? {
        return Err(already());
    }
    let user = store_audited(&txn, new, None, "user.first_admin").await?;
    txn.commit().await?;
    session.start(user.id);
    Ok(user.into())
}

/// Sets up a team desk in the database at `url`, reached with a login that may create roles and
/// owns the database (or a superuser), given once: the desk's roles, schema and policies (its
/// migrations) and its first admin, whose login this makes. An empty database, or a desk whose
/// setup stopped before its first admin; any other is refused as it is. The admin's fields are
/// checked before the server is touched.
pub async fn set_up_team_desk(url: &str, admin: NewAccount) -> AppResult<TeamDeskSetUp> {
    check_account(&admin)?;
    let server_said = |error: DbErr| AppError::field("url", error.to_string());
    room_for_a_desk(url).await?;
    let db = DeskTarget::Server(url.to_owned()).open().await.map_err(server_said)?;
    let admin = create_first_admin(&db, &SessionSlot::default(), admin).await?;
    let roles = server::roles(&db).await?;
    let server = db.server().ok_or_else(|| AppError::internal(&"a team desk without its server"))?;
    let admin_login = server.login(&admin.username);
    Ok(TeamDeskSetUp { desk: db.desk().to_owned(), roles, admin, admin_login })
}

/// Whether the database at `url` may take a new desk: an empty one, or a desk whose setup stopped
/// before its first account; any other is refused as it is.
pub(crate) async fn room_for_a_desk(url: &str) -> AppResult<()> {
    match server::found(url).await.map_err(|error| AppError::field("url", error.to_string()))? {
        Found::Empty | Found::DeskWithoutAccounts => {}
        Found::Desk => {
            return Err(AppError::conflict(
                "This database already holds a help desk with accounts: desktops join it, it is not set up again.",
            ));
        }
        Found::SomethingElse => {
            return Err(AppError::field(
                "url",
                "This database holds tables that are not a help desk's: set up a team desk in an empty database \
                 of its own (for example: createdb helpdesk).",
            ));
        }
    }
    Ok(())
}

/// Brings the team desk at `url` up to this version of the app (its pending migrations), reached
/// with a login that may change its schema (a member of its owner role, as the one that set it
/// up, or a superuser): desktops that join it may not. Its address, once done.
pub async fn upgrade_team_desk(url: &str) -> AppResult<String> {
    let server_said = |error: DbErr| AppError::field("url", error.to_string());
    let db = DeskTarget::Server(url.to_owned()).open().await.map_err(server_said)?;
    if db.server().is_some_and(Server::joined) {
        return Err(AppError::field(
            "url",
            "Name the login that set the desk up in the address, as in postgres://owner@server/helpdesk.",
        ));
    }
    Ok(db.desk().to_owned())
}

/// Self-registration, always as a customer; signs the new customer in.
pub async fn register(db: &Database, session: &SessionSlot, input: NewAccount) -> AppResult<UserDto> {
    if !store::users::any(db).await? {
        return Err(AppError::conflict("This help desk is not set up yet: its administrator must be created first."));
    }
    let password = input.password.clone();
    let new = prepare_account(db, input, Role::Customer).await?;
    if db.server().is_some_and(Server::joined) {
        let username = new.username.clone();
        register_on_server(db, new).await?;
        let signed_in = sign_in_on_server(db, &username, password).await?;
        session.start_on(signed_in.user.id, signed_in.own);
        return Ok(signed_in.user.into());
    }
    let txn = db.begin().await?;
    let user = store_audited(&txn, new, None, "user.register").await?;
    txn.commit().await?;
    session.start(user.id);
    Ok(user.into())
}

pub async fn login(db: &Database, session: &SessionSlot, credentials: Credentials) -> AppResult<UserDto> {
    let signed_in = verify_sign_in(db, credentials).await?;
    if signed_in.user.must_choose_password {
        return Err(AppError::new(
            ErrorCode::MustChoosePassword,
            "This is a one-time code: choose your own password to finish signing in.",
        ));
    }
    session.start_on(signed_in.user.id, signed_in.own);
    Ok(signed_in.user.into())
}

/// The first sign-in with a one-time code (an account moved with its desk, `ops::desks`): the code
/// is checked as a password is, then the person's own password replaces it and they are signed in.
pub async fn choose_password(db: &Database, session: &SessionSlot, input: FirstPassword) -> AppResult<UserDto> {
    let signed_in = verify_sign_in(db, Credentials { login: input.login, password: input.code }).await?;
    let user = signed_in.user;
    if !user.must_choose_password {
        return Err(AppError::conflict("This account already has its own password: sign in with it."));
    }
    let mut errors = FieldErrors::default();
    errors.check("password", rules::password(&input.password, &user.username, &user.email));
    errors.into_result()?;
    let own = signed_in.own.as_ref().unwrap_or(db);
    let secret = passwords::Secret::new(db.get_database_backend(), input.password.clone()).await?;
    let txn = own.begin().await?;
    let user = store::users::set_password(&txn, user.id, secret, clock::now_ms()).await?;
    audit::record(&txn, &Actor { id: user.id, role: user.role }, "user.password_chosen", user.username.clone()).await?;
    txn.commit().await?;
    // The person's own connection was opened with the code: it connects again with their password.
    let renewed = match signed_in.own {
        Some(code_connection) => {
            code_connection.close().await?;
            match db.sign_in(&user.username, &input.password).await? {
                SignIn::Connected(renewed) => Some(renewed),
                SignIn::Refused { .. } => return Err(wrong_credentials()),
            }
        }
        None => None,
    };
    session.start_on(user.id, renewed);
    Ok(user.into())
}

/// A sign-in whose password (or one-time code) was right, before its session starts: the account,
/// and on a team desk the connection as the person's own login.
struct SignedIn {
    user: users::Model,
    own: Option<Database>,
}

/// Checks a sign-in, counting a refusal toward the lockout.
async fn verify_sign_in(db: &Database, credentials: Credentials) -> AppResult<SignedIn> {
    let login = text::comparable(&rules::normalize(&credentials.login));
    // No account answers to a name longer than any username or email, and counting it (a row
    // keyed by it) would only fill the table; the answer is the same as for a wrong password.
    if login.chars().count() > rules::EMAIL_MAX.max(rules::USERNAME_MAX) {
        return Err(wrong_credentials());
    }
    if db.server().is_some_and(Server::joined) {
        return sign_in_on_server(db, &login, credentials.password).await;
    }
    let user = if login.is_empty() { None } else { store::users::find_by_login(db, &login).await? };
    // One check on every path (against a dummy when there is no account): an unknown user, a
    // locked account and a wrong password take as long and get the same answers.
    let password_matches = password_is_right(db, user.as_ref(), credentials.password).await?;
    let now = clock::now_ms();

    // Names that match no account lock exactly like real accounts, in the database (so also after
    // a restart): the answer never tells whether an account exists.
    let Some(user) = user else {
        return Err(failed_unknown_attempt(db, &login, now).await?);
    };
    if user.locked_until.is_some_and(|until| until > now) {
        return Err(locked());
    }
    if password_matches && user.active {
        // Conditional, so a right guess among many sent at once cannot lift the lock the wrong ones set.
        let Some(user) = store::users::clear_failures_unless_locked(db, user.id, now).await? else {
            return Err(locked());
        };
        return Ok(SignedIn { user, own: None });
    }
    Err(failed_attempt(db, &user, now).await?)
}

/// On a team desk joined as its guest (`desk`), a person signs in as their own login: the server
/// checks the password as that login connects, and the session works through that connection. A
/// refusal counts as in a file, on the server (`store::users::refused_sign_in`); a right password
/// once a lock ran out lifts it, and the sign-in is tried again.
async fn sign_in_on_server(desk: &Database, login: &str, password: String) -> AppResult<SignedIn> {
    let server = desk.server().ok_or_else(|| AppError::internal(&"a team desk without its server"))?;
    let username = match login.contains('@') {
        true => store::users::sign_in_name(desk, login).await?,
        false => Some(login.to_owned()),
    };
    // Such a password is never set (`rules::password`), and the driver would refuse to send it.
    let sendable = password.chars().count() <= passwords::LONGEST && stringprep::saslprep(&password).is_ok();
    for _ in 0..2 {
        let answer = match username.as_deref().filter(|name| sendable && !name.is_empty()) {
            Some(username) => desk.sign_in(username, &password).await?,
            None => {
                // As long as a real check, against a login no account can have: no typed name
                // reaches the server.
                if sendable {
                    server.password_is_right(&server.login(""), &password).await?;
                }
                SignIn::Refused { password_right: false }
            }
        };
        let password_right = match answer {
            SignIn::Connected(own) => {
                let user = store::users::own(&own).await?.ok_or_else(wrong_credentials)?;
                let user = match user.failed_logins {
                    0 => user,
                    _ => store::users::clear_failures(&own, user.id, clock::now_ms()).await?,
                };
                return Ok(SignedIn { user, own: Some(own) });
            }
            SignIn::Refused { password_right } => password_right,
        };
        match count_refusal(desk, login, password_right).await? {
            Refusal::Lifted => continue,
            Refusal::Locked => return Err(locked()),
            Refusal::Wrong => return Err(wrong_credentials()),
        }
    }
    Err(wrong_credentials())
}

/// Counts a refused sign-in or password on a team desk, in its write turn.
async fn count_refusal(db: &Database, login: &str, password_right: bool) -> AppResult<Refusal> {
    let txn = db.begin().await?;
    let refusal = store::users::refused_sign_in(&txn, login, password_right).await?;
    txn.commit().await?;
    Ok(refusal)
}

/// Whether `password` is the password of `user` (None: no account answers to the name), as the desk
/// keeps it: Argon2 in a file (a dummy hash for no account); on a team desk the server checks it
/// against the login's secret (a made-up one for no account), as when that person connects.
async fn password_is_right(db: &Database, user: Option<&users::Model>, password: String) -> AppResult<bool> {
    let Some(server) = db.server() else {
        return passwords::verify(password, user.map(|u| u.password_hash.clone())).await;
    };
    // Such a password is never set (`rules::password`), and the driver would refuse to send it.
    if password.chars().count() > passwords::LONGEST || stringprep::saslprep(&password).is_err() {
        return Ok(false);
    }
    // With no account, a login no account can have (an empty username): the server checks the
    // password against a made-up secret as long as a real check, and no typed name reaches it.
    let Some(user) = user else {
        server.password_is_right(&server.login(""), &password).await?;
        return Ok(false);
    };
    // An account of a desk set up before every account had a login keeps its Argon2 hash until
    // its next right password moves it to its login.
    if !user.password_hash.is_empty() {
        let right = passwords::verify(password.clone(), Some(user.password_hash.clone())).await?;
        if right {
            let secret = passwords::Secret::new(sea_orm::DbBackend::Postgres, password).await?;
            store::users::move_password_to_login(db, user.id, secret).await?;
        }
        return Ok(right);
    }
    server.password_is_right(&server.login(&user.username), &password).await.map_err(AppError::from)
}

/// Counts a wrong password for an account (at login or when a signed-in user is asked for theirs)
/// and answers it: LOCKED once the attempts run out.
pub(crate) async fn failed_attempt(db: &Database, user: &users::Model, now: i64) -> AppResult<AppError> {
    if db.server().is_some() {
        return refused_on_server(db, &user.username).await;
    }
    let txn = db.begin().await?;
    let locked_now = store::users::count_failed_login(&txn, user.id, MAX_FAILED_LOGINS, now + LOCKOUT_MS).await?;
    if locked_now {
        let target = lockout_target(&user.username);
        audit::record(&txn, &Actor { id: user.id, role: user.role }, "user.locked", target).await?;
    }
    txn.commit().await?;
    Ok(if locked_now { locked() } else { wrong_credentials() })
}

/// Counts a wrong password at a name that matches no account as `failed_attempt` does for an
/// account: the same answers and the same audited lockout.
async fn failed_unknown_attempt(db: &Database, login: &str, now: i64) -> AppResult<AppError> {
    if db.server().is_some() {
        return refused_on_server(db, login).await;
    }
    if store::unknown_logins::locked(db, login, now).await? {
        return Ok(locked());
    }
    let txn = db.begin().await?;
    let locked_now =
        store::unknown_logins::count_failure(&txn, login, MAX_FAILED_LOGINS, now + LOCKOUT_MS, now).await?;
    if locked_now {
        audit::record_unaccounted(&txn, login, "user.locked", lockout_target(login)).await?;
    }
    txn.commit().await?;
    Ok(if locked_now { locked() } else { wrong_credentials() })
}

/// A wrong password at `login` on a team desk, counted by its server: LOCKED once the attempts
/// run out.
async fn refused_on_server(db: &Database, login: &str) -> AppResult<AppError> {
    Ok(match count_refusal(db, login, false).await? {
        Refusal::Locked => locked(),
        Refusal::Wrong | Refusal::Lifted => wrong_credentials(),
    })
}

/// What a lockout's audit entry says it was done to.
fn lockout_target(login: &str) -> String {
    format!("{login} after {MAX_FAILED_LOGINS} wrong passwords")
}

/// A signed-in user proves it is still them (before changing their password, a role or restoring a
/// backup). A wrong password counts toward the lockout like a failed login; once the account locks,
/// the session ends too. `field` is the form's password field.
pub(crate) async fn confirm_password(
    db: &Database,
    session: &SessionSlot,
    user: &users::Model,
    password: String,
    field: &str,
) -> AppResult<()> {
    if password_is_right(db, Some(user), password).await? {
        return Ok(());
    }
    let refusal = failed_attempt(db, user, clock::now_ms()).await?;
    if refusal.code == ErrorCode::Locked {
        session.end();
        return Err(refusal);
    }
    Err(AppError::field(field, "This is not your password."))
}

pub fn logout(session: &SessionSlot) {
    session.end();
}

/// The signed-in user, or None. A session whose account is gone or deactivated ends here; one that
/// idled out answers `UNAUTHENTICATED` with the reason, once.
pub async fn current_user(db: &Database, session: &SessionSlot) -> AppResult<Option<UserDto>> {
    Ok(signed_in_user(db, session).await?.map(UserDto::from))
}
