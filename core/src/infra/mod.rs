//! What the domain stands on, knowing no area: the database and its backend, the full-text engine,
//! passwords, the clock and backup files.
pub mod backups;
pub mod clock;
pub mod database;
pub mod files;
pub mod fulltext;
pub mod passwords;
pub mod preferences_file;
