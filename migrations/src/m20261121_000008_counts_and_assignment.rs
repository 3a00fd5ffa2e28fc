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

/// Adds (`sign` 1) or removes (-1) one ticket (`row`: `new` or `old`) to or from both tallies. The
/// same statements on both backends: SQLite runs them in its triggers, PostgreSQL in a trigger function.
fn tally(row: &str, sign: i32) -> String {
    format!(
        "INSERT INTO ticket_counts (status, priority, department_id, tickets) \
         VALUES ({row}.status, {row}.priority, {row}.department_id, {sign}) \
         ON CONFLICT (status, priority, department_id) DO UPDATE SET tickets = ticket_counts.tickets + excluded.tickets; \
         INSERT INTO assignee_counts (assignee_id, status, tickets, resolved, resolution_ms) \
         VALUES (coalesce({row}.assignee_id, 0), {row}.status, {sign}, CASE WHEN {row}.resolved_at IS NULL THEN 0 ELSE {sign} END, \
         {sign} * coalesce({row}.resolved_at - {row}.created_at, 0)) \
         ON CONFLICT (assignee_id, status) DO UPDATE SET tickets = assignee_counts.tickets + excluded.tickets, \
         resolved = assignee_counts.resolved + excluded.resolved, \
         resolution_ms = assignee_counts.resolution_ms + excluded.resolution_ms;"
    )
}

const LAST_ASSIGNED: &str = "UPDATE users SET last_assigned_at = new.updated_at WHERE id = new.assignee_id;";
const AUTO_ASSIGNED: &str = "INSERT INTO ticket_history (ticket_id, actor_id, field, old_value, new_value, created_at) \
     SELECT new.id, NULL, 'auto_assignee', NULL, display_name, new.created_at FROM users WHERE id = new.assignee_id;";

/// The columns whose change moves a ticket between tallies.
const TALLIED: &str = "status, priority, department_id, assignee_id, resolved_at, created_at";

/// The tallies filled from the tickets there are.
const FILL: [&str; 2] = [
    "INSERT INTO ticket_counts SELECT status, priority, department_id, count(*) FROM tickets GROUP BY 1, 2, 3",
    "INSERT INTO assignee_counts SELECT coalesce(assignee_id, 0), status, count(*), count(resolved_at), \
     coalesce(sum(resolved_at - created_at), 0) FROM tickets GROUP BY 1, 2",
];

/// The same on both backends, after the tallies and their triggers.
const SHARED: [&str; 4] = [
    "ALTER TABLE settings ADD COLUMN auto_assign BOOLEAN NOT NULL DEFAULT TRUE",
    "ALTER TABLE settings ADD COLUMN agent_capacity INTEGER NOT NULL DEFAULT 20",
    "CREATE INDEX idx_tickets_resolved ON tickets (resolved_at) WHERE resolved_at IS NOT NULL",
    "CREATE INDEX idx_users_role ON users (role, active)",
];
const SHARED_DOWN: [&str; 4] = [
    "DROP INDEX idx_users_role",
    "DROP INDEX idx_tickets_resolved",
    "ALTER TABLE settings DROP COLUMN agent_capacity",
    "ALTER TABLE settings DROP COLUMN auto_assign",
];

