//! On PostgreSQL, the server enforces who may see and change what, as the app does: whoever has a
//! desktop can also run `psql`. The schema belongs to an owner role no desktop logs in as; every
//! account is a login of its own, in the group of its role; row-level security, forced on the
//! owner too, lets each group reach only the rows the permission table gives it
//! (`m20261208_000014_server_roles.sql`). Nothing changes in a file.
//!
//! Roles are the server's, not the database's, so their names start with the desk's key: the
//! database's name when it is short and plain (`helpdesk` gives `helpdesk_owner`, `helpdesk_agent`,
//! `helpdesk.ada`), else `hd` and ten hex digits of its MD5.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = include_str!("m20261208_000014_server_roles.sql");
const DOWN: &str = include_str!("m20261208_000014_server_roles_down.sql");

/// The desk's key and its database's name, quoted, from the server.
async fn names(manager: &SchemaManager<'_>) -> Result<(String, String), DbErr> {
    let db = manager.get_connection();
    let sql = "SELECT CASE WHEN current_database() ~ '^[a-z][a-z0-9_]{0,19}$' THEN current_database() \
               ELSE 'hd' || left(md5(current_database()), 10) END, quote_ident(current_database())";
    let row = db
        .query_one_raw(Statement::from_string(manager.get_database_backend(), sql))
        .await?
        .ok_or_else(|| DbErr::Custom("the server named no database".into()))?;
    Ok((row.try_get_by_index(0)?, row.try_get_by_index(1)?))
}

async fn run(manager: &SchemaManager<'_>, script: &str) -> Result<(), DbErr> {
    let (key, database) = names(manager).await?;
    let script = script.replace("@key@", &key).replace("@database@", &database);
    manager.get_connection().execute_unprepared(&script).await.map(|_| ())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if !crate::on_postgres(manager) {
            return Ok(());
        }
        run(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if !crate::on_postgres(manager) {
            return Ok(());
        }
        run(manager, DOWN).await
    }
}
