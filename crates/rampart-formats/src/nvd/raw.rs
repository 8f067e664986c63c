//! Serde shapes of NVD JSON 1.1 feed items and NVD CVE API 2.0 `vulnerabilities[]` entries,
//! reduced to what Rampart keeps. Unknown members are ignored.
//!
//! 1.1 schema: `nvd_cve_feed_json_1.1.schema`; 2.0 schema: `cve_api_json_2.0.schema`
//! (NVD "Vulnerability APIs" documentation).

use serde::Deserialize;

/// `{ "lang": "en", "value": "…" }` (both versions).
#[derive(Debug, Deserialize)]
pub(super) struct LangValue {
    #[serde(default)]
    pub(super) lang: String,
    #[serde(default)]
    pub(super) value: String,
}

/// CVSS data block (`cvssV3`/`cvssV2` in 1.1, `cvssData` in 2.0).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct CvssData {
    pub(super) version: Option<String>,
    pub(super) vector_string: String,
    pub(super) base_score: Option<f64>,
    pub(super) base_severity: Option<String>,
}

/// A configuration node. 1.1 spells the match list `cpe_match` and nests `children`; 2.0
/// spells it `cpeMatch` and has no children (accepted anyway).
#[derive(Debug, Deserialize)]
pub(super) struct Node {
    pub(super) operator: Option<String>,
    #[serde(default)]
    pub(super) negate: bool,
    #[serde(default)]
    pub(super) children: Vec<Node>,
    #[serde(default, rename = "cpeMatch", alias = "cpe_match")]
    pub(super) cpe_match: Vec<CpeMatch>,
}

/// A CPE match criterion; 1.1 `cpe23Uri` = 2.0 `criteria`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct CpeMatch {
    pub(super) vulnerable: bool,
    #[serde(alias = "cpe23Uri")]
    pub(super) criteria: String,
    pub(super) version_start_including: Option<String>,
    pub(super) version_start_excluding: Option<String>,
    pub(super) version_end_including: Option<String>,
    pub(super) version_end_excluding: Option<String>,
    pub(super) match_criteria_id: Option<String>,
}

// ---------------------------------------------------------------- NVD JSON 1.1

/// `CVE_Items[]` entry.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Item11 {
    pub(super) cve: Cve11,
    pub(super) configurations: Option<Configurations11>,
    pub(super) impact: Option<Impact11>,
    pub(super) published_date: Option<String>,
    pub(super) last_modified_date: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Cve11 {
    #[serde(rename = "CVE_data_meta")]
    pub(super) meta: Meta11,
    pub(super) problemtype: Option<ProblemType11>,
    pub(super) references: Option<References11>,
    pub(super) description: Option<Description11>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Meta11 {
    #[serde(rename = "ID")]
    pub(super) id: String,
    #[serde(rename = "ASSIGNER")]
    pub(super) assigner: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct ProblemType11 {
    #[serde(default)]
    pub(super) problemtype_data: Vec<ProblemTypeData11>,
}

#[derive(Debug, Deserialize)]
pub(super) struct ProblemTypeData11 {
    #[serde(default)]
    pub(super) description: Vec<LangValue>,
}

#[derive(Debug, Deserialize)]
pub(super) struct References11 {
    #[serde(default)]
    pub(super) reference_data: Vec<Reference11>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Reference11 {
    pub(super) url: String,
    pub(super) name: Option<String>,
    #[serde(default)]
    pub(super) tags: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Description11 {
    #[serde(default)]
    pub(super) description_data: Vec<LangValue>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Configurations11 {
    #[serde(default)]
    pub(super) nodes: Vec<Node>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Impact11 {
    pub(super) base_metric_v3: Option<BaseMetricV3>,
    pub(super) base_metric_v2: Option<BaseMetricV2>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct BaseMetricV3 {
    pub(super) cvss_v3: CvssData,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct BaseMetricV2 {
    pub(super) cvss_v2: CvssData,
    pub(super) severity: Option<String>,
}

/// Just enough of a 1.1 item to name it in a problem report.
#[derive(Debug, Deserialize)]
pub(super) struct ItemId11 {
    pub(super) cve: CveId11,
}

#[derive(Debug, Deserialize)]
pub(super) struct CveId11 {
    #[serde(rename = "CVE_data_meta")]
    pub(super) meta: MetaId11,
}

#[derive(Debug, Deserialize)]
pub(super) struct MetaId11 {
    #[serde(rename = "ID")]
    pub(super) id: String,
}

// ---------------------------------------------------------------- NVD API 2.0

/// `vulnerabilities[]` entry.
#[derive(Debug, Deserialize)]
pub(super) struct Vuln20 {
    pub(super) cve: Cve20,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Cve20 {
    pub(super) id: String,
    pub(super) source_identifier: Option<String>,
    pub(super) published: Option<String>,
    pub(super) last_modified: Option<String>,
    pub(super) vuln_status: Option<String>,
    pub(super) cisa_exploit_add: Option<String>,
    pub(super) cisa_action_due: Option<String>,
    pub(super) cisa_required_action: Option<String>,
    pub(super) cisa_vulnerability_name: Option<String>,
    #[serde(default)]
    pub(super) descriptions: Vec<LangValue>,
    #[serde(default)]
    pub(super) metrics: Metrics20,
    #[serde(default)]
    pub(super) weaknesses: Vec<Weakness20>,
    #[serde(default)]
    pub(super) configurations: Vec<Configuration20>,
    #[serde(default)]
    pub(super) references: Vec<Reference20>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Metrics20 {
    #[serde(default, rename = "cvssMetricV40")]
    pub(super) v40: Vec<Metric20>,
    #[serde(default, rename = "cvssMetricV31")]
    pub(super) v31: Vec<Metric20>,
    #[serde(default, rename = "cvssMetricV30")]
    pub(super) v30: Vec<Metric20>,
    #[serde(default, rename = "cvssMetricV2")]
    pub(super) v2: Vec<Metric20>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Metric20 {
    pub(super) source: Option<String>,
    #[serde(rename = "type")]
    pub(super) kind: Option<String>,
    pub(super) cvss_data: CvssData,
    /// v2 keeps the severity beside `cvssData`.
    pub(super) base_severity: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Weakness20 {
    #[serde(default)]
    pub(super) description: Vec<LangValue>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Configuration20 {
    pub(super) operator: Option<String>,
    #[serde(default)]
    pub(super) negate: bool,
    #[serde(default)]
    pub(super) nodes: Vec<Node>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Reference20 {
    pub(super) url: String,
    #[serde(default)]
    pub(super) tags: Vec<String>,
}

/// Just enough of a 2.0 entry to name it in a problem report.
#[derive(Debug, Deserialize)]
pub(super) struct VulnId20 {
    pub(super) cve: CveId20,
}

#[derive(Debug, Deserialize)]
pub(super) struct CveId20 {
    pub(super) id: String,
}
