//! Accounts: finding, naming, creating and changing them, login failures, and who work can go to.
use std::collections::{HashMap, HashSet};

use sea_orm::sea_query::{Expr, NullOrdering, Order, Query, SelectStatement, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, ExprTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use crate::entities::settings;
use crate::entities::users::{ActiveModel, Column, Entity, Model, Role};
use crate::error::AppResult;
use crate::infra::database::{Database, Row};
use crate::infra::passwords::Secret;

/// On a team desk through `helpdesk_account` (migration 14), which reads the account with the
/// owner's rights for its own login or staff: a customer's login may read no email, nor the
/// lockout, of any account, their own included, directly.
pub async fn find(db: &impl ConnectionTrait, id: i32) -> AppResult<Option<Model>> {
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        let account = sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "SELECT * FROM helpdesk_account($1)",
            [id.into()],
        );
        return Ok(Entity::find().from_raw_sql(account).one(db).await?);
    }
    Ok(Entity::find_by_id(id).one(db).await?)
}

/// Writes `changes` to account `id` and reads it back: not in one statement (`RETURNING`), which
/// on a team desk would need a customer's login to read their account's every column.
async fn save(db: &impl ConnectionTrait, id: i32, changes: ActiveModel) -> AppResult<Model> {
    Entity::update_many().set(changes).filter(Column::Id.eq(id)).exec(db).await?;
    find(db, id).await?.ok_or_else(|| sea_orm::DbErr::RecordNotUpdated.into())
}

/// The account whose username or email is `login` (both stored lower-cased).
pub async fn find_by_login(db: &impl ConnectionTrait, login: &str) -> AppResult<Option<Model>> {
    Ok(Entity::find().filter(Column::Username.eq(login).or(Column::Email.eq(login))).one(db).await?)
}

/// Whether the desk has any account yet. On a team desk through `helpdesk_has_accounts`
/// (migration 15): the guest login, before anyone signs in, reads no table.
pub async fn any(db: &impl ConnectionTrait) -> AppResult<bool> {
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        return Ok(server_answer(db, "SELECT helpdesk_has_accounts()", []).await?);
    }
    Ok(Entity::find().count(db).await? > 0)
}

/// The one value a team desk's function answers.
async fn server_answer<T: sea_orm::TryGetable, const N: usize>(
    db: &impl ConnectionTrait,
    sql: &str,
    values: [sea_orm::Value; N],
) -> Result<T, sea_orm::DbErr> {
    let statement = sea_orm::Statement::from_sql_and_values(sea_orm::DbBackend::Postgres, sql, values);
    let row = db.query_one_raw(statement).await?.ok_or_else(|| sea_orm::DbErr::RecordNotFound(sql.into()))?;
    row.try_get_by_index(0)
}

/// The account the connection's own login belongs to (a team desk's person signed in as
/// themselves).
pub async fn own(db: &impl ConnectionTrait) -> AppResult<Option<Model>> {
    let account =
        sea_orm::Statement::from_string(sea_orm::DbBackend::Postgres, "SELECT * FROM helpdesk_account(helpdesk_me())");
    Ok(Entity::find().from_raw_sql(account).one(db).await?)
}

/// The username of the account whose email is `email`, on a team desk (a login is named by its
/// username).
pub async fn sign_in_name(db: &impl ConnectionTrait, email: &str) -> AppResult<Option<String>> {
    Ok(server_answer(db, "SELECT helpdesk_sign_in_name($1)", [email.into()]).await?)
}

/// How a team desk counted a sign-in its server refused (`helpdesk_refused_sign_in`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Wrong,
    Locked,
    /// The account's lock had run out, and the right password lifted it: sign in again.
    Lifted,
}

/// Counts a sign-in a team desk's server refused at `login` (a username or an email; `password_right`:
/// the login may not log in now), as `ops::auth` counts one in a file: in SQL with the owner's
/// rights, since the guest and a customer's login may read no lockout.
pub async fn refused_sign_in(db: &impl ConnectionTrait, login: &str, password_right: bool) -> AppResult<Refusal> {
    let answer: String =
        server_answer(db, "SELECT helpdesk_refused_sign_in($1, $2)", [login.into(), password_right.into()]).await?;
    Ok(match answer.as_str() {
        "locked" => Refusal::Locked,
        "lifted" => Refusal::Lifted,
        _ => Refusal::Wrong,
    })
}

