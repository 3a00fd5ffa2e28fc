//! Who may do what: one pure function over (acting user, action, resource), used by every service.
//! The UI hides what a role cannot do; this decides.
use crate::entities::users::Role;
use crate::error::{AppError, AppResult};
use crate::services::session::Actor;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// The queue: staff see every ticket, customers their own (the query scopes it).
    ListTickets,
    /// Create an account with this role on someone's behalf.
    CreateAccount {
        role: Role,
    },
    ListUsers,
    UnlockUser,
    ManageSettings,
}

pub fn allowed(actor: &Actor, action: Action) -> bool {
    use Role::{Admin, Agent, Customer};
    match (actor.role, action) {
        (_, Action::ListTickets) => true,
        (Admin, Action::CreateAccount { .. }) => true,
        (Agent, Action::CreateAccount { role }) => role != Admin,
        (Customer, Action::CreateAccount { .. }) => false,
        (Admin | Agent, Action::ListUsers) => true,
        (Customer, Action::ListUsers) => false,
        (Admin, Action::UnlockUser | Action::ManageSettings) => true,
        (Agent | Customer, Action::UnlockUser | Action::ManageSettings) => false,
    }
}

pub fn require(actor: &Actor, action: Action) -> AppResult<()> {
    if allowed(actor, action) { Ok(()) } else { Err(AppError::forbidden()) }
}
