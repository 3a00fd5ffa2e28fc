use tauri::State;

use crate::error::AppResult;
use crate::services::settings::{self, Settings};
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn get_settings(state: State<'_, AppState>) -> AppResult<Settings> {
    settings::get(&state.db, &state.session).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_settings(state: State<'_, AppState>, settings: Settings) -> AppResult<Settings> {
    settings::update(&state.db, &state.session, settings).await
}
