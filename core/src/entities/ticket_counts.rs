use sea_orm::entity::prelude::*;

use super::tickets::{Priority, Status};

/// How many tickets have each status, priority and department (kept by triggers on `tickets`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ticket_counts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub status: Status,
    #[sea_orm(primary_key, auto_increment = false)]
    pub priority: Priority,
    #[sea_orm(primary_key, auto_increment = false)]
    pub department_id: i32,
    pub tickets: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
