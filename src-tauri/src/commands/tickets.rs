use tauri::State;

use crate::state::AppState;
use helpdesk_core::error::AppResult;
use helpdesk_core::input::Input;
use helpdesk_core::ops::tickets::{
    self, MovedTicket, NewComment, NewTicket, TicketChange, TicketDetail, TicketFilters, TicketPage, TimelinePage,
};

#[tauri::command]
#[specta::specta]
pub async fn list_tickets(
    state: State<'_, AppState>,
    filters: Input<TicketFilters>,
    cursor: Input<Option<String>>,
) -> AppResult<TicketPage> {
    tickets::list(&state.db()?, &state.session, filters.read("filters")?, cursor.read("cursor")?).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_ticket(state: State<'_, AppState>, id: Input<i32>) -> AppResult<TicketDetail> {
    tickets::get(&state.db()?, &state.session, id.read("id")?).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_ticket_timeline(
    state: State<'_, AppState>,
    id: Input<i32>,
    before: Input<String>,
) -> AppResult<TimelinePage> {
    tickets::timeline(&state.db()?, &state.session, id.read("id")?, before.read("before")?).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_ticket(state: State<'_, AppState>, ticket: Input<NewTicket>) -> AppResult<TicketDetail> {
    tickets::create(&state.db()?, &state.session, ticket.read("ticket")?).await
}

#[tauri::command]
#[specta::specta]
pub async fn change_ticket(state: State<'_, AppState>, change: Input<TicketChange>) -> AppResult<TicketDetail> {
    tickets::change(&state.db()?, &state.session, change.read("change")?).await
}

#[tauri::command]
#[specta::specta]
pub async fn comment_on_ticket(state: State<'_, AppState>, comment: Input<NewComment>) -> AppResult<TicketDetail> {
    tickets::comment(&state.db()?, &state.session, comment.read("comment")?).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_ticket(state: State<'_, AppState>, id: Input<i32>, version: Input<i32>) -> AppResult<()> {
    tickets::delete(&state.db()?, &state.session, id.read("id")?, version.read("version")?).await
}

/// Evens out the agents' queues (admins); answers which tickets moved where.
#[tauri::command]
#[specta::specta]
pub async fn rebalance_tickets(state: State<'_, AppState>) -> AppResult<Vec<MovedTicket>> {
    tickets::rebalance(&state.db()?, &state.session).await
}
