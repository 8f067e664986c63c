//! Connecting, migrating, and the per-backend dispatch.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, Postgres, Sqlite, SqlitePool};

use crate::error::{Result, StoreError};

/// Which database engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite (one file in the data directory).
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// A database URL, parsed enough to pick the backend, with a `Display` that
/// never shows the password.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    url: String,
    backend: Backend,
}

impl DatabaseUrl {
    /// Parses `sqlite://path?mode=rwc`, `sqlite:path`, `postgres://…` or `postgresql://…`.
    pub fn parse(url: &str) -> Result<Self> {
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(StoreError::Config(format!(
                "unsupported database URL `{}`: use sqlite://PATH or postgres://USER@HOST/DB",
                redact(url)
            )));
        };
        Ok(Self {
            url: url.to_owned(),
            backend,
        })
    }

    /// A SQLite URL for a file (created when missing).
    pub fn sqlite_file(path: &std::path::Path) -> Self {
        Self {
            url: format!("sqlite://{}?mode=rwc", path.display()),
            backend: Backend::Sqlite,
        }
    }

    /// The backend.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The full URL, including any password. Use only to connect.
    pub fn expose(&self) -> &str {
        &self.url
    }

    /// The SQLite file this URL names, if it names one.
    pub fn sqlite_path(&self) -> Option<PathBuf> {
        if self.backend != Backend::Sqlite {
            return None;
        }
        let rest = self.url.trim_start_matches("sqlite:").trim_start_matches("//");
        let path = rest.split('?').next().unwrap_or("");
        if path.is_empty() || path == ":memory:" {
            None
        } else {
            Some(PathBuf::from(path))
        }
    }
}

/// Replaces the password in a URL with `***`.
fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            // set_password only fails for URLs that cannot have one, which this one has.
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_owned(),
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact(&self.url))
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({})", redact(&self.url))
    }
}

#[derive(Clone, Debug)]
pub(crate) enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// The store: a connection pool on one backend.
#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) db: Db,
}

/// Runs `$body` with `$p` bound to the pool of whichever backend the store is on.
macro_rules! on_pool {
    ($store:expr, $p:ident => $body:expr) => {
        match &$store.db {
            $crate::db::Db::Sqlite($p) => $body,
            $crate::db::Db::Postgres($p) => $body,
        }
    };
}
pub(crate) use on_pool;

/// Runs `$body` with `$c` bound to the transaction's connection.
macro_rules! on_tx {
    ($tx:expr, $c:ident => $body:expr) => {
        match &mut $tx.inner {
            $crate::db::TxInner::Sqlite(t) => {
                let $c = &mut **t;
                $body
            }
            $crate::db::TxInner::Postgres(t) => {
                let $c = &mut **t;
                $body
            }
        }
    };
}
pub(crate) use on_tx;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

impl Store {
    /// Connects to the database (creating a SQLite file and its directory
    /// when missing). Does not migrate: call [`Store::migrate`].
    pub async fn connect(url: &DatabaseUrl, max_connections: u32) -> Result<Self> {
        match url.backend() {
            Backend::Sqlite => {
                if let Some(path) = url.sqlite_path()
                    && let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
                {
                    std::fs::create_dir_all(dir).map_err(|e| {
                        StoreError::Config(format!("cannot create the directory {}: {e}", dir.display()))
                    })?;
                }
                let opts = SqliteConnectOptions::from_str(url.expose())
                    .map_err(|e| StoreError::Config(format!("{url}: {e}")))?
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .busy_timeout(Duration::from_secs(30))
                    .foreign_keys(true)
                    .pragma("cache_size", "-65536")
                    .pragma("temp_store", "memory");
                let pool = SqlitePoolOptions::new()
                    .max_connections(max_connections.max(1))
                    .connect_with(opts)
                    .await
                    .map_err(StoreError::Database)?;
                Ok(Self { db: Db::Sqlite(pool) })
            }
            Backend::Postgres => {
                let opts =
                    PgConnectOptions::from_str(url.expose()).map_err(|e| StoreError::Config(format!("{url}: {e}")))?;
                let pool = PgPoolOptions::new()
                    .max_connections(max_connections.max(1))
                    .acquire_timeout(Duration::from_secs(30))
                    .connect_with(opts)
                    .await
                    .map_err(StoreError::Database)?;
                Ok(Self { db: Db::Postgres(pool) })
            }
        }
    }

