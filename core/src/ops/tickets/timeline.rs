//! A ticket's timeline, its conversation and history in one, read a page at a time from the newest:
//! a ticket a customer has appended thousands of comments to opens as fast as any other. The
//! cursor is the key of the oldest entry shown, as text: `<time>.<c|h>.<id>` (comment or history).
use std::cmp::Reverse;

use sea_orm::ConnectionTrait;

use super::DELETED_USER;
use super::dto::{TimelineEntry, TimelinePage};
use crate::access::{Action, Actor, allowed};
use crate::error::{AppError, AppResult};
use crate::store;

/// Entries per page.
pub const TIMELINE_PAGE: u64 = 100;

/// Where an entry stands: by time, a comment before a change made at the same moment, then by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    at: i64,
    change: bool,
    id: i32,
}

impl Key {
    fn encode(self) -> String {
        format!("{}.{}.{}", self.at, if self.change { 'h' } else { 'c' }, self.id)
    }

    fn decode(text: &str) -> AppResult<Key> {
        let bad = || AppError::field("before", "This is not a place in a ticket's timeline.");
        let mut parts = text.split('.');
        let (Some(at), Some(kind), Some(id), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return Err(bad());
        };
        let change = match kind {
            "c" => false,
            "h" => true,
            _ => return Err(bad()),
        };
        Ok(Key { at: at.parse().map_err(|_| bad())?, change, id: id.parse().map_err(|_| bad())? })
    }

    /// The bound, as (time, id) exclusive, of the comments before this key and of the history entries.
    fn bounds(self) -> ((i64, i32), (i64, i32)) {
        if self.change {
            // Every comment of that moment comes before a change of that moment.
            ((self.at.saturating_add(1), i32::MIN), (self.at, self.id))
        } else {
            ((self.at, self.id), (self.at, i32::MIN))
        }
    }
}

/// The page of the ticket's timeline before `before` (the newest page when None), oldest first, as
/// `actor` may read it: internal notes only for staff.
pub(super) async fn page(
    db: &impl ConnectionTrait,
    actor: &Actor,
    ticket: i32,
    before: Option<&str>,
) -> AppResult<TimelinePage> {
    let (comments_before, history_before) = match before {
        Some(cursor) => {
            let (comments, history) = Key::decode(cursor)?.bounds();
            (Some(comments), Some(history))
        }
        None => (None, None),
    };
    let with_notes = allowed(actor, Action::SeeInternalNotes);
    let more = TIMELINE_PAGE + 1;
    let comments = store::comments::page_of_ticket(db, ticket, with_notes, comments_before, more).await?;
    let history = store::ticket_history::page_of_ticket(db, ticket, history_before, more).await?;
    let people = comments.iter().filter_map(|c| c.author_id).chain(history.iter().filter_map(|h| h.actor_id));
    let names = store::users::names(db, people.collect()).await?;
    let name = |id: Option<i32>| id.and_then(|id| names.get(&id).cloned());

    let mut entries: Vec<(Key, TimelineEntry)> = comments
        .into_iter()
        .map(|c| {
            let key = Key { at: c.created_at, change: false, id: c.id };
            let author = name(c.author_id).unwrap_or_else(|| DELETED_USER.into());
            (key, TimelineEntry::Comment { id: c.id, author, body: c.body, internal: c.internal, at: c.created_at })
        })
        .chain(history.into_iter().map(|h| {
            let key = Key { at: h.created_at, change: true, id: h.id };
            let actor = h.actor_id.map(|id| name(Some(id)).unwrap_or_else(|| DELETED_USER.into()));
            let entry =
                TimelineEntry::Change { field: h.field, from: h.old_value, to: h.new_value, actor, at: h.created_at };
            (key, entry)
        }))
        .collect();
    entries.sort_by_key(|(key, _)| Reverse(*key));
    let earlier = (entries.len() as u64 > TIMELINE_PAGE).then(|| entries[TIMELINE_PAGE as usize - 1].0.encode());
    entries.truncate(TIMELINE_PAGE as usize);
    entries.reverse();
    Ok(TimelinePage { entries: entries.into_iter().map(|(_, entry)| entry).collect(), earlier })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_read_back_and_anything_else_is_a_field_error() {
        let key = Key { at: 1_700_000_000_000, change: true, id: 42 };
        assert_eq!(Key::decode(&key.encode()).expect("reads back"), key);
        for bad in ["", "1.c", "1.x.2", "a.c.2", "1.c.2.3", "1.c.99999999999"] {
            assert!(Key::decode(bad).expect_err(bad).fields.contains_key("before"), "{bad}");
        }
    }

    #[test]
    fn comments_of_a_moment_come_before_its_changes() {
        let comment = Key { at: 5, change: false, id: 9 };
        let change = Key { at: 5, change: true, id: 1 };
        assert!(comment < change);
        assert_eq!(change.bounds(), ((6, i32::MIN), (5, 1)));
        assert_eq!(comment.bounds(), ((5, 9), (5, i32::MIN)));
    }
}
