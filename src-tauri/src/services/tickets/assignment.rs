//! Fair automatic assignment: a new ticket goes to the active agent with the most spare capacity
//! (the fewest active tickets, then the longest since their last assignment, then the lowest id), or
//! to nobody when automatic assignment is off or every agent is full. Loads come from the
//! `assignee_counts` tally, so choosing costs a few index reads per agent at any desk size.
use sea_orm::sea_query::{Alias, Expr, Func, Order, Query, SelectStatement, SimpleExpr};
use sea_orm::{ColumnTrait, ExprTrait};

use crate::entities::tickets::Status;
use crate::entities::users::Role;
use crate::entities::{assignee_counts, settings, users};
use crate::services::settings::ROW;

/// The statuses that count towards an agent's load.
pub const ACTIVE: [Status; 3] = [Status::Open, Status::InProgress, Status::OnHold];

/// The active tickets of the user in the enclosing query.
fn load_of_user() -> SimpleExpr {
    let sum = Query::select()
        .expr(Func::coalesce([Expr::col(assignee_counts::Column::Tickets).sum(), Expr::val(0)]))
        .from(assignee_counts::Entity)
        .and_where(
            Expr::col((assignee_counts::Entity, assignee_counts::Column::AssigneeId))
                .equals((users::Entity, users::Column::Id)),
        )
        .and_where(Expr::col((assignee_counts::Entity, assignee_counts::Column::Status)).is_in(ACTIVE))
        .to_owned();
    SimpleExpr::SubQuery(None, Box::new(sum.into()))
}

const LOAD: &str = "load";

/// Every active agent: id, last assignment and load.
fn agents() -> SelectStatement {
    Query::select()
        .columns([(users::Entity, users::Column::Id), (users::Entity, users::Column::LastAssignedAt)])
        .expr_as(load_of_user(), Alias::new(LOAD))
        .from(users::Entity)
        .and_where(users::Column::Role.eq(Role::Agent))
        .and_where(users::Column::Active.eq(true))
        .to_owned()
}

/// The agent a new ticket goes to, as a sub-query (NULL for nobody), to be part of the ticket's
/// INSERT so that choosing and filing are one atomic statement.
pub(super) fn chosen_agent() -> SimpleExpr {
    let agents = Alias::new("agents");
    let of_agent = |c: &str| Expr::col((agents.clone(), Alias::new(c)));
    let desk = |c: settings::Column| Expr::col((settings::Entity, c));
    let chosen = Query::select()
        .expr(of_agent("id"))
        .from_subquery(self::agents(), agents.clone())
        .from(settings::Entity)
        .and_where(desk(settings::Column::Id).eq(ROW))
        .and_where(desk(settings::Column::AutoAssign).eq(true))
        .and_where(of_agent(LOAD).lt(desk(settings::Column::AgentCapacity)))
        .order_by_expr(of_agent(LOAD), Order::Asc)
        .order_by_expr(Func::coalesce([of_agent("last_assigned_at"), Expr::val(0)]).into(), Order::Asc)
        .order_by_expr(of_agent("id"), Order::Asc)
        .limit(1)
        .to_owned();
    SimpleExpr::SubQuery(None, Box::new(chosen.into()))
}
