//! The neutral vulnerability record that every feed parser (NVD 1.1 and API 2.0, CVE JSON 5,
//! CSAF 2.0) produces, the per-record problem report, and the error type shared by the feed
//! parsers (`nvd`, `cve5`, `kev`, `epss`, `csaf`).
//!
//! The records are plain data: no invariants beyond the validated [`CveId`], public fields,
//! `Serialize` for snapshots and hand-off. Applicability (`configurations`) keeps CPE match
//! criteria as strings; evaluating them is `rampart_core`'s job.

pub mod to_core;

use std::borrow::Cow;
use std::fmt;
use std::io::Read;

use serde::{Deserialize, Serialize};
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use crate::cvss::{CvssVersion, Severity};

/// Upper bound on the size of a decompressed feed (gzip bomb guard). NVD's largest yearly
/// 1.1 feed is ~90 MB uncompressed and the EPSS CSV ~10 MB.
pub const MAX_DECOMPRESSED_BYTES: u64 = 1 << 30;

/// Result of the feed parsers.
pub type Result<T, E = FeedError> = std::result::Result<T, E>;

/// Where a record came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FeedSource {
    /// NVD JSON 1.1 data feed (`CVE_Items[]`).
    NvdJson11,
    /// NVD CVE API 2.0 response (`vulnerabilities[].cve`).
    NvdApi20,
    /// CVE JSON 5 record (CVE List / Vulnrichment).
    Cve5,
    /// CSAF 2.0 advisory.
    Csaf,
    /// CISA Known Exploited Vulnerabilities catalog.
    Kev,
    /// FIRST EPSS daily scores.
    Epss,
}

impl fmt::Display for FeedSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NvdJson11 => "NVD JSON 1.1",
            Self::NvdApi20 => "NVD API 2.0",
            Self::Cve5 => "CVE JSON 5",
            Self::Csaf => "CSAF 2.0",
            Self::Kev => "CISA KEV",
            Self::Epss => "EPSS",
        })
    }
}

/// A CVE identifier, `CVE-YYYY-NNNN…` (CVE ID syntax: four-digit year, four or more digits).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CveId(String);

impl CveId {
    /// Parses a CVE id. Leading/trailing whitespace is trimmed and the `CVE` prefix is
    /// accepted in any case (and stored upper-case); anything else must match
    /// `CVE-\d{4}-\d{4,}`.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        let b = s.as_bytes();
        if b.len() < 13 || !b[..4].eq_ignore_ascii_case(b"CVE-") || b[8] != b'-' {
            return None;
        }
        let year_ok = b[4..8].iter().all(u8::is_ascii_digit);
        let num_ok = b[9..].iter().all(u8::is_ascii_digit);
        if !(year_ok && num_ok) {
            return None;
        }
        if b[..3] == *b"CVE" {
            Some(Self(s.to_owned()))
        } else {
            Some(Self(format!("CVE{}", &s[3..])))
        }
    }

    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CveId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The parts of a stored [`VulnRecord`] that matching needs: reading only
/// these skips descriptions, references and metrics, most of a record.
#[derive(Clone, Debug, Deserialize)]
pub struct ApplicabilityRecord {
    /// The CVE id.
    pub id: CveId,
    /// As in [`VulnRecord::configurations`].
    #[serde(default)]
    pub configurations: Vec<Configuration>,
    /// As in [`VulnRecord::affected`].
    #[serde(default)]
    pub affected: Vec<AffectedProduct>,
}

/// One vulnerability, as a feed describes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VulnRecord {
    /// The CVE id.
    pub id: CveId,
    /// Which feed format the record was read from.
    pub source: FeedSource,
    /// Who assigned or published the record (NVD `ASSIGNER`/`sourceIdentifier`, CVE 5
    /// `assignerShortName`, CSAF publisher name).
    pub assigner: Option<String>,
    /// Publication time.
    #[serde(with = "time::serde::rfc3339::option")]
    pub published: Option<OffsetDateTime>,
    /// Last modification time.
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_modified: Option<OffsetDateTime>,
    /// Short title (CVE 5 CNA `title`, CSAF vulnerability title); NVD has none.
    pub title: Option<String>,
    /// English description (the first `en*` description, else the first one).
    pub description: Option<String>,
    /// Weakness identifiers as given (`CWE-79`; NVD also uses `NVD-CWE-Other`/`NVD-CWE-noinfo`).
    pub cwes: Vec<String>,
    /// CVSS metrics from every container/source.
    pub cvss: Vec<CvssMetric>,
    /// References.
    pub references: Vec<Reference>,
    /// NVD-style applicability statements (CPE match criteria with version ranges). Any one
    /// configuration being satisfied makes the CVE apply.
    pub configurations: Vec<Configuration>,
    /// CVE 5 / CSAF-style affected products with version ranges.
    pub affected: Vec<AffectedProduct>,
    /// Known-exploited information (CVE 5 CISA ADP, NVD 2.0 `cisaExploitAdd`…).
    pub kev: Option<KevInfo>,
    /// SSVC decision points from the CISA ADP container.
    pub ssvc: Option<SsvcAdp>,
}

