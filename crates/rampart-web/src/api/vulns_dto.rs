//! Wire types of the vulnerability-intelligence API: vulnerabilities,
//! findings with their SSVC decision, feed imports and match runs.

use rampart_app::{FeedImportReport, FindingDetail, FindingRow, MatchReport, VulnDetail, VulnRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_owned).collect()
}

/// A row of the vulnerability list.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct VulnItem {
    /// `CVE-2017-0143`.
    pub(crate) cve_id: String,
    pub(crate) title: Option<String>,
    /// Base score of the preferred CVSS metric (newest version, primary source).
    pub(crate) cvss_score: Option<f64>,
    /// `3.1`, `4.0`, …
    pub(crate) cvss_version: Option<String>,
    /// `LOW`, `MEDIUM`, `HIGH`, `CRITICAL`.
    pub(crate) severity: Option<String>,
    /// In CISA's Known Exploited Vulnerabilities catalog.
    pub(crate) kev: bool,
    /// FIRST EPSS probability of exploitation in the next 30 days (0-1).
    pub(crate) epss: Option<f64>,
    pub(crate) epss_percentile: Option<f64>,
    /// Open findings in the city.
    pub(crate) open_findings: i64,
    pub(crate) cwes: Vec<String>,
    /// Normalised vendor keys named by the records.
    pub(crate) vendors: Vec<String>,
    pub(crate) published: Option<String>,
    pub(crate) last_modified: Option<String>,
}

impl From<VulnRow> for VulnItem {
    fn from(v: VulnRow) -> Self {
        Self {
            cwes: words(&v.cwes),
            vendors: words(&v.vendors),
            cve_id: v.cve_id,
            title: v.title,
            cvss_score: v.cvss_score,
            cvss_version: v.cvss_version,
            severity: v.severity,
            kev: v.kev,
            epss: v.epss,
            epss_percentile: v.epss_percentile,
            open_findings: v.open_findings,
            published: v.published,
            last_modified: v.last_modified,
        }
    }
}

/// A page of vulnerabilities, most severe first.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct VulnList {
    pub(crate) items: Vec<VulnItem>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) next_cursor: Option<String>,
    /// Matching vulnerabilities, counted up to 10,000.
    pub(crate) total_capped: i64,
}

/// A CVSS metric as a feed gives it.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CvssMetric {
    /// `2.0`, `3.0`, `3.1`, `4.0`.
    pub(crate) version: String,
    pub(crate) vector: String,
    pub(crate) base_score: f64,
    /// Who scored it (`nvd@nist.gov`, a CNA, …).
    pub(crate) source: String,
}

/// A CISA KEV entry.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct KevFacts {
    pub(crate) date_added: Option<String>,
    /// CISA's remediation due date for federal agencies.
    pub(crate) due_date: Option<String>,
    /// `Known` when used in ransomware campaigns.
    pub(crate) ransomware: Option<String>,
    pub(crate) required_action: Option<String>,
}

/// CISA ADP (Vulnrichment) SSVC assessment of the vulnerability.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AdpSsvc {
    /// `none`, `poc`, `active`.
    pub(crate) exploitation: Option<String>,
    pub(crate) automatable: Option<bool>,
    /// `partial` or `total`.
    pub(crate) technical_impact: Option<String>,
}

/// A CSAF advisory naming the vulnerability.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AdvisoryRef {
    pub(crate) tracking_id: String,
    pub(crate) publisher: String,
    pub(crate) title: String,
    /// TLP label of the document.
    pub(crate) tlp: Option<String>,
    pub(crate) initial_release: Option<String>,
    pub(crate) current_release: Option<String>,
}

/// A service depending on affected assets.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AffectedService {
    pub(crate) name: String,
    /// Open findings on assets the service needs.
    pub(crate) findings: usize,
}

