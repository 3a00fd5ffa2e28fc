use tauri::State;

use crate::state::AppState;
use helpdesk_core::error::AppResult;
use helpdesk_core::input::Input;
use helpdesk_core::ops::auth::{self, AppStatus, Credentials};
use helpdesk_core::ops::users::{NewAccount, UserDto};

#[tauri::command]
#[specta::specta]
pub async fn app_status(state: State<'_, AppState>) -> AppResult<AppStatus> {
    auth::status(&state.db, state.demo_accounts()).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_first_admin(state: State<'_, AppState>, account: Input<NewAccount>) -> AppResult<UserDto> {
    auth::create_first_admin(&state.db, &state.session, account.read("account")?).await
}

#[tauri::command]
#[specta::specta]
pub async fn register(state: State<'_, AppState>, account: Input<NewAccount>) -> AppResult<UserDto> {
    auth::register(&state.db, &state.session, account.read("account")?).await
}

#[tauri::command]
#[specta::specta]
pub async fn login(state: State<'_, AppState>, credentials: Input<Credentials>) -> AppResult<UserDto> {
    auth::login(&state.db, &state.session, credentials.read("credentials")?).await
}

#[tauri::command]
#[specta::specta]
pub fn logout(state: State<'_, AppState>) {
    auth::logout(&state.session)
}

#[tauri::command]
#[specta::specta]
pub async fn current_user(state: State<'_, AppState>) -> AppResult<Option<UserDto>> {
    auth::current_user(&state.db, &state.session).await
}