fn sqlite_up() -> Vec<String> {
    let mut statements = vec![
        "CREATE TABLE ticket_counts (status TEXT NOT NULL, priority TEXT NOT NULL, \
         department_id INTEGER NOT NULL, tickets INTEGER NOT NULL, \
         PRIMARY KEY (status, priority, department_id)) WITHOUT ROWID"
            .to_owned(),
        "CREATE TABLE assignee_counts (assignee_id INTEGER NOT NULL, status TEXT NOT NULL, \
         tickets INTEGER NOT NULL, resolved INTEGER NOT NULL, resolution_ms INTEGER NOT NULL, \
         PRIMARY KEY (assignee_id, status)) WITHOUT ROWID"
            .to_owned(),
    ];
    statements.extend(FILL.map(str::to_owned));
    statements.extend([
        format!("CREATE TRIGGER ticket_counts_insert AFTER INSERT ON tickets BEGIN {} END", tally("new", 1)),
        format!(
            "CREATE TRIGGER ticket_counts_update AFTER UPDATE OF {TALLIED} ON tickets BEGIN {} {} END",
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
    ]);
    statements
}

/// PostgreSQL's version: 64-bit tallies, and the triggers' statements in trigger functions.
fn postgres_up() -> Vec<String> {
    let mut statements = vec![
        "CREATE TABLE ticket_counts (status TEXT NOT NULL, priority TEXT NOT NULL, \
         department_id INTEGER NOT NULL, tickets BIGINT NOT NULL, PRIMARY KEY (status, priority, department_id))"
            .to_owned(),
        "CREATE TABLE assignee_counts (assignee_id INTEGER NOT NULL, status TEXT NOT NULL, \
         tickets BIGINT NOT NULL, resolved BIGINT NOT NULL, resolution_ms BIGINT NOT NULL, \
         PRIMARY KEY (assignee_id, status))"
            .to_owned(),
    ];
    statements.extend(FILL.map(str::to_owned));
    statements.extend([
        format!(
            "CREATE FUNCTION ticket_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
             IF TG_OP <> 'INSERT' THEN {} END IF; IF TG_OP <> 'DELETE' THEN {} END IF; RETURN NULL; END $$",
            tally("old", -1),
            tally("new", 1)
        ),
        "CREATE TRIGGER ticket_counts_insert AFTER INSERT ON tickets FOR EACH ROW EXECUTE FUNCTION ticket_counts_follow()"
            .to_owned(),
        format!(
            "CREATE TRIGGER ticket_counts_update AFTER UPDATE OF {TALLIED} ON tickets \
             FOR EACH ROW EXECUTE FUNCTION ticket_counts_follow()"
        ),
        "CREATE TRIGGER ticket_counts_delete AFTER DELETE ON tickets FOR EACH ROW EXECUTE FUNCTION ticket_counts_follow()"
            .to_owned(),
        "ALTER TABLE users ADD COLUMN last_assigned_at BIGINT".to_owned(),
        format!(
            "CREATE FUNCTION last_assigned_follow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {LAST_ASSIGNED} \
             IF TG_OP = 'INSERT' THEN {AUTO_ASSIGNED} END IF; RETURN NULL; END $$"
        ),
        "CREATE TRIGGER last_assigned_insert AFTER INSERT ON tickets FOR EACH ROW WHEN (new.assignee_id IS NOT NULL) \
         EXECUTE FUNCTION last_assigned_follow()"
            .to_owned(),
        "CREATE TRIGGER last_assigned_update AFTER UPDATE OF assignee_id ON tickets FOR EACH ROW \
         WHEN (new.assignee_id IS NOT NULL AND new.assignee_id IS DISTINCT FROM old.assignee_id) \
         EXECUTE FUNCTION last_assigned_follow()"
            .to_owned(),
    ]);
    statements
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let own = if crate::on_postgres(manager) { postgres_up() } else { sqlite_up() };
        crate::execute_all(manager, own.into_iter().chain(SHARED.map(str::to_owned))).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let own: &[&str] = if crate::on_postgres(manager) {
            &[
                "DROP TRIGGER last_assigned_update ON tickets",
                "DROP TRIGGER last_assigned_insert ON tickets",
                "DROP FUNCTION last_assigned_follow",
                "ALTER TABLE users DROP COLUMN last_assigned_at",
                "DROP TRIGGER ticket_counts_delete ON tickets",
                "DROP TRIGGER ticket_counts_update ON tickets",
                "DROP TRIGGER ticket_counts_insert ON tickets",
                "DROP FUNCTION ticket_counts_follow",
                "DROP TABLE assignee_counts",
                "DROP TABLE ticket_counts",
            ]
        } else {
            &[
                "DROP TRIGGER last_assigned_update",
                "DROP TRIGGER last_assigned_insert",
                "ALTER TABLE users DROP COLUMN last_assigned_at",
                "DROP TRIGGER ticket_counts_delete",
                "DROP TRIGGER ticket_counts_update",
                "DROP TRIGGER ticket_counts_insert",
                "DROP TABLE assignee_counts",
                "DROP TABLE ticket_counts",
            ]
        };
        let statements: Vec<&str> = SHARED_DOWN.iter().chain(own).copied().collect();
        crate::execute_all(manager, statements).await
    }
}
