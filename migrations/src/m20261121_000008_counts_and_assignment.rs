//! Figures that stay instant at a million tickets, and what automatic assignment needs.
//!
//! - `ticket_counts` (status, priority, department) and `assignee_counts` (assignee or 0 for nobody,
//!   status; with how many of those were resolved and their total resolution time) are kept by
//!   triggers on every insert, change and deletion of a ticket (cascades and moves included), so the
//!   dashboard sums a few hundred rows instead of counting a million.
//! - `users.last_assigned_at`, set by a trigger whenever a ticket goes to someone: automatic
//!   assignment's tie-break. A ticket filed with an assignee (only automatic assignment does that)
//!   gets its `auto_assignee` history entry from a trigger too, so filing stays one atomic statement.
//! - Agents are found by role without reading every customer: an index on (role, active).
//! - Settings: automatic assignment on or off (on) and each agent's capacity (20 active tickets).
//! - An index on `resolved_at` for the resolved side of the week's trend.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Adds (`sign` 1) or removes (-1) one ticket (`row`: `new` or `old`) to or from both tallies.
fn tally(row: &str, sign: i32) -> String {
    format!(
        "INSERT INTO ticket_counts (status, priority, department_id, tickets) \
         VALUES ({row}.status, {row}.priority, {row}.department_id, {sign}) \
         ON CONFLICT DO UPDATE SET tickets = tickets + excluded.tickets; \
         INSERT INTO assignee_counts (assignee_id, status, tickets, resolved, resolution_ms) \
         VALUES (coalesce({row}.assignee_id, 0), {row}.status, {sign}, {sign} * ({row}.resolved_at IS NOT NULL), \
         {sign} * coalesce({row}.resolved_at - {row}.created_at, 0)) \
         ON CONFLICT DO UPDATE SET tickets = tickets + excluded.tickets, resolved = resolved + excluded.resolved, \
         resolution_ms = resolution_ms + excluded.resolution_ms;"
    )
}

const LAST_ASSIGNED: &str = "UPDATE users SET last_assigned_at = new.updated_at WHERE id = new.assignee_id;";
const AUTO_ASSIGNED: &str = "INSERT INTO ticket_history (ticket_id, actor_id, field, old_value, new_value, created_at) \
     SELECT new.id, NULL, 'auto_assignee', NULL, display_name, new.created_at FROM users WHERE id = new.assignee_id;";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::execute_all(
            manager,
            [
            "CREATE TABLE ticket_counts (status TEXT NOT NULL, priority TEXT NOT NULL, \
             department_id INTEGER NOT NULL, tickets INTEGER NOT NULL, \
             PRIMARY KEY (status, priority, department_id)) WITHOUT ROWID"
                .to_owned(),
            "CREATE TABLE assignee_counts (assignee_id INTEGER NOT NULL, status TEXT NOT NULL, \
             tickets INTEGER NOT NULL, resolved INTEGER NOT NULL, resolution_ms INTEGER NOT NULL, \
             PRIMARY KEY (assignee_id, status)) WITHOUT ROWID"
                .to_owned(),
            "INSERT INTO ticket_counts SELECT status, priority, department_id, count(*) FROM tickets GROUP BY 1, 2, 3"
                .to_owned(),
            "INSERT INTO assignee_counts SELECT coalesce(assignee_id, 0), status, count(*), count(resolved_at), \
             coalesce(sum(resolved_at - created_at), 0) FROM tickets GROUP BY 1, 2"
                .to_owned(),
            format!("CREATE TRIGGER ticket_counts_insert AFTER INSERT ON tickets BEGIN {} END", tally("new", 1)),
            format!(
                "CREATE TRIGGER ticket_counts_update AFTER UPDATE OF status, priority, department_id, assignee_id, \
                 resolved_at, created_at ON tickets BEGIN {} {} END",
                tally("old", -1),
                tally("new", 1)
            ),
            format!("CREATE TRIGGER ticket_counts_delete AFTER DELETE ON tickets BEGIN {} END", tally("old", -1)),
            "ALTER TABLE users ADD COLUMN last_assigned_at BIGINT".to_owned(),
            format!(
                "CREATE TRIGGER last_assigned_insert AFTER INSERT ON tickets WHEN new.assignee_id IS NOT NULL \
                 BEGIN {LAST_ASSIGNED} {AUTO_ASSIGNED} END"
            ),
            format!(
                "CREATE TRIGGER last_assigned_update AFTER UPDATE OF assignee_id ON tickets \
                 WHEN new.assignee_id IS NOT NULL AND new.assignee_id IS NOT old.assignee_id BEGIN {LAST_ASSIGNED} END"
            ),
            "ALTER TABLE settings ADD COLUMN auto_assign BOOLEAN NOT NULL DEFAULT 1".to_owned(),
            "ALTER TABLE settings ADD COLUMN agent_capacity INTEGER NOT NULL DEFAULT 20".to_owned(),
            "CREATE INDEX idx_tickets_resolved ON tickets (resolved_at) WHERE resolved_at IS NOT NULL".to_owned(),
            "CREATE INDEX idx_users_role ON users (role, active)".to_owned(),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::execute_all(
            manager,
            [
                "DROP INDEX idx_users_role",
                "DROP INDEX idx_tickets_resolved",
                "ALTER TABLE settings DROP COLUMN agent_capacity",
                "ALTER TABLE settings DROP COLUMN auto_assign",
                "DROP TRIGGER last_assigned_update",
                "DROP TRIGGER last_assigned_insert",
                "ALTER TABLE users DROP COLUMN last_assigned_at",
                "DROP TRIGGER ticket_counts_delete",
                "DROP TRIGGER ticket_counts_update",
                "DROP TRIGGER ticket_counts_insert",
                "DROP TABLE assignee_counts",
                "DROP TABLE ticket_counts",
            ],
        )
        .await
    }
}
