//! Concurrent work waits its turn: writes sent at once, or while another process holds the write
//! lock, answer OK (or CONFLICT when the data moved under them), never INTERNAL.
use std::sync::Arc;
use std::time::Duration;

use helpdesk_core::access::SessionSlot;
use helpdesk_core::entities::comments;
use helpdesk_core::entities::tickets::{Priority, Status};
use helpdesk_core::entities::users::Role;
use helpdesk_core::error::ErrorCode;
use helpdesk_core::ops::tickets::{self, Change, NewComment, NewTicket, TicketChange};
use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait};

use crate::common::{signed_in, test_db, user};
use crate::tickets::{department, ticket_with};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_mixed_writes_at_once_all_get_a_real_answer() {
    let test = test_db().await;
    let support = department(&test.db, "Support").await;
    let customer = user(&test.db, "customer", Role::Customer).await.id;
    let agent: Arc<SessionSlot> = Arc::new(signed_in(user(&test.db, "agent", Role::Agent).await.id));
    let mut targets = Vec::new();
    for _ in 0..4 {
        targets.push(ticket_with(&test.db, customer, support, Status::Open).await);
    }

    let mut writes = tokio::task::JoinSet::new();
    for n in 0..100 {
        let (db, agent, ticket) = (test.db.clone(), agent.clone(), targets[n % targets.len()].clone());
        writes.spawn(async move {
            let answer = match n % 4 {
                0 => tickets::comment(
                    &db,
                    &agent,
                    NewComment { ticket_id: ticket.id, body: format!("Reply {n}"), internal: n % 8 == 0 },
                )
                .await
                .map(drop),
                1 => {
                    let new = NewTicket {
                        title: format!("Filed at once {n}"),
                        description: "Sent with many others.".into(),
                        department_id: support,
                        priority: None,
                        requester_id: Some(customer),
                    };
                    tickets::create(&db, &agent, new).await.map(drop)
                }
                // Changes based on the version read before the race: at most one per version wins.
                2 => {
                    let change = Change::Priority { priority: if n % 8 == 2 { Priority::High } else { Priority::Low } };
                    tickets::change(&db, &agent, TicketChange { id: ticket.id, version: ticket.version, change })
                        .await
                        .map(drop)
                }
                _ => tickets::get(&db, &agent, ticket.id).await.map(drop),
            };
            (n % 4, answer.map_err(|e| e.code))
        });
    }
    let answers = writes.join_all().await;
    let internal: Vec<_> = answers.iter().filter(|(_, a)| *a == Err(ErrorCode::Internal)).collect();
    assert!(internal.is_empty(), "no write may fail for being concurrent: {internal:?}");
    for (kind, answer) in &answers {
        match kind {
            // Comments and new tickets never depend on what another write did: all land.
            0 | 1 | 3 => assert_eq!(*answer, Ok(()), "kind {kind}"),
            _ => assert!(
                matches!(answer, Ok(()) | Err(ErrorCode::Conflict)),
                "a change answers OK or CONFLICT: {answer:?}"
            ),
        }
    }
    let comments = comments::Entity::find().count(&test.db).await.expect("count");
    assert_eq!(comments, 25, "every reply was kept");
}

