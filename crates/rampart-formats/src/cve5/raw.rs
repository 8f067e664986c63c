//! Serde shapes of CVE JSON 5.x records (CVE Record Format 5.1.1,
//! `CVE_Record_Format.json`), reduced to what Rampart keeps. Unknown members are ignored.

use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Record {
    pub(super) data_type: Option<String>,
    pub(super) cve_metadata: Metadata,
    #[serde(default)]
    pub(super) containers: Containers,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Metadata {
    pub(super) cve_id: String,
    pub(super) assigner_short_name: Option<String>,
    pub(super) state: String,
    pub(super) date_published: Option<String>,
    pub(super) date_updated: Option<String>,
    pub(super) date_rejected: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct Containers {
    pub(super) cna: Option<Container>,
    #[serde(default)]
    pub(super) adp: Vec<Container>,
}

/// The CNA container and ADP containers share these members.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Container {
    pub(super) provider_metadata: Option<ProviderMetadata>,
    pub(super) title: Option<String>,
    pub(super) date_public: Option<String>,
    #[serde(default)]
    pub(super) descriptions: Vec<LangValue>,
    #[serde(default)]
    pub(super) rejected_reasons: Vec<LangValue>,
    #[serde(default)]
    pub(super) affected: Vec<Affected>,
    #[serde(default)]
    pub(super) metrics: Vec<Metric>,
    #[serde(default)]
    pub(super) problem_types: Vec<ProblemType>,
    #[serde(default)]
    pub(super) references: Vec<Reference>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ProviderMetadata {
    pub(super) short_name: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct LangValue {
    #[serde(default)]
    pub(super) lang: String,
    #[serde(default)]
    pub(super) value: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Affected {
    pub(super) vendor: Option<String>,
    pub(super) product: Option<String>,
    pub(super) package_name: Option<String>,
    #[serde(rename = "collectionURL")]
    pub(super) collection_url: Option<String>,
    #[serde(default)]
    pub(super) platforms: Vec<String>,
    #[serde(default)]
    pub(super) cpes: Vec<String>,
    pub(super) default_status: Option<String>,
    #[serde(default)]
    pub(super) versions: Vec<Version>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Version {
    pub(super) version: Option<String>,
    pub(super) status: String,
    pub(super) less_than: Option<String>,
    pub(super) less_than_or_equal: Option<String>,
    pub(super) version_type: Option<String>,
    #[serde(default)]
    pub(super) changes: Vec<Change>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Change {
    pub(super) at: String,
    pub(super) status: String,
}

/// `metrics[]`: one of the CVSS blocks, or `other`.
#[derive(Debug, Deserialize)]
pub(super) struct Metric {
    #[serde(rename = "cvssV4_0")]
    pub(super) cvss_v4_0: Option<Cvss>,
    #[serde(rename = "cvssV3_1")]
    pub(super) cvss_v3_1: Option<Cvss>,
    #[serde(rename = "cvssV3_0")]
    pub(super) cvss_v3_0: Option<Cvss>,
    #[serde(rename = "cvssV2_0")]
    pub(super) cvss_v2_0: Option<Cvss>,
    pub(super) other: Option<Other>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Cvss {
    pub(super) version: Option<String>,
    pub(super) vector_string: String,
    pub(super) base_score: Option<f64>,
    pub(super) base_severity: Option<String>,
}

/// `metrics[].other`: `{ "type": "ssvc" | "kev" | …, "content": {…} }`.
#[derive(Debug, Deserialize)]
pub(super) struct Other {
    #[serde(rename = "type")]
    pub(super) kind: String,
    #[serde(default)]
    pub(super) content: Value,
}

#[derive(Debug, Deserialize)]
pub(super) struct ProblemType {
    #[serde(default)]
    pub(super) descriptions: Vec<ProblemTypeDescription>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ProblemTypeDescription {
    #[serde(default)]
    pub(super) description: String,
    pub(super) cwe_id: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Reference {
    pub(super) url: String,
    pub(super) name: Option<String>,
    #[serde(default)]
    pub(super) tags: Vec<String>,
}

/// Just enough to name a record in a problem report.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RecordId {
    pub(super) cve_metadata: MetadataId,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct MetadataId {
    pub(super) cve_id: String,
}
