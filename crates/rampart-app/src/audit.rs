//! Reading, verifying and exporting the audit log.

use rampart_core::audit::{AuditEntry, ChainBreak, ChainVerifier};
use rampart_core::authz::Permission;
use rampart_core::time::Timestamp;
use rampart_store::{AuditFilter, NewAuditEntry};

use crate::App;
use crate::actor::Actor;
use crate::error::{AppError, Result};

/// Builds an audit entry for `actor`.
pub(crate) fn entry(
    actor: &Actor,
    at: Timestamp,
    action: &str,
    object_type: &str,
    object_id: Option<String>,
    org_id: Option<i64>,
    details: serde_json::Value,
) -> NewAuditEntry {
    NewAuditEntry {
        at,
        actor_user_id: actor.user_id(),
        actor: actor.label(),
        action: action.to_owned(),
        object_type: object_type.to_owned(),
        object_id,
        org_id,
        details,
    }
}

/// One page of the audit log.
#[derive(Debug, Clone)]
pub struct AuditPage {
    /// Entries, newest first.
    pub entries: Vec<AuditEntry>,
    /// The cursor for the next (older) page.
    pub next_cursor: Option<i64>,
}

/// The outcome of verifying the chain.
#[derive(Debug, Clone)]
pub struct VerifyReport {
    /// Entries checked.
    pub checked: u64,
    /// The head: last seq and hash (record it elsewhere to anchor the chain).
    pub head_seq: i64,
    /// The head hash.
    pub head_hash: String,
    /// The first break found, if any.
    pub problem: Option<ChainBreak>,
}

const CHUNK: i64 = 5_000;

impl App {
    /// A page of the audit log, newest first.
    pub async fn audit_page(
        &self,
        actor: &Actor,
        filter: &AuditFilter,
        cursor: Option<i64>,
        limit: i64,
    ) -> Result<AuditPage> {
        actor.require(Permission::AuditView)?;
        let limit = limit.clamp(1, 500);
        let mut entries = self.store.list_audit(filter, cursor, limit + 1).await?;
        let next_cursor = if entries.len() as i64 > limit {
            entries.truncate(limit as usize);
            entries.last().map(|e| e.seq)
        } else {
            None
        };
        Ok(AuditPage { entries, next_cursor })
    }

    /// Verifies the whole chain from the first entry to the head.
    pub async fn audit_verify(&self, actor: &Actor) -> Result<VerifyReport> {
        actor.require(Permission::AuditView)?;
        let (head_seq, head_hash) = self.store.audit_head().await?;
        let mut v = ChainVerifier::new();
        let mut after = 0;
        let all = AuditFilter::default();
        let problem = 'outer: loop {
            let chunk = self.store.audit_chunk(&all, after, CHUNK).await?;
            let Some(last) = chunk.last() else {
                break v.finish(head_seq, &head_hash).err();
            };
            after = last.seq;
            for e in &chunk {
                if let Err(b) = v.push(e) {
                    break 'outer Some(b);
                }
            }
        };
        Ok(VerifyReport {
            checked: v.checked(),
            head_seq,
            head_hash,
            problem,
        })
    }

    /// Streams the entries matching `filter`, oldest first, as JSON lines to
    /// `out`. Returns how many were written.
    pub async fn audit_export(
        &self,
        actor: &Actor,
        filter: &AuditFilter,
        out: &mut (dyn std::io::Write + Send),
    ) -> Result<u64> {
        actor.require(Permission::AuditExport)?;
        let mut after = 0;
        let mut n = 0;
        loop {
            let chunk = self.store.audit_chunk(filter, after, CHUNK).await?;
            let Some(last) = chunk.last() else { break };
            after = last.seq;
            for e in &chunk {
                let line = serde_json::to_string(e).map_err(|e| AppError::Internal(e.to_string()))?;
                writeln!(out, "{line}").map_err(|e| AppError::Internal(format!("export write failed: {e}")))?;
                n += 1;
            }
        }
        let mut tx = self.store.begin().await?;
        tx.append_audit(entry(
            actor,
            self.now(),
            "audit.export",
            "audit_log",
            None,
            None,
            serde_json::json!({ "entries": n }),
        ))
        .await?;
        tx.commit().await?;
        Ok(n)
    }
}
