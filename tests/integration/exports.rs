//! CSV exports of the queue: complete, in the queue's order, readable back exactly, safe to open in a
//! spreadsheet, and never clobbering a file on failure.
use helpdesk_core::access::SessionSlot;
use helpdesk_core::entities::tickets::Status;
use helpdesk_core::entities::users::{self, Role};
use helpdesk_core::error::ErrorCode;
use helpdesk_core::infra::database::Database;
use helpdesk_core::ops::reports::{self, TicketsExport};
use helpdesk_core::ops::tickets::{self as service, NewTicket, TicketFilters};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set, Statement};

use crate::common::{TestDb, first_admin, signed_in, test_db, user};
use crate::tickets::department;

const HEADER: [&str; 9] =
    ["Number", "Title", "Status", "Priority", "Department", "Requester", "Assignee", "Created", "Updated"];

/// Reads an export back as a spreadsheet would: the byte-order mark, then CSV with a header.
fn read_back(path: &str) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).expect("exported file");
    let body = bytes.strip_prefix("\u{feff}".as_bytes()).expect("starts with a UTF-8 byte-order mark");
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(body);
    reader.records().map(|r| r.expect("a CSV record").iter().map(str::to_owned).collect()).collect()
}

fn destination(test: &TestDb, name: &str) -> String {
    test.dir.path().join(name).to_string_lossy().into_owned()
}

async fn export(db: &Database, session: &SessionSlot, filters: TicketFilters, path: &str) -> Vec<Vec<String>> {
    let export = TicketsExport { filters, path: path.into() };
    let exported = reports::export_tickets(db, session, export).await.expect("export");
    let rows = read_back(path);
    assert_eq!(rows[0], HEADER);
    assert_eq!(exported.rows as usize, rows.len() - 1, "the answer counts the data rows");
    rows[1..].to_vec()
}

/// Every ticket number the queue shows under `filters`, page after page.
async fn queue_numbers(db: &Database, session: &SessionSlot, filters: &TicketFilters) -> Vec<String> {
    let (mut numbers, mut cursor) = (Vec::new(), None);
    loop {
        let page = service::list(db, session, filters.clone(), cursor).await.expect("page");
        numbers.extend(page.tickets.iter().map(|t| t.number.to_string()));
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => return numbers,
        }
    }
}

