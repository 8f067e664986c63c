//! Rampart's persistence: one [`Store`] over SQLite (embedded, the default) or
//! PostgreSQL (for several `rampart serve` processes sharing one database),
//! chosen at runtime from the database URL.
//!
//! Architecture invariant: this is the only crate that writes SQL. Every query
//! is written once in the SQL both backends understand (`$1` placeholders,
//! `RETURNING`, `ON CONFLICT`) and run on either through `on_pool!` /
//! `on_tx!`, which expand the same code once per backend. Where the dialects
//! differ, the difference is spelt out at the call site (see `jobs.rs`,
//! `FOR UPDATE SKIP LOCKED`).
//!
//! Reads go through the pool (`Store`); writes go through a transaction
//! ([`Tx`]) so that a change and its audit entry commit together.

mod assets;
mod audit;
mod db;
mod error;
mod findings;
mod jobs;
mod orgs;
mod packed;
mod services;
mod sessions;
mod sql;
mod stats;
mod tokens;
mod uploads;
mod users;
mod vulns;
mod zones;

pub use assets::{
    AssetCursor, AssetFields, AssetFilter, AssetIdentity, AssetListItem, AssetProfileRow, AssetRow, AssetSort,
};
pub use audit::{AuditFilter, NewAuditEntry};
pub use db::{Backend, DatabaseUrl, Store, Tx};
pub use error::{Result, StoreError};
pub use findings::{
    AssetPlatformRow, FindingFilter, FindingKey, FindingOrder, FindingRow, FindingWrite, MatchRunRow, OPEN_STATUSES,
};
pub use jobs::{Job, JobState, NewJob};
pub use orgs::{NewOrg, OrgRecord, OrgUpdate};
pub use services::{DependencyRow, FlowEdgeRow, FlowRow, GroupRow, ServiceFields, ServiceRow};
pub use sessions::SessionRecord;
pub use stats::Counts;
pub use tokens::{NewToken, TokenRecord};
pub use users::{NewUser, UserRecord};
pub use vulns::{
    AdvisoryFields, AdvisoryRow, FeedImportRow, KevRow, RecordWrite, VulnFields, VulnFilter, VulnHead, VulnRecordRow,
    VulnRow,
};
pub use zones::{ConduitRow, Upserted, ZoneRow};
