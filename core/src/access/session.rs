//! The signed-in session, held in process memory (nothing about it is stored on disk), and the one
//! way every command finds its acting user.
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::Actor;
use crate::entities::users;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::infra::database::Database;
use crate::store;

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
pub async fn current_actor(db: &Database, session: &SessionSlot) -> AppResult<Actor> {
    let actor = checked_actor(db, session).await?.ok_or_else(AppError::unauthenticated)?;
    session.touch(actor.id);
    Ok(actor)
}

/// The signed-in user, or None once the session has ended or idled out. Does not count as
/// activity, so the UI can poll it.
pub async fn signed_in_user(db: &Database, session: &SessionSlot) -> AppResult<Option<users::Model>> {
    match checked_actor(db, session).await? {
        Some(actor) => store::users::find(db, actor.id).await,
        None => Ok(None),
    }
}

/// The signed-in user, or None once the session has ended (the account is gone or deactivated);
/// an error once it idled past the timeout. Every command starts here, so it is one read on a
/// read-only connection.
async fn checked_actor(db: &Database, session: &SessionSlot) -> AppResult<Option<Actor>> {
    let Some(signed_in) = session.get() else {
        return Ok(None);
    };
    let found = store::users::standing(db, signed_in.user_id).await?;
    let Some(store::users::Standing { role, timeout_minutes: timeout, .. }) = found.filter(|found| found.active) else {
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
    Ok(Some(Actor { id: signed_in.user_id, role }))
}
