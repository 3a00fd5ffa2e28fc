//! Live work on a team desk: news of what other desktops changed, as the signed-in person may see
//! it (`infra::live`), for the screens to read again what it touched. A desk in a file has no
//! other desktops, and its news never comes.
mod dto;
pub use dto::{ChangeTopic, DeskChange};

use tokio::sync::mpsc;

use crate::access::{SessionSlot, current_actor};
use crate::error::AppResult;
use crate::infra::database::Database;
use crate::infra::live::{self, Change};

/// Batches of news kept waiting for a screen that is slow to take them.
const WAITING: usize = 64;

/// Follows the desk for the signed-in person: each batch of changes other desktops commit, as
/// their login may see them, until the receiver is dropped.
pub async fn follow(db: &Database, session: &SessionSlot) -> AppResult<mpsc::Receiver<Vec<DeskChange>>> {
    current_actor(db, session).await?;
    let (heard, mut raw) = mpsc::channel(WAITING);
    let (news, received) = mpsc::channel(WAITING);
    tokio::spawn(live::follow(db.clone(), heard));
    tokio::spawn(async move {
        while let Some(batch) = raw.recv().await {
            let changes: Vec<DeskChange> = batch.iter().filter_map(desk_change).collect();
            if !changes.is_empty() && news.send(changes).await.is_err() {
                return;
            }
        }
    });
    Ok(received)
}

fn desk_change(change: &Change) -> Option<DeskChange> {
    let topic = match change.topic.as_str() {
        "ticket" => ChangeTopic::Ticket,
        "user" => ChangeTopic::User,
        "department" => ChangeTopic::Department,
        "setting" => ChangeTopic::Setting,
        _ => return None,
    };
    Some(DeskChange { topic, id: change.item_id })
}
