//! The tamper-evident audit chain.
//!
//! Every state change appends one [`AuditEntry`]. Entries are numbered
//! `1, 2, 3, …` without gaps, and each carries the SHA-256 of its own fields
//! together with the hash of the entry before it ([`GENESIS_HASH`] for the
//! first). Editing a row changes its hash; deleting a row leaves a gap in the
//! numbering; reordering breaks the `prev_hash` links. [`ChainVerifier`]
//! finds the first such break and names the entry.
//!
//! A hash chain proves that rows were not changed *relative to each other*;
//! someone who can rewrite the whole table can recompute it. Recording the
//! head hash outside the database (`rampart audit verify` prints it) closes
//! that gap.

use sha2::{Digest, Sha256};

/// The `prev_hash` of the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One audit entry as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditEntry {
    /// Position in the chain, from 1.
    pub seq: i64,
    /// When, in the canonical timestamp form (see [`crate::time::Timestamp`]).
    pub at: String,
    /// The acting user, if a user acted (None for the system or the CLI without a user).
    pub actor_user_id: Option<i64>,
    /// A label for the actor: username, `system`, `cli`.
    pub actor: String,
    /// What happened, `area.verb` (e.g. `user.create`).
    pub action: String,
    /// The kind of object changed (e.g. `user`).
    pub object_type: String,
    /// The object's id, if it has one.
    pub object_id: Option<String>,
    /// The organisation whose data changed, if any.
    pub org_id: Option<i64>,
    /// Details as a JSON object text (never secrets).
    pub details: String,
    /// The previous entry's hash.
    pub prev_hash: String,
    /// This entry's hash.
    pub hash: String,
}

/// Computes the hash of an entry from its fields and the previous hash.
///
/// Each field is length-prefixed so that no two different entries encode to
/// the same bytes.
pub fn entry_hash(e: &AuditEntry) -> String {
    let mut h = Sha256::new();
    h.update(b"rampart-audit-v1");
    let seq = e.seq.to_string();
    let actor_id = e.actor_user_id.map(|v| v.to_string()).unwrap_or_default();
    let org = e.org_id.map(|v| v.to_string()).unwrap_or_default();
    let object_id = e.object_id.as_deref().unwrap_or("");
    for field in [
        seq.as_str(),
        e.at.as_str(),
        actor_id.as_str(),
        e.actor.as_str(),
        e.action.as_str(),
        e.object_type.as_str(),
        object_id,
        org.as_str(),
        e.details.as_str(),
        e.prev_hash.as_str(),
    ] {
        h.update((field.len() as u64).to_le_bytes());
        h.update(field.as_bytes());
    }
    hex::encode(h.finalize())
}

/// Why the chain is broken at an entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    /// Entries are missing (deleted) or numbered out of order.
    #[error("audit entry {found} follows entry {previous}: expected {expected} (entries deleted or reordered)")]
    Gap {
        /// The entry before.
        previous: i64,
        /// The seq that should have followed.
        expected: i64,
        /// The seq found.
        found: i64,
    },
    /// The entry does not link to the previous entry's hash.
    #[error("audit entry {seq} does not link to the entry before it (entries reordered, replaced or deleted)")]
    BrokenLink {
        /// The entry.
        seq: i64,
    },
    /// The entry's content does not match its hash.
    #[error("audit entry {seq} was modified: its content does not match its hash")]
    Modified {
        /// The entry.
        seq: i64,
    },
    /// The recorded head does not match the last entry.
    #[error(
        "the audit head says the last entry is {head_seq}, but the log ends at {last_seq} (entries deleted at the end, or the head was changed)"
    )]
    HeadMismatch {
        /// The head's seq.
        head_seq: i64,
        /// The last entry's seq.
        last_seq: i64,
    },
}

/// Verifies a chain streamed in `seq` order.
#[derive(Debug)]
pub struct ChainVerifier {
    last_seq: i64,
    last_hash: String,
    checked: u64,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self::new()
    }
}

impl ChainVerifier {
    /// A verifier expecting entry 1 next.
    pub fn new() -> Self {
        Self {
            last_seq: 0,
            last_hash: GENESIS_HASH.to_owned(),
            checked: 0,
        }
    }

