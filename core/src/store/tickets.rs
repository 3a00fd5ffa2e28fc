//! Tickets: finding, filing, versioned changes, deletion, and the counts and ranges the figures read.
//! The queue's pages are planned in `ops::tickets::queue`.
use sea_orm::sea_query::{Alias, Expr, Query, SelectStatement, SimpleExpr};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, ExprTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use crate::entities::tickets::{ActiveModel, Column, Entity, Model, Status};
use crate::entities::{departments, users};
use crate::error::{AppError, AppResult};
use crate::infra::database::{Database, Row};

/// The first ticket number of a desk.
const FIRST_NUMBER: i32 = 1001;

pub async fn find(db: &impl ConnectionTrait, id: i32) -> AppResult<Option<Model>> {
    Ok(Entity::find_by_id(id).one(db).await?)
}

/// The ids of the tickets created in `[from, to)` (either end open).
pub fn created_between(from: Option<i64>, to: Option<i64>) -> SelectStatement {
    let mut range = Query::select();
    range.column(Column::Id).from(Entity);
    if let Some(from) = from {
        range.and_where(Expr::col(Column::CreatedAt).gte(from));
    }
    if let Some(to) = to {
        range.and_where(Expr::col(Column::CreatedAt).lt(to));
    }
    range
}

/// The lowest and highest id of the tickets created in `[from, to)` (either end open), read no
/// further than `limit` tickets: None when there are more, or none.
pub async fn ids_created_between(
    db: &Database,
    from: Option<i64>,
    to: Option<i64>,
    limit: u64,
) -> AppResult<Option<(i64, i64)>> {
    let range = created_between(from, to).limit(limit + 1).to_owned();
    let bounds = Query::select()
        .expr(Expr::cust("count(*)"))
        // As 64-bit integers on both backends.
        .expr(Expr::cust("CAST(min(id) AS BIGINT)"))
        .expr(Expr::cust("CAST(max(id) AS BIGINT)"))
        .from_subquery(range, Alias::new("range"))
        .to_owned();
    let read = |row: &Row| Ok((row.get::<i64>(0)?, row.get::<Option<i64>>(1)?, row.get::<Option<i64>>(2)?));
    let rows = db.read_rows(db.get_database_backend().build(&bounds), read).await?;
    Ok(match rows.first() {
        Some(&(count, Some(first), Some(last))) if count as u64 <= limit => Some((first, last)),
        // No ticket in the range: a range of ids holding none.
        Some(&(0, _, _)) => Some((1, 0)),
        _ => None,
    })
}

/// What filing gave a new ticket.
pub struct Filed {
    pub id: i32,
    pub number: i32,
    pub assignee_id: Option<i32>,
    pub assignee: Option<String>,
    pub department: String,
    pub requester: String,
}

/// Files `ticket` (its id, number and assignee are chosen here) in one statement, only where
/// `allowed` holds (the department and the requester, checked in the same statement): the next
/// number, the agent `assignee` chooses (a sub-query answering one id or none), the row, and the
/// names the ticket shows. None when `allowed` did not hold. It is written alone
/// (`Database::write_alone`), one filing at a time, so two filings cannot take the same number or
/// both take an agent's last free place (the number is unique too: a collision would fail, never
/// repeat).
pub async fn insert(
    db: &Database,
    ticket: &Model,
    assignee: SelectStatement,
    allowed: SimpleExpr,
) -> AppResult<Option<Filed>> {
    let name_of = |column: Column| {
        let name = Query::select()
            .column(users::Column::DisplayName)
            .from(users::Entity)
            .and_where(Expr::col((users::Entity, users::Column::Id)).equals((Entity, column)))
            .to_owned();
        SimpleExpr::SubQuery(None, Box::new(name.into()))
    };
    let department = Query::select()
        .column(departments::Column::Name)
        .from(departments::Entity)
        .and_where(Expr::col((departments::Entity, departments::Column::Id)).equals((Entity, Column::DepartmentId)))
        .to_owned();
    // On a team desk a customer's login sees only their own tickets: the next number is read with
    // the owner's rights (`helpdesk_next_ticket_number`, migration 14, which starts at the same
    // first number).
    let next_number = match db.get_database_backend() {
        DbBackend::Postgres => Expr::cust("helpdesk_next_ticket_number()"),
        _ => Expr::cust(format!("(SELECT coalesce(max(number) + 1, {FIRST_NUMBER}) FROM tickets)")),
    };
    let row = Query::select()
        .exprs([
            next_number,
            Expr::val(ticket.title.clone()),
            Expr::val(ticket.description.clone()),
            Expr::val(ticket.status),
            Expr::val(ticket.priority),
            Expr::val(ticket.department_id),
            Expr::val(ticket.requester_id),
            SimpleExpr::SubQuery(None, Box::new(assignee.into())),
            Expr::val(ticket.created_at),
            Expr::val(ticket.updated_at),
            Expr::val(ticket.version),
        ])
        .and_where(allowed)
        .to_owned();
    let insert = Query::insert()
        .into_table(Entity)
        .columns([
            Column::Number,
            Column::Title,
            Column::Description,
            Column::Status,
            Column::Priority,
            Column::DepartmentId,
            Column::RequesterId,
            Column::AssigneeId,
            Column::CreatedAt,
            Column::UpdatedAt,
            Column::Version,
        ])
        .select_from(row)
        .map_err(|e| AppError::internal(&e))?
        .returning(Query::returning().exprs([
            Expr::col(Column::Id),
            Expr::col(Column::Number),
            Expr::col(Column::AssigneeId),
            name_of(Column::AssigneeId),
            SimpleExpr::SubQuery(None, Box::new(department.into())),
            name_of(Column::RequesterId),
        ]))
        .to_owned();
    let insert = db.get_database_backend().build(&insert);
    let Some(row) = db.write_alone(insert).await? else { return Ok(None) };
    Ok(Some(Filed {
        id: row.try_get_by_index(0)?,
        number: row.try_get_by_index(1)?,
        assignee_id: row.try_get_by_index(2)?,
        assignee: row.try_get_by_index(3)?,
        department: row.try_get_by_index(4)?,
        requester: row.try_get_by_index(5)?,
    }))
}

