//! Store errors: what went wrong, without leaking the driver's types.

/// A store error.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The row does not exist.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// A uniqueness or foreign-key constraint was violated.
    #[error("conflict: {0}")]
    Conflict(String),
    /// The database URL or configuration is unusable.
    #[error("invalid database configuration: {0}")]
    Config(String),
    /// Stored data could not be interpreted (e.g. an unknown role name).
    #[error("corrupt data in {what}: {detail}")]
    Corrupt {
        /// Which table or field.
        what: &'static str,
        /// What was wrong.
        detail: String,
    },
    /// Migrations failed or the database is newer than this binary.
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The database failed or is unreachable.
    #[error("database error: {0}")]
    Database(#[source] sqlx::Error),
}

/// Store result.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => StoreError::NotFound("row"),
            sqlx::Error::Database(db) => match db.kind() {
                sqlx::error::ErrorKind::UniqueViolation => StoreError::Conflict(unique_message(db.message())),
                sqlx::error::ErrorKind::ForeignKeyViolation => {
                    StoreError::Conflict("the referenced record does not exist or is still in use".into())
                }
                _ => StoreError::Database(e),
            },
            _ => StoreError::Database(e),
        }
    }
}

/// Turns a backend's unique-violation message into a short, safe message.
fn unique_message(msg: &str) -> String {
    // SQLite: "UNIQUE constraint failed: users.username"; PostgreSQL: "duplicate key value violates unique constraint \"users_username_key\"".
    let field = msg
        .strip_prefix("UNIQUE constraint failed: ")
        .map(|f| f.to_owned())
        .or_else(|| {
            msg.split('"')
                .nth(1)
                .map(|c| c.trim_end_matches("_key").replacen('_', ".", 1))
        });
    match field {
        Some(f) => format!("a record with this {f} already exists"),
        None => "a record with these values already exists".into(),
    }
}
