use tauri::State;

use crate::error::AppResult;
use crate::services::reports::{self, Dashboard, DashboardRequest};
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn get_dashboard(state: State<'_, AppState>, request: DashboardRequest) -> AppResult<Dashboard> {
    reports::dashboard(&state.db, &state.session, request).await
}
