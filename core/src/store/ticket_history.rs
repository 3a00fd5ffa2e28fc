//! Each ticket's history: who changed which field from what to what, and when.
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

use crate::entities::ticket_history::{ActiveModel, Column, Entity, Model};
use crate::error::AppResult;

/// One change of one field of a ticket.
pub struct Entry {
    pub ticket_id: i32,
    /// None for a change made by nobody in particular (automatic assignment).
    pub actor_id: Option<i32>,
    pub field: &'static str,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub at: i64,
}

/// Up to `limit` of a ticket's history entries before `before` (time, id), newest first.
pub async fn page_of_ticket(
    db: &impl ConnectionTrait,
    ticket: i32,
    before: Option<(i64, i32)>,
    limit: u64,
) -> AppResult<Vec<Model>> {
    let mut query = Entity::find().filter(Column::TicketId.eq(ticket));
    if let Some(before) = before {
        query = query.filter(super::before(Column::CreatedAt, Column::Id, before));
    }
    Ok(query.order_by_desc(Column::CreatedAt).order_by_desc(Column::Id).limit(limit).all(db).await?)
}

pub async fn insert(db: &impl ConnectionTrait, entries: Vec<Entry>) -> AppResult<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let rows = entries.into_iter().map(|entry| ActiveModel {
        ticket_id: Set(entry.ticket_id),
        actor_id: Set(entry.actor_id),
        field: Set(entry.field.into()),
        old_value: Set(entry.old_value),
        new_value: Set(entry.new_value),
        created_at: Set(entry.at),
        ..Default::default()
    });
    Entity::insert_many(rows).exec(db).await?;
    Ok(())
}
