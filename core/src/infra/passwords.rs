//! Argon2id with the crate's OWASP defaults (m=19 MiB, t=2, p=1), run on the blocking pool so a
//! hash never stalls the async threads.
use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};

use crate::error::{AppError, AppResult};

pub async fn hash(password: String) -> AppResult<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string())
    })
    .await
    .map_err(|e| AppError::internal(&e))?
    .map_err(|e| AppError::internal(&e))
}

/// Checks `password` against `stored`, or against a dummy hash when there is no account, so that
/// an unknown user takes as long to refuse as a wrong password.
pub async fn verify(password: String, stored: Option<String>) -> AppResult<bool> {
    let exists = stored.is_some();
    let stored = stored.unwrap_or_else(|| dummy_hash().to_owned());
    let matches = tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored)
            .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
            .unwrap_or(false)
    })
    .await
    .map_err(|e| AppError::internal(&e))?;
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
    async fn verify_accepts_only_the_right_password_of_an_existing_account() {
        let real = hash("plum-kettle-harbour".into()).await.expect("hash");
        assert!(verify("plum-kettle-harbour".into(), Some(real.clone())).await.expect("verify"));
        assert!(!verify("wrong".into(), Some(real)).await.expect("verify"));
        assert!(!verify("no account has this password".into(), None).await.expect("verify"), "never for no account");
    }
}
