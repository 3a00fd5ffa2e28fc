//! The desk in a file: SQLite itself (pragmas, read-only connections), migrations on a file,
//! backups and restores, the desk lock and the write-ahead log. SQLite only: a team desk has none
//! of these (`postgres` holds its schema tests).
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Statement};

use helpdesk_core::infra::backups::{refused_restore_marker, restore_marker};

use crate::common::{PASSWORD, pragma, test_db};

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
async fn the_read_only_connections_see_each_write_at_once_and_cannot_write() {
    let test = test_db().await;
    assert_eq!(read_department_names(&test.db).await.expect("read"), ["General"]);
    execute(&test.db, "INSERT INTO departments (name, created_at) VALUES ('Billing', 0)").await;
    assert_eq!(read_department_names(&test.db).await.expect("read after a write"), ["Billing", "General"]);
    // Reads at the same time all answer (each takes an idle connection or opens one).
    let reads: Vec<_> = (0..12)
        .map(|_| {
            let db = test.db.clone();
            tokio::spawn(async move { read_department_names(&db).await.expect("read") })
        })
        .collect();
    for read in reads {
        assert_eq!(read.await.expect("task"), ["Billing", "General"]);
    }
    let insert = Statement::from_string(
        test.db.get_database_backend(),
        "INSERT INTO departments (name, created_at) VALUES ('Sneaky', 0) RETURNING id",
    );
    let error = test.db.read_rows(insert, |row| row.get::<i32>(0)).await.expect_err("read-only");
    assert!(error.to_string().contains("readonly"), "{error}");
    assert_eq!(read_department_names(&test.db).await.expect("still reads"), ["Billing", "General"]);
}

async fn read_department_names(db: &helpdesk_core::infra::database::Database) -> Result<Vec<String>, sea_orm::DbErr> {
    let statement = Statement::from_string(db.get_database_backend(), "SELECT name FROM departments ORDER BY name");
    db.read_rows(statement, |row| row.get(0)).await
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
    let reopened = helpdesk_core::infra::database::open(&path).await.expect("reopen");
    assert!(Migrator::get_pending_migrations(&reopened).await.expect("pending").is_empty());
}

#[tokio::test]
async fn creates_missing_parent_directories() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("nested/deeper/helpdesk.sqlite3");
    helpdesk_core::infra::database::open(&path).await.expect("open");
    assert!(path.exists());
}

#[tokio::test]
async fn a_new_desk_has_a_department_to_file_tickets_in() {
    use helpdesk_core::entities::departments;
    use sea_orm::EntityTrait;
    let test = test_db().await;
    let names: Vec<String> =
        departments::Entity::find().all(&test.db).await.expect("departments").into_iter().map(|d| d.name).collect();
    assert_eq!(names, ["General"]);
}

#[tokio::test]
async fn every_migration_reverts_and_applies_again() {
    let test = test_db().await;
    Migrator::down(test.db.orm(), None).await.expect("down all");
    assert_eq!(Migrator::get_pending_migrations(&test.db).await.expect("pending").len(), Migrator::migrations().len());
    Migrator::up(test.db.orm(), None).await.expect("up again");
    assert!(Migrator::get_pending_migrations(&test.db).await.expect("pending").is_empty());
}

