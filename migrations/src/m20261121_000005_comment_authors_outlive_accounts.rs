//! Comments keep their text when their author's account is deleted: `author_id` becomes nullable
//! and is cleared by the deletion. SQLite cannot change a column's constraints in place, so the
//! table is rebuilt (create, copy, drop, rename). These steps are SQLite's only: on PostgreSQL the
//! copied ids would leave the new table's id sequence behind them (the next comment would collide),
//! so that backend has its own version, which alters the column and its foreign key in place.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(Clone, Copy, DeriveIden)]
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
enum CommentsRebuilt {
    Table,
}

#[derive(DeriveIden)]
enum Tickets {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

/// The comments table under `name`, with the author's foreign key as given.
fn comments_table(
    name: impl IntoIden,
    author_nullable: bool,
    author_on_delete: ForeignKeyAction,
) -> TableCreateStatement {
    let name = name.into_iden();
    Table::create()
        .table(name.clone())
        .col(pk_auto(Comments::Id))
        .col(integer(Comments::TicketId))
        .col(if author_nullable { integer_null(Comments::AuthorId) } else { integer(Comments::AuthorId) })
        .col(text(Comments::Body))
        .col(boolean(Comments::Internal).default(false))
        .col(big_integer(Comments::CreatedAt))
        .foreign_key(
            ForeignKey::create()
                .from(name.clone(), Comments::TicketId)
                .to(Tickets::Table, Tickets::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(
            ForeignKey::create().from(name, Comments::AuthorId).to(Users::Table, Users::Id).on_delete(author_on_delete),
        )
        .to_owned()
}

/// PostgreSQL's version: the column's constraint and its foreign key changed in place (the key
/// carries the name PostgreSQL gave it when the table was created).
fn alter_in_place(nullable: &str, on_delete: &str) -> [String; 3] {
    [
        format!("ALTER TABLE comments ALTER COLUMN author_id {nullable}"),
        "ALTER TABLE comments DROP CONSTRAINT comments_author_id_fkey".to_owned(),
        format!(
            "ALTER TABLE comments ADD CONSTRAINT comments_author_id_fkey FOREIGN KEY (author_id) \
             REFERENCES users (id) ON DELETE {on_delete}"
        ),
    ]
}

async fn rebuild(
    manager: &SchemaManager<'_>,
    author_nullable: bool,
    author_on_delete: ForeignKeyAction,
) -> Result<(), DbErr> {
    manager.create_table(comments_table(CommentsRebuilt::Table, author_nullable, author_on_delete)).await?;
    let columns =
        [Comments::Id, Comments::TicketId, Comments::AuthorId, Comments::Body, Comments::Internal, Comments::CreatedAt];
    let copy = Query::insert()
        .into_table(CommentsRebuilt::Table)
        .columns(columns)
        .select_from(Query::select().columns(columns).from(Comments::Table).to_owned())
        .map_err(|e| DbErr::Migration(e.to_string()))?
        .to_owned();
    manager.exec_stmt(copy).await?;
    manager.drop_table(Table::drop().table(Comments::Table).to_owned()).await?;
    manager.rename_table(Table::rename().table(CommentsRebuilt::Table, Comments::Table).to_owned()).await?;
    manager
        .create_index(
            Index::create()
                .name("idx_comments_ticket")
                .table(Comments::Table)
                .col(Comments::TicketId)
                .col(Comments::CreatedAt)
                .to_owned(),
        )
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// One transaction, so every step runs on one connection and a failure leaves the old table.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if crate::on_postgres(manager) {
            return crate::execute_all(manager, alter_in_place("DROP NOT NULL", "SET NULL")).await;
        }
        rebuild(manager, true, ForeignKeyAction::SetNull).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if crate::on_postgres(manager) {
            return crate::execute_all(manager, alter_in_place("SET NOT NULL", "RESTRICT")).await;
        }
        rebuild(manager, false, ForeignKeyAction::Restrict).await
    }
}
