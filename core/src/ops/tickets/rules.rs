//! The ticket rules that need no storage: field limits, status transitions and the timestamps they
//! set, and the names of history fields.
use crate::entities::tickets::{Model, Status};
use crate::error::{AppError, AppResult, ErrorCode, FieldErrors};

pub const TITLE_MIN: usize = 3;
pub const TITLE_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 20_000;
pub const COMMENT_MAX: usize = 10_000;

/// The statuses that count towards an agent's load (and the dashboard's active tickets).
pub const ACTIVE: [Status; 3] = [Status::Open, Status::InProgress, Status::OnHold];

/// The fields a ticket's history names.
pub mod field {
    pub const TITLE: &str = "title";
    pub const DESCRIPTION: &str = "description";
    pub const STATUS: &str = "status";
    pub const PRIORITY: &str = "priority";
    pub const DEPARTMENT: &str = "department";
    pub const ASSIGNEE: &str = "assignee";
    pub const REQUESTER: &str = "requester";
    /// An automatic assignment at filing (by nobody in particular).
    pub const AUTO_ASSIGNEE: &str = "auto_assignee";
    /// A ticket moved by rebalancing (old and new assignee by name).
    pub const REBALANCED: &str = "rebalanced";
}

/// A text of `min` to `max` characters (Unicode characters, after trimming).
pub fn text_rule(value: &str, min: usize, max: usize) -> Result<(), String> {
    let length = value.trim().chars().count();
    if length < min {
        return Err(if min <= 1 { "This cannot be empty.".into() } else { format!("Use at least {min} characters.") });
    }
    if length > max {
        return Err(format!("Use at most {max} characters (this has {length})."));
    }
    Ok(())
}

/// Line breaks and tabs are all a longer text may hold of the control characters: NUL, escape
/// sequences and the like would reach other people's screens and exports.
pub fn plain_text_rule(value: &str) -> Result<(), String> {
    if value.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err("Remove the control characters (only line breaks and tabs may stay).".into());
    }
    Ok(())
}

pub fn check_title_and_description(title: &str, description: &str) -> AppResult<()> {
    let mut errors = FieldErrors::default();
    errors.check("title", text_rule(title, TITLE_MIN, TITLE_MAX));
    if title.chars().any(char::is_control) {
        errors.add("title", "Keep the title on one line.");
    }
    errors.check("title", crate::ops::text::no_invisible_rule(title));
    errors.check("description", text_rule(description, 1, DESCRIPTION_MAX));
    errors.check("description", plain_text_rule(description));
    errors.into_result()
}

pub fn check_comment(body: &str) -> AppResult<()> {
    let mut errors = FieldErrors::default();
    errors.check("body", text_rule(body, 1, COMMENT_MAX));
    errors.check("body", plain_text_rule(body));
    errors.into_result()
}

/// A closed ticket only moves by being reopened.
pub fn check_transition(from: Status, to: Status) -> AppResult<()> {
    if from == Status::Closed && to != Status::Open {
        return Err(AppError::new(ErrorCode::Validation, "A closed ticket can only be reopened."));
    }
    Ok(())
}

/// `resolved_at` and `closed_at` once `ticket` moves to `to` at `now`: set when the status is
/// reached (closing an unresolved ticket resolves it too), cleared when it goes back to work.
pub fn settled_times(ticket: &Model, to: Status, now: i64) -> (Option<i64>, Option<i64>) {
    match to {
        Status::Resolved => (Some(now), ticket.closed_at),
        Status::Closed => (ticket.resolved_at.or(Some(now)), Some(now)),
        Status::Open | Status::InProgress | Status::OnHold => (None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::tickets::Priority;

    fn ticket(resolved_at: Option<i64>, closed_at: Option<i64>) -> Model {
        Model {
            id: 1,
            number: 1001,
            title: "Printer jams".into(),
            description: "It jams.".into(),
            status: Status::Open,
            priority: Priority::Medium,
            department_id: 1,
            requester_id: 1,
            assignee_id: None,
            created_at: 0,
            updated_at: 0,
            resolved_at,
            closed_at,
            version: 1,
        }
    }

    #[test]
    fn reaching_a_settled_status_sets_its_time_and_going_back_to_work_clears_both() {
        assert_eq!(settled_times(&ticket(None, None), Status::Resolved, 5), (Some(5), None));
        assert_eq!(settled_times(&ticket(None, None), Status::Closed, 5), (Some(5), Some(5)));
        assert_eq!(settled_times(&ticket(Some(3), None), Status::Closed, 5), (Some(3), Some(5)), "resolved stays");
        assert_eq!(settled_times(&ticket(Some(3), Some(4)), Status::Open, 5), (None, None));
        assert_eq!(settled_times(&ticket(Some(3), None), Status::OnHold, 5), (None, None));
    }

    #[test]
    fn a_closed_ticket_only_reopens() {
        assert!(check_transition(Status::Closed, Status::Open).is_ok());
        for to in [Status::InProgress, Status::OnHold, Status::Resolved, Status::Closed] {
            assert!(check_transition(Status::Closed, to).is_err(), "{to:?}");
        }
        assert!(check_transition(Status::Resolved, Status::Closed).is_ok());
    }

    #[test]
    fn longer_texts_keep_line_breaks_and_tabs_but_no_other_control_character() {
        assert!(plain_text_rule("Line one\n\tindented line two").is_ok());
        for bad in ["nul \0 byte", "escape \u{1b}[31m red", "bell \u{7}", "return \r alone", "del \u{7f}", "c1 \u{9b}"]
        {
            assert!(plain_text_rule(bad).is_err(), "{bad:?}");
            assert!(check_comment(bad).expect_err("refused").fields.contains_key("body"), "{bad:?}");
            let refused = check_title_and_description("Printer jams", bad).expect_err("refused");
            assert!(refused.fields.contains_key("description"), "{bad:?}");
        }
    }

    #[test]
    fn lengths_count_characters_after_trimming() {
        assert!(text_rule("  ab  ", 3, 10).is_err());
        assert!(text_rule("äöü", 3, 3).is_ok(), "six bytes, three characters");
        assert!(text_rule(&"😀".repeat(4), 1, 3).is_err());
    }
}
