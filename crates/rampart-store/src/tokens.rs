//! API tokens. The secret is shown once at creation; the database keeps its
//! SHA-256 and a short public prefix used to find the row.

use rampart_core::authz::TokenScope;
use rampart_core::ids::{TokenId, UserId};
use rampart_core::time::Timestamp;

use crate::db::{Store, Tx, on_pool, on_tx};
use crate::error::{Result, StoreError};
use crate::orgs::{opt_ts, ts};

/// A stored token (never the secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRecord {
    /// Id.
    pub id: TokenId,
    /// Owner.
    pub user_id: UserId,
    /// Owner's username (joined for display).
    pub username: String,
    /// A label.
    pub name: String,
    /// Public prefix (`rmp_<prefix>_…`).
    pub prefix: String,
    /// SHA-256 of the secret, hex.
    pub secret_hash: String,
    /// Scopes.
    pub scopes: Vec<TokenScope>,
    /// Created.
    pub created_at: Timestamp,
    /// Expires.
    pub expires_at: Timestamp,
    /// Revoked at.
    pub revoked_at: Option<Timestamp>,
    /// Last used.
    pub last_used_at: Option<Timestamp>,
}

/// A new token.
#[derive(Debug, Clone)]
pub struct NewToken {
    /// Owner.
    pub user_id: UserId,
    /// Label.
    pub name: String,
    /// Public prefix.
    pub prefix: String,
    /// SHA-256 of the secret, hex.
    pub secret_hash: String,
    /// Scopes.
    pub scopes: Vec<TokenScope>,
    /// Expires.
    pub expires_at: Timestamp,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    user_id: i64,
    username: String,
    name: String,
    prefix: String,
    secret_hash: String,
    scopes: String,
    created_at: String,
    expires_at: String,
    revoked_at: Option<String>,
    last_used_at: Option<String>,
}

impl TryFrom<Row> for TokenRecord {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<Self> {
        let scopes = r
            .scopes
            .split_whitespace()
            .map(|s| {
                s.parse()
                    .map_err(|e: rampart_core::authz::UnknownScope| StoreError::Corrupt {
                        what: "api_tokens.scopes",
                        detail: e.to_string(),
                    })
            })
            .collect::<Result<_>>()?;
        Ok(Self {
            id: TokenId(r.id),
            user_id: UserId(r.user_id),
            username: r.username,
            name: r.name,
            prefix: r.prefix,
            secret_hash: r.secret_hash,
            scopes,
            created_at: ts("api_tokens.created_at", &r.created_at)?,
            expires_at: ts("api_tokens.expires_at", &r.expires_at)?,
            revoked_at: opt_ts("api_tokens.revoked_at", r.revoked_at.as_deref())?,
            last_used_at: opt_ts("api_tokens.last_used_at", r.last_used_at.as_deref())?,
        })
    }
}

const SELECT: &str = "SELECT t.id, t.user_id, u.username, t.name, t.prefix, t.secret_hash, t.scopes, t.created_at, \
                      t.expires_at, t.revoked_at, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id";

impl Store {
    /// Tokens, optionally of one user, newest first.
    pub async fn list_tokens(&self, user: Option<UserId>) -> Result<Vec<TokenRecord>> {
        let sql = format!("{SELECT} WHERE ($1 IS NULL OR t.user_id = $1) ORDER BY t.id DESC");
        let rows: Vec<Row> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(user.map(|u| u.0)).fetch_all(p).await)?;
        rows.into_iter().map(TokenRecord::try_from).collect()
    }

    /// A token by its public prefix.
    pub async fn find_token_by_prefix(&self, prefix: &str) -> Result<Option<TokenRecord>> {
        let sql = format!("{SELECT} WHERE t.prefix = $1");
        let row: Option<Row> =
            on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(prefix).fetch_optional(p).await)?;
        row.map(TokenRecord::try_from).transpose()
    }

    /// A token by id.
    pub async fn get_token(&self, id: TokenId) -> Result<TokenRecord> {
        let sql = format!("{SELECT} WHERE t.id = $1");
        let row: Option<Row> =
            on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id.0).fetch_optional(p).await)?;
        row.ok_or(StoreError::NotFound("token"))?.try_into()
    }

    /// Notes that a token was used. Housekeeping, not audited.
    pub async fn touch_token(&self, id: TokenId, now: Timestamp) -> Result<()> {
        on_pool!(self, p => sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1")
            .bind(id.0).bind(now.to_string()).execute(p).await.map(|_| ()))?;
        Ok(())
    }
}

impl Tx {
    /// Stores a new token.
    pub async fn insert_token(&mut self, t: &NewToken, now: Timestamp) -> Result<TokenId> {
        let scopes: Vec<&str> = t.scopes.iter().map(|s| s.as_str()).collect();
        let (id,): (i64,) = on_tx!(self, c => sqlx::query_as(
            "INSERT INTO api_tokens (user_id, name, prefix, secret_hash, scopes, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
            .bind(t.user_id.0).bind(&t.name).bind(&t.prefix).bind(&t.secret_hash).bind(scopes.join(" "))
            .bind(now.to_string()).bind(t.expires_at.to_string())
            .fetch_one(&mut *c).await)?;
        Ok(TokenId(id))
    }

    /// Revokes a token; false when it was already revoked or does not exist.
    pub async fn revoke_token(&mut self, id: TokenId, now: Timestamp) -> Result<bool> {
        let n = on_tx!(self, c => sqlx::query("UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
            .bind(id.0).bind(now.to_string()).execute(&mut *c).await.map(|r| r.rows_affected()))?;
        Ok(n > 0)
    }
}
