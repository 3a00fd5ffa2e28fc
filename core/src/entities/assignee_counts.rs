use sea_orm::entity::prelude::*;

use super::tickets::Status;

/// How many tickets each assignee (0: nobody) has in each status, how many of them were resolved
/// and their total time from filing to resolution (kept by triggers on `tickets`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assignee_counts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub assignee_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub status: Status,
    pub tickets: i64,
    pub resolved: i64,
    pub resolution_ms: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

/// The assignee id that stands for nobody.
pub const NOBODY: i32 = 0;

impl ActiveModelBehavior for ActiveModel {}
