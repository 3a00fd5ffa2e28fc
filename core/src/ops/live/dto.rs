use serde::Serialize;

/// What a change on another desktop was about, for the screens that show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ChangeTopic {
    /// A ticket, its conversation or its history.
    Ticket,
    User,
    Department,
    Setting,
}

/// One change on another desktop: what it was about, and the id of the ticket, account or
/// department (0 for the settings). Never any text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DeskChange {
    pub topic: ChangeTopic,
    pub id: i32,
}
