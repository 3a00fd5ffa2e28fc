//! Who may do what: one pure function over (acting user, action, resource), used by every service.
//! The UI hides what a role cannot do; this decides.
use super::Actor;
use crate::entities::tickets::Status;
use crate::entities::users::Role;
use crate::error::{AppError, AppResult};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// The queue: staff see every ticket, customers their own (the query scopes it).
    ListTickets,
    /// `own`: the actor is the ticket's requester.
    ViewTicket {
        own: bool,
    },
    CreateTicket {
        on_behalf: bool,
    },
    /// Title and description.
    EditTicket {
        own: bool,
        status: Status,
    },
    ChangeStatus {
        own: bool,
        from: Status,
        to: Status,
    },
    /// Priority and department.
    TriageTicket,
    AssignTicket,
    Comment {
        own: bool,
        status: Status,
        internal: bool,
    },
    SeeInternalNotes,
    DeleteTicket,
    /// Create an account with this role on someone's behalf.
    CreateAccount {
        role: Role,
    },
    ListUsers,
    /// See how many tickets each department holds.
    SeeDepartmentCounts,
    /// Change another account's details, role or status, or set its password.
    ManageUsers,
    UnlockUser,
    ManageSettings,
    /// Back the desk up, and restore it from a backup.
    ManageBackups,
    /// Create, rename and delete departments.
    ManageDepartments,
    ViewAudit,
    /// The whole desk's figures (a customer's dashboard covers their own tickets only).
    SeeDeskFigures,
    /// Move Open tickets from overloaded agents to those with room.
    RebalanceQueues,
}

pub fn allowed(actor: &Actor, action: Action) -> bool {
    use Role::{Admin, Agent, Customer};
    let staff = actor.role.is_staff();
    match (actor.role, action) {
        (_, Action::ListTickets) => true,
        (_, Action::ViewTicket { own }) => staff || own,
        (_, Action::CreateTicket { on_behalf }) => staff || !on_behalf,
        (_, Action::EditTicket { own, status }) => staff || (own && status == Status::Open),
        // Customers may close their own ticket, and reopen it once Resolved or Closed.
        (_, Action::ChangeStatus { own, from, to }) => {
            staff
                || (own && to == Status::Closed && from != Status::Closed)
                || (own && to == Status::Open && matches!(from, Status::Resolved | Status::Closed))
        }
        (_, Action::TriageTicket | Action::AssignTicket | Action::SeeInternalNotes) => staff,
        (_, Action::Comment { own, status, internal }) => staff || (own && status != Status::Closed && !internal),
        (Admin, Action::CreateAccount { .. }) => true,
        (Agent, Action::CreateAccount { role }) => role != Admin,
        (Customer, Action::CreateAccount { .. }) => false,
        (Admin | Agent, Action::ListUsers | Action::SeeDepartmentCounts | Action::SeeDeskFigures) => true,
        (Customer, Action::ListUsers | Action::SeeDepartmentCounts | Action::SeeDeskFigures) => false,
        // Deleting tickets and the desk's administration are for admins alone.
        (
            role,
            Action::DeleteTicket
            | Action::ManageUsers
            | Action::UnlockUser
            | Action::ManageSettings
            | Action::ManageBackups
            | Action::ManageDepartments
            | Action::ViewAudit
            | Action::RebalanceQueues,
        ) => role == Admin,
    }
}

pub fn require(actor: &Actor, action: Action) -> AppResult<()> {
    if allowed(actor, action) { Ok(()) } else { Err(AppError::forbidden()) }
}
