//! Counts for the home page and metrics.

use crate::db::{Store, on_pool};
use crate::error::Result;

/// Row counts of the main tables.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    /// Organisations of kind city.
    pub cities: i64,
    /// Agencies.
    pub agencies: i64,
    /// Partners.
    pub partners: i64,
    /// Users.
    pub users: i64,
    /// Active (not revoked, not expired) API tokens — counted without the clock: not revoked.
    pub tokens: i64,
    /// Audit entries.
    pub audit_entries: i64,
    /// Jobs queued or running.
    pub jobs_pending: i64,
}

impl Store {
    /// Counts, one query.
    pub async fn counts(&self) -> Result<Counts> {
        let sql = "SELECT \
            (SELECT COUNT(*) FROM organisations WHERE kind = 'city'), \
            (SELECT COUNT(*) FROM organisations WHERE kind = 'agency'), \
            (SELECT COUNT(*) FROM organisations WHERE kind = 'partner'), \
            (SELECT COUNT(*) FROM users), \
            (SELECT COUNT(*) FROM api_tokens WHERE revoked_at IS NULL), \
            (SELECT seq FROM audit_head WHERE id = 1), \
            (SELECT COUNT(*) FROM jobs WHERE state IN ('queued', 'running'))";
        let r: (i64, i64, i64, i64, i64, i64, i64) = on_pool!(self, p => sqlx::query_as(sql).fetch_one(p).await)?;
        Ok(Counts {
            cities: r.0,
            agencies: r.1,
            partners: r.2,
            users: r.3,
            tokens: r.4,
            audit_entries: r.5,
            jobs_pending: r.6,
        })
    }
}
