//! The help desk app: the Tauri shell (commands, state, window, logging, start-up) over the
//! Tauri-free core (`helpdesk-core`), which holds every rule and the database.
#[cfg(test)]
mod bindings;
mod cli;
pub mod commands;
pub mod config;
pub mod logging;
pub mod state;
mod window;

use std::path::Path;

use helpdesk_core::infra::database::{self, DeskTarget};
use helpdesk_core::infra::preferences_file::PreferencesFile;
use helpdesk_core::ops::desks::{self, RememberedDesk};
use helpdesk_core::ops::{preferences, vocabulary};
use specta_typescript::Typescript;
use tauri::Manager;
use tauri_plugin_dialog::{DialogExt, MessageDialogKind};

/// The one list of commands: `run()` serves it and the bindings test exports it, with the words and
/// limits the UI shows and checks (`VOCABULARY`).
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    let builder = tauri_specta::Builder::<tauri::Wry>::new()
        .constant("VOCABULARY", vocabulary::vocabulary())
        .events(tauri_specta::collect_events![commands::live::DeskChanged]);
    builder.commands(tauri_specta::collect_commands![
        commands::auth::app_status,
        commands::auth::create_first_admin,
        commands::auth::register,
        commands::auth::login,
        commands::auth::choose_password,
        commands::auth::sign_in_remembered,
        commands::auth::logout,
        commands::auth::current_user,
        commands::desks::open_this_computer,
        commands::desks::open_desk_file,
        commands::desks::test_team_desk,
        commands::desks::join_team_desk,
        commands::desks::set_up_team_desk,
        commands::desks::read_connection_file,
        commands::desks::save_connection_file,
        commands::desks::leave_desk,
        commands::desks::move_desk_to_server,
        commands::desks::export_desk,
        commands::live::follow_desk,
        commands::tickets::list_tickets,
        commands::tickets::get_ticket,
        commands::tickets::get_ticket_timeline,
        commands::tickets::create_ticket,
        commands::tickets::change_ticket,
        commands::tickets::comment_on_ticket,
        commands::tickets::delete_ticket,
        commands::tickets::rebalance_tickets,
        commands::departments::list_departments,
        commands::departments::create_department,
        commands::departments::rename_department,
        commands::departments::delete_department,
        commands::users::update_user,
        commands::users::set_user_active,
        commands::users::reset_user_password,
        commands::users::staff_directory,
        commands::users::find_customers,
        commands::users::count_requested_tickets,
        commands::users::delete_user,
        commands::audit::list_audit,
        commands::users::create_user,
        commands::users::list_users,
        commands::users::unlock_user,
        commands::users::update_profile,
        commands::users::change_password,
        commands::settings::get_settings,
        commands::settings::update_settings,
        commands::backups::list_backups,
        commands::backups::back_up_now,
        commands::backups::restore_backup,
        commands::reports::get_dashboard,
        commands::reports::export_tickets,
        commands::reports::export_dashboard,
        commands::preferences::get_preferences,
        commands::preferences::update_preferences,
        commands::preferences::get_queue_filters,
        commands::preferences::save_queue_filters,
    ])
}

/// How `ui/src/bindings.ts` is written. 64-bit fields (millisecond timestamps) are marked one by
/// one as plain numbers: they stay far below 2^53.
pub fn bindings_language() -> Typescript {
    Typescript::default().header("// Regenerate with `npm run bindings`.\n// @ts-nocheck")
}

/// The desk a launch that names none opens: the one chosen on the start screen last time, else
/// this computer's file when it exists (a desk from before there was a start screen). None opens
/// otherwise, and the start screen asks, saying why a remembered desk did not open.
async fn remembered_desk(
    preferences: &PreferencesFile,
    desk_file: &Path,
) -> Result<database::Database, Option<String>> {
    let target = match preferences::remembered_desk(preferences).await {
        Some(RememberedDesk::Team { address }) => {
            return desks::join(&address)
                .await
                .map_err(|error| Some(error.fields.into_values().next().unwrap_or(error.message)));
        }
        Some(RememberedDesk::ThisComputer) => DeskTarget::File(desk_file.to_owned()),
        Some(RememberedDesk::File { path }) => DeskTarget::File(path.into()),
        None if desk_file.exists() => DeskTarget::File(desk_file.to_owned()),
        None => return Err(None),
    };
    desks::open(&target, false).await.map_err(|error| Some(error.message))
}

/// The command line (`helpdesk server init ...`), when the arguments ask for it: its exit code.
pub fn command_line() -> Option<std::process::ExitCode> {
    cli::run(std::env::args_os().collect())
}

pub fn run() {
    let builder = specta_builder();
    tauri::Builder::default()
        // First, so that a second launch stops before it opens anything: the running app comes
        // to the front instead, and the database is never opened twice.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let shown = window.unminimize().and_then(|()| window.show()).and_then(|()| window.set_focus());
                if let Err(error) = shown {
                    tracing::warn!("cannot bring the window forward: {error}");
                }
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::new().with_state_flags(window::KEPT).build())
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            // The app's own folder holds the desk, its backups and the preferences: its owner's alone.
            helpdesk_core::infra::files::private_folder(&app.path().app_data_dir()?)?;
            logging::init(&app.path().app_log_dir()?)?;
            if let Some(window) = app.get_webview_window("main") {
                window::keep_size(&window);
            }
            builder.mount_events(app);
            let app_data = app.path().app_data_dir()?;
            let launch = config::launch(std::env::args_os(), std::env::var_os(config::DATABASE_ENV), &app_data);
            let preferences = PreferencesFile::in_folder(&app_data);
            let desk_file = app_data.join(config::DATABASE_FILE);
            let opened = launch.and_then(|launch| {
                let desk = match &launch.database {
                    Some(target) => {
                        tracing::info!(database = %target, demo = launch.demo, "opening database");
                        Ok(tauri::async_runtime::block_on(desks::open(target, launch.demo))
                            .map_err(|error| error.message)?)
                    }
                    None => tauri::async_runtime::block_on(remembered_desk(&preferences, &desk_file)),
                };
                Ok((desk, launch.demo))
            });
            match opened {
                Ok((desk, demo)) => {
                    let certificates = app_data.join(config::CERTIFICATES_FOLDER);
                    app.manage(state::AppState::new(desk, preferences, demo, desk_file, certificates))
                }
                Err(error) => {
                    // Said in a window of its own (the app's window stays hidden), then the app quits.
                    tracing::error!("cannot open the database: {error}");
                    if let Some(window) = app.get_webview_window("main") {
                        window.hide()?;
                    }
                    app.dialog()
                        .message(error)
                        .title("Helpdesk cannot open its database")
                        .kind(MessageDialogKind::Error)
                        .show(|_| std::process::exit(1));
                    return Ok(());
                }
            };
            Ok(())
        })
        .run(tauri::generate_context!())
        .unwrap_or_else(|error| {
            tracing::error!("the application stopped with an error: {error}");
            std::process::exit(1);
        });
}
