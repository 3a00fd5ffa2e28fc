use tauri::State;

use crate::state::AppState;
use helpdesk_core::error::AppResult;
use helpdesk_core::infra::database::DeskTarget;
use helpdesk_core::input::Input;
use helpdesk_core::ops::auth::{self, AppStatus, Credentials};
use helpdesk_core::ops::desks::{self, DeskCopied, DeskExport, DeskMove, RememberedDesk, TeamAddress};
use helpdesk_core::ops::users::{NewAccount, UserDto};

/// "This computer only": opens the desk in this computer's file and remembers it.
#[tauri::command]
#[specta::specta]
pub async fn open_this_computer(state: State<'_, AppState>) -> AppResult<AppStatus> {
    let desk = desks::open(&DeskTarget::File(state.desk_file.clone()), false).await?;
    state.enter_desk(desk.clone(), RememberedDesk::ThisComputer, false).await?;
    auth::status(&desk, state.demo_accounts()).await
}

/// "Open a desk file": works on the desk in another file (one exported from a team desk), and
/// remembers it.
#[tauri::command]
#[specta::specta]
pub async fn open_desk_file(state: State<'_, AppState>, path: Input<String>) -> AppResult<AppStatus> {
    let path = path.read("path")?;
    let desk = desks::open_file(&path).await?;
    state.enter_desk(desk.clone(), RememberedDesk::File { path }, false).await?;
    auth::status(&desk, state.demo_accounts()).await
}

/// "Test connection": joins the team desk and signs in, keeping neither.
#[tauri::command]
#[specta::specta]
pub async fn test_team_desk(address: Input<TeamAddress>, credentials: Input<Credentials>) -> AppResult<UserDto> {
    desks::test(&address.read("address")?, credentials.read("credentials")?).await
}

/// "Join": joins the team desk, signs the person in as their own login (`remember`: "Remember me"),
/// and remembers the desk.
#[tauri::command]
#[specta::specta]
pub async fn join_team_desk(
    state: State<'_, AppState>,
    address: Input<TeamAddress>,
    credentials: Input<Credentials>,
    remember: Input<bool>,
) -> AppResult<UserDto> {
    let (address, credentials, remember) =
        (address.read("address")?, credentials.read("credentials")?, remember.read("remember")?);
    let desk = desks::join(&address).await?;
    let user = desks::sign_in(&desk, &state.session, &state.preferences, credentials, remember).await?;
    state.enter_team_desk(desk, address).await?;
    Ok(user)
}

/// "Set up a team desk": sets a desk up in an empty database with the owner's login (used once),
/// signs its first admin in, and remembers the desk.
#[tauri::command]
#[specta::specta]
pub async fn set_up_team_desk(
    state: State<'_, AppState>,
    address: Input<TeamAddress>,
    owner: Input<Credentials>,
    admin: Input<NewAccount>,
) -> AppResult<UserDto> {
    let address = address.read("address")?;
    let (desk, user) = desks::set_up(&address, owner.read("owner")?, admin.read("admin")?, &state.session).await?;
    state.enter_team_desk(desk, address).await?;
    Ok(user)
}

/// "Switch desk": signs out, closes the desk and shows the start screen (the next start opens the
/// remembered desk until another is chosen).
#[tauri::command]
#[specta::specta]
pub fn leave_desk(state: State<'_, AppState>) {
    state.switch_desk(None, false);
}

/// "Open a connection file" on the join form: the address it holds.
#[tauri::command]
#[specta::specta]
pub async fn read_connection_file(state: State<'_, AppState>, path: Input<String>) -> AppResult<TeamAddress> {
    desks::read_connection_file(&path.read("path")?, &state.certificates).await
}

/// Admins: saves the team desk's connection file, for colleagues to join with.
#[tauri::command]
#[specta::specta]
pub async fn save_connection_file(state: State<'_, AppState>, path: Input<String>) -> AppResult<()> {
    desks::save_connection_file(&state.db()?, &state.session, &path.read("path")?).await
}

/// Admins, on this computer's desk: "Move this desk to a team server". The app then works on the
/// team desk, the admin signed in; the file stays as it was.
#[tauri::command]
#[specta::specta]
pub async fn move_desk_to_server(state: State<'_, AppState>, request: Input<DeskMove>) -> AppResult<DeskCopied> {
    let request = request.read("request")?;
    let address = request.address.clone();
    let (desk, moved) = desks::move_to_server(&state.db()?, &state.session, request).await?;
    state.enter_team_desk(desk, address).await?;
    Ok(moved)
}

/// Admins, on a team desk: "Export the desk" into a file this app opens offline.
#[tauri::command]
#[specta::specta]
pub async fn export_desk(state: State<'_, AppState>, request: Input<DeskExport>) -> AppResult<DeskCopied> {
    desks::export_to_file(&state.db()?, &state.session, request.read("request")?).await
}
