// No console window next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    if let Some(done) = helpdesk::command_line() {
        return done;
    }
    helpdesk::run();
    std::process::ExitCode::SUCCESS
}
