//! Each user's active tickets (Open, In progress, On hold assigned to them) in `users.active_tickets`,
//! kept by triggers on every insert, change and deletion of a ticket, with an index in the order
//! automatic assignment chooses (fewest active tickets, then longest since the last assignment), so
//! choosing an agent reads one index entry instead of summing tallies for every agent.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Whether the ticket in `row` (`new` or `old`) counts towards its assignee's load.
fn active(row: &str) -> String {
    format!("{row}.status IN ('open', 'in_progress', 'on_hold')")
}

/// Adds `delta` to the load of the assignee of `row` if that ticket is active.
fn add_load(row: &str, delta: i32) -> String {
    format!(
        "UPDATE users SET active_tickets = active_tickets + {delta} WHERE id = {row}.assignee_id AND {};",
        active(row)
    )
}

/// Whether a ticket's assignee or its being active changed.
fn load_moved() -> String {
    format!(
        "new.assignee_id IS DISTINCT FROM old.assignee_id OR ({}) IS DISTINCT FROM ({})",
        active("old"),
        active("new")
    )
}

fn sqlite_upkeep() -> [String; 3] {
    [
        format!(
            "CREATE TRIGGER agent_load_insert AFTER INSERT ON tickets WHEN new.assignee_id IS NOT NULL BEGIN {} END",
            add_load("new", 1)
        ),
        format!(
            "CREATE TRIGGER agent_load_update AFTER UPDATE OF status, assignee_id ON tickets WHEN {} BEGIN {} {} END",
            load_moved(),
            add_load("old", -1),
            add_load("new", 1)
        ),
        format!(
            "CREATE TRIGGER agent_load_delete AFTER DELETE ON tickets WHEN old.assignee_id IS NOT NULL BEGIN {} END",
            add_load("old", -1)
        ),
    ]
}

/// PostgreSQL's version: the same statements in a trigger function.
fn postgres_upkeep() -> [String; 4] {
    [
        format!(
            "CREATE FUNCTION agent_load_follow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
             IF TG_OP <> 'INSERT' THEN {} END IF; IF TG_OP <> 'DELETE' THEN {} END IF; RETURN NULL; END $$",
            add_load("old", -1),
            add_load("new", 1)
        ),
        "CREATE TRIGGER agent_load_insert AFTER INSERT ON tickets FOR EACH ROW WHEN (new.assignee_id IS NOT NULL) \
         EXECUTE FUNCTION agent_load_follow()"
            .to_owned(),
        format!(
            "CREATE TRIGGER agent_load_update AFTER UPDATE OF status, assignee_id ON tickets FOR EACH ROW WHEN ({}) \
             EXECUTE FUNCTION agent_load_follow()",
            load_moved()
        ),
        "CREATE TRIGGER agent_load_delete AFTER DELETE ON tickets FOR EACH ROW WHEN (old.assignee_id IS NOT NULL) \
         EXECUTE FUNCTION agent_load_follow()"
            .to_owned(),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let postgres = crate::on_postgres(manager);
        let upkeep: Vec<String> = if postgres { postgres_upkeep().into() } else { sqlite_upkeep().into() };
        // In the chooser's order: never assigned first (SQLite puts nulls first in an ascending
        // order, PostgreSQL last unless told), then the lowest id (SQLite's indexes end with it).
        let never_first = if postgres { " NULLS FIRST, id" } else { "" };
        let mut statements = vec![
            "ALTER TABLE users ADD COLUMN active_tickets INTEGER NOT NULL DEFAULT 0".to_owned(),
            format!(
                "UPDATE users SET active_tickets = (SELECT count(*) FROM tickets \
                 WHERE tickets.assignee_id = users.id AND {})",
                active("tickets")
            ),
        ];
        statements.extend(upkeep);
        statements.extend([
            // Replaces the (role, active) index, which is its prefix.
            "DROP INDEX idx_users_role".to_owned(),
            format!(
                "CREATE INDEX idx_users_load ON users (role, active, active_tickets, last_assigned_at{never_first})"
            ),
        ]);
        crate::execute_all(manager, statements).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let upkeep: &[&str] = if crate::on_postgres(manager) {
            &[
                "DROP TRIGGER agent_load_delete ON tickets",
                "DROP TRIGGER agent_load_update ON tickets",
                "DROP TRIGGER agent_load_insert ON tickets",
                "DROP FUNCTION agent_load_follow",
            ]
        } else {
            &["DROP TRIGGER agent_load_delete", "DROP TRIGGER agent_load_update", "DROP TRIGGER agent_load_insert"]
        };
        let restored = ["DROP INDEX idx_users_load", "CREATE INDEX idx_users_role ON users (role, active)"];
        let statements: Vec<&str> =
            restored.iter().chain(upkeep).chain(&["ALTER TABLE users DROP COLUMN active_tickets"]).copied().collect();
        crate::execute_all(manager, statements).await
    }
}
