//! A page's rows as the statement returns them, and the summaries made of them.
use sea_orm::DbErr;

use crate::entities::tickets::{Priority, Status};
use crate::infra::database::Row;
use crate::ops::tickets::{DELETED_USER, TicketSummary};

#[derive(Debug)]
pub(super) struct QueueRow {
    pub(super) id: i32,
    pub(super) number: i32,
    pub(super) title: String,
    pub(super) status: Status,
    pub(super) priority: Priority,
    pub(super) requester_id: i32,
    pub(super) created_at: i64,
    pub(super) updated_at: i64,
    pub(super) description: Option<String>,
    pub(super) rank: Option<i64>,
    pub(super) department: Option<String>,
    pub(super) requester: Option<String>,
    pub(super) assignee: Option<String>,
}

/// The ticket columns of a page, in order; the names and a search's columns follow (`QueueRow::read`).
pub(super) const SHOWN: [&str; 8] =
    ["id", "number", "title", "status", "priority", "requester_id", "created_at", "updated_at"];

impl QueueRow {
    /// A row of the page's statement, by position (looking each column up by name per row cost a
    /// third of a page's time): `SHOWN`, the department, requester and assignee names, then, when
    /// searching, the description and rank.
    pub(super) fn read(row: &Row) -> Result<QueueRow, DbErr> {
        let searched = row.columns() > SHOWN.len() + 3;
        Ok(QueueRow {
            id: row.get(0)?,
            number: row.get(1)?,
            title: row.get(2)?,
            status: row.enum_column(3)?,
            priority: row.enum_column(4)?,
            requester_id: row.get(5)?,
            created_at: row.get(6)?,
            updated_at: row.get(7)?,
            department: row.get(8)?,
            requester: row.get(9)?,
            assignee: row.get(10)?,
            description: if searched { row.get(11)? } else { None },
            rank: if searched { row.get(12)? } else { None },
        })
    }
}

pub(super) fn summary(row: QueueRow, excerpt: Option<String>) -> TicketSummary {
    TicketSummary {
        excerpt,
        department: row.department.unwrap_or_default(),
        requester: row.requester.unwrap_or_else(|| DELETED_USER.into()),
        assignee: row.assignee,
        requester_id: row.requester_id,
        id: row.id,
        number: row.number,
        title: row.title,
        status: row.status,
        priority: row.priority,
        created_at: row.created_at,
        updated_at: row.updated_at,
    }
}
