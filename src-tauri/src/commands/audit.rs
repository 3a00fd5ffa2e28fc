use tauri::State;

use crate::state::AppState;
use helpdesk_core::error::AppResult;
use helpdesk_core::ops::audit::{self, AuditEntry};

#[tauri::command]
#[specta::specta]
pub async fn list_audit(state: State<'_, AppState>) -> AppResult<Vec<AuditEntry>> {
    audit::list(&state.db()?, &state.session).await
}
