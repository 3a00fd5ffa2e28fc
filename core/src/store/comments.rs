//! The conversation: public replies and internal notes.
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
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

/// For each of `tickets`, the body of the first of its earliest `scanned` comments that holds any
/// of `words` (lower-case letters and digits, as a search has them); internal notes only
/// `with_notes`. Where a search matched, found in one statement without reading the rest of a long
/// conversation, and without handing over any other body.
pub async fn first_matching(
    db: &impl ConnectionTrait,
    tickets: &[i32],
    with_notes: bool,
    words: &[String],
    scanned: u64,
) -> AppResult<Vec<(i32, String)>> {
    let Some(any_word) = words.iter().map(|word| super::holds(Column::Body, word)).reduce(|any, next| any.or(next))
    else {
        return Ok(Vec::new());
    };
    if tickets.is_empty() {
        return Ok(Vec::new());
    }
    // A comment's place in its ticket's conversation (among the rows the query keeps).
    let place = || Expr::cust("row_number() OVER (PARTITION BY ticket_id ORDER BY created_at, id)");
    let mut earliest = Query::select();
    earliest
        .column(Column::Id)
        .expr_as(place(), Alias::new("place"))
        .from(Entity)
        .and_where(Column::TicketId.is_in(tickets.iter().copied()));
    if !with_notes {
        earliest.and_where(Column::Internal.eq(false));
    }
    let mut first_ones = Query::select();
    first_ones
        .column(Alias::new("id"))
        .from_subquery(earliest, Alias::new("earliest"))
        .and_where(Expr::col(Alias::new("place")).lte(scanned));
    let mut matching = Query::select();
    matching
        .columns([Column::TicketId, Column::Body])
        .expr_as(place(), Alias::new("place"))
        .from(Entity)
        .and_where(Column::Id.in_subquery(first_ones))
        .and_where(any_word);
    let mut first_match = Query::select();
    first_match
        .columns([Alias::new("ticket_id"), Alias::new("body")])
        .from_subquery(matching, Alias::new("matching"))
        .and_where(Expr::col(Alias::new("place")).eq(1));
    let rows = db.query_all_raw(db.get_database_backend().build(&first_match)).await?;
    Ok(rows
        .iter()
        .map(|row| Ok((row.try_get::<i32>("", "ticket_id")?, row.try_get::<String>("", "body")?)))
        .collect::<Result<_, sea_orm::DbErr>>()?)
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
