//! The words and limits the UI shows and checks, from the Rust that enforces them: the app exports
//! `vocabulary()` into the generated bindings as a constant, so the UI keeps no copy of its own.
//! Lengths are Unicode characters on both sides.
use sea_orm::Iterable;
use serde::Serialize;

use crate::entities::tickets::{Priority, Status};
use crate::ops::tickets::rules::{self, field};
use crate::ops::users::rules as account;
use crate::ops::{departments, settings, tickets};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Vocabulary {
    /// Every status in workflow order, with its label.
    pub statuses: Vec<Labelled<Status>>,
    /// Every priority, lowest first, with its label.
    pub priorities: Vec<Labelled<Priority>>,
    /// The statuses of work not yet done (an agent's load, the dashboard's active tickets).
    pub active_statuses: Vec<Status>,
    pub history_fields: HistoryFields,
    pub limits: Limits,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Labelled<T> {
    pub value: T,
    pub label: &'static str,
}

/// The `field` of each kind of history entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryFields {
    pub title: &'static str,
    pub description: &'static str,
    pub status: &'static str,
    pub priority: &'static str,
    pub department: &'static str,
    pub assignee: &'static str,
    pub requester: &'static str,
    pub auto_assignee: &'static str,
    pub rebalanced: &'static str,
}

/// Field limits: lengths in characters, settings in their own units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Limits {
    pub title_min: u32,
    pub title_max: u32,
    pub description_max: u32,
    pub comment_max: u32,
    pub search_max: u32,
    pub username_min: u32,
    pub username_max: u32,
    pub password_min: u32,
    pub password_max: u32,
    pub email_max: u32,
    pub display_name_max: u32,
    pub department_name_max: u32,
    pub session_timeout_minutes_min: u32,
    pub session_timeout_minutes_max: u32,
    pub session_lifetime_hours_min: u32,
    pub session_lifetime_hours_max: u32,
    pub agent_capacity_min: u32,
    pub agent_capacity_max: u32,
}

fn chars(limit: usize) -> u32 {
    u32::try_from(limit).unwrap_or(u32::MAX)
}

fn whole(limit: i32) -> u32 {
    u32::try_from(limit).unwrap_or_default()
}

pub fn vocabulary() -> Vocabulary {
    Vocabulary {
        statuses: Status::iter().map(|value| Labelled { value, label: value.label() }).collect(),
        priorities: Priority::iter().map(|value| Labelled { value, label: value.label() }).collect(),
        active_statuses: rules::ACTIVE.to_vec(),
        history_fields: HistoryFields {
            title: field::TITLE,
            description: field::DESCRIPTION,
            status: field::STATUS,
            priority: field::PRIORITY,
            department: field::DEPARTMENT,
            assignee: field::ASSIGNEE,
            requester: field::REQUESTER,
            auto_assignee: field::AUTO_ASSIGNEE,
            rebalanced: field::REBALANCED,
        },
        limits: Limits {
            title_min: chars(rules::TITLE_MIN),
            title_max: chars(rules::TITLE_MAX),
            description_max: chars(rules::DESCRIPTION_MAX),
            comment_max: chars(rules::COMMENT_MAX),
            search_max: chars(tickets::queue::SEARCH_MAX),
            username_min: chars(account::USERNAME_MIN),
            username_max: chars(account::USERNAME_MAX),
            password_min: chars(account::PASSWORD_MIN),
            password_max: chars(account::PASSWORD_MAX),
            email_max: chars(account::EMAIL_MAX),
            display_name_max: chars(account::DISPLAY_NAME_MAX),
            department_name_max: chars(departments::NAME_MAX),
            session_timeout_minutes_min: whole(*settings::SESSION_TIMEOUT_MINUTES.start()),
            session_timeout_minutes_max: whole(*settings::SESSION_TIMEOUT_MINUTES.end()),
            session_lifetime_hours_min: whole(*settings::SESSION_LIFETIME_HOURS.start()),
            session_lifetime_hours_max: whole(*settings::SESSION_LIFETIME_HOURS.end()),
            agent_capacity_min: whole(*settings::AGENT_CAPACITY.start()),
            agent_capacity_max: whole(*settings::AGENT_CAPACITY.end()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_and_priority_has_a_label_in_order() {
        let vocabulary = vocabulary();
        let statuses: Vec<&str> = vocabulary.statuses.iter().map(|s| s.label).collect();
        assert_eq!(statuses, ["Open", "In progress", "On hold", "Resolved", "Closed"]);
        let priorities: Vec<&str> = vocabulary.priorities.iter().map(|p| p.label).collect();
        assert_eq!(priorities, ["Low", "Medium", "High", "Critical"]);
        assert_eq!(vocabulary.active_statuses, [Status::Open, Status::InProgress, Status::OnHold]);
    }
}
