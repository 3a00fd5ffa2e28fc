use serde::Serialize;

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
