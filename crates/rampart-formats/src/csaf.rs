//! CSAF 2.0 advisories (OASIS Common Security Advisory Framework v2.0): documents, product
//! trees flattened to `product_id → product`, vulnerabilities with product status,
//! remediations, threats, scores and VEX flags; plus reading a directory or a provider mirror
//! (ROLIE feed, `.sha512` checks).
//!
//! Two steps, as STYLE §5 asks: [`parse`] is strict about the members the schema requires
//! (an error names the JSON path) and [`check`] runs a subset of the CSAF 2.0 mandatory tests
//! (§6.1, listed in [`IMPLEMENTED_TESTS`]) and returns every failure. [`parse_and_check`]
//! does both. No schema validation beyond that.

mod checks;
mod convert;
mod product_tree;
mod provider;
mod raw;

use std::collections::BTreeMap;

use serde::Serialize;
use time::OffsetDateTime;

pub use self::checks::{IMPLEMENTED_TESTS, check};
pub use self::provider::{ProviderReport, ReadAdvisory, read_dir, read_provider_mirror, verify_sha512};
use crate::feed::{self, CveId, CvssMetric, FeedError, RecordLocator, Result, VulnRecord};

/// A parsed advisory.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CsafAdvisory {
    /// `/document`.
    pub document: CsafDocument,
    /// Every product defined in `/product_tree` (branches, full product names,
    /// relationships), by `product_id`.
    pub products: BTreeMap<String, CsafProduct>,
    /// `/product_tree/product_groups`: group id → product ids.
    pub product_groups: BTreeMap<String, Vec<String>>,
    /// `/vulnerabilities`.
    pub vulnerabilities: Vec<CsafVulnerability>,
}

/// `/document` metadata.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CsafDocument {
    /// `category` (`csaf_security_advisory`, `csaf_vex`, `csaf_base`, …).
    pub category: String,
    /// `csaf_version` (always `2.0` here).
    pub csaf_version: String,
    /// `title`.
    pub title: String,
    /// `lang`.
    pub lang: Option<String>,
    /// `source_lang` (translations).
    pub source_lang: Option<String>,
    /// `publisher`.
    pub publisher: CsafPublisher,
    /// `tracking`.
    pub tracking: CsafTracking,
    /// `distribution.tlp.label` (`CLEAR`, `WHITE`, `GREEN`, `AMBER`, `RED`).
    pub tlp: Option<String>,
    /// `distribution.text`.
    pub distribution_text: Option<String>,
    /// `aggregate_severity.text`.
    pub aggregate_severity: Option<String>,
    /// `notes`.
    pub notes: Vec<CsafNote>,
    /// `references`.
    pub references: Vec<CsafReference>,
}

/// `/document/publisher`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CsafPublisher {
    /// `category` (`vendor`, `coordinator`, `discoverer`, `translator`, `user`, `other`).
    pub category: String,
    /// `name`.
    pub name: String,
    /// `namespace` (URL).
    pub namespace: String,
    /// `contact_details`.
    pub contact_details: Option<String>,
}

/// `/document/tracking`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CsafTracking {
    /// `id`, unique per publisher.
    pub id: String,
    /// `version`.
    pub version: String,
    /// `status` (`draft`, `interim`, `final`).
    pub status: String,
    /// `initial_release_date`.
    #[serde(with = "time::serde::rfc3339::option")]
    pub initial_release_date: Option<OffsetDateTime>,
    /// `current_release_date`.
    #[serde(with = "time::serde::rfc3339::option")]
    pub current_release_date: Option<OffsetDateTime>,
    /// `revision_history`.
    pub revision_history: Vec<CsafRevision>,
}

/// `/document/tracking/revision_history[]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CsafRevision {
    /// `number`.
    pub number: String,
    /// `date`.
    #[serde(with = "time::serde::rfc3339::option")]
    pub date: Option<OffsetDateTime>,
    /// `summary`.
    pub summary: String,
}

/// A note (`/document/notes[]`, `/vulnerabilities[]/notes[]`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CsafNote {
    /// `category` (`description`, `details`, `faq`, `general`, `legal_disclaimer`, `other`,
    /// `summary`).
    pub category: String,
    /// `title`.
    pub title: Option<String>,
    /// `text`.
    pub text: String,
}

