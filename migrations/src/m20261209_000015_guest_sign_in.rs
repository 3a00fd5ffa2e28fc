//! On PostgreSQL, signing in and registering before anyone has signed in: a guest login every
//! desktop knows, which may only call the functions that count a refused sign-in, name the
//! account of an email, and register a customer (`m20261209_000015_guest_sign_in.sql`). Nothing
//! changes in a file.
pub(crate) const MIGRATION: crate::ServerScript = crate::ServerScript {
    module: module_path!(),
    up: include_str!("m20261209_000015_guest_sign_in.sql"),
    down: include_str!("m20261209_000015_guest_sign_in_down.sql"),
};
