//! Which desk this desktop works on: the one on this computer, or a team desk on a PostgreSQL
//! server, joined by its address (the desktop connects as the desk's guest until a person signs in
//! as their own login). Joining says plainly what is wrong: the server unreachable, its certificate
//! not trusted, no help desk in that database, a schema older or newer than the app.
mod dto;
mod moving;
pub use dto::{
    DeskCopied, DeskExport, DeskMove, OneTimeCode, RememberedDesk, RememberedSignIn, TableChecked, TeamAddress,
};
pub use moving::{export_to_file, move_to_server};

use dto::ConnectionFile;

use sea_orm::DbErr;

use crate::access::{Action, SessionSlot, current_actor, require};
use crate::error::{AppError, AppResult, ErrorCode, FieldErrors};
use crate::infra::database::{Database, DeskTarget};
use crate::infra::preferences_file::PreferencesFile;
use crate::infra::{keychain, server};
use crate::ops::auth::{self, AppStatus, Credentials, FirstPassword};
use crate::ops::users::{NewAccount, UserDto};
use crate::ops::{backups, preferences};

/// Opens (and migrates) the desk at `target`, noting a restore carried out in its audit log, and
/// keeps its log short while the app runs; a demo desk is seeded on its first start. The error says
/// what to tell the person.
pub async fn open(target: &DeskTarget, demo: bool) -> AppResult<Database> {
    let db = target.open().await.map_err(|error| AppError::conflict(open_failure(&error)))?;
    backups::record_restored(&db).await?;
    db.keep_log_short();
    if demo {
        crate::ops::demo::seed_if_empty(&db).await?;
    }
    Ok(db)
}

/// "Open a desk file": the Helpdesk desk in the file at `path` (one exported from a team desk),
/// opened as `open` opens one. Any other file is refused untouched: opening it as a desk would add
/// the desk's tables to it.
pub async fn open_file(path: &str) -> AppResult<Database> {
    let file = std::path::PathBuf::from(path);
    let refused = |why: &str| AppError::new(ErrorCode::Validation, why);
    if !file.is_file() {
        return Err(refused("There is no such file."));
    }
    let checked = file.clone();
    let is_desk = tokio::task::spawn_blocking(move || {
        let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY;
        let connection = rusqlite::Connection::open_with_flags(&checked, flags)?;
        connection.query_row(
            "SELECT count(*) = 1 FROM sqlite_master WHERE type = 'table' AND name = 'seaql_migrations'",
            [],
            |row| row.get::<_, bool>(0),
        )
    })
    .await
    .map_err(|e| AppError::internal(&e))?;
    if !is_desk.unwrap_or(false) {
        return Err(refused("This file is not a Helpdesk desk."));
    }
    open(&DeskTarget::File(file), false).await
}

/// The URL a desktop joins `address` by: no login in it, so the desk is joined as its guest.
pub fn url(address: &TeamAddress) -> AppResult<String> {
    let host = address.host.trim();
    let database = address.database.trim();
    let mut errors = FieldErrors::default();
    if host.is_empty() || host.chars().any(|c| c.is_whitespace() || matches!(c, '@' | '?' | '#')) {
        errors.add("host", "Enter the server's name or address, like db.example.com.");
    }
    if address.port == 0 {
        errors.add("port", "Enter the server's port (PostgreSQL's is 5432).");
    }
    if database.is_empty() {
        errors.add("database", "Enter the name of the desk's database, like helpdesk.");
    }
    if address.ca_file.as_deref().is_some_and(|file| !std::path::Path::new(file).is_file()) {
        errors.add("caFile", "There is no such file.");
    }
    errors.into_result()?;
    let socket = host.starts_with('/');
    let mut url = url::Url::parse("postgres://localhost").map_err(|e| AppError::internal(&e))?;
    if !socket {
        let bracketed = if host.contains(':') { format!("[{host}]") } else { host.to_owned() };
        url.set_host(Some(&bracketed))
            .map_err(|_| AppError::field("host", "This is not a server's name or address."))?;
        url.set_port(Some(address.port)).map_err(|()| AppError::field("port", "This is not a port."))?;
    }
    url.set_path(database);
    {
        let mut query = url.query_pairs_mut();
        if socket {
            query.append_pair("host", host).append_pair("port", &address.port.to_string());
        }
        if let Some(file) = &address.ca_file {
            query.append_pair("sslrootcert", file);
        }
    }
    if url.query() == Some("") {
        url.set_query(None);
    }
    Ok(url.to_string())
}

