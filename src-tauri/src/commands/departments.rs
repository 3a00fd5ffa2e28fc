use tauri::State;

use crate::state::AppState;
use helpdesk_core::error::AppResult;
use helpdesk_core::input::Input;
use helpdesk_core::ops::departments::{self, DepartmentDeletion, DepartmentDto};

#[tauri::command]
#[specta::specta]
pub async fn list_departments(state: State<'_, AppState>) -> AppResult<Vec<DepartmentDto>> {
    departments::list(&state.db()?, &state.session).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_department(state: State<'_, AppState>, name: Input<String>) -> AppResult<DepartmentDto> {
    departments::create(&state.db()?, &state.session, name.read("name")?).await
}

#[tauri::command]
#[specta::specta]
pub async fn rename_department(state: State<'_, AppState>, id: Input<i32>, name: Input<String>) -> AppResult<()> {
    departments::rename(&state.db()?, &state.session, id.read("id")?, name.read("name")?).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_department(state: State<'_, AppState>, deletion: Input<DepartmentDeletion>) -> AppResult<()> {
    departments::delete(&state.db()?, &state.session, deletion.read("deletion")?).await
}
