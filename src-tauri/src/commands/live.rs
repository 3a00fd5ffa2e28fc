use serde::Serialize;
use tauri::{AppHandle, State};
use tauri_specta::Event;

use crate::state::AppState;
use helpdesk_core::error::AppResult;
use helpdesk_core::ops::live::{self, DeskChange};

/// Changes other desktops committed, which the window's screens read again.
#[derive(Debug, Clone, Serialize, specta::Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct DeskChanged {
    pub changes: Vec<DeskChange>,
}

/// Follows the desk for the signed-in person, sending `DeskChanged` to the window, until they sign
/// out or the desk is left (a new call replaces the one before).
#[tauri::command]
#[specta::specta]
pub async fn follow_desk(app: AppHandle, state: State<'_, AppState>) -> AppResult<()> {
    let mut heard = live::follow(&state.db()?, &state.session).await?;
    state.keep_following(tauri::async_runtime::spawn(async move {
        while let Some(changes) = heard.recv().await {
            if let Err(error) = (DeskChanged { changes }).emit(&app) {
                tracing::warn!("cannot tell the window of a change: {error}");
            }
        }
    }));
    Ok(())
}
