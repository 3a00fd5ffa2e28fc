//! A whole desk copied from one database into another's new, empty desk, across backends (a file
//! to a team desk's server, or back): every table row by row with its ids, in one transaction on
//! the target. The target's triggers pause meanwhile, since the rows come with what they keep
//! (tallies, loads, the automatic-assignment history); its full-text indexes are filled once at the
//! end and its id sequences advanced past the copied rows. Each table's rows are counted and
//! summed (SHA-256 of each row, added up) as they are written and again as the target then holds
//! them: the copy stands only when both agree.
//!
//! Not copied: `unknown_logins`, the lockout counters of names that match no account (they lift
//! within 15 minutes, and a team desk's staff may not read them).
use std::fmt::Debug;

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, DbErr, EntityTrait, IntoActiveModel, Iterable,
    ModelTrait, PrimaryKeyToColumn, QueryFilter, QueryOrder, QuerySelect, Statement,
};
use sha2::{Digest, Sha256};

use crate::entities::{
    assignee_counts, audit_log, comments, departments, settings, ticket_counts, ticket_history, tickets, users,
};

/// The tables copied, in an order that keeps every foreign key satisfied.
pub const TABLES: [&str; 9] = [
    "settings",
    "departments",
    "users",
    "tickets",
    "comments",
    "ticket_history",
    "audit_log",
    "ticket_counts",
    "assignee_counts",
];

/// The tables whose ids come from a sequence on PostgreSQL.
const NUMBERED: [&str; 6] = ["departments", "users", "tickets", "comments", "ticket_history", "audit_log"];

/// Rows read and written at a time.
const PAGE: u64 = 500;

/// A table's rows: how many, and the sum of their SHA-256 digests (four 64-bit lanes, wrapping),
/// which does not depend on the order they were read in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSum {
    pub table: &'static str,
    pub rows: u64,
    lanes: [u64; 4],
}

impl TableSum {
    fn new(table: &'static str) -> TableSum {
        TableSum { table, rows: 0, lanes: [0; 4] }
    }

    fn add(&mut self, row: &impl Debug) {
        let digest = Sha256::digest(format!("{row:?}").as_bytes());
        for (lane, bytes) in self.lanes.iter_mut().zip(digest.chunks_exact(8)) {
            let mut word = [0; 8];
            word.copy_from_slice(bytes);
            *lane = lane.wrapping_add(u64::from_be_bytes(word));
        }
        self.rows += 1;
    }

    /// The sum as hex, for saying it.
    pub fn checksum(&self) -> String {
        self.lanes.iter().map(|lane| format!("{lane:016x}")).collect()
    }
}

/// Copies the desk `from` reads into the new desk `to` is a transaction on (whose own first rows,
/// its settings and first department, make way), with each account passed through `account` on
/// its way (its password as the target keeps it). The sums of what was written, which
/// `check` then compares with the target. On a team desk the transaction acts as the desk's owner
/// role, which owns the tables and may pause their triggers.
pub async fn copy_desk(
    from: &impl ConnectionTrait,
    to: &DatabaseTransaction,
    account: &Change<'_, users::Model>,
) -> Result<Vec<TableSum>, DbErr> {
    let paused = pause_triggers(to).await?;
    for table in TABLES.iter().rev() {
        to.execute_unprepared(&format!("DELETE FROM {table}")).await?;
    }
    let written = walk(from, Some(to), account).await?;
    let postgres = to.get_database_backend() == DbBackend::Postgres;
    for fill in migration::fill_search(postgres) {
        to.execute_unprepared(&fill).await?;
    }
    if postgres {
        for table in NUMBERED {
            to.execute_unprepared(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table} HAVING count(*) > 0"
            ))
            .await?;
        }
    }
    resume_triggers(to, paused).await?;
    Ok(written)
}

/// The sums of every copied table as `db` holds it.
pub async fn sums(db: &impl ConnectionTrait) -> Result<Vec<TableSum>, DbErr> {
    walk(db, None::<&DatabaseTransaction>, &|_| ()).await
}

/// Compares the target's tables with what was written into them: the first that differs, said.
pub async fn check(to: &impl ConnectionTrait, written: &[TableSum]) -> Result<(), DbErr> {
    for (held, sent) in sums(to).await?.iter().zip(written) {
        if held != sent {
            return Err(DbErr::Custom(format!(
                "the copy of {} does not match: {} rows were written and {} are there (checksums {} and {})",
                sent.table,
                sent.rows,
                held.rows,
                sent.checksum(),
                held.checksum()
            )));
        }
    }
    Ok(())
}

