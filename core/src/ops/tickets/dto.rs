use serde::{Deserialize, Serialize};

use crate::entities::tickets::{Priority, Status};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TicketSummary {
    pub id: i32,
    pub number: i32,
    pub title: String,
    pub status: Status,
    pub priority: Priority,
    pub department: String,
    pub requester_id: i32,
    pub requester: String,
    pub assignee: Option<String>,
    #[specta(type = specta_typescript::Number)]
    pub created_at: i64,
    #[specta(type = specta_typescript::Number)]
    pub updated_at: i64,
    /// Where a search matched, from the description or a comment the reader may see.
    pub excerpt: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TicketDetail {
    pub id: i32,
    pub number: i32,
    pub title: String,
    pub description: String,
    pub status: Status,
    pub priority: Priority,
    pub department_id: i32,
    pub department: String,
    pub requester_id: i32,
    pub requester: String,
    pub assignee_id: Option<i32>,
    pub assignee: Option<String>,
    #[specta(type = specta_typescript::Number)]
    pub created_at: i64,
    #[specta(type = specta_typescript::Number)]
    pub updated_at: i64,
    #[specta(type = Option<specta_typescript::Number>)]
    pub resolved_at: Option<i64>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub closed_at: Option<i64>,
    /// The version a change must name; it rises with every change.
    pub version: i32,
    /// The newest part of the conversation and history, oldest first. Internal notes only for staff.
    pub timeline: Vec<TimelineEntry>,
    /// Where the part before it starts (for `get_ticket_timeline`), when there is one.
    pub earlier: Option<String>,
}

/// A page of a ticket's timeline, oldest first, and where the page before it starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TimelinePage {
    pub entries: Vec<TimelineEntry>,
    pub earlier: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum TimelineEntry {
    Comment {
        id: i32,
        author: String,
        body: String,
        internal: bool,
        #[specta(type = specta_typescript::Number)]
        at: i64,
    },
    Change {
        field: String,
        from: Option<String>,
        to: Option<String>,
        actor: Option<String>,
        #[specta(type = specta_typescript::Number)]
        at: i64,
    },
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewTicket {
    pub title: String,
    pub description: String,
    pub department_id: i32,
    /// Medium when not given.
    pub priority: Option<Priority>,
    /// Staff filing on behalf of a customer; the actor themselves when not given.
    pub requester_id: Option<i32>,
}

/// A change to one ticket, based on `version`.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TicketChange {
    pub id: i32,
    pub version: i32,
    pub change: Change,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Change {
    Edit {
        title: String,
        description: String,
    },
    Status {
        status: Status,
    },
    Priority {
        priority: Priority,
    },
    Department {
        department: i32,
    },
    /// None unassigns.
    Assignee {
        assignee: Option<i32>,
    },
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewComment {
    pub ticket_id: i32,
    pub body: String,
    /// An internal note, for staff only.
    pub internal: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MovedTicket {
    pub id: i32,
    pub number: i32,
    pub from: String,
    pub to: String,
}