/// Opens the team desk at `address` as its guest, or says what stands in the way on the field
/// that is wrong.
pub async fn join(address: &TeamAddress) -> AppResult<Database> {
    server::open(&url(address)?).await.map_err(|error| refusal(address, &error))
}

/// "Test connection": joins the desk at `address` and signs in with `credentials` on a session of
/// its own, which ends at once. A wrong password counts as at any sign-in.
pub async fn test(address: &TeamAddress, credentials: Credentials) -> AppResult<UserDto> {
    let db = join(address).await?;
    let session = SessionSlot::default();
    let user = auth::login(&db, &session, credentials).await?;
    session.end();
    Ok(user)
}

/// Signs in on `db` (`auth::login`). On a team desk joined as its guest, "Remember me" (`remember`)
/// keeps the password in the keychain for the next start; signing in without it forgets any kept
/// one.
pub async fn sign_in(
    db: &Database,
    session: &SessionSlot,
    file: &PreferencesFile,
    credentials: Credentials,
    remember: bool,
) -> AppResult<UserDto> {
    let (login, password) = (credentials.login.trim().to_owned(), credentials.password.clone());
    let user = auth::login(db, session, credentials).await?;
    keep_sign_in(db, file, login, &password, remember).await?;
    Ok(user)
}

/// The first sign-in with a one-time code (`auth::choose_password`), "Remember me" keeping the
/// password chosen as `sign_in` keeps one.
pub async fn choose_password(
    db: &Database,
    session: &SessionSlot,
    file: &PreferencesFile,
    input: FirstPassword,
    remember: bool,
) -> AppResult<UserDto> {
    let (login, password) = (input.login.trim().to_owned(), input.password.clone());
    let user = auth::choose_password(db, session, input).await?;
    keep_sign_in(db, file, login, &password, remember).await?;
    Ok(user)
}

/// After a sign-in on a joined team desk: keeps `login`'s password in the keychain when
/// `remember`, else forgets any kept one. A keychain that cannot keep it is said in the log, and
/// the sign-in stands.
async fn keep_sign_in(
    db: &Database,
    file: &PreferencesFile,
    login: String,
    password: &str,
    remember: bool,
) -> AppResult<()> {
    if !db.server().is_some_and(server::Server::joined) {
        return Ok(());
    }
    forget_sign_in(file).await?;
    if remember {
        match keychain::keep(db.desk(), &login, password) {
            Ok(()) => {
                let who = RememberedSignIn { desk: db.desk().to_owned(), login };
                preferences::remember_sign_in(file, Some(who)).await?;
            }
            Err(why) => tracing::warn!("the keychain cannot keep the password: {why}"),
        }
    }
    Ok(())
}

/// Signs in whoever ticked "Remember me" on `db` last time, with the password the keychain kept;
/// None when nobody did. A kept password that no longer signs in is forgotten, and the refusal said
/// (one that could not be tried, the server away or the account locked, is kept).
pub async fn sign_in_remembered(
    db: &Database,
    session: &SessionSlot,
    file: &PreferencesFile,
) -> AppResult<Option<UserDto>> {
    let Some(who) = preferences::remembered_sign_in(file).await.filter(|who| who.desk == db.desk()) else {
        return Ok(None);
    };
    let Some(password) = keychain::kept(&who.desk, &who.login) else {
        return Ok(None);
    };
    match auth::login(db, session, Credentials { login: who.login, password }).await {
        Ok(user) => Ok(Some(user)),
        Err(refused) => {
            if refused.code == ErrorCode::Unauthenticated {
                forget_sign_in(file).await?;
            }
            Err(refused)
        }
    }
}

/// Logs out, forgetting a remembered sign-in: the next start asks for the password again.
pub async fn sign_out(session: &SessionSlot, file: &PreferencesFile) -> AppResult<()> {
    auth::logout(session);
    forget_sign_in(file).await
}

/// Forgets who "Remember me" signs in, and their kept password.
async fn forget_sign_in(file: &PreferencesFile) -> AppResult<()> {
    if let Some(who) = preferences::remembered_sign_in(file).await {
        keychain::forget(&who.desk, &who.login);
        preferences::remember_sign_in(file, None).await?;
    }
    Ok(())
}

