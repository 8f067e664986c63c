//! Settings the use cases need (the binary reads them from its config).

use time::Duration;

/// Argon2id cost parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Argon2Params {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Iterations.
    pub iterations: u32,
    /// Parallelism.
    pub parallelism: u32,
}

impl Default for Argon2Params {
    /// OWASP's first recommended configuration for argon2id: 19 MiB, 2 iterations, 1 lane.
    fn default() -> Self {
        Self {
            memory_kib: 19 * 1024,
            iterations: 2,
            parallelism: 1,
        }
    }
}

/// Application settings.
#[derive(Debug, Clone)]
pub struct AppConfig {
    /// How long a session lasts without activity.
    pub session_ttl: Duration,
    /// Failed logins before the account is locked.
    pub login_max_failures: i64,
    /// How long a lockout lasts.
    pub lockout: Duration,
    /// Default API token lifetime.
    pub token_default_ttl: Duration,
    /// Longest API token lifetime.
    pub token_max_ttl: Duration,
    /// Password hashing cost.
    pub argon2: Argon2Params,
    /// Minimum password length.
    pub min_password_len: usize,
    /// Assets matched, compared and written per step (and per transaction)
    /// of a vulnerability match: memory against round trips.
    pub match_chunk: usize,
    /// Remediation deadline per SSVC outcome (a KEV due date wins when sooner).
    pub deadlines: rampart_core::ssvc::DeadlinePolicy,
}

impl Default for AppConfig {
    fn default() -> Self {
        Self {
            session_ttl: Duration::hours(8),
            login_max_failures: 5,
            lockout: Duration::minutes(15),
            token_default_ttl: Duration::days(90),
            token_max_ttl: Duration::days(366),
            argon2: Argon2Params::default(),
            min_password_len: 12,
            match_chunk: 10_000,
            deadlines: rampart_core::ssvc::DeadlinePolicy::default(),
        }
    }
}

impl AppConfig {
    /// Defaults with the cheapest argon2id parameters, for tests only.
    pub fn for_tests() -> Self {
        Self {
            argon2: Argon2Params {
                memory_kib: 64,
                iterations: 1,
                parallelism: 1,
            },
            // Tiny chunks, so every test's match crosses chunk boundaries.
            match_chunk: 2,
            ..Self::default()
        }
    }
}
