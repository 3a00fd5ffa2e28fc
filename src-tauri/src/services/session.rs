//! The signed-in session, held in process memory (nothing about it is stored on disk), and the one
//! way every command finds its acting user.
use std::sync::Mutex;
use std::time::{Duration, Instant};

use sea_orm::{DatabaseConnection, EntityTrait, FromQueryResult, QuerySelect};

use crate::entities::users::{self, Role};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::settings;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub id: i32,
    pub role: Role,
}

impl From<&users::Model> for Actor {
    fn from(user: &users::Model) -> Self {
        Self { id: user.id, role: user.role }
    }
}

#[derive(Debug, FromQueryResult)]
struct UserAndTimeout {
    #[sea_orm(nested)]
    user: users::Model,
    timeout_minutes: i32,
}

#[derive(Debug, Clone, Copy)]
struct SignedIn {
    user_id: i32,
    last_activity: Instant,
}

#[derive(Debug, Default)]
pub struct SessionSlot(Mutex<Option<SignedIn>>);

impl SessionSlot {
    pub fn start(&self, user_id: i32) {
        *self.lock() = Some(SignedIn { user_id, last_activity: Instant::now() });
    }

    pub fn end(&self) {
        *self.lock() = None;
    }

    /// Moves the last activity back by `by`, as if the user had been idle that long.
    pub fn backdate(&self, by: Duration) {
        if let Some(signed_in) = self.lock().as_mut() {
            signed_in.last_activity = signed_in.last_activity.checked_sub(by).unwrap_or(signed_in.last_activity);
        }
    }

    fn get(&self) -> Option<SignedIn> {
        *self.lock()
    }

    fn touch(&self, user_id: i32) {
        if let Some(signed_in) = self.lock().as_mut().filter(|s| s.user_id == user_id) {
            signed_in.last_activity = Instant::now();
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<SignedIn>> {
        // A panic elsewhere while holding the lock cannot leave an Option half-written.
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The acting user of a command: signed in, not idle past the timeout, and still active (a
/// deactivated account's session ends here). Counts as activity.
pub async fn current_actor(db: &DatabaseConnection, session: &SessionSlot) -> AppResult<Actor> {
    Ok(Actor::from(&current_user(db, session).await?))
}

/// The acting user's account, checked as for `current_actor`, for a command that shows its name.
pub async fn current_user(db: &DatabaseConnection, session: &SessionSlot) -> AppResult<users::Model> {
    let user = signed_in_user(db, session).await?.ok_or_else(AppError::unauthenticated)?;
    session.touch(user.id);
    Ok(user)
}

/// The signed-in user, or None once the session has ended or idled out. Does not count as
/// activity, so the UI can poll it.
pub async fn signed_in_user(db: &DatabaseConnection, session: &SessionSlot) -> AppResult<Option<users::Model>> {
    let Some(signed_in) = session.get() else {
        return Ok(None);
    };
    // The user and the idle timeout in one read: every command starts here.
    let found = users::Entity::find_by_id(signed_in.user_id)
        .column_as(settings::timeout_minutes(), "timeout_minutes")
        .into_model::<UserAndTimeout>()
        .one(db)
        .await?;
    // An account that is gone or deactivated ends the session.
    let Some(UserAndTimeout { user, timeout_minutes: timeout }) = found.filter(|found| found.user.active) else {
        session.end();
        return Ok(None);
    };
    if signed_in.last_activity.elapsed() > Duration::from_secs(60 * timeout as u64) {
        session.end();
        return Err(AppError::new(
            ErrorCode::Unauthenticated,
            format!("You were logged out after {timeout} minutes without activity. Please log in again."),
        ));
    }
    Ok(Some(user))
}
