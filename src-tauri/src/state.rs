//! What the Tauri app keeps between commands: the database, the signed-in session, the
//! preferences file, and whether this is the demo.
use helpdesk_core::access::SessionSlot;
use helpdesk_core::infra::database::Database;
use helpdesk_core::infra::preferences_file::PreferencesFile;
use helpdesk_core::ops::demo::{self, DemoAccount};

pub struct AppState {
    pub db: Database,
    pub session: SessionSlot,
    pub preferences: PreferencesFile,
    pub demo: bool,
}

impl AppState {
    pub fn new(db: Database, preferences: PreferencesFile, demo: bool) -> Self {
        Self { db, session: SessionSlot::default(), preferences, demo }
    }

    /// The accounts the login screen lists: only in demo mode.
    pub fn demo_accounts(&self) -> Vec<DemoAccount> {
        if self.demo { demo::accounts() } else { Vec::new() }
    }
}
