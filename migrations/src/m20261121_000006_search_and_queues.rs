//! Search and queues at a million tickets.
//!
//! - `ticket_search`: an FTS5 index with one row per ticket (rowid = ticket id) over the title, the
//!   public text (description and public comments) and the internal notes, so customers can be held to
//!   the first two columns. It is contentless (the text already lives in `tickets` and `comments`) with
//!   `contentless_delete` so rows can be replaced and removed, and triggers keep it in step with every
//!   write, including cascades, so no code path can forget it.
//! - On PostgreSQL, `ticket_search` holds each ticket's words as a `tsvector` (GIN index), weighted
//!   by where they stand: the title A, the public text B, the notes D, so a customer's search asks for
//!   `:AB` alone. Words are runs of letters and digits, lower-cased and stripped of accents, as
//!   SQLite's tokenizer makes them (PostgreSQL's own parser would keep `printer.example.com` or
//!   `off-line` whole, where SQLite finds `printer` and `line`).
//! - Indexes for the queue's filter and sort paths; each hot query's plan is checked in a test.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The ticket's public text and its internal notes, as the index holds them.
const PUBLIC_TEXT: &str = "(SELECT t.description || coalesce(' ' || group_concat(c.body, ' '), '') \
     FROM tickets t LEFT JOIN comments c ON c.ticket_id = t.id AND c.internal = 0 WHERE t.id = {id})";
const NOTES_TEXT: &str =
    "(SELECT coalesce(group_concat(body, ' '), '') FROM comments WHERE ticket_id = {id} AND internal = 1)";

fn reindex(id: &str) -> String {
    format!(
        "UPDATE ticket_search SET title = (SELECT title FROM tickets WHERE id = {id}), body = {}, notes = {} \
         WHERE rowid = {id};",
        PUBLIC_TEXT.replace("{id}", id),
        NOTES_TEXT.replace("{id}", id)
    )
}

/// Fills the search index from every ticket (at creation, and for bulk loads that pause the triggers).
pub fn fill_ticket_search() -> String {
    format!(
        "INSERT INTO ticket_search (rowid, title, body, notes) SELECT id, title, {}, {} FROM tickets",
        PUBLIC_TEXT.replace("{id}", "tickets.id"),
        NOTES_TEXT.replace("{id}", "tickets.id")
    )
}

/// PostgreSQL's index, its upkeep (a ticket's words are read again whenever its title, description
/// or any comment changes; a deleted ticket's row goes with it by its foreign key) and its filling.
const POSTGRES_SEARCH: &[&str] = &[
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TEXT SEARCH CONFIGURATION helpdesk_words (COPY = simple)",
    "ALTER TEXT SEARCH CONFIGURATION helpdesk_words ALTER MAPPING FOR word, numword, hword, hword_part, numhword, \
     hword_numpart WITH unaccent, simple",
    "CREATE FUNCTION ticket_words(text) RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$ \
     SELECT to_tsvector('helpdesk_words', regexp_replace($1, '[^[:alnum:]]+', ' ', 'g')) $$",
    "CREATE TABLE ticket_search (ticket_id INTEGER PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE, \
     words tsvector NOT NULL)",
    "CREATE INDEX idx_ticket_search_words ON ticket_search USING gin (words)",
    "CREATE FUNCTION ticket_search_words(ticket integer) RETURNS tsvector LANGUAGE sql STABLE AS $$ \
     SELECT setweight(ticket_words(t.title), 'A') \
     || setweight(ticket_words(t.description || coalesce(' ' || (SELECT string_agg(c.body, ' ') \
        FROM comments c WHERE c.ticket_id = t.id AND NOT c.internal), '')), 'B') \
     || setweight(ticket_words(coalesce((SELECT string_agg(c.body, ' ') \
        FROM comments c WHERE c.ticket_id = t.id AND c.internal), '')), 'D') \
     FROM tickets t WHERE t.id = ticket $$",
    "CREATE FUNCTION ticket_search_ticket() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
     INSERT INTO ticket_search (ticket_id, words) VALUES (NEW.id, ticket_search_words(NEW.id)) \
     ON CONFLICT (ticket_id) DO UPDATE SET words = excluded.words; \
     RETURN NULL; END $$",
    // The words are null while the ticket itself is being deleted (its comments go with it).
    "CREATE FUNCTION ticket_search_comment() RETURNS trigger LANGUAGE plpgsql AS $$ \
     DECLARE ticket integer := CASE WHEN TG_OP = 'DELETE' THEN OLD.ticket_id ELSE NEW.ticket_id END; \
     fresh tsvector := ticket_search_words(ticket); BEGIN \
     IF fresh IS NOT NULL THEN UPDATE ticket_search SET words = fresh WHERE ticket_id = ticket; END IF; \
     RETURN NULL; END $$",
    "CREATE TRIGGER ticket_search_insert AFTER INSERT ON tickets FOR EACH ROW EXECUTE FUNCTION ticket_search_ticket()",
    "CREATE TRIGGER ticket_search_edit AFTER UPDATE OF title, description ON tickets \
     FOR EACH ROW EXECUTE FUNCTION ticket_search_ticket()",
    "CREATE TRIGGER ticket_search_comment AFTER INSERT OR DELETE OR UPDATE OF body, internal ON comments \
     FOR EACH ROW EXECUTE FUNCTION ticket_search_comment()",
    FILL_TICKET_SEARCH_POSTGRES,
];

