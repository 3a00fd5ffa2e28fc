//! Tickets: the queue, filing, working them (status, triage, assignment, edits), the conversation
//! and the history. Every change carries the version it was based on; a stale one is a CONFLICT.
use std::collections::{HashMap, HashSet};

use sea_orm::sea_query::{Expr, Query, SimpleExpr};
use sea_orm::{
    ActiveEnum, ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, ExprTrait,
    QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};

use crate::db::Database;
use crate::entities::tickets::{Priority, Status};
use crate::entities::users::Role;
use crate::entities::{comments, departments, ticket_history, tickets, users};
use crate::error::{AppError, AppResult, ErrorCode, FieldErrors};
use crate::services::clock;
use crate::services::permissions::{Action, allowed, require};
use crate::services::session::{Actor, SessionSlot, current_actor};

mod assignment;
pub(crate) use assignment::active_agent;
pub use assignment::{ACTIVE, MovedTicket, chosen_agent, rebalance};
mod queue;
pub use queue::{AssigneeFilter, TicketFilters, TicketPage, TicketSort, every, list, page_statement};

pub const PAGE_SIZE: u64 = 50;
pub const TITLE_MIN: usize = 3;
pub const TITLE_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 20_000;
pub const COMMENT_MAX: usize = 10_000;
const FIRST_NUMBER: i32 = 1001;
/// The history field of an automatic assignment at filing (by nobody in particular).
pub const AUTO_ASSIGNEE: &str = "auto_assignee";
/// The history field of a ticket moved by rebalancing (old and new assignee by name).
pub const REBALANCED: &str = "rebalanced";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TicketSummary {
    pub id: i32,
    pub number: i32,
    pub title: String,
    pub status: Status,
    pub priority: Priority,
    pub department: String,
    pub requester_id: i32,
    pub requester: String,
    pub assignee: Option<String>,
    #[specta(type = specta_typescript::Number)]
    pub created_at: i64,
    #[specta(type = specta_typescript::Number)]
    pub updated_at: i64,
    /// Where a search matched, from the description or a comment the reader may see.
    pub excerpt: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TicketDetail {
    pub id: i32,
    pub number: i32,
    pub title: String,
    pub description: String,
    pub status: Status,
    pub priority: Priority,
    pub department_id: i32,
    pub department: String,
    pub requester_id: i32,
    pub requester: String,
    pub assignee_id: Option<i32>,
    pub assignee: Option<String>,
    #[specta(type = specta_typescript::Number)]
    pub created_at: i64,
    #[specta(type = specta_typescript::Number)]
    pub updated_at: i64,
    #[specta(type = Option<specta_typescript::Number>)]
    pub resolved_at: Option<i64>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub closed_at: Option<i64>,
    /// The version a change must name; it rises with every change.
    pub version: i32,
    /// Conversation and history, oldest first. Internal notes only for staff.
    pub timeline: Vec<TimelineEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum TimelineEntry {
    Comment {
        id: i32,
        author: String,
        body: String,
        internal: bool,
        #[specta(type = specta_typescript::Number)]
        at: i64,
    },
    Change {
        field: String,
        from: Option<String>,
        to: Option<String>,
        actor: Option<String>,
        #[specta(type = specta_typescript::Number)]
        at: i64,
    },
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewTicket {
    pub title: String,
    pub description: String,
    pub department_id: i32,
    /// Medium when not given.
    pub priority: Option<Priority>,
    /// Staff filing on behalf of a customer; the actor themselves when not given.
    pub requester_id: Option<i32>,
}

/// A change to one ticket, based on `version`.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TicketChange {
    pub id: i32,
    pub version: i32,
    pub change: Change,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Change {
    Edit {
        title: String,
        description: String,
    },
    Status {
        status: Status,
    },
    Priority {
        priority: Priority,
    },
    Department {
        department: i32,
    },
    /// None unassigns.
    Assignee {
        assignee: Option<i32>,
    },
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewComment {
    pub ticket_id: i32,
    pub body: String,
    /// An internal note, for staff only.
    pub internal: bool,
}

fn not_found() -> AppError {
    AppError::new(ErrorCode::NotFound, "That ticket does not exist or is not yours to see.")
}

fn text_rule(value: &str, min: usize, max: usize) -> Result<(), String> {
    let length = value.trim().chars().count();
    if length < min {
        return Err(if min <= 1 { "This cannot be empty.".into() } else { format!("Use at least {min} characters.") });
    }
    if length > max {
        return Err(format!("Use at most {max} characters (this has {length})."));
    }
    Ok(())
}

fn check_title_and_description(title: &str, description: &str) -> AppResult<()> {
    let mut errors = FieldErrors::default();
    errors.check("title", text_rule(title, TITLE_MIN, TITLE_MAX));
    if title.chars().any(char::is_control) {
        errors.add("title", "Keep the title on one line.");
    }
    errors.check("description", text_rule(description, 1, DESCRIPTION_MAX));
    errors.into_result()
}

async fn department_name(db: &impl ConnectionTrait, id: i32, field: &str) -> AppResult<String> {
    match departments::Entity::find_by_id(id).one(db).await? {
        Some(department) => Ok(department.name),
        None => Err(AppError::field(field, "Choose one of the departments.")),
    }
}

/// The ticket if the actor may see it; NOT_FOUND otherwise, so nobody learns what others filed.
async fn visible(db: &impl ConnectionTrait, actor: &Actor, id: i32) -> AppResult<tickets::Model> {
    let ticket = tickets::Entity::find_by_id(id).one(db).await?.ok_or_else(not_found)?;
    if !allowed(actor, Action::ViewTicket { own: ticket.requester_id == actor.id }) {
        return Err(not_found());
    }
    Ok(ticket)
}

async fn user_names(db: &impl ConnectionTrait, ids: HashSet<i32>) -> AppResult<HashMap<i32, String>> {
    let users = users::Entity::find().filter(users::Column::Id.is_in(ids)).all(db).await?;
    Ok(users.into_iter().map(|u| (u.id, u.display_name)).collect())
}

pub async fn get(db: &Database, session: &SessionSlot, id: i32) -> AppResult<TicketDetail> {
    let actor = current_actor(db, session).await?;
    let ticket = visible(db, &actor, id).await?;
    detail(db, &actor, ticket).await
}

async fn detail(db: &impl ConnectionTrait, actor: &Actor, ticket: tickets::Model) -> AppResult<TicketDetail> {
    let mut comment_query = comments::Entity::find().filter(comments::Column::TicketId.eq(ticket.id));
    if !allowed(actor, Action::SeeInternalNotes) {
        comment_query = comment_query.filter(comments::Column::Internal.eq(false));
    }
    let conversation =
        comment_query.order_by_asc(comments::Column::CreatedAt).order_by_asc(comments::Column::Id).all(db).await?;
    let history = ticket_history::Entity::find()
        .filter(ticket_history::Column::TicketId.eq(ticket.id))
        .order_by_asc(ticket_history::Column::CreatedAt)
        .order_by_asc(ticket_history::Column::Id)
        .all(db)
        .await?;
    let people = [Some(ticket.requester_id), ticket.assignee_id]
        .into_iter()
        .flatten()
        .chain(conversation.iter().filter_map(|c| c.author_id))
        .chain(history.iter().filter_map(|h| h.actor_id))
        .collect();
    let names = user_names(db, people).await?;
    let name = |id: i32| names.get(&id).cloned().unwrap_or_else(|| "Deleted user".into());

    let mut timeline: Vec<TimelineEntry> = conversation
        .into_iter()
        .map(|c| TimelineEntry::Comment {
            id: c.id,
            author: c.author_id.map(name).unwrap_or_else(|| "Deleted user".into()),
            body: c.body,
            internal: c.internal,
            at: c.created_at,
        })
        .chain(history.into_iter().map(|h| TimelineEntry::Change {
            field: h.field,
            from: h.old_value,
            to: h.new_value,
            actor: h.actor_id.map(name),
            at: h.created_at,
        }))
        .collect();
    timeline.sort_by_key(|entry| match entry {
        TimelineEntry::Comment { at, .. } | TimelineEntry::Change { at, .. } => *at,
    });

    let department = department_name(db, ticket.department_id, "departmentId").await.unwrap_or_default();
    let (requester, assignee) = (name(ticket.requester_id), ticket.assignee_id.map(name));
    Ok(assemble(ticket, department, requester, assignee, timeline))
}

fn assemble(
    ticket: tickets::Model,
    department: String,
    requester: String,
    assignee: Option<String>,
    timeline: Vec<TimelineEntry>,
) -> TicketDetail {
    TicketDetail {
        department,
        requester,
        assignee,
        id: ticket.id,
        number: ticket.number,
        title: ticket.title,
        description: ticket.description,
        status: ticket.status,
        priority: ticket.priority,
        department_id: ticket.department_id,
        requester_id: ticket.requester_id,
        assignee_id: ticket.assignee_id,
        created_at: ticket.created_at,
        updated_at: ticket.updated_at,
        resolved_at: ticket.resolved_at,
        closed_at: ticket.closed_at,
        version: ticket.version,
        timeline,
    }
}

/// Files a ticket: for oneself, or (staff) on behalf of a customer. It starts Open.
pub async fn create(db: &Database, session: &SessionSlot, input: NewTicket) -> AppResult<TicketDetail> {
    let actor = current_actor(db, session).await?;
    let requester_id = input.requester_id.unwrap_or(actor.id);
    require(&actor, Action::CreateTicket { on_behalf: requester_id != actor.id })?;
    check_title_and_description(&input.title, &input.description)?;
    let department = department_name(db, input.department_id, "departmentId").await?;
    // Oneself (checked above), or an active customer.
    let requester = match users::Entity::find_by_id(requester_id).one(db).await? {
        Some(requester) if requester.id == actor.id => requester.display_name,
        Some(requester) if requester.active && requester.role == Role::Customer => requester.display_name,
        _ => return Err(AppError::field("requesterId", "Choose an active customer.")),
    };

    let now = clock::now_ms();
    let mut ticket = tickets::Model {
        id: 0,
        number: 0,
        title: input.title.trim().to_owned(),
        description: input.description.trim().to_owned(),
        status: Status::Open,
        priority: input.priority.unwrap_or(Priority::Medium),
        department_id: input.department_id,
        requester_id,
        assignee_id: None,
        created_at: now,
        updated_at: now,
        resolved_at: None,
        closed_at: None,
        version: 1,
    };
    use tickets::Column as C;
    // One statement takes the next number, chooses the assignee and inserts: atomic without a transaction.
    let assignee_name = Query::select()
        .column(users::Column::DisplayName)
        .from(users::Entity)
        .and_where(Expr::col((users::Entity, users::Column::Id)).equals((tickets::Entity, C::AssigneeId)))
        .to_owned();
    let next_number = Expr::cust(format!("(SELECT coalesce(max(number) + 1, {FIRST_NUMBER}) FROM tickets)"));
    let insert = Query::insert()
        .into_table(tickets::Entity)
        .columns([
            C::Number,
            C::Title,
            C::Description,
            C::Status,
            C::Priority,
            C::DepartmentId,
            C::RequesterId,
            C::AssigneeId,
            C::CreatedAt,
            C::UpdatedAt,
            C::Version,
        ])
        .values_panic([
            next_number,
            Expr::val(ticket.title.clone()),
            Expr::val(ticket.description.clone()),
            Expr::val(ticket.status),
            Expr::val(ticket.priority),
            Expr::val(ticket.department_id),
            Expr::val(ticket.requester_id),
            SimpleExpr::SubQuery(None, Box::new(chosen_agent().into())),
            Expr::val(now),
            Expr::val(now),
            Expr::val(ticket.version),
        ])
        .returning(Query::returning().exprs([
            Expr::col(C::Id),
            Expr::col(C::Number),
            Expr::col(C::AssigneeId),
            SimpleExpr::SubQuery(None, Box::new(assignee_name.into())),
        ]))
        .to_owned();
    let inserted = db.query_one(&insert).await?.ok_or_else(|| AppError::internal(&"the insert returned no row"))?;
    (ticket.id, ticket.number) = (inserted.try_get("", "id")?, inserted.try_get("", "number")?);
    ticket.assignee_id = inserted.try_get_by_index(2)?;
    let assignee: Option<String> = inserted.try_get_by_index(3)?;
    // A new ticket has no conversation yet and its names are known; its only history is an automatic
    // assignment (written by the insert's trigger), shown as the ticket page would show it.
    let timeline = assignee
        .iter()
        .map(|name| TimelineEntry::Change {
            field: AUTO_ASSIGNEE.into(),
            from: None,
            to: Some(name.clone()),
            actor: None,
            at: now,
        })
        .collect();
    Ok(assemble(ticket, department, requester, assignee, timeline))
}

/// One entry of a change's history: field, old value, new value.
type Recorded = (&'static str, Option<String>, Option<String>);

/// The history of a change: nothing when the value stayed the same.
fn recorded_if(changed: bool, entry: Recorded) -> Vec<Recorded> {
    changed.then_some(entry).into_iter().collect()
}

/// Applies one change to a ticket, if the actor may and the version is current, with its history.
pub async fn change(db: &Database, session: &SessionSlot, input: TicketChange) -> AppResult<TicketDetail> {
    let actor = current_actor(db, session).await?;
    let ticket = visible(db, &actor, input.id).await?;
    let own = ticket.requester_id == actor.id;
    let now = clock::now_ms();
    let mut update = <tickets::ActiveModel as Default>::default();
    let recorded: Vec<Recorded> = match input.change {
        Change::Edit { title, description } => {
            require(&actor, Action::EditTicket { own, status: ticket.status })?;
            check_title_and_description(&title, &description)?;
            let (title, description) = (title.trim().to_owned(), description.trim().to_owned());
            let mut recorded = Vec::new();
            if title != ticket.title {
                recorded.push(("title", Some(ticket.title.clone()), Some(title.clone())));
            }
            if description != ticket.description {
                recorded.push(("description", Some(ticket.description.clone()), Some(description.clone())));
            }
            update.title = Set(title);
            update.description = Set(description);
            recorded
        }
        Change::Status { status } => {
            require(&actor, Action::ChangeStatus { own, from: ticket.status, to: status })?;
            if ticket.status == Status::Closed && status != Status::Open {
                return Err(AppError::new(ErrorCode::Validation, "A closed ticket can only be reopened."));
            }
            update.status = Set(status);
            match status {
                Status::Resolved => update.resolved_at = Set(Some(now)),
                Status::Closed => {
                    update.closed_at = Set(Some(now));
                    if ticket.resolved_at.is_none() {
                        update.resolved_at = Set(Some(now));
                    }
                }
                Status::Open | Status::InProgress | Status::OnHold => {
                    update.resolved_at = Set(None);
                    update.closed_at = Set(None);
                }
            }
            recorded_if(status != ticket.status, ("status", Some(ticket.status.to_value()), Some(status.to_value())))
        }
        Change::Priority { priority } => {
            require(&actor, Action::TriageTicket)?;
            update.priority = Set(priority);
            let changed = priority != ticket.priority;
            changed
                .then(|| ("priority", Some(ticket.priority.to_value()), Some(priority.to_value())))
                .into_iter()
                .collect()
        }
        Change::Department { department } => {
            require(&actor, Action::TriageTicket)?;
            let to = department_name(db, department, "department").await?;
            let from = department_name(db, ticket.department_id, "department").await.ok();
            update.department_id = Set(department);
            recorded_if(department != ticket.department_id, ("department", from, Some(to)))
        }
        Change::Assignee { assignee } => {
            require(&actor, Action::AssignTicket)?;
            let to = match assignee {
                Some(id) => Some(assignable_name(db, id).await?),
                None => None,
            };
            let from = match ticket.assignee_id {
                Some(id) => user_names(db, HashSet::from([id])).await?.remove(&id),
                None => None,
            };
            update.assignee_id = Set(assignee);
            recorded_if(assignee != ticket.assignee_id, ("assignee", from, to))
        }
    };
    let txn = db.begin().await?;
    save_change(&txn, &actor, &ticket, input.version, update, recorded, now).await?;
    let saved = visible(&txn, &actor, ticket.id).await?;
    let result = detail(&txn, &actor, saved).await?;
    txn.commit().await?;
    Ok(result)
}

/// The display name of an active agent or admin, or a field error.
async fn assignable_name(db: &impl ConnectionTrait, id: i32) -> AppResult<String> {
    match users::Entity::find_by_id(id).one(db).await? {
        Some(user) if user.active && user.role.is_staff() => Ok(user.display_name),
        _ => Err(AppError::field("assignee", "Choose an active agent or admin.")),
    }
}

/// Writes `update` only if the ticket is still at `version` (then one higher), and its history.
async fn save_change(
    txn: &DatabaseTransaction,
    actor: &Actor,
    ticket: &tickets::Model,
    version: i32,
    mut update: tickets::ActiveModel,
    recorded: Vec<Recorded>,
    now: i64,
) -> AppResult<()> {
    update.updated_at = Set(now);
    let written = tickets::Entity::update_many()
        .set(update)
        .col_expr(tickets::Column::Version, Expr::col(tickets::Column::Version).add(1))
        .filter(tickets::Column::Id.eq(ticket.id))
        .filter(tickets::Column::Version.eq(version))
        .exec(txn)
        .await?;
    if written.rows_affected == 0 {
        return Err(AppError::conflict(
            "Someone changed this ticket since you opened it. Reload it to see their change, then try again.",
        ));
    }
    if !recorded.is_empty() {
        let rows = recorded.into_iter().map(|(field, from, to)| ticket_history::ActiveModel {
            ticket_id: Set(ticket.id),
            actor_id: Set(Some(actor.id)),
            field: Set(field.into()),
            old_value: Set(from),
            new_value: Set(to),
            created_at: Set(now),
            ..Default::default()
        });
        ticket_history::Entity::insert_many(rows).exec(txn).await?;
    }
    Ok(())
}

/// Adds a public reply or (staff) an internal note; customers only on their own, open tickets.
pub async fn comment(db: &Database, session: &SessionSlot, input: NewComment) -> AppResult<TicketDetail> {
    let actor = current_actor(db, session).await?;
    let ticket = visible(db, &actor, input.ticket_id).await?;
    let own = ticket.requester_id == actor.id;
    require(&actor, Action::Comment { own, status: ticket.status, internal: input.internal })?;
    let mut errors = FieldErrors::default();
    errors.check("body", text_rule(&input.body, 1, COMMENT_MAX));
    errors.into_result()?;

    let now = clock::now_ms();
    let txn = db.begin().await?;
    comments::ActiveModel {
        ticket_id: Set(ticket.id),
        author_id: Set(Some(actor.id)),
        body: Set(input.body.trim().to_owned()),
        internal: Set(input.internal),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    tickets::Entity::update_many()
        .col_expr(tickets::Column::UpdatedAt, Expr::value(now))
        .filter(tickets::Column::Id.eq(ticket.id))
        .exec(&txn)
        .await?;
    let saved = visible(&txn, &actor, ticket.id).await?;
    let result = detail(&txn, &actor, saved).await?;
    txn.commit().await?;
    Ok(result)
}

/// Deletes a ticket with its conversation and history (admins only; the UI confirms first).
pub async fn delete(db: &Database, session: &SessionSlot, id: i32) -> AppResult<()> {
    let actor = current_actor(db, session).await?;
    require(&actor, Action::DeleteTicket)?;
    let ticket = visible(db, &actor, id).await?;
    tickets::Entity::delete_by_id(ticket.id).exec(db).await?;
    Ok(())
}
