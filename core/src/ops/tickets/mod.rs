//! Tickets: filing, working them (status, triage, assignment, edits), the conversation and the
//! history (a page at a time: `timeline`), deletion; the queue (`queue`), automatic assignment and
//! rebalancing (`assignment`).
//! Every change carries the version it was based on; a stale one is a CONFLICT (`changes`).
mod assignment;
mod changes;
mod dto;
pub mod queue;
pub mod rules;
mod timeline;

pub use assignment::rebalance;
pub(crate) use changes::{move_department, move_requested, unassign_all};
pub use dto::{
    Change, MovedTicket, NewComment, NewTicket, TicketChange, TicketDetail, TicketSummary, TimelineEntry, TimelinePage,
};
pub use queue::{
    AssigneeFilter, PAGE_SIZE, TicketFilters, TicketPage, TicketSort, every, list, page_parts, page_statement,
};
pub use rules::ACTIVE;
use sea_orm::{ActiveEnum, ConnectionTrait, ExprTrait, Set};
pub use timeline::TIMELINE_PAGE;

use crate::access::{Action, Actor, SessionSlot, allowed, current_actor, require};
use crate::entities::tickets::{self, Priority, Status};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::infra::clock;
use crate::infra::database::Database;
use crate::ops::{audit, text};
use crate::store;
use changes::{Recorded, recorded_if, save_change};
use rules::field;

/// What a ticket shows for an account that no longer exists.
pub const DELETED_USER: &str = "Deleted user";

fn not_found() -> AppError {
    AppError::new(ErrorCode::NotFound, "That ticket does not exist or is not yours to see.")
}

/// A department's name, or a field error when there is no such department.
async fn department_name(db: &impl ConnectionTrait, id: i32, form_field: &str) -> AppResult<String> {
    match store::departments::find(db, id).await? {
        Some(department) => Ok(department.name),
        None => Err(AppError::field(form_field, "Choose one of the departments.")),
    }
}

/// The ticket if the actor may see it; NOT_FOUND otherwise, so nobody learns what others filed.
async fn visible_ticket(db: &impl ConnectionTrait, actor: &Actor, id: i32) -> AppResult<tickets::Model> {
    let ticket = store::tickets::find(db, id).await?.ok_or_else(not_found)?;
    if !allowed(actor, Action::ViewTicket { own: ticket.requester_id == actor.id }) {
        return Err(not_found());
    }
    Ok(ticket)
}

pub async fn get(db: &Database, session: &SessionSlot, id: i32) -> AppResult<TicketDetail> {
    let actor = current_actor(db, session).await?;
    let ticket = visible_ticket(db, &actor, id).await?;
    detail(db, &actor, ticket).await
}

/// The earlier part of a ticket's timeline: the page before `before`, a cursor from the ticket
/// (`TicketDetail::earlier`) or from the page before.
pub async fn timeline(db: &Database, session: &SessionSlot, id: i32, before: String) -> AppResult<TimelinePage> {
    let actor = current_actor(db, session).await?;
    visible_ticket(db, &actor, id).await?;
    timeline::page(db, &actor, id, Some(&before)).await
}

/// The ticket with the newest page of its timeline.
async fn detail(db: &impl ConnectionTrait, actor: &Actor, ticket: tickets::Model) -> AppResult<TicketDetail> {
    let newest = timeline::page(db, actor, ticket.id, None).await?;
    let names =
        store::users::names(db, [Some(ticket.requester_id), ticket.assignee_id].into_iter().flatten().collect())
            .await?;
    let name = |id: i32| names.get(&id).cloned().unwrap_or_else(|| DELETED_USER.into());
    // The foreign key keeps a ticket's department in place.
    let department = department_name(db, ticket.department_id, "departmentId").await?;
    let (requester, assignee) = (name(ticket.requester_id), ticket.assignee_id.map(name));
    Ok(assemble(ticket, department, requester, assignee, newest))
}

fn assemble(
    ticket: tickets::Model,
    department: String,
    requester: String,
    assignee: Option<String>,
    timeline: TimelinePage,
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
        timeline: timeline.entries,
        earlier: timeline.earlier,
    }
}