/// The form of connection file this app writes.
const CONNECTION_FILE_FORM: u32 = 1;

/// The largest connection file read: a few lines of JSON.
const CONNECTION_FILE_MAX_BYTES: u64 = 64 * 1024;

/// The address in the connection file at `path`, for the join form. A certificate authority it
/// carries is written into `certificates` (the app's own folder), which the address then names.
pub async fn read_connection_file(path: &str, certificates: &std::path::Path) -> AppResult<TeamAddress> {
    // Said in a notification: the join form has no field for the file.
    let unreadable = |why: String| AppError::new(ErrorCode::Validation, why);
    let path = std::path::PathBuf::from(path);
    let size =
        tokio::fs::metadata(&path).await.map_err(|e| unreadable(format!("This file cannot be read ({e}).")))?.len();
    if size > CONNECTION_FILE_MAX_BYTES {
        return Err(unreadable("This is not a Helpdesk connection file (it is far too large).".into()));
    }
    let text =
        tokio::fs::read_to_string(&path).await.map_err(|e| unreadable(format!("This file cannot be read ({e}).")))?;
    let file: ConnectionFile =
        serde_json::from_str(&text).map_err(|_| unreadable("This is not a Helpdesk connection file.".into()))?;
    if file.helpdesk_team_desk > CONNECTION_FILE_FORM {
        return Err(unreadable("This connection file was written by a newer version of Helpdesk.".into()));
    }
    let mut address = file.address;
    address.ca_file = None;
    if let Some(certificate) = file.ca_certificate {
        if !certificate.trim_start().starts_with("-----BEGIN CERTIFICATE-----") {
            return Err(unreadable("The certificate in this connection file is not one (PEM).".into()));
        }
        let name: String = format!("{}-{}", address.host, address.database)
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' })
            .collect();
        let kept = certificates.join(format!("{name}.pem"));
        let written = async {
            tokio::fs::create_dir_all(certificates).await?;
            tokio::fs::write(&kept, certificate).await
        };
        written.await.map_err(|e| AppError::internal(&format!("cannot keep the desk's certificate: {e}")))?;
        address.ca_file = Some(kept.to_string_lossy().into_owned());
    }
    Ok(address)
}

/// Admins: writes the team desk's connection file at `path`, for colleagues to join it with.
pub async fn save_connection_file(db: &Database, session: &SessionSlot, path: &str) -> AppResult<()> {
    require(&current_actor(db, session).await?, Action::ManageSettings)?;
    let server = db.server().ok_or_else(|| AppError::conflict("Only a team desk has a connection file."))?;
    let mut address = address_of(server);
    let ca_certificate = match address.ca_file.take() {
        Some(ca_file) => Some(tokio::fs::read_to_string(&ca_file).await.map_err(|e| {
            AppError::new(
                ErrorCode::Validation,
                format!("The desk's certificate authority ({ca_file}) cannot be read ({e})."),
            )
        })?),
        None => None,
    };
    let file = ConnectionFile { helpdesk_team_desk: CONNECTION_FILE_FORM, address, ca_certificate };
    let text = serde_json::to_string_pretty(&file).map_err(|e| AppError::internal(&e))?;
    tokio::fs::write(path, text + "\n")
        .await
        .map_err(|e| AppError::new(ErrorCode::Validation, format!("The file could not be written ({e}).")))
}

/// Where the desk of `server` is, as a connection file and the join form give it.
fn address_of(server: &server::Server) -> TeamAddress {
    let url = server.url();
    let query = |name: &str| url.query_pairs().find(|(key, _)| key == name).map(|(_, value)| value.into_owned());
    let host = query("host").unwrap_or_else(|| url.host_str().unwrap_or_default().trim_matches(['[', ']']).to_owned());
    let port = query("port").and_then(|port| port.parse().ok()).or(url.port()).unwrap_or(5432);
    let database = server::percent_decoded(url.path().trim_start_matches('/'));
    TeamAddress { host, port, database, ca_file: query("sslrootcert") }
}

/// The status while no desk is open: the start screen, saying why the remembered desk did not
/// open (`problem`), with the team desk last joined for the join form.
pub async fn start_screen(file: &PreferencesFile, problem: Option<String>) -> AppStatus {
    let remembered = match preferences::remembered_desk(file).await {
        Some(RememberedDesk::Team { address }) => Some(address),
        _ => None,
    };
    auth::status_without_desk(problem, remembered)
}

