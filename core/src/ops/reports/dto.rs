use serde::{Deserialize, Serialize};

use crate::entities::tickets::{Priority, Status};
use crate::ops::tickets::TicketFilters;

/// The days of the trend, as the UI's calendar has them: each day's start, then the last day's end.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DashboardRequest {
    #[specta(type = Vec<specta_typescript::Number>)]
    pub day_bounds: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    /// Every ticket by status (a customer: their own).
    pub by_status: Vec<StatusCount>,
    /// Active tickets (Open, In Progress, On Hold) by priority; empty for customers.
    pub by_priority: Vec<PriorityCount>,
    /// Active tickets by department; empty for customers.
    pub by_department: Vec<DepartmentCount>,
    /// Active tickets nobody holds.
    pub unassigned: i32,
    /// From filing to resolution, over every resolved ticket; None before the first.
    #[specta(type = Option<specta_typescript::Number>)]
    pub average_resolution_ms: Option<i64>,
    /// Every active agent, by name; empty for customers.
    pub agents: Vec<AgentFigures>,
    /// Filed and resolved per day of `day_bounds`; empty for customers.
    pub trend: Vec<DayCount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StatusCount {
    pub status: Status,
    pub tickets: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PriorityCount {
    pub priority: Priority,
    pub tickets: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DepartmentCount {
    pub department: String,
    pub tickets: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AgentFigures {
    pub id: i32,
    pub name: String,
    /// Active tickets they hold now.
    pub load: i32,
    /// Every ticket they hold, in any status.
    pub assigned: i32,
    /// Of those, how many were resolved, and on average how fast.
    pub resolved: i32,
    #[specta(type = Option<specta_typescript::Number>)]
    pub average_resolution_ms: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DayCount {
    #[specta(type = specta_typescript::Number)]
    pub day_start: i64,
    pub created: i32,
    pub resolved: i32,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TicketsExport {
    pub filters: TicketFilters,
    /// Where to save: a `.csv` file the user chose.
    pub path: String,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DashboardExport {
    pub request: DashboardRequest,
    /// Where to save: a `.csv` file the user chose.
    pub path: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Exported {
    /// Data rows written (the header not counted).
    pub rows: u32,
}
