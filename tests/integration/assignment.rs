//! Automatic assignment at filing, and the tallies it and the dashboard read.
use helpdesk_core::access::SessionSlot;
use helpdesk_core::entities::tickets::{self, Priority, Status};
use helpdesk_core::entities::users;
use helpdesk_core::entities::users::Role;
use helpdesk_core::infra::database::Database;
use helpdesk_core::ops::settings::{self, Settings};
use helpdesk_core::ops::tickets::rules::field::{AUTO_ASSIGNEE, REBALANCED};
use helpdesk_core::ops::tickets::{self as service, NewTicket, TimelineEntry};
use helpdesk_core::ops::tickets::{Change, TicketChange};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbBackend, EntityTrait, Set, Statement};

use crate::common::{TestDb, first_admin, signed_in, test_db, user};
use crate::tickets::department;

struct Desk {
    test: TestDb,
    admin: SessionSlot,
    support: i32,
    customer: i32,
}

async fn desk() -> Desk {
    let test = test_db().await;
    let (_, admin) = first_admin(&test.db).await;
    let support = department(&test.db, "Support").await;
    let customer = user(&test.db, "cat", Role::Customer).await.id;
    Desk { test, admin, support, customer }
}

static NUMBER: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(1);

/// `count` tickets held by `assignee` in `status`, inserted directly (set-up, not the rule under test).
async fn holding(desk: &Desk, assignee: i32, status: Status, count: usize) {
    for _ in 0..count {
        tickets::ActiveModel {
            number: Set(NUMBER.fetch_add(1, std::sync::atomic::Ordering::Relaxed)),
            title: Set("Held".into()),
            description: Set("Held".into()),
            status: Set(status),
            priority: Set(Priority::Medium),
            department_id: Set(desk.support),
            requester_id: Set(desk.customer),
            assignee_id: Set(Some(assignee)),
            created_at: Set(0),
            updated_at: Set(0),
            version: Set(1),
            ..Default::default()
        }
        .insert(&desk.test.db)
        .await
        .expect("held ticket");
    }
}

async fn file(desk: &Desk) -> service::TicketDetail {
    let ticket = NewTicket {
        title: "Printer jams".into(),
        description: "Every second page.".into(),
        department_id: desk.support,
        priority: None,
        requester_id: None,
    };
    service::create(&desk.test.db, &signed_in(desk.customer), ticket).await.expect("file")
}

async fn configure(desk: &Desk, auto_assign: bool, agent_capacity: i32) {
    let current = settings::get(&desk.test.db, &desk.admin).await.expect("settings");
    settings::update(&desk.test.db, &desk.admin, Settings { auto_assign, agent_capacity, ..current })
        .await
        .expect("settings");
}

#[tokio::test]
async fn a_new_ticket_goes_to_the_agent_with_the_most_spare_capacity_and_says_so() {
    let desk = desk().await;
    let busy = user(&desk.test.db, "busy", Role::Agent).await.id;
    let free = user(&desk.test.db, "free", Role::Agent).await.id;
    let some = user(&desk.test.db, "some", Role::Agent).await.id;
    holding(&desk, busy, Status::InProgress, 3).await;
    holding(&desk, some, Status::OnHold, 1).await;
    // Settled tickets are not load.
    holding(&desk, free, Status::Resolved, 5).await;
    holding(&desk, free, Status::Closed, 5).await;

    let ticket = file(&desk).await;
    assert_eq!((ticket.assignee_id, ticket.assignee.as_deref()), (Some(free), Some("free")));
    let expected = TimelineEntry::Change {
        field: AUTO_ASSIGNEE.into(),
        from: None,
        to: Some("free".into()),
        actor: None,
        at: ticket.created_at,
    };
    assert_eq!(ticket.timeline, std::slice::from_ref(&expected), "the answer shows the assignment");
    let stored = service::get(&desk.test.db, &signed_in(free), ticket.id).await.expect("get");
    assert_eq!((stored.assignee_id, stored.timeline), (Some(free), vec![expected]), "and so does the ticket");
}

