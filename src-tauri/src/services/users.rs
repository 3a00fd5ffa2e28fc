//! Accounts: the user DTO and the one way an account is created.
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter, Set,
};
use serde::{Deserialize, Serialize};

use crate::entities::users::{self, Role};
use crate::error::{AppResult, FieldErrors};
use crate::services::{clock, passwords, validation};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UserDto {
    pub id: i32,
    pub username: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
}

impl From<users::Model> for UserDto {
    fn from(user: users::Model) -> Self {
        Self {
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

pub const DISPLAY_NAME_MAX: usize = 100;

/// Validates and stores a new account with `role`. Taken usernames and emails are field errors, so
/// the form can say which one.
pub async fn insert_account(
    db: &impl ConnectionTrait,
    input: NewAccount,
    role: Role,
) -> AppResult<users::Model> {
    let username = validation::normalize(&input.username);
    let email = validation::normalize(&input.email);
    let display_name = input
        .display_name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or(&username);
    let display_name = display_name.to_owned();

    let mut errors = FieldErrors::default();
    errors.check("username", validation::username(&username));
    errors.check("email", validation::email(&email));
    errors.check(
        "password",
        validation::password(&input.password, &username, &email),
    );
    if display_name.chars().count() > DISPLAY_NAME_MAX || display_name.chars().any(char::is_control)
    {
        errors.add(
            "displayName",
            format!("Use at most {DISPLAY_NAME_MAX} characters, on one line."),
        );
    }
    errors.into_result()?;

    let taken = users::Entity::find()
        .filter(
            users::Column::Username
                .eq(&username)
                .or(users::Column::Email.eq(&email)),
        )
        .all(db)
        .await?;
    let mut errors = FieldErrors::default();
    for user in taken {
        if user.username == username {
            errors.add("username", "This username is taken.");
        }
        if user.email == email {
            errors.add("email", "An account with this email already exists.");
        }
    }
    errors.into_result()?;

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
