//! What the Tauri app keeps between commands: the desk, the signed-in session, the preferences
//! file, and whether this is the demo.
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Mutex, RwLock};

use helpdesk_core::access::SessionSlot;
use helpdesk_core::error::{AppError, AppResult};
use helpdesk_core::infra::database::Database;
use helpdesk_core::infra::preferences_file::PreferencesFile;
use helpdesk_core::ops::demo::{self, DemoAccount};
use helpdesk_core::ops::desks::{RememberedDesk, TeamAddress};
use helpdesk_core::ops::preferences;

pub struct AppState {
    /// The desk as opened: its file, or a team desk's server (as its guest, until someone signs in
    /// as their own login); none while the start screen asks which.
    desk: RwLock<Option<Database>>,
    pub session: SessionSlot,
    pub preferences: PreferencesFile,
    pub demo: bool,
    /// This computer's desk file, which "This computer only" opens.
    pub desk_file: PathBuf,
    /// Where the certificate authorities that connection files bring are kept.
    pub certificates: PathBuf,
    /// Why the desk remembered from last time did not open at this start.
    start_problem: RwLock<Option<String>>,
    /// Whether "Remember me" was tried at this start (it signs in once a process).
    pub remembered_tried: AtomicBool,
    /// What passes other desktops' changes to the window, for the signed-in person (a team desk).
    following: Mutex<Option<tauri::async_runtime::JoinHandle<()>>>,
}

impl AppState {
    /// `desk`: the desk opened at start, or why none opened (None: nothing to say).
    pub fn new(
        desk: Result<Database, Option<String>>,
        preferences: PreferencesFile,
        demo: bool,
        desk_file: PathBuf,
        certificates: PathBuf,
    ) -> Self {
        let (desk, problem) = match desk {
            Ok(desk) => (Some(desk), None),
            Err(problem) => (None, problem),
        };
        Self {
            desk: RwLock::new(desk),
            session: SessionSlot::default(),
            preferences,
            demo,
            desk_file,
            certificates,
            start_problem: RwLock::new(problem),
            remembered_tried: AtomicBool::new(false),
            following: Mutex::new(None),
        }
    }

    /// The desk as opened, for what comes before signing in.
    pub fn desk(&self) -> AppResult<Database> {
        self.desk.read().unwrap_or_else(|poisoned| poisoned.into_inner()).clone().ok_or_else(|| {
            AppError::conflict("No desk is open: choose this computer's desk or join a team desk first.")
        })
    }

    /// Why the desk remembered from last time did not open at this start.
    pub fn start_problem(&self) -> Option<String> {
        self.start_problem.read().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }

    /// The desk as the signed-in person works with it: on a team desk joined as its guest, through
    /// their own login's connection, which the session holds; else the desk as opened.
    pub fn db(&self) -> AppResult<Database> {
        match self.session.connection() {
            Some(own) => Ok(own),
            None => self.desk(),
        }
    }

    /// Works on `desk` from now on (None: the start screen), with nobody signed in unless `keep_session`
    /// (someone just signed in to that desk).
    pub fn switch_desk(&self, desk: Option<Database>, keep_session: bool) {
        if !keep_session {
            self.sign_out();
        }
        *self.desk.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = desk;
        *self.start_problem.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = None;
    }

    /// Works on the team desk at `address` from now on, with the person who just signed in to it,
    /// and opens it at the next start.
    pub async fn enter_team_desk(&self, desk: Database, address: TeamAddress) -> AppResult<()> {
        self.enter_desk(desk, RememberedDesk::Team { address }, true).await
    }

    /// Works on `desk` from now on (`keep_session`: with the person who just signed in to it), and
    /// opens it (`remembered`) at the next start.
    pub async fn enter_desk(&self, desk: Database, remembered: RememberedDesk, keep_session: bool) -> AppResult<()> {
        preferences::remember_desk(&self.preferences, Some(remembered)).await?;
        self.switch_desk(Some(desk), keep_session);
        Ok(())
    }

    /// Ends the session, and the news of other desktops' changes that came with it.
    pub fn sign_out(&self) {
        self.session.end();
        self.keep_following_none();
    }

    /// Passes other desktops' changes to the window through `forwarding` from now on, in place of
    /// what did before.
    pub fn keep_following(&self, forwarding: tauri::async_runtime::JoinHandle<()>) {
        let before = self.following.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).replace(forwarding);
        if let Some(before) = before {
            before.abort();
        }
    }

    fn keep_following_none(&self) {
        if let Some(before) = self.following.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take() {
            before.abort();
        }
    }

    /// The accounts the login screen lists: only in demo mode.
    pub fn demo_accounts(&self) -> Vec<DemoAccount> {
        if self.demo { demo::accounts() } else { Vec::new() }
    }
}