#[tokio::test]
async fn full_inactive_and_non_agent_accounts_are_passed_over_and_nobody_gets_it_when_all_are_full() {
    let desk = desk().await;
    configure(&desk, true, 2).await;
    let full = user(&desk.test.db, "full", Role::Agent).await.id;
    let gone = user(&desk.test.db, "gone", Role::Agent).await.id;
    let last = user(&desk.test.db, "last", Role::Agent).await.id;
    holding(&desk, full, Status::Open, 2).await;
    holding(&desk, last, Status::Open, 1).await;
    users::ActiveModel { id: Set(gone), active: Set(false), ..Default::default() }
        .update(&desk.test.db)
        .await
        .expect("deactivate");

    assert_eq!(file(&desk).await.assignee_id, Some(last), "the admin and the inactive agent never get one");
    let nobody = file(&desk).await;
    assert_eq!((nobody.assignee_id, nobody.timeline.len()), (None, 0), "every agent is at capacity");
}

async fn last_assigned(desk: &Desk, agent: i32, at: Option<i64>) {
    users::ActiveModel { id: Set(agent), last_assigned_at: Set(at), ..Default::default() }
        .update(&desk.test.db)
        .await
        .expect("last assigned");
}

#[tokio::test]
async fn ties_go_to_the_longest_waiting_agent_then_the_lowest_id() {
    let desk = desk().await;
    let first = user(&desk.test.db, "first", Role::Agent).await.id;
    let second = user(&desk.test.db, "second", Role::Agent).await.id;
    let third = user(&desk.test.db, "third", Role::Agent).await.id;
    last_assigned(&desk, first, Some(300)).await;
    last_assigned(&desk, second, Some(100)).await;
    // Never assigned waits longest, then the earlier assignment; each new ticket adds to the load.
    let mut order = Vec::new();
    for _ in 0..3 {
        order.push(file(&desk).await.assignee_id.expect("assigned"));
    }
    assert_eq!(order, [third, second, first]);
    for agent in [first, second, third] {
        last_assigned(&desk, agent, Some(500)).await;
    }
    assert_eq!(file(&desk).await.assignee_id, Some(first), "equal loads and times: the lowest id");
}

#[tokio::test]
async fn choosing_reads_the_first_entry_of_the_load_index() {
    let desk = desk().await;
    let db = &desk.test.db;
    let chooser = db.get_database_backend().build(&helpdesk_core::store::users::least_loaded_agent());
    if db.get_database_backend() == DbBackend::Postgres {
        let nodes = crate::common::postgres_plan(db, &chooser).await;
        let load = nodes.iter().find(|(_, table, ..)| table == "users").expect("reads users");
        assert!(load.0.starts_with("Index") && load.2 == "idx_users_load", "{nodes:#?}");
        assert!(!nodes.iter().any(|(node, ..)| node.contains("Sort")), "sorts the agents: {nodes:#?}");
        return;
    }
    let explain = Statement::from_sql_and_values(
        db.get_database_backend(),
        format!("EXPLAIN QUERY PLAN {}", chooser.sql),
        chooser.values.map(|v| v.0).unwrap_or_default(),
    );
    let plan: Vec<String> = db
        .query_all_raw(explain)
        .await
        .expect("plan")
        .iter()
        .map(|row| row.try_get("", "detail").expect("detail"))
        .collect();
    assert!(plan.iter().any(|line| line.starts_with("SEARCH users") && line.contains("idx_users_load")), "{plan:#?}");
    assert!(!plan.iter().any(|line| line.contains("TEMP B-TREE")), "sorts the agents: {plan:#?}");
}

#[tokio::test]
async fn switched_off_nobody_is_assigned() {
    let desk = desk().await;
    user(&desk.test.db, "idle", Role::Agent).await;
    configure(&desk, false, 20).await;
    assert_eq!(file(&desk).await.assignee_id, None);
}

