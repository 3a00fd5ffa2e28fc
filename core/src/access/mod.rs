//! Who is acting and what they may do: the acting user, the signed-in session, the permission table.
pub mod actor;
pub mod permissions;
pub mod session;

pub use actor::Actor;
pub use permissions::{Action, allowed, require};
pub use session::{SessionSlot, current_actor, signed_in_user};
