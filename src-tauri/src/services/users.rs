//! Accounts: the user DTO, account creation (one way for every caller), profiles, passwords, the
//! admin's changes to other accounts (never to their own, never leaving no active admin), and the
//! staff directory.
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};

use crate::db::Database;
use crate::entities::tickets;
use crate::entities::users::{self, Role};
use crate::error::{AppError, AppResult, ErrorCode, FieldErrors};
use crate::services::permissions::{Action, require};
use crate::services::session::{Actor, SessionSlot, current_actor};
use crate::services::{audit, clock, passwords, validation};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UserDto {
    pub id: i32,
    pub username: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
    /// Locked after too many failed logins, until the lock runs out or an admin unlocks it.
    pub locked: bool,
}

impl From<users::Model> for UserDto {
    fn from(user: users::Model) -> Self {
        Self {
            locked: user.locked_until.is_some_and(|until| until > clock::now_ms()),
            id: user.id,
            username: user.username,
            email: user.email,
            display_name: user.display_name,
            role: user.role,
            active: user.active,
        }
    }
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewAccount {
    pub username: String,
    pub email: String,
    /// Defaults to the username when empty.
    pub display_name: Option<String>,
    pub password: String,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StaffNewAccount {
    pub account: NewAccount,
    pub role: Role,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProfileUpdate {
    pub display_name: String,
    pub email: String,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

pub const DISPLAY_NAME_MAX: usize = 100;

fn display_name_rule(name: &str) -> Result<(), String> {
    if name.is_empty() || name.chars().count() > DISPLAY_NAME_MAX || name.chars().any(char::is_control) {
        return Err(format!("Use 1 to {DISPLAY_NAME_MAX} characters, on one line."));
    }
    Ok(())
}

/// Field errors for a username or email another account already uses (`except` is the account
/// being edited).
async fn taken_fields(
    db: &impl ConnectionTrait,
    username: Option<&str>,
    email: &str,
    except: Option<i32>,
) -> AppResult<()> {
    let mut query = users::Entity::find().filter(match username {
        Some(username) => users::Column::Username.eq(username).or(users::Column::Email.eq(email)),
        None => users::Column::Email.eq(email),
    });
    if let Some(id) = except {
        query = query.filter(users::Column::Id.ne(id));
    }
    let mut errors = FieldErrors::default();
    for user in query.all(db).await? {
        if Some(user.username.as_str()) == username {
            errors.add("username", "This username is taken.");
        }
        if user.email == email {
            errors.add("email", "An account with this email already exists.");
        }
    }
    errors.into_result()
}

/// Validates and stores a new account with `role`. Taken usernames and emails are field errors, so
/// the form can say which one.
pub async fn insert_account(db: &impl ConnectionTrait, input: NewAccount, role: Role) -> AppResult<users::Model> {
    let username = validation::normalize(&input.username);
    let email = validation::normalize(&input.email);
    let display_name = input.display_name.as_deref().map(str::trim).filter(|n| !n.is_empty()).unwrap_or(&username);
    let display_name = display_name.to_owned();

    let mut errors = FieldErrors::default();
    errors.check("username", validation::username(&username));
    errors.check("email", validation::email(&email));
    errors.check("password", validation::password(&input.password, &username, &email));
    errors.check("displayName", display_name_rule(&display_name));
    errors.into_result()?;
    taken_fields(db, Some(&username), &email, None).await?;

    let password_hash = passwords::hash(input.password).await?;
    let now = clock::now_ms();
    let user = users::ActiveModel {
        username: Set(username),
        email: Set(email),
        display_name: Set(display_name),
        password_hash: Set(password_hash),
        role: Set(role),
        active: Set(true),
        failed_logins: Set(0),
        locked_until: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    Ok(user.insert(db).await?)
}

/// Staff create accounts for others: agents customers and agents, admins any role.
pub async fn create(db: &Database, session: &SessionSlot, input: StaffNewAccount) -> AppResult<UserDto> {
    require(&current_actor(db, session).await?, Action::CreateAccount { role: input.role })?;
    Ok(insert_account(db, input.account, input.role).await?.into())
}

pub async fn list(db: &Database, session: &SessionSlot) -> AppResult<Vec<UserDto>> {
    require(&current_actor(db, session).await?, Action::ListUsers)?;
    let users = users::Entity::find().order_by_asc(users::Column::Username).all(db).await?;
    Ok(users.into_iter().map(UserDto::from).collect())
}

async fn find(db: &Database, id: i32) -> AppResult<users::Model> {
    users::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::new(ErrorCode::NotFound, "That user no longer exists."))
}

pub async fn unlock(db: &Database, session: &SessionSlot, user_id: i32) -> AppResult<UserDto> {
    require(&current_actor(db, session).await?, Action::UnlockUser)?;
    let mut user = find(db, user_id).await?.into_active_model();
    user.failed_logins = Set(0);
    user.locked_until = Set(None);
    user.updated_at = Set(clock::now_ms());
    Ok(user.update(db).await?.into())
}

/// Everyone edits their own display name and email.
pub async fn update_profile(db: &Database, session: &SessionSlot, input: ProfileUpdate) -> AppResult<UserDto> {
    let actor = current_actor(db, session).await?;
    let display_name = input.display_name.trim().to_owned();
    let email = validation::normalize(&input.email);
    let mut errors = FieldErrors::default();
    errors.check("displayName", display_name_rule(&display_name));
    errors.check("email", validation::email(&email));
    errors.into_result()?;
    taken_fields(db, None, &email, Some(actor.id)).await?;

    let mut user = find(db, actor.id).await?.into_active_model();
    user.display_name = Set(display_name);
    user.email = Set(email);
    user.updated_at = Set(clock::now_ms());
    Ok(user.update(db).await?.into())
}

/// Everyone changes their own password, proving the current one first.
pub async fn change_password(db: &Database, session: &SessionSlot, input: PasswordChange) -> AppResult<()> {
    let actor = current_actor(db, session).await?;
    let user = find(db, actor.id).await?;
    if !passwords::verify(input.current_password, Some(user.password_hash.clone())).await? {
        return Err(AppError::field("currentPassword", "This is not your current password."));
    }
    let mut errors = FieldErrors::default();
    errors.check("newPassword", validation::password(&input.new_password, &user.username, &user.email));
    errors.into_result()?;

    let mut update = user.into_active_model();
    update.password_hash = Set(passwords::hash(input.new_password).await?);
    update.updated_at = Set(clock::now_ms());
    update.update(db).await?;
    Ok(())
}

/// What an admin may change about another account.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UserUpdate {
    pub id: i32,
    pub display_name: String,
    pub email: String,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StaffMember {
    pub id: i32,
    pub display_name: String,
}

/// Serialises the admin actions that can take away an admin, so that two of them racing can never
/// leave the desk without an active admin.
static ADMIN_CHANGES: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Starts a change that could take away an admin. The lock comes first, so the acting admin's own
/// role is read after any change racing with this one.
async fn begin_admin_change(
    db: &Database,
    session: &SessionSlot,
) -> AppResult<(tokio::sync::MutexGuard<'static, ()>, Actor)> {
    let guard = ADMIN_CHANGES.lock().await;
    let actor = current_actor(db, session).await?;
    require(&actor, Action::ManageUsers)?;
    Ok((guard, actor))
}

fn not_on_yourself(actor_id: i32, target_id: i32, what: &str) -> AppResult<()> {
    if actor_id == target_id {
        return Err(AppError::new(ErrorCode::Forbidden, format!("You cannot {what} your own account.")));
    }
    Ok(())
}

/// Refuses a change that would leave `target` (an active admin now) unable to act as admin while
/// no other active admin remains.
async fn keep_an_admin(db: &impl ConnectionTrait, target: &users::Model) -> AppResult<()> {
    if target.role != Role::Admin || !target.active {
        return Ok(());
    }
    let others = users::Entity::find()
        .filter(users::Column::Role.eq(Role::Admin))
        .filter(users::Column::Active.eq(true))
        .filter(users::Column::Id.ne(target.id))
        .count(db)
        .await?;
    if others == 0 {
        return Err(AppError::conflict(
            "This is the last active administrator. Make someone else an administrator first.",
        ));
    }
    Ok(())
}

fn describe(user: &users::Model) -> String {
    format!("{:?} {} ({})", user.role, user.username, user.display_name).to_lowercase()
}

/// Admins change another account's name, email and role.
pub async fn update(db: &Database, session: &SessionSlot, input: UserUpdate) -> AppResult<UserDto> {
    let (_guard, actor) = begin_admin_change(db, session).await?;
    let user = find(db, input.id).await?;
    if input.role != user.role {
        not_on_yourself(actor.id, user.id, "change the role of")?;
        keep_an_admin(db, &user).await?;
    }
    let display_name = input.display_name.trim().to_owned();
    let email = validation::normalize(&input.email);
    let mut errors = FieldErrors::default();
    errors.check("displayName", display_name_rule(&display_name));
    errors.check("email", validation::email(&email));
    errors.into_result()?;
    taken_fields(db, None, &email, Some(user.id)).await?;

    let txn = db.begin().await?;
    let before = describe(&user);
    let mut update = user.into_active_model();
    update.display_name = Set(display_name);
    update.email = Set(email);
    update.role = Set(input.role);
    update.updated_at = Set(clock::now_ms());
    let updated = update.update(&txn).await?;
    audit::record(&txn, &actor, "user.update", format!("{before} → {}", describe(&updated))).await?;
    txn.commit().await?;
    Ok(updated.into())
}

/// Admins deactivate (their history stays, they cannot log in) and reactivate other accounts.
pub async fn set_active(db: &Database, session: &SessionSlot, user_id: i32, active: bool) -> AppResult<UserDto> {
    let (_guard, actor) = begin_admin_change(db, session).await?;
    let user = find(db, user_id).await?;
    not_on_yourself(actor.id, user.id, if active { "reactivate" } else { "deactivate" })?;
    if !active {
        keep_an_admin(db, &user).await?;
    }
    let txn = db.begin().await?;
    let target = describe(&user);
    let mut update = user.into_active_model();
    update.active = Set(active);
    update.updated_at = Set(clock::now_ms());
    let updated = update.update(&txn).await?;
    audit::record(&txn, &actor, if active { "user.reactivate" } else { "user.deactivate" }, target).await?;
    txn.commit().await?;
    Ok(updated.into())
}

/// Admins set a new password for another account (which also lifts a lockout).
pub async fn reset_password(db: &Database, session: &SessionSlot, user_id: i32, password: String) -> AppResult<()> {
    let actor = current_actor(db, session).await?;
    require(&actor, Action::ManageUsers)?;
    let user = find(db, user_id).await?;
    not_on_yourself(actor.id, user.id, "reset the password of (use Change password)")?;
    let mut errors = FieldErrors::default();
    errors.check("password", validation::password(&password, &user.username, &user.email));
    errors.into_result()?;
    let password_hash = passwords::hash(password).await?;
    let txn = db.begin().await?;
    let target = describe(&user);
    let mut update = user.into_active_model();
    update.password_hash = Set(password_hash);
    update.failed_logins = Set(0);
    update.locked_until = Set(None);
    update.updated_at = Set(clock::now_ms());
    update.update(&txn).await?;
    audit::record(&txn, &actor, "user.reset_password", target).await?;
    txn.commit().await?;
    Ok(())
}

/// Everyone signed in sees who works the desk: names only, no emails, roles or activity.
pub async fn directory(db: &Database, session: &SessionSlot) -> AppResult<Vec<StaffMember>> {
    current_actor(db, session).await?;
    let staff = users::Entity::find()
        .filter(users::Column::Role.is_in([Role::Agent, Role::Admin]))
        .filter(users::Column::Active.eq(true))
        .order_by_asc(users::Column::DisplayName)
        .all(db)
        .await?;
    Ok(staff.into_iter().map(|u| StaffMember { id: u.id, display_name: u.display_name }).collect())
}

/// What happens to the tickets a deleted user requested.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum RequestedTickets {
    /// They become `to`'s tickets.
    MoveTo { to: i32 },
    /// They go, with their conversations and history.
    Delete,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UserDeletion {
    pub id: i32,
    /// Required while the user has requested tickets.
    pub requested_tickets: Option<RequestedTickets>,
}

async fn requested_count(db: &impl ConnectionTrait, user_id: i32) -> AppResult<u64> {
    Ok(tickets::Entity::find().filter(tickets::Column::RequesterId.eq(user_id)).count(db).await?)
}

/// How many tickets `user_id` requested, so the admin can be asked what becomes of them.
pub async fn requested_tickets(db: &Database, session: &SessionSlot, user_id: i32) -> AppResult<i32> {
    require(&current_actor(db, session).await?, Action::ManageUsers)?;
    find(db, user_id).await?;
    Ok(requested_count(db, user_id).await? as i32)
}

/// Deletes another account. Their requested tickets move to another user or are deleted, as the
/// admin chose; tickets assigned to them become unassigned; their comments and history stay,
/// credited to "Deleted user".
pub async fn delete(db: &Database, session: &SessionSlot, input: UserDeletion) -> AppResult<()> {
    let (_guard, actor) = begin_admin_change(db, session).await?;
    let user = find(db, input.id).await?;
    not_on_yourself(actor.id, user.id, "delete")?;
    keep_an_admin(db, &user).await?;

    let txn = db.begin().await?;
    let requested = requested_count(&txn, user.id).await?;
    if requested > 0 {
        match input.requested_tickets {
            None => {
                return Err(AppError::conflict(format!(
                    "{} requested {requested} ticket{}: choose whether to move them to someone else or delete them.",
                    user.display_name,
                    if requested == 1 { "" } else { "s" }
                )));
            }
            Some(RequestedTickets::MoveTo { to }) => {
                let target = users::Entity::find_by_id(to).one(&txn).await?.filter(|t| t.id != user.id && t.active);
                let Some(target) = target else {
                    return Err(AppError::field("to", "Choose another active user."));
                };
                tickets::Entity::update_many()
                    .col_expr(tickets::Column::RequesterId, Expr::value(target.id))
                    .col_expr(tickets::Column::Version, Expr::col(tickets::Column::Version).add(1))
                    .filter(tickets::Column::RequesterId.eq(user.id))
                    .exec(&txn)
                    .await?;
                audit::record(
                    &txn,
                    &actor,
                    "user.move_tickets",
                    format!("{requested} tickets: {} → {}", describe(&user), describe(&target)),
                )
                .await?;
            }
            Some(RequestedTickets::Delete) => {
                tickets::Entity::delete_many().filter(tickets::Column::RequesterId.eq(user.id)).exec(&txn).await?;
                audit::record(
                    &txn,
                    &actor,
                    "user.delete_tickets",
                    format!("{requested} tickets of {}", describe(&user)),
                )
                .await?;
            }
        }
    }
    tickets::Entity::update_many()
        .col_expr(tickets::Column::AssigneeId, Expr::value(Option::<i32>::None))
        .col_expr(tickets::Column::Version, Expr::col(tickets::Column::Version).add(1))
        .filter(tickets::Column::AssigneeId.eq(user.id))
        .exec(&txn)
        .await?;
    let target = describe(&user);
    users::Entity::delete_by_id(user.id).exec(&txn).await?;
    audit::record(&txn, &actor, "user.delete", target).await?;
    txn.commit().await?;
    Ok(())
}