impl VulnRecord {
    /// An empty record for `id`, to be filled by a parser.
    pub fn new(id: CveId, source: FeedSource) -> Self {
        Self {
            id,
            source,
            assigner: None,
            published: None,
            last_modified: None,
            title: None,
            description: None,
            cwes: Vec::new(),
            cvss: Vec::new(),
            references: Vec::new(),
            configurations: Vec::new(),
            affected: Vec::new(),
            kev: None,
            ssvc: None,
        }
    }

    /// Adds a CWE id unless it is already listed.
    pub fn push_cwe(&mut self, cwe: &str) {
        let cwe = cwe.trim();
        if !cwe.is_empty() && !self.cwes.iter().any(|c| c == cwe) {
            self.cwes.push(cwe.to_owned());
        }
    }
}

/// A CVE that its publisher has rejected (CVE 5 `state: REJECTED`, NVD `vulnStatus: Rejected`).
/// Importers should withdraw it rather than store it as a live vulnerability.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rejection {
    /// The CVE id.
    pub id: CveId,
    /// Feed it came from.
    pub source: FeedSource,
    /// When it was rejected, if stated.
    #[serde(with = "time::serde::rfc3339::option")]
    pub date_rejected: Option<OffsetDateTime>,
    /// The stated reason (English when available).
    pub reason: Option<String>,
}

/// Whether a metric is the source's own (primary) or from another party (secondary).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MetricKind {
    /// NVD `Primary`, CVE 5 CNA container, CSAF document publisher.
    Primary,
    /// NVD `Secondary`, CVE 5 ADP container.
    Secondary,
}

/// One CVSS metric as a feed states it, with our own computation beside it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CvssMetric {
    /// CVSS version (from the vector when it parses, else from the feed's `version`).
    pub version: CvssVersion,
    /// The vector string as given.
    pub vector: String,
    /// The base score as the feed states it, or our computation when the feed gives none.
    pub base_score: f64,
    /// The severity as the feed states it, or derived from `base_score`.
    pub base_severity: Option<Severity>,
    /// Our score for `vector` (the `cvss` crate); `None` when the vector does not parse.
    pub computed_score: Option<f64>,
    /// Who scored it (`nvd@nist.gov`, a CNA short name, `CISA-ADP`, a CSAF publisher).
    pub source: Option<String>,
    /// Primary or secondary.
    pub kind: MetricKind,
}

/// A reference URL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    /// The URL.
    pub url: String,
    /// A name or summary, when given.
    pub name: Option<String>,
    /// Tags (`Patch`, `Vendor Advisory`, `x_transferred`, CSAF `category`…).
    pub tags: Vec<String>,
}

/// NVD API 2.0 `configurations[]` entry: nodes combined by `operator` (OR when absent).
///
/// NVD 1.1 feeds have no configuration level: each top-level 1.1 node becomes one
/// `Configuration` holding that node (with its `children`), which keeps the 1.1 semantics
/// ("any top-level node matches").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Configuration {
    /// How the nodes combine; `None` means the NVD default (OR).
    pub operator: Option<Operator>,
    /// Negates the combined result.
    pub negate: bool,
    /// The nodes.
    pub nodes: Vec<ConfigNode>,
}

/// Boolean operator of a configuration or node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Operator {
    /// All must match.
    And,
    /// Any must match.
    Or,
}

impl Operator {
    /// Parses `AND`/`OR` (case-insensitive).
    pub fn parse(s: &str) -> Option<Self> {
        if s.eq_ignore_ascii_case("and") {
            Some(Self::And)
        } else if s.eq_ignore_ascii_case("or") {
            Some(Self::Or)
        } else {
            None
        }
    }
}

