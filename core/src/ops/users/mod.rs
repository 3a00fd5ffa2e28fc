//! Accounts: creation (one way for every caller), profiles, passwords, the admin's changes to other
//! accounts (never to their own, never leaving no active admin), deletion, and the staff directory.
mod dto;
pub mod rules;

pub(crate) use dto::REDACTED;
pub use dto::{
    CustomerMatch, NewAccount, PasswordChange, ProfileUpdate, RequestedTickets, StaffMember, StaffNewAccount,
    UserDeletion, UserDto, UserUpdate,
};
use sea_orm::{ConnectionTrait, DatabaseTransaction, TransactionTrait};

use crate::access::{Action, Actor, SessionSlot, current_actor, require};
use crate::entities::users::{self, Role};
use crate::error::{AppError, AppResult, ErrorCode, FieldErrors, lost_a_race};
use crate::infra::clock;
use crate::infra::database::{Database, SignIn};
use crate::infra::passwords::Secret;
use crate::ops::{audit, auth, text, tickets};
use crate::store;
use crate::store::tickets::Whose;

/// Field errors for a username or email another account already uses (`except` is the account
/// being edited).
async fn taken_fields(
    db: &impl ConnectionTrait,
    username: Option<&str>,
    email: &str,
    except: Option<i32>,
) -> AppResult<()> {
    let taken = store::users::taken(db, username, email, except).await?;
    let mut errors = FieldErrors::default();
    if taken.username {
        errors.add("username", "This username is taken.");
    }
    if taken.email {
        errors.add("email", "An account with this email already exists.");
    }
    errors.into_result()
}

/// Validates and stores a new account with `role`. Taken usernames and emails are field errors, so
/// the form can say which one, also when another registration took the name a moment earlier.
pub async fn insert_account(db: &Database, input: NewAccount, role: Role) -> AppResult<users::Model> {
    let new = prepare_account(db, input, role).await?;
    let txn = db.begin().await?;
    let user = store_account(&txn, new).await?;
    txn.commit().await?;
    Ok(user)
}

/// A new account checked and its password hashed (the slow part, kept out of any transaction).
pub(crate) async fn prepare_account(
    db: &impl ConnectionTrait,
    input: NewAccount,
    role: Role,
) -> AppResult<store::users::NewUser> {
    let Checked { username, email, display_name } = check_account(&input)?;
    taken_fields(db, Some(&username), &email, None).await?;

    let password = Secret::new(db.get_database_backend(), input.password).await?;
    Ok(store::users::NewUser { username, email, display_name, password, role })
}

/// A new account's fields as they are stored.
pub(crate) struct Checked {
    pub username: String,
    pub email: String,
    pub display_name: String,
}

/// A new account's fields normalised and checked against the rules (not yet against other accounts).
pub(crate) fn check_account(input: &NewAccount) -> AppResult<Checked> {
    let username = rules::normalize(&input.username);
    let email = rules::normalize(&input.email);
    let display_name =
        input.display_name.as_deref().map(text::tidy).filter(|n| !n.is_empty()).unwrap_or_else(|| username.clone());

    let mut errors = FieldErrors::default();
    errors.check("username", rules::username(&username));
    errors.check("email", rules::email(&email));
    errors.check("password", rules::password(&input.password, &username, &email));
    errors.check("displayName", rules::display_name(&display_name));
    errors.into_result()?;
    Ok(Checked { username, email, display_name })
}

/// Stores a prepared account in `txn`; a name taken meanwhile is the same field error. The insert
/// has a savepoint of its own: PostgreSQL refuses every statement of a transaction after a failed
/// one until it is rolled back, and the taken fields are read after it.
pub(crate) async fn store_account(txn: &DatabaseTransaction, new: store::users::NewUser) -> AppResult<users::Model> {
    let (username, email) = (new.username.clone(), new.email.clone());
    let attempt = txn.begin().await?;
    match store::users::insert(&attempt, new, clock::now_ms()).await {
        Ok(user) => {
            attempt.commit().await?;
            Ok(user)
        }
        Err(error) if lost_a_race(&error) => {
            attempt.rollback().await?;
            taken_fields(txn, Some(&username), &email, None).await?;
            Err(error.into())
        }
        Err(error) => Err(error.into()),
    }
}

