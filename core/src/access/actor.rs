use crate::entities::users::Role;

/// The user a use case acts for, as the session check found them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub id: i32,
    pub role: Role,
}