fn backups_of(dir: &tempfile::TempDir) -> Vec<String> {
    let folder = dir.path().join(helpdesk_core::infra::backups::BACKUPS);
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .map(|entries| entries.map(|e| e.expect("entry").file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

async fn execute(db: &helpdesk_core::infra::database::Database, sql: &str) {
    db.execute_raw(Statement::from_string(db.get_database_backend(), sql)).await.expect(sql);
}

#[tokio::test]
async fn a_database_from_a_newer_version_is_refused_and_left_untouched() {
    let test = test_db().await;
    execute(
        &test.db,
        "INSERT INTO seaql_migrations (version, applied_at) VALUES ('m20991231_000001_from_the_future', 0)",
    )
    .await;
    test.db.close().await.expect("close");
    let path = test.dir.path().join("test.sqlite3");
    let before = std::fs::read(&path).expect("file");

    let error = helpdesk_core::infra::database::open(&path).await.expect_err("refused");
    let message = error.to_string();
    assert!(message.contains("newer version of Helpdesk"), "{message}");
    assert!(
        message.contains("m20991231_000001_from_the_future") && message.contains("has not been changed"),
        "{message}"
    );
    assert_eq!(std::fs::read(&path).expect("file"), before, "not a byte changed");
    assert!(backups_of(&test.dir).is_empty(), "nothing backed up either");
}

#[tokio::test]
async fn an_upgrade_backs_the_desk_up_first_and_keeps_the_last_ten_backups_and_every_upgrades() {
    let test = test_db().await;
    execute(&test.db, "INSERT INTO departments (name, created_at) VALUES ('Kept in the backup', 0)").await;
    // The desk as the previous version left it: one migration behind.
    Migrator::down(test.db.orm(), Some(1)).await.expect("one step down");
    test.db.close().await.expect("close");
    assert!(backups_of(&test.dir).is_empty(), "a new desk has nothing to back up");
    let folder = test.dir.path().join(helpdesk_core::infra::backups::BACKUPS);
    std::fs::create_dir_all(&folder).expect("folder");
    for day in 10..21 {
        std::fs::write(folder.join(format!("test-200001{day}-000000.000-manual.sqlite3")), "old").expect("old");
    }
    // Backups taken before earlier upgrades: each is the only way back from its upgrade.
    for day in ["01", "02"] {
        std::fs::write(folder.join(format!("test-200001{day}-000000.000-before-upgrade.sqlite3")), "old").expect("old");
    }
    std::fs::write(folder.join("test-notes.sqlite3"), "not a backup").expect("other file");

    let path = test.dir.path().join("test.sqlite3");
    let db = helpdesk_core::infra::database::open(&path).await.expect("upgraded");
    let backups = backups_of(&test.dir);
    let made: Vec<&String> = backups.iter().filter(|name| !name.starts_with("test-2000")).collect();
    assert_eq!(made.len(), 2, "one new backup beside the unrelated file: {backups:?}");
    assert_eq!(
        backups.len(),
        helpdesk_core::infra::backups::BACKUPS_KEPT + 4,
        "the ten newest manual backups, the three taken before upgrades, and the other file: {backups:?}"
    );
    assert!(!backups.iter().any(|name| name.starts_with("test-20000110")), "the oldest manual one went");
    assert!(backups.iter().any(|name| name.starts_with("test-20000101")), "the oldest upgrade's stayed");
    let backup = made.iter().find(|name| name.ends_with("-before-upgrade.sqlite3")).expect("the upgrade's backup");

    // The backup is the desk as it was: its data, and the schema before the upgrade.
    let copy = sea_orm::Database::connect(format!("sqlite://{}?mode=ro", folder.join(backup).display()))
        .await
        .expect("backup opens");
    let rows = copy
        .query_all_raw(Statement::from_string(copy.get_database_backend(), "SELECT version FROM seaql_migrations"))
        .await
        .expect("migrations");
    assert_eq!(rows.len(), Migrator::migrations().len() - 1);
    let kept = copy
        .query_all_raw(Statement::from_string(
            copy.get_database_backend(),
            "SELECT name FROM departments WHERE name = 'Kept in the backup'",
        ))
        .await
        .expect("departments");
    assert_eq!(kept.len(), 1);
    assert_eq!(pragma(&copy, "integrity_check").await, "ok");
    db.close().await.expect("close");

    // Opening an up-to-date desk backs nothing up.
    drop(helpdesk_core::infra::database::open(&path).await.expect("reopened"));
    assert_eq!(backups_of(&test.dir).len(), helpdesk_core::infra::backups::BACKUPS_KEPT + 4);
}

async fn department_names(db: &impl ConnectionTrait) -> Vec<String> {
    let rows = db
        .query_all_raw(Statement::from_string(db.get_database_backend(), "SELECT name FROM departments ORDER BY name"))
        .await
        .expect("departments");
    rows.iter().map(|r| r.try_get_by_index(0).expect("name")).collect()
}

#[tokio::test]
async fn an_admin_backs_up_and_the_next_start_restores_the_chosen_backup() {
    use helpdesk_core::ops::backups;
    let test = test_db().await;
    let path = test.dir.path().join("test.sqlite3");
    let (_, admin) = crate::common::first_admin(&test.db).await;
    execute(&test.db, "INSERT INTO departments (name, created_at) VALUES ('Before', 0)").await;
    let made = backups::back_up_now(&test.db, &admin).await.expect("backed up");
    execute(&test.db, "INSERT INTO departments (name, created_at) VALUES ('After', 0)").await;
    let listed = backups::list(&test.db, &admin).await.expect("list");
    assert_eq!(listed, std::slice::from_ref(&made), "one backup, described");
    assert!(made.name.ends_with("-manual.sqlite3") && made.size_bytes > 0, "{made:?}");

    let restore = |name: &str, password: &str| backups::BackupRestore { name: name.into(), password: password.into() };
    // A restore replaces every ticket: the admin gives their password again, and a wrong one asks nothing.
    let wrong = backups::schedule_restore(&test.db, &admin, restore(&made.name, "not-my-password")).await;
    assert!(wrong.expect_err("wrong password").fields.contains_key("password"));
    assert!(!helpdesk_core::infra::backups::restore_marker(&path).exists());
    for name in ["../test.sqlite3", "no-such-backup.sqlite3"] {
        let error = backups::schedule_restore(&test.db, &admin, restore(name, PASSWORD)).await.expect_err("unknown");
        assert_eq!(error.code, helpdesk_core::error::ErrorCode::NotFound, "{name}");
        assert!(!helpdesk_core::infra::backups::restore_marker(&path).exists());
    }
    backups::schedule_restore(&test.db, &admin, restore(&made.name, PASSWORD)).await.expect("asked");
    test.db.close().await.expect("close");

    let db = helpdesk_core::infra::database::open(&path).await.expect("restored at the start");
    assert_eq!(department_names(&db).await, ["Before", "General"], "the desk as the backup had it");
    // The restored desk's own log says it was restored, and by whom.
    backups::record_restored(&db).await.expect("noted");
    let log = helpdesk_core::ops::audit::list(&db, &admin).await.expect("audit");
    let newest = log.first().expect("an entry");
    assert_eq!(
        (newest.action.as_str(), newest.actor.as_str(), newest.target.as_str()),
        ("backup.restored", "admin", made.name.as_str())
    );
    assert!(!helpdesk_core::infra::backups::restore_marker(&path).exists(), "restored once, not at every start");
    let kept = backups_of(&test.dir);
    let before_restore =
        kept.iter().find(|n| n.ends_with("-before-restore.sqlite3")).expect("the replaced desk is kept");
    let copy = sea_orm::Database::connect(format!(
        "sqlite://{}?mode=ro",
        test.dir.path().join("backups").join(before_restore).display()
    ))
    .await
    .expect("open the kept desk");
    assert_eq!(department_names(&copy).await, ["After", "Before", "General"]);
    assert_eq!(pragma(&db, "integrity_check").await, "ok");
}

#[tokio::test]
async fn a_restore_of_a_vanished_backup_says_so_and_the_desk_opens_as_it_was() {
    let test = test_db().await;
    let path = test.dir.path().join("test.sqlite3");
    execute(&test.db, "INSERT INTO departments (name, created_at) VALUES ('Still here', 0)").await;
    test.db.close().await.expect("close");
    std::fs::write(restore_marker(&path), "test-20260101-000000.000-manual.sqlite3").expect("marker");
    let db = helpdesk_core::infra::database::open(&path).await.expect("opens as it was");
    assert!(db.restore_refused().is_some_and(|why| why.contains("is gone")), "{:?}", db.restore_refused());
    assert_eq!(department_names(&db).await, ["General", "Still here"]);
    assert!(!restore_marker(&path).exists() && refused_restore_marker(&path).exists(), "set aside, not tried again");
}

/// Puts `contents` in the backups folder as a backup named `name` and asks for it to be restored.
fn ask_to_restore(path: &std::path::Path, name: &str, contents: &[u8]) {
    let folder = helpdesk_core::infra::backups::backups_folder(path);
    std::fs::create_dir_all(&folder).expect("folder");
    std::fs::write(folder.join(name), contents).expect("backup");
    std::fs::write(restore_marker(path), name).expect("marker");
}

#[tokio::test]
async fn a_damaged_or_foreign_backup_is_never_swapped_in() {
    let test = test_db().await;
    let path = test.dir.path().join("test.sqlite3");
    execute(&test.db, "INSERT INTO departments (name, created_at) VALUES ('Still here', 0)").await;
    let sound = helpdesk_core::infra::backups::back_up(&test.db, &path, "manual").await.expect("backup");
    test.db.close().await.expect("close");
    let mut damaged = std::fs::read(&sound).expect("read");
    let middle = damaged.len() / 2;
    damaged.truncate(middle);
    // A newer version's backup: sound, but with a change this version does not know.
    let newer = test.dir.path().join("newer.sqlite3");
    std::fs::copy(&sound, &newer).expect("copy");
    let connection = rusqlite::Connection::open(&newer).expect("open");
    connection
        .execute("INSERT INTO seaql_migrations (version, applied_at) VALUES ('m20991231_000001_future', 0)", [])
        .expect("future change");
    drop(connection);
    let cases: [(&str, Vec<u8>, &str); 3] = [
        ("a-damaged.sqlite3", damaged, "damaged"),
        ("a-text-file.sqlite3", b"not a database at all".to_vec(), "cannot be read"),
        ("a-newer.sqlite3", std::fs::read(&newer).expect("read"), "m20991231_000001_future"),
    ];
    for (name, contents, why) in cases {
        ask_to_restore(&path, name, &contents);
        let db = helpdesk_core::infra::database::open(&path).await.expect("the current desk opens");
        let refused = db.restore_refused().unwrap_or_default().to_owned();
        assert!(refused.contains(name) && refused.contains(why), "{name}: {refused}");
        assert_eq!(department_names(&db).await, ["General", "Still here"], "{name}: the desk as it was");
        assert_eq!(pragma(&db, "integrity_check").await, "ok");
        assert!(!restore_marker(&path).exists(), "{name}: not tried again at the next start");
        db.close().await.expect("close");
    }
    let reopened = helpdesk_core::infra::database::open(&path).await.expect("opens");
    assert_eq!(reopened.restore_refused(), None, "said once");
}

/// Files and folders of a desk are its owner's alone: another local account can read no ticket,
/// note or password hash.
#[cfg(unix)]
mod private_files {
    use std::os::unix::fs::PermissionsExt;
    use std::path::Path;

    use helpdesk_core::infra::backups::{BACKUPS, back_up};
    use helpdesk_core::infra::database::open;
    use helpdesk_core::infra::files::side_file;

    use crate::common::{account, first_admin};

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).permissions().mode() & 0o777
    }

    #[tokio::test]
    async fn a_new_desk_its_folders_log_files_and_backups_are_private() {
        let dir = tempfile::tempdir().expect("dir");
        let shared = mode(dir.path());
        let path = dir.path().join("profile").join("desk").join("helpdesk.sqlite3");
        let db = open(&path).await.expect("open");
        first_admin(&db).await;
        for folder in [dir.path().join("profile"), dir.path().join("profile").join("desk")] {
            assert_eq!(mode(&folder), 0o700, "{}", folder.display());
        }
        assert_eq!(mode(dir.path()), shared, "a folder that was there already is left as it was");
        for file in [path.clone(), side_file(&path, "-wal"), side_file(&path, "-shm")] {
            assert_eq!(mode(&file), 0o600, "{}", file.display());
        }
        let backup = back_up(&db, &path, "manual").await.expect("back up");
        assert_eq!(mode(&backup), 0o600);
        assert_eq!(mode(&path.parent().expect("folder").join(BACKUPS)), 0o700);
    }

    #[tokio::test]
    async fn a_desk_left_readable_by_an_earlier_version_is_tightened_at_start() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("helpdesk.sqlite3");
        let db = open(&path).await.expect("open");
        helpdesk_core::ops::users::insert_account(&db, account("ada"), helpdesk_core::entities::users::Role::Admin)
            .await
            .expect("account");
        let backup = back_up(&db, &path, "manual").await.expect("back up");
        db.close().await.expect("close");
        let folder = dir.path().join(BACKUPS);
        for (file, loose) in [(&path, 0o644), (&backup, 0o644), (&folder, 0o755)] {
            std::fs::set_permissions(file, std::fs::Permissions::from_mode(loose)).expect("loosen");
        }
        let db = open(&path).await.expect("reopen");
        assert_eq!((mode(&path), mode(&backup), mode(&folder)), (0o600, 0o600, 0o700));
        db.close().await.expect("close");
    }
}

