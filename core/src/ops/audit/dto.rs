use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    pub id: i32,
    pub actor: String,
    pub action: String,
    pub target: String,
    #[specta(type = specta_typescript::Number)]
    pub at: i64,
}
