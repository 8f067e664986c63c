//! Matching vulnerabilities to assets, with the evidence for every match.
//!
//! # Model
//!
//! - A [`VulnRule`] is one vulnerability's applicability in normalised
//!   form: NVD configurations ([`crate::applicability`]) and vendor
//!   statements ([`ProductRule`]: CVE 5 `affected[]` entries and CSAF
//!   product status, each with version selectors and a [`Status`]).
//!   Converting feed records into rules is `rampart-formats`'s job.
//! - An [`AssetPlatform`] is what an asset carries: CPEs (firmware `o:`,
//!   hardware `h:`, application `a:`), purls, and its inventory identity
//!   (vendor, product, model, version, firmware version), normalised once.
//! - A [`RuleIndex`] compiles rules for matching; a [`Matcher`] matches one
//!   asset at a time; [`match_all`] matches many on several threads;
//!   [`match_rules_against_assets`] matches a few changed rules against an
//!   [`AssetIndex`].
//!
//! # Semantics
//!
//! NVD configurations: exactly [`crate::applicability`] — a criterion
//! matches an asset CPE when it is a NISTIR 7696 superset of it and, if it
//! has a version range, the CPE's concrete version is inside; AND/OR nodes,
//! `negate`, and the rule that a configuration applies only through a
//! matched *vulnerable* criterion (an AND of a vulnerable firmware and a
//! non-vulnerable hardware criterion needs both CPEs). The test-suite checks
//! the compiled evaluation against [`crate::applicability::is_vulnerable`].
//!
//! Vendor statements: recognised by CPE, purl, or normalised vendor and
//! product/model names (see [`ProductRule`]); the asset's version is then
//! placed by the statement's entries in order, the first that contains it
//! deciding (the CVE 5 schema's algorithm, with `changes` inside a range),
//! else the default status. CSAF `known_not_affected`, `fixed` and
//! `recommended` give [`Verdict::NotAffected`] (VEX), `under_investigation`
//! and a range that cannot be read give [`Verdict::Undetermined`], CVE 5
//! `unknown` gives nothing.
//!
//! Per rule and asset one [`Match`]:
//! 1. some vendor statement says affected → [`Verdict::Affected`] (evidence:
//!    the NVD configuration if one applies too, else the statement);
//! 2. else some vendor statement says not affected → [`Verdict::NotAffected`],
//!    even if an NVD configuration applies (kept as
//!    [`Match::superseded`]) — the vendor's VEX closes the finding;
//! 3. else an NVD configuration applies → [`Verdict::Affected`];
//! 4. else a statement is undetermined → [`Verdict::Undetermined`].
//!
//! # Index and performance
//!
//! Vendor and product names are normalised ([`crate::normalize`], vendors
//! through the [`AliasTable`](crate::normalize::AliasTable)) and interned
//! as `u32` symbols. Each distinct criterion sits in one posting list of
//! its (vendor, product) bucket — by literal version (a hash lookup), ANY
//! version, version range, or NA — or, when its vendor or product is not a
//! literal, in a small fallback list checked for every asset. Matching an
//! asset looks up its CPEs' buckets, confirms each candidate criterion with
//! the full NISTIR 7696 test, follows the matched vulnerable criteria to
//! the configurations using them and evaluates only those, on
//! generation-stamped marks (no allocation per asset once warm). Vendor
//! statements sit in the buckets of their names and CPEs and in a purl map.

mod asset;
mod engine;
mod evidence;
mod hash;
mod index;
mod ranges;
mod rule;
#[cfg(test)]
mod tests;

pub use asset::{AssetCpe, AssetIdentity, AssetIndex, AssetPlatform, AssetPurl};
pub use engine::{
    AssetMatch, Matcher, collect_matches, match_all, match_asset, match_rules_against_assets, matches_any,
};
pub use evidence::{
    ConfigurationEvidence, CriterionEvidence, Explanation, IdentityVersion, MatchDisplay, MatchEvidence,
    ProductFinding, Via,
};
pub use index::{CriterionId, IndexStats, RuleId, RuleIndex};
pub use rule::{Bound, PrefixBound, ProductRule, ProductSource, Status, VersionEntry, VersionSel, VulnRule};

/// What a match means for a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verdict {
    /// The asset is affected (open a finding).
    Affected,
    /// A vendor statement says the asset's version is not affected or is
    /// fixed (close a finding as "not affected", VEX).
    NotAffected,
    /// A vendor statement concerns the asset but its status cannot be
    /// decided (under investigation, or a version range that cannot be
    /// read): worth a look, not a finding.
    Undetermined,
}

/// One rule that concerns one asset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Match {
    /// The rule.
    pub rule: RuleId,
    /// What it means.
    pub verdict: Verdict,
    /// Why.
    pub evidence: MatchEvidence,
    /// For [`Verdict::NotAffected`]: the NVD configuration that would have
    /// made the asset affected, set aside by the vendor's statement.
    pub superseded: Option<MatchEvidence>,
}