/// Registers a customer on a team desk (`helpdesk_register`: the account, its login's password and
/// the audit entry, with the owner's rights); its id.
pub async fn register(db: &impl ConnectionTrait, new: &NewUser) -> Result<i32, sea_orm::DbErr> {
    let secret = match &new.password {
        Secret::Server(secret) => secret.clone(),
        Secret::File(_) => return Err(sea_orm::DbErr::Custom("a team desk's password is a SCRAM secret".into())),
    };
    let values =
        [new.username.clone().into(), new.email.clone().into(), new.display_name.clone().into(), secret.into()];
    server_answer(db, "SELECT helpdesk_register($1, $2, $3, $4)", values).await
}

/// Display names by id; a deleted account has none. Only the names are read: on a team desk a
/// customer's login may read no more of the staff's accounts.
pub async fn names(db: &impl ConnectionTrait, ids: HashSet<i32>) -> AppResult<HashMap<i32, String>> {
    let names = Entity::find()
        .select_only()
        .columns([Column::Id, Column::DisplayName])
        .filter(Column::Id.is_in(ids))
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?;
    Ok(names.into_iter().collect())
}

pub async fn name(db: &impl ConnectionTrait, id: i32) -> AppResult<Option<String>> {
    Ok(names(db, HashSet::from([id])).await?.remove(&id))
}

/// Every account, by username.
pub async fn all(db: &impl ConnectionTrait) -> AppResult<Vec<Model>> {
    Ok(Entity::find().order_by_asc(Column::Username).all(db).await?)
}

/// Active agents and admins, by display name.
pub async fn active_staff(db: &impl ConnectionTrait) -> AppResult<Vec<Model>> {
    Ok(Entity::find()
        .filter(Column::Role.is_in([Role::Agent, Role::Admin]))
        .filter(Column::Active.eq(true))
        .order_by_asc(Column::DisplayName)
        .all(db)
        .await?)
}

/// Up to `limit` active customers whose display name, username or email holds `text` (lower case),
/// by display name: a picker's matches, never the whole list.
pub async fn active_customers_matching(db: &impl ConnectionTrait, text: &str, limit: u64) -> AppResult<Vec<Model>> {
    let holds = |column: Column| super::holds(column, text);
    Ok(Entity::find()
        .filter(Column::Role.eq(Role::Customer))
        .filter(Column::Active.eq(true))
        .filter(holds(Column::DisplayName).or(holds(Column::Username)).or(holds(Column::Email)))
        .order_by_asc(Column::DisplayName)
        .order_by_asc(Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// Who work can go to: agents whose accounts are active (admins and customers never).
fn active_agent() -> Condition {
    Condition::all().add(Column::Role.eq(Role::Agent)).add(Column::Active.eq(true))
}

pub async fn active_agents(db: &impl ConnectionTrait) -> AppResult<Vec<Model>> {
    Ok(Entity::find().filter(active_agent()).all(db).await?)
}

/// The agent a new ticket goes to (no row for nobody): when the desk assigns automatically, the
/// active agent below the capacity with the fewest active tickets, then the longest since their
/// last assignment (never first), then the lowest id. A query, to be a sub-query of the ticket's
/// INSERT, so that choosing and filing are one statement; the load index has this order, so it
/// reads one entry.
pub fn least_loaded_agent() -> SelectStatement {
    let agent = |c: Column| Expr::col((Entity, c));
    let desk = |c: settings::Column| Expr::col((settings::Entity, c));
    Query::select()
        .expr(agent(Column::Id))
        .from(Entity)
        .from(settings::Entity)
        .and_where(desk(settings::Column::Id).eq(super::settings::ROW))
        .and_where(desk(settings::Column::AutoAssign).eq(true))
        .cond_where(active_agent())
        .and_where(agent(Column::ActiveTickets).lt(desk(settings::Column::AgentCapacity)))
        .order_by_expr(agent(Column::ActiveTickets), Order::Asc)
        .order_by_expr_with_nulls(agent(Column::LastAssignedAt), Order::Asc, NullOrdering::First)
        .order_by_expr(agent(Column::Id), Order::Asc)
        .limit(1)
        .to_owned()
}

/// How many active admins there are besides `except`.
pub async fn other_active_admins(db: &impl ConnectionTrait, except: i32) -> AppResult<u64> {
    Ok(Entity::find()
        .filter(Column::Role.eq(Role::Admin))
        .filter(Column::Active.eq(true))
        .filter(Column::Id.ne(except))
        .count(db)
        .await?)
}

/// Which of a username and an email other accounts than `except` already use.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Taken {
    pub username: bool,
    pub email: bool,
}

/// On a team desk through `helpdesk_taken` (migration 14): a customer's login sees no other
/// customer's account, and no email.
pub async fn taken(
    db: &impl ConnectionTrait,
    username: Option<&str>,
    email: &str,
    except: Option<i32>,
) -> AppResult<Taken> {
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        let taken = sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "SELECT * FROM helpdesk_taken($1, $2, $3)",
            [username.map(str::to_owned).into(), email.into(), except.into()],
        );
        let row = db.query_one_raw(taken).await?.ok_or_else(|| sea_orm::DbErr::RecordNotFound("taken".into()))?;
        return Ok(Taken { username: row.try_get_by_index(0)?, email: row.try_get_by_index(1)? });
    }
    let mut query = Entity::find().filter(match username {
        Some(username) => Column::Username.eq(username).or(Column::Email.eq(email)),
        None => Column::Email.eq(email),
    });
    if let Some(id) = except {
        query = query.filter(Column::Id.ne(id));
    }
    let mut taken = Taken::default();
    for user in query.all(db).await? {
        taken.username |= Some(user.username.as_str()) == username;
        taken.email |= user.email == email;
    }
    Ok(taken)
}

