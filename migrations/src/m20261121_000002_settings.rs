//! Desk-wide settings that admins change: one row, typed columns, defaults from the design brief.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Settings {
    Table,
    Id,
    SessionTimeoutMinutes,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Settings::Table)
                    .col(integer(Settings::Id).primary_key())
                    .col(integer(Settings::SessionTimeoutMinutes).default(30))
                    .col(big_integer(Settings::UpdatedAt).default(0))
                    .to_owned(),
            )
            .await?;
        let insert =
            Query::insert().into_table(Settings::Table).columns([Settings::Id]).values_panic([1.into()]).to_owned();
        manager.exec_stmt(insert).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Settings::Table).to_owned()).await
    }
}