pub async fn rows(db: &Database, sql: &str) -> Vec<Vec<String>> {
    let rows = db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await.expect("query");
    rows.iter()
        .map(|row| {
            (0..5)
                .map_while(|i| {
                    row.try_get_by_index::<String>(i)
                        .or_else(|_| row.try_get_by_index::<i64>(i).map(|n| n.to_string()))
                        .ok()
                })
                .collect()
        })
        .collect()
}

/// The kept tallies are exactly what a recount of the tickets gives.
pub async fn assert_tallies_match_a_recount(db: &Database, after: &str) {
    let kept = rows(
        db,
        "SELECT status, priority, department_id, tickets FROM ticket_counts WHERE tickets <> 0 ORDER BY 1, 2, 3",
    )
    .await;
    let counted =
        rows(db, "SELECT status, priority, department_id, count(*) FROM tickets GROUP BY 1, 2, 3 ORDER BY 1, 2, 3")
            .await;
    assert_eq!(kept, counted, "ticket counts after {after}");
    let kept = rows(
        db,
        "SELECT assignee_id, status, tickets, resolved, resolution_ms FROM assignee_counts WHERE tickets <> 0 ORDER BY 1, 2",
    )
    .await;
    let counted = rows(
        db,
        "SELECT coalesce(assignee_id, 0), status, count(*), count(resolved_at), coalesce(sum(resolved_at - created_at), 0) \
         FROM tickets GROUP BY 1, 2 ORDER BY 1, 2",
    )
    .await;
    assert_eq!(kept, counted, "assignee counts after {after}");
    let kept = rows(db, "SELECT id, active_tickets FROM users ORDER BY 1").await;
    let counted = rows(
        db,
        "SELECT id, (SELECT count(*) FROM tickets WHERE assignee_id = users.id \
         AND status IN ('open', 'in_progress', 'on_hold')) FROM users ORDER BY 1",
    )
    .await;
    assert_eq!(kept, counted, "agent loads after {after}");
}

#[tokio::test]
async fn the_tallies_follow_every_kind_of_change() {
    let desk = desk().await;
    let db = &desk.test.db;
    let (sam, kim) = (user(db, "sam", Role::Agent).await.id, user(db, "kim", Role::Agent).await.id);
    let billing = department(db, "Billing").await;
    let mut filed = Vec::new();
    for _ in 0..6 {
        filed.push(file(&desk).await);
    }
    assert_tallies_match_a_recount(db, "filing").await;
    let admin = &desk.admin;
    let work = |ticket: &service::TicketDetail, change: Change| {
        service::change(db, admin, TicketChange { id: ticket.id, version: ticket.version, change })
    };
    let steps = [
        (0, Change::Status { status: Status::Resolved }),
        (1, Change::Status { status: Status::Closed }),
        (2, Change::Priority { priority: Priority::Critical }),
        (3, Change::Department { department: billing }),
        (4, Change::Assignee { assignee: Some(kim) }),
        (5, Change::Assignee { assignee: None }),
        (0, Change::Status { status: Status::Open }),
    ];
    for (index, change) in steps {
        let name = format!("{change:?}");
        filed[index] = work(&filed[index], change).await.expect("change");
        assert_tallies_match_a_recount(db, &name).await;
    }
    service::delete(db, admin, filed[1].id, filed[1].version).await.expect("delete");
    assert_tallies_match_a_recount(db, "deleting a ticket").await;
    // Deleting an account leaves its tickets to nobody (a cascade the service never sees).
    users::Entity::delete_by_id(sam).exec(db).await.expect("delete sam");
    assert_tallies_match_a_recount(db, "deleting an assignee").await;
}

/// The ids of `agent`'s tickets in `status`, oldest first.
async fn held(db: &Database, agent: i32, status: Status) -> Vec<i32> {
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    tickets::Entity::find()
        .filter(tickets::Column::AssigneeId.eq(agent))
        .filter(tickets::Column::Status.eq(status))
        .order_by_asc(tickets::Column::Id)
        .all(db)
        .await
        .expect("held")
        .iter()
        .map(|t| t.id)
        .collect()
}

