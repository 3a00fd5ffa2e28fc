//! Demo mode: a separate database seeded with departments, accounts of every role and a few
//! hundred realistic tickets with conversations and history, so a newcomer can try every role.
mod dto;
pub use dto::DemoAccount;
use sea_orm::{ActiveEnum, Set};

use crate::entities::tickets::{Priority, Status};
use crate::entities::users::Role;
use crate::entities::{comments, tickets};
use crate::error::AppResult;
use crate::infra::clock;
use crate::infra::database::Database;
use crate::ops::tickets::rules::field;
use crate::ops::users::{NewAccount, prepare_account, store_account};
use crate::store;
use crate::store::ticket_history::Entry;

const ACCOUNTS: &[(&str, &str, Role, &str)] = &[
    ("admin", "cobalt-lantern-42", Role::Admin, "Alex Morgan"),
    ("sam", "maple-orbit-17", Role::Agent, "Sam Patel"),
    ("jordan", "quartz-meadow-58", Role::Agent, "Jordan Lee"),
    ("riley", "copper-tide-93", Role::Agent, "Riley Chen"),
    ("pat", "amber-falcon-21", Role::Customer, "Pat Jones"),
    ("kim", "silver-canyon-64", Role::Customer, "Kim Olsen"),
    ("noor", "velvet-harbor-35", Role::Customer, "Noor Haddad"),
    ("diego", "cedar-comet-79", Role::Customer, "Diego Ruiz"),
];

pub fn accounts() -> Vec<DemoAccount> {
    ACCOUNTS
        .iter()
        .map(|(username, password, role, name)| DemoAccount {
            username: (*username).into(),
            password: (*password).into(),
            role: *role,
            display_name: (*name).into(),
        })
        .collect()
}

const DEPARTMENTS: &[&str] = &["Technical Support", "Billing", "Accounts", "Hardware", "Network"];

/// Per department: (title, description) pairs that read like real requests.
const REQUESTS: &[&[(&str, &str)]] = &[
    &[
        (
            "App crashes when exporting a report",
            "Every time I export the monthly report as PDF the app closes without a message.",
        ),
        (
            "Cannot sync calendar on my phone",
            "My phone calendar stopped syncing two days ago. I already restarted the phone.",
        ),
        (
            "Error 502 when opening the dashboard",
            "The dashboard shows 'Bad gateway' since this morning. Other pages work.",
        ),
        ("Slow search in the document archive", "Searching the archive takes more than a minute for simple words."),
    ],
    &[
        (
            "Charged twice for the March invoice",
            "My card statement shows two charges of the same amount for invoice 2026-03.",
        ),
        ("Please update our VAT number", "Our company changed its VAT number. Could you update it on future invoices?"),
        ("Refund for cancelled subscription", "I cancelled within the trial period but was still charged for a year."),
        ("Invoice address is wrong", "The invoices still show our old office address."),
    ],
    &[
        ("Locked out of my account", "I entered a wrong password too often and now I cannot log in."),
        ("Add two new team members", "Please create accounts for our two new colleagues starting Monday."),
        ("Change the email on my account", "I would like my login email changed to my new work address."),
        ("Two-factor codes are not arriving", "The text message with the login code never arrives."),
    ],
    &[
        ("Laptop battery drains in an hour", "My laptop battery is empty after about an hour, even with a dim screen."),
        ("Printer on the 3rd floor jams", "The printer near the kitchen jams on every second page."),
        ("Monitor flickers after docking", "When I connect the laptop to the dock the external monitor flickers."),
        ("Request a replacement keyboard", "Several keys on my keyboard stopped working after a coffee accident."),
    ],
    &[
        ("VPN disconnects every few minutes", "Working from home, the VPN drops every five to ten minutes."),
        ("Wi-Fi in meeting room B is down", "Nobody can connect to the wireless network in meeting room B."),
        ("Cannot reach the file server", "Mapped drives show as disconnected since the weekend."),
        ("Guest network password", "We have visitors tomorrow. What is the current guest Wi-Fi password?"),
    ],
];

const CUSTOMER_FOLLOW_UPS: &[&str] = &[
    "Thanks for looking into this. It happened again just now.",
    "Is there any update? This is blocking part of my team.",
    "I tried that, but unfortunately it did not help.",
    "That worked, thank you!",
];

const AGENT_REPLIES: &[&str] = &[
    "Thanks for reporting this. Could you tell me which version you are using?",
    "I have reproduced the problem and passed it to the right team.",
    "Please try again now; we applied a fix on our side.",
    "I have updated your account as requested.",
];

const INTERNAL_NOTES: &[&str] = &[
    "Same issue as last week's ticket; likely the same root cause.",
    "Customer is on the premium plan, prioritise.",
    "Waiting for the vendor to confirm the fix.",
];

