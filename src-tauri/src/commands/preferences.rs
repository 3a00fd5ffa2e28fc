use tauri::State;

use crate::state::AppState;
use helpdesk_core::error::AppResult;
use helpdesk_core::input::Input;
use helpdesk_core::ops::preferences::{self, Preferences};
use helpdesk_core::ops::tickets::queue::TicketFilters;

#[tauri::command]
#[specta::specta]
pub async fn get_preferences(state: State<'_, AppState>) -> AppResult<Preferences> {
    Ok(preferences::get(&state.preferences).await)
}

#[tauri::command]
#[specta::specta]
pub async fn update_preferences(state: State<'_, AppState>, preferences: Input<Preferences>) -> AppResult<()> {
    preferences::update(&state.preferences, preferences.read("preferences")?).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_queue_filters(state: State<'_, AppState>) -> AppResult<Option<TicketFilters>> {
    preferences::queue_filters(&state.db()?, &state.session, &state.preferences).await
}

#[tauri::command]
#[specta::specta]
pub async fn save_queue_filters(state: State<'_, AppState>, filters: Input<TicketFilters>) -> AppResult<()> {
    preferences::save_queue_filters(&state.db()?, &state.session, &state.preferences, filters.read("filters")?).await
}
