//! Rampart's use cases. The web handlers and the CLI both call these
//! functions; each one authorises its actor, validates input, and performs
//! its change together with its audit entry in one transaction.
//!
//! API boundary: `App` and the types it returns are what `rampart-web` and
//! the `rampart` binary see. Storage records are re-exported where they are
//! already the right shape.

mod actor;
mod audit;
mod auth;
mod clock;
mod config;
mod demo;
mod error;
mod estate;
mod jobs;
mod orgs;
mod passwords;
mod seed;
mod tokens;
mod users;
mod vulns;

use std::sync::Arc;

pub use actor::Actor;
pub use audit::{AuditPage, VerifyReport};
pub use auth::{Authenticated, LoginOutcome, SessionInfo};
pub use clock::{Clock, FixedClock, SystemClock};
pub use config::{AppConfig, Argon2Params};
pub use demo::{DemoCredential, DemoOptions, DemoReport};
pub use error::{AppError, Result};
pub use estate::{
    AssetDetail, AssetPage, AssetQuery, AttackPathView, BlastRadiusView, EstateCsvKind, EstateSnapshot, Facets,
    FailureView, HopView, ImportReport, InventoryFormat, NoProgress, NodeRef, Progress, Rejected, ServiceDependency,
    ServiceDetail, ServiceFailure, SpofEntry, StoppedView, StructureReport, ZONE_KINDS,
};
pub use jobs::{JobHandler, JobHandlerFuture, Worker};
pub use orgs::OrgInput;
pub use seed::TestSeed;
pub use tokens::CreatedToken;
pub use users::{CreatedUser, UserInput};
pub use vulns::{
    FINDING_STATUSES, FeedImportReport, FeedKind, FindingDetail, FindingExport, FindingPage, FindingQuery, MatchReport,
    VEX_JUSTIFICATIONS, VendorAlias, VulnDetail, VulnPage, VulnQuery,
};

pub use rampart_store::{
    AssetCursor, AssetFilter, AssetListItem, AssetRow, AssetSort, AuditFilter, Counts, DatabaseUrl, DependencyRow,
    FindingFilter, FindingOrder, FindingRow, FlowRow, Job, JobState, OrgRecord, ServiceRow, Store, StoreError,
    TokenRecord, UserRecord, VulnFilter, VulnRow, ZoneRow,
};

/// A random URL-safe token of 256 bits (CSRF tokens for forms without a session).
pub fn random_token() -> String {
    passwords::random_secret(32)
}

/// The application: the store, the settings, and the clock.
pub struct App {
    /// The store.
    pub store: Store,
    /// Settings.
    pub config: AppConfig,
    clock: Arc<dyn Clock>,
    estate_cache: tokio::sync::Mutex<Option<Arc<EstateSnapshot>>>,
    /// Inventory facets per organisation scope, with the estate version they were counted at.
    facets_cache: tokio::sync::Mutex<std::collections::HashMap<Option<i64>, (i64, Facets)>>,
    /// The matcher's view of the inventory, per estate version.
    match_cache: tokio::sync::Mutex<Option<Arc<vulns::MatchInventory>>>,
}

impl App {
    /// Wires an application.
    pub fn new(store: Store, config: AppConfig, clock: Arc<dyn Clock>) -> Self {
        Self {
            store,
            config,
            clock,
            estate_cache: tokio::sync::Mutex::new(None),
            facets_cache: tokio::sync::Mutex::new(std::collections::HashMap::new()),
            match_cache: tokio::sync::Mutex::new(None),
        }
    }

    /// The current time from the application's clock.
    pub fn now(&self) -> rampart_core::time::Timestamp {
        self.clock.now()
    }

    /// Row counts for the home page (any signed-in user may see them).
    pub async fn counts(&self, actor: &Actor) -> Result<Counts> {
        actor.require(rampart_core::authz::Permission::DashboardView)?;
        Ok(self.store.counts().await?)
    }
}
