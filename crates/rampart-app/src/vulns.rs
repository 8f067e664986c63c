//! Vulnerability intelligence (step 3a): importing feeds (NVD, CVE 5, KEV,
//! EPSS, CSAF), matching them to the inventory, findings with SSVC
//! priorities and deadlines, and reading it all back.
//!
//! - `feeds`: one import per file or directory; every record is created,
//!   updated, unchanged or skipped with its file, record id and reason.
//! - `matching`: builds the rule index from the stored records, matches the
//!   inventory ([`rampart_core::matching`]), and opens, refreshes and closes
//!   findings, each with its evidence and SSVC decision.
//! - `aliases`: the editable vendor alias table.
//! - `jobs`: feed imports as background jobs with progress, then a match.
//! - `view`: lists, pages, triage and exports.

mod aliases;
mod feeds;
mod jobs;
mod matching;
mod view;

pub use aliases::VendorAlias;
pub use feeds::{FeedImportReport, FeedKind};
pub(crate) use jobs::{FEED_IMPORT, FeedImportJob};
pub(crate) use matching::MatchInventory;
pub use matching::MatchReport;
pub use view::{
    FINDING_STATUSES, FindingDetail, FindingExport, FindingPage, FindingQuery, VEX_JUSTIFICATIONS, VulnDetail,
    VulnPage, VulnQuery,
};
