//! Departments.
use sea_orm::sea_query::{Expr, Query, SimpleExpr};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryOrder, Set};

use crate::entities::departments::{ActiveModel, Column, Entity, Model};
use crate::error::AppResult;

/// Every department, by name.
pub async fn all(db: &impl ConnectionTrait) -> AppResult<Vec<Model>> {
    Ok(Entity::find().order_by_asc(Column::Name).all(db).await?)
}

pub async fn find(db: &impl ConnectionTrait, id: i32) -> AppResult<Option<Model>> {
    Ok(Entity::find_by_id(id).one(db).await?)
}

/// Whether department `id` exists (a condition to file a ticket under).
pub fn exists(id: i32) -> SimpleExpr {
    Expr::exists(Query::select().expr(Expr::val(1)).from(Entity).and_where(Column::Id.eq(id)).to_owned())
}

pub async fn count(db: &impl ConnectionTrait) -> AppResult<u64> {
    Ok(Entity::find().count(db).await?)
}

/// A new department. Like `rename`, it answers the database's own error, so the caller can tell a
/// name taken a moment earlier (a unique violation) from any other failure.
pub async fn insert(db: &impl ConnectionTrait, name: String, now: i64) -> Result<Model, sea_orm::DbErr> {
    ActiveModel { name: Set(name), created_at: Set(now), ..Default::default() }.insert(db).await
}

pub async fn rename(db: &impl ConnectionTrait, id: i32, name: String) -> Result<Model, sea_orm::DbErr> {
    ActiveModel { id: Set(id), name: Set(name), ..Default::default() }.update(db).await
}

pub async fn delete(db: &impl ConnectionTrait, id: i32) -> AppResult<()> {
    Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}