/// Writes `update` to ticket `id` only if it is still at `version`, and raises the version; false
/// when someone else changed it first.
pub async fn save_versioned(db: &impl ConnectionTrait, id: i32, version: i32, update: ActiveModel) -> AppResult<bool> {
    let written = Entity::update_many()
        .set(update)
        .col_expr(Column::Version, Expr::col(Column::Version).add(1))
        .filter(Column::Id.eq(id))
        .filter(Column::Version.eq(version))
        .exec(db)
        .await?;
    Ok(written.rows_affected > 0)
}

/// Several tickets picked by who or what they belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whose {
    RequestedBy(i32),
    AssignedTo(i32),
    InDepartment(i32),
}

impl Whose {
    fn condition(self) -> Condition {
        Condition::all().add(match self {
            Whose::RequestedBy(id) => Column::RequesterId.eq(id),
            Whose::AssignedTo(id) => Column::AssigneeId.eq(id),
            Whose::InDepartment(id) => Column::DepartmentId.eq(id),
        })
    }
}

pub async fn ids(db: &impl ConnectionTrait, whose: Whose) -> AppResult<Vec<i32>> {
    Ok(Entity::find().select_only().column(Column::Id).filter(whose.condition()).into_tuple().all(db).await?)
}

pub async fn count(db: &impl ConnectionTrait, whose: Whose) -> AppResult<u64> {
    Ok(Entity::find().filter(whose.condition()).count(db).await?)
}

/// Writes `update` to all of them, raising each one's version.
pub async fn save_all(db: &impl ConnectionTrait, whose: Whose, update: ActiveModel) -> AppResult<()> {
    Entity::update_many()
        .set(update)
        .col_expr(Column::Version, Expr::col(Column::Version).add(1))
        .filter(whose.condition())
        .exec(db)
        .await?;
    Ok(())
}

/// Deletes them, with their conversations and history (the foreign keys cascade).
pub async fn delete_all(db: &impl ConnectionTrait, whose: Whose) -> AppResult<()> {
    Entity::delete_many().filter(whose.condition()).exec(db).await?;
    Ok(())
}

pub async fn delete(db: &impl ConnectionTrait, id: i32) -> AppResult<()> {
    Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

/// Marks the ticket as updated now (a new comment) without a new version.
pub async fn touch(db: &impl ConnectionTrait, id: i32, now: i64) -> AppResult<()> {
    Entity::update_many().col_expr(Column::UpdatedAt, Expr::value(now)).filter(Column::Id.eq(id)).exec(db).await?;
    Ok(())
}

/// Up to `limit` of an agent's Open tickets, oldest first.
pub async fn oldest_open(db: &impl ConnectionTrait, assignee: i32, limit: u64) -> AppResult<Vec<Model>> {
    Ok(Entity::find()
        .filter(Column::AssigneeId.eq(assignee))
        .filter(Column::Status.eq(Status::Open))
        .order_by_asc(Column::CreatedAt)
        .order_by_asc(Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// Tickets filed in `[from, to)`.
pub async fn count_created(db: &impl ConnectionTrait, from: i64, to: i64) -> AppResult<u64> {
    Ok(Entity::find().filter(Column::CreatedAt.gte(from)).filter(Column::CreatedAt.lt(to)).count(db).await?)
}

/// Tickets resolved in `[from, to)`.
pub async fn count_resolved(db: &impl ConnectionTrait, from: i64, to: i64) -> AppResult<u64> {
    Ok(Entity::find().filter(Column::ResolvedAt.gte(from)).filter(Column::ResolvedAt.lt(to)).count(db).await?)
}

/// A requester's tickets by status: how many, how many were resolved, and their total time from
/// filing to resolution. Summed in SQL, on a read-only connection: a customer with 10,000 tickets
/// took 49 ms when each row came back through the pool.
pub async fn requested_outcomes(db: &Database, requester: i32) -> AppResult<Vec<(Status, i64, i64, i64)>> {
    let select = Query::select()
        .column(Column::Status)
        .expr(Expr::cust("count(*)"))
        .expr(Expr::cust("count(resolved_at)"))
        .expr(Expr::cust("coalesce(CAST(sum(resolved_at - created_at) AS BIGINT), 0)"))
        .from(Entity)
        .and_where(Expr::col(Column::RequesterId).eq(requester))
        .group_by_col(Column::Status)
        .to_owned();
    let read = |row: &Row| Ok((row.enum_column(0)?, row.get(1)?, row.get(2)?, row.get(3)?));
    Ok(db.read_rows(db.get_database_backend().build(&select), read).await?)
}

/// Many tickets at once, numbers and all (seeding a desk).
pub async fn insert_many(db: &impl ConnectionTrait, tickets: Vec<ActiveModel>) -> AppResult<()> {
    if !tickets.is_empty() {
        Entity::insert_many(tickets).exec(db).await?;
    }
    Ok(())
}

/// Every ticket (a seeded desk's few hundred).
pub async fn all(db: &impl ConnectionTrait) -> AppResult<Vec<Model>> {
    Ok(Entity::find().all(db).await?)
}
