use tauri::{AppHandle, State};

use crate::state::AppState;
use helpdesk_core::error::AppResult;
use helpdesk_core::ops::backups::{self, BackupDto};

#[tauri::command]
#[specta::specta]
pub async fn list_backups(state: State<'_, AppState>) -> AppResult<Vec<BackupDto>> {
    backups::list(&state.db, &state.session).await
}

#[tauri::command]
#[specta::specta]
pub async fn back_up_now(state: State<'_, AppState>) -> AppResult<BackupDto> {
    backups::back_up_now(&state.db, &state.session).await
}

/// Restarts the app on backup `name` (the database is swapped while nothing has it open).
#[tauri::command]
#[specta::specta]
pub async fn restore_backup(app: AppHandle, state: State<'_, AppState>, name: String) -> AppResult<()> {
    backups::schedule_restore(&state.db, &state.session, name).await?;
    app.restart()
}
