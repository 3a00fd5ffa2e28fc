//! Desk-wide settings: admins read and change them (every session reads the idle timeout through
//! the session check).
mod dto;
pub use dto::Settings;

use crate::access::{Action, SessionSlot, current_actor, require};
use crate::error::{AppResult, FieldErrors};
use crate::infra::clock;
use crate::infra::database::Database;
use crate::ops::audit;
use crate::store;

pub const SESSION_TIMEOUT_MINUTES: std::ops::RangeInclusive<i32> = 1..=24 * 60;
pub const SESSION_LIFETIME_HOURS: std::ops::RangeInclusive<i32> = 1..=7 * 24;
pub const AGENT_CAPACITY: std::ops::RangeInclusive<i32> = 1..=1000;

pub async fn get(db: &Database, session: &SessionSlot) -> AppResult<Settings> {
    require(&current_actor(db, session).await?, Action::ManageSettings)?;
    Ok(store::settings::load(db).await?.into())
}

pub async fn update(db: &Database, session: &SessionSlot, input: Settings) -> AppResult<Settings> {
    let actor = current_actor(db, session).await?;
    require(&actor, Action::ManageSettings)?;
    let mut errors = FieldErrors::default();
    let (minutes, hours, capacity) = (&SESSION_TIMEOUT_MINUTES, &SESSION_LIFETIME_HOURS, &AGENT_CAPACITY);
    if !minutes.contains(&input.session_timeout_minutes) {
        errors
            .add("sessionTimeoutMinutes", format!("Use {} to {} minutes (24 hours).", minutes.start(), minutes.end()));
    }
    if !hours.contains(&input.session_lifetime_hours) {
        errors.add("sessionLifetimeHours", format!("Use {} to {} hours (a week).", hours.start(), hours.end()));
    }
    if !capacity.contains(&input.agent_capacity) {
        errors.add("agentCapacity", format!("Use {} to {} tickets.", capacity.start(), capacity.end()));
    }
    errors.into_result()?;
    let values = store::settings::Changeable {
        session_timeout_minutes: input.session_timeout_minutes,
        session_lifetime_hours: input.session_lifetime_hours,
        auto_assign: input.auto_assign,
        agent_capacity: input.agent_capacity,
    };
    let txn = db.begin().await?;
    let saved = store::settings::save(&txn, values, clock::now_ms()).await?;
    let described = format!(
        "idle timeout {} min, lifetime {} h, automatic assignment {}, capacity {}",
        saved.session_timeout_minutes,
        saved.session_lifetime_hours,
        if saved.auto_assign { "on" } else { "off" },
        saved.agent_capacity
    );
    audit::record(&txn, &actor, "settings.update", described).await?;
    txn.commit().await?;
    Ok(saved.into())
}
