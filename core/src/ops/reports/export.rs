//! CSV exports, written for spreadsheets: UTF-8 with a byte-order mark (without it Excel reads the
//! file as the local code page), a header row, quoting by the `csv` crate, and every text that a
//! spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage return)
//! prefixed with an apostrophe. The chosen file is replaced only once the export is complete.
use std::borrow::Cow;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{Local, TimeZone};

use tempfile::NamedTempFile;

use super::dto::{DashboardExport, Exported, TicketsExport};
use super::{Dashboard, dashboard_for};
use crate::access::{SessionSlot, current_actor};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::infra::database::Database;
use crate::ops::tickets;

/// The queue as filtered, every page of it, in the queue's order.
pub async fn export_tickets(db: &Database, session: &SessionSlot, input: TicketsExport) -> AppResult<Exported> {
    let actor = current_actor(db, session).await?;
    let mut file = CsvFile::create(&input.path)?;
    file.row(["Number", "Title", "Status", "Priority", "Department", "Requester", "Assignee", "Created", "Updated"])?;
    tickets::every(db, &actor, input.filters, |batch| {
        for ticket in batch {
            file.row([
                ticket.number.to_string().as_str(),
                &ticket.title,
                ticket.status.label(),
                ticket.priority.label(),
                &ticket.department,
                &ticket.requester,
                ticket.assignee.as_deref().unwrap_or(""),
                &local_time(ticket.created_at, "%Y-%m-%d %H:%M"),
                &local_time(ticket.updated_at, "%Y-%m-%d %H:%M"),
            ])?;
        }
        Ok(())
    })
    .await?;
    file.finish()
}

/// The dashboard the actor sees, one figure per row (section, item, measure, value): a shape that
/// sorts, filters and pivots in any spreadsheet.
pub async fn export_dashboard(db: &Database, session: &SessionSlot, input: DashboardExport) -> AppResult<Exported> {
    let actor = current_actor(db, session).await?;
    let mut file = CsvFile::create(&input.path)?;
    let figures = dashboard_for(db, &actor, input.request).await?;
    file.row(["Section", "Item", "Measure", "Value"])?;
    for row in report_rows(&figures) {
        file.row([row.0, row.1.as_str(), row.2, row.3.as_str()])?;
    }
    file.finish()
}

type ReportRow = (&'static str, String, &'static str, String);

fn report_rows(figures: &Dashboard) -> Vec<ReportRow> {
    let hours = |ms: i64| format!("{:.1}", ms as f64 / 3_600_000.0);
    let mut rows: Vec<ReportRow> = Vec::new();
    for count in &figures.by_status {
        rows.push(("Status", count.status.label().into(), "Tickets", count.tickets.to_string()));
    }
    for count in &figures.by_priority {
        rows.push(("Priority", count.priority.label().into(), "Active tickets", count.tickets.to_string()));
    }
    for count in &figures.by_department {
        rows.push(("Department", count.department.clone(), "Active tickets", count.tickets.to_string()));
    }
    rows.push(("Desk", "Unassigned".into(), "Active tickets", figures.unassigned.to_string()));
    if let Some(ms) = figures.average_resolution_ms {
        rows.push(("Desk", "Resolved tickets".into(), "Average resolution (hours)", hours(ms)));
    }
    for agent in &figures.agents {
        rows.push(("Agent", agent.name.clone(), "Active tickets", agent.load.to_string()));
        rows.push(("Agent", agent.name.clone(), "Assigned", agent.assigned.to_string()));
        rows.push(("Agent", agent.name.clone(), "Resolved", agent.resolved.to_string()));
        if let Some(ms) = agent.average_resolution_ms {
            rows.push(("Agent", agent.name.clone(), "Average resolution (hours)", hours(ms)));
        }
    }
    for day in &figures.trend {
        let date = local_time(day.day_start, "%Y-%m-%d");
        rows.push(("Day", date.clone(), "Created", day.created.to_string()));
        rows.push(("Day", date, "Resolved", day.resolved.to_string()));
    }
    rows
}

/// A time as this computer's clock shows it (a desktop app: the user's own time zone).
fn local_time(ms: i64, format: &str) -> String {
    Local.timestamp_millis_opt(ms).single().map(|t| t.format(format).to_string()).unwrap_or_default()
}

/// A text a spreadsheet shows as written, never runs as a formula.
fn neutralised(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A CSV being written beside its destination, which it replaces when finished.
pub(crate) struct CsvFile {
    target: PathBuf,
    writer: csv::Writer<NamedTempFile>,
    rows: u32,
}

fn path_error(message: String) -> AppError {
    AppError::new(ErrorCode::Validation, message)
}

impl CsvFile {
    pub(crate) fn create(path: &str) -> AppResult<Self> {
        let target = PathBuf::from(path);
        let is_csv = target.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        let folder = target.parent().filter(|p| p.is_dir());
        let (Some(folder), true, true) = (folder, is_csv, target.is_absolute()) else {
            return Err(path_error("Choose a .csv file in an existing folder.".into()));
        };
        let mut file = NamedTempFile::new_in(folder).map_err(|e| cannot_save(&target, &e))?;
        file.write_all("\u{feff}".as_bytes()).map_err(|e| cannot_save(&target, &e))?;
        Ok(Self { target, writer: csv::Writer::from_writer(file), rows: 0 })
    }

    pub(crate) fn row<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) -> AppResult<()> {
        let cells: Vec<Cow<'_, str>> = cells.into_iter().map(neutralised).collect();
        let target = &self.target;
        self.writer.write_record(cells.iter().map(|cell| cell.as_bytes())).map_err(|e| cannot_save(target, &e))?;
        self.rows += 1;
        Ok(())
    }

    /// Saves the file, readable by others as an ordinary file is.
    fn finish(self) -> AppResult<Exported> {
        self.save(true)
    }

    /// Saves the file readable by its owner alone (it holds secrets).
    pub(crate) fn finish_private(self) -> AppResult<Exported> {
        self.save(false)
    }

    fn save(self, readable_by_others: bool) -> AppResult<Exported> {
        let target = self.target;
        let file = self.writer.into_inner().map_err(|e| cannot_save(&target, e.error()))?;
        // A temporary file is private to its owner; a saved export is an ordinary file.
        #[cfg(unix)]
        if readable_by_others {
            use std::os::unix::fs::PermissionsExt;
            let readable = std::fs::Permissions::from_mode(0o644);
            file.as_file().set_permissions(readable).map_err(|e| cannot_save(&target, &e))?;
        }
        #[cfg(not(unix))]
        let _ = readable_by_others;
        file.as_file().sync_all().map_err(|e| cannot_save(&target, &e))?;
        file.persist(&target).map_err(|e| cannot_save(&target, &e.error))?;
        Ok(Exported { rows: self.rows.saturating_sub(1) })
    }
}

fn cannot_save(target: &Path, error: &dyn std::fmt::Display) -> AppError {
    path_error(format!("Could not save {}: {error}", target.display()))
}

#[cfg(test)]
mod tests {
    use super::neutralised;

    #[test]
    fn formulas_are_neutralised_and_other_text_is_left_alone() {
        for formula in ["=SUM(A1:A9)", "+1", "-2+3", "@cmd", "\tx", "\rx"] {
            assert_eq!(neutralised(formula), format!("'{formula}"));
        }
        for text in ["Printer jams", "a=b", "", "'quoted", "Café ☕"] {
            assert_eq!(neutralised(text), text);
        }
    }
}
