use tauri::State;

use crate::error::AppResult;
use crate::services::audit::{self, AuditEntry};
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn list_audit(state: State<'_, AppState>) -> AppResult<Vec<AuditEntry>> {
    audit::list(&state.db, &state.session).await
}
