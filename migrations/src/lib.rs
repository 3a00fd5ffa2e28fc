//! Schema migrations, applied in order at start-up.
pub use sea_orm_migration::prelude::*;

mod m20261120_000001_core_schema;
mod m20261121_000002_settings;
mod m20261121_000003_default_department;
mod m20261121_000004_audit_log;
mod m20261121_000005_comment_authors_outlive_accounts;
mod m20261121_000006_search_and_queues;
mod m20261121_000007_agent_work_and_ranking;
mod m20261121_000008_counts_and_assignment;
mod m20261121_000009_agent_loads;
mod m20261202_000010_session_lifetime_and_unknown_logins;
mod m20261202_000011_priority_streams;
mod m20261203_000012_title_search;
mod m20261207_000013_column_statistics;
mod m20261208_000014_server_roles;

pub use m20261121_000006_search_and_queues::fill_ticket_search;

/// Whether the migration runs on PostgreSQL (a team desk) rather than SQLite (a desk in a file). Where
/// the two need their own SQL, both versions stand side by side in the migration.
fn on_postgres(manager: &SchemaManager<'_>) -> bool {
    manager.get_database_backend() == sea_orm_migration::sea_orm::DbBackend::Postgres
}

/// Runs SQL statements in order on the migration's connection.
async fn execute_all<S: AsRef<str>>(
    manager: &SchemaManager<'_>,
    statements: impl IntoIterator<Item = S>,
) -> Result<(), DbErr> {
    let db = manager.get_connection();
    for statement in statements {
        db.execute_unprepared(statement.as_ref()).await?;
    }
    Ok(())
}

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261120_000001_core_schema::Migration),
            Box::new(m20261121_000002_settings::Migration),
            Box::new(m20261121_000003_default_department::Migration),
            Box::new(m20261121_000004_audit_log::Migration),
            Box::new(m20261121_000005_comment_authors_outlive_accounts::Migration),
            Box::new(m20261121_000006_search_and_queues::Migration),
            Box::new(m20261121_000007_agent_work_and_ranking::Migration),
            Box::new(m20261121_000008_counts_and_assignment::Migration),
            Box::new(m20261121_000009_agent_loads::Migration),
            Box::new(m20261202_000010_session_lifetime_and_unknown_logins::Migration),
            Box::new(m20261202_000011_priority_streams::Migration),
            Box::new(m20261203_000012_title_search::Migration),
            Box::new(m20261207_000013_column_statistics::Migration),
            Box::new(m20261208_000014_server_roles::Migration),
        ]
    }
}
