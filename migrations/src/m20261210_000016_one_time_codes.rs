//! An account whose password is a one-time code (given when a desk moves between a file and a
//! server, whose password secrets cannot be carried over) chooses its own at its first sign-in:
//! `users.must_choose_password`. On PostgreSQL a customer's login may clear it on their own
//! account, as it may change their own password.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::execute_all(
            manager,
            ["ALTER TABLE users ADD COLUMN must_choose_password BOOLEAN NOT NULL DEFAULT FALSE"],
        )
        .await?;
        crate::run_on_server(manager, "GRANT UPDATE (must_choose_password) ON users TO @key@_customer;").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::run_on_server(manager, "REVOKE UPDATE (must_choose_password) ON users FROM @key@_customer;").await?;
        crate::execute_all(manager, ["ALTER TABLE users DROP COLUMN must_choose_password"]).await
    }
}
