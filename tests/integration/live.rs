//! Live work on a team desk: a change committed on one desktop reaches another desktop's stream
//! of news with its ids, also across a dropped listening connection, and a customer's desktop
//! hears of nothing its login may not read. PostgreSQL only (a file has one desktop).
use std::time::Duration;

use helpdesk_core::entities::users::Role;
use helpdesk_core::infra::database::{Database, SignIn};
use helpdesk_core::infra::live::{self, Change};
use helpdesk_core::ops::tickets::{self as service, NewComment, NewTicket};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use tokio::sync::mpsc;

use crate::common::{PASSWORD, first_admin, signed_in, test_db, user};

fn ticket(title: &str) -> NewTicket {
    NewTicket {
        title: title.into(),
        description: "It says offline.".into(),
        department_id: 1,
        priority: None,
        requester_id: None,
    }
}

/// A desktop following `db`'s desk: its stream of news.
fn listening(db: &Database) -> mpsc::Receiver<Vec<Change>> {
    let (news, heard) = mpsc::channel(64);
    tokio::spawn(live::follow(db.clone(), news));
    heard
}

/// The changes heard within `wait`, until one about ticket `id` arrives (or the wait ends).
async fn hear_ticket(heard: &mut mpsc::Receiver<Vec<Change>>, id: i32, wait: Duration) -> Vec<Change> {
    let mut all = Vec::new();
    let _ = tokio::time::timeout(wait, async {
        while let Some(batch) = heard.recv().await {
            let found = batch.iter().any(|change| change.topic == "ticket" && change.item_id == id);
            all.extend(batch);
            if found {
                return;
            }
        }
    })
    .await;
    all
}

/// Until the desktop listens: the first announcement after this is heard.
async fn settle() {
    tokio::time::sleep(Duration::from_millis(300)).await;
}

#[tokio::test]
async fn a_change_on_one_desktop_reaches_another_within_a_second_even_after_its_listener_dropped() {
    let test = test_db().await;
    let Some(url) = test.server_url() else { return };
    let (admin, _) = first_admin(&test.db).await;
    let cat = user(&test.db, "cat", Role::Customer).await;
    let other_desktop = helpdesk_core::infra::server::open(&url).await.expect("a second desktop");
    let mut heard = listening(&other_desktop);
    settle().await;

    let filed = service::create(&test.db, &signed_in(cat.id), ticket("Printer offline")).await.expect("file");
    let news = hear_ticket(&mut heard, filed.id, Duration::from_secs(1)).await;
    assert!(news.iter().any(|c| c.topic == "ticket" && c.item_id == filed.id), "heard within 1 s: {news:?}");

    // The listening connection is ended on the server; what is committed meanwhile still arrives.
    let listeners = Statement::from_string(
        DbBackend::Postgres,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND query LIKE 'LISTEN%'",
    );
    let ended = test.db.query_all_raw(listeners).await.expect("end the listener");
    assert!(!ended.is_empty(), "a listening connection was there");
    let reply = NewComment { ticket_id: filed.id, body: "On my way.".into(), internal: false };
    service::comment(&test.db, &signed_in(admin.id), reply).await.expect("reply");
    let missed = hear_ticket(&mut heard, filed.id, Duration::from_secs(10)).await;
    assert!(missed.iter().any(|c| c.item_id == filed.id), "caught up after the reconnect: {missed:?}");
}

#[tokio::test]
async fn a_customers_desktop_hears_only_of_their_own_tickets_public_side() {
    let test = test_db().await;
    if test.server_url().is_none() {
        return;
    }
    let (admin, _) = first_admin(&test.db).await;
    let cat = user(&test.db, "cat", Role::Customer).await;
    let dan = user(&test.db, "dan", Role::Customer).await;
    let cats = service::create(&test.db, &signed_in(cat.id), ticket("Cat's printer")).await.expect("file");
    let SignIn::Connected(cats_desktop) = test.db.sign_in("cat", PASSWORD).await.expect("sign in") else {
        panic!("cat signs in as her own login")
    };
    let mut heard = listening(&cats_desktop);
    settle().await;

    service::create(&test.db, &signed_in(dan.id), ticket("Dan's printer")).await.expect("file");
    let note = NewComment { ticket_id: cats.id, body: "Third this week.".into(), internal: true };
    service::comment(&test.db, &signed_in(admin.id), note).await.expect("a note");
    let reply = NewComment { ticket_id: cats.id, body: "On my way.".into(), internal: false };
    service::comment(&test.db, &signed_in(admin.id), reply).await.expect("a reply");
    // Whatever else arrives (the ticket's own row, touched by the note and the reply), nothing
    // about Dan's ticket, and no entry for the note itself.
    let mut news = hear_ticket(&mut heard, cats.id, Duration::from_secs(2)).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    while let Ok(batch) = heard.try_recv() {
        news.extend(batch);
    }
    assert!(!news.is_empty(), "the reply is heard");
    assert!(news.iter().all(|c| c.topic == "ticket" && c.item_id == cats.id), "{news:?}");
    let as_staff = live::changes_after(&test.db, 0).await.expect("the whole log");
    let hidden = as_staff.iter().filter(|c| !news.iter().any(|heard| heard.entry == c.entry)).count();
    assert!(hidden >= 2, "Dan's ticket and the note stay unheard: {as_staff:?} against {news:?}");
}
