//! The conversation: public replies and internal notes.
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

use crate::entities::comments::{ActiveModel, Column, Entity, Model};
use crate::error::AppResult;

/// A ticket's conversation in time order; internal notes only `with_notes`.
pub async fn of_ticket(db: &impl ConnectionTrait, ticket: i32, with_notes: bool) -> AppResult<Vec<Model>> {
    let mut query = Entity::find().filter(Column::TicketId.eq(ticket));
    if !with_notes {
        query = query.filter(Column::Internal.eq(false));
    }
    Ok(query.order_by_asc(Column::CreatedAt).order_by_asc(Column::Id).all(db).await?)
}

/// The bodies of the tickets' comments (ticket id, body), oldest first; internal notes only `with_notes`.
pub async fn bodies(
    db: &impl ConnectionTrait,
    tickets: impl IntoIterator<Item = i32>,
    with_notes: bool,
) -> AppResult<Vec<(i32, String)>> {
    let mut query = Entity::find()
        .select_only()
        .columns([Column::TicketId, Column::Body])
        .filter(Column::TicketId.is_in(tickets))
        .order_by_asc(Column::Id);
    if !with_notes {
        query = query.filter(Column::Internal.eq(false));
    }
    Ok(query.into_tuple().all(db).await?)
}

pub async fn insert(
    db: &impl ConnectionTrait,
    ticket: i32,
    author: i32,
    body: String,
    internal: bool,
    now: i64,
) -> AppResult<Model> {
    let comment = ActiveModel {
        ticket_id: Set(ticket),
        author_id: Set(Some(author)),
        body: Set(body),
        internal: Set(internal),
        created_at: Set(now),
        ..Default::default()
    };
    Ok(comment.insert(db).await?)
}

/// Many comments at once (seeding a desk).
pub async fn insert_many(db: &impl ConnectionTrait, comments: Vec<ActiveModel>) -> AppResult<()> {
    if !comments.is_empty() {
        Entity::insert_many(comments).exec(db).await?;
    }
    Ok(())
}
