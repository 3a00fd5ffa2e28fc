//! The conversation: public replies and internal notes.
use sea_orm::sea_query::{Expr, ExprTrait, Func, Order, Query};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

use crate::entities::comments::{ActiveModel, Column, Entity, Model};
use crate::error::AppResult;

/// Up to `limit` of a ticket's comments before `before` (time, id), newest first; internal notes
/// only `with_notes`. A page of a long conversation, read through the (ticket, time) index.
pub async fn page_of_ticket(
    db: &impl ConnectionTrait,
    ticket: i32,
    with_notes: bool,
    before: Option<(i64, i32)>,
    limit: u64,
) -> AppResult<Vec<Model>> {
    let mut query = Entity::find().filter(Column::TicketId.eq(ticket));
    if !with_notes {
        query = query.filter(Column::Internal.eq(false));
    }
    if let Some(before) = before {
        query = query.filter(super::before(Column::CreatedAt, Column::Id, before));
    }
    Ok(query.order_by_desc(Column::CreatedAt).order_by_desc(Column::Id).limit(limit).all(db).await?)
}

/// The body of the first of a ticket's earliest `scanned` comments that holds any of `words`
/// (lower-case letters and digits, as a search has them); internal notes only `with_notes`. Where a
/// search matched, found without reading the rest of a long conversation.
pub async fn first_matching(
    db: &impl ConnectionTrait,
    ticket: i32,
    with_notes: bool,
    words: &[String],
    scanned: u64,
) -> AppResult<Option<String>> {
    let Some(any_word) = words
        .iter()
        .map(|word| Expr::expr(Func::lower(Expr::col(Column::Body))).like(format!("%{word}%")))
        .reduce(|any, next| any.or(next))
    else {
        return Ok(None);
    };
    let mut earliest = Query::select();
    earliest.column(Column::Id).from(Entity).and_where(Column::TicketId.eq(ticket));
    if !with_notes {
        earliest.and_where(Column::Internal.eq(false));
    }
    earliest.order_by(Column::CreatedAt, Order::Asc).order_by(Column::Id, Order::Asc).limit(scanned);
    Ok(Entity::find()
        .select_only()
        .column(Column::Body)
        .filter(Column::Id.in_subquery(earliest))
        .filter(any_word)
        .order_by_asc(Column::CreatedAt)
        .order_by_asc(Column::Id)
        .into_tuple()
        .one(db)
        .await?)
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
