//! Files, changes and comments on tickets in the desk at the given path, as fast as it can, until it
//! is killed. After each write has committed it prints one line, so whoever kills it knows what must
//! have survived: `filed <id>`, `changed <id> <version>`, `commented <id> <comment count>`.
use std::io::Write;

use helpdesk_core::access::SessionSlot;
use helpdesk_core::entities::tickets::Status;
use helpdesk_core::entities::users::Role;
use helpdesk_core::ops::tickets::{self, Change, NewComment, NewTicket, TicketChange};
use helpdesk_core::ops::users::{NewAccount, insert_account};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

fn account(username: &str) -> NewAccount {
    NewAccount {
        username: username.into(),
        email: format!("{username}@example.com"),
        display_name: None,
        password: "plum-kettle-harbour".into(),
    }
}

/// The desk's user called `username`, created on the first run.
async fn user_id(db: &helpdesk_core::infra::database::Database, username: &str, role: Role) -> i32 {
    use helpdesk_core::entities::users;
    match users::Entity::find().filter(users::Column::Username.eq(username)).one(db).await.expect("find user") {
        Some(user) => user.id,
        None => insert_account(db, account(username), role).await.expect("create user").id,
    }
}

#[tokio::main]
async fn main() {
    let path = std::env::args().nth(1).expect("usage: crash-writer DATABASE");
    let db = helpdesk_core::infra::database::open(std::path::Path::new(&path)).await.expect("open");
    let (customer, agent) = (SessionSlot::default(), SessionSlot::default());
    customer.start(user_id(&db, "writer-customer", Role::Customer).await);
    agent.start(user_id(&db, "writer-agent", Role::Agent).await);
    let department =
        helpdesk_core::entities::departments::Entity::find().one(&db).await.expect("q").expect("department").id;
    let mut out = std::io::stdout().lock();
    println!("ready");
    for i in 0.. {
        let ticket = NewTicket {
            title: format!("Crash test ticket {i}"),
            description: "Written until the process is killed.".into(),
            department_id: department,
            priority: None,
            requester_id: None,
        };
        let filed = tickets::create(&db, &customer, ticket).await.expect("file");
        writeln!(out, "filed {}", filed.id).and_then(|()| out.flush()).expect("report");
        let change = Change::Status { status: Status::InProgress };
        let changed = tickets::change(&db, &agent, TicketChange { id: filed.id, version: filed.version, change })
            .await
            .expect("change");
        writeln!(out, "changed {} {}", changed.id, changed.version).and_then(|()| out.flush()).expect("report");
        let comment = NewComment { ticket_id: filed.id, body: format!("Reply {i}"), internal: i % 2 == 0 };
        let commented = tickets::comment(&db, &agent, comment).await.expect("comment");
        let comments =
            commented.timeline.iter().filter(|e| matches!(e, tickets::TimelineEntry::Comment { .. })).count();
        writeln!(out, "commented {} {comments}", filed.id).and_then(|()| out.flush()).expect("report");
    }
}
