//! On PostgreSQL, signing in and registering before anyone has signed in: a guest login every
//! desktop knows, which may only call the functions that count a refused sign-in, name the
//! account of an email, and register a customer (`m20261209_000015_guest_sign_in.sql`). Nothing
//! changes in a file.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = include_str!("m20261209_000015_guest_sign_in.sql");
const DOWN: &str = include_str!("m20261209_000015_guest_sign_in_down.sql");

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
