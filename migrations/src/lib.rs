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
mod m20261209_000015_guest_sign_in;
mod m20261210_000016_one_time_codes;
mod m20261211_000017_change_log;

pub use m20261121_000006_search_and_queues::fill_ticket_search;

/// The statements that fill both full-text indexes from every ticket, for a bulk copy that paused
/// the triggers keeping them (`postgres`: a team desk's, else a file's).
pub fn fill_search(postgres: bool) -> [String; 2] {
    if postgres {
        [
            m20261121_000006_search_and_queues::FILL_TICKET_SEARCH_POSTGRES.to_owned(),
            m20261203_000012_title_search::FILL_POSTGRES.to_owned(),
        ]
    } else {
        [fill_ticket_search(), m20261203_000012_title_search::FILL_SQLITE.to_owned()]
    }
}

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

/// The SQL of the desk's roles on its server (PostgreSQL only; nothing in a file), run on the
/// migration's connection with `@key@` standing for the desk's key and `@database@` for its
/// database's name, quoted. Roles are the server's, not the database's, so their names start with
/// the key: the database's name when it is short and plain (`helpdesk` gives `helpdesk_owner`,
/// `helpdesk_agent`, `helpdesk.ada`), else `hd` and ten hex digits of its MD5 (as
/// `helpdesk-core`'s `server::desk_key` computes it before connecting).
async fn run_on_server(manager: &SchemaManager<'_>, script: &str) -> Result<(), DbErr> {
    use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};
    if !on_postgres(manager) {
        return Ok(());
    }
    let db = manager.get_connection();
    let sql = "SELECT CASE WHEN current_database() ~ '^[a-z][a-z0-9_]{0,19}$' THEN current_database() \
               ELSE 'hd' || left(md5(current_database()), 10) END, quote_ident(current_database())";
    let row = db
        .query_one_raw(Statement::from_string(manager.get_database_backend(), sql))
        .await?
        .ok_or_else(|| DbErr::Custom("the server named no database".into()))?;
    let (key, database): (String, String) = (row.try_get_by_index(0)?, row.try_get_by_index(1)?);
    let script = script.replace("@key@", &key).replace("@database@", &database);
    db.execute_unprepared(&script).await.map(|_| ())
}

/// A migration of a team desk's server alone, in SQL scripts (`run_on_server`; nothing in a file),
/// named as `DeriveMigrationName` names one, after its module.
struct ServerScript {
    module: &'static str,
    up: &'static str,
    down: &'static str,
}

impl MigrationName for ServerScript {
    fn name(&self) -> &str {
        self.module.rsplit("::").next().unwrap_or(self.module)
    }
}

#[async_trait::async_trait]
impl MigrationTrait for ServerScript {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_on_server(manager, self.up).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_on_server(manager, self.down).await
    }
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
            Box::new(m20261208_000014_server_roles::MIGRATION),
            Box::new(m20261209_000015_guest_sign_in::MIGRATION),
            Box::new(m20261210_000016_one_time_codes::Migration),
            Box::new(m20261211_000017_change_log::MIGRATION),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_script_is_named_after_its_module_as_every_other_migration() {
        let names: Vec<String> = Migrator::migrations().iter().map(|m| m.name().to_owned()).collect();
        assert!(names.contains(&"m20261208_000014_server_roles".to_owned()), "{names:?}");
        assert!(names.contains(&"m20261209_000015_guest_sign_in".to_owned()), "{names:?}");
        assert!(names.iter().all(|name| name.starts_with("m2026") && !name.contains("::")), "{names:?}");
    }
}
