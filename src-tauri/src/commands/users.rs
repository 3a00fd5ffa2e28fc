use tauri::State;

use crate::state::AppState;
use helpdesk_core::error::AppResult;
use helpdesk_core::input::Input;
use helpdesk_core::ops::users::{
    self, CustomerMatch, PasswordChange, ProfileUpdate, StaffMember, StaffNewAccount, UserDeletion, UserDto, UserUpdate,
};

#[tauri::command]
#[specta::specta]
pub async fn create_user(state: State<'_, AppState>, input: Input<StaffNewAccount>) -> AppResult<UserDto> {
    users::create(&state.db()?, &state.session, input.read("input")?).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_users(state: State<'_, AppState>) -> AppResult<Vec<UserDto>> {
    users::list(&state.db()?, &state.session).await
}

#[tauri::command]
#[specta::specta]
pub async fn unlock_user(state: State<'_, AppState>, user_id: Input<i32>) -> AppResult<UserDto> {
    users::unlock(&state.db()?, &state.session, user_id.read("userId")?).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_profile(state: State<'_, AppState>, profile: Input<ProfileUpdate>) -> AppResult<UserDto> {
    users::update_profile(&state.db()?, &state.session, profile.read("profile")?).await
}

#[tauri::command]
#[specta::specta]
pub async fn change_password(state: State<'_, AppState>, change: Input<PasswordChange>) -> AppResult<()> {
    users::change_password(&state.db()?, &state.session, change.read("change")?).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_user(state: State<'_, AppState>, update: Input<UserUpdate>) -> AppResult<UserDto> {
    users::update(&state.db()?, &state.session, update.read("update")?).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_user_active(
    state: State<'_, AppState>,
    user_id: Input<i32>,
    active: Input<bool>,
) -> AppResult<UserDto> {
    users::set_active(&state.db()?, &state.session, user_id.read("userId")?, active.read("active")?).await
}

#[tauri::command]
#[specta::specta]
pub async fn reset_user_password(
    state: State<'_, AppState>,
    user_id: Input<i32>,
    password: Input<String>,
) -> AppResult<()> {
    users::reset_password(&state.db()?, &state.session, user_id.read("userId")?, password.read("password")?).await
}

#[tauri::command]
#[specta::specta]
pub async fn staff_directory(state: State<'_, AppState>) -> AppResult<Vec<StaffMember>> {
    users::directory(&state.db()?, &state.session).await
}

#[tauri::command]
#[specta::specta]
pub async fn count_requested_tickets(state: State<'_, AppState>, user_id: Input<i32>) -> AppResult<i32> {
    users::requested_tickets(&state.db()?, &state.session, user_id.read("userId")?).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_user(state: State<'_, AppState>, deletion: Input<UserDeletion>) -> AppResult<()> {
    users::delete(&state.db()?, &state.session, deletion.read("deletion")?).await
}

/// Active customers matching what staff typed, for filing on their behalf.
#[tauri::command]
#[specta::specta]
pub async fn find_customers(state: State<'_, AppState>, text: Input<String>) -> AppResult<Vec<CustomerMatch>> {
    users::find_customers(&state.db()?, &state.session, text.read("text")?).await
}
