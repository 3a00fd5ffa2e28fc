//! Argon2id with the crate's OWASP defaults (m=19 MiB, t=2, p=1), run on the blocking pool so a
//! hash never stalls the async threads, and at most two at a time, so a burst of logins costs
//! 38 MiB and waits instead of taking 19 MiB each. On a team desk the server checks passwords: each
//! account's login gets a SCRAM-SHA-256 secret made here (`Secret::Server`), and no table holds one.
use std::sync::OnceLock;

use tokio::sync::Semaphore;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};

use sea_orm::DbBackend;

use crate::error::{AppError, AppResult};

/// The longest password the desk accepts, in characters: longer ones are refused before hashing.
pub const LONGEST: usize = 128;

/// Argon2 runs at the same time.
static RUNNING: Semaphore = Semaphore::const_new(2);

/// Runs one Argon2 computation on the blocking pool once a slot is free.
async fn argon2<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> AppResult<T> {
    let _slot = RUNNING.acquire().await.map_err(|e| AppError::internal(&e))?;
    tokio::task::spawn_blocking(work).await.map_err(|e| AppError::internal(&e))
}

/// A new password as the desk keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Secret {
    /// An Argon2 hash, kept in the accounts table of a desk in a file.
    File(String),
    /// A SCRAM-SHA-256 secret for the account's login on a team desk's server, which keeps it where
    /// no desktop reads it. The password never reaches the server, nor its logs.
    Server(String),
}

impl Secret {
    /// `password` as a desk on `backend` keeps it.
    pub async fn new(backend: DbBackend, password: String) -> AppResult<Secret> {
        match backend {
            DbBackend::Postgres => tokio::task::spawn_blocking(move || {
                Secret::Server(postgres_protocol::password::scram_sha_256(password.as_bytes()))
            })
            .await
            .map_err(|e| AppError::internal(&e)),
            _ => hash(password).await.map(Secret::File),
        }
    }

    /// What the accounts table holds: the hash, or nothing when the server keeps the secret.
    pub fn stored(&self) -> &str {
        match self {
            Secret::File(hash) => hash,
            Secret::Server(_) => "",
        }
    }
}

/// One-time codes: 12 of these 32 letters and digits (none of them mistaken for another: no I,
/// O, 0 or 1), 60 random bits, in groups of four.
const CODE_LETTERS: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// A new one-time code, from the operating system's random source.
pub fn one_time_code() -> String {
    use argon2::password_hash::rand_core::RngCore;
    let mut bytes = [0u8; 12];
    OsRng.fill_bytes(&mut bytes);
    let letters: Vec<String> = bytes
        .chunks(4)
        .map(|group| group.iter().map(|byte| char::from(CODE_LETTERS[usize::from(byte % 32)])).collect())
        .collect();
    letters.join("-")
}

/// A one-time code as a desk on `backend` keeps it, made on the calling thread. In a file an
/// Argon2id hash at a low cost (1 MiB, one pass): a code's 60 random bits need no slow hash to
/// withstand guessing, and a desk moves with thousands of them.
pub fn one_time_secret(backend: DbBackend, code: &str) -> AppResult<Secret> {
    if backend == DbBackend::Postgres {
        return Ok(Secret::Server(postgres_protocol::password::scram_sha_256(code.as_bytes())));
    }
    let params = argon2::Params::new(1024, 1, 1, None).map_err(|e| AppError::internal(&e))?;
    let light = Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let salt = SaltString::generate(&mut OsRng);
    let hash = light.hash_password(code.as_bytes(), &salt).map_err(|e| AppError::internal(&e))?;
    Ok(Secret::File(hash.to_string()))
}

pub async fn hash(password: String) -> AppResult<String> {
    argon2(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string())
    })
    .await?
    .map_err(|e| AppError::internal(&e))
}

