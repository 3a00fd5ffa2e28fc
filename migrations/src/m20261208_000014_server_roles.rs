//! On PostgreSQL, the server enforces who may see and change what, as the app does: whoever has a
//! desktop can also run `psql`. The schema belongs to an owner role no desktop logs in as; every
//! account is a login of its own, in the group of its role; row-level security, forced on the
//! owner too, lets each group reach only the rows the permission table gives it
//! (`m20261208_000014_server_roles.sql`). Nothing changes in a file.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = include_str!("m20261208_000014_server_roles.sql");
const DOWN: &str = include_str!("m20261208_000014_server_roles_down.sql");

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::run_on_server(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::run_on_server(manager, DOWN).await
    }
}
