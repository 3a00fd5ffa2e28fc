//! First run, login, logout and the current user.
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, ExprTrait, PaginatorTrait, QueryFilter,
};
use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;

use crate::entities::users::{self, Role};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::passwords;
use crate::services::session::{Actor, SessionSlot};
use crate::services::users::{NewAccount, UserDto, insert_account};
use crate::services::validation;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppStatus {
    /// True until the first administrator exists: the app then shows the first-run form.
    pub needs_setup: bool,
    pub version: String,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Credentials {
    /// Username or email.
    pub login: String,
    pub password: String,
}

const WRONG_CREDENTIALS: &str = "Wrong username or password.";

pub async fn status(db: &DatabaseConnection) -> AppResult<AppStatus> {
    Ok(AppStatus {
        needs_setup: users::Entity::find().count(db).await? == 0,
        version: env!("CARGO_PKG_VERSION").to_owned(),
    })
}

/// Creates the first administrator and signs them in. Only possible on an empty user table.
pub async fn create_first_admin(
    db: &DatabaseConnection,
    session: &SessionSlot,
    input: NewAccount,
) -> AppResult<UserDto> {
    // Serialises concurrent first-run requests so that exactly one of them can win.
    static FIRST_RUN: Mutex<()> = Mutex::const_new(());
    let _guard = FIRST_RUN.lock().await;
    if users::Entity::find().count(db).await? > 0 {
        return Err(AppError::conflict(
            "This help desk already has an administrator. Please log in.",
        ));
    }
    let user = insert_account(db, input, Role::Admin).await?;
    session.start(Actor {
        id: user.id,
        role: user.role,
    });
    Ok(user.into())
}

pub async fn login(
    db: &DatabaseConnection,
    session: &SessionSlot,
    credentials: Credentials,
) -> AppResult<UserDto> {
    let login = validation::normalize(&credentials.login);
    let user = if login.is_empty() {
        None
    } else {
        users::Entity::find()
            .filter(
                users::Column::Username
                    .eq(&login)
                    .or(users::Column::Email.eq(&login)),
            )
            .one(db)
            .await?
    };
    // The same answer, after the same work, whether the account is unknown, inactive or the
    // password wrong: nothing tells an attacker which accounts exist.
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    let password_matches = passwords::verify(credentials.password, stored).await?;
    match user {
        Some(user) if password_matches && user.active => {
            session.start(Actor {
                id: user.id,
                role: user.role,
            });
            Ok(user.into())
        }
        _ => Err(AppError::new(ErrorCode::Unauthenticated, WRONG_CREDENTIALS)),
    }
}

pub fn logout(session: &SessionSlot) {
    session.end();
}

/// The signed-in user, or None. A session whose account is gone or deactivated ends here.
pub async fn current_user(
    db: &DatabaseConnection,
    session: &SessionSlot,
) -> AppResult<Option<UserDto>> {
    let Ok(actor) = session.actor() else {
        return Ok(None);
    };
    match users::Entity::find_by_id(actor.id).one(db).await? {
        Some(user) if user.active => Ok(Some(user.into())),
        _ => {
            session.end();
            Ok(None)
        }
    }
}
