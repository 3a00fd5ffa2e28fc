use helpdesk_core::error::{AppError, ErrorCode, FieldErrors};
use serde_json::json;

#[test]
fn errors_cross_ipc_as_code_message_and_fields() {
    let mut fields = FieldErrors::default();
    fields.add("email", "Enter a valid email address.");
    let error = fields.into_result().expect_err("one field");
    assert_eq!(
        serde_json::to_value(&error).expect("json"),
        json!({
            "code": "VALIDATION",
            "message": "Please correct the highlighted fields.",
            "fields": { "email": "Enter a valid email address." }
        })
    );
}

#[test]
fn internal_errors_show_a_reference_but_no_detail() {
    let cause = sea_orm::DbErr::Custom("SELECT secret FROM /home/someone/helpdesk.sqlite3".into());
    let error = AppError::from(cause);
    assert_eq!(error.code, ErrorCode::Internal);
    assert!(error.message.contains("reference"), "{}", error.message);
    assert!(!error.message.contains("SELECT") && !error.message.contains("/home"), "{}", error.message);
}

#[test]
fn unknown_statuses_and_priorities_never_reach_a_service() {
    use helpdesk_core::ops::tickets::{Change, NewTicket};
    // Tauri refuses such arguments before the command runs; the UI shows that as VALIDATION.
    assert!(serde_json::from_value::<Change>(json!({ "kind": "status", "status": "bogus" })).is_err());
    assert!(serde_json::from_value::<Change>(json!({ "kind": "priority", "priority": "urgent!" })).is_err());
    let ticket = json!({ "title": "Printer", "description": "Jams", "departmentId": 1, "priority": "extreme", "requesterId": null });
    assert!(serde_json::from_value::<NewTicket>(ticket).is_err());
    assert!(serde_json::from_value::<Change>(json!({ "kind": "status", "status": "in_progress" })).is_ok());
}