#[tokio::test]
async fn the_filtered_queue_exports_whole_in_queue_order_reads_back_exactly_and_runs_no_formula() {
    let test = test_db().await;
    let db = &test.db;
    let (_, admin) = first_admin(db).await;
    let support = department(db, "Support, 2nd line").await;
    let bob = user(db, "bob", Role::Customer).await.id;
    let eve = user(db, "eve", Role::Customer).await.id;
    users::ActiveModel { id: Set(eve), display_name: Set("=cmd|' /C calc'!A0".into()), ..Default::default() }
        .update(db)
        .await
        .expect("rename");
    // More tickets than one batch of the export, half of them closed.
    db.execute_raw(Statement::from_string(
        db.get_database_backend(),
        format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1203) \
             INSERT INTO tickets (number, title, description, status, priority, department_id, requester_id, \
             created_at, updated_at, version) \
             SELECT i, 'Case ' || i, 'Text', CASE i % 2 WHEN 0 THEN 'closed' ELSE 'open' END, 'medium', {support}, {bob}, \
             i * 1000, i * 1000, 1 FROM n"
        ),
    ))
    .await
    .expect("bulk tickets");
    let titles = [
        "Comma, \"quotes\"; and more",
        "=HYPERLINK(\"http://example.com\",\"click\")",
        "+SUM(1+1)",
        "-2+3",
        "@SUM(A1:A2)",
        "Café ☕ 日本語",
    ];
    for title in titles {
        let ticket = NewTicket {
            title: title.into(),
            description: "Described.".into(),
            department_id: support,
            priority: None,
            requester_id: None,
        };
        service::create(db, &signed_in(eve), ticket).await.expect("file");
    }

    let all = TicketFilters::default();
    let rows = export(db, &admin, all.clone(), &destination(&test, "all.csv")).await;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(destination(&test, "all.csv")).expect("saved").permissions().mode();
        assert_eq!(mode & 0o777, 0o644, "an ordinary file, not a private temporary one");
    }
    assert_eq!(rows.len(), 1203 + titles.len());
    let numbers: Vec<String> = rows.iter().map(|r| r[0].clone()).collect();
    assert_eq!(numbers, queue_numbers(db, &admin, &all).await, "every ticket, in the queue's order");
    // The newest (the special titles, filed last) come first, in the order the queue shows them.
    let mut shown: Vec<&str> = rows[..titles.len()].iter().map(|r| r[1].as_str()).collect();
    shown.sort_unstable();
    let mut expected: Vec<String> = titles
        .iter()
        .map(|t| if t.starts_with(['=', '+', '-', '@']) { format!("'{t}") } else { (*t).to_owned() })
        .collect();
    expected.sort_unstable();
    assert_eq!(shown, expected, "quotes, commas and Unicode read back exactly; formulas are neutralised");
    let filed = &rows[0];
    assert_eq!(&filed[2..7], ["Open", "Medium", "Support, 2nd line", "'=cmd|' /C calc'!A0", ""]);
    assert!(filed[7].len() == 16 && filed[7] == filed[8], "local time, minutes: {filed:?}");
    let plain = rows.iter().find(|r| r[0] == "7").expect("ticket 7");
    assert_eq!(&plain[1..7], ["Case 7", "Open", "Medium", "Support, 2nd line", "bob", ""]);

    let closed = TicketFilters { statuses: vec![Status::Closed], ..Default::default() };
    let rows = export(db, &admin, closed.clone(), &destination(&test, "closed.csv")).await;
    assert_eq!(rows.len(), 601, "only what the filters show");
    assert!(rows.iter().all(|r| r[2] == "Closed"));
    let numbers: Vec<String> = rows.iter().map(|r| r[0].clone()).collect();
    assert_eq!(numbers, queue_numbers(db, &admin, &closed).await);

    let own = export(db, &signed_in(eve), all, &destination(&test, "own.csv")).await;
    assert_eq!(own.len(), titles.len(), "a customer exports only their own tickets");
}

#[tokio::test]
async fn a_bad_destination_is_refused_and_a_failed_export_leaves_the_file_alone() {
    let test = test_db().await;
    let db = &test.db;
    let (_, admin) = first_admin(db).await;
    let missing_folder = destination(&test, "no/such/folder/tickets.csv");
    for path in ["tickets.csv".to_owned(), destination(&test, "tickets.txt"), missing_folder, String::new()] {
        let export = TicketsExport { filters: TicketFilters::default(), path: path.clone() };
        let error = reports::export_tickets(db, &admin, export).await.expect_err("refused");
        assert_eq!(error.code, ErrorCode::Validation, "{path}");
        assert!(error.message.contains(".csv"), "says what to choose: {}", error.message);
    }

    let kept = destination(&test, "kept.csv");
    std::fs::write(&kept, "an earlier export").expect("earlier file");
    let bad = TicketFilters { created_from: Some(10), created_to: Some(5), ..Default::default() };
    let nobody = SessionSlot::default();
    let failures =
        [(&nobody, TicketFilters::default(), ErrorCode::Unauthenticated), (&admin, bad, ErrorCode::Validation)];
    for (session, filters, code) in failures {
        let export = TicketsExport { filters, path: kept.clone() };
        assert_eq!(reports::export_tickets(db, session, export).await.expect_err("fails").code, code);
        assert_eq!(std::fs::read_to_string(&kept).expect("still there"), "an earlier export");
    }
    let files: Vec<_> =
        std::fs::read_dir(test.dir.path()).expect("folder").map(|e| e.expect("entry").file_name()).collect();
    assert!(files.iter().all(|f| !f.to_string_lossy().starts_with(".tmp")), "no half-written file left: {files:?}");

    let export = TicketsExport { filters: TicketFilters::default(), path: kept.clone() };
    reports::export_tickets(db, &admin, export).await.expect("replaces it");
    assert_eq!(read_back(&kept), [HEADER.map(str::to_owned).to_vec()], "an empty desk: the header alone");
}
