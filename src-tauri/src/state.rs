//! What the Tauri app keeps between commands: the database and the signed-in session.
use sea_orm::DatabaseConnection;

use crate::error::AppResult;
use crate::services::session::{Actor, SessionSlot};

pub struct AppState {
    pub db: DatabaseConnection,
    pub session: SessionSlot,
}

impl AppState {
    pub fn new(db: DatabaseConnection) -> Self {
        Self {
            db,
            session: SessionSlot::default(),
        }
    }

    /// The signed-in user, or `UNAUTHENTICATED`.
    pub fn actor(&self) -> AppResult<Actor> {
        self.session.actor()
    }
}