pub const TICKETS: usize = 300;
const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// Seeds an empty database; leaves one that already has users untouched.
pub async fn seed_if_empty(db: &Database) -> AppResult<()> {
    if store::users::any(db).await? {
        return Ok(());
    }
    let txn = db.begin().await?;
    let now = clock::now_ms();
    let mut agents = Vec::new();
    let mut customers = Vec::new();
    for account in accounts() {
        let new = NewAccount {
            username: account.username,
            email: format!("{}@demo.helpdesk.test", account.display_name.to_lowercase().replace(' ', ".")),
            display_name: Some(account.display_name),
            password: account.password,
        };
        let user = store_account(&txn, prepare_account(&txn, new, account.role).await?).await?;
        match account.role {
            Role::Agent => agents.push(user.id),
            Role::Customer => customers.push(user.id),
            Role::Admin => {}
        }
    }
    let mut department_ids = Vec::new();
    for name in DEPARTMENTS {
        department_ids.push(store::departments::insert(&txn, (*name).into(), now).await?.id);
    }

    let mut rng = fastrand::Rng::with_seed(2026);
    // Most of a desk's tickets are settled; the few in progress leave each agent room under the default
    // capacity, so a ticket filed in the demo is assigned automatically.
    let statuses = [
        [Status::Open; 3].as_slice(),
        &[Status::InProgress, Status::OnHold],
        &[Status::Resolved; 3],
        &[Status::Closed; 6],
    ]
    .concat();
    let priorities = [Priority::Low, Priority::Medium, Priority::Medium, Priority::High, Priority::Critical];
    let mut ticket_rows = Vec::with_capacity(TICKETS);
    for index in 0..TICKETS {
        let department = rng.usize(..DEPARTMENTS.len());
        let (title, description) = REQUESTS[department][rng.usize(..REQUESTS[department].len())];
        let status = statuses[rng.usize(..statuses.len())];
        // Spread over the last 60 days, oldest first, so numbers rise with time.
        let created_at = now - 60 * DAY_MS + (index as i64) * (60 * DAY_MS / TICKETS as i64);
        let done_at = created_at + rng.i64(DAY_MS / 12..3 * DAY_MS);
        // Open tickets wait in the unassigned queue; the others were taken by an agent at filing.
        let assignee = (status != Status::Open).then(|| agents[rng.usize(..agents.len())]);
        ticket_rows.push(tickets::ActiveModel {
            number: Set(1001 + index as i32),
            title: Set(title.into()),
            description: Set(description.into()),
            status: Set(status),
            priority: Set(priorities[rng.usize(..priorities.len())]),
            department_id: Set(department_ids[department]),
            requester_id: Set(customers[rng.usize(..customers.len())]),
            assignee_id: Set(assignee),
            created_at: Set(created_at),
            updated_at: Set(if matches!(status, Status::Resolved | Status::Closed) {
                done_at.min(now)
            } else {
                created_at
            }),
            resolved_at: Set(matches!(status, Status::Resolved | Status::Closed).then_some(done_at.min(now))),
            closed_at: Set((status == Status::Closed).then_some(done_at.min(now))),
            version: Set(1),
            ..Default::default()
        });
    }
    store::tickets::insert_many(&txn, ticket_rows).await?;
    let inserted = store::tickets::all(&txn).await?;

    let mut comment_rows = Vec::new();
    let mut history_rows = Vec::new();
    for ticket in &inserted {
        let mut at = ticket.created_at;
        // The insert's trigger recorded each assignment at filing, as for any filed ticket.
        if let Some(agent) = ticket.assignee_id {
            at += rng.i64(60_000..DAY_MS / 3);
            comment_rows.push(comment(ticket.id, agent, AGENT_REPLIES[rng.usize(..AGENT_REPLIES.len())], false, at));
            if rng.u8(..3) == 0 {
                at += rng.i64(60_000..DAY_MS / 6);
                comment_rows.push(comment(
                    ticket.id,
                    agent,
                    INTERNAL_NOTES[rng.usize(..INTERNAL_NOTES.len())],
                    true,
                    at,
                ));
            }
            at += rng.i64(60_000..DAY_MS / 6);
            let follow_up = CUSTOMER_FOLLOW_UPS[rng.usize(..CUSTOMER_FOLLOW_UPS.len())];
            comment_rows.push(comment(ticket.id, ticket.requester_id, follow_up, false, at));
            if ticket.status != Status::Open {
                history_rows.push(Entry {
                    ticket_id: ticket.id,
                    actor_id: Some(agent),
                    field: field::STATUS,
                    old_value: Some(Status::Open.to_value()),
                    new_value: Some(ticket.status.to_value()),
                    at: ticket.updated_at,
                });
            }
        }
    }
    store::comments::insert_many(&txn, comment_rows).await?;
    store::ticket_history::insert(&txn, history_rows).await?;
    txn.commit().await?;
    Ok(())
}

fn comment(ticket_id: i32, author_id: i32, body: &str, internal: bool, at: i64) -> comments::ActiveModel {
    comments::ActiveModel {
        ticket_id: Set(ticket_id),
        author_id: Set(Some(author_id)),
        body: Set(body.into()),
        internal: Set(internal),
        created_at: Set(at),
        ..Default::default()
    }
}