    /// Checks the next entry.
    pub fn push(&mut self, e: &AuditEntry) -> Result<(), ChainBreak> {
        if e.seq != self.last_seq + 1 {
            return Err(ChainBreak::Gap {
                previous: self.last_seq,
                expected: self.last_seq + 1,
                found: e.seq,
            });
        }
        if entry_hash(e) != e.hash {
            return Err(ChainBreak::Modified { seq: e.seq });
        }
        if e.prev_hash != self.last_hash {
            return Err(ChainBreak::BrokenLink { seq: e.seq });
        }
        self.last_seq = e.seq;
        self.last_hash.clone_from(&e.hash);
        self.checked += 1;
        Ok(())
    }

    /// Checks the stored head (`seq`, `hash`) against the last entry seen.
    pub fn finish(&self, head_seq: i64, head_hash: &str) -> Result<(), ChainBreak> {
        if head_seq != self.last_seq || head_hash != self.last_hash {
            return Err(ChainBreak::HeadMismatch {
                head_seq,
                last_seq: self.last_seq,
            });
        }
        Ok(())
    }

    /// How many entries were verified.
    pub fn checked(&self) -> u64 {
        self.checked
    }

    /// The hash of the last verified entry.
    pub fn last_hash(&self) -> &str {
        &self.last_hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<AuditEntry> {
        let mut prev = GENESIS_HASH.to_owned();
        (1..=n)
            .map(|seq| {
                let mut e = AuditEntry {
                    seq,
                    at: format!("2026-01-01T00:00:{seq:02}.000000Z"),
                    actor_user_id: Some(1),
                    actor: "admin".into(),
                    action: "org.create".into(),
                    object_type: "organisation".into(),
                    object_id: Some(seq.to_string()),
                    org_id: None,
                    details: "{}".into(),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                e.hash = entry_hash(&e);
                prev.clone_from(&e.hash);
                e
            })
            .collect()
    }

    fn verify(entries: &[AuditEntry]) -> Result<(), ChainBreak> {
        let mut v = ChainVerifier::new();
        for e in entries {
            v.push(e)?;
        }
        Ok(())
    }

    #[test]
    fn intact_chain_verifies() {
        let c = chain(5);
        let mut v = ChainVerifier::new();
        c.iter().for_each(|e| v.push(e).unwrap());
        assert_eq!(v.checked(), 5);
        v.finish(5, &c[4].hash).unwrap();
    }

    #[test]
    fn edit_delete_reorder_are_detected() {
        let mut edited = chain(5);
        edited[2].details = r#"{"x":1}"#.into();
        assert_eq!(verify(&edited), Err(ChainBreak::Modified { seq: 3 }));

        let mut deleted = chain(5);
        deleted.remove(1);
        assert_eq!(
            verify(&deleted),
            Err(ChainBreak::Gap {
                previous: 1,
                expected: 2,
                found: 3
            })
        );

        let mut reordered = chain(5);
        reordered.swap(1, 2);
        assert!(matches!(verify(&reordered), Err(ChainBreak::Gap { .. })));

        // Renumbered to hide a swap: content hashes no longer match.
        let mut renumbered = chain(5);
        renumbered.swap(1, 2);
        renumbered[1].seq = 2;
        renumbered[2].seq = 3;
        assert_eq!(verify(&renumbered), Err(ChainBreak::Modified { seq: 2 }));

        let truncated = chain(5);
        let mut v = ChainVerifier::new();
        truncated[..4].iter().for_each(|e| v.push(e).unwrap());
        assert_eq!(
            v.finish(5, &truncated[4].hash),
            Err(ChainBreak::HeadMismatch {
                head_seq: 5,
                last_seq: 4
            })
        );
    }

    #[test]
    fn field_boundaries_matter() {
        let mut a = chain(1).remove(0);
        let mut b = a.clone();
        a.actor = "ab".into();
        a.action = "c".into();
        b.actor = "a".into();
        b.action = "bc".into();
        assert_ne!(entry_hash(&a), entry_hash(&b));
    }
}
