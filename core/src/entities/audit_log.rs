use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub actor_id: i32,
    /// The admin's name at the time, kept when the account is later deleted.
    pub actor_name: String,
    /// What was done, e.g. `user.deactivate`.
    pub action: String,
    /// What it was done to, in words (e.g. `agent sam (Sam Patel)`).
    #[sea_orm(column_type = "Text")]
    pub target: String,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