/// PostgreSQL's filling of the search index from every ticket.
pub const FILL_TICKET_SEARCH_POSTGRES: &str =
    "INSERT INTO ticket_search (ticket_id, words) SELECT id, ticket_search_words(id) FROM tickets";

const POSTGRES_SEARCH_DOWN: &[&str] = &[
    "DROP TABLE ticket_search",
    "DROP TRIGGER ticket_search_comment ON comments",
    "DROP TRIGGER ticket_search_edit ON tickets",
    "DROP TRIGGER ticket_search_insert ON tickets",
    "DROP FUNCTION ticket_search_comment",
    "DROP FUNCTION ticket_search_ticket",
    "DROP FUNCTION ticket_search_words",
    "DROP FUNCTION ticket_words",
    "DROP TEXT SEARCH CONFIGURATION helpdesk_words",
    "DROP EXTENSION unaccent",
];

/// Each filter column with each time sort: an equality then an ordered walk (the row id breaks ties),
/// so a page reads about a page of rows. Several statuses or priorities are one walk each, merged.
const INDEXES: &[(&str, &str)] = &[
    ("idx_tickets_created", "tickets (created_at)"),
    ("idx_tickets_status_updated", "tickets (status, updated_at)"),
    ("idx_tickets_status_created", "tickets (status, created_at)"),
    ("idx_tickets_priority_updated", "tickets (priority, updated_at)"),
    ("idx_tickets_priority_created", "tickets (priority, created_at)"),
    ("idx_tickets_department_updated", "tickets (department_id, updated_at)"),
    ("idx_tickets_department_created", "tickets (department_id, created_at)"),
    ("idx_tickets_requester_created", "tickets (requester_id, created_at)"),
    ("idx_tickets_assignee_created", "tickets (assignee_id, created_at)"),
    // An agent's open work: few rows among many of theirs.
    ("idx_tickets_assignee_status", "tickets (assignee_id, status, updated_at)"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        // Superseded by the department's pairs below.
        db.execute_unprepared("DROP INDEX idx_tickets_department").await?;
        for (name, on) in INDEXES {
            db.execute_unprepared(&format!("CREATE INDEX {name} ON {on}")).await?;
        }
        if crate::on_postgres(manager) {
            return crate::execute_all(manager, POSTGRES_SEARCH).await;
        }
        db.execute_unprepared(
            "CREATE VIRTUAL TABLE ticket_search USING fts5(title, body, notes, content = '', \
             contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2')",
        )
        .await?;
        // Words in titles weigh most.
        db.execute_unprepared("INSERT INTO ticket_search (ticket_search, rank) VALUES ('rank', 'bm25(4.0, 1.0, 1.0)')")
            .await?;
        db.execute_unprepared(&fill_ticket_search()).await?;
        db.execute_unprepared(
            "CREATE TRIGGER ticket_search_insert AFTER INSERT ON tickets BEGIN \
             INSERT INTO ticket_search (rowid, title, body, notes) VALUES (new.id, new.title, new.description, ''); END",
        )
        .await?;
        db.execute_unprepared(&format!(
            "CREATE TRIGGER ticket_search_edit AFTER UPDATE OF title, description ON tickets BEGIN {} END",
            reindex("new.id")
        ))
        .await?;
        db.execute_unprepared(
            "CREATE TRIGGER ticket_search_delete AFTER DELETE ON tickets BEGIN \
             DELETE FROM ticket_search WHERE rowid = old.id; END",
        )
        .await?;
        db.execute_unprepared(&format!(
            "CREATE TRIGGER ticket_search_comment AFTER INSERT ON comments BEGIN {} END",
            reindex("new.ticket_id")
        ))
        .await?;
        db.execute_unprepared(&format!(
            "CREATE TRIGGER ticket_search_comment_update AFTER UPDATE OF body, internal ON comments BEGIN {} END",
            reindex("new.ticket_id")
        ))
        .await?;
        db.execute_unprepared(&format!(
            "CREATE TRIGGER ticket_search_comment_delete AFTER DELETE ON comments BEGIN {} END",
            reindex("old.ticket_id")
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if crate::on_postgres(manager) {
            crate::execute_all(manager, POSTGRES_SEARCH_DOWN).await?;
        } else {
            for trigger in ["insert", "edit", "delete", "comment", "comment_update", "comment_delete"] {
                db.execute_unprepared(&format!("DROP TRIGGER ticket_search_{trigger}")).await?;
            }
            db.execute_unprepared("DROP TABLE ticket_search").await?;
        }
        for (name, _) in INDEXES {
            db.execute_unprepared(&format!("DROP INDEX {name}")).await?;
        }
        db.execute_unprepared("CREATE INDEX idx_tickets_department ON tickets (department_id)").await?;
        Ok(())
    }
}
