use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BackupDto {
    /// The file's name in the backups folder; also what a restore names.
    pub name: String,
    /// When it was made (the file's time, Unix ms).
    #[specta(type = specta_typescript::Number)]
    pub made_at: i64,
    #[specta(type = specta_typescript::Number)]
    pub size_bytes: i64,
}

/// A restore asks for the admin's password again: it replaces every ticket on the desk.
#[derive(Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BackupRestore {
    pub name: String,
    pub password: String,
}

impl std::fmt::Debug for BackupRestore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BackupRestore")
            .field("name", &self.name)
            .field("password", &crate::ops::users::REDACTED)
            .finish()
    }
}
