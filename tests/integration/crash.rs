//! Crash safety: a writer process filing and working tickets is killed (SIGKILL) at random moments;
//! after every kill the desk opens, passes SQLite's integrity check, keeps its tallies in step, and
//! holds every write the writer reported as committed.
use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use helpdesk_core::entities::{comments, tickets};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::assignment::assert_tallies_match_a_recount;
use crate::common::pragma;

const ROUNDS: usize = 20;

#[derive(Default)]
struct Reported {
    /// Ticket id -> the version and comment count last reported for it.
    version: HashMap<i32, i32>,
    comments: HashMap<i32, u64>,
}

impl Reported {
    fn record(&mut self, line: &str) {
        let words: Vec<&str> = line.split(' ').collect();
        let number = |i: usize| words.get(i).and_then(|w| w.parse::<i32>().ok()).expect("a number");
        match words[0] {
            "filed" => {
                self.version.insert(number(1), 1);
            }
            "changed" => {
                self.version.insert(number(1), number(2));
            }
            "commented" => {
                self.comments.insert(number(1), number(2) as u64);
            }
            _ => panic!("unexpected line from the writer: {line}"),
        }
    }
}

/// Runs the writer until a random moment after it started writing, then kills it; the lines it
/// printed before dying.
fn run_and_kill(database: &std::path::Path) -> Vec<String> {
    let mut writer = Command::new(env!("CARGO_BIN_EXE_crash-writer"))
        .arg(database)
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the writer");
    let stdout = writer.stdout.take().expect("stdout");
    let (lines, received) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let ready = received.recv_timeout(Duration::from_secs(60)).expect("the writer starts");
    assert_eq!(ready, "ready");
    std::thread::sleep(Duration::from_millis(fastrand::u64(10..400)));
    writer.kill().expect("SIGKILL");
    writer.wait().expect("reaped");
    reader.join().expect("reader");
    received.try_iter().collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_reported_write_survives_a_kill_at_a_random_moment() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let database = dir.path().join("desk.sqlite3");
    let mut reported = Reported::default();
    let mut writes = 0;
    for round in 0..ROUNDS {
        let lines = run_and_kill(&database);
        writes += lines.len();
        for line in &lines {
            reported.record(line);
        }

        let db = helpdesk_core::infra::database::open(&database).await.expect("opens after the kill");
        assert_eq!(pragma(&db, "integrity_check").await, "ok", "round {round}");
        for (&id, &version) in &reported.version {
            let ticket = tickets::Entity::find_by_id(id).one(&db).await.expect("q");
            let stored = ticket.unwrap_or_else(|| panic!("round {round}: reported ticket {id} is gone")).version;
            assert!(stored >= version, "round {round}: ticket {id} at version {stored}, reported {version}");
        }
        for (&id, &count) in &reported.comments {
            let stored =
                comments::Entity::find().filter(comments::Column::TicketId.eq(id)).count(&db).await.expect("q");
            assert!(stored >= count, "round {round}: ticket {id} has {stored} comments, reported {count}");
        }
        assert_tallies_match_a_recount(&db, &format!("the kill in round {round}")).await;
        db.close().await.expect("close");
    }
    assert!(writes > ROUNDS, "the writer got some work done: {writes} writes reported");
    println!("{ROUNDS} kills, {writes} reported writes, {} tickets checked, nothing lost", reported.version.len());
}
