//! The core schema of the design brief: users, departments, tickets, comments, ticket history.
//! Timestamps are Unix milliseconds (UTC) in 64-bit integers: portable, compact, and cheap to sort.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Username,
    Email,
    DisplayName,
    PasswordHash,
    Role,
    Active,
    FailedLogins,
    LockedUntil,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Departments {
    Table,
    Id,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Tickets {
    Table,
    Id,
    Number,
    Title,
    Description,
    Status,
    Priority,
    DepartmentId,
    RequesterId,
    AssigneeId,
    CreatedAt,
    UpdatedAt,
    ResolvedAt,
    ClosedAt,
    Version,
}

#[derive(DeriveIden)]
enum Comments {
    Table,
    Id,
    TicketId,
    AuthorId,
    Body,
    Internal,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TicketHistory {
    Table,
    Id,
    TicketId,
    ActorId,
    Field,
    OldValue,
    NewValue,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(pk_auto(Users::Id))
                    // Stored lower-cased so uniqueness and login are case-insensitive.
                    .col(string_len_uniq(Users::Username, 32))
                    .col(string_len_uniq(Users::Email, 254))
                    .col(string_len(Users::DisplayName, 100))
                    .col(string(Users::PasswordHash))
                    .col(string_len(Users::Role, 16))
                    .col(boolean(Users::Active).default(true))
                    .col(integer(Users::FailedLogins).default(0))
                    .col(big_integer_null(Users::LockedUntil))
                    .col(big_integer(Users::CreatedAt))
                    .col(big_integer(Users::UpdatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Departments::Table)
                    .col(pk_auto(Departments::Id))
                    .col(string_len_uniq(Departments::Name, 100))
                    .col(big_integer(Departments::CreatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Tickets::Table)
                    .col(pk_auto(Tickets::Id))
                    .col(integer_uniq(Tickets::Number))
                    .col(string_len(Tickets::Title, 200))
                    .col(text(Tickets::Description))
                    .col(string_len(Tickets::Status, 16))
                    .col(string_len(Tickets::Priority, 16))
                    .col(integer(Tickets::DepartmentId))
                    .col(integer(Tickets::RequesterId))
                    .col(integer_null(Tickets::AssigneeId))
                    .col(big_integer(Tickets::CreatedAt))
                    .col(big_integer(Tickets::UpdatedAt))
                    .col(big_integer_null(Tickets::ResolvedAt))
                    .col(big_integer_null(Tickets::ClosedAt))
                    .col(integer(Tickets::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Tickets::Table, Tickets::DepartmentId)
                            .to(Departments::Table, Departments::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Tickets::Table, Tickets::RequesterId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Tickets::Table, Tickets::AssigneeId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Comments::Table)
                    .col(pk_auto(Comments::Id))
                    .col(integer(Comments::TicketId))
                    .col(integer(Comments::AuthorId))
                    .col(text(Comments::Body))
                    .col(boolean(Comments::Internal).default(false))
                    .col(big_integer(Comments::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Comments::Table, Comments::TicketId)
                            .to(Tickets::Table, Tickets::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Comments::Table, Comments::AuthorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(TicketHistory::Table)
                    .col(pk_auto(TicketHistory::Id))
                    .col(integer(TicketHistory::TicketId))
                    .col(integer_null(TicketHistory::ActorId))
                    .col(string_len(TicketHistory::Field, 32))
                    .col(text_null(TicketHistory::OldValue))
                    .col(text_null(TicketHistory::NewValue))
                    .col(big_integer(TicketHistory::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(TicketHistory::Table, TicketHistory::TicketId)
                            .to(Tickets::Table, Tickets::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(TicketHistory::Table, TicketHistory::ActorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;

        // The access paths of this schema's first readers: a user's tickets, a ticket's timeline.
        for (name, table, columns) in [
            ("idx_tickets_requester", Tickets::Table, vec![Tickets::RequesterId, Tickets::UpdatedAt]),
            ("idx_tickets_assignee", Tickets::Table, vec![Tickets::AssigneeId, Tickets::UpdatedAt]),
            ("idx_tickets_department", Tickets::Table, vec![Tickets::DepartmentId]),
            ("idx_tickets_updated", Tickets::Table, vec![Tickets::UpdatedAt]),
        ] {
            let mut index = Index::create().name(name).table(table).to_owned();
            for column in columns {
                index.col(column);
            }
            manager.create_index(index).await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_comments_ticket")
                    .table(Comments::Table)
                    .col(Comments::TicketId)
                    .col(Comments::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_history_ticket")
                    .table(TicketHistory::Table)
                    .col(TicketHistory::TicketId)
                    .col(TicketHistory::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            TicketHistory::Table.into_iden(),
            Comments::Table.into_iden(),
            Tickets::Table.into_iden(),
            Departments::Table.into_iden(),
            Users::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
