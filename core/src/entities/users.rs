use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum, Serialize, Deserialize, specta::Type)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "lowercase")]
pub enum Role {
    #[sea_orm(string_value = "customer")]
    Customer,
    #[sea_orm(string_value = "agent")]
    Agent,
    #[sea_orm(string_value = "admin")]
    Admin,
}

impl Role {
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Agent | Role::Admin)
    }

    /// As the app shows it.
    pub fn label(self) -> &'static str {
        match self {
            Role::Customer => "Customer",
            Role::Agent => "Agent",
            Role::Admin => "Admin",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub username: String,
    #[sea_orm(unique)]
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub active: bool,
    pub failed_logins: i32,
    pub locked_until: Option<i64>,
    /// When a ticket last went to this user (kept by a trigger); automatic assignment's tie-break.
    pub last_assigned_at: Option<i64>,
    /// Open, In progress and On hold tickets assigned to this user (kept by triggers); their load.
    pub active_tickets: i32,
    /// The password is a one-time code (`ops::desks` moving the desk): the first sign-in with it
    /// chooses the account's own before anything else.
    pub must_choose_password: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
