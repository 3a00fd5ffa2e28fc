//! On PostgreSQL, the server counts which statuses go with which assignee, department and priority.
//!
//! Unless told otherwise the planner takes two conditions as independent: "unassigned and open" was
//! estimated at 163 of a million tickets where 6,000 are, so it sorted them all for a page (20 ms)
//! instead of reading an index that holds them in order (0.6 ms, with the app's own planner costs).
//! Statistics on the pairs the queue filters by (the most common combinations of their values) are
//! gathered by every `ANALYZE`. SQLite's `ANALYZE` already counts them: nothing changes there.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A name and the status's partner column.
const PAIRS: [(&str, &str); 3] = [
    ("stats_tickets_status_assignee", "assignee_id"),
    ("stats_tickets_status_department", "department_id"),
    ("stats_tickets_status_priority", "priority"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if !crate::on_postgres(manager) {
            return Ok(());
        }
        let mut statements: Vec<String> = PAIRS
            .iter()
            .map(|(name, column)| format!("CREATE STATISTICS {name} (mcv) ON status, {column} FROM tickets"))
            .collect();
        statements.push("ANALYZE tickets".to_owned());
        crate::execute_all(manager, statements).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if !crate::on_postgres(manager) {
            return Ok(());
        }
        let statements: Vec<String> = PAIRS.iter().map(|(name, _)| format!("DROP STATISTICS {name}")).collect();
        crate::execute_all(manager, statements).await
    }
}
