use helpdesk::entities::tickets::{self, Priority, Status};
use helpdesk::entities::{departments, users::Role};
use helpdesk::services::tickets as service;
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, QueryOrder, Set};

use crate::common::{signed_in, test_db, user};

pub async fn department(db: &DatabaseConnection, name: &str) -> i32 {
    departments::ActiveModel { name: Set(name.into()), created_at: Set(0), ..Default::default() }
        .insert(db)
        .await
        .expect("department")
        .id
}

/// A ticket inserted as it stands, without the service's rules: for setting up a case.
pub async fn ticket_with(db: &DatabaseConnection, requester: i32, department: i32, status: Status) -> tickets::Model {
    let highest = tickets::Entity::find().order_by_desc(tickets::Column::Number).one(db).await.expect("highest");
    let number = highest.map_or(1, |t| t.number + 1);
    insert_ticket(db, number, requester, department, 0, status).await
}

async fn ticket(db: &DatabaseConnection, number: i32, requester: i32, department: i32, updated_at: i64) {
    insert_ticket(db, number, requester, department, updated_at, Status::Open).await;
}

async fn insert_ticket(
    db: &DatabaseConnection,
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

    let as_ann = service::list(&test.db, &signed_in(ann.id)).await.expect("ann");
    assert_eq!(as_ann.iter().map(|t| t.number).collect::<Vec<_>>(), [3, 1]);
    assert!(as_ann.iter().all(|t| t.requester == "ann" && t.department == "Support"));

    let as_agent = service::list(&test.db, &signed_in(agent.id)).await.expect("agent");
    assert_eq!(as_agent.iter().map(|t| t.number).collect::<Vec<_>>(), [3, 2, 1]);
}

#[tokio::test]
async fn an_empty_desk_lists_no_tickets() {
    let test = test_db().await;
    let admin = user(&test.db, "root", Role::Admin).await;
    assert!(service::list(&test.db, &signed_in(admin.id)).await.expect("list").is_empty());
}