/// A reference (`/document/references[]`, `/vulnerabilities[]/references[]`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CsafReference {
    /// `category` (`external`, `self`).
    pub category: Option<String>,
    /// `summary`.
    pub summary: String,
    /// `url`.
    pub url: String,
}

/// A product, flattened from the product tree.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CsafProduct {
    /// `product_id`.
    pub product_id: String,
    /// The full product name (`name` of the full product name).
    pub name: String,
    /// Nearest `vendor` branch.
    pub vendor: Option<String>,
    /// Nearest `product_family` branch.
    pub family: Option<String>,
    /// Nearest `product_name` branch.
    pub product: Option<String>,
    /// Nearest `product_version` branch.
    pub version: Option<String>,
    /// Nearest `product_version_range` branch (vers or free text).
    pub version_range: Option<String>,
    /// Nearest `architecture` branch.
    pub architecture: Option<String>,
    /// Nearest `patch_level`/`service_pack` branch.
    pub patch_level: Option<String>,
    /// `product_identification_helper.cpe`.
    pub cpe: Option<String>,
    /// `product_identification_helper.purl` (and 2.1 `purls`).
    pub purls: Vec<String>,
    /// `product_identification_helper.model_numbers`.
    pub model_numbers: Vec<String>,
    /// `product_identification_helper.serial_numbers`.
    pub serial_numbers: Vec<String>,
    /// `product_identification_helper.skus`.
    pub skus: Vec<String>,
    /// Set when the product is defined by a relationship (component on platform).
    pub relationship: Option<ProductRelationship>,
}

/// `/product_tree/relationships[]`: `component` is `category` of `platform`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProductRelationship {
    /// `category` (`default_component_of`, `external_component_of`, `installed_on`,
    /// `installed_with`, `optional_component_of`).
    pub category: String,
    /// `product_reference`.
    pub component: String,
    /// `relates_to_product_reference`.
    pub platform: String,
}

/// `/vulnerabilities[]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CsafVulnerability {
    /// `cve`.
    pub cve: Option<CveId>,
    /// `ids[]` (`system_name`, `text`).
    pub ids: Vec<(String, String)>,
    /// `title`.
    pub title: Option<String>,
    /// `cwe` (`id`, `name`).
    pub cwe: Option<(String, String)>,
    /// `discovery_date`.
    #[serde(with = "time::serde::rfc3339::option")]
    pub discovery_date: Option<OffsetDateTime>,
    /// `release_date`.
    #[serde(with = "time::serde::rfc3339::option")]
    pub release_date: Option<OffsetDateTime>,
    /// `notes`.
    pub notes: Vec<CsafNote>,
    /// `references`.
    pub references: Vec<CsafReference>,
    /// `product_status`.
    pub product_status: ProductStatus,
    /// `remediations`, with group ids expanded into product ids.
    pub remediations: Vec<Remediation>,
    /// `threats`, with group ids expanded.
    pub threats: Vec<Threat>,
    /// `scores[]`, one entry per CVSS block.
    pub scores: Vec<CsafScore>,
    /// `flags` (VEX justifications), with group ids expanded.
    pub flags: Vec<Flag>,
}

/// `/vulnerabilities[]/product_status`: product ids per status.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ProductStatus {
    /// `first_affected`.
    pub first_affected: Vec<String>,
    /// `first_fixed`.
    pub first_fixed: Vec<String>,
    /// `fixed`.
    pub fixed: Vec<String>,
    /// `known_affected`.
    pub known_affected: Vec<String>,
    /// `known_not_affected`.
    pub known_not_affected: Vec<String>,
    /// `last_affected`.
    pub last_affected: Vec<String>,
    /// `recommended`.
    pub recommended: Vec<String>,
    /// `under_investigation`.
    pub under_investigation: Vec<String>,
}

/// `/vulnerabilities[]/remediations[]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Remediation {
    /// `category` (`mitigation`, `no_fix_planned`, `none_available`, `vendor_fix`,
    /// `workaround`).
    pub category: String,
    /// `details`.
    pub details: String,
    /// `url`.
    pub url: Option<String>,
    /// `date`.
    #[serde(with = "time::serde::rfc3339::option")]
    pub date: Option<OffsetDateTime>,
    /// `product_ids` plus the members of `group_ids`.
    pub product_ids: Vec<String>,
}

