use std::sync::atomic::Ordering;

use tauri::State;

use crate::state::AppState;
use helpdesk_core::error::AppResult;
use helpdesk_core::input::Input;
use helpdesk_core::ops::auth::{self, AppStatus, Credentials, FirstPassword};
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

/// `remember`: on a team desk, "Remember me" (the password kept in the keychain for the next start).
#[tauri::command]
#[specta::specta]
pub async fn login(
    state: State<'_, AppState>,
    credentials: Input<Credentials>,
    remember: Input<bool>,
) -> AppResult<UserDto> {
    let (credentials, remember) = (credentials.read("credentials")?, remember.read("remember")?);
    desks::sign_in(&state.desk()?, &state.session, &state.preferences, credentials, remember).await
}

/// The first sign-in with a one-time code: the person's own password replaces it.
#[tauri::command]
#[specta::specta]
pub async fn choose_password(
    state: State<'_, AppState>,
    request: Input<FirstPassword>,
    remember: Input<bool>,
) -> AppResult<UserDto> {
    let (request, remember) = (request.read("request")?, remember.read("remember")?);
    desks::choose_password(&state.desk()?, &state.session, &state.preferences, request, remember).await
}

/// At start, once: signs in whoever ticked "Remember me" on this desk last time (None: nobody).
#[tauri::command]
#[specta::specta]
pub async fn sign_in_remembered(state: State<'_, AppState>) -> AppResult<Option<UserDto>> {
    // Once a process: after a logout or an idle timeout the password is asked again.
    let (Ok(desk), false) = (state.desk(), state.remembered_tried.swap(true, Ordering::SeqCst)) else {
        return Ok(None);
    };
    desks::sign_in_remembered(&desk, &state.session, &state.preferences).await
}

#[tauri::command]
#[specta::specta]
pub async fn logout(state: State<'_, AppState>) -> AppResult<()> {
    desks::sign_out(&state.session, &state.preferences).await?;
    state.sign_out();
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn current_user(state: State<'_, AppState>) -> AppResult<Option<UserDto>> {
    // Nobody is signed in while the start screen asks which desk.
    let Ok(db) = state.db() else { return Ok(None) };
    auth::current_user(&db, &state.session).await
}