/// A new account's fields, validated and normalised by the caller.
pub struct NewUser {
    pub username: String,
    pub email: String,
    pub display_name: String,
    pub password: Secret,
    pub role: Role,
}

/// The database's own error, so the caller can tell a username or email taken a moment earlier
/// (a unique violation) from any other failure. On a team desk the account's login (made by a
/// trigger) gets its password.
pub async fn insert(db: &impl ConnectionTrait, new: NewUser, now: i64) -> Result<Model, sea_orm::DbErr> {
    let user = ActiveModel {
        username: Set(new.username),
        email: Set(new.email),
        display_name: Set(new.display_name),
        password_hash: Set(new.password.stored().to_owned()),
        role: Set(new.role),
        active: Set(true),
        failed_logins: Set(0),
        locked_until: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    set_login_password(db, user.id, &new.password).await?;
    Ok(user)
}

/// Gives a team desk's login its SCRAM secret, through the function that checks who may
/// (`helpdesk_set_password`); a desk in a file keeps the hash in the row itself.
async fn set_login_password(db: &impl ConnectionTrait, id: i32, password: &Secret) -> Result<(), sea_orm::DbErr> {
    let Secret::Server(secret) = password else { return Ok(()) };
    let set = sea_orm::Statement::from_sql_and_values(
        sea_orm::DbBackend::Postgres,
        "SELECT helpdesk_set_password($1, $2)",
        [id.into(), secret.clone().into()],
    );
    db.execute_raw(set).await.map(|_| ())
}

/// Name and email, and the role when one is given (a person's own profile leaves it as it is).
pub async fn set_details(
    db: &impl ConnectionTrait,
    id: i32,
    display_name: String,
    email: String,
    role: Option<Role>,
    now: i64,
) -> AppResult<Model> {
    let changes = ActiveModel {
        display_name: Set(display_name),
        email: Set(email),
        role: role.map_or(sea_orm::ActiveValue::NotSet, Set),
        updated_at: Set(now),
        ..Default::default()
    };
    save(db, id, changes).await
}

pub async fn set_active(db: &impl ConnectionTrait, id: i32, active: bool, now: i64) -> AppResult<Model> {
    save(db, id, ActiveModel { active: Set(active), updated_at: Set(now), ..Default::default() }).await
}

/// A new password, which also lifts a lockout.
pub async fn set_password(db: &impl ConnectionTrait, id: i32, password: Secret, now: i64) -> AppResult<Model> {
    let changes = ActiveModel {
        // On a team desk the row keeps no hash (one from before logins goes): the login's secret is
        // set below.
        password_hash: Set(password.stored().to_owned()),
        failed_logins: Set(0),
        locked_until: Set(None),
        // A password set replaces a one-time code too.
        must_choose_password: Set(false),
        updated_at: Set(now),
        ..Default::default()
    };
    let user = save(db, id, changes).await?;
    set_login_password(db, id, &password).await?;
    Ok(user)
}

/// Moves the password of an account of a team desk made before logins, right a moment ago against
/// its Argon2 hash, to its login: the hash goes and the login gets its secret, together.
pub async fn move_password_to_login(db: &Database, id: i32, password: Secret) -> AppResult<()> {
    let txn = db.begin().await?;
    let changes = ActiveModel { password_hash: Set(password.stored().to_owned()), ..Default::default() };
    Entity::update_many().set(changes).filter(Column::Id.eq(id)).exec(&txn).await?;
    set_login_password(&txn, id, &password).await?;
    Ok(txn.commit().await?)
}

/// Forgets failed logins and lifts a lockout (a successful login, an admin's unlock).
pub async fn clear_failures(db: &impl ConnectionTrait, id: i32, now: i64) -> AppResult<Model> {
    let changes =
        ActiveModel { failed_logins: Set(0), locked_until: Set(None), updated_at: Set(now), ..Default::default() };
    save(db, id, changes).await
}

/// Clears the failed logins of a correct login unless the account is locked at `now` (a lock that
/// concurrent wrong guesses set a moment ago included). None when it is locked.
pub async fn clear_failures_unless_locked(db: &impl ConnectionTrait, id: i32, now: i64) -> AppResult<Option<Model>> {
    let cleared = Entity::update_many()
        .col_expr(Column::FailedLogins, Expr::value(0))
        .col_expr(Column::LockedUntil, Expr::value(Option::<i64>::None))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(Column::Id.eq(id))
        .filter(Column::LockedUntil.is_null().or(Column::LockedUntil.lte(now)))
        .exec(db)
        .await?;
    if cleared.rows_affected == 0 {
        return Ok(None);
    }
    find(db, id).await
}

/// Counts one more failed login, in SQL so that concurrent attempts all count, and at `limit`
/// failures locks the account until `locked_until`. Returns whether it is now locked.
pub async fn count_failed_login(db: &impl ConnectionTrait, id: i32, limit: i32, locked_until: i64) -> AppResult<bool> {
    Entity::update_many()
        .col_expr(Column::FailedLogins, Expr::col(Column::FailedLogins).add(1))
        .filter(Column::Id.eq(id))
        .exec(db)
        .await?;
    let locked = Entity::update_many()
        .col_expr(Column::FailedLogins, Expr::value(0))
        .col_expr(Column::LockedUntil, Expr::value(locked_until))
        .filter(Column::Id.eq(id))
        .filter(Column::FailedLogins.gte(limit))
        .exec(db)
        .await?;
    Ok(locked.rows_affected > 0)
}

pub async fn delete(db: &impl ConnectionTrait, id: i32) -> AppResult<()> {
    Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

/// An account's standing as the session check needs it.
pub struct Standing {
    pub role: Role,
    pub active: bool,
    /// The desk's idle timeout and session lifetime, read in the same statement.
    pub timeout_minutes: i32,
    pub lifetime_hours: i32,
}

impl Standing {
    fn read(row: &Row) -> Result<Standing, sea_orm::DbErr> {
        Ok(Standing {
            role: row.enum_column(0)?,
            active: row.get(1)?,
            timeout_minutes: row.get(2)?,
            lifetime_hours: row.get(3)?,
        })
    }
}

/// Whether `requester` may be the requester of a ticket `actor` files (a condition to file it
/// under): the actor themselves, or an active customer.
pub fn may_request(requester: i32, actor: i32) -> SimpleExpr {
    let account = Query::select()
        .expr(Expr::val(1))
        .from(Entity)
        .and_where(Column::Id.eq(requester))
        .cond_where(
            Condition::any()
                .add(Column::Id.eq(actor))
                .add(Condition::all().add(Column::Role.eq(Role::Customer)).add(Column::Active.eq(true))),
        )
        .to_owned();
    Expr::exists(account)
}

/// Every command starts with this read, so it is one statement on a read-only connection.
pub async fn standing(db: &Database, id: i32) -> AppResult<Option<Standing>> {
    let standing = Query::select()
        .columns([Column::Role, Column::Active])
        .expr(super::settings::value(settings::Column::SessionTimeoutMinutes))
        .expr(super::settings::value(settings::Column::SessionLifetimeHours))
        .from(Entity)
        .and_where(Column::Id.eq(id))
        .to_owned();
    Ok(db.read_rows(db.get_database_backend().build(&standing), Standing::read).await?.pop())
}
