//! A session's absolute lifetime (an admin setting, 12 hours unless changed), and failed logins at
//! names that match no account, kept in the database like a real account's so that after a restart
//! an unknown name still locks exactly as a real one does (and the answer never tells which it is).
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
            [
                "ALTER TABLE settings ADD COLUMN session_lifetime_hours INTEGER NOT NULL DEFAULT 12",
                "CREATE TABLE unknown_logins (\
                 login TEXT NOT NULL PRIMARY KEY, \
                 failed_logins INTEGER NOT NULL DEFAULT 0, \
                 locked_until BIGINT NULL)",
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::execute_all(
            manager,
            ["DROP TABLE unknown_logins", "ALTER TABLE settings DROP COLUMN session_lifetime_hours"],
        )
        .await
    }
}