/// Another desktop's write: in a file, a second connection takes the write lock; on a team desk, a
/// second desktop takes its write turn. It runs `sql` and holds on for a moment before committing.
/// Returns once it holds the lock; await the handle to wait for the commit.
async fn hold_the_write_lock(test: &crate::common::TestDb, sql: &str) -> tokio::task::JoinHandle<()> {
    let (locked, held) = tokio::sync::oneshot::channel();
    let sql = sql.to_owned();
    let other = match (test.server_url(), test.db.path()) {
        (Some(url), _) => tokio::spawn(async move {
            let desktop = helpdesk_core::infra::server::open(&url).await.expect("the other desktop");
            let turn = desktop.begin().await.expect("its turn");
            turn.execute_unprepared(&sql).await.expect("the other write");
            locked.send(()).expect("signal");
            tokio::time::sleep(Duration::from_millis(500)).await;
            turn.commit().await.expect("release");
        }),
        (None, path) => {
            let path = path.expect("a desk file").to_owned();
            tokio::task::spawn_blocking(move || {
                let connection = rusqlite::Connection::open(path).expect("open");
                connection.execute_batch("BEGIN IMMEDIATE").expect("lock");
                connection.execute_batch(&sql).expect("the other write");
                locked.send(()).expect("signal");
                std::thread::sleep(Duration::from_millis(500));
                connection.execute_batch("COMMIT").expect("release");
            })
        }
    };
    held.await.expect("the lock is held");
    other
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_waits_while_another_process_holds_the_write_lock() {
    let test = test_db().await;
    let support = department(&test.db, "Support").await;
    let customer = user(&test.db, "customer", Role::Customer).await.id;
    let agent = signed_in(user(&test.db, "agent", Role::Agent).await.id);
    let ticket = ticket_with(&test.db, customer, support, Status::Open).await;

    // Another desktop's app (here a second connection) holds the write lock for a moment and writes:
    // a transaction that read before it wrote would find its snapshot overtaken and fail.
    let other = hold_the_write_lock(&test, "INSERT INTO departments (name, created_at) VALUES ('Other desk', 0)").await;
    let change = Change::Status { status: Status::InProgress };
    let changed =
        tickets::change(&test.db, &agent, TicketChange { id: ticket.id, version: ticket.version, change }).await;
    let comment = tickets::comment(
        &test.db,
        &agent,
        NewComment { ticket_id: ticket.id, body: "Still here".into(), internal: false },
    )
    .await;
    other.await.expect("other");
    assert!(changed.is_ok(), "the change waited its turn: {changed:?}");
    assert!(comment.is_ok(), "the reply waited its turn: {comment:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_is_checked_against_the_ticket_as_it_is_when_written() {
    // A customer may edit their ticket only while it is Open. While another desktop holds the write
    // lock and moves it to In progress (version 2), the customer's edit names version 2: it must be
    // judged on the In progress ticket it would change, not on the Open one read a moment before.
    let test = test_db().await;
    let support = department(&test.db, "Support").await;
    let customer_id = user(&test.db, "customer", Role::Customer).await.id;
    let customer = signed_in(customer_id);
    let ticket = ticket_with(&test.db, customer_id, support, Status::Open).await;

    let moved = format!("UPDATE tickets SET status = 'in_progress', version = version + 1 WHERE id = {}", ticket.id);
    let other = hold_the_write_lock(&test, &moved).await;
    let edit = Change::Edit { title: "Edited after all".into(), description: "Changed my mind".into() };
    let answer =
        tickets::change(&test.db, &customer, TicketChange { id: ticket.id, version: ticket.version + 1, change: edit })
            .await;
    other.await.expect("other");
    assert_eq!(answer.map(drop).map_err(|e| e.code), Err(ErrorCode::Forbidden), "judged on the ticket as written");
    let stored = tickets::get(&test.db, &customer, ticket.id).await.expect("get");
    assert_eq!(stored.title, ticket.title, "nothing was edited");
}

#[tokio::test]
async fn a_deletion_names_the_version_the_admin_saw() {
    let test = test_db().await;
    let (_, admin) = crate::common::first_admin(&test.db).await;
    let support = department(&test.db, "Support").await;
    let customer = user(&test.db, "customer", Role::Customer).await.id;
    let ticket = ticket_with(&test.db, customer, support, Status::Open).await;
    let change = Change::Priority { priority: Priority::High };
    tickets::change(&test.db, &admin, TicketChange { id: ticket.id, version: ticket.version, change })
        .await
        .expect("change");

    let stale = tickets::delete(&test.db, &admin, ticket.id, ticket.version).await.expect_err("changed since");
    assert_eq!(stale.code, ErrorCode::Conflict);
    tickets::get(&test.db, &admin, ticket.id).await.expect("still there");
    tickets::delete(&test.db, &admin, ticket.id, ticket.version + 1).await.expect("the version seen now");
}
