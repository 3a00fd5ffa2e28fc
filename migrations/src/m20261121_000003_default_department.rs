//! A new desk gets one department, so tickets can be filed before an admin has set up their own.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Departments {
    Table,
    Name,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let insert = Query::insert()
            .into_table(Departments::Table)
            .columns([Departments::Name, Departments::CreatedAt])
            .values_panic(["General".into(), 0i64.into()])
            .to_owned();
        manager.exec_stmt(insert).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let delete = Query::delete()
            .from_table(Departments::Table)
            .and_where(Expr::col(Departments::Name).eq("General"))
            .to_owned();
        manager.exec_stmt(delete).await
    }
}
