//! Many desktops on one team desk: ten desktops (each its own pool, as each is its own app) work
//! one server at once, and every rule that holds in one app holds across them. Needs the test
//! server (`HELPDESK_TEST_POSTGRES`); a desk in a file is one app's alone.
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use helpdesk_core::entities::tickets::{Priority, Status};
use helpdesk_core::entities::users::Role;
use helpdesk_core::error::ErrorCode;
use helpdesk_core::infra::database::Database;
use helpdesk_core::infra::server;
use helpdesk_core::ops::settings;
use helpdesk_core::ops::tickets::{self, Change, NewComment, NewTicket, TicketChange};
use helpdesk_core::ops::users as user_service;

use crate::assignment::{assert_tallies_match_a_recount, rows};
use crate::common::{ServerDatabase, first_admin, server, signed_in, user};
use crate::tickets::department;

const DESKTOPS: usize = 10;
const OPERATIONS: usize = 200;
const CAPACITY: i32 = 30;

/// What one operation did: a filing's ticket, a change that named a ticket's version, or neither.
#[derive(Debug)]
enum Done {
    Filed(i32),
    Changed { ticket: i32, version: i32 },
    Other,
}

/// The people of the desk, signed in on every desktop (a session is the desktop's own).
struct People {
    admins: [i32; 2],
    agents: Vec<i32>,
    customers: Vec<i32>,
    support: i32,
}

async fn set_up(db: &Database) -> People {
    let (admin, admin_session) = first_admin(db).await;
    let second = user(db, "second.admin", Role::Admin).await.id;
    let current = settings::get(db, &admin_session).await.expect("settings");
    let desk = settings::Settings { auto_assign: true, agent_capacity: CAPACITY, ..current };
    settings::update(db, &admin_session, desk).await.expect("settings");
    let mut agents = Vec::new();
    for n in 0..4 {
        agents.push(user(db, &format!("agent.{n}"), Role::Agent).await.id);
    }
    let mut customers = Vec::new();
    for n in 0..DESKTOPS {
        customers.push(user(db, &format!("customer.{n}"), Role::Customer).await.id);
    }
    People { admins: [admin.id, second], agents, customers, support: department(db, "Support").await }
}

/// A customer's ticket for oneself.
fn new_ticket(title: String, department_id: i32) -> NewTicket {
    let description = "Filed while other desktops work the same desk.".into();
    NewTicket { title, description, department_id, priority: None, requester_id: None }
}