/// A vulnerability with everything Rampart knows about it.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Vuln {
    pub(crate) cve_id: String,
    pub(crate) title: Option<String>,
    pub(crate) description: Option<String>,
    /// The CNA that assigned the id.
    pub(crate) assigner: Option<String>,
    pub(crate) published: Option<String>,
    pub(crate) last_modified: Option<String>,
    pub(crate) cvss_score: Option<f64>,
    pub(crate) cvss_version: Option<String>,
    pub(crate) cvss_vector: Option<String>,
    pub(crate) severity: Option<String>,
    /// Every CVSS metric the feeds give.
    pub(crate) metrics: Vec<CvssMetric>,
    pub(crate) cwes: Vec<String>,
    pub(crate) vendors: Vec<String>,
    /// Present when the vulnerability is in CISA KEV.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) kev: Option<KevFacts>,
    pub(crate) epss: Option<f64>,
    pub(crate) epss_percentile: Option<f64>,
    /// Present when the CISA ADP assessed the vulnerability.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) adp_ssvc: Option<AdpSsvc>,
    /// Feed records stored (`nvd`, `cve5`, `csaf:<tracking id>`).
    pub(crate) sources: Vec<String>,
    pub(crate) references: Vec<String>,
    pub(crate) advisories: Vec<AdvisoryRef>,
    pub(crate) open_findings: i64,
    /// Findings (any status) in the caller's scope; empty without `finding.view`.
    pub(crate) findings: Vec<FindingItem>,
    /// Services needing assets with open findings, most affected first.
    pub(crate) services: Vec<AffectedService>,
}

impl From<VulnDetail> for Vuln {
    fn from(d: VulnDetail) -> Self {
        let v = d.vuln;
        let kev = v.kev.then(|| KevFacts {
            date_added: v.kev_date_added.clone(),
            due_date: v.kev_due_date.clone(),
            ransomware: v.kev_ransomware.clone(),
            required_action: v.kev_required_action.clone(),
        });
        let adp_ssvc = (v.ssvc_exploitation.is_some()
            || v.ssvc_automatable.is_some()
            || v.ssvc_technical_impact.is_some())
        .then(|| AdpSsvc {
            exploitation: v.ssvc_exploitation.clone(),
            automatable: v.ssvc_automatable,
            technical_impact: v.ssvc_technical_impact.clone(),
        });
        Self {
            vendors: words(&v.vendors),
            cve_id: v.cve_id,
            title: v.title,
            description: v.description,
            assigner: v.assigner,
            published: v.published,
            last_modified: v.last_modified,
            cvss_score: v.cvss_score,
            cvss_version: v.cvss_version,
            cvss_vector: v.cvss_vector,
            severity: v.severity,
            metrics: d
                .metrics
                .into_iter()
                .map(|(version, vector, base_score, source)| CvssMetric {
                    version,
                    vector,
                    base_score,
                    source,
                })
                .collect(),
            cwes: d.cwes,
            kev,
            epss: v.epss,
            epss_percentile: v.epss_percentile,
            adp_ssvc,
            sources: d.sources,
            references: d.references,
            advisories: d
                .advisories
                .into_iter()
                .map(|a| AdvisoryRef {
                    tracking_id: a.tracking_id,
                    publisher: a.publisher,
                    title: a.title,
                    tlp: a.tlp,
                    initial_release: a.initial_release,
                    current_release: a.current_release,
                })
                .collect(),
            open_findings: v.open_findings,
            findings: d.findings.into_iter().map(FindingItem::from).collect(),
            services: d
                .services
                .into_iter()
                .map(|(name, findings)| AffectedService { name, findings })
                .collect(),
        }
    }
}

/// A finding: a vulnerability matched to an asset.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct FindingItem {
    pub(crate) id: i64,
    pub(crate) asset_id: i64,
    pub(crate) asset: String,
    pub(crate) asset_type: String,
    /// Owner organisation of the asset.
    pub(crate) org_id: i64,
    /// Its slug.
    pub(crate) org: String,
    pub(crate) cve_id: String,
    pub(crate) title: Option<String>,
    pub(crate) cvss_score: Option<f64>,
    pub(crate) severity: Option<String>,
    pub(crate) kev: bool,
    pub(crate) epss: Option<f64>,
    /// `open`, `in_progress`, `mitigated`, `fixed`, `accepted`, `false_positive`, `not_affected`.
    pub(crate) status: String,
    /// The matcher's verdict: `affected`, `not_affected` (a vendor VEX statement) or `undetermined`.
    pub(crate) verdict: String,
    /// SSVC deployer outcome: `immediate`, `out_of_cycle`, `scheduled`, `defer`.
    pub(crate) ssvc_outcome: Option<String>,
    /// Remediation due date (policy days per outcome, or the KEV due date when sooner).
    pub(crate) due_date: Option<String>,
    /// VEX justification of a `not_affected` status.
    pub(crate) justification: Option<String>,
    pub(crate) first_seen: String,
    pub(crate) last_seen: String,
    pub(crate) closed_at: Option<String>,
}

