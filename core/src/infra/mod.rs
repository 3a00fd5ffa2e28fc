//! What the domain stands on, knowing no area: the database and its backends (a file, or a team
//! desk's server), the full-text engine, passwords, the clock, backup files and the lock that keeps
//! a desk to one process.
pub mod backups;
pub mod clock;
pub mod database;
pub mod desk_lock;
pub mod files;
pub mod fulltext;
pub mod keychain;
pub mod live;
pub mod passwords;
pub mod preferences_file;
pub mod server;
pub mod transfer;