#[tokio::test]
async fn a_desk_is_open_in_one_process_at_a_time_and_a_restore_waits_for_its_lock() {
    use helpdesk_core::infra::database::open;
    let test = test_db().await;
    let path = test.dir.path().join("test.sqlite3");
    execute(&test.db, "INSERT INTO departments (name, created_at) VALUES ('Kept', 0)").await;
    // Another app (here a second open in this process: the lock is per open file, as across
    // processes) finds the desk taken, and a restore asked for meanwhile is not carried out by it.
    std::fs::write(restore_marker(&path), "test-20260101-000000.000-manual.sqlite3").expect("marker");
    let refused = open(&path).await.expect_err("the desk is taken");
    let why = helpdesk_core::infra::database::open_failure(&refused);
    assert!(why.contains("already open in another Helpdesk") && why.contains(&std::process::id().to_string()), "{why}");
    assert!(restore_marker(&path).exists() && !refused_restore_marker(&path).exists(), "the restore untouched");

    // Closing lets it go, even while a clone of the handle is still about.
    let clone = test.db.clone();
    test.db.close().await.expect("close");
    let reopened = open(&path).await.expect("free again");
    assert_eq!(department_names(&reopened).await, ["General", "Kept"]);
    drop(clone);
}

#[tokio::test]
async fn a_launch_waits_for_an_app_still_closing_the_desk() {
    use helpdesk_core::infra::database::open;
    let test = test_db().await;
    let path = test.dir.path().join("test.sqlite3");
    let closing = tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(800)).await;
        test.db.close().await.expect("close");
        test.dir
    });
    let reopened = open(&path).await.expect("opened once the other let go");
    assert_eq!(department_names(&reopened).await, ["General"]);
    drop(closing.await.expect("closed"));
}