/// Reads every copied table of `from`, summing its rows and, given `to`, writing them there.
async fn walk(
    from: &impl ConnectionTrait,
    to: Option<&impl ConnectionTrait>,
    account: &Change<'_, users::Model>,
) -> Result<Vec<TableSum>, DbErr> {
    Ok(vec![
        copy_table::<settings::Entity>("settings", from, to, None).await?,
        copy_table::<departments::Entity>("departments", from, to, None).await?,
        copy_table::<users::Entity>("users", from, to, Some(account)).await?,
        copy_table::<tickets::Entity>("tickets", from, to, None).await?,
        copy_table::<comments::Entity>("comments", from, to, None).await?,
        copy_table::<ticket_history::Entity>("ticket_history", from, to, None).await?,
        copy_table::<audit_log::Entity>("audit_log", from, to, None).await?,
        copy_table::<ticket_counts::Entity>("ticket_counts", from, to, None).await?,
        copy_table::<assignee_counts::Entity>("assignee_counts", from, to, None).await?,
    ])
}

/// A change made to each row on its way.
type Change<'a, Model> = dyn Fn(&mut Model) + Sync + 'a;

/// One table, in pages by its id (a table keyed by several columns, a tally of a few hundred rows
/// at most, in one read): each row passed through `change` if given, summed, and written to `to`.
async fn copy_table<E>(
    table: &'static str,
    from: &impl ConnectionTrait,
    to: Option<&impl ConnectionTrait>,
    change: Option<&Change<'_, E::Model>>,
) -> Result<TableSum, DbErr>
where
    E: EntityTrait,
    E::Model: IntoActiveModel<E::ActiveModel> + Sync,
{
    let keys: Vec<E::Column> = E::PrimaryKey::iter().map(PrimaryKeyToColumn::into_column).collect();
    let paged = keys.len() == 1;
    let mut sum = TableSum::new(table);
    let mut after = None;
    loop {
        let mut select = E::find();
        for key in &keys {
            select = select.order_by_asc(*key);
        }
        if paged {
            select = select.limit(PAGE);
            if let Some(last) = after.take() {
                select = select.filter(keys[0].gt(last));
            }
        }
        let mut page = select.all(from).await?;
        let more = paged && page.len() as u64 == PAGE;
        after = page.last().map(|row| row.get(keys[0]));
        for row in &mut page {
            if let Some(change) = change {
                change(row);
            }
            sum.add(row);
        }
        if let (Some(to), false) = (to, page.is_empty()) {
            E::insert_many(page.into_iter().map(IntoActiveModel::into_active_model)).exec_without_returning(to).await?;
        }
        if !more {
            return Ok(sum);
        }
    }
}

/// The triggers paused on the target: on SQLite, which cannot pause one, each trigger's own
/// definition, dropped until `resume_triggers` makes it again.
async fn pause_triggers(to: &DatabaseTransaction) -> Result<Vec<String>, DbErr> {
    if to.get_database_backend() == DbBackend::Postgres {
        for table in TABLES {
            to.execute_unprepared(&format!("ALTER TABLE {table} DISABLE TRIGGER USER")).await?;
        }
        return Ok(Vec::new());
    }
    let triggers =
        Statement::from_string(DbBackend::Sqlite, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'");
    let mut definitions = Vec::new();
    for row in to.query_all_raw(triggers).await? {
        let (name, sql): (String, String) = (row.try_get_by_index(0)?, row.try_get_by_index(1)?);
        to.execute_unprepared(&format!("DROP TRIGGER \"{}\"", name.replace('"', "\"\""))).await?;
        definitions.push(sql);
    }
    Ok(definitions)
}

async fn resume_triggers(to: &DatabaseTransaction, definitions: Vec<String>) -> Result<(), DbErr> {
    if to.get_database_backend() == DbBackend::Postgres {
        for table in TABLES {
            to.execute_unprepared(&format!("ALTER TABLE {table} ENABLE TRIGGER USER")).await?;
        }
    }
    for definition in definitions {
        to.execute_unprepared(&definition).await?;
    }
    Ok(())
}
