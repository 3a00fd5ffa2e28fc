//! The dashboard's figures against a small desk whose answers are known.
use helpdesk_core::access::SessionSlot;
use helpdesk_core::entities::tickets::{self, Priority, Status};
use helpdesk_core::entities::users::{self, Role};
use helpdesk_core::error::ErrorCode;
use helpdesk_core::ops::reports::{
    self, AgentFigures, Dashboard, DashboardRequest, DayCount, DepartmentCount, PriorityCount, StatusCount,
};
use sea_orm::{ActiveModelTrait, Set};

use crate::common::{TestDb, first_admin, signed_in, test_db, user};
use crate::tickets::department;

const DAY: i64 = 86_400_000;
const HOUR: i64 = 3_600_000;

struct Row {
    status: Status,
    priority: Priority,
    department: i32,
    requester: i32,
    assignee: Option<i32>,
    created: i64,
    resolved: Option<i64>,
}

/// Eight tickets whose figures are worked out by hand in the tests below.
struct KnownDesk {
    test: TestDb,
    admin: SessionSlot,
    ann: i32,
    kim: i32,
    sam: i32,
    /// The first day of the trend.
    base: i64,
}

async fn known_desk() -> KnownDesk {
    let test = test_db().await;
    let db = &test.db;
    let (_, admin) = first_admin(db).await;
    let (billing, network) = (department(db, "Billing").await, department(db, "Network").await);
    let ann = user(db, "ann", Role::Customer).await.id;
    let bob = user(db, "bob", Role::Customer).await.id;
    let kim = user(db, "kim", Role::Agent).await.id;
    let sam = user(db, "sam", Role::Agent).await.id;
    let gone = user(db, "gone", Role::Agent).await.id;
    let base = 100 * DAY;
    let rows = [
        // Kim: two active (one High in Billing, one Low in Network), one resolved in 2 h.
        Row {
            status: Status::Open,
            priority: Priority::High,
            department: billing,
            requester: ann,
            assignee: Some(kim),
            created: base,
            resolved: None,
        },
        Row {
            status: Status::OnHold,
            priority: Priority::Low,
            department: network,
            requester: bob,
            assignee: Some(kim),
            created: base + DAY,
            resolved: None,
        },
        Row {
            status: Status::Resolved,
            priority: Priority::Medium,
            department: billing,
            requester: ann,
            assignee: Some(kim),
            created: base + DAY,
            resolved: Some(base + DAY + 2 * HOUR),
        },
        // Sam: one closed, resolved in 4 h; one in progress, Critical.
        Row {
            status: Status::Closed,
            priority: Priority::Medium,
            department: network,
            requester: bob,
            assignee: Some(sam),
            created: base + 2 * DAY,
            resolved: Some(base + 2 * DAY + 4 * HOUR),
        },
        Row {
            status: Status::InProgress,
            priority: Priority::Critical,
            department: network,
            requester: bob,
            assignee: Some(sam),
            created: base + 2 * DAY,
            resolved: None,
        },
        // Nobody's: two open (active unassigned), one resolved in 6 h.
        Row {
            status: Status::Open,
            priority: Priority::High,
            department: billing,
            requester: ann,
            assignee: None,
            created: base + 2 * DAY,
            resolved: None,
        },
        Row {
            status: Status::Open,
            priority: Priority::Medium,
            department: network,
            requester: bob,
            assignee: None,
            created: base - DAY,
            resolved: None,
        },
        Row {
            status: Status::Resolved,
            priority: Priority::Low,
            department: billing,
            requester: bob,
            assignee: None,
            created: base,
            resolved: Some(base + 6 * HOUR),
        },
    ];
    for (number, row) in rows.iter().enumerate() {
        tickets::ActiveModel {
            number: Set(number as i32 + 1),
            title: Set("Case".into()),
            description: Set("Case".into()),
            status: Set(row.status),
            priority: Set(row.priority),
            department_id: Set(row.department),
            requester_id: Set(row.requester),
            assignee_id: Set(row.assignee),
            created_at: Set(row.created),
            updated_at: Set(row.created),
            resolved_at: Set(row.resolved),
            version: Set(1),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("ticket");
    }
    users::ActiveModel { id: Set(gone), active: Set(false), ..Default::default() }
        .update(db)
        .await
        .expect("deactivate");
    KnownDesk { test, admin, ann, kim, sam, base }
}

/// Three days: the first day holds two filed and two resolved, the second two filed and one resolved...
fn three_days(base: i64) -> DashboardRequest {
    DashboardRequest { day_bounds: vec![base, base + DAY, base + 2 * DAY, base + 3 * DAY] }
}

#[tokio::test]
async fn the_dashboard_answers_a_support_leads_questions_and_a_customer_sees_their_own() {
    let KnownDesk { test, admin, ann, kim, sam, base } = known_desk().await;
    let db = &test.db;
    let request = || three_days(base);
    let figures = reports::dashboard(db, &admin, request()).await.expect("dashboard");
    let status = |status, tickets| StatusCount { status, tickets };
    let expected = Dashboard {
        by_status: vec![
            status(Status::Open, 3),
            status(Status::InProgress, 1),
            status(Status::OnHold, 1),
            status(Status::Resolved, 2),
            status(Status::Closed, 1),
        ],
        by_priority: vec![
            PriorityCount { priority: Priority::Low, tickets: 1 },
            PriorityCount { priority: Priority::Medium, tickets: 1 },
            PriorityCount { priority: Priority::High, tickets: 2 },
            PriorityCount { priority: Priority::Critical, tickets: 1 },
        ],
        by_department: vec![
            DepartmentCount { department: "Network".into(), tickets: 3 },
            DepartmentCount { department: "Billing".into(), tickets: 2 },
            DepartmentCount { department: "General".into(), tickets: 0 },
        ],
        unassigned: 2,
        // (2 + 4 + 6) hours over three resolved tickets.
        average_resolution_ms: Some(4 * HOUR),
        agents: vec![
            AgentFigures {
                id: kim,
                name: "kim".into(),
                load: 2,
                assigned: 3,
                resolved: 1,
                average_resolution_ms: Some(2 * HOUR),
            },
            AgentFigures {
                id: sam,
                name: "sam".into(),
                load: 1,
                assigned: 2,
                resolved: 1,
                average_resolution_ms: Some(4 * HOUR),
            },
        ],
        trend: vec![
            DayCount { day_start: base, created: 2, resolved: 1 },
            DayCount { day_start: base + DAY, created: 2, resolved: 1 },
            DayCount { day_start: base + 2 * DAY, created: 3, resolved: 1 },
        ],
    };
    assert_eq!(figures, expected);

    let own = reports::dashboard(db, &signed_in(ann), request()).await.expect("ann's summary");
    let ann_sees = Dashboard {
        by_status: vec![status(Status::Open, 2), status(Status::Resolved, 1)],
        by_priority: vec![],
        by_department: vec![],
        unassigned: 0,
        average_resolution_ms: Some(2 * HOUR),
        agents: vec![],
        trend: vec![],
    };
    assert_eq!(own, ann_sees, "only her own tickets, and nothing about the desk");

    for bounds in [vec![], vec![base], vec![base + DAY, base], (0..40).map(|d| d * DAY).collect()] {
        let error =
            reports::dashboard(db, &admin, DashboardRequest { day_bounds: bounds.clone() }).await.expect_err("bad");
        assert_eq!(error.code, ErrorCode::Validation, "{bounds:?}");
    }
}

#[tokio::test]
async fn the_dashboard_report_exports_one_figure_per_row() {
    let KnownDesk { test, admin, ann, base, .. } = known_desk().await;
    let db = &test.db;
    let path = test.dir.path().join("dashboard.csv").to_string_lossy().into_owned();
    let export = reports::DashboardExport { request: three_days(base), path: path.clone() };
    let exported = reports::export_dashboard(db, &admin, export).await.expect("export");
    let text = std::fs::read_to_string(&path).expect("file");
    let mut reader = csv::Reader::from_reader(text.strip_prefix('\u{feff}').expect("byte-order mark").as_bytes());
    assert_eq!(reader.headers().expect("header"), vec!["Section", "Item", "Measure", "Value"]);
    let rows: Vec<Vec<String>> =
        reader.records().map(|r| r.expect("record").iter().map(str::to_owned).collect()).collect();
    assert_eq!(exported.rows as usize, rows.len());
    let row = |cells: [&str; 4]| cells.map(str::to_owned).to_vec();
    for expected in [
        row(["Status", "Open", "Tickets", "3"]),
        row(["Status", "Closed", "Tickets", "1"]),
        row(["Priority", "Critical", "Active tickets", "1"]),
        row(["Department", "Network", "Active tickets", "3"]),
        row(["Desk", "Unassigned", "Active tickets", "2"]),
        row(["Desk", "Resolved tickets", "Average resolution (hours)", "4.0"]),
        row(["Agent", "kim", "Active tickets", "2"]),
        row(["Agent", "kim", "Assigned", "3"]),
        row(["Agent", "sam", "Resolved", "1"]),
        row(["Agent", "sam", "Average resolution (hours)", "4.0"]),
    ] {
        assert!(rows.contains(&expected), "{expected:?} in {rows:#?}");
    }
    let days: Vec<(&str, &str)> =
        rows.iter().filter(|r| r[0] == "Day").map(|r| (r[2].as_str(), r[3].as_str())).collect();
    let trend =
        [("Created", "2"), ("Resolved", "1"), ("Created", "2"), ("Resolved", "1"), ("Created", "3"), ("Resolved", "1")];
    assert_eq!(days, trend);
    assert!(!rows.iter().any(|r| r[1] == "gone"), "inactive agents are not in the report");

    let path = test.dir.path().join("own.csv").to_string_lossy().into_owned();
    let export = reports::DashboardExport { request: three_days(base), path: path.clone() };
    reports::export_dashboard(db, &signed_in(ann), export).await.expect("own export");
    let own = std::fs::read_to_string(&path).expect("file");
    assert!(own.contains("Status,Open,Tickets,2") && !own.contains("Agent") && !own.contains("Department"), "{own}");
}