/// `/vulnerabilities[]/threats[]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Threat {
    /// `category` (`exploit_status`, `impact`, `target_set`).
    pub category: String,
    /// `details`.
    pub details: String,
    /// `date`.
    #[serde(with = "time::serde::rfc3339::option")]
    pub date: Option<OffsetDateTime>,
    /// `product_ids` plus the members of `group_ids`.
    pub product_ids: Vec<String>,
}

/// One CVSS block of `/vulnerabilities[]/scores[]` with the products it applies to.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CsafScore {
    /// `products`.
    pub products: Vec<String>,
    /// The metric (source: the document publisher).
    pub metric: CvssMetric,
}

/// `/vulnerabilities[]/flags[]` (VEX justification).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Flag {
    /// `label` (`component_not_present`, `inline_mitigations_already_exist`,
    /// `vulnerable_code_cannot_be_controlled_by_adversary`, `vulnerable_code_not_in_execute_path`,
    /// `vulnerable_code_not_present`).
    pub label: String,
    /// `date`.
    #[serde(with = "time::serde::rfc3339::option")]
    pub date: Option<OffsetDateTime>,
    /// `product_ids` plus the members of `group_ids`.
    pub product_ids: Vec<String>,
}

/// A problem found in an advisory: a failed mandatory test (`test` is its section number,
/// `6.1.1`) or a part we could not interpret (`test` is `None`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CsafProblem {
    /// CSAF 2.0 mandatory test number, when the problem is one.
    pub test: Option<&'static str>,
    /// JSON path (`vulnerabilities[0].product_status.known_affected[1]`).
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for CsafProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.test {
            Some(t) => write!(f, "{}: [{t}] {}", self.path, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

/// Strictly parses one CSAF 2.0 document (plain JSON or gzip). Missing required members,
/// wrong types and a `csaf_version` other than `2.0` are errors naming the JSON path.
/// Unreadable optional parts (a bad date, an unparsable CVSS vector, a malformed CVE id)
/// are kept out of the model and returned as problems.
pub fn parse(bytes: &[u8], file: &str) -> Result<(CsafAdvisory, Vec<CsafProblem>)> {
    let json = feed::maybe_gunzip(bytes, file)?;
    let (_, advisory, problems) = parse_inner(&json, file)?;
    Ok((advisory, problems))
}

/// [`parse`], then the mandatory tests of [`IMPLEMENTED_TESTS`]: the advisory and every
/// problem found.
pub fn parse_and_check(bytes: &[u8], file: &str) -> Result<(CsafAdvisory, Vec<CsafProblem>)> {
    let json = feed::maybe_gunzip(bytes, file)?;
    let (raw, advisory, mut problems) = parse_inner(&json, file)?;
    // Some tests need what flattening discards (duplicate definitions, group ids).
    problems.extend(checks::check_raw(&raw));
    problems.extend(check(&advisory));
    Ok((advisory, problems))
}

fn parse_inner(json: &[u8], file: &str) -> Result<(raw::Doc, CsafAdvisory, Vec<CsafProblem>)> {
    let raw: raw::Doc = feed::from_json(json).map_err(|e| e.into_error(file, RecordLocator::Document))?;
    if raw.document.csaf_version != "2.0" {
        return Err(FeedError::Invalid {
            file: file.to_owned(),
            path: "document.csaf_version".to_owned(),
            message: format!("expected \"2.0\", got {:?}", raw.document.csaf_version),
        });
    }
    let mut problems = Vec::new();
    let advisory = convert::advisory(&raw, &mut problems);
    Ok((raw, advisory, problems))
}

impl CsafAdvisory {
    /// The vulnerabilities with a CVE id as neutral [`VulnRecord`]s: the CSAF product status
    /// becomes `affected` entries (one per product, with vendor, product, version or range,
    /// CPE and purls), scores become CVSS metrics sourced to the publisher.
    pub fn to_vuln_records(&self) -> Vec<VulnRecord> {
        convert::vuln_records(self)
    }
}
