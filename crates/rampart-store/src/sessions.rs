//! Server-side login sessions. The cookie carries a random secret; the
//! database keeps only its SHA-256 (`id_hash`), so a copy of the database
//! does not hand out live sessions. Sessions live in the database so that
//! every `rampart serve` process sharing it honours them.

use rampart_core::ids::UserId;
use rampart_core::time::Timestamp;

use crate::db::{Store, Tx, on_pool, on_tx};
use crate::error::Result;
use crate::orgs::ts;

/// A stored session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    /// SHA-256 of the cookie secret, hex.
    pub id_hash: String,
    /// The user.
    pub user_id: UserId,
    /// The CSRF token bound to this session.
    pub csrf_token: String,
    /// Created.
    pub created_at: Timestamp,
    /// Expires (sliding).
    pub expires_at: Timestamp,
}

#[derive(sqlx::FromRow)]
struct Row {
    id_hash: String,
    user_id: i64,
    csrf_token: String,
    created_at: String,
    expires_at: String,
}

impl Store {
    /// A session by the hash of its secret, if it exists and has not expired.
    pub async fn get_session(&self, id_hash: &str, now: Timestamp) -> Result<Option<SessionRecord>> {
        let row: Option<Row> = on_pool!(self, p => sqlx::query_as(
            "SELECT id_hash, user_id, csrf_token, created_at, expires_at FROM sessions WHERE id_hash = $1 AND expires_at > $2")
            .bind(id_hash).bind(now.to_string()).fetch_optional(p).await)?;
        row.map(|r| {
            Ok(SessionRecord {
                id_hash: r.id_hash,
                user_id: UserId(r.user_id),
                csrf_token: r.csrf_token,
                created_at: ts("sessions.created_at", &r.created_at)?,
                expires_at: ts("sessions.expires_at", &r.expires_at)?,
            })
        })
        .transpose()
    }

    /// Extends a session (sliding expiry). Housekeeping, not audited.
    pub async fn touch_session(&self, id_hash: &str, now: Timestamp, expires_at: Timestamp) -> Result<()> {
        on_pool!(self, p => sqlx::query("UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE id_hash = $1")
            .bind(id_hash).bind(now.to_string()).bind(expires_at.to_string()).execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// Deletes expired sessions; returns how many.
    pub async fn delete_expired_sessions(&self, now: Timestamp) -> Result<u64> {
        let n = on_pool!(self, p => sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now.to_string()).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n)
    }
}

impl Tx {
    /// Stores a new session.
    pub async fn insert_session(
        &mut self,
        s: &SessionRecord,
        ip: Option<&str>,
        user_agent: Option<&str>,
    ) -> Result<()> {
        on_tx!(self, c => sqlx::query(
            "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at, last_seen_at, ip, user_agent) \
             VALUES ($1, $2, $3, $4, $5, $4, $6, $7)")
            .bind(&s.id_hash).bind(s.user_id.0).bind(&s.csrf_token).bind(s.created_at.to_string())
            .bind(s.expires_at.to_string()).bind(ip).bind(user_agent)
            .execute(&mut *c).await.map(|_| ()))?;
        Ok(())
    }

    /// Deletes one session (logout).
    pub async fn delete_session(&mut self, id_hash: &str) -> Result<u64> {
        let n = on_tx!(self, c => sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(id_hash).execute(&mut *c).await.map(|r| r.rows_affected()))?;
        Ok(n)
    }

    /// Deletes every session of a user (password change, disabling).
    pub async fn delete_sessions_of(&mut self, user: UserId) -> Result<u64> {
        let n = on_tx!(self, c => sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user.0).execute(&mut *c).await.map(|r| r.rows_affected()))?;
        Ok(n)
    }
}
