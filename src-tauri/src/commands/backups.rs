use tauri::{AppHandle, State};

use crate::state::AppState;
use helpdesk_core::error::AppResult;
use helpdesk_core::input::Input;
use helpdesk_core::ops::backups::{self, BackupDto, BackupRestore};

#[tauri::command]
#[specta::specta]
pub async fn list_backups(state: State<'_, AppState>) -> AppResult<Vec<BackupDto>> {
    backups::list(&state.db()?, &state.session).await
}

#[tauri::command]
#[specta::specta]
pub async fn back_up_now(state: State<'_, AppState>) -> AppResult<BackupDto> {
    backups::back_up_now(&state.db()?, &state.session).await
}

/// Restarts the app on the chosen backup (the database is swapped while nothing has it open).
#[tauri::command]
#[specta::specta]
pub async fn restore_backup(
    app: AppHandle,
    state: State<'_, AppState>,
    restore: Input<BackupRestore>,
) -> AppResult<()> {
    backups::schedule_restore(&state.db()?, &state.session, restore.read("restore")?).await?;
    app.restart()
}
