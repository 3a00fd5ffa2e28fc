//! Logs go to the terminal and to a file per day in the OS's log folder for the app (the newest
//! `KEPT_FILES` kept); a panic is logged before the default handler reports it.
use std::path::Path;

use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::{EnvFilter, Registry, fmt};

pub const KEPT_FILES: usize = 14;

/// Everything the app logs, to both places; `RUST_LOG` overrides the levels.
pub fn subscriber(folder: &Path) -> Result<impl tracing::Subscriber + Send + Sync, Box<dyn std::error::Error>> {
    // The appender looks for old files to remove before it makes the folder, and says so on stderr.
    helpdesk_core::infra::files::private_folder(folder)?;
    let files = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix("helpdesk")
        .filename_suffix("log")
        .max_log_files(KEPT_FILES)
        .build(folder)?;
    let levels = EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into());
    Ok(Registry::default()
        .with(levels)
        .with(fmt::layer().with_writer(std::io::stderr))
        .with(fmt::layer().with_ansi(false).with_writer(files)))
}

/// Logs to `folder` from now on, panics included.
pub fn init(folder: &Path) -> Result<(), Box<dyn std::error::Error>> {
    tracing::subscriber::set_global_default(subscriber(folder)?)?;
    log_panics();
    Ok(())
}

fn log_panics() {
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |panic| {
        tracing::error!("the app panicked: {panic}");
        report(panic);
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn logged(folder: &Path) -> String {
        let files: Vec<_> = std::fs::read_dir(folder).expect("log folder").map(|e| e.expect("entry").path()).collect();
        assert_eq!(files.len(), 1, "one file for today: {files:?}");
        let name = files[0].file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        assert!(name.starts_with("helpdesk.") && name.ends_with(".log"), "{name}");
        std::fs::read_to_string(&files[0]).expect("log")
    }

    #[test]
    fn events_and_panics_are_written_to_the_day_file() {
        let root = tempfile::tempdir().expect("folder");
        // As on a first start: the folder does not exist yet.
        let folder = root.path().join("app/logs");
        let subscriber = subscriber(&folder).expect("subscriber");
        tracing::subscriber::with_default(subscriber, || {
            tracing::warn!(reference = "1A2B3C4D", "internal error: the disk is full");
            log_panics();
            let outcome = std::panic::catch_unwind(|| panic!("a bug in a command"));
            let _ = std::panic::take_hook();
            assert!(outcome.is_err());
        });
        let text = logged(&folder);
        assert!(text.contains("internal error: the disk is full") && text.contains("1A2B3C4D"), "{text}");
        assert!(text.contains("the app panicked") && text.contains("a bug in a command"), "{text}");
        assert!(!text.contains('\u{1b}'), "no terminal colours in the file");
    }
}
