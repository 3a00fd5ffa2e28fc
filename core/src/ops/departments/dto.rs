use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DepartmentDto {
    pub id: i32,
    pub name: String,
    /// Tickets not yet Resolved or Closed; staff only.
    pub open_tickets: Option<i32>,
    /// All tickets; staff only.
    pub total_tickets: Option<i32>,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DepartmentDeletion {
    pub id: i32,
    /// How many tickets the admin saw in it: if that changed, the deletion is refused rather than
    /// moving tickets nobody looked at.
    pub tickets_seen: u32,
    /// Where its tickets go; required while tickets use it.
    pub move_tickets_to: Option<i32>,
}