/// Registers a prepared customer on a team desk joined as its guest (`store::users::register`:
/// the account, its login's password and its audit entry at once); taken usernames and emails are
/// field errors, as `store_account` gives them.
pub(crate) async fn register_on_server(db: &Database, new: store::users::NewUser) -> AppResult<()> {
    let txn = db.begin().await?;
    match store::users::register(&txn, &new).await {
        Ok(_) => Ok(txn.commit().await?),
        Err(error) if lost_a_race(&error) => {
            txn.rollback().await?;
            taken_fields(db, Some(&new.username), &new.email, None).await?;
            Err(error.into())
        }
        Err(error) => Err(error.into()),
    }
}

/// Stores a prepared account and the audit entry of its creation, in the caller's transaction;
/// `by` is who created it (None: the account itself, at registration or the first run).
pub(crate) async fn store_audited(
    txn: &DatabaseTransaction,
    new: store::users::NewUser,
    by: Option<&Actor>,
    action: &str,
) -> AppResult<users::Model> {
    let user = store_account(txn, new).await?;
    let actor = by.copied().unwrap_or(Actor { id: user.id, role: user.role });
    audit::record(txn, &actor, action, describe(&user)).await?;
    Ok(user)
}

/// Staff create accounts for others: agents customers and agents, admins any role.
pub async fn create(db: &Database, session: &SessionSlot, input: StaffNewAccount) -> AppResult<UserDto> {
    let actor = current_actor(db, session).await?;
    require(&actor, Action::CreateAccount { role: input.role })?;
    let new = prepare_account(db, input.account, input.role).await?;
    let txn = db.begin().await?;
    let user = store_audited(&txn, new, Some(&actor), "user.create").await?;
    txn.commit().await?;
    Ok(user.into())
}

pub async fn list(db: &Database, session: &SessionSlot) -> AppResult<Vec<UserDto>> {
    require(&current_actor(db, session).await?, Action::ListUsers)?;
    Ok(store::users::all(db).await?.into_iter().map(UserDto::from).collect())
}

async fn find(db: &impl ConnectionTrait, id: i32) -> AppResult<users::Model> {
    store::users::find(db, id).await?.ok_or_else(|| AppError::new(ErrorCode::NotFound, "That user no longer exists."))
}

pub async fn unlock(db: &Database, session: &SessionSlot, user_id: i32) -> AppResult<UserDto> {
    let actor = current_actor(db, session).await?;
    require(&actor, Action::UnlockUser)?;
    let txn = db.begin().await?;
    let user = find(&txn, user_id).await?;
    let unlocked = store::users::clear_failures(&txn, user.id, clock::now_ms()).await?;
    audit::record(&txn, &actor, "user.unlock", describe(&user)).await?;
    txn.commit().await?;
    Ok(unlocked.into())
}

/// The display name and email of a profile or an admin's edit, trimmed and checked.
async fn checked_details(
    db: &impl ConnectionTrait,
    id: i32,
    display_name: &str,
    email: &str,
) -> AppResult<(String, String)> {
    let display_name = text::tidy(display_name);
    let email = rules::normalize(email);
    let mut errors = FieldErrors::default();
    errors.check("displayName", rules::display_name(&display_name));
    errors.check("email", rules::email(&email));
    errors.into_result()?;
    taken_fields(db, None, &email, Some(id)).await?;
    Ok((display_name, email))
}

/// Everyone edits their own display name and email.
pub async fn update_profile(db: &Database, session: &SessionSlot, input: ProfileUpdate) -> AppResult<UserDto> {
    let actor = current_actor(db, session).await?;
    let (display_name, email) = checked_details(db, actor.id, &input.display_name, &input.email).await?;
    let user = find(db, actor.id).await?;
    Ok(store::users::set_details(db, user.id, display_name, email, None, clock::now_ms()).await?.into())
}