    /// Connects to PostgreSQL with the given options (tests use this to set a
    /// `search_path` per test).
    pub async fn connect_postgres(opts: PgConnectOptions, max_connections: u32) -> Result<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(max_connections.max(1))
            .connect_with(opts)
            .await
            .map_err(StoreError::Database)?;
        Ok(Self { db: Db::Postgres(pool) })
    }

    /// The backend in use.
    pub fn backend(&self) -> Backend {
        match self.db {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies the embedded migrations that have not run yet, each in its
    /// own transaction. Fails when the database has migrations this binary
    /// does not know (a newer Rampart wrote it): downgrades are refused.
    pub async fn migrate(&self) -> Result<Vec<String>> {
        let before = self.applied_migrations().await.unwrap_or_default();
        match &self.db {
            Db::Sqlite(p) => SQLITE_MIGRATIONS.run(p).await?,
            Db::Postgres(p) => POSTGRES_MIGRATIONS.run(p).await?,
        }
        let after = self.applied_migrations().await?;
        Ok(after.into_iter().filter(|m| !before.contains(m)).collect())
    }

    /// The migrations embedded in this binary for the store's backend.
    pub fn known_migrations(&self) -> Vec<String> {
        let m = match self.db {
            Db::Sqlite(_) => &SQLITE_MIGRATIONS,
            Db::Postgres(_) => &POSTGRES_MIGRATIONS,
        };
        m.iter().map(|m| format!("{}_{}", m.version, m.description)).collect()
    }

    /// The migrations applied to the database, `version_description`.
    pub async fn applied_migrations(&self) -> Result<Vec<String>> {
        let sql = "SELECT version, description FROM _sqlx_migrations WHERE success ORDER BY version";
        let rows: Vec<(i64, String)> = on_pool!(self, p => sqlx::query_as(sql).fetch_all(p).await)?;
        Ok(rows.into_iter().map(|(v, d)| format!("{v}_{d}")).collect())
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> Result<()> {
        let _: (i64,) = on_pool!(self, p => sqlx::query_as("SELECT CAST(1 AS BIGINT)").fetch_one(p).await)?;
        Ok(())
    }

    /// Begins a write transaction. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so two writers queue instead of failing when the
    /// second tries to upgrade a read lock.
    pub async fn begin(&self) -> Result<Tx> {
        let inner = match &self.db {
            Db::Sqlite(p) => TxInner::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
            Db::Postgres(p) => TxInner::Postgres(p.begin().await?),
        };
        Ok(Tx {
            inner,
            reserved_asset_max: 0,
        })
    }

    /// Runs one statement of trusted SQL (administration and tests only).
    pub async fn execute_raw(&self, sql: &str) -> Result<u64> {
        let n = on_pool!(self, p => sqlx::query(sqlx::AssertSqlSafe(sql.to_owned())).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n)
    }

    /// Closes the pool.
    pub async fn close(&self) {
        match &self.db {
            Db::Sqlite(p) => p.close().await,
            Db::Postgres(p) => p.close().await,
        }
    }
}

pub(crate) enum TxInner {
    Sqlite(sqlx::Transaction<'static, Sqlite>),
    Postgres(sqlx::Transaction<'static, Postgres>),
}

/// A write transaction. Dropped without [`Tx::commit`], it rolls back.
pub struct Tx {
    pub(crate) inner: TxInner,
    /// Highest asset id handed out by `reserve_asset_ids` in this transaction (SQLite).
    pub(crate) reserved_asset_max: i64,
}

impl Tx {
    /// Commits.
    pub async fn commit(self) -> Result<()> {
        match self.inner {
            TxInner::Sqlite(t) => t.commit().await?,
            TxInner::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }

    /// Rolls back.
    pub async fn rollback(self) -> Result<()> {
        match self.inner {
            TxInner::Sqlite(t) => t.rollback().await?,
            TxInner::Postgres(t) => t.rollback().await?,
        }
        Ok(())
    }

    /// The backend in use.
    pub fn backend(&self) -> Backend {
        match self.inner {
            TxInner::Sqlite(_) => Backend::Sqlite,
            TxInner::Postgres(_) => Backend::Postgres,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let u = DatabaseUrl::parse("postgres://rampart:s3cret@db.example/rampart").unwrap();
        assert_eq!(u.backend(), Backend::Postgres);
        assert_eq!(u.to_string(), "postgres://rampart:***@db.example/rampart");
        assert!(!format!("{u:?}").contains("s3cret"));
        let s = DatabaseUrl::parse("sqlite://data/rampart.db?mode=rwc").unwrap();
        assert_eq!(s.sqlite_path(), Some(PathBuf::from("data/rampart.db")));
        assert!(DatabaseUrl::parse("mysql://x").is_err());
    }
}
