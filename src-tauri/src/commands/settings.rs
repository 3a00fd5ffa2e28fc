use tauri::State;

use crate::state::AppState;
use helpdesk_core::error::AppResult;
use helpdesk_core::input::Input;
use helpdesk_core::ops::settings::{self, Settings};

#[tauri::command]
#[specta::specta]
pub async fn get_settings(state: State<'_, AppState>) -> AppResult<Settings> {
    settings::get(&state.db()?, &state.session).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_settings(state: State<'_, AppState>, settings: Input<Settings>) -> AppResult<Settings> {
    settings::update(&state.db()?, &state.session, settings.read("settings")?).await
}
