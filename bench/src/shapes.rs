//! Random queue and search requests, as people combine the filters: any statuses, priorities,
//! department, requester, assignee, creation range, sort and direction, with or without words of any
//! frequency, on the first page or deeper. Seeded, so every run asks the same questions.
use helpdesk_core::entities::tickets::{Priority, Status};
use helpdesk_core::ops::tickets::{AssigneeFilter, TicketFilters, TicketSort};

use crate::floor::Asker;

/// A request to measure: who asks, for what, and which page.
#[derive(Debug, Clone)]
pub struct Shape {
    pub name: String,
    pub asker: Asker,
    pub filters: TicketFilters,
    /// 1 for the first page.
    pub page: usize,
}

/// The people and words the random requests draw on.
pub struct Pool<'a> {
    pub agent: i32,
    pub agents: &'a [i32],
    /// Customers by size: the largest first.
    pub customers: &'a [i32],
    pub departments: &'a [i32],
    pub vocabulary: &'a [String],
    pub now: i64,
}

const STATUSES: [Status; 5] = [Status::Open, Status::InProgress, Status::OnHold, Status::Resolved, Status::Closed];
const PRIORITIES: [Priority; 4] = [Priority::Low, Priority::Medium, Priority::High, Priority::Critical];
const COMMON: &[&str] = &["please", "password", "printer", "invoice", "error", "account", "update", "help", "vpn"];
const DAY_MS: i64 = 86_400_000;

fn some<T: Copy>(items: &[T], count: usize) -> Vec<T> {
    let mut chosen: Vec<T> = Vec::new();
    while chosen.len() < count {
        chosen.push(items[fastrand::usize(..items.len())]);
    }
    chosen
}

fn words(pool: &Pool) -> String {
    let vocabulary =
        |from: usize, to: usize| pool.vocabulary[fastrand::usize(from..to.min(pool.vocabulary.len()))].clone();
    let count = match fastrand::u8(..100) {
        0..55 => 1,
        55..85 => 2,
        85..95 => 3,
        _ => 12,
    };
    (0..count)
        .map(|_| match fastrand::u8(..100) {
            0..35 => COMMON[fastrand::usize(..COMMON.len())].to_owned(),
            35..55 => vocabulary(0, 50),
            55..75 => vocabulary(50, 2_000),
            75..90 => vocabulary(2_000, 20_000),
            _ => format!("kx{}", fastrand::u32(crate::dataset::CODES)),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// One random request.
pub fn random(pool: &Pool) -> Shape {
    let customer = fastrand::u8(..100) < 15;
    let asker = if customer {
        // The largest customers as often as any other: they are the hard case.
        let id = match fastrand::u8(..3) {
            0 => pool.customers[0],
            1 => pool.customers[fastrand::usize(1..11.min(pool.customers.len()))],
            _ => pool.customers[fastrand::usize(..pool.customers.len())],
        };
        Asker { id, customer: true }
    } else {
        Asker { id: pool.agent, customer: false }
    };
    let mut filters = TicketFilters {
        statuses: match fastrand::u8(..100) {
            0..40 => vec![],
            40..70 => some(&STATUSES, 1),
            70..90 => vec![Status::Open, Status::InProgress, Status::OnHold],
            _ => some(&STATUSES, 2),
        },
        priorities: match fastrand::u8(..100) {
            0..60 => vec![],
            60..85 => some(&PRIORITIES, 1),
            _ => some(&PRIORITIES, 2),
        },
        ..Default::default()
    };
    if !customer {
        if fastrand::u8(..100) < 25 {
            filters.department_id = Some(pool.departments[fastrand::usize(..pool.departments.len())]);
        }
        if fastrand::u8(..100) < 10 {
            filters.requester_id = Some(pool.customers[fastrand::usize(..pool.customers.len().min(200))]);
        }
        filters.assignee = match fastrand::u8(..100) {
            0..60 => None,
            60..75 => Some(AssigneeFilter::Me),
            75..90 => Some(AssigneeFilter::Unassigned),
            _ => Some(AssigneeFilter::User { id: pool.agents[fastrand::usize(..pool.agents.len())] }),
        };
    }
    let days = |d: i64| pool.now - d * DAY_MS;
    (filters.created_from, filters.created_to) = match fastrand::u8(..100) {
        0..80 => (None, None),
        80..86 => (Some(days(7)), None),
        86..92 => (Some(days(90)), None),
        92..96 => (Some(days(760)), Some(days(730))),
        _ => (None, Some(days(365))),
    };
    let searching = fastrand::u8(..100) < 40;
    if searching {
        filters.search = words(pool);
    }
    filters.sort = match fastrand::u8(..4) {
        0 => TicketSort::Updated,
        1 => TicketSort::Created,
        2 => TicketSort::Priority,
        _ if searching => TicketSort::Relevance,
        _ => TicketSort::Updated,
    };
    filters.ascending = filters.sort != TicketSort::Relevance && fastrand::u8(..100) < 30;
    let page = match fastrand::u8(..100) {
        0..70 => 1,
        70..90 => fastrand::usize(2..6),
        _ => fastrand::usize(20..51),
    };
    Shape { name: describe(&filters, asker, page), asker, filters, page }
}

/// A short description of a request, for the report.
pub fn describe(filters: &TicketFilters, asker: Asker, page: usize) -> String {
    let mut parts = vec![if asker.customer { format!("customer {}", asker.id) } else { "agent".to_owned() }];
    if !filters.statuses.is_empty() {
        parts.push(format!("status {:?}", filters.statuses));
    }
    if !filters.priorities.is_empty() {
        parts.push(format!("priority {:?}", filters.priorities));
    }
    if let Some(id) = filters.department_id {
        parts.push(format!("department {id}"));
    }
    if let Some(id) = filters.requester_id {
        parts.push(format!("requester {id}"));
    }
    if let Some(assignee) = filters.assignee {
        parts.push(format!("assignee {assignee:?}"));
    }
    if filters.created_from.is_some() || filters.created_to.is_some() {
        parts.push(format!("created {:?}..{:?}", filters.created_from, filters.created_to));
    }
    if !filters.search.is_empty() {
        parts.push(format!("search \"{}\"", filters.search));
    }
    parts.push(format!("by {:?}{}", filters.sort, if filters.ascending { " ascending" } else { "" }));
    parts.push(format!("page {page}"));
    parts.join(", ")
}
