use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Statement};

use crate::common::test_db;

async fn pragma(db: &sea_orm::DatabaseConnection, name: &str) -> String {
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), format!("PRAGMA {name}")))
        .await
        .expect("pragma")
        .expect("a row");
    row.try_get_by_index::<i64>(0)
        .map(|n| n.to_string())
        .or_else(|_| row.try_get_by_index::<String>(0))
        .expect("pragma value")
}

#[tokio::test]
async fn opens_with_wal_foreign_keys_and_busy_timeout() {
    let test = test_db().await;
    assert_eq!(pragma(&test.db, "journal_mode").await, "wal");
    assert_eq!(pragma(&test.db, "foreign_keys").await, "1");
    assert_eq!(pragma(&test.db, "busy_timeout").await, "5000");
}

#[tokio::test]
async fn a_double_quoted_unknown_name_is_an_error_not_a_string() {
    // Otherwise a connection holding an older schema would read a newer column as its own name.
    let test = test_db().await;
    let statement = Statement::from_string(test.db.get_database_backend(), r#"SELECT "no_such_column" FROM users"#);
    let error = test.db.query_all_raw(statement).await.expect_err("an unknown column");
    assert!(error.to_string().contains("no such column"), "{error}");
}

#[tokio::test]
async fn migrations_create_the_core_schema_and_reopen_cleanly() {
    let test = test_db().await;
    let rows = test
        .db
        .query_all_raw(Statement::from_string(
            test.db.get_database_backend(),
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
        ))
        .await
        .expect("tables");
    let tables: Vec<String> = rows.iter().map(|r| r.try_get_by_index(0).expect("name")).collect();
    for table in ["comments", "departments", "ticket_history", "tickets", "users"] {
        assert!(tables.iter().any(|t| t == table), "missing table {table} in {tables:?}");
    }
    let path = test.dir.path().join("test.sqlite3");
    drop(test.db);
    let reopened = helpdesk::db::open(&path).await.expect("reopen");
    assert!(Migrator::get_pending_migrations(&reopened).await.expect("pending").is_empty());
}

#[tokio::test]
async fn creates_missing_parent_directories() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("nested/deeper/helpdesk.sqlite3");
    helpdesk::db::open(&path).await.expect("open");
    assert!(path.exists());
}

#[tokio::test]
async fn a_new_desk_has_a_department_to_file_tickets_in() {
    use helpdesk::entities::departments;
    use sea_orm::EntityTrait;
    let test = test_db().await;
    let names: Vec<String> =
        departments::Entity::find().all(&test.db).await.expect("departments").into_iter().map(|d| d.name).collect();
    assert_eq!(names, ["General"]);
}

#[tokio::test]
async fn every_migration_reverts_and_applies_again() {
    let test = test_db().await;
    Migrator::down(&test.db, None).await.expect("down all");
    assert_eq!(Migrator::get_pending_migrations(&test.db).await.expect("pending").len(), Migrator::migrations().len());
    Migrator::up(&test.db, None).await.expect("up again");
    assert!(Migrator::get_pending_migrations(&test.db).await.expect("pending").is_empty());
}