/// A node of an applicability statement (NVD API 2.0 naming).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigNode {
    /// How `cpe_match` entries and `children` combine.
    pub operator: Operator,
    /// Negates the node's result.
    pub negate: bool,
    /// Nested nodes (NVD 1.1 `children`; API 2.0 has none).
    pub children: Vec<ConfigNode>,
    /// The CPE match criteria.
    pub cpe_match: Vec<CpeMatchRaw>,
}

/// One CPE match criterion, unparsed (NVD API 2.0 `cpeMatch[]`, 1.1 `cpe_match[]`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CpeMatchRaw {
    /// CPE 2.3 formatted string (`criteria`, 1.1 `cpe23Uri`).
    pub criteria: String,
    /// Whether a match means vulnerable (false: platform/context only).
    pub vulnerable: bool,
    /// `versionStartIncluding`.
    pub version_start_including: Option<String>,
    /// `versionStartExcluding`.
    pub version_start_excluding: Option<String>,
    /// `versionEndIncluding`.
    pub version_end_including: Option<String>,
    /// `versionEndExcluding`.
    pub version_end_excluding: Option<String>,
    /// `matchCriteriaId` (API 2.0 only).
    pub match_criteria_id: Option<String>,
}

/// A product named as affected or not by a CVE 5 record or a CSAF advisory.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AffectedProduct {
    /// Who said so (CNA short name, `CISA-ADP`, CSAF publisher).
    pub source: Option<String>,
    /// Vendor name.
    pub vendor: Option<String>,
    /// Product name.
    pub product: Option<String>,
    /// CSAF `product_id` this entry was derived from.
    pub product_id: Option<String>,
    /// Package name (CVE 5 `packageName`).
    pub package_name: Option<String>,
    /// Package registry (CVE 5 `collectionURL`).
    pub collection_url: Option<String>,
    /// Platforms (CVE 5 `platforms`).
    pub platforms: Vec<String>,
    /// CPE names or match strings given for the product.
    pub cpes: Vec<String>,
    /// Package URLs (CSAF `product_identification_helper.purl`).
    pub purls: Vec<String>,
    /// Status of versions not listed (CVE 5 `defaultStatus`).
    pub default_status: Option<VersionStatus>,
    /// Versions and ranges.
    pub versions: Vec<AffectedVersion>,
}

/// A version or version range with its status (CVE 5 `versions[]`, CSAF product status).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AffectedVersion {
    /// The version, or the start of the range when `less_than`/`less_than_or_equal` is set.
    pub version: Option<String>,
    /// Status of the version or range.
    pub status: VersionStatus,
    /// Exclusive upper bound (CVE 5 `lessThan`).
    pub less_than: Option<String>,
    /// Inclusive upper bound (CVE 5 `lessThanOrEqual`).
    pub less_than_or_equal: Option<String>,
    /// Version scheme (`semver`, `custom`, `git`…).
    pub version_type: Option<String>,
    /// An unparsed range expression (CSAF `product_version_range`, e.g. `vers:generic/<2.1`).
    pub range: Option<String>,
    /// Status changes inside the range (CVE 5 `changes[]`), in the order given.
    pub changes: Vec<VersionChange>,
}

/// A point inside a CVE 5 version range where the status changes (CVE 5 `changes[]`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionChange {
    /// The version at which the status changes.
    pub at: String,
    /// The status from `at` on.
    pub status: VersionStatus,
}

/// Status of a product version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VersionStatus {
    /// Affected (CVE 5 `affected`, CSAF `known_affected`/`first_affected`/`last_affected`).
    Affected,
    /// Not affected (CVE 5 `unaffected`, CSAF `known_not_affected`).
    Unaffected,
    /// Fixed (CSAF `fixed`/`first_fixed`).
    Fixed,
    /// Recommended by the vendor (CSAF `recommended`).
    Recommended,
    /// Under investigation (CSAF `under_investigation`).
    UnderInvestigation,
    /// Unknown (CVE 5 `unknown`).
    Unknown,
}

impl VersionStatus {
    /// Parses a CVE 5 status (`affected`, `unaffected`, `unknown`).
    pub fn parse_cve5(s: &str) -> Option<Self> {
        match s {
            "affected" => Some(Self::Affected),
            "unaffected" => Some(Self::Unaffected),
            "unknown" => Some(Self::Unknown),
            _ => None,
        }
    }
}

