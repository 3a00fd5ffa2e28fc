use tauri::State;

use crate::state::AppState;
use helpdesk_core::error::AppResult;
use helpdesk_core::ops::departments::{self, DepartmentDeletion, DepartmentDto};

#[tauri::command]
#[specta::specta]
pub async fn list_departments(state: State<'_, AppState>) -> AppResult<Vec<DepartmentDto>> {
    departments::list(&state.db, &state.session).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_department(state: State<'_, AppState>, name: String) -> AppResult<DepartmentDto> {
    departments::create(&state.db, &state.session, name).await
}

#[tauri::command]
#[specta::specta]
pub async fn rename_department(state: State<'_, AppState>, id: i32, name: String) -> AppResult<()> {
    departments::rename(&state.db, &state.session, id, name).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_department(state: State<'_, AppState>, deletion: DepartmentDeletion) -> AppResult<()> {
    departments::delete(&state.db, &state.session, deletion).await
}
