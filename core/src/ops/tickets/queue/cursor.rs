//! The cursor: the sort key of the last row shown, as text (`u.<updated>.<id>` and the like).
use sea_orm::sea_query::SimpleExpr;

use super::dto::TicketSort;
use super::row::QueueRow;
use crate::entities::tickets::Priority;
use crate::error::{AppError, AppResult, ErrorCode};

/// The sort key of a row, as the cursor carries it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Key {
    Updated(i64, i32),
    Created(i64, i32),
    Priority(i64, i64, i32),
    Relevance(i64, i32),
}

impl Key {
    pub(super) fn of(sort: TicketSort, row: &QueueRow) -> Key {
        match sort {
            TicketSort::Updated => Key::Updated(row.updated_at, row.id),
            TicketSort::Created => Key::Created(row.created_at, row.id),
            TicketSort::Priority => Key::Priority(priority_rank(row.priority), row.updated_at, row.id),
            TicketSort::Relevance => Key::Relevance(row.rank.unwrap_or_default(), row.id),
        }
    }

    pub(super) fn encode(self) -> String {
        match self {
            Key::Updated(at, id) => format!("u.{at}.{id}"),
            Key::Created(at, id) => format!("c.{at}.{id}"),
            Key::Priority(rank, at, id) => format!("p.{rank}.{at}.{id}"),
            Key::Relevance(rank, id) => format!("r.{rank}.{id}"),
        }
    }

    /// The key's values, in the order of the sort's columns.
    pub(super) fn values(self) -> Vec<SimpleExpr> {
        match self {
            Key::Updated(at, id) | Key::Created(at, id) => vec![at.into(), id.into()],
            Key::Priority(rank, at, id) => vec![rank.into(), at.into(), id.into()],
            Key::Relevance(rank, id) => vec![rank.into(), id.into()],
        }
    }

    pub(super) fn decode(cursor: &str, sort: TicketSort) -> AppResult<Key> {
        let parts: Vec<&str> = cursor.split('.').collect();
        let int = |i: usize| parts.get(i).and_then(|p| p.parse::<i64>().ok());
        let id = |i: usize| parts.get(i).and_then(|p| p.parse::<i32>().ok());
        let key = match (sort, parts.first().copied(), parts.len()) {
            (TicketSort::Updated, Some("u"), 3) => int(1).zip(id(2)).map(|(at, id)| Key::Updated(at, id)),
            (TicketSort::Created, Some("c"), 3) => int(1).zip(id(2)).map(|(at, id)| Key::Created(at, id)),
            (TicketSort::Priority, Some("p"), 4) => {
                int(1).zip(int(2)).zip(id(3)).map(|((rank, at), id)| Key::Priority(rank, at, id))
            }
            (TicketSort::Relevance, Some("r"), 3) => int(1).zip(id(2)).map(|(rank, id)| Key::Relevance(rank, id)),
            _ => None,
        };
        key.ok_or_else(|| {
            AppError::new(ErrorCode::Validation, "That page of the list is no longer valid; start again.")
        })
    }
}

/// Priority as a number, highest last, so it sorts.
pub(super) fn priority_rank(priority: Priority) -> i64 {
    match priority {
        Priority::Low => 1,
        Priority::Medium => 2,
        Priority::High => 3,
        Priority::Critical => 4,
    }
}