/// Known-exploited facts attached to a vulnerability record.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KevInfo {
    /// Date CISA added the CVE to the catalog.
    pub date_added: Option<Date>,
    /// Remediation due date for US federal agencies.
    pub due_date: Option<Date>,
    /// Required action.
    pub required_action: Option<String>,
    /// Vulnerability name as CISA gives it.
    pub vulnerability_name: Option<String>,
    /// Known use in ransomware campaigns, when stated.
    pub known_ransomware_campaign_use: Option<RansomwareUse>,
    /// Catalog reference URL (CVE 5 ADP).
    pub reference: Option<String>,
}

/// KEV `knownRansomwareCampaignUse`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RansomwareUse {
    /// Known to have been used in a ransomware campaign.
    Known,
    /// CISA lacks confirmation either way.
    Unknown,
}

impl RansomwareUse {
    /// Parses `Known`/`Unknown` (case-insensitive).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("known") {
            Some(Self::Known)
        } else if s.eq_ignore_ascii_case("unknown") {
            Some(Self::Unknown)
        } else {
            None
        }
    }
}

/// SSVC decision points from the CISA ADP Vulnrichment container.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SsvcAdp {
    /// Exploitation: none, poc, active.
    pub exploitation: Option<SsvcExploitation>,
    /// Automatable: yes/no.
    pub automatable: Option<bool>,
    /// Technical impact: partial, total.
    pub technical_impact: Option<SsvcTechnicalImpact>,
    /// SSVC version stated (`2.0.3`).
    pub version: Option<String>,
    /// Role of the decision maker (`CISA Coordinator`).
    pub role: Option<String>,
    /// When CISA evaluated it.
    #[serde(with = "time::serde::rfc3339::option")]
    pub timestamp: Option<OffsetDateTime>,
}

/// SSVC "Exploitation" decision point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SsvcExploitation {
    /// No evidence of exploitation.
    None,
    /// Proof of concept exists.
    Poc,
    /// Active exploitation.
    Active,
}

/// SSVC "Technical Impact" decision point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SsvcTechnicalImpact {
    /// Partial control.
    Partial,
    /// Total control.
    Total,
}

/// Which record a problem is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordLocator {
    /// The whole file or document.
    Document,
    /// Zero-based index in the feed's record array.
    Index(usize),
    /// One-based line number (JSON lines, CSV).
    Line(usize),
    /// A record id (CVE id, advisory tracking id).
    Id(String),
    /// Index plus the id read from the record.
    IndexAndId(usize, String),
}

impl fmt::Display for RecordLocator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Document => f.write_str("document"),
            Self::Index(i) => write!(f, "record #{i}"),
            Self::Line(l) => write!(f, "line {l}"),
            Self::Id(id) => f.write_str(id),
            Self::IndexAndId(i, id) => write!(f, "record #{i} ({id})"),
        }
    }
}

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemLevel {
    /// The record was skipped.
    Skipped,
    /// The record was kept, but part of it was dropped or could not be interpreted.
    Warning,
}

/// One problem found while reading a feed: where and what.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordProblem {
    /// File (or stream name) being read.
    pub file: String,
    /// Which record.
    pub record: RecordLocator,
    /// JSON path (or CSV column) inside the record, when known.
    pub path: Option<String>,
    /// Skipped or warning.
    pub level: ProblemLevel,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for RecordProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.level {
            ProblemLevel::Skipped => "skipped",
            ProblemLevel::Warning => "warning",
        };
        write!(f, "{}: {}", self.file, self.record)?;
        if let Some(path) = &self.path {
            write!(f, " at {path}")?;
        }
        write!(f, ": {level}: {}", self.message)
    }
}

/// The outcome of reading one feed file (or directory): the records and every problem.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FeedReport {
    /// Records read. Empty when the records were handed to a callback instead.
    pub records: Vec<VulnRecord>,
    /// Records the publisher rejected.
    pub rejected: Vec<Rejection>,
    /// Every problem, in input order.
    pub problems: Vec<RecordProblem>,
    /// Records seen (read, rejected or skipped).
    pub total: usize,
    /// Records skipped because they could not be read.
    pub skipped: usize,
}

impl FeedReport {
    /// Adds the counts, rejections and problems of `other` (records too).
    pub fn merge(&mut self, other: Self) {
        self.records.extend(other.records);
        self.rejected.extend(other.rejected);
        self.problems.extend(other.problems);
        self.total += other.total;
        self.skipped += other.skipped;
    }

