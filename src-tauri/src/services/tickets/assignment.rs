//! Fair automatic assignment: a new ticket goes to the active agent with the most spare capacity
//! (the fewest active tickets, then the longest since their last assignment, then the lowest id), or
//! to nobody when automatic assignment is off or every agent is full. Loads are kept on each user by
//! triggers and indexed in this order, so choosing reads one index entry at any desk size.
use sea_orm::sea_query::{Expr, Order, Query, SelectStatement};
use sea_orm::{ColumnTrait, ExprTrait};

use crate::entities::tickets::Status;
use crate::entities::users::Role;
use crate::entities::{settings, users};
use crate::services::settings::ROW;

/// The statuses that count towards an agent's load.
pub const ACTIVE: [Status; 3] = [Status::Open, Status::InProgress, Status::OnHold];

/// The agent a new ticket goes to (no row for nobody), as a query to be a sub-query of the
/// ticket's INSERT so that choosing and filing are one atomic statement.
pub fn chosen_agent() -> SelectStatement {
    let agent = |c: users::Column| Expr::col((users::Entity, c));
    let desk = |c: settings::Column| Expr::col((settings::Entity, c));
    Query::select()
        .expr(agent(users::Column::Id))
        .from(users::Entity)
        .from(settings::Entity)
        .and_where(desk(settings::Column::Id).eq(ROW))
        .and_where(desk(settings::Column::AutoAssign).eq(true))
        .and_where(users::Column::Role.eq(Role::Agent))
        .and_where(users::Column::Active.eq(true))
        .and_where(agent(users::Column::ActiveTickets).lt(desk(settings::Column::AgentCapacity)))
        .order_by_expr(agent(users::Column::ActiveTickets), Order::Asc)
        // Never assigned (NULL) sorts first: the longest since a last assignment.
        .order_by_expr(agent(users::Column::LastAssignedAt), Order::Asc)
        .order_by_expr(agent(users::Column::Id), Order::Asc)
        .limit(1)
        .to_owned()
}
