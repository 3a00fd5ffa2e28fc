//! Backups of the whole desk (admins): made on demand (and by `infra::database::open` before every upgrade),
//! listed newest first, and restored at the next start: a database cannot be swapped under the
//! connections that have it open, so a restore is asked for here and carried out by `infra::database::open`.
use std::path::Path;

mod dto;
pub use dto::{BackupDto, BackupRestore};

use crate::access::{Action, SessionSlot, current_actor, require};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::infra::backups;
use crate::infra::database::Database;
use crate::ops::{audit, auth};
use crate::store;

fn cannot(what: &str, error: &dyn std::fmt::Display) -> AppError {
    AppError::internal(&format!("{what}: {error}"))
}

/// The desk's file. A team desk's backups are its server's (`pg_dump`), not the app's.
fn desk_file(db: &Database) -> AppResult<&Path> {
    db.path().ok_or_else(|| {
        AppError::new(ErrorCode::Forbidden, "A team desk is backed up on its server (with pg_dump), not from the app.")
    })
}

fn describe(file: &Path) -> Option<BackupDto> {
    let metadata = std::fs::metadata(file).ok()?;
    let made_at = metadata.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?.as_millis();
    Some(BackupDto {
        name: file.file_name()?.to_str()?.to_owned(),
        made_at: i64::try_from(made_at).unwrap_or(i64::MAX),
        size_bytes: i64::try_from(metadata.len()).unwrap_or(i64::MAX),
    })
}

/// The backups of the desk, newest first.
pub async fn list(db: &Database, session: &SessionSlot) -> AppResult<Vec<BackupDto>> {
    require(&current_actor(db, session).await?, Action::ManageBackups)?;
    let files = backups::backups(desk_file(db)?).map_err(|e| cannot("cannot list the backups", &e))?;
    Ok(files.iter().rev().filter_map(|file| describe(file)).collect())
}

/// A consistent copy of the desk as it is now.
pub async fn back_up_now(db: &Database, session: &SessionSlot) -> AppResult<BackupDto> {
    let actor = current_actor(db, session).await?;
    require(&actor, Action::ManageBackups)?;
    let file = backups::back_up(db, desk_file(db)?, "manual").await?;
    let made = describe(&file).ok_or_else(|| cannot("the backup was made but cannot be read", &file.display()))?;
    audit::record(db, &actor, "backup.create", made.name.clone()).await?;
    Ok(made)
}

/// Asks for the desk to be replaced by backup `name` at the next start (the current desk is kept as
/// a backup first), once the admin has given their password again; the caller restarts the app.
pub async fn schedule_restore(db: &Database, session: &SessionSlot, input: BackupRestore) -> AppResult<()> {
    let actor = current_actor(db, session).await?;
    require(&actor, Action::ManageBackups)?;
    let admin = store::users::find(db, actor.id).await?.ok_or_else(AppError::unauthenticated)?;
    auth::confirm_password(db, session, &admin, input.password, "password").await?;
    let name = input.name;
    let files = backups::backups(desk_file(db)?).map_err(|e| cannot("cannot list the backups", &e))?;
    if !files.iter().any(|file| file.file_name().is_some_and(|n| n == name.as_str())) {
        return Err(AppError::new(ErrorCode::NotFound, "That backup is gone. Choose another one."));
    }
    // Recorded before the marker is written: the desk being replaced keeps who asked (it is backed
    // up first, as `-before-restore`).
    audit::record(db, &actor, "backup.restore", name.clone()).await?;
    backups::ask_for_restore(desk_file(db)?, &name, &admin.display_name)
        .map_err(|e| cannot("cannot ask for the restore", &e))?;
    Ok(())
}

/// Records in a desk restored at this start that it was, and who asked: the restored desk's own log
/// is older than the request, which only the replaced desk holds. Called once after opening.
pub async fn record_restored(db: &Database) -> AppResult<()> {
    let Some((backup, asked_by)) = db.restored() else {
        return Ok(());
    };
    audit::record_unaccounted(db, asked_by, "backup.restored", backup.to_owned()).await
}