/// Desktop `desktop`'s `n`th operation: filings, changes naming the version just read, replies,
/// rebalancing, and the two admins deactivating and reactivating each other.
async fn operate(db: &Database, people: &People, desktop: usize, n: usize, filed: &[i32]) -> Result<Done, ErrorCode> {
    let agent = signed_in(people.agents[(desktop + n) % people.agents.len()]);
    let admin = |which: usize| signed_in(people.admins[which % 2]);
    let some_ticket = || filed.get((desktop * 7 + n * 13) % filed.len().max(1)).copied();
    let code = |error: helpdesk_core::error::AppError| error.code;
    match (n % 10, some_ticket()) {
        (0..=3, _) | (_, None) => {
            let new = new_ticket(format!("Desktop {desktop} filing {n}"), people.support);
            let ticket = tickets::create(db, &signed_in(people.customers[desktop]), new).await.map_err(code)?;
            Ok(Done::Filed(ticket.id))
        }
        (4..=6, Some(id)) => {
            let seen = tickets::get(db, &agent, id).await.map_err(code)?;
            let change = if n % 10 == 6 {
                Change::Status { status: if seen.status == Status::Open { Status::InProgress } else { Status::Open } }
            } else {
                Change::Priority {
                    priority: if seen.priority == Priority::High { Priority::Low } else { Priority::High },
                }
            };
            tickets::change(db, &agent, TicketChange { id, version: seen.version, change }).await.map_err(code)?;
            Ok(Done::Changed { ticket: id, version: seen.version })
        }
        (7, Some(id)) => {
            let reply = NewComment {
                ticket_id: id,
                body: format!("Reply from desktop {desktop}"),
                internal: n.is_multiple_of(2),
            };
            tickets::comment(db, &agent, reply).await.map_err(code)?;
            Ok(Done::Other)
        }
        (8, _) => {
            tickets::rebalance(db, &admin(desktop)).await.map_err(code)?;
            Ok(Done::Other)
        }
        _ => {
            // Each admin in turn takes the other away and gives them back: never both gone.
            let (acting, other) = (desktop % 2, (desktop + 1) % 2);
            let active = (n / 10) % 2 == 1;
            user_service::set_active(db, &admin(acting), people.admins[other], active).await.map_err(code)?;
            Ok(Done::Other)
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_desktops_working_one_desk_at_once_keep_every_rule() {
    let Some(server) = server() else { return };
    let database = ServerDatabase::create(&server).await;
    let mut desktops = Vec::new();
    for _ in 0..DESKTOPS {
        desktops.push(server::open(&database.url()).await.expect("a desktop opens the team desk"));
    }
    let people = Arc::new(set_up(&desktops[0]).await);
    // Some tickets to change from the start; each desktop adds what it files to what it changes.
    let mut seeded = Vec::new();
    for n in 0..20 {
        let new = new_ticket(format!("Waiting ticket {n}"), people.support);
        seeded.push(tickets::create(&desktops[0], &signed_in(people.customers[0]), new).await.expect("file").id);
    }

    let mut work = tokio::task::JoinSet::new();
    for (desktop, db) in desktops.iter().cloned().enumerate() {
        let (people, mut filed) = (people.clone(), seeded.clone());
        work.spawn(async move {
            let mut answers = Vec::new();
            for n in 0..OPERATIONS {
                let answer = operate(&db, &people, desktop, n, &filed).await;
                if let Ok(Done::Filed(id)) = answer {
                    filed.push(id);
                }
                answers.push(answer);
            }
            answers
        });
    }
    let answers: Vec<Result<Done, ErrorCode>> = work.join_all().await.into_iter().flatten().collect();
    assert_eq!(answers.len(), DESKTOPS * OPERATIONS);
    let mut refused: BTreeMap<String, usize> = BTreeMap::new();
    for code in answers.iter().filter_map(|a| a.as_ref().err()) {
        *refused.entry(format!("{code:?}")).or_default() += 1;
    }
    assert!(!refused.contains_key("Internal"), "no operation fails for being concurrent: {refused:?}");
    let filings = answers.iter().filter(|a| matches!(a, Ok(Done::Filed(_)))).count();
    assert_eq!(filings, DESKTOPS * OPERATIONS * 4 / 10, "every filing lands: {refused:?}");

    // No lost update: of the changes that named one version of a ticket, at most one went through.
    let mut named = HashSet::new();
    for answer in &answers {
        if let Ok(Done::Changed { ticket, version }) = answer {
            assert!(named.insert((*ticket, *version)), "two changes went through on version {version} of {ticket}");
        }
    }
    assert!(named.len() > 50, "changes went through: {} ({refused:?})", named.len());

    let db = &desktops[0];
    let one = |sql: &'static str| async move { rows(db, sql).await.remove(0).remove(0) };
    // One number per ticket, in one run from the first, whatever desktop filed it.
    assert_eq!(
        one(
            "SELECT (count(DISTINCT number) = count(*) AND max(number) - min(number) + 1 = count(*))::text FROM tickets"
        )
        .await,
        "true"
    );
    // Automatic assignment and rebalancing never took an agent past the capacity.
    let fullest: i64 = one("SELECT max(active_tickets)::text FROM users").await.parse().expect("a load");
    assert!(fullest <= i64::from(CAPACITY), "an agent holds {fullest} active tickets");
    assert_eq!(one("SELECT (count(*) > 0)::text FROM users WHERE role = 'admin' AND active").await, "true");
    assert_tallies_match_a_recount(db, "ten desktops at once").await;
    for desktop in desktops {
        desktop.close().await.expect("close");
    }
    drop(database);
}