impl From<FindingRow> for FindingItem {
    fn from(f: FindingRow) -> Self {
        Self {
            id: f.id,
            asset_id: f.asset_id,
            asset: f.asset_name,
            asset_type: f.asset_type,
            org_id: f.org_id,
            org: f.org_slug,
            cve_id: f.cve_id,
            title: f.title,
            cvss_score: f.cvss_score,
            severity: f.severity,
            kev: f.kev,
            epss: f.epss,
            status: f.status,
            verdict: f.verdict,
            ssvc_outcome: f.ssvc_outcome,
            due_date: f.due_date,
            justification: f.justification,
            first_seen: f.first_seen,
            last_seen: f.last_seen,
            closed_at: f.closed_at,
        }
    }
}

/// Open findings of one SSVC outcome.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct OutcomeCount {
    /// `immediate`, `out_of_cycle`, `scheduled`, `defer` or `none`.
    pub(crate) outcome: String,
    pub(crate) open: i64,
}

/// A page of findings, patch first.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct FindingList {
    pub(crate) items: Vec<FindingItem>,
    /// Matching findings, counted up to 100,000.
    pub(crate) total_capped: i64,
    pub(crate) offset: i64,
    pub(crate) limit: i64,
    /// Pass as `offset` to get the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) next_offset: Option<i64>,
    /// Open findings per SSVC outcome in the caller's scope (and organisation filter).
    pub(crate) outcomes: Vec<OutcomeCount>,
}

/// One SSVC decision point: its value and why.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SsvcRow {
    /// `Exploitation`, `System Exposure`, `Automatable`, `Mission Impact`, `Safety Impact`, `Human Impact`.
    pub(crate) point: String,
    pub(crate) value: String,
    pub(crate) why: String,
}

/// The SSVC deployer decision of a finding.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Ssvc {
    /// `immediate`, `out_of_cycle`, `scheduled`, `defer`.
    pub(crate) outcome: String,
    /// The outcome as SSVC names it (`Out-of-Cycle`).
    pub(crate) label: String,
    pub(crate) points: Vec<SsvcRow>,
}

/// A finding with why it matched and why it got its priority.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Finding {
    #[serde(flatten)]
    pub(crate) finding: FindingItem,
    /// Triage note.
    pub(crate) note: String,
    /// Why it matched: the rule, the asset's identifiers and the versions compared.
    pub(crate) evidence: String,
    /// Absent when no decision is stored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) ssvc: Option<Ssvc>,
}

impl From<FindingDetail> for Finding {
    fn from(d: FindingDetail) -> Self {
        let ssvc = d.decision.map(|dec| Ssvc {
            outcome: dec.outcome().as_str().to_owned(),
            label: dec.outcome().label().to_owned(),
            points: dec
                .explain()
                .into_iter()
                .map(|(point, value, why)| SsvcRow {
                    point: point.to_owned(),
                    value,
                    why,
                })
                .collect(),
        });
        let note = d.finding.note.clone();
        Self {
            finding: d.finding.into(),
            note,
            evidence: d.evidence,
            ssvc,
        }
    }
}

/// Triage of a finding. Absent fields keep their value.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct FindingPatch {
    /// `open`, `in_progress`, `mitigated`, `fixed`, `accepted`, `false_positive`, `not_affected`.
    #[serde(default)]
    pub(crate) status: Option<String>,
    /// VEX justification, required with `not_affected`: `code_not_present`, `code_not_reachable`,
    /// `requires_configuration`, `requires_dependency`, `requires_environment`, `protected_by_compiler`,
    /// `protected_at_runtime`, `protected_at_perimeter`, `protected_by_mitigating_control`.
    #[serde(default)]
    pub(crate) justification: Option<String>,
    /// Note (at most 4,000 characters).
    #[serde(default)]
    pub(crate) note: Option<String>,
}

