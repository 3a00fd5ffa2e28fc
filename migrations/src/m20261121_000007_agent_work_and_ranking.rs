//! An agent's and a department's work lists at a million tickets, and search ranking without bm25.
//!
//! - "Mine (or nobody's), active, by priority" and "unassigned, oldest first" walk one index range per
//!   status (and priority) instead of filtering a status's or a priority's whole range for one agent.
//! - Ranking no longer uses bm25 (its weights cost a walk of every posting of each word), so the rank
//!   setting goes.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEXES: &[(&str, &str)] = &[
    ("idx_tickets_assignee_priority", "tickets (assignee_id, status, priority, updated_at)"),
    ("idx_tickets_assignee_status_created", "tickets (assignee_id, status, created_at)"),
    // A department's open work: one status among a department's many tickets, to the last page.
    ("idx_tickets_department_status", "tickets (department_id, status, updated_at)"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (name, on) in INDEXES {
            db.execute_unprepared(&format!("CREATE INDEX {name} ON {on}")).await?;
        }
        // PostgreSQL's index never had a rank setting.
        if !crate::on_postgres(manager) {
            db.execute_unprepared("DELETE FROM ticket_search_config WHERE k = 'rank'").await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (name, _) in INDEXES {
            db.execute_unprepared(&format!("DROP INDEX {name}")).await?;
        }
        if !crate::on_postgres(manager) {
            db.execute_unprepared(
                "INSERT INTO ticket_search (ticket_search, rank) VALUES ('rank', 'bm25(4.0, 1.0, 1.0)')",
            )
            .await?;
        }
        Ok(())
    }
}
