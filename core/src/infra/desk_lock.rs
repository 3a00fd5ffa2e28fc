//! One app process per desk: an exclusive lock on a file beside the database, taken before anything
//! reads or writes the desk (migrations and a restore included) and held until it is closed. The
//! operating system lets it go when the process ends in any way, so a crash never leaves a desk
//! locked. A launch waits a few seconds for an earlier app that is still closing; a second app that
//! stays (another login session, a shared `HELPDESK_DATABASE`) is then refused.
use std::fs::{File, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use sea_orm::DbErr;

use super::files;

/// The lock file of the database at `path`: `desk.sqlite3` has `desk.sqlite3.lock`.
pub fn lock_file(path: &Path) -> std::path::PathBuf {
    files::side_file(path, ".lock")
}

/// How long a launch waits for the app before it to let the desk go.
const WAIT: Duration = Duration::from_secs(10);

/// Takes the desk's lock, waiting up to `WAIT` for its holder to end, or says which process holds
/// it. The file keeps the holder's process id, for that message.
pub async fn acquire(path: &Path) -> Result<File, DbErr> {
    let lock = lock_file(path);
    let io = |e: std::io::Error| DbErr::Custom(format!("cannot lock {}: {e}", lock.display()));
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&lock).map_err(io)?;
    let waiting_since = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(TryLockError::WouldBlock) if waiting_since.elapsed() < WAIT => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(TryLockError::WouldBlock) => return Err(held_elsewhere(path, &mut file)),
            Err(TryLockError::Error(e)) => return Err(io(e)),
        }
    }
    file.set_len(0).and_then(|()| file.rewind()).and_then(|()| write!(file, "{}", std::process::id())).map_err(io)?;
    Ok(file)
}

/// The refusal when another app keeps the desk.
fn held_elsewhere(path: &Path, file: &mut File) -> DbErr {
    // Windows keeps a locked file's bytes from other processes: then the id is unknown.
    let mut holder = String::new();
    let holder = file.read_to_string(&mut holder).ok().map(|_| holder.trim().to_owned());
    let which = holder.filter(|id| !id.is_empty()).map(|id| format!(" (process {id})")).unwrap_or_default();
    DbErr::Custom(format!(
        "{} is already open in another Helpdesk{which}, perhaps in another user session. \
         Close that one first: a desk is opened by one app at a time.",
        path.display()
    ))
}
