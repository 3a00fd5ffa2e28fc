//! Moving a desk between this computer and a team server, whole (`infra::transfer`): "Move this
//! desk to a team server" copies a desk in a file into an empty database on the server, leaving
//! the file as it was; "Export the desk" copies a team desk into a new file this app opens offline.
//! Passwords cannot follow (an Argon2 hash is no SCRAM secret, nor the other way round), so every
//! account but the admin's who moves the desk gets a one-time code, listed for the admin to hand
//! out, and its first sign-in with it chooses its own password (`auth::choose_password`).
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use sea_orm::{AccessMode, ConnectionTrait, DbBackend, IsolationLevel, TransactionTrait};

use super::dto::{DeskCopied, DeskExport, DeskMove, OneTimeCode, TableChecked};
use super::{join, owner_refusal, owner_url, refusal};
use crate::access::{Action, Actor, SessionSlot, current_actor, require};
use crate::entities::users;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::infra::database::{self, Database, DeskTarget};
use crate::infra::passwords::{self, Secret};
use crate::infra::{server, transfer};
use crate::ops::audit;
use crate::ops::auth::{self, Credentials};
use crate::ops::reports::CsvFile;
use crate::store;

/// "Move this desk to a team server" (admins, on a desk in a file): sets a team desk up in the
/// empty database at `input.address` with the owner's login (used once), copies this desk into it
/// while no one writes to it here, checks every table, saves the one-time codes' list beside the
/// file (it is never lost to a dialog closed), and signs the admin in on the team desk with their
/// own password. The file itself is left as it was.
pub async fn move_to_server(
    db: &Database,
    session: &SessionSlot,
    input: DeskMove,
) -> AppResult<(Database, DeskCopied)> {
    let admin = confirmed_admin(db, session, input.password.clone()).await?;
    if db.server().is_some() {
        return Err(AppError::conflict("This desk is on a team server already."));
    }
    let address = input.address;
    let owner_url = owner_url(&address, input.owner)?;
    auth::room_for_a_desk(&owner_url).await.map_err(|error| owner_refusal(&address, error))?;
    let team = DeskTarget::Server(owner_url).open().await.map_err(|error| refusal(&address, &error))?;
    let key = team.server().map(|server| server.key().to_owned()).unwrap_or_default();
    // The desk's write lock, held to the end: nothing changes here while it is copied.
    let source = db.begin().await?;
    let (codes, secrets) = codes_and_secrets(&source, DbBackend::Postgres, &admin, input.password.clone()).await?;
    let txn = team.begin().await?;
    server::act_as_owner(&txn, &key).await?;
    let written = transfer::copy_desk(&source, &txn, &|account: &mut users::Model| {
        account.password_hash.clear();
        account.must_choose_password = account.id != admin.id;
    })
    .await?;
    let logins: Vec<(String, String)> = store::users::all(&txn)
        .await?
        .into_iter()
        .filter_map(|account| Some((account.username, secrets.get(&account.id)?.clone())))
        .collect();
    server::make_logins(&txn, &key, &logins).await?;
    transfer::check(&txn, &written).await?;
    audit::record(&txn, &Actor { id: admin.id, role: admin.role }, "desk.moved_in", db.desk().to_owned()).await?;
    let codes_file = save_codes(&codes_file_beside(&moved_desk_codes(db)?), &codes)?;
    if let Err(error) = txn.commit().await {
        let _ = std::fs::remove_file(&codes_file);
        return Err(error.into());
    }
    source.rollback().await?;
    team.close().await?;
    let joined = join(&address).await?;
    auth::login(&joined, session, Credentials { login: admin.username, password: input.password }).await?;
    let copied = copied(joined.desk(), &written, codes, &codes_file);
    Ok((joined, copied))
}

/// "Export the desk" (admins, on a team desk): copies the desk as the admin's login reads it at
/// one moment into a new file at `input.path` (replacing one there only once the copy is checked),
/// with the one-time codes' list beside it. The admin keeps their password in the file.
pub async fn export_to_file(db: &Database, session: &SessionSlot, input: DeskExport) -> AppResult<DeskCopied> {
    let admin = confirmed_admin(db, session, input.password.clone()).await?;
    if db.server().is_none() {
        return Err(AppError::conflict("A desk on this computer is kept by its backups: make one instead."));
    }
    let target = PathBuf::from(&input.path);
    let folder = target.parent().filter(|folder| folder.is_dir() && target.is_absolute()).ok_or_else(|| {
        AppError::new(ErrorCode::Validation, "Choose where to save the desk: a file in an existing folder.")
    })?;
    let cannot = |error: &dyn std::fmt::Display| {
        AppError::new(ErrorCode::Validation, format!("Could not save the desk to {}: {error}", target.display()))
    };
    // Made in a folder of its own beside the target (the desk's lock file goes with it).
    let work = tempfile::Builder::new().prefix(".helpdesk-export-").tempdir_in(folder).map_err(|e| cannot(&e))?;
    let file = work.path().join("helpdesk.sqlite3");
    let copy = database::open(&file).await?;
    // One moment's desk, without holding up anyone's writes.
    let source = db.orm().begin_with_config(Some(IsolationLevel::RepeatableRead), Some(AccessMode::ReadOnly)).await?;
    let (codes, secrets) = codes_and_secrets(&source, DbBackend::Sqlite, &admin, input.password).await?;
    let txn = copy.begin().await?;
    let written = transfer::copy_desk(&source, &txn, &|account: &mut users::Model| {
        account.password_hash = secrets.get(&account.id).cloned().unwrap_or_default();
        account.must_choose_password = account.id != admin.id;
    })
    .await?;
    transfer::check(&txn, &written).await?;
    let actor = Actor { id: admin.id, role: admin.role };
    audit::record(&txn, &actor, "desk.moved_in", db.desk().to_owned()).await?;
    txn.commit().await?;
    source.rollback().await?;
    copy.close().await?;
    let codes_file = save_codes(&codes_file_beside(&target), &codes)?;
    std::fs::rename(&file, &target).map_err(|e| cannot(&e))?;
    audit::record(db, &actor, "desk.export", target.display().to_string()).await?;
    Ok(copied(&target.display().to_string(), &written, codes, &codes_file))
}

