//! Best match first at any depth: the titles get a full-text index of their own.
//!
//! A search's best matches are the tickets whose title holds every word, then some, then none. Asking
//! `ticket_search` whether a title holds a word reads the word's postings from every column (5 ms a
//! ticket for a word in most bodies), so `ticket_titles` holds the titles alone; triggers keep it in
//! step with every insert, title edit and deletion, like `ticket_search`. On PostgreSQL it is a table
//! of each title's words (`tsvector`, GIN index), its row deleted with its ticket.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TRIGGERS: [(&str, &str); 3] = [
    (
        "ticket_titles_insert",
        "AFTER INSERT ON tickets BEGIN INSERT INTO ticket_titles (rowid, title) VALUES (new.id, new.title); END",
    ),
    (
        "ticket_titles_edit",
        "AFTER UPDATE OF title ON tickets BEGIN UPDATE ticket_titles SET title = new.title WHERE rowid = new.id; END",
    ),
    ("ticket_titles_delete", "AFTER DELETE ON tickets BEGIN DELETE FROM ticket_titles WHERE rowid = old.id; END"),
];

/// The titles' index filled from every ticket, on each backend.
pub const FILL_SQLITE: &str = "INSERT INTO ticket_titles (rowid, title) SELECT id, title FROM tickets";
pub const FILL_POSTGRES: &str =
    "INSERT INTO ticket_titles (ticket_id, title) SELECT id, ticket_words(title) FROM tickets";

const POSTGRES: [&str; 6] = [
    "CREATE TABLE ticket_titles (ticket_id INTEGER PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE, \
     title tsvector NOT NULL)",
    "CREATE INDEX idx_ticket_titles_title ON ticket_titles USING gin (title)",
    FILL_POSTGRES,
    "CREATE FUNCTION ticket_titles_follow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
     INSERT INTO ticket_titles (ticket_id, title) VALUES (NEW.id, ticket_words(NEW.title)) \
     ON CONFLICT (ticket_id) DO UPDATE SET title = excluded.title; RETURN NULL; END $$",
    "CREATE TRIGGER ticket_titles_insert AFTER INSERT ON tickets FOR EACH ROW EXECUTE FUNCTION ticket_titles_follow()",
    "CREATE TRIGGER ticket_titles_edit AFTER UPDATE OF title ON tickets FOR EACH ROW EXECUTE FUNCTION ticket_titles_follow()",
];
const POSTGRES_DOWN: [&str; 4] = [
    "DROP TABLE ticket_titles",
    "DROP TRIGGER ticket_titles_edit ON tickets",
    "DROP TRIGGER ticket_titles_insert ON tickets",
    "DROP FUNCTION ticket_titles_follow",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if crate::on_postgres(manager) {
            return crate::execute_all(manager, POSTGRES).await;
        }
        let mut statements = vec![
            "CREATE VIRTUAL TABLE ticket_titles USING fts5(title, content = '', contentless_delete = 1, \
             tokenize = 'unicode61 remove_diacritics 2')"
                .to_owned(),
            FILL_SQLITE.to_owned(),
        ];
        statements.extend(TRIGGERS.iter().map(|(name, body)| format!("CREATE TRIGGER {name} {body}")));
        crate::execute_all(manager, statements).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if crate::on_postgres(manager) {
            return crate::execute_all(manager, POSTGRES_DOWN).await;
        }
        let mut statements: Vec<String> = TRIGGERS.iter().map(|(name, _)| format!("DROP TRIGGER {name}")).collect();
        statements.push("DROP TABLE ticket_titles".to_owned());
        crate::execute_all(manager, statements).await
    }
}
