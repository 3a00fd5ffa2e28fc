//! The desk's files are its owner's alone: the folders that hold a database and its backups are
//! made 0700 and every database, log and backup file 0600 (on Unix; Windows gives a user's profile
//! folders to that user already). Flushing goes through a handle opened for writing, which Windows
//! requires for `FlushFileBuffers`.
use std::io;
use std::path::Path;

/// Makes `folder` and any missing parents, each private; folders that already exist stay as they
/// are (a database may be given in a shared folder).
pub fn make_folders(folder: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(folder)
}

/// Makes `folder` if needed and keeps others out of it: for the app's own folders.
pub fn private_folder(folder: &Path) -> io::Result<()> {
    make_folders(folder)?;
    restrict(folder, 0o700)
}

/// Keeps others out of `file`, if it exists.
pub fn private_file(file: &Path) -> io::Result<()> {
    match std::fs::metadata(file) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
        Ok(_) => restrict(file, 0o600),
    }
}

/// An empty file that only its owner can read, for something to be written into (a backup).
pub fn create_private(file: &Path) -> io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(file).map(drop)
}

/// A database's side file: `desk.sqlite3` with `-wal` is `desk.sqlite3-wal`.
pub fn side_file(database: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}

/// Writes `file`'s contents through to the disk.
pub fn flush(file: &Path) -> io::Result<()> {
    std::fs::OpenOptions::new().write(true).open(file)?.sync_all()
}

/// Writes `folder`'s entries through to the disk, so a file created, renamed or removed in it stays
/// so after a power cut (on Unix; NTFS journals its folders itself, and Windows cannot open one
/// as a file).
pub fn flush_folder(folder: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        let folder = if folder.as_os_str().is_empty() { Path::new(".") } else { folder };
        std::fs::File::open(folder)?.sync_all()?;
    }
    #[cfg(not(unix))]
    let _ = folder;
    Ok(())
}

#[cfg(unix)]
fn restrict(path: &Path, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn restrict(_path: &Path, _mode: u32) -> io::Result<()> {
    Ok(())
}
