//! Backup files of a desk: consistent copies in `backups/` beside the database, named by time and
//! reason, the newest `BACKUPS_KEPT` kept (those taken before an upgrade are all kept: each is the
//! only way back from its upgrade); and the marker that asks for a restore at the next start.
use std::path::{Path, PathBuf};

use sea_orm::{ConnectionTrait, DbErr};

use super::files;

/// The folder beside the database that holds its backups, and how many of them are kept.
pub const BACKUPS: &str = "backups";
pub const BACKUPS_KEPT: usize = 10;
/// The reason of the backup taken before an upgrade, which no rotation removes.
pub const BEFORE_UPGRADE: &str = "before-upgrade";

/// The backups of the database at `path`, oldest first: `<name>-<time>-<reason>.sqlite3`.
pub fn backups(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("helpdesk");
    let prefix = format!("{stem}-");
    let entries = match std::fs::read_dir(backups_folder(path)) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        entries => entries?,
    };
    let mut backups: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            let stamped = name.strip_prefix(&prefix).is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
            stamped && name.ends_with(".sqlite3")
        })
        .collect();
    // Names start with the time, so they sort oldest first.
    backups.sort();
    Ok(backups)
}

/// The file that asks for a restore at the next start: beside the database, holding a backup's name
/// and, on the next line, who asked.
pub fn restore_marker(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_owned();
    name.push(".restore");
    path.with_file_name(name)
}

/// The backups folder of the database at `path`.
pub fn backups_folder(path: &Path) -> PathBuf {
    path.parent().unwrap_or(Path::new(".")).join(BACKUPS)
}

/// Where a restore that was refused leaves its marker, so it is not tried again at every start and
/// what was asked for can still be seen.
pub fn refused_restore_marker(path: &Path) -> PathBuf {
    let mut name = restore_marker(path).into_os_string();
    name.push("-refused");
    name.into()
}

/// Asks for backup `name` to replace the database at `path` at the next start, on behalf of `asked_by`.
pub fn ask_for_restore(path: &Path, name: &str, asked_by: &str) -> std::io::Result<()> {
    std::fs::write(restore_marker(path), format!("{name}\n{asked_by}\n"))?;
    files::flush_folder(path.parent().unwrap_or(Path::new(".")))
}

/// A restore asked for: the backup's file and who asked.
pub(super) struct RestoreRequest {
    pub backup: PathBuf,
    pub asked_by: String,
}

/// The restore asked for, if one was, or why it cannot be carried out.
pub(super) fn pending_restore(path: &Path) -> Option<Result<RestoreRequest, String>> {
    let marker = std::fs::read_to_string(restore_marker(path)).ok()?;
    let mut lines = marker.lines().map(str::trim);
    let (name, asked_by) = (lines.next().unwrap_or_default(), lines.next().unwrap_or_default());
    let backup = backups_folder(path).join(name);
    if name.is_empty() || name.contains(['/', '\\']) || !backup.is_file() {
        return Some(Err(format!("The backup chosen for restoring ({name}) is gone.")));
    }
    Some(Ok(RestoreRequest { backup, asked_by: asked_by.to_owned() }))
}

/// Sets a refused restore's marker aside: the desk opens as it was, and says why once.
pub(super) fn set_restore_aside(path: &Path) -> std::io::Result<()> {
    std::fs::rename(restore_marker(path), refused_restore_marker(path))?;
    files::flush_folder(path.parent().unwrap_or(Path::new(".")))
}

/// A consistent copy of the open database in `backups/` beside it (`VACUUM INTO`, then flushed to
/// disk), named by time and reason; only the newest `BACKUPS_KEPT` are kept.
pub async fn back_up(db: &impl ConnectionTrait, path: &Path, reason: &str) -> Result<PathBuf, DbErr> {
    let folder = backups_folder(path);
    let io = |e: std::io::Error| DbErr::Custom(format!("cannot back up to {}: {e}", folder.display()));
    files::private_folder(&folder).map_err(io)?;
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("helpdesk");
    let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S%.3f");
    let backup = folder.join(format!("{stem}-{stamp}-{reason}.sqlite3"));
    // VACUUM INTO fills an empty file as it finds it, so the copy is private from its first byte.
    files::create_private(&backup).map_err(io)?;
    let target = backup.to_string_lossy().replace('\'', "''");
    db.execute_unprepared(&format!("VACUUM INTO '{target}'")).await?;
    files::flush(&backup).map_err(io)?;
    let upgrade = format!("-{BEFORE_UPGRADE}.sqlite3");
    let backups = backups(path).map_err(io)?;
    let rotating = backups.iter().filter(|b| !b.to_string_lossy().ends_with(&upgrade));
    for old in rotating.rev().skip(BACKUPS_KEPT) {
        std::fs::remove_file(old).map_err(io)?;
    }
    // The new name and the removals are in the folder's entries: flushed too.
    files::flush_folder(&folder).map_err(io)?;
    Ok(backup)
}
