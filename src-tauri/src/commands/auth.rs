use tauri::State;

use crate::state::AppState;
use helpdesk_core::error::AppResult;
use helpdesk_core::input::Input;
use helpdesk_core::ops::auth::{self, AppStatus, Credentials};
use helpdesk_core::ops::desks;
use helpdesk_core::ops::users::{NewAccount, UserDto};

#[tauri::command]
#[specta::specta]
pub async fn app_status(state: State<'_, AppState>) -> AppResult<AppStatus> {
    match state.desk() {
        Ok(desk) => auth::status(&desk, state.demo_accounts()).await,
        Err(_) => Ok(desks::start_screen(&state.preferences, state.start_problem()).await),
    }
}

#[tauri::command]
#[specta::specta]
pub async fn create_first_admin(state: State<'_, AppState>, account: Input<NewAccount>) -> AppResult<UserDto> {
    auth::create_first_admin(&state.desk()?, &state.session, account.read("account")?).await
}

#[tauri::command]
#[specta::specta]
pub async fn register(state: State<'_, AppState>, account: Input<NewAccount>) -> AppResult<UserDto> {
    auth::register(&state.desk()?, &state.session, account.read("account")?).await
}

#[tauri::command]
#[specta::specta]
pub async fn login(state: State<'_, AppState>, credentials: Input<Credentials>) -> AppResult<UserDto> {
    auth::login(&state.desk()?, &state.session, credentials.read("credentials")?).await
}

#[tauri::command]
#[specta::specta]
pub fn logout(state: State<'_, AppState>) {
    auth::logout(&state.session)
}

#[tauri::command]
#[specta::specta]
pub async fn current_user(state: State<'_, AppState>) -> AppResult<Option<UserDto>> {
    // Nobody is signed in while the start screen asks which desk.
    let Ok(db) = state.db() else { return Ok(None) };
    auth::current_user(&db, &state.session).await
}