/// Checks `password` against `stored`, or against a dummy hash when there is no account, so that
/// an unknown user takes as long to refuse as a wrong password. A password longer than any the
/// desk accepts matches nothing and is never hashed.
pub async fn verify(password: String, stored: Option<String>) -> AppResult<bool> {
    if password.chars().count() > LONGEST {
        return Ok(false);
    }
    let exists = stored.is_some();
    let stored = stored.unwrap_or_else(|| dummy_hash().to_owned());
    let matches = argon2(move || {
        PasswordHash::new(&stored)
            .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
            .unwrap_or(false)
    })
    .await?;
    Ok(exists && matches)
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(b"no account has this password", &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(hash: &str) -> String {
        // "$argon2id$v=19$m=19456,t=2,p=1$salt$hash": everything but salt and hash.
        hash.split('$').take(4).collect::<Vec<_>>().join("$")
    }

    #[tokio::test]
    async fn the_dummy_hash_costs_what_a_real_one_costs() {
        let real = hash("plum-kettle-harbour".into()).await.expect("hash");
        assert_eq!(params(dummy_hash()), params(&real));
        assert_eq!(params(&real), "$argon2id$v=19$m=19456,t=2,p=1");
    }

    #[tokio::test]
    async fn a_one_time_code_is_twelve_unmistakable_characters_and_its_light_hash_verifies() {
        let code = one_time_code();
        assert_eq!(code.len(), 14, "{code}");
        assert!(code.split('-').all(|group| group.len() == 4 && group.bytes().all(|b| CODE_LETTERS.contains(&b))));
        assert_ne!(code, one_time_code());
        let Secret::File(stored) = one_time_secret(DbBackend::Sqlite, &code).expect("secret") else {
            panic!("a file keeps a hash")
        };
        assert_eq!(params(&stored), "$argon2id$v=19$m=1024,t=1,p=1");
        assert!(verify(code.clone(), Some(stored.clone())).await.expect("verify"));
        assert!(!verify(code.to_lowercase(), Some(stored)).await.expect("verify"));
        let server = one_time_secret(DbBackend::Postgres, &code).expect("secret");
        assert!(matches!(server, Secret::Server(secret) if secret.starts_with("SCRAM-SHA-256$")));
    }

    #[tokio::test]
    async fn verify_accepts_only_the_right_password_of_an_existing_account() {
        let real = hash("plum-kettle-harbour".into()).await.expect("hash");
        assert!(verify("plum-kettle-harbour".into(), Some(real.clone())).await.expect("verify"));
        assert!(!verify("wrong".into(), Some(real)).await.expect("verify"));
        assert!(!verify("no account has this password".into(), None).await.expect("verify"), "never for no account");
    }

    #[tokio::test]
    async fn a_password_longer_than_the_desk_accepts_matches_nothing() {
        let long = "x".repeat(LONGEST + 1);
        let real = hash(long.clone()).await.expect("hash");
        assert!(!verify(long, Some(real)).await.expect("verify"), "refused before hashing");
        assert!(
            verify("x".repeat(LONGEST), Some(hash("x".repeat(LONGEST)).await.expect("hash"))).await.expect("verify")
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn at_most_two_hashes_run_at_once() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NOW: AtomicUsize = AtomicUsize::new(0);
        static MOST: AtomicUsize = AtomicUsize::new(0);
        let runs = (0..8).map(|_| {
            argon2(|| {
                let running = NOW.fetch_add(1, Ordering::SeqCst) + 1;
                MOST.fetch_max(running, Ordering::SeqCst);
                std::thread::sleep(std::time::Duration::from_millis(40));
                NOW.fetch_sub(1, Ordering::SeqCst);
            })
        });
        let mut all = tokio::task::JoinSet::new();
        for run in runs {
            all.spawn(run);
        }
        all.join_all().await.into_iter().for_each(|r| r.expect("ran"));
        assert!(MOST.load(Ordering::SeqCst) <= 2, "ran {} at once", MOST.load(Ordering::SeqCst));
    }
}