    /// A one-line summary: `N records, R rejected, S skipped, P problems`.
    pub fn summary(&self) -> String {
        format!(
            "{} records read, {} rejected, {} skipped, {} problems",
            self.total - self.skipped - self.rejected.len(),
            self.rejected.len(),
            self.skipped,
            self.problems.len()
        )
    }

    pub(crate) fn skip(&mut self, problem: RecordProblem) {
        self.skipped += 1;
        self.problems.push(problem);
    }
}

/// Errors of the feed parsers. A whole-document error; per-record problems are reported in
/// [`FeedReport::problems`] instead.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FeedError {
    /// Reading a file failed.
    #[error("{file}: cannot read: {source}")]
    Io {
        /// The file.
        file: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The gzip stream is corrupt.
    #[error("{file}: bad gzip data: {source}")]
    Gzip {
        /// The file.
        file: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The input is larger than allowed.
    #[error("{file}: larger than {limit} bytes once decompressed")]
    TooLarge {
        /// The file.
        file: String,
        /// The limit.
        limit: u64,
    },
    /// The document is not valid JSON, or lacks a required member.
    #[error("{file}: {record} at {path} (line {line}, column {column}): {message}")]
    Json {
        /// The file.
        file: String,
        /// The record (or `document`).
        record: RecordLocator,
        /// JSON path of the problem (`document.tracking.id`), `$` for the root.
        path: String,
        /// Line (1-based, 0 when unknown).
        line: usize,
        /// Column (1-based, 0 when unknown).
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The document is JSON but not of the expected kind or shape.
    #[error("{file}: {path}: {message}")]
    Invalid {
        /// The file.
        file: String,
        /// JSON path (or line) of the problem.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The `.meta` file is malformed.
    #[error("{file}: line {line}: {message}")]
    Meta {
        /// The `.meta` file.
        file: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// An integrity check (NVD `.meta` size/sha256, CSAF `.sha512`) failed.
    #[error("{file}: {check} mismatch: expected {expected}, got {actual}")]
    IntegrityMismatch {
        /// The file whose content failed the check.
        file: String,
        /// Which check (`sha256`, `size`, `sha512`).
        check: &'static str,
        /// The value the metadata states.
        expected: String,
        /// The value computed from the content.
        actual: String,
    },
}

/// Decompresses `bytes` when they start with the gzip magic number, else borrows them.
pub(crate) fn maybe_gunzip<'a>(bytes: &'a [u8], file: &str) -> Result<Cow<'a, [u8]>> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(Cow::Borrowed(bytes));
    }
    let mut out = Vec::with_capacity(bytes.len().saturating_mul(8).min(1 << 28));
    let mut decoder = flate2::read::MultiGzDecoder::new(bytes).take(MAX_DECOMPRESSED_BYTES + 1);
    decoder.read_to_end(&mut out).map_err(|source| FeedError::Gzip {
        file: file.to_owned(),
        source,
    })?;
    if out.len() as u64 > MAX_DECOMPRESSED_BYTES {
        return Err(FeedError::TooLarge {
            file: file.to_owned(),
            limit: MAX_DECOMPRESSED_BYTES,
        });
    }
    Ok(Cow::Owned(out))
}

/// Reads a whole file (helper for the directory/mirror readers).
pub(crate) fn read_file(path: &std::path::Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|source| FeedError::Io {
        file: path.display().to_string(),
        source,
    })
}

/// A JSON deserialization failure with the JSON path of the failing member.
#[derive(Debug)]
pub(crate) struct JsonFailure {
    pub(crate) path: String,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) message: String,
}

impl JsonFailure {
    pub(crate) fn into_error(self, file: &str, record: RecordLocator) -> FeedError {
        FeedError::Json {
            file: file.to_owned(),
            record,
            path: self.path,
            line: self.line,
            column: self.column,
            message: self.message,
        }
    }

    pub(crate) fn into_problem(self, file: &str, record: RecordLocator) -> RecordProblem {
        RecordProblem {
            file: file.to_owned(),
            record,
            path: Some(self.path),
            level: ProblemLevel::Skipped,
            message: format!("{} (line {}, column {})", self.message, self.line, self.column),
        }
    }
}

