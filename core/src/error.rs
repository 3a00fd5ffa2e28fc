//! The one error type that crosses IPC: a stable machine `code` the UI branches on, a human
//! `message`, and per-field messages for validation. Internal details are logged, never sent.
use std::collections::BTreeMap;

use sea_orm::{DbErr, RuntimeErr, SqlErr};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    Unauthenticated,
    Forbidden,
    NotFound,
    Validation,
    Conflict,
    Locked,
    /// The password given was a one-time code: the person chooses their own to finish signing in.
    MustChoosePassword,
    Internal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, thiserror::Error)]
#[error("{code:?}: {message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    /// Field name (as the UI form names it) to what is wrong with it.
    pub fields: BTreeMap<String, String>,
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), fields: BTreeMap::new() }
    }

    pub fn unauthenticated() -> Self {
        Self::new(ErrorCode::Unauthenticated, "Please log in to continue.")
    }

    pub fn forbidden() -> Self {
        Self::new(ErrorCode::Forbidden, "You are not allowed to do that.")
    }

    /// A VALIDATION error about one field of a form.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self::fields(BTreeMap::from([(field.to_owned(), message.into())]))
    }

    fn fields(fields: BTreeMap<String, String>) -> Self {
        Self { code: ErrorCode::Validation, message: "Please correct the highlighted fields.".into(), fields }
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Conflict, message)
    }

    /// Logs the full cause under a short reference and returns an error that shows only the
    /// reference, so a user can quote it without seeing SQL or paths.
    pub fn internal(cause: &dyn std::fmt::Display) -> Self {
        let reference = error_reference();
        tracing::error!(reference = %reference, "internal error: {cause}");
        Self::new(ErrorCode::Internal, format!("Something went wrong on our side (reference {reference})."))
    }
}

fn error_reference() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    format!("{:08X}", (nanos as u64 ^ (nanos >> 64) as u64) as u32)
}

/// A write that lost a race with another one: a unique value taken a moment earlier, or (SQLite) a
/// transaction whose snapshot another write overtook. Trying again gets a real answer.
pub fn lost_a_race(error: &DbErr) -> bool {
    if matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) {
        return true;
    }
    let (DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e))) = error else {
        return false;
    };
    // SQLITE_BUSY and SQLITE_BUSY_SNAPSHOT.
    matches!(&**e, sea_orm::sqlx::Error::Database(e) if matches!(e.code().as_deref(), Some("5" | "517")))
}

impl From<DbErr> for AppError {
    fn from(error: DbErr) -> Self {
        if lost_a_race(&error) {
            tracing::info!("a write lost a race: {error}");
            return Self::conflict("Someone else changed this at the same moment. Reload and try again.");
        }
        Self::internal(&error)
    }
}

impl From<sea_orm::TransactionError<AppError>> for AppError {
    fn from(error: sea_orm::TransactionError<AppError>) -> Self {
        match error {
            sea_orm::TransactionError::Connection(db) => db.into(),
            sea_orm::TransactionError::Transaction(app) => app,
        }
    }
}

/// Collects per-field problems so a form shows all of them at once.
#[derive(Debug, Default)]
pub struct FieldErrors(BTreeMap<String, String>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.entry(field.to_owned()).or_insert_with(|| message.into());
    }

    pub fn check(&mut self, field: &str, result: Result<(), String>) {
        if let Err(message) = result {
            self.add(field, message);
        }
    }

    pub fn into_result(self) -> AppResult<()> {
        if self.0.is_empty() {
            return Ok(());
        }
        Err(AppError::fields(self.0))
    }
}