/// The signed-in admin, once they gave their password again: moving a desk hands every account
/// a new password.
async fn confirmed_admin(db: &Database, session: &SessionSlot, password: String) -> AppResult<users::Model> {
    let actor = current_actor(db, session).await?;
    require(&actor, Action::ManageBackups)?;
    let admin = store::users::find(db, actor.id).await?.ok_or_else(AppError::unauthenticated)?;
    auth::confirm_password(db, session, &admin, password, "password").await?;
    Ok(admin)
}

/// Every account's one-time code but `admin`'s, and each account's secret for a desk on `backend`
/// (the admin's from their own password). Made on the blocking pool, two halves at once.
async fn codes_and_secrets(
    source: &impl ConnectionTrait,
    backend: DbBackend,
    admin: &users::Model,
    password: String,
) -> AppResult<(Vec<OneTimeCode>, HashMap<i32, String>)> {
    let others: Vec<users::Model> =
        store::users::all(source).await?.into_iter().filter(|account| account.id != admin.id).collect();
    let half = others.len().div_ceil(2).max(1);
    let mut halves = tokio::task::JoinSet::new();
    for (order, accounts) in others.chunks(half).map(<[users::Model]>::to_vec).enumerate() {
        halves.spawn_blocking(move || {
            let made: AppResult<Vec<(OneTimeCode, i32, Secret)>> = accounts
                .into_iter()
                .map(|account| {
                    let code = passwords::one_time_code();
                    let secret = passwords::one_time_secret(backend, &code)?;
                    let listed = OneTimeCode {
                        name: account.display_name,
                        username: account.username,
                        email: account.email,
                        role: account.role,
                        code,
                    };
                    Ok((listed, account.id, secret))
                })
                .collect();
            made.map(|made| (order, made))
        });
    }
    let mut made = Vec::new();
    for half in halves.join_all().await {
        made.push(half?);
    }
    made.sort_by_key(|(order, _)| *order);
    let mut codes = Vec::with_capacity(others.len());
    let mut secrets = HashMap::with_capacity(others.len() + 1);
    for (listed, id, secret) in made.into_iter().flat_map(|(_, made)| made) {
        codes.push(listed);
        secrets.insert(id, kept(secret));
    }
    secrets.insert(admin.id, kept(Secret::new(backend, password).await?));
    Ok((codes, secrets))
}

/// A secret as the copy keeps it: a file's hash in the accounts table, a server's on the login.
fn kept(secret: Secret) -> String {
    match secret {
        Secret::File(hash) | Secret::Server(hash) => hash,
    }
}

/// Where a copied desk's one-time codes are saved: `desk.sqlite3` has `desk-one-time-codes.csv`.
fn codes_file_beside(desk: &Path) -> PathBuf {
    let stem = desk.file_stem().and_then(|stem| stem.to_str()).unwrap_or("helpdesk");
    desk.with_file_name(format!("{stem}-one-time-codes.csv"))
}

/// The name beside a moved desk's file that its codes are named after, with the time of the move,
/// so that a second move never replaces the first one's list: `helpdesk-moved-<time>`.
fn moved_desk_codes(db: &Database) -> AppResult<PathBuf> {
    let file = db.path().ok_or_else(|| AppError::conflict("This desk is on a team server already."))?;
    let stem = file.file_stem().and_then(|stem| stem.to_str()).unwrap_or("helpdesk");
    let stamp = chrono::Local::now().format("%Y-%m-%d-%H%M%S");
    Ok(file.with_file_name(format!("{stem}-moved-{stamp}")))
}

/// Saves the one-time codes' list as CSV, readable by its owner alone; the path written.
fn save_codes(path: &Path, codes: &[OneTimeCode]) -> AppResult<String> {
    let path = path.to_string_lossy();
    let mut file = CsvFile::create(&path)?;
    file.row(["Name", "Username", "Email", "Role", "One-time code"])?;
    for listed in codes {
        file.row([listed.name.as_str(), &listed.username, &listed.email, listed.role.label(), &listed.code])?;
    }
    file.finish_private()?;
    Ok(path.into_owned())
}

fn copied(desk: &str, written: &[transfer::TableSum], codes: Vec<OneTimeCode>, codes_file: &str) -> DeskCopied {
    DeskCopied {
        desk: desk.to_owned(),
        tables: written
            .iter()
            .map(|sum| TableChecked { table: sum.table.to_owned(), rows: sum.rows, checksum: sum.checksum() })
            .collect(),
        codes,
        codes_file: codes_file.to_owned(),
    }
}
