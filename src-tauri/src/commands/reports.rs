use tauri::State;

use crate::state::AppState;
use helpdesk_core::error::AppResult;
use helpdesk_core::input::Input;
use helpdesk_core::ops::reports::{self, Dashboard, DashboardExport, DashboardRequest, Exported, TicketsExport};

#[tauri::command]
#[specta::specta]
pub async fn get_dashboard(state: State<'_, AppState>, request: Input<DashboardRequest>) -> AppResult<Dashboard> {
    reports::dashboard(&state.db()?, &state.session, request.read("request")?).await
}

/// Saves the filtered queue as CSV where the user chose (the save dialog runs in the window).
#[tauri::command]
#[specta::specta]
pub async fn export_tickets(state: State<'_, AppState>, request: Input<TicketsExport>) -> AppResult<Exported> {
    reports::export_tickets(&state.db()?, &state.session, request.read("request")?).await
}

#[tauri::command]
#[specta::specta]
pub async fn export_dashboard(state: State<'_, AppState>, request: Input<DashboardExport>) -> AppResult<Exported> {
    reports::export_dashboard(&state.db()?, &state.session, request.read("request")?).await
}
