use sea_orm::entity::prelude::*;

/// The single row (id 1) of desk-wide settings.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    pub session_timeout_minutes: i32,
    /// Hours after login when a session ends however active it was.
    pub session_lifetime_hours: i32,
    pub auto_assign: bool,
    /// Active (not Resolved or Closed) tickets an agent holds before automatic assignment skips them.
    pub agent_capacity: i32,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
