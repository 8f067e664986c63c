//! Use-case errors. Each carries a message safe to show the user; internal
//! details go to the log only.

use rampart_core::time::Timestamp;
use rampart_store::StoreError;

/// A use-case error.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AppError {
    /// No valid session or token.
    #[error("authentication required")]
    Unauthenticated,
    /// Wrong username or password (deliberately not saying which).
    #[error("invalid username or password")]
    InvalidCredentials,
    /// The account is locked after repeated failures.
    #[error("too many failed logins: this account is locked until {until}")]
    Locked {
        /// Until when.
        until: Timestamp,
    },
    /// Too many attempts from this client.
    #[error("too many attempts; try again in {retry_after_secs} s")]
    RateLimited {
        /// Seconds to wait.
        retry_after_secs: u64,
    },
    /// The actor lacks the permission, or the data is outside its scope.
    #[error("you are not allowed to {0}")]
    Forbidden(String),
    /// No such thing (or not visible to the actor).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// Invalid input; names the field.
    #[error("{field}: {message}")]
    Invalid {
        /// The field or location.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// Conflicts with existing data.
    #[error("{0}")]
    Conflict(String),
    /// Something failed inside; the detail is logged, not shown.
    #[error("internal error")]
    Internal(String),
}

/// Use-case result.
pub type Result<T, E = AppError> = std::result::Result<T, E>;

impl AppError {
    /// An invalid-input error.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        AppError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => AppError::NotFound(what),
            StoreError::Conflict(msg) => AppError::Conflict(msg),
            other => {
                tracing::error!(error = %other, "store error");
                AppError::Internal(other.to_string())
            }
        }
    }
}