async fn load(db: &Database, agent: i32) -> i32 {
    users::Entity::find_by_id(agent).one(db).await.expect("agent").expect("agent").active_tickets
}

#[tokio::test]
async fn rebalancing_moves_the_oldest_open_tickets_from_the_overloaded_to_those_below_average() {
    let desk = desk().await;
    let db = &desk.test.db;
    let heavy = user(db, "heavy", Role::Agent).await.id;
    let mid = user(db, "mid", Role::Agent).await.id;
    let light = user(db, "light", Role::Agent).await.id;
    let light2 = user(db, "light2", Role::Agent).await.id;
    let away = user(db, "away", Role::Agent).await.id;
    users::ActiveModel { id: Set(away), active: Set(false), ..Default::default() }.update(db).await.expect("away");
    // Loads 10, 5, 0, 1: the average is 4, so only heavy (above 6) gives, and light and light2 take.
    holding(&desk, heavy, Status::Open, 6).await;
    holding(&desk, heavy, Status::InProgress, 4).await;
    holding(&desk, heavy, Status::Closed, 3).await;
    holding(&desk, mid, Status::Open, 5).await;
    holding(&desk, light2, Status::OnHold, 1).await;
    let open_of_heavy = held(db, heavy, Status::Open).await;

    let moved = service::rebalance(db, &desk.admin).await.expect("rebalance");
    let ids: Vec<i32> = moved.iter().map(|m| m.id).collect();
    assert_eq!(ids, open_of_heavy, "heavy's Open tickets, oldest first; work in progress stays");
    let takers: Vec<&str> = moved.iter().map(|m| m.to.as_str()).collect();
    // Fewest active first; on equal loads, the one never assigned, then the lowest id.
    assert_eq!(takers, ["light", "light2", "light", "light", "light2", "light"]);
    assert!(moved.iter().all(|m| m.from == "heavy"));
    let loads = [load(db, heavy).await, load(db, mid).await, load(db, light).await, load(db, light2).await];
    assert_eq!(loads, [4, 5, 4, 3], "down to the average; mid was within average + 2");
    assert_eq!(load(db, away).await, 0, "an inactive agent takes nothing");
    assert_eq!(held(db, heavy, Status::InProgress).await.len(), 4);
    assert_tallies_match_a_recount(db, "rebalancing").await;

    let ticket = service::get(db, &desk.admin, ids[1]).await.expect("moved ticket");
    assert_eq!((ticket.assignee.as_deref(), ticket.version), (Some("light2"), 2), "a change like any other");
    let entry = TimelineEntry::Change {
        field: REBALANCED.into(),
        from: Some("heavy".into()),
        to: Some("light2".into()),
        actor: Some("admin".into()),
        at: ticket.updated_at,
    };
    assert!(ticket.timeline.contains(&entry), "recorded in its history: {:?}", ticket.timeline);

    assert_eq!(service::rebalance(db, &desk.admin).await.expect("again"), [], "balanced: nothing moves");
}

#[tokio::test]
async fn rebalancing_respects_capacity_and_is_for_admins() {
    let desk = desk().await;
    let db = &desk.test.db;
    let heavy = user(db, "heavy", Role::Agent).await.id;
    let light = user(db, "light", Role::Agent).await.id;
    let empty = user(db, "empty", Role::Agent).await.id;
    holding(&desk, heavy, Status::Open, 9).await;
    holding(&desk, light, Status::Open, 2).await;
    configure(&desk, true, 2).await;
    let moved = service::rebalance(db, &desk.admin).await.expect("rebalance");
    // The average is 11/3: light is below it but full; empty takes up to the capacity.
    assert_eq!(moved.iter().map(|m| m.to.as_str()).collect::<Vec<_>>(), ["empty", "empty"]);
    assert_eq!([load(db, heavy).await, load(db, light).await, load(db, empty).await], [7, 2, 2]);

    let agent = signed_in(light);
    let error = service::rebalance(db, &agent).await.expect_err("agents may not");
    assert_eq!(error.code, helpdesk_core::error::ErrorCode::Forbidden);
}