/// "Set up a team desk": with a PostgreSQL login that may create roles and owns the desk's empty
/// database (`owner`, used once and kept nowhere), sets the desk up with its first admin
/// (`auth::set_up_team_desk`), then joins it and signs that admin in on `session`.
pub async fn set_up(
    address: &TeamAddress,
    owner: Credentials,
    admin: NewAccount,
    session: &SessionSlot,
) -> AppResult<(Database, UserDto)> {
    let owner_url = owner_url(address, owner)?;
    let credentials = Credentials { login: admin.username.clone(), password: admin.password.clone() };
    auth::set_up_team_desk(&owner_url, admin).await.map_err(|error| owner_refusal(address, error))?;
    let db = join(address).await?;
    let user = auth::login(&db, session, credentials).await?;
    Ok((db, user))
}

/// The URL of the desk at `address` as its server's `owner` login reaches it (setting a desk up,
/// moving one in).
fn owner_url(address: &TeamAddress, owner: Credentials) -> AppResult<String> {
    let mut owner_url = url::Url::parse(&url(address)?).map_err(|e| AppError::internal(&e))?;
    let owner_login = owner.login.trim();
    if owner_login.is_empty() {
        return Err(AppError::field("ownerLogin", "Enter the PostgreSQL login that sets the desk up."));
    }
    owner_url
        .set_username(owner_login)
        .and_then(|()| owner_url.set_password(Some(&owner.password)))
        .map_err(|()| AppError::field("host", "This address takes no login."))?;
    Ok(owner_url.into())
}

/// What the server said to the owner's login, on the field to change.
fn owner_refusal(address: &TeamAddress, error: AppError) -> AppError {
    match error.fields.get("url") {
        Some(said) if said.contains("password authentication failed") => {
            AppError::field("ownerPassword", "The server refused this login and password.")
        }
        Some(said) => refusal(address, &DbErr::Custom(said.clone())),
        None => error,
    }
}

/// What the person is told when the desk at `address` cannot be joined, on the field to change.
fn refusal(address: &TeamAddress, error: &DbErr) -> AppError {
    let text = cause(error);
    let (host, database) = (address.host.trim(), address.database.trim());
    let has = |words: &[&str]| words.iter().any(|word| text.contains(word));
    if has(&["certificate", "tls", "TLS", "ssl", "SSL"]) {
        return AppError::field(
            "caFile",
            format!(
                "The server's certificate is not trusted ({}). Choose the certificate authority's file your \
                 administrator gave you, or ask them to give the server a certificate for {host}.",
                text
            ),
        );
    }
    if has(&["password authentication failed", "does not exist"]) && has(&["_guest", "database"]) {
        return AppError::field(
            "database",
            format!(
                "{host} has no help desk in a database named {database}: check the name, or ask your \
                 administrator to set the desk up (or to bring it up to this version of Helpdesk)."
            ),
        );
    }
    if has(&["older version", "newer version", "address names no database"]) {
        return AppError::field("database", open_failure(error));
    }
    if has(&["no pg_hba.conf entry"]) {
        return AppError::field(
            "host",
            format!("{host} refuses connections from this computer: its administrator must allow them (pg_hba.conf)."),
        );
    }
    let port = address.port;
    if has(&["lookup address", "resolve"]) {
        return AppError::field("host", format!("This computer knows no server named {host}: check its spelling."));
    }
    if has(&["refused"]) {
        return AppError::field(
            "host",
            format!(
                "Nothing answers at {host}, port {port}: check the port, and that the server runs and listens for \
                 other computers (listen_addresses)."
            ),
        );
    }
    if has(&["no answer within", "timed out"]) {
        return AppError::field(
            "host",
            format!(
                "{host} does not answer: check the address, and that a firewall lets this computer reach port {port}."
            ),
        );
    }
    if has(&["unreachable", "No such file"]) {
        return AppError::field("host", format!("The server cannot be reached at {host}, port {port} ({text})."));
    }
    AppError::field("host", open_failure(error))
}

fn open_failure(error: &DbErr) -> String {
    crate::infra::database::open_failure(error)
}

/// The driver's own words for why it could not connect.
fn cause(error: &DbErr) -> String {
    match error {
        DbErr::Conn(sea_orm::RuntimeErr::Internal(cause)) => cause.clone(),
        other => other.to_string(),
    }
}