/// Files a ticket: for oneself, or (staff) on behalf of a customer. It starts Open, and goes to the
/// agent automatic assignment chooses (in the same statement).
pub async fn create(db: &Database, session: &SessionSlot, input: NewTicket) -> AppResult<TicketDetail> {
    let actor = current_actor(db, session).await?;
    let requester_id = input.requester_id.unwrap_or(actor.id);
    require(&actor, Action::CreateTicket { on_behalf: requester_id != actor.id })?;
    rules::check_title_and_description(&input.title, &input.description)?;
    let now = clock::now_ms();
    let mut ticket = tickets::Model {
        id: 0,
        number: 0,
        title: text::tidy(&input.title),
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
    // The department and the requester (oneself, or an active customer) are checked by the filing
    // itself: reading them first cost a third of a filing.
    let allowed =
        store::departments::exists(input.department_id).and(store::users::may_request(requester_id, actor.id));
    let Some(filed) = store::tickets::insert(db, &ticket, store::users::least_loaded_agent(), allowed).await? else {
        department_name(db, input.department_id, "departmentId").await?;
        return Err(AppError::field("requesterId", "Choose an active customer."));
    };
    (ticket.id, ticket.number, ticket.assignee_id) = (filed.id, filed.number, filed.assignee_id);
    // A new ticket has no conversation yet and its names are known; its only history is an automatic
    // assignment (written by the insert's trigger), shown as the ticket page would show it.
    let timeline = filed
        .assignee
        .iter()
        .map(|name| TimelineEntry::Change {
            field: field::AUTO_ASSIGNEE.into(),
            from: None,
            to: Some(name.clone()),
            actor: None,
            at: now,
        })
        .collect();
    let timeline = TimelinePage { entries: timeline, earlier: None };
    Ok(assemble(ticket, filed.department, filed.requester, filed.assignee, timeline))
}

/// Applies one change to a ticket, if the actor may and the version is current, with its history.
pub async fn change(db: &Database, session: &SessionSlot, input: TicketChange) -> AppResult<TicketDetail> {
    let actor = current_actor(db, session).await?;
    // The rules are checked against the ticket as it is under the write lock, and the change must
    // name exactly that version: never one that only happens to match by the time it is written.
    let txn = db.begin().await?;
    let ticket = visible_ticket(&txn, &actor, input.id).await?;
    if input.version != ticket.version {
        return Err(changes::changed_meanwhile());
    }
    let own = ticket.requester_id == actor.id;
    let now = clock::now_ms();
    let mut update = <tickets::ActiveModel as Default>::default();
    let recorded: Vec<Recorded> = match input.change {
        Change::Edit { title, description } => {
            require(&actor, Action::EditTicket { own, status: ticket.status })?;
            rules::check_title_and_description(&title, &description)?;
            let (title, description) = (text::tidy(&title), description.trim().to_owned());
            let mut recorded =
                recorded_if(title != ticket.title, (field::TITLE, Some(ticket.title.clone()), Some(title.clone())));
            recorded.extend(recorded_if(
                description != ticket.description,
                (field::DESCRIPTION, Some(ticket.description.clone()), Some(description.clone())),
            ));
            update.title = Set(title);
            update.description = Set(description);
            recorded
        }
        Change::Status { status } => {
            require(&actor, Action::ChangeStatus { own, from: ticket.status, to: status })?;
            rules::check_transition(ticket.status, status)?;
            let (resolved_at, closed_at) = rules::settled_times(&ticket, status, now);
            update.status = Set(status);
            update.resolved_at = Set(resolved_at);
            update.closed_at = Set(closed_at);
            let entry = (field::STATUS, Some(ticket.status.to_value()), Some(status.to_value()));
            recorded_if(status != ticket.status, entry)
        }
        Change::Priority { priority } => {
            require(&actor, Action::TriageTicket)?;
            update.priority = Set(priority);
            let entry = (field::PRIORITY, Some(ticket.priority.to_value()), Some(priority.to_value()));
            recorded_if(priority != ticket.priority, entry)
        }
        Change::Department { department } => {
            require(&actor, Action::TriageTicket)?;
            let to = department_name(&txn, department, "department").await?;
            let from = department_name(&txn, ticket.department_id, "department").await?;
            update.department_id = Set(department);
            recorded_if(department != ticket.department_id, (field::DEPARTMENT, Some(from), Some(to)))
        }
        Change::Assignee { assignee } => {
            require(&actor, Action::AssignTicket)?;
            let to = match assignee {
                Some(id) => Some(assignable_name(&txn, id).await?),
                None => None,
            };
            let from = match ticket.assignee_id {
                Some(id) => store::users::name(&txn, id).await?,
                None => None,
            };
            update.assignee_id = Set(assignee);
            recorded_if(assignee != ticket.assignee_id, (field::ASSIGNEE, from, to))
        }
    };
    save_change(&txn, &actor, &ticket, update, recorded, now).await?;
    let saved = visible_ticket(&txn, &actor, ticket.id).await?;
    let result = detail(&txn, &actor, saved).await?;
    txn.commit().await?;
    Ok(result)
}

/// The display name of an active agent or admin, or a field error.
async fn assignable_name(db: &impl ConnectionTrait, id: i32) -> AppResult<String> {
    match store::users::find(db, id).await? {
        Some(user) if user.active && user.role.is_staff() => Ok(user.display_name),
        _ => Err(AppError::field("assignee", "Choose an active agent or admin.")),
    }
}

/// Adds a public reply or (staff) an internal note; customers only on their own, open tickets.
pub async fn comment(db: &Database, session: &SessionSlot, input: NewComment) -> AppResult<TicketDetail> {
    let actor = current_actor(db, session).await?;
    let ticket = visible_ticket(db, &actor, input.ticket_id).await?;
    let own = ticket.requester_id == actor.id;
    require(&actor, Action::Comment { own, status: ticket.status, internal: input.internal })?;
    rules::check_comment(&input.body)?;

    let now = clock::now_ms();
    let txn = db.begin().await?;
    store::comments::insert(&txn, ticket.id, actor.id, input.body.trim().to_owned(), input.internal, now).await?;
    // The customer sees and sorts by this time: a note they cannot read must not move it.
    if !input.internal {
        store::tickets::touch(&txn, ticket.id, now).await?;
    }
    let saved = visible_ticket(&txn, &actor, ticket.id).await?;
    let result = detail(&txn, &actor, saved).await?;
    txn.commit().await?;
    Ok(result)
}

/// Deletes a ticket with its conversation and history (admins only; the UI confirms first), if it
/// is still the `version` the admin saw: a change that came in meanwhile is CONFLICT.
pub async fn delete(db: &Database, session: &SessionSlot, id: i32, version: i32) -> AppResult<()> {
    let actor = current_actor(db, session).await?;
    require(&actor, Action::DeleteTicket)?;
    let txn = db.begin().await?;
    let ticket = visible_ticket(&txn, &actor, id).await?;
    if ticket.version != version {
        return Err(changes::changed_meanwhile());
    }
    store::tickets::delete(&txn, ticket.id).await?;
    // The ticket and its history are gone: this entry is what remains of them.
    audit::record(&txn, &actor, "ticket.delete", format!("#{} {}", ticket.number, ticket.title)).await?;
    Ok(txn.commit().await?)
}
