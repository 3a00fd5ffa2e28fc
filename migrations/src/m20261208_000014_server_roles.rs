//! On PostgreSQL, the server enforces who may see and change what, as the app does: whoever has a
//! desktop can also run `psql`. The schema belongs to an owner role no desktop logs in as; every
//! account is a login of its own, in the group of its role; row-level security, forced on the
//! owner too, lets each group reach only the rows the permission table gives it
//! (`m20261208_000014_server_roles.sql`). Nothing changes in a file.
pub(crate) const MIGRATION: crate::ServerScript = crate::ServerScript {
    module: module_path!(),
    up: include_str!("m20261208_000014_server_roles.sql"),
    down: include_str!("m20261208_000014_server_roles_down.sql"),
};
