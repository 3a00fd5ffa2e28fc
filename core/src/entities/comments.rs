use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "comments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub ticket_id: i32,
    /// None once the author's account has been deleted; the comment stays.
    pub author_id: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    /// Internal notes are for staff only and never reach a customer.
    pub internal: bool,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::tickets::Entity", from = "Column::TicketId", to = "super::tickets::Column::Id")]
    Ticket,
}

impl ActiveModelBehavior for ActiveModel {}
