//! The signed-in session, held in process memory (nothing about it is stored on disk), and the one
//! way every command finds its acting user.
use std::sync::Mutex;
use std::time::Duration;

use super::Actor;
use crate::entities::users;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::infra::clock;
use crate::infra::database::Database;
use crate::store;

/// Times are the wall clock's (Unix ms), not a monotonic one: a monotonic clock stands still while
/// a laptop sleeps, so a lid closed for hours would keep the session alive.
#[derive(Debug, Clone, Copy)]
struct SignedIn {
    user_id: i32,
    started_at: i64,
    last_activity: i64,
}

/// How far the clock may step back (a time-sync correction) before the session ends: a clock set
/// back could otherwise stretch an idle timeout or the session's lifetime.
const CLOCK_STEP_BACK_MS: i64 = 60_000;

#[derive(Debug, Default)]
pub struct SessionSlot(Mutex<Slot>);

#[derive(Debug, Default)]
struct Slot {
    signed_in: Option<SignedIn>,
    /// On a team desk joined as its guest, the desk as the person's own login reaches it: the
    /// session works through it and closes it when it ends.
    connection: Option<Database>,
}

impl SessionSlot {
    pub fn start(&self, user_id: i32) {
        self.start_on(user_id, None);
    }

    /// Starts a session that works through `connection`, the person's own login's (team desk).
    pub fn start_on(&self, user_id: i32, connection: Option<Database>) {
        let now = clock::now_ms();
        *self.lock() = Slot { signed_in: Some(SignedIn { user_id, started_at: now, last_activity: now }), connection };
    }

    pub fn end(&self) {
        *self.lock() = Slot::default();
    }

    /// Swaps the session's own connection for `connection` (the same login's, signed in again),
    /// if the session is still `user_id`'s.
    pub fn renew_connection(&self, user_id: i32, connection: Database) {
        let mut slot = self.lock();
        if slot.signed_in.is_some_and(|s| s.user_id == user_id) && slot.connection.is_some() {
            slot.connection = Some(connection);
        }
    }

    /// The connection the session works through, if it has one of its own.
    pub fn connection(&self) -> Option<Database> {
        self.lock().connection.clone()
    }

    /// Moves the session into the past by `by`, as if it had started that much earlier and been
    /// idle since.
    pub fn backdate(&self, by: Duration) {
        let by = by.as_millis() as i64;
        if let Some(signed_in) = self.lock().signed_in.as_mut() {
            signed_in.started_at -= by;
            signed_in.last_activity -= by;
        }
    }

    /// As if the computer's clock had been set back by `by` since the last activity.
    pub fn set_clock_back(&self, by: Duration) {
        if let Some(signed_in) = self.lock().signed_in.as_mut() {
            signed_in.last_activity += by.as_millis() as i64;
        }
    }

    fn get(&self) -> Option<SignedIn> {
        self.lock().signed_in
    }

    fn touch(&self, user_id: i32) {
        if let Some(signed_in) = self.lock().signed_in.as_mut().filter(|s| s.user_id == user_id) {
            signed_in.last_activity = signed_in.last_activity.max(clock::now_ms());
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Slot> {
        // A panic elsewhere while holding the lock cannot leave the slot half-written.
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
    let Some(store::users::Standing { role, timeout_minutes, lifetime_hours, .. }) = found.filter(|found| found.active)
    else {
        session.end();
        return Ok(None);
    };
    let now = clock::now_ms();
    let ended = |why: String| {
        session.end();
        Err(AppError::new(ErrorCode::Unauthenticated, format!("{why} Please log in again.")))
    };
    if now < signed_in.last_activity - CLOCK_STEP_BACK_MS {
        return ended("You were logged out because the computer's clock was set back.".into());
    }
    if now - signed_in.last_activity > 60_000 * i64::from(timeout_minutes) {
        return ended(format!("You were logged out after {timeout_minutes} minutes without activity."));
    }
    if now - signed_in.started_at > 3_600_000 * i64::from(lifetime_hours) {
        let hours = if lifetime_hours == 1 { "1 hour".to_owned() } else { format!("{lifetime_hours} hours") };
        return ended(format!("You were logged out {hours} after logging in, as this desk asks."));
    }
    Ok(Some(Actor { id: signed_in.user_id, role }))
}