/// Deserializes `bytes`; on failure deserializes again with `serde_path_to_error` to name the
/// JSON path. The fast path pays nothing for the path tracking.
pub(crate) fn from_json<'de, T: serde::Deserialize<'de>>(bytes: &'de [u8]) -> Result<T, JsonFailure> {
    match serde_json::from_slice::<T>(bytes) {
        Ok(value) => Ok(value),
        Err(err) => {
            let mut de = serde_json::Deserializer::from_slice(bytes);
            let path = match serde_path_to_error::deserialize::<_, T>(&mut de) {
                Err(e) => e.path().to_string(),
                Ok(_) => ".".to_owned(),
            };
            let message = strip_position(&err.to_string());
            Err(JsonFailure {
                path: if path == "." { "$".to_owned() } else { path },
                line: err.line(),
                column: err.column(),
                message,
            })
        }
    }
}

/// `serde_json` appends " at line X column Y"; we report the position separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// Parses the timestamp shapes found in the feeds, leniently:
/// `2025-02-25T00:15Z` (NVD 1.1, no seconds), `2021-12-10T10:15:09.143` (NVD 2.0, no offset:
/// UTC), `2024-08-02T09:05:36.250Z` (CVE 5), `2025-02-21T03:03:00-05:00`,
/// `2025-01-01T00:00:00+0000` (EPSS), and a bare date `2023-10-23` (midnight UTC).
pub fn parse_timestamp(s: &str) -> Option<OffsetDateTime> {
    let s = s.trim();
    let date = parse_date(s.get(..10)?)?;
    let rest = &s[10..];
    if rest.is_empty() {
        return Some(PrimitiveDateTime::new(date, Time::MIDNIGHT).assume_utc());
    }
    let rest = rest.strip_prefix('T').or_else(|| rest.strip_prefix(' '))?;
    let b = rest.as_bytes();
    let hour = two_digits(b.get(0..2)?)?;
    if b.get(2) != Some(&b':') {
        return None;
    }
    let minute = two_digits(b.get(3..5)?)?;
    let mut i = 5;
    let mut second = 0;
    let mut nanos: u32 = 0;
    if b.get(i) == Some(&b':') {
        second = two_digits(b.get(i + 1..i + 3)?)?;
        i += 3;
        if b.get(i) == Some(&b'.') || b.get(i) == Some(&b',') {
            i += 1;
            let start = i;
            let mut scale = 100_000_000u32;
            while let Some(d) = b.get(i).filter(|d| d.is_ascii_digit()) {
                nanos += u32::from(d - b'0') * scale;
                scale /= 10;
                i += 1;
            }
            if i == start {
                return None;
            }
        }
    }
    let time = Time::from_hms_nano(hour, minute, second, nanos).ok()?;
    let offset = parse_offset(&rest[i..])?;
    Some(PrimitiveDateTime::new(date, time).assume_offset(offset))
}

fn parse_offset(s: &str) -> Option<UtcOffset> {
    if s.is_empty() || s == "Z" || s == "z" {
        return Some(UtcOffset::UTC);
    }
    let b = s.as_bytes();
    let sign: i8 = match b[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let hours = two_digits(b.get(1..3)?)?;
    let minutes = match &b[3..] {
        [] => 0,
        [b':', m @ ..] | m => two_digits(m)?,
    };
    UtcOffset::from_hms(sign * hours as i8, sign * minutes as i8, 0).ok()
}

fn two_digits(b: &[u8]) -> Option<u8> {
    match b {
        [a, c] if a.is_ascii_digit() && c.is_ascii_digit() => Some((a - b'0') * 10 + (c - b'0')),
        _ => None,
    }
}

/// Parses an ISO 8601 calendar date `YYYY-MM-DD` (a longer timestamp is cut to its date).
pub fn parse_date(s: &str) -> Option<Date> {
    let b = s.trim().as_bytes();
    let b = b.get(..10)?;
    if b[4] != b'-' || b[7] != b'-' || !b[..4].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let year = i32::from(two_digits(&b[0..2])?) * 100 + i32::from(two_digits(&b[2..4])?);
    let month = Month::try_from(two_digits(&b[5..7])?).ok()?;
    let day = two_digits(&b[8..10])?;
    Date::from_calendar_date(year, month, day).ok()
}

/// Picks the English text out of a list of `(lang, value)` pairs: the first `en*` entry,
/// else the first entry.
pub(crate) fn english<'a, I>(items: I) -> Option<&'a str>
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let mut first = None;
    for (lang, value) in items {
        if lang.len() >= 2 && lang.as_bytes()[..2].eq_ignore_ascii_case(b"en") {
            return Some(value);
        }
        first.get_or_insert(value);
    }
    first
}

