use tauri::State;

use crate::error::AppResult;
use crate::services::departments::{self, DepartmentDto};
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn list_departments(state: State<'_, AppState>) -> AppResult<Vec<DepartmentDto>> {
    departments::list(&state.db, &state.session).await
}