/// The outcome of one feed import.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct FeedImport {
    /// `nvd`, `cve5`, `kev`, `epss`, `csaf`.
    pub(crate) kind: String,
    /// File name.
    pub(crate) source: String,
    /// Records seen.
    pub(crate) total: u64,
    pub(crate) created: u64,
    pub(crate) updated: u64,
    pub(crate) unchanged: u64,
    /// Records that could not be read.
    pub(crate) skipped: u64,
    /// Problems (at most 1,000), each naming the file, record and reason.
    pub(crate) problems: Vec<String>,
    pub(crate) problem_count: u64,
    pub(crate) millis: u64,
}

impl From<FeedImportReport> for FeedImport {
    fn from(r: FeedImportReport) -> Self {
        Self {
            kind: r.kind,
            source: r.source,
            total: r.total,
            created: r.created,
            updated: r.updated,
            unchanged: r.unchanged,
            skipped: r.skipped,
            problems: r.problems,
            problem_count: r.problem_count,
            millis: r.millis,
        }
    }
}

/// The outcome of a match run.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct MatchResult {
    /// Full, or incremental (only vulnerabilities changed since the last run).
    pub(crate) full: bool,
    /// Vulnerability rules matched.
    pub(crate) rules: u64,
    /// Assets matched.
    pub(crate) assets: u64,
    pub(crate) opened: u64,
    /// Findings whose verdict, evidence, priority or due date changed.
    pub(crate) updated: u64,
    pub(crate) unchanged: u64,
    /// Findings closed because they no longer match.
    pub(crate) closed: u64,
    pub(crate) millis: u64,
}

impl From<MatchReport> for MatchResult {
    fn from(r: MatchReport) -> Self {
        Self {
            full: r.full,
            rules: r.rules,
            assets: r.assets,
            opened: r.opened,
            updated: r.updated,
            unchanged: r.unchanged,
            closed: r.closed,
            millis: r.millis,
        }
    }
}

/// A recorded feed import.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct FeedImportItem {
    pub(crate) id: i64,
    pub(crate) kind: String,
    pub(crate) source: String,
    pub(crate) started_at: String,
    pub(crate) finished_at: String,
    pub(crate) total: i64,
    pub(crate) created: i64,
    pub(crate) updated: i64,
    pub(crate) unchanged: i64,
    pub(crate) skipped: i64,
    /// The first problems (at most 100).
    pub(crate) problems: Vec<String>,
}

/// A recorded match run.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct MatchRunItem {
    pub(crate) id: i64,
    pub(crate) full: bool,
    pub(crate) started_at: String,
    pub(crate) finished_at: String,
    pub(crate) rules: i64,
    pub(crate) assets: i64,
    pub(crate) opened: i64,
    pub(crate) updated: i64,
    pub(crate) closed: i64,
    pub(crate) millis: i64,
}

/// Stored intelligence, recent imports and match runs.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct FeedStatus {
    pub(crate) vulnerabilities: i64,
    /// CSAF advisories.
    pub(crate) advisories: i64,
    /// CISA KEV entries.
    pub(crate) kev: i64,
    /// EPSS scores.
    pub(crate) epss: i64,
    /// The last 20 imports, newest first.
    pub(crate) imports: Vec<FeedImportItem>,
    /// The last 10 match runs, newest first.
    pub(crate) match_runs: Vec<MatchRunItem>,
}

/// A vendor alias: a name and the vendor it means (both normalised).
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct VendorAliasItem {
    pub(crate) alias: String,
    pub(crate) canonical: String,
    /// Shipped with Rampart (read-only).
    pub(crate) built_in: bool,
}

impl From<rampart_app::VendorAlias> for VendorAliasItem {
    fn from(a: rampart_app::VendorAlias) -> Self {
        Self {
            alias: a.alias,
            canonical: a.canonical,
            built_in: a.built_in,
        }
    }
}

/// The vendor an alias means.
#[derive(Debug, serde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AliasInput {
    /// The vendor's name, e.g. `Schneider Electric`.
    pub(crate) canonical: String,
}