/// A record-level timestamp: parsed, or a warning naming the path.
pub(crate) fn timestamp_or_warn(
    value: Option<&str>,
    file: &str,
    record: &RecordLocator,
    path: &str,
    problems: &mut Vec<RecordProblem>,
) -> Option<OffsetDateTime> {
    let value = value?;
    let parsed = parse_timestamp(value);
    if parsed.is_none() {
        problems.push(warning(file, record, path, format!("unreadable timestamp {value:?}")));
    }
    parsed
}

/// A date: parsed, or a warning naming the path.
pub(crate) fn date_or_warn(
    value: Option<&str>,
    file: &str,
    record: &RecordLocator,
    path: &str,
    problems: &mut Vec<RecordProblem>,
) -> Option<Date> {
    let value = value.map(str::trim).filter(|v| !v.is_empty())?;
    let parsed = parse_date(value);
    if parsed.is_none() {
        problems.push(warning(file, record, path, format!("unreadable date {value:?}")));
    }
    parsed
}

/// Builds a warning problem.
pub(crate) fn warning(file: &str, record: &RecordLocator, path: &str, message: String) -> RecordProblem {
    RecordProblem {
        file: file.to_owned(),
        record: record.clone(),
        path: Some(path.to_owned()),
        level: ProblemLevel::Warning,
        message,
    }
}

/// Builds a CVSS metric from what a feed states, filling what is missing from our own
/// computation. Returns a warning message when the vector does not parse or disagrees with
/// the stated version.
pub(crate) fn cvss_metric(
    vector: &str,
    stated_version: Option<&str>,
    stated_score: Option<f64>,
    stated_severity: Option<&str>,
    source: Option<&str>,
    kind: MetricKind,
) -> std::result::Result<CvssMetric, String> {
    let computed = crate::cvss::parse_vector(vector);
    let version = match (&computed, stated_version.and_then(CvssVersion::parse)) {
        (Ok(c), _) => c.version,
        (Err(_), Some(v)) => v,
        (Err(e), None) => return Err(format!("CVSS vector {vector:?}: {e}")),
    };
    let computed_score = computed.as_ref().ok().map(|c| c.base_score);
    let Some(base_score) = stated_score.or(computed_score) else {
        return Err(format!("CVSS vector {vector:?} has no base score and does not parse"));
    };
    let base_severity = stated_severity
        .and_then(Severity::parse)
        .or_else(|| computed.as_ref().ok().map(|c| c.severity));
    Ok(CvssMetric {
        version,
        vector: vector.to_owned(),
        base_score,
        base_severity,
        computed_score,
        source: source.map(str::to_owned),
        kind,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        let check = |s: &str, expect: Option<&str>| {
            let got = parse_timestamp(s).map(|t| {
                t.format(&time::format_description::well_known::Rfc3339)
                    .unwrap_or_default()
            });
            assert_eq!(got.as_deref(), expect, "{s}");
        };
        check("2025-02-25T00:15Z", Some("2025-02-25T00:15:00Z"));
        check("2021-12-10T10:15:09.143", Some("2021-12-10T10:15:09.143Z"));
        check("2024-08-02T09:05:36.250Z", Some("2024-08-02T09:05:36.25Z"));
        check("2025-02-21T03:03:00-05:00", Some("2025-02-21T03:03:00-05:00"));
        check("2025-01-01T00:00:00+0000", Some("2025-01-01T00:00:00Z"));
        check("2023-10-23", Some("2023-10-23T00:00:00Z"));
        check("2023-13-23", None);
        check("2023-10-23T", None);
        check("2023-10-23T1", None);
        check("", None);
        check("é", None);
    }

    #[test]
    fn cve_ids() {
        assert_eq!(
            CveId::parse(" cve-2021-44228 ").map(|c| c.0),
            Some("CVE-2021-44228".into())
        );
        assert!(CveId::parse("CVE-2021-442").is_none());
        assert!(CveId::parse("CVE-20x1-44228").is_none());
        assert!(CveId::parse("GHSA-2021-44228").is_none());
        assert!(CveId::parse("CVE-2021-4422é").is_none());
    }
}
