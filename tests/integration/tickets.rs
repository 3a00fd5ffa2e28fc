use helpdesk_core::entities::tickets::{self, Priority, Status};
use helpdesk_core::entities::{departments, users::Role};
use helpdesk_core::infra::database::Database;
use helpdesk_core::ops::tickets as service;
use sea_orm::{ActiveModelTrait, EntityTrait, QueryOrder, Set};

use crate::common::{signed_in, test_db, user};

pub async fn department(db: &Database, name: &str) -> i32 {
    departments::ActiveModel { name: Set(name.into()), created_at: Set(0), ..Default::default() }
        .insert(db)
        .await
        .expect("department")
        .id
}

/// A ticket inserted as it stands, without the service's rules: for setting up a case.
pub async fn ticket_with(db: &Database, requester: i32, department: i32, status: Status) -> tickets::Model {
    let highest = tickets::Entity::find().order_by_desc(tickets::Column::Number).one(db).await.expect("highest");
    let number = highest.map_or(1, |t| t.number + 1);
    insert_ticket(db, number, requester, department, 0, status).await
}

async fn ticket(db: &Database, number: i32, requester: i32, department: i32, updated_at: i64) {
    insert_ticket(db, number, requester, department, updated_at, Status::Open).await;
}

async fn insert_ticket(
    db: &Database,
    number: i32,
    requester: i32,
    department: i32,
    updated_at: i64,
    status: Status,
) -> tickets::Model {
    tickets::ActiveModel {
        number: Set(number),
        title: Set(format!("Ticket {number}")),
        description: Set("Something broke".into()),
        status: Set(status),
        priority: Set(Priority::Medium),
        department_id: Set(department),
        requester_id: Set(requester),
        assignee_id: Set(None),
        created_at: Set(updated_at),
        updated_at: Set(updated_at),
        resolved_at: Set(None),
        closed_at: Set(None),
        version: Set(1),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("ticket")
}

#[tokio::test]
async fn customers_see_only_their_own_tickets_and_staff_see_all_newest_first() {
    let test = test_db().await;
    let support = department(&test.db, "Support").await;
    let ann = user(&test.db, "ann", Role::Customer).await;
    let bob = user(&test.db, "bob", Role::Customer).await;
    let agent = user(&test.db, "agent", Role::Agent).await;
    ticket(&test.db, 1, ann.id, support, 10).await;
    ticket(&test.db, 2, bob.id, support, 20).await;
    ticket(&test.db, 3, ann.id, support, 30).await;

    let as_ann = service::list(&test.db, &signed_in(ann.id), Default::default(), None).await.expect("ann").tickets;
    assert_eq!(as_ann.iter().map(|t| t.number).collect::<Vec<_>>(), [3, 1]);
    assert!(as_ann.iter().all(|t| t.requester == "ann" && t.department == "Support"));

    let as_agent =
        service::list(&test.db, &signed_in(agent.id), Default::default(), None).await.expect("agent").tickets;
    assert_eq!(as_agent.iter().map(|t| t.number).collect::<Vec<_>>(), [3, 2, 1]);
}

#[tokio::test]
async fn an_empty_desk_lists_no_tickets() {
    let test = test_db().await;
    let admin = user(&test.db, "root", Role::Admin).await;
    assert!(
        service::list(&test.db, &signed_in(admin.id), Default::default(), None).await.expect("list").tickets.is_empty()
    );
}

mod lifecycle {
    use helpdesk_core::access::SessionSlot;
    use helpdesk_core::entities::tickets::{Priority, Status};
    use helpdesk_core::entities::users::Role;
    use helpdesk_core::entities::{comments, ticket_history};
    use helpdesk_core::error::ErrorCode;
    use helpdesk_core::ops::tickets::{
        self as service, Change, NewComment, NewTicket, TicketChange, TicketDetail, TimelineEntry,
    };
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

    use super::department;
    use crate::common::{TestDb, first_admin, set_auto_assign, signed_in, test_db, user};

    struct Desk {
        test: TestDb,
        support: i32,
        customer: SessionSlot,
        customer_id: i32,
        other_customer: SessionSlot,
        agent: SessionSlot,
        agent_id: i32,
        admin: SessionSlot,
    }

    async fn desk() -> Desk {
        let test = test_db().await;
        let (_, admin) = first_admin(&test.db).await;
        let support = department(&test.db, "Support").await;
        let customer_id = user(&test.db, "cat", Role::Customer).await.id;
        let other = user(&test.db, "dog", Role::Customer).await.id;
        let agent_id = user(&test.db, "sam", Role::Agent).await.id;
        // These cases work tickets by hand; automatic assignment has its own tests.
        set_auto_assign(&test.db, &admin, false).await;
        Desk {
            test,
            support,
            customer: signed_in(customer_id),
            customer_id,
            other_customer: signed_in(other),
            agent: signed_in(agent_id),
            agent_id,
            admin,
        }
    }

    fn new_ticket(department_id: i32) -> NewTicket {
        NewTicket {
            title: "Printer jams".into(),
            description: "It jams on every second page.".into(),
            department_id,
            priority: None,
            requester_id: None,
        }
    }

    async fn file(desk: &Desk) -> TicketDetail {
        service::create(&desk.test.db, &desk.customer, new_ticket(desk.support)).await.expect("file")
    }

    async fn change(desk: &Desk, session: &SessionSlot, ticket: &TicketDetail, change: Change) -> TicketDetail {
        service::change(&desk.test.db, session, TicketChange { id: ticket.id, version: ticket.version, change })
            .await
            .expect("change")
    }

    fn changes(ticket: &TicketDetail) -> Vec<(String, Option<String>, Option<String>)> {
        ticket
            .timeline
            .iter()
            .filter_map(|entry| match entry {
                TimelineEntry::Change { field, from, to, .. } => Some((field.clone(), from.clone(), to.clone())),
                TimelineEntry::Comment { .. } => None,
            })
            .collect()
    }

    #[tokio::test]
    async fn a_filed_ticket_starts_open_with_a_readable_number_and_medium_priority() {
        let desk = desk().await;
        let first = file(&desk).await;
        let second = file(&desk).await;
        assert_eq!((first.number, second.number), (1001, 1002));
        assert_eq!((first.status, first.priority), (Status::Open, Priority::Medium));
        assert_eq!(
            (first.requester.as_str(), first.department.as_str(), first.assignee.clone()),
            ("cat", "Support", None)
        );
        assert_eq!(first.version, 1);
    }

    #[tokio::test]
    async fn filing_checks_every_field_and_stores_nothing_on_error() {
        let desk = desk().await;
        let db = &desk.test.db;
        let bad =
            NewTicket { title: "Hi".into(), description: "  ".into(), department_id: 999, ..new_ticket(desk.support) };
        let error = service::create(db, &desk.customer, bad).await.expect_err("invalid");
        assert_eq!(error.code, ErrorCode::Validation);
        assert!(error.fields.contains_key("title") && error.fields.contains_key("description"), "{:?}", error.fields);
        let long = NewTicket { title: "x".repeat(201), description: "y".repeat(20_001), ..new_ticket(desk.support) };
        let error = service::create(db, &desk.customer, long).await.expect_err("too long");
        assert!(error.fields.contains_key("title") && error.fields.contains_key("description"));
        let nowhere = NewTicket { department_id: 999, ..new_ticket(desk.support) };
        assert!(
            service::create(db, &desk.customer, nowhere)
                .await
                .expect_err("department")
                .fields
                .contains_key("departmentId")
        );
        assert_eq!(helpdesk_core::entities::tickets::Entity::find().count(db).await.expect("count"), 0);
    }

    #[tokio::test]
    async fn staff_file_on_behalf_of_customers_only() {
        let desk = desk().await;
        let db = &desk.test.db;
        let for_cat = NewTicket { requester_id: Some(desk.customer_id), ..new_ticket(desk.support) };
        let ticket = service::create(db, &desk.agent, for_cat).await.expect("on behalf");
        assert_eq!(ticket.requester_id, desk.customer_id);
        let for_agent = NewTicket { requester_id: Some(desk.agent_id), ..new_ticket(desk.support) };
        let error = service::create(db, &desk.admin, for_agent).await.expect_err("not a customer");
        assert!(error.fields.contains_key("requesterId"));
        let for_nobody = NewTicket { requester_id: Some(9_999), ..new_ticket(desk.support) };
        let error = service::create(db, &desk.agent, for_nobody).await.expect_err("no such account");
        assert!(error.fields.contains_key("requesterId"));
        let former = user(db, "former", Role::Customer).await.id;
        let account = helpdesk_core::entities::users::Entity::find_by_id(former).one(db).await.expect("q");
        let mut deactivated = sea_orm::IntoActiveModel::into_active_model(account.expect("former"));
        deactivated.active = sea_orm::Set(false);
        sea_orm::ActiveModelTrait::update(deactivated, db).await.expect("deactivate");
        let for_former = NewTicket { requester_id: Some(former), ..new_ticket(desk.support) };
        let error = service::create(db, &desk.agent, for_former).await.expect_err("a deactivated customer");
        assert!(error.fields.contains_key("requesterId"));
        // Refused filings leave nothing behind: only the one for the customer was filed.
        assert_eq!(helpdesk_core::entities::tickets::Entity::find().count(db).await.expect("count"), 1);
    }

    #[tokio::test]
    async fn the_status_workflow_sets_and_clears_its_timestamps_and_records_history() {
        let desk = desk().await;
        let ticket = file(&desk).await;
        let working = change(&desk, &desk.agent, &ticket, Change::Status { status: Status::InProgress }).await;
        let resolved = change(&desk, &desk.agent, &working, Change::Status { status: Status::Resolved }).await;
        assert!(resolved.resolved_at.is_some() && resolved.closed_at.is_none());
        let closed = change(&desk, &desk.customer, &resolved, Change::Status { status: Status::Closed }).await;
        assert!(closed.closed_at.is_some() && closed.resolved_at == resolved.resolved_at);

        let stuck = service::change(
            &desk.test.db,
            &desk.agent,
            TicketChange {
                id: closed.id,
                version: closed.version,
                change: Change::Status { status: Status::InProgress },
            },
        )
        .await
        .expect_err("closed moves only by reopening");
        assert_eq!(stuck.code, ErrorCode::Validation);

        let reopened = change(&desk, &desk.customer, &closed, Change::Status { status: Status::Open }).await;
        assert_eq!((reopened.status, reopened.resolved_at, reopened.closed_at), (Status::Open, None, None));
        let statuses: Vec<_> = changes(&reopened)
            .into_iter()
            .map(|(_, from, to)| (from.unwrap_or_default(), to.unwrap_or_default()))
            .collect();
        let expected =
            [("open", "in_progress"), ("in_progress", "resolved"), ("resolved", "closed"), ("closed", "open")];
        assert_eq!(statuses, expected.map(|(a, b)| (a.to_owned(), b.to_owned())));
    }

    #[tokio::test]
    async fn customers_only_close_and_reopen_their_own_tickets() {
        let desk = desk().await;
        let ticket = file(&desk).await;
        let db = &desk.test.db;
        let as_customer =
            |status| TicketChange { id: ticket.id, version: ticket.version, change: Change::Status { status } };
        let error = service::change(db, &desk.customer, as_customer(Status::Resolved)).await.expect_err("resolve");
        assert_eq!(error.code, ErrorCode::Forbidden);
        let error =
            service::change(db, &desk.other_customer, as_customer(Status::Closed)).await.expect_err("not theirs");
        assert_eq!(error.code, ErrorCode::NotFound);
        let error = service::get(db, &desk.other_customer, ticket.id).await.expect_err("not theirs to see");
        assert_eq!(error.code, ErrorCode::NotFound);
    }

    #[tokio::test]
    async fn assignment_goes_to_active_staff_and_is_recorded_by_name() {
        let desk = desk().await;
        let ticket = file(&desk).await;
        let assigned = change(&desk, &desk.agent, &ticket, Change::Assignee { assignee: Some(desk.agent_id) }).await;
        assert_eq!(assigned.assignee.as_deref(), Some("sam"));
        let error = service::change(
            &desk.test.db,
            &desk.agent,
            TicketChange {
                id: ticket.id,
                version: assigned.version,
                change: Change::Assignee { assignee: Some(desk.customer_id) },
            },
        )
        .await
        .expect_err("a customer");
        assert!(error.fields.contains_key("assignee"));
        let unassigned = change(&desk, &desk.admin, &assigned, Change::Assignee { assignee: None }).await;
        assert_eq!(unassigned.assignee_id, None);
        assert_eq!(
            changes(&unassigned),
            [
                ("assignee".to_owned(), None, Some("sam".to_owned())),
                ("assignee".to_owned(), Some("sam".to_owned()), None)
            ]
        );
    }

    #[tokio::test]
    async fn internal_notes_never_reach_the_customer() {
        let desk = desk().await;
        let db = &desk.test.db;
        let ticket = file(&desk).await;
        let note = NewComment { ticket_id: ticket.id, body: "Known printer firmware bug".into(), internal: true };
        let reply = NewComment { ticket_id: ticket.id, body: "We are on it.".into(), internal: false };
        service::comment(db, &desk.agent, note).await.expect("note");
        let seen_by_agent = service::comment(db, &desk.agent, reply).await.expect("reply");
        assert_eq!(seen_by_agent.timeline.iter().filter(|e| matches!(e, TimelineEntry::Comment { .. })).count(), 2);

        let seen_by_customer = service::get(db, &desk.customer, ticket.id).await.expect("customer view");
        let bodies: Vec<_> = seen_by_customer
            .timeline
            .iter()
            .filter_map(|e| match e {
                TimelineEntry::Comment { body, internal, .. } => Some((body.as_str(), *internal)),
                TimelineEntry::Change { .. } => None,
            })
            .collect();
        assert_eq!(bodies, [("We are on it.", false)]);
        let customer_note = NewComment { ticket_id: ticket.id, body: "sneaky".into(), internal: true };
        assert_eq!(
            service::comment(db, &desk.customer, customer_note).await.expect_err("note").code,
            ErrorCode::Forbidden
        );
    }

    #[tokio::test]
    async fn titles_are_stored_in_one_unicode_form_and_never_disguised() {
        let desk = desk().await;
        let db = &desk.test.db;
        let decomposed = NewTicket { title: "Cafe\u{301} printer jams".into(), ..new_ticket(desk.support) };
        let filed = service::create(db, &desk.customer, decomposed).await.expect("file");
        assert_eq!(filed.title, "Café printer jams");
        assert_eq!(filed.title.chars().count(), 17, "one character for the accented letter");
        for disguised in ["Invoice \u{202E}fdp.exe", "Printer\u{200B} jams"] {
            let refused =
                service::create(db, &desk.customer, NewTicket { title: disguised.into(), ..new_ticket(desk.support) })
                    .await
                    .expect_err(disguised);
            assert!(refused.fields.contains_key("title"), "{disguised:?}: {refused:?}");
        }
    }

    #[tokio::test]
    async fn only_public_activity_moves_the_time_a_customer_sees_and_sorts_by() {
        let desk = desk().await;
        let db = &desk.test.db;
        let ticket = file(&desk).await;
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        let note = NewComment { ticket_id: ticket.id, body: "Known printer firmware bug".into(), internal: true };
        let noted = service::comment(db, &desk.agent, note).await.expect("note");
        assert_eq!(noted.updated_at, ticket.updated_at, "an internal note leaves the ticket's time alone");
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        let reply = NewComment { ticket_id: ticket.id, body: "We are on it.".into(), internal: false };
        let replied = service::comment(db, &desk.agent, reply).await.expect("reply");
        assert!(replied.updated_at > ticket.updated_at, "a reply moves it");
    }

    #[tokio::test]
    async fn customers_cannot_comment_on_closed_tickets_and_comments_are_checked() {
        let desk = desk().await;
        let db = &desk.test.db;
        let ticket = file(&desk).await;
        let empty = NewComment { ticket_id: ticket.id, body: "   ".into(), internal: false };
        assert!(service::comment(db, &desk.customer, empty).await.expect_err("empty").fields.contains_key("body"));
        let huge = NewComment { ticket_id: ticket.id, body: "z".repeat(10_001), internal: false };
        assert!(service::comment(db, &desk.customer, huge).await.expect_err("huge").fields.contains_key("body"));
        change(&desk, &desk.customer, &ticket, Change::Status { status: Status::Closed }).await;
        let late = NewComment { ticket_id: ticket.id, body: "One more thing".into(), internal: false };
        assert_eq!(
            service::comment(db, &desk.customer, late.clone()).await.expect_err("closed").code,
            ErrorCode::Forbidden
        );
        service::comment(db, &desk.agent, late).await.expect("staff may still write");
    }

    #[tokio::test]
    async fn requesters_edit_while_open_and_edits_are_recorded() {
        let desk = desk().await;
        let ticket = file(&desk).await;
        let edit = || Change::Edit { title: "Printer jams badly".into(), description: "It jams on every page.".into() };
        let edited = change(&desk, &desk.customer, &ticket, edit()).await;
        assert_eq!(edited.title, "Printer jams badly");
        assert_eq!(
            changes(&edited).iter().map(|(field, _, _)| field.as_str()).collect::<Vec<_>>(),
            ["title", "description"]
        );
        let working = change(&desk, &desk.agent, &edited, Change::Status { status: Status::InProgress }).await;
        let error = service::change(
            &desk.test.db,
            &desk.customer,
            TicketChange { id: ticket.id, version: working.version, change: edit() },
        )
        .await
        .expect_err("no longer open");
        assert_eq!(error.code, ErrorCode::Forbidden);
    }

    #[tokio::test]
    async fn a_stale_update_is_a_conflict_never_a_silent_overwrite() {
        let desk = desk().await;
        let ticket = file(&desk).await;
        let db = &desk.test.db;
        let (first, second) = tokio::join!(
            service::change(
                db,
                &desk.agent,
                TicketChange {
                    id: ticket.id,
                    version: ticket.version,
                    change: Change::Priority { priority: Priority::High }
                }
            ),
            service::change(
                db,
                &desk.admin,
                TicketChange {
                    id: ticket.id,
                    version: ticket.version,
                    change: Change::Priority { priority: Priority::Low }
                }
            ),
        );
        let outcomes = [
            first.as_ref().map(|t| t.priority).map_err(|e| e.code),
            second.as_ref().map(|t| t.priority).map_err(|e| e.code),
        ];
        assert_eq!(outcomes.iter().filter(|o| o.is_ok()).count(), 1, "{outcomes:?}");
        assert!(outcomes.contains(&Err(ErrorCode::Conflict)), "{outcomes:?}");
        let winner = outcomes.iter().find_map(|o| o.ok()).expect("a winner");
        let stored = service::get(db, &desk.agent, ticket.id).await.expect("get");
        assert_eq!((stored.priority, stored.version), (winner, 2));
        assert_eq!(changes(&stored).len(), 1, "only the winner is in the history");
    }

    #[tokio::test]
    async fn only_admins_delete_and_deletion_takes_the_conversation_and_history() {
        let desk = desk().await;
        let db = &desk.test.db;
        let ticket = file(&desk).await;
        let reply = NewComment { ticket_id: ticket.id, body: "On it".into(), internal: false };
        service::comment(db, &desk.agent, reply).await.expect("reply");
        change(&desk, &desk.agent, &ticket, Change::Priority { priority: Priority::High }).await;
        let version = ticket.version + 1;
        let denied = service::delete(db, &desk.agent, ticket.id, version).await.expect_err("agent");
        assert_eq!(denied.code, ErrorCode::Forbidden);
        service::delete(db, &desk.admin, ticket.id, version).await.expect("admin");
        assert_eq!(service::get(db, &desk.admin, ticket.id).await.expect_err("gone").code, ErrorCode::NotFound);
        assert_eq!(
            comments::Entity::find().filter(comments::Column::TicketId.eq(ticket.id)).count(db).await.expect("c"),
            0
        );
        assert_eq!(
            ticket_history::Entity::find()
                .filter(ticket_history::Column::TicketId.eq(ticket.id))
                .count(db)
                .await
                .expect("h"),
            0
        );
    }
}

mod timeline_pages {
    use helpdesk_core::entities::tickets::Status;
    use helpdesk_core::entities::users::Role;
    use helpdesk_core::entities::{comments, ticket_history};
    use helpdesk_core::error::ErrorCode;
    use helpdesk_core::ops::tickets::{self as service, TIMELINE_PAGE, TimelineEntry};
    use sea_orm::{ActiveModelTrait, Set};

    use super::{department, ticket_with};
    use crate::common::{signed_in, test_db, user};

    /// An entry as (time, is a change, whether a note): enough to compare orders.
    fn shape(entry: &TimelineEntry) -> (i64, bool, bool) {
        match entry {
            TimelineEntry::Comment { at, internal, .. } => (*at, false, *internal),
            TimelineEntry::Change { at, .. } => (*at, true, false),
        }
    }

    /// Every page, from the newest back, joined oldest first.
    async fn whole_timeline(
        db: &helpdesk_core::infra::database::Database,
        session: &helpdesk_core::access::SessionSlot,
        id: i32,
    ) -> (Vec<usize>, Vec<(i64, bool, bool)>) {
        let first = service::get(db, session, id).await.expect("ticket");
        let (mut sizes, mut pages) = (vec![first.timeline.len()], vec![first.timeline]);
        let mut earlier = first.earlier;
        while let Some(before) = earlier {
            let page = service::timeline(db, session, id, before).await.expect("earlier page");
            sizes.push(page.entries.len());
            pages.push(page.entries);
            earlier = page.earlier;
        }
        (sizes, pages.iter().rev().flatten().map(shape).collect())
    }

    #[tokio::test]
    async fn a_long_timeline_comes_a_page_at_a_time_in_order_and_customers_never_see_a_note() {
        let test = test_db().await;
        let db = &test.db;
        let desk = department(db, "Desk").await;
        let ann = user(db, "ann", Role::Customer).await;
        let agent = user(db, "agent", Role::Agent).await;
        let ticket = ticket_with(db, ann.id, desk, Status::Open).await;
        let mut expected = Vec::new();
        for at in 1..=230_i64 {
            let internal = at % 5 == 0;
            comments::ActiveModel {
                ticket_id: Set(ticket.id),
                author_id: Set(Some(agent.id)),
                body: Set(format!("Comment at {at}")),
                internal: Set(internal),
                created_at: Set(at),
                ..Default::default()
            }
            .insert(db)
            .await
            .expect("comment");
            expected.push((at, false, internal));
            // A change at the same moment as a comment comes after it.
            if at % 10 == 0 {
                ticket_history::ActiveModel {
                    ticket_id: Set(ticket.id),
                    actor_id: Set(Some(agent.id)),
                    field: Set("priority".into()),
                    old_value: Set(Some("low".into())),
                    new_value: Set(Some("high".into())),
                    created_at: Set(at),
                    ..Default::default()
                }
                .insert(db)
                .await
                .expect("history");
                expected.push((at, true, false));
            }
        }

        let (sizes, staff_sees) = whole_timeline(db, &signed_in(agent.id), ticket.id).await;
        assert_eq!(sizes, [TIMELINE_PAGE as usize, TIMELINE_PAGE as usize, 53], "newest page first");
        assert_eq!(staff_sees, expected, "every entry once, in order");

        let (_, customer_sees) = whole_timeline(db, &signed_in(ann.id), ticket.id).await;
        let public: Vec<_> = expected.iter().copied().filter(|(_, _, internal)| !internal).collect();
        assert_eq!(customer_sees, public, "no note on any page");

        let bad = service::timeline(db, &signed_in(agent.id), ticket.id, "soon".into()).await.expect_err("bad");
        assert_eq!((bad.code, bad.fields.contains_key("before")), (ErrorCode::Validation, true));
        let other = user(db, "bob", Role::Customer).await;
        let hidden =
            service::timeline(db, &signed_in(other.id), ticket.id, "1.c.1".into()).await.expect_err("not theirs");
        assert_eq!(hidden.code, ErrorCode::NotFound);
    }
}