#[tokio::test]
async fn a_large_log_left_by_a_killed_app_is_copied_while_running_not_while_opening() {
    use helpdesk_core::infra::database::open;
    use helpdesk_core::infra::files::side_file;
    let test = test_db().await;
    let path = test.dir.path().join("test.sqlite3");
    let log_size = |file: &std::path::Path| std::fs::metadata(side_file(file, "-wal")).map_or(0, |m| m.len());
    // The desk as a killed app leaves it: committed writes in the log, never copied into the file.
    let writer = rusqlite::Connection::open(&path).expect("open");
    writer.execute_batch("PRAGMA wal_autocheckpoint = 0").expect("no checkpoints");
    for n in 0..300 {
        let sql = format!("INSERT INTO departments (name, created_at) VALUES ('Desk {n} {}', 0)", "x".repeat(3000));
        writer.execute_batch(&sql).expect("write");
    }
    let left = test.dir.path().join("left.sqlite3");
    std::fs::copy(&path, &left).expect("copy the file");
    std::fs::copy(side_file(&path, "-wal"), side_file(&left, "-wal")).expect("copy the log");
    let logged = log_size(&left);
    assert!(logged > 1_000_000, "{logged} bytes of log");

    // Opening reads the log but leaves the copying to later: the window is not kept waiting.
    let db = open(&left).await.expect("opens");
    assert_eq!(department_names(&db).await.len(), 301);
    assert!(log_size(&left) >= logged, "the log was copied while opening");
    db.checkpoint().await.expect("checkpoint");
    assert_eq!(log_size(&left), 0, "copied and emptied while running");
    assert_eq!(department_names(&db).await.len(), 301);
    assert_eq!(pragma(&db, "integrity_check").await, "ok");
}

#[tokio::test]
async fn a_stream_of_filings_keeps_the_log_bounded() {
    use helpdesk_core::infra::files::side_file;
    use helpdesk_core::ops::tickets::{self, NewTicket};
    // The writers' own checkpoints seldom empty the log under a stream of writes (it grew by every
    // filing); the upkeep's do, waiting for a writer when the log is large (on a busy machine, those
    // that never wait never caught up).
    let test = test_db().await;
    let (_, admin) = crate::common::first_admin(&test.db).await;
    test.db.keep_log_short();
    let log = side_file(&test.dir.path().join("test.sqlite3"), "-wal");
    let mut largest = 0;
    for n in 0..2_000 {
        let ticket = NewTicket {
            title: format!("Printer jams, filing {n}"),
            description: "It jams on every second page.".into(),
            department_id: 1,
            priority: None,
            requester_id: None,
        };
        tickets::create(&test.db, &admin, ticket).await.expect("filed");
        largest = largest.max(std::fs::metadata(&log).map_or(0, |m| m.len()));
    }
    assert!(largest < 128 << 20, "the log grew to {} MiB", largest >> 20);
}
