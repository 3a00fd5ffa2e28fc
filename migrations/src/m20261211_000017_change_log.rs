//! On PostgreSQL, live work across desktops: a short-lived log of what changed (ids only), each
//! entry announced on the desk's channel (`m20261211_000017_change_log.sql`). Nothing in a file,
//! whose one desktop needs no news of others.
pub(crate) const MIGRATION: crate::ServerScript = crate::ServerScript {
    module: module_path!(),
    up: include_str!("m20261211_000017_change_log.sql"),
    down: include_str!("m20261211_000017_change_log_down.sql"),
};
