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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::execute_all(
            manager,
            [
                "ALTER TABLE users ADD COLUMN active_tickets INTEGER NOT NULL DEFAULT 0".to_owned(),
                format!(
                    "UPDATE users SET active_tickets = (SELECT count(*) FROM tickets \
                 WHERE tickets.assignee_id = users.id AND {})",
                    active("tickets")
                ),
                format!(
                    "CREATE TRIGGER agent_load_insert AFTER INSERT ON tickets WHEN new.assignee_id IS NOT NULL \
                 BEGIN {} END",
                    add_load("new", 1)
                ),
                format!(
                    "CREATE TRIGGER agent_load_update AFTER UPDATE OF status, assignee_id ON tickets \
                 WHEN new.assignee_id IS NOT old.assignee_id OR ({}) IS NOT ({}) BEGIN {} {} END",
                    active("old"),
                    active("new"),
                    add_load("old", -1),
                    add_load("new", 1)
                ),
                format!(
                    "CREATE TRIGGER agent_load_delete AFTER DELETE ON tickets WHEN old.assignee_id IS NOT NULL \
                 BEGIN {} END",
                    add_load("old", -1)
                ),
                // Replaces the (role, active) index, which is its prefix.
                "DROP INDEX idx_users_role".to_owned(),
                "CREATE INDEX idx_users_load ON users (role, active, active_tickets, last_assigned_at)".to_owned(),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::execute_all(
            manager,
            [
                "DROP INDEX idx_users_load",
                "CREATE INDEX idx_users_role ON users (role, active)",
                "DROP TRIGGER agent_load_delete",
                "DROP TRIGGER agent_load_update",
                "DROP TRIGGER agent_load_insert",
                "ALTER TABLE users DROP COLUMN active_tickets",
            ],
        )
        .await
    }
}
