//! Preferences kept on this computer: the theme and last login name for the window, and each
//! signed-in person's queue filters, in the app's fixed preferences file.
mod dto;
pub use dto::{Preferences, ThemePreference};

use dto::Stored;

use crate::access::{SessionSlot, current_actor};
use crate::error::{AppError, AppResult};
use crate::infra::database::Database;
use crate::infra::preferences_file::PreferencesFile;
use crate::ops::desks::{RememberedDesk, RememberedSignIn};
use crate::ops::tickets::queue::{self, TicketFilters};
use crate::ops::users::rules::{EMAIL_MAX, USERNAME_MAX};

pub async fn get(file: &PreferencesFile) -> Preferences {
    file.read::<Stored>().await.window
}

pub async fn update(file: &PreferencesFile, preferences: Preferences) -> AppResult<()> {
    // The login form takes a username or an email.
    let longest = USERNAME_MAX.max(EMAIL_MAX);
    if preferences.last_username.as_ref().is_some_and(|name| name.chars().count() > longest) {
        return Err(AppError::field("lastUsername", format!("Use at most {longest} characters.")));
    }
    saved(file.update(|stored: &mut Stored| stored.window = preferences).await)
}

/// The desk to open at the next start, as last chosen on this computer.
pub async fn remembered_desk(file: &PreferencesFile) -> Option<RememberedDesk> {
    file.read::<Stored>().await.desk
}

/// Remembers `desk` for the next start (None: ask again).
pub async fn remember_desk(file: &PreferencesFile, desk: Option<RememberedDesk>) -> AppResult<()> {
    saved(file.update(|stored: &mut Stored| stored.desk = desk).await)
}

/// Who "Remember me" signs in at the next start, if anyone.
pub async fn remembered_sign_in(file: &PreferencesFile) -> Option<RememberedSignIn> {
    file.read::<Stored>().await.sign_in
}

/// Remembers who to sign in at the next start (None: nobody).
pub async fn remember_sign_in(file: &PreferencesFile, sign_in: Option<RememberedSignIn>) -> AppResult<()> {
    saved(file.update(|stored: &mut Stored| stored.sign_in = sign_in).await)
}

/// The signed-in person's queue filters as they last left them, if any.
pub async fn queue_filters(
    db: &Database,
    session: &SessionSlot,
    file: &PreferencesFile,
) -> AppResult<Option<TicketFilters>> {
    let actor = current_actor(db, session).await?;
    Ok(file.read::<Stored>().await.queue_filters.remove(&person(db, actor.id)))
}

pub async fn save_queue_filters(
    db: &Database,
    session: &SessionSlot,
    file: &PreferencesFile,
    filters: TicketFilters,
) -> AppResult<()> {
    let actor = current_actor(db, session).await?;
    queue::check_filters(&filters)?;
    let key = person(db, actor.id);
    saved(file.update(|stored: &mut Stored| drop(stored.queue_filters.insert(key, filters))).await)
}

/// Whose filters: user ids repeat across desks (a demo desk and the real one on one computer).
fn person(db: &Database, user_id: i32) -> String {
    format!("{}#{user_id}", db.desk())
}

fn saved(written: std::io::Result<()>) -> AppResult<()> {
    written.map_err(|error| AppError::internal(&format!("cannot write the preferences file: {error}")))
}
