//! The signed-in session, held in process memory: nothing about it is stored on disk.
use std::sync::Mutex;

use crate::entities::users::Role;
use crate::error::{AppError, AppResult};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub id: i32,
    pub role: Role,
}

#[derive(Debug, Default)]
pub struct SessionSlot(Mutex<Option<Actor>>);

impl SessionSlot {
    pub fn start(&self, actor: Actor) {
        *self.lock() = Some(actor);
    }

    pub fn end(&self) {
        *self.lock() = None;
    }

    pub fn actor(&self) -> AppResult<Actor> {
        self.lock().ok_or_else(AppError::unauthenticated)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Actor>> {
        // A panic elsewhere while holding the lock cannot leave an Option half-written.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
