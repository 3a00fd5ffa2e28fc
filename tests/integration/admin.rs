//! Administration: admins' changes to other accounts, departments, the staff directory, the audit.
use helpdesk_core::access::SessionSlot;
use helpdesk_core::entities::tickets::Status;
use helpdesk_core::entities::users::{self, Role};
use helpdesk_core::error::ErrorCode;
use helpdesk_core::ops::auth::{self, Credentials};
use helpdesk_core::ops::departments::{self, DepartmentDeletion};
use helpdesk_core::ops::users::{self as user_service, UserUpdate};
use helpdesk_core::ops::{audit, tickets};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::common::{PASSWORD, first_admin, signed_in, test_db, user};
use crate::tickets::{department, ticket_with};

fn update(id: i32, name: &str, role: Role) -> UserUpdate {
    UserUpdate {
        id,
        display_name: name.into(),
        email: format!("{}@example.com", name.to_lowercase().replace(' ', ".")),
        role,
        password: Some(PASSWORD.into()),
    }
}

async fn can_log_in(db: &helpdesk_core::infra::database::Database, login: &str, password: &str) -> bool {
    auth::login(db, &SessionSlot::default(), Credentials { login: login.into(), password: password.into() })
        .await
        .is_ok()
}

#[tokio::test]
async fn admins_never_change_their_own_role_status_or_password_here() {
    let test = test_db().await;
    let (me, session) = first_admin(&test.db).await;
    let error =
        user_service::update(&test.db, &session, update(me.id, "Me", Role::Agent)).await.expect_err("demote self");
    assert_eq!(error.code, ErrorCode::Forbidden);
    let error = user_service::set_active(&test.db, &session, me.id, false).await.expect_err("deactivate self");
    assert_eq!(error.code, ErrorCode::Forbidden);
    let error =
        user_service::reset_password(&test.db, &session, me.id, "granite-willow-echo".into()).await.expect_err("self");
    assert_eq!(error.code, ErrorCode::Forbidden);
    let renamed = user_service::update(&test.db, &session, update(me.id, "Ada Admin", Role::Admin))
        .await
        .expect("own name is fine");
    assert_eq!(renamed.display_name, "Ada Admin");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_admins_demoting_each_other_at_once_leave_one_admin() {
    let test = test_db().await;
    let (first, _) = first_admin(&test.db).await;
    let second = user(&test.db, "second", Role::Admin).await;
    let mut attempts = tokio::task::JoinSet::new();
    for (actor, target) in [(first.id, second.id), (second.id, first.id)] {
        let db = test.db.clone();
        attempts.spawn(async move {
            user_service::update(&db, &signed_in(actor), update(target, "Demoted", Role::Agent))
                .await
                .map(|_| ())
                .map_err(|e| e.code)
        });
    }
    let outcomes = attempts.join_all().await;
    assert_eq!(outcomes.iter().filter(|o| o.is_ok()).count(), 1, "{outcomes:?}");
    let admins = users::Entity::find()
        .filter(users::Column::Role.eq(Role::Admin))
        .filter(users::Column::Active.eq(true))
        .count(&test.db)
        .await
        .expect("count admins");
    assert_eq!(admins, 1, "exactly one admin remains");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_admins_deactivating_each_other_at_once_leave_one_active() {
    let test = test_db().await;
    let (first, _) = first_admin(&test.db).await;
    let second = user(&test.db, "second", Role::Admin).await;
    let mut attempts = tokio::task::JoinSet::new();
    for (actor, target) in [(first.id, second.id), (second.id, first.id)] {
        let db = test.db.clone();
        attempts.spawn(async move {
            user_service::set_active(&db, &signed_in(actor), target, false).await.map_err(|e| e.code)
        });
    }
    let outcomes = attempts.join_all().await;
    assert_eq!(outcomes.iter().filter(|o| o.is_ok()).count(), 1, "{outcomes:?}");
    assert!(can_log_in(&test.db, "admin", PASSWORD).await || can_log_in(&test.db, "second", PASSWORD).await);
}

#[tokio::test]
async fn deactivation_blocks_login_until_reactivated() {
    let test = test_db().await;
    let (_, admin) = first_admin(&test.db).await;
    let agent = user(&test.db, "sam", Role::Agent).await;
    let deactivated = user_service::set_active(&test.db, &admin, agent.id, false).await.expect("deactivate");
    assert!(!deactivated.active);
    assert!(!can_log_in(&test.db, "sam", PASSWORD).await);
    user_service::set_active(&test.db, &admin, agent.id, true).await.expect("reactivate");
    assert!(can_log_in(&test.db, "sam", PASSWORD).await);
}

#[tokio::test]
async fn a_reset_password_works_and_lifts_a_lockout() {
    let test = test_db().await;
    let (_, admin) = first_admin(&test.db).await;
    let cat = user(&test.db, "cat", Role::Customer).await;
    for _ in 0..5 {
        let _ = can_log_in(&test.db, "cat", "wrong-guess").await;
    }
    let weak = user_service::reset_password(&test.db, &admin, cat.id, "password1".into()).await.expect_err("weak");
    assert!(weak.fields.contains_key("password"));
    user_service::reset_password(&test.db, &admin, cat.id, "granite-willow-echo".into()).await.expect("reset");
    assert!(can_log_in(&test.db, "cat", "granite-willow-echo").await);
    assert!(!can_log_in(&test.db, "cat", PASSWORD).await);
}

#[tokio::test]
async fn admins_edit_details_and_roles_with_the_same_rules() {
    let test = test_db().await;
    let (_, admin) = first_admin(&test.db).await;
    let cat = user(&test.db, "cat", Role::Customer).await;
    let promoted =
        user_service::update(&test.db, &admin, update(cat.id, "Cat Smith", Role::Agent)).await.expect("promote");
    assert_eq!((promoted.role, promoted.display_name.as_str()), (Role::Agent, "Cat Smith"));
    let taken = UserUpdate { email: "admin@example.com".into(), ..update(cat.id, "Cat", Role::Agent) };
    assert!(user_service::update(&test.db, &admin, taken).await.expect_err("taken").fields.contains_key("email"));
    let missing =
        user_service::update(&test.db, &admin, update(9999, "Ghost", Role::Agent)).await.expect_err("missing");
    assert_eq!(missing.code, ErrorCode::NotFound);
}

#[tokio::test]
async fn the_staff_directory_lists_active_staff_by_name_only() {
    let test = test_db().await;
    let (admin, session) = first_admin(&test.db).await;
    let cat = user(&test.db, "cat", Role::Customer).await;
    user(&test.db, "sam", Role::Agent).await;
    let gone = user(&test.db, "gone", Role::Agent).await;
    user_service::set_active(&test.db, &session, gone.id, false).await.expect("deactivate");
    let directory = user_service::directory(&test.db, &signed_in(cat.id)).await.expect("directory");
    let names: Vec<&str> = directory.iter().map(|m| m.display_name.as_str()).collect();
    assert_eq!(names, ["admin", "sam"]);
    assert!(directory.iter().any(|m| m.id == admin.id));
    let json = serde_json::to_value(&directory[0]).expect("json");
    assert_eq!(json.as_object().map(|o| o.len()), Some(2), "only id and name: {json}");
}

#[tokio::test]
async fn department_names_are_unique_case_insensitively() {
    let test = test_db().await;
    let (_, admin) = first_admin(&test.db).await;
    let billing = departments::create(&test.db, &admin, "  Billing ".into()).await.expect("create");
    assert_eq!(billing.name, "Billing");
    let clash = departments::create(&test.db, &admin, "BILLING".into()).await.expect_err("clash");
    assert!(clash.fields.contains_key("name"));
    let clash = departments::rename(&test.db, &admin, billing.id, "general".into()).await.expect_err("rename clash");
    assert!(clash.fields.contains_key("name"));
    departments::rename(&test.db, &admin, billing.id, "billing".into()).await.expect("its own name in another case");
    assert!(departments::create(&test.db, &admin, " ".into()).await.expect_err("empty").fields.contains_key("name"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_admins_creating_one_department_at_once_get_one_department_and_a_field_error() {
    for round in 0..10 {
        let test = test_db().await;
        let (me, admin) = first_admin(&test.db).await;
        let mut attempts = tokio::task::JoinSet::new();
        for _ in 0..4 {
            let (db, admin) = (test.db.clone(), signed_in(me.id));
            attempts.spawn(async move { departments::create(&db, &admin, format!("Racing {round}")).await });
        }
        let outcomes = attempts.join_all().await;
        assert_eq!(outcomes.iter().filter(|o| o.is_ok()).count(), 1, "{outcomes:?}");
        for refused in outcomes.iter().filter_map(|o| o.as_ref().err()) {
            let understood = refused.fields.contains_key("name") || refused.code == ErrorCode::Conflict;
            assert!(understood, "a lost race is a field error or a conflict, never {refused:?}");
        }
        let names = departments::list(&test.db, &admin).await.expect("list");
        assert_eq!(names.iter().filter(|d| d.name == format!("Racing {round}")).count(), 1);
    }
}

#[tokio::test]
async fn a_department_in_use_is_deleted_only_by_moving_its_tickets() {
    let test = test_db().await;
    let (_, admin) = first_admin(&test.db).await;
    let cat = user(&test.db, "cat", Role::Customer).await;
    let hardware = department(&test.db, "Hardware").await;
    let general = departments::list(&test.db, &admin)
        .await
        .expect("list")
        .into_iter()
        .find(|d| d.name == "General")
        .expect("general")
        .id;
    let open = ticket_with(&test.db, cat.id, hardware, Status::Open).await;
    ticket_with(&test.db, cat.id, hardware, Status::Closed).await;

    let listed = departments::list(&test.db, &admin).await.expect("list");
    let row = listed.iter().find(|d| d.id == hardware).expect("hardware");
    assert_eq!((row.open_tickets, row.total_tickets), (Some(1), Some(2)));
    let as_customer = departments::list(&test.db, &signed_in(cat.id)).await.expect("customer list");
    assert!(as_customer.iter().all(|d| d.open_tickets.is_none() && d.total_tickets.is_none()), "counts are for staff");

    let blocked = departments::delete(
        &test.db,
        &admin,
        DepartmentDeletion { id: hardware, tickets_seen: 2, move_tickets_to: None },
    )
    .await
    .expect_err("in use");
    assert_eq!(blocked.code, ErrorCode::Conflict);
    assert!(blocked.message.contains("2 tickets still use Hardware"), "{}", blocked.message);

    // A ticket filed into it after the admin looked stops the move: nobody saw that one.
    let newer = ticket_with(&test.db, cat.id, hardware, Status::Open).await;
    let stale = departments::delete(
        &test.db,
        &admin,
        DepartmentDeletion { id: hardware, tickets_seen: 2, move_tickets_to: Some(general) },
    )
    .await
    .expect_err("looked at two tickets, there are three");
    assert_eq!(stale.code, ErrorCode::Conflict);
    assert!(stale.message.contains("Hardware now holds 3 tickets (2 when you looked)"), "{}", stale.message);
    assert_eq!(tickets::get(&test.db, &admin, newer.id).await.expect("ticket").department, "Hardware");

    departments::delete(
        &test.db,
        &admin,
        DepartmentDeletion { id: hardware, tickets_seen: 3, move_tickets_to: Some(general) },
    )
    .await
    .expect("moved");
    let moved = tickets::get(&test.db, &admin, open.id).await.expect("ticket");
    assert_eq!(moved.department, "General");
    assert!(
        moved
            .timeline
            .iter()
            .any(|e| matches!(e, tickets::TimelineEntry::Change { field, .. } if field == "department"))
    );
    assert!(departments::list(&test.db, &admin).await.expect("list").iter().all(|d| d.id != hardware));

    let last = departments::delete(
        &test.db,
        &admin,
        DepartmentDeletion { id: general, tickets_seen: 3, move_tickets_to: None },
    )
    .await
    .expect_err("last");
    assert!(last.message.contains("last department"), "{}", last.message);
    assert_eq!(last.code, ErrorCode::Conflict);
}

#[tokio::test]
async fn department_counts_are_read_from_the_tallies_not_counted_from_the_tickets() {
    use sea_orm::ConnectionTrait;
    let test = test_db().await;
    let (_, admin) = first_admin(&test.db).await;
    let cat = user(&test.db, "cat", Role::Customer).await;
    let hardware = department(&test.db, "Hardware").await;
    ticket_with(&test.db, cat.id, hardware, Status::Open).await;
    ticket_with(&test.db, cat.id, hardware, Status::Closed).await;
    let row = |list: Vec<departments::DepartmentDto>| {
        let row = list.into_iter().find(|d| d.id == hardware).expect("hardware");
        (row.open_tickets, row.total_tickets)
    };
    assert_eq!(row(departments::list(&test.db, &admin).await.expect("list")), (Some(1), Some(2)));
    // The tallies say otherwise (as they would for a million tickets no query walks): the list follows them.
    let tallied = "UPDATE ticket_counts SET tickets = tickets * 1000 WHERE department_id = ";
    test.db.execute_unprepared(&format!("{tallied}{hardware}")).await.expect("tallies");
    assert_eq!(row(departments::list(&test.db, &admin).await.expect("list")), (Some(1000), Some(2000)));
}

#[tokio::test]
async fn staff_find_active_customers_by_any_part_of_name_username_or_email() {
    let test = test_db().await;
    let (_, admin) = first_admin(&test.db).await;
    for name in ["ada.lovelace", "adam.smith", "grace_hopper", "ada.off"] {
        user(&test.db, name, Role::Customer).await;
    }
    user(&test.db, "ada.agent", Role::Agent).await;
    let off = users::Entity::find().filter(users::Column::Username.eq("ada.off")).one(&test.db).await.expect("q");
    user_service::set_active(&test.db, &admin, off.expect("ada.off").id, false).await.expect("deactivate");
    let found = async |text: &str| -> Vec<String> {
        let matches = user_service::find_customers(&test.db, &admin, text.into()).await.expect("find");
        matches.into_iter().map(|m| m.username).collect()
    };
    // Customers only, active only, any part and any case; `_` and `%` are what they are.
    assert_eq!(found("ADA").await, ["ada.lovelace", "adam.smith"]);
    assert_eq!(found("hopper@").await, ["grace_hopper"]);
    assert_eq!(found("e_h").await, ["grace_hopper"]);
    assert_eq!(found("%").await, Vec::<String>::new());
    assert_eq!(found("a_").await, Vec::<String>::new());
    assert_eq!(found("").await.len(), 3, "an empty search lists the first ones");
    let long = user_service::find_customers(&test.db, &admin, "x".repeat(300)).await.expect_err("too long");
    assert!(long.fields.contains_key("text"));
}

#[tokio::test]
async fn admin_actions_are_audited_newest_first() {
    let test = test_db().await;
    let (_, admin) = first_admin(&test.db).await;
    let sam = user(&test.db, "sam", Role::Agent).await;
    let support = departments::create(&test.db, &admin, "Support".into()).await.expect("create");
    departments::rename(&test.db, &admin, support.id, "Help".into()).await.expect("rename");
    user_service::set_active(&test.db, &admin, sam.id, false).await.expect("deactivate");
    let entries = audit::list(&test.db, &admin).await.expect("audit");
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["user.deactivate", "department.rename", "department.create", "user.first_admin"]);
    assert!(entries.iter().all(|e| e.actor == "admin"));
    assert_eq!(entries[1].target, "Support → Help");
    assert!(entries[0].target.contains("sam"));
}

mod deleting_users {
    use helpdesk_core::entities::tickets::Status;
    use helpdesk_core::entities::users::Role;
    use helpdesk_core::error::ErrorCode;
    use helpdesk_core::ops::tickets::{self, NewComment, TimelineEntry};
    use helpdesk_core::ops::users::{self as user_service, RequestedTickets, UserDeletion};

    use crate::common::{first_admin, signed_in, test_db, user};
    use crate::tickets::{department, ticket_with};

    fn deletion(id: i32, tickets_seen: u32, requested_tickets: Option<RequestedTickets>) -> UserDeletion {
        UserDeletion { id, tickets_seen, requested_tickets }
    }

    /// A ticket's history as (field, from, to, by whom).
    fn changes(ticket: &tickets::TicketDetail) -> Vec<(String, Option<String>, Option<String>, String)> {
        ticket
            .timeline
            .iter()
            .filter_map(|e| match e {
                TimelineEntry::Change { field, from, to, actor, .. } => {
                    Some((field.clone(), from.clone(), to.clone(), actor.clone().unwrap_or_default()))
                }
                TimelineEntry::Comment { .. } => None,
            })
            .collect()
    }

    #[tokio::test]
    async fn an_admin_cannot_delete_themselves() {
        let test = test_db().await;
        let (me, session) = first_admin(&test.db).await;
        let error = user_service::delete(&test.db, &session, deletion(me.id, 0, None)).await.expect_err("self");
        assert_eq!(error.code, ErrorCode::Forbidden);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn two_admins_deleting_each_other_at_once_leave_one() {
        let test = test_db().await;
        let (first, _) = first_admin(&test.db).await;
        let second = user(&test.db, "second", Role::Admin).await;
        let mut attempts = tokio::task::JoinSet::new();
        for (actor, target) in [(first.id, second.id), (second.id, first.id)] {
            let db = test.db.clone();
            attempts.spawn(async move {
                user_service::delete(&db, &signed_in(actor), deletion(target, 0, None)).await.map_err(|e| e.code)
            });
        }
        let outcomes = attempts.join_all().await;
        assert_eq!(outcomes.iter().filter(|o| o.is_ok()).count(), 1, "{outcomes:?}");
    }

    #[tokio::test]
    async fn a_user_with_tickets_is_deleted_only_once_the_admin_says_what_becomes_of_them() {
        let test = test_db().await;
        let (_, session) = first_admin(&test.db).await;
        let general = department(&test.db, "Desk").await;
        let leaving = user(&test.db, "leaving", Role::Agent).await;
        let heir = user(&test.db, "heir", Role::Customer).await;
        let cat = user(&test.db, "cat", Role::Customer).await;
        let theirs = ticket_with(&test.db, leaving.id, general, Status::Open).await;
        let worked = ticket_with(&test.db, cat.id, general, Status::Open).await;
        let worked = tickets::change(
            &test.db,
            &session,
            tickets::TicketChange {
                id: worked.id,
                version: 1,
                change: tickets::Change::Assignee { assignee: Some(leaving.id) },
            },
        )
        .await
        .expect("assign");
        tickets::comment(
            &test.db,
            &signed_in(leaving.id),
            NewComment { ticket_id: worked.id, body: "On it".into(), internal: false },
        )
        .await
        .expect("comment");

        assert_eq!(user_service::requested_tickets(&test.db, &session, leaving.id).await.expect("count"), 1);
        let asked =
            user_service::delete(&test.db, &session, deletion(leaving.id, 1, None)).await.expect_err("ask first");
        assert_eq!(asked.code, ErrorCode::Conflict);
        assert!(asked.message.contains("requested 1 ticket"), "{}", asked.message);
        let to_self = user_service::delete(
            &test.db,
            &session,
            deletion(leaving.id, 1, Some(RequestedTickets::MoveTo { to: leaving.id })),
        )
        .await
        .expect_err("not to the same user");
        assert!(to_self.fields.contains_key("to"));

        user_service::delete(
            &test.db,
            &session,
            deletion(leaving.id, 1, Some(RequestedTickets::MoveTo { to: heir.id })),
        )
        .await
        .expect("delete");
        let moved = tickets::get(&test.db, &session, theirs.id).await.expect("moved ticket");
        assert_eq!(moved.requester_id, heir.id);
        assert_eq!(moved.version, theirs.version + 1, "a move is a change: a new version");
        assert_eq!(
            changes(&moved),
            [("requester".to_owned(), Some("leaving".into()), Some("heir".into()), "admin".into())]
        );
        let before_delete = worked.version;
        let worked = tickets::get(&test.db, &session, worked.id).await.expect("worked ticket");
        assert_eq!(worked.assignee_id, None, "assigned tickets become unassigned");
        assert_eq!(worked.version, before_delete + 1, "the unassignment is a change: a new version");
        assert_eq!(
            changes(&worked).last(),
            Some(&("assignee".to_owned(), Some("leaving".into()), None, "admin".into())),
            "the unassignment is in the history, naming the assignee as they were"
        );
        let authors: Vec<String> = worked
            .timeline
            .iter()
            .filter_map(|e| match e {
                TimelineEntry::Comment { author, .. } => Some(author.clone()),
                TimelineEntry::Change { .. } => None,
            })
            .collect();
        assert_eq!(authors, ["Deleted user"], "the conversation stays");
        assert!(user_service::list(&test.db, &session).await.expect("list").iter().all(|u| u.id != leaving.id));
    }

    #[tokio::test]
    async fn deleting_a_users_tickets_with_them() {
        let test = test_db().await;
        let (_, session) = first_admin(&test.db).await;
        let general = department(&test.db, "Desk").await;
        let cat = user(&test.db, "cat", Role::Customer).await;
        let ticket = ticket_with(&test.db, cat.id, general, Status::Closed).await;
        user_service::delete(&test.db, &session, deletion(cat.id, 1, Some(RequestedTickets::Delete)))
            .await
            .expect("delete");
        assert_eq!(tickets::get(&test.db, &session, ticket.id).await.expect_err("gone").code, ErrorCode::NotFound);
    }

    #[tokio::test]
    async fn a_ticket_filed_after_the_admin_looked_stops_the_deletion() {
        let test = test_db().await;
        let (_, session) = first_admin(&test.db).await;
        let general = department(&test.db, "Desk").await;
        let cat = user(&test.db, "cat", Role::Customer).await;
        ticket_with(&test.db, cat.id, general, Status::Closed).await;
        // The admin saw one ticket and chose to delete it; a second one arrived meanwhile.
        let newer = ticket_with(&test.db, cat.id, general, Status::Open).await;
        let stale = user_service::delete(&test.db, &session, deletion(cat.id, 1, Some(RequestedTickets::Delete)))
            .await
            .expect_err("looked at one ticket, there are two");
        assert_eq!(stale.code, ErrorCode::Conflict);
        assert!(stale.message.contains("has requested 2 tickets since you looked (1 then)"), "{}", stale.message);
        assert!(tickets::get(&test.db, &session, newer.id).await.is_ok(), "nothing was deleted");
        user_service::delete(&test.db, &session, deletion(cat.id, 2, Some(RequestedTickets::Delete)))
            .await
            .expect("what the admin saw");
    }
}

#[tokio::test]
async fn changing_a_role_asks_for_the_admins_password_again() {
    let test = test_db().await;
    let (_, admin) = first_admin(&test.db).await;
    let cat = user(&test.db, "cat", Role::Customer).await;
    let promote = |password: Option<&str>| UserUpdate {
        password: password.map(Into::into),
        ..update(cat.id, "Cat", Role::Agent)
    };

    let asked = user_service::update(&test.db, &admin, promote(None)).await.expect_err("no password");
    assert_eq!(asked.fields.get("password").map(String::as_str), Some("Enter your password to change a role."));
    let wrong = user_service::update(&test.db, &admin, promote(Some("not-my-password"))).await.expect_err("wrong");
    assert!(wrong.fields.contains_key("password"), "{wrong:?}");
    let unchanged =
        user_service::list(&test.db, &admin).await.expect("list").into_iter().find(|u| u.id == cat.id).expect("cat");
    assert_eq!(unchanged.role, Role::Customer, "nothing changed");

    // A name alone needs no password; the role with the right one.
    user_service::update(&test.db, &admin, UserUpdate { role: Role::Customer, ..promote(None) }).await.expect("rename");
    let promoted = user_service::update(&test.db, &admin, promote(Some(PASSWORD))).await.expect("promote");
    assert_eq!(promoted.role, Role::Agent);
}

#[tokio::test]
async fn what_matters_is_audited() {
    use helpdesk_core::ops::{backups, settings};
    let test = test_db().await;
    let (_, admin) = first_admin(&test.db).await;
    let support = department(&test.db, "Support").await;
    let registered = SessionSlot::default();
    auth::register(&test.db, &registered, crate::common::account("cat")).await.expect("register");
    let created = user_service::create(
        &test.db,
        &admin,
        user_service::StaffNewAccount { account: crate::common::account("sam"), role: Role::Agent },
    )
    .await
    .expect("create");
    for _ in 0..auth::MAX_FAILED_LOGINS {
        let wrong = Credentials { login: "sam".into(), password: "wrong-guess".into() };
        auth::login(&test.db, &SessionSlot::default(), wrong).await.expect_err("wrong");
    }
    user_service::unlock(&test.db, &admin, created.id).await.expect("unlock");
    let current = settings::get(&test.db, &admin).await.expect("settings");
    settings::update(&test.db, &admin, settings::Settings { agent_capacity: 9, ..current }).await.expect("settings");
    // A team desk is backed up on its server, not from the app.
    let in_a_file = test.db.path().is_some();
    if in_a_file {
        let made = backups::back_up_now(&test.db, &admin).await.expect("backup");
        let restore = backups::BackupRestore { name: made.name.clone(), password: PASSWORD.into() };
        backups::schedule_restore(&test.db, &admin, restore).await.expect("restore");
    }
    let ticket = ticket_with(&test.db, created.id, support, Status::Open).await;
    tickets::delete(&test.db, &admin, ticket.id, ticket.version).await.expect("delete");

    let entries = audit::list(&test.db, &admin).await.expect("audit");
    let recorded: Vec<(&str, &str)> = entries.iter().rev().map(|e| (e.action.as_str(), e.actor.as_str())).collect();
    let expected = [
        ("user.first_admin", "admin"),
        ("user.register", "cat"),
        ("user.create", "admin"),
        ("user.locked", "sam"),
        ("user.unlock", "admin"),
        ("settings.update", "admin"),
        ("backup.create", "admin"),
        ("backup.restore", "admin"),
        ("ticket.delete", "admin"),
    ];
    let expected: Vec<_> =
        expected.into_iter().filter(|(action, _)| in_a_file || !action.starts_with("backup.")).collect();
    assert_eq!(recorded, expected);
    let deleted = entries.first().expect("newest");
    assert_eq!(deleted.target, format!("#{} {}", ticket.number, ticket.title), "what remains of the ticket");
    assert!(entries.iter().any(|e| e.action == "settings.update" && e.target.contains("capacity 9")));
}