/// Everyone changes their own password, proving the current one first.
pub async fn change_password(db: &Database, session: &SessionSlot, input: PasswordChange) -> AppResult<()> {
    let actor = current_actor(db, session).await?;
    let user = find(db, actor.id).await?;
    auth::confirm_password(db, session, &user, input.current_password, "currentPassword").await?;
    let mut errors = FieldErrors::default();
    errors.check("newPassword", rules::password(&input.new_password, &user.username, &user.email));
    errors.into_result()?;
    let password = Secret::new(db.get_database_backend(), input.new_password.clone()).await?;
    store::users::set_password(db, user.id, password, clock::now_ms()).await?;
    // A session working through the person's own login connects again with the new password:
    // its pool would open its next connections with the old one.
    if session.connection().is_some()
        && let SignIn::Connected(renewed) = db.sign_in(&user.username, &input.new_password).await?
    {
        session.renew_connection(user.id, renewed);
    }
    Ok(())
}

/// Starts a change that could take away an admin. The write lock comes first (`BEGIN IMMEDIATE`),
/// so the acting admin's own role and the admins left are read after any change racing with this
/// one, from this app or another process: two such changes can never leave no active admin.
async fn begin_admin_change(db: &Database, session: &SessionSlot) -> AppResult<(DatabaseTransaction, Actor)> {
    let txn = db.begin().await?;
    let actor = current_actor(db, session).await?;
    require(&actor, Action::ManageUsers)?;
    Ok((txn, actor))
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
    if store::users::other_active_admins(db, target.id).await? == 0 {
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
    // A role is what an unattended, signed-in window must not hand out: the admin proves it is
    // them first (Argon2 runs before the write lock is taken, not while holding it).
    let confirmed = match &input.password {
        Some(password) => {
            let actor = current_actor(db, session).await?;
            require(&actor, Action::ManageUsers)?;
            let admin = find(db, actor.id).await?;
            auth::confirm_password(db, session, &admin, password.clone(), "password").await?;
            true
        }
        None => false,
    };
    let (txn, actor) = begin_admin_change(db, session).await?;
    let user = find(&txn, input.id).await?;
    if input.role != user.role {
        not_on_yourself(actor.id, user.id, "change the role of")?;
        if !confirmed {
            return Err(AppError::field("password", "Enter your password to change a role."));
        }
        keep_an_admin(&txn, &user).await?;
    }
    let (display_name, email) = checked_details(&txn, user.id, &input.display_name, &input.email).await?;
    let updated =
        store::users::set_details(&txn, user.id, display_name, email, Some(input.role), clock::now_ms()).await?;
    audit::record(&txn, &actor, "user.update", format!("{} → {}", describe(&user), describe(&updated))).await?;
    txn.commit().await?;
    Ok(updated.into())
}

/// Admins deactivate (their history stays, they cannot log in) and reactivate other accounts.
pub async fn set_active(db: &Database, session: &SessionSlot, user_id: i32, active: bool) -> AppResult<UserDto> {
    let (txn, actor) = begin_admin_change(db, session).await?;
    let user = find(&txn, user_id).await?;
    not_on_yourself(actor.id, user.id, if active { "reactivate" } else { "deactivate" })?;
    if !active {
        keep_an_admin(&txn, &user).await?;
    }
    let updated = store::users::set_active(&txn, user.id, active, clock::now_ms()).await?;
    audit::record(&txn, &actor, if active { "user.reactivate" } else { "user.deactivate" }, describe(&user)).await?;
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
    errors.check("password", rules::password(&password, &user.username, &user.email));
    errors.into_result()?;
    let password = Secret::new(db.get_database_backend(), password).await?;
    let txn = db.begin().await?;
    store::users::set_password(&txn, user.id, password, clock::now_ms()).await?;
    audit::record(&txn, &actor, "user.reset_password", describe(&user)).await?;
    txn.commit().await?;
    Ok(())
}

/// Everyone signed in sees who works the desk: names only, no emails, roles or activity.
pub async fn directory(db: &Database, session: &SessionSlot) -> AppResult<Vec<StaffMember>> {
    current_actor(db, session).await?;
    let staff = store::users::active_staff(db).await?;
    Ok(staff.into_iter().map(|u| StaffMember { id: u.id, display_name: u.display_name }).collect())
}

/// At most this many customers answer a search for one.
const CUSTOMER_MATCHES: u64 = 20;

/// The active customers whose name, username or email holds `text`, for staff filing a ticket on
/// someone's behalf: the picker asks as the person types, never for every account.
pub async fn find_customers(db: &Database, session: &SessionSlot, text: String) -> AppResult<Vec<CustomerMatch>> {
    require(&current_actor(db, session).await?, Action::CreateTicket { on_behalf: true })?;
    let text = text::comparable(&text.trim().to_lowercase());
    if text.chars().count() > rules::EMAIL_MAX {
        return Err(AppError::field("text", format!("Search with at most {} characters.", rules::EMAIL_MAX)));
    }
    let found = store::users::active_customers_matching(db, &text, CUSTOMER_MATCHES).await?;
    Ok(found
        .into_iter()
        .map(|u| CustomerMatch { id: u.id, display_name: u.display_name, username: u.username })
        .collect())
}

/// How many tickets `user_id` requested, so the admin can be asked what becomes of them.
pub async fn requested_tickets(db: &Database, session: &SessionSlot, user_id: i32) -> AppResult<i32> {
    require(&current_actor(db, session).await?, Action::ManageUsers)?;
    find(db, user_id).await?;
    let count = store::tickets::count(db, Whose::RequestedBy(user_id)).await?;
    Ok(i32::try_from(count).unwrap_or(i32::MAX))
}

/// Deletes another account. Their requested tickets move to another user or are deleted, as the
/// admin chose; tickets assigned to them become unassigned; every move is a ticket change (a new
/// version and a history entry by the admin). Their comments and history stay, credited to
/// "Deleted user".
pub async fn delete(db: &Database, session: &SessionSlot, input: UserDeletion) -> AppResult<()> {
    let (txn, actor) = begin_admin_change(db, session).await?;
    let user = find(&txn, input.id).await?;
    not_on_yourself(actor.id, user.id, "delete")?;
    keep_an_admin(&txn, &user).await?;
    let now = clock::now_ms();
    let requested = store::tickets::count(&txn, Whose::RequestedBy(user.id)).await?;
    if requested != u64::from(input.tickets_seen) {
        return Err(AppError::conflict(format!(
            "{} has requested {} since you looked ({} then). Look again before deleting the account.",
            user.display_name,
            text::tickets_count(requested),
            input.tickets_seen
        )));
    }
    if requested > 0 {
        settle_requested(&txn, &actor, &user, requested, input.requested_tickets, now).await?;
    }
    tickets::unassign_all(&txn, &actor, &user, now).await?;
    store::users::delete(&txn, user.id).await?;
    audit::record(&txn, &actor, "user.delete", describe(&user)).await?;
    txn.commit().await?;
    Ok(())
}

/// Moves or deletes the tickets a user being deleted requested, as the admin chose.
async fn settle_requested(
    txn: &DatabaseTransaction,
    actor: &Actor,
    user: &users::Model,
    requested: u64,
    choice: Option<RequestedTickets>,
    now: i64,
) -> AppResult<()> {
    match choice {
        None => Err(AppError::conflict(format!(
            "{} requested {}: choose whether to move them to someone else or delete them.",
            user.display_name,
            text::tickets_count(requested)
        ))),
        Some(RequestedTickets::MoveTo { to }) => {
            let target = store::users::find(txn, to).await?.filter(|t| t.id != user.id && t.active);
            let Some(target) = target else {
                return Err(AppError::field("to", "Choose another active user."));
            };
            tickets::move_requested(txn, actor, user, &target, now).await?;
            let what = format!("{requested} tickets: {} → {}", describe(user), describe(&target));
            audit::record(txn, actor, "user.move_tickets", what).await
        }
        Some(RequestedTickets::Delete) => {
            store::tickets::delete_all(txn, Whose::RequestedBy(user.id)).await?;
            audit::record(txn, actor, "user.delete_tickets", format!("{requested} tickets of {}", describe(user))).await
        }
    }
}
