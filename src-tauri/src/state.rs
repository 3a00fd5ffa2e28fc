//! What the Tauri app keeps between commands: the database (and where its file is), the signed-in
//! session, and whether this is the demo.
use helpdesk_core::access::SessionSlot;
use helpdesk_core::infra::database::Database;
use helpdesk_core::ops::demo::{self, DemoAccount};

pub struct AppState {
    pub db: Database,
    pub session: SessionSlot,
    pub demo: bool,
}

impl AppState {
    pub fn new(db: Database, demo: bool) -> Self {
        Self { db, session: SessionSlot::default(), demo }
    }

    /// The accounts the login screen lists: only in demo mode.
    pub fn demo_accounts(&self) -> Vec<DemoAccount> {
        if self.demo { demo::accounts() } else { Vec::new() }
    }
}
