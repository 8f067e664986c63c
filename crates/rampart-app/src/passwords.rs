//! Password hashing with argon2id (PHC string format), and the random
//! secrets behind sessions, CSRF tokens and API tokens.

use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::config::Argon2Params;
use crate::error::{AppError, Result};

fn hasher(p: Argon2Params) -> Result<Argon2<'static>> {
    let params = Params::new(p.memory_kib, p.iterations, p.parallelism, None)
        .map_err(|e| AppError::Internal(format!("invalid argon2 parameters: {e}")))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes a password with argon2id and a fresh random salt.
pub(crate) fn hash_password(password: &str, p: Argon2Params) -> Result<String> {
    let h = hasher(p)?
        .hash_password(password.as_bytes())
        .map_err(|e| AppError::Internal(format!("password hashing failed: {e}")))?;
    Ok(h.to_string())
}

/// Verifies a password against a stored PHC string (its own parameters are used).
pub(crate) fn verify_password(password: &str, phc: &str) -> bool {
    // Any valid params will do: verification reads them from the PHC string.
    Argon2::default().verify_password(password.as_bytes(), phc).is_ok()
}

/// A hash to verify against when the user does not exist, so that the time a
/// failed login takes does not reveal whether the username exists.
pub(crate) fn dummy_hash(p: Argon2Params) -> String {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY
        .get_or_init(|| hash_password("not a real password, only for timing", p).unwrap_or_default())
        .clone()
}

/// `n` random bytes, URL-safe base64 without padding.
pub(crate) fn random_secret(n: usize) -> String {
    let mut buf = vec![0u8; n];
    rand::fill(&mut buf[..]);
    URL_SAFE_NO_PAD.encode(buf)
}

/// Random lower-case hex of `n` bytes.
pub(crate) fn random_hex(n: usize) -> String {
    let mut buf = vec![0u8; n];
    rand::fill(&mut buf[..]);
    hex::encode(buf)
}

/// SHA-256 hex of a secret, as stored.
pub(crate) fn sha256_hex(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Constant-time equality of two strings of hex digests.
pub(crate) fn ct_eq(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// A generated password: 20 characters from an unambiguous alphabet (~115 bits).
pub(crate) fn generate_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut buf = [0u8; 20];
    rand::fill(&mut buf[..]);
    buf.iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect()
}

/// Checks a new password against the policy.
pub(crate) fn check_policy(password: &str, min_len: usize) -> Result<()> {
    let n = password.chars().count();
    if n < min_len {
        return Err(AppError::invalid(
            "password",
            format!("must be at least {min_len} characters long"),
        ));
    }
    if password.len() > 1024 {
        return Err(AppError::invalid("password", "must be at most 1024 bytes long"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_and_verify() {
        let p = Argon2Params {
            memory_kib: 64,
            iterations: 1,
            parallelism: 1,
        };
        let h = hash_password("correct horse battery staple", p).unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=64,t=1,p=1$"), "{h}");
        assert!(verify_password("correct horse battery staple", &h));
        assert!(!verify_password("correct horse battery stapler", &h));
        assert!(!verify_password("x", "not a phc string"));
        // Salted: the same password hashes differently.
        assert_ne!(h, hash_password("correct horse battery staple", p).unwrap());
        // Production defaults are argon2id too.
        let d = hash_password("correct horse battery staple", Argon2Params::default()).unwrap();
        assert!(d.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{d}");
    }

    #[test]
    fn secrets_are_random() {
        assert_ne!(random_secret(32), random_secret(32));
        assert_eq!(random_secret(32).len(), 43);
        assert_eq!(generate_password().len(), 20);
        assert!(check_policy("short", 12).is_err());
        assert!(ct_eq(&sha256_hex("a"), &sha256_hex("a")));
        assert!(!ct_eq(&sha256_hex("a"), &sha256_hex("b")));
    }
}
