use tauri::State;

use crate::error::AppResult;
use crate::services::tickets::{self, TicketSummary};
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn list_tickets(state: State<'_, AppState>) -> AppResult<Vec<TicketSummary>> {
    tickets::list(&state.db, &state.session).await
}
