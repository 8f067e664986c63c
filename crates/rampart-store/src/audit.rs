//! The audit log table: appends (inside the caller's transaction), pages, and
//! streams for verification and export. The chain rules are in
//! `rampart_core::audit`.

use rampart_core::audit::{AuditEntry, entry_hash};
use rampart_core::time::Timestamp;

use crate::db::{Store, Tx, TxInner, on_pool, on_tx};
use crate::error::Result;
use crate::sql::{Sql, bind_all};

/// A new audit entry; the store numbers and hashes it.
#[derive(Debug, Clone)]
pub struct NewAuditEntry {
    /// When.
    pub at: Timestamp,
    /// Acting user.
    pub actor_user_id: Option<i64>,
    /// Actor label.
    pub actor: String,
    /// `area.verb`.
    pub action: String,
    /// Kind of object.
    pub object_type: String,
    /// Object id.
    pub object_id: Option<String>,
    /// Organisation whose data changed.
    pub org_id: Option<i64>,
    /// Details (never secrets).
    pub details: serde_json::Value,
}

/// Filters for paging the audit log, newest first.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Actions starting with this (e.g. `user.` or `user.create`).
    pub action_prefix: Option<String>,
    /// Exact actor label.
    pub actor: Option<String>,
    /// Exact object type.
    pub object_type: Option<String>,
    /// Organisation.
    pub org_id: Option<i64>,
    /// At or after.
    pub since: Option<Timestamp>,
    /// Before.
    pub until: Option<Timestamp>,
}

#[derive(sqlx::FromRow)]
struct Row {
    seq: i64,
    at: String,
    actor_user_id: Option<i64>,
    actor: String,
    action: String,
    object_type: String,
    object_id: Option<String>,
    org_id: Option<i64>,
    details: String,
    prev_hash: String,
    hash: String,
}

impl From<Row> for AuditEntry {
    fn from(r: Row) -> Self {
        AuditEntry {
            seq: r.seq,
            at: r.at,
            actor_user_id: r.actor_user_id,
            actor: r.actor,
            action: r.action,
            object_type: r.object_type,
            object_id: r.object_id,
            org_id: r.org_id,
            details: r.details,
            prev_hash: r.prev_hash,
            hash: r.hash,
        }
    }
}

const COLUMNS: &str = "seq, at, actor_user_id, actor, action, object_type, object_id, org_id, details, prev_hash, hash";

fn filtered(f: &AuditFilter) -> Sql {
    let mut sql = Sql::new(&format!("SELECT {COLUMNS} FROM audit_log WHERE 1 = 1"));
    if let Some(a) = &f.action_prefix {
        // Prefix match without LIKE wildcards in user input: range on the text.
        sql.push(" AND action >= ")
            .bind(a.as_str())
            .push(" AND action < ")
            .bind(format!("{a}\u{10ffff}"));
    }
    if let Some(a) = &f.actor {
        sql.push(" AND actor = ").bind(a.as_str());
    }
    if let Some(t) = &f.object_type {
        sql.push(" AND object_type = ").bind(t.as_str());
    }
    if let Some(o) = f.org_id {
        sql.push(" AND org_id = ").bind(o);
    }
    if let Some(s) = f.since {
        sql.push(" AND at >= ").bind(s.to_string());
    }
    if let Some(u) = f.until {
        sql.push(" AND at < ").bind(u.to_string());
    }
    sql
}

impl Store {
    /// A page of entries, newest first, before the cursor `before_seq`.
    pub async fn list_audit(&self, f: &AuditFilter, before_seq: Option<i64>, limit: i64) -> Result<Vec<AuditEntry>> {
        let mut sql = filtered(f);
        if let Some(b) = before_seq {
            sql.push(" AND seq < ").bind(b);
        }
        sql.push(" ORDER BY seq DESC LIMIT ").bind(limit.clamp(1, 1000));
        let rows: Vec<Row> = on_pool!(self, p => bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(sql.text_for(self.backend()))), &sql.binds).fetch_all(p).await)?;
        Ok(rows.into_iter().map(AuditEntry::from).collect())
    }

    /// Entries in chain order after `after_seq` (for verification and export).
    pub async fn audit_chunk(&self, f: &AuditFilter, after_seq: i64, limit: i64) -> Result<Vec<AuditEntry>> {
        let mut sql = filtered(f);
        sql.push(" AND seq > ")
            .bind(after_seq)
            .push(" ORDER BY seq LIMIT ")
            .bind(limit);
        let rows: Vec<Row> = on_pool!(self, p => bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(sql.text_for(self.backend()))), &sql.binds).fetch_all(p).await)?;
        Ok(rows.into_iter().map(AuditEntry::from).collect())
    }

    /// The chain head: last seq and hash.
    pub async fn audit_head(&self) -> Result<(i64, String)> {
        let head: (i64, String) =
            on_pool!(self, p => sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(p).await)?;
        Ok(head)
    }

    /// Number of entries.
    pub async fn count_audit(&self) -> Result<i64> {
        let (n,): (i64,) = on_pool!(self, p => sqlx::query_as("SELECT COUNT(*) FROM audit_log").fetch_one(p).await)?;
        Ok(n)
    }
}

impl Tx {
    /// Appends an entry to the chain. Locks the chain head for the rest of
    /// the transaction, so concurrent writers (several processes on one
    /// PostgreSQL) append one after another and the chain never forks.
    pub async fn append_audit(&mut self, n: NewAuditEntry) -> Result<AuditEntry> {
        let (seq, prev_hash): (i64, String) = match &mut self.inner {
            TxInner::Sqlite(t) => {
                // BEGIN IMMEDIATE already holds SQLite's single write lock.
                sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
                    .fetch_one(&mut **t)
                    .await?
            }
            TxInner::Postgres(t) => {
                sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE")
                    .fetch_one(&mut **t)
                    .await?
            }
        };
        let mut e = AuditEntry {
            seq: seq + 1,
            at: n.at.to_string(),
            actor_user_id: n.actor_user_id,
            actor: n.actor,
            action: n.action,
            object_type: n.object_type,
            object_id: n.object_id,
            org_id: n.org_id,
            // serde_json without `preserve_order` writes object keys sorted: a canonical text.
            details: n.details.to_string(),
            prev_hash,
            hash: String::new(),
        };
        e.hash = entry_hash(&e);
        on_tx!(self, c => sqlx::query(
            "INSERT INTO audit_log (seq, at, actor_user_id, actor, action, object_type, object_id, org_id, details, prev_hash, hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
            .bind(e.seq).bind(&e.at).bind(e.actor_user_id).bind(&e.actor).bind(&e.action).bind(&e.object_type)
            .bind(&e.object_id).bind(e.org_id).bind(&e.details).bind(&e.prev_hash).bind(&e.hash)
            .execute(&mut *c).await.map(|_| ()))?;
        on_tx!(self, c => sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
            .bind(e.seq).bind(&e.hash).execute(&mut *c).await.map(|_| ()))?;
        Ok(e)
    }
}
