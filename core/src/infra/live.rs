//! News of other desktops' changes on a team desk (migration 17): each commit's changes are logged
//! by ids and announced on the desk's channel; a desktop listening there reads the log after the
//! last entry it saw, through its own login, so it learns only what that person may see. A
//! listening connection that drops is made again, and the entries missed meanwhile are read then.
//! A desk in a file has no other desktops: nothing listens.
use sea_orm::sqlx::postgres::PgListener;
use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};
use tokio::sync::mpsc;

use super::database::Database;

/// What changed: a ticket (its conversation included), an account, a department or the settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The log's entry, in commit order.
    pub entry: i64,
    pub topic: String,
    pub item_id: i32,
}

/// The changes logged after `entry` that the connection's login may see, oldest first.
pub async fn changes_after(db: &impl ConnectionTrait, entry: i64) -> Result<Vec<Change>, DbErr> {
    let read = Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT id, topic, item_id FROM change_log WHERE id > $1 ORDER BY id",
        [entry.into()],
    );
    let rows = db.query_all_raw(read).await?;
    rows.iter()
        .map(|row| {
            Ok(Change {
                entry: row.try_get_by_index(0)?,
                topic: row.try_get_by_index(1)?,
                item_id: row.try_get_by_index(2)?,
            })
        })
        .collect()
}

/// The last entry logged, which a desktop starts listening after.
async fn last_entry(db: &impl ConnectionTrait) -> Result<i64, DbErr> {
    let read = Statement::from_string(DbBackend::Postgres, "SELECT coalesce(max(id), 0) FROM change_log");
    let row = db.query_one_raw(read).await?.ok_or_else(|| DbErr::RecordNotFound("change_log".into()))?;
    row.try_get_by_index(0)
}

/// Listens on `db`'s team desk (as the login `db` connects as) and sends every batch of changes it
/// may see to `news`, until `news` is closed. On a desk in a file, returns at once.
pub async fn follow(db: Database, news: mpsc::Sender<Vec<Change>>) -> Result<(), DbErr> {
    let Some(server) = db.server() else { return Ok(()) };
    let channel = format!("{}_changes", server.key());
    let mut listener = listen(&db, &channel).await?;
    let mut seen = last_entry(&db).await?;
    loop {
        let heard = tokio::select! {
            heard = listener.try_recv() => heard,
            () = news.closed() => return Ok(()),
        };
        // `None` or an error: the connection was lost. Listening again comes before reading the
        // log, so nothing announced in between is missed; what was announced while it was lost is
        // read from the log all the same.
        if !matches!(heard, Ok(Some(_))) {
            listener = loop {
                match listen(&db, &channel).await {
                    Ok(again) => break again,
                    // The person's connections closed (they signed out): nothing to follow.
                    Err(_) if db.orm().get_postgres_connection_pool().is_closed() => return Ok(()),
                    Err(error) => {
                        tracing::warn!("listening for other desktops' changes: {error}");
                        tokio::select! {
                            () = tokio::time::sleep(std::time::Duration::from_secs(1)) => {}
                            () = news.closed() => return Ok(()),
                        }
                    }
                }
            };
        }
        let changes = match changes_after(&db, seen).await {
            Ok(changes) => changes,
            Err(error) => {
                tracing::warn!("reading other desktops' changes: {error}");
                continue;
            }
        };
        if let Some(last) = changes.last() {
            seen = last.entry;
            if news.send(changes).await.is_err() {
                return Ok(());
            }
        }
    }
}

/// A connection of `db`'s login listening on `channel`.
async fn listen(db: &Database, channel: &str) -> Result<PgListener, DbErr> {
    let lost = |error: sea_orm::sqlx::Error| DbErr::Conn(sea_orm::RuntimeErr::SqlxError(error.into()));
    let mut listener = PgListener::connect_with(db.orm().get_postgres_connection_pool()).await.map_err(lost)?;
    listener.listen(channel).await.map_err(lost)?;
    Ok(listener)
}
