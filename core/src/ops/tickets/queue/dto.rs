//! What the queue is asked for and what it answers.
use serde::{Deserialize, Serialize};

use crate::entities::tickets::{Priority, Status};
use crate::ops::tickets::TicketSummary;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum TicketSort {
    #[default]
    Updated,
    Created,
    /// Highest priority first, then the most recently updated.
    Priority,
    /// Best match first (titles holding more of the words), then newest; only with keywords
    /// (otherwise the same as Updated).
    Relevance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum AssigneeFilter {
    Unassigned,
    /// The acting user.
    Me,
    User {
        id: i32,
    },
}

/// What the queue shows: every field narrows it; empty means no condition.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct TicketFilters {
    pub search: String,
    pub statuses: Vec<Status>,
    pub priorities: Vec<Priority>,
    pub department_id: Option<i32>,
    pub requester_id: Option<i32>,
    pub assignee: Option<AssigneeFilter>,
    /// Created at or after (Unix ms).
    #[specta(type = Option<specta_typescript::Number>)]
    pub created_from: Option<i64>,
    /// Created before (Unix ms).
    #[specta(type = Option<specta_typescript::Number>)]
    pub created_to: Option<i64>,
    pub sort: TicketSort,
    /// Oldest or lowest first instead of newest or highest first (not for relevance).
    pub ascending: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TicketPage {
    pub tickets: Vec<TicketSummary>,
    /// Pass it back for the next page; None at the end.
    pub next_cursor: Option<String>,
    /// The words searched for, to highlight in titles and excerpts.
    pub terms: Vec<String>,
}
