//! The window's preferences file (`preferences.json` in the app's own folder): one fixed file the
//! page reaches only through the app's commands. Read leniently (a damaged or older file reads as
//! defaults), written whole through a private temporary file renamed over it, one writer at a time.
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::sync::Mutex;

use super::files;

pub const PREFERENCES_FILE: &str = "preferences.json";

#[derive(Debug)]
pub struct PreferencesFile {
    path: PathBuf,
    writing: Mutex<()>,
}

impl PreferencesFile {
    /// The preferences file in `folder`.
    pub fn in_folder(folder: &Path) -> Self {
        Self { path: folder.join(PREFERENCES_FILE), writing: Mutex::new(()) }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub async fn read<T: DeserializeOwned + Default>(&self) -> T {
        let _turn = self.writing.lock().await;
        self.read_now()
    }

    /// Reads, lets `change` edit, and writes back, with no other write in between.
    pub async fn update<T: DeserializeOwned + Serialize + Default>(
        &self,
        change: impl FnOnce(&mut T),
    ) -> std::io::Result<()> {
        let _turn = self.writing.lock().await;
        let mut contents: T = self.read_now();
        change(&mut contents);
        let folder = self.path.parent().unwrap_or(Path::new("."));
        files::make_folders(folder)?;
        // tempfile creates the file 0600, so the preferences are as private as the desk.
        let mut temporary = tempfile::NamedTempFile::new_in(folder)?;
        serde_json::to_writer_pretty(&mut temporary, &contents)?;
        temporary.flush()?;
        temporary.as_file().sync_all()?;
        temporary.persist(&self.path).map_err(|error| error.error)?;
        files::flush_folder(folder)?;
        Ok(())
    }

    fn read_now<T: DeserializeOwned + Default>(&self) -> T {
        let Ok(text) = std::fs::read_to_string(&self.path) else {
            return T::default();
        };
        serde_json::from_str(&text).unwrap_or_else(|error| {
            tracing::warn!(file = %self.path.display(), "preferences file unreadable, using defaults: {error}");
            T::default()
        })
    }
}
