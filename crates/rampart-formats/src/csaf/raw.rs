//! Serde shapes of a CSAF 2.0 document (OASIS CSAF v2.0, `csaf_json_schema.json`), reduced to
//! what Rampart keeps. Members the schema requires are non-optional here, so a missing one
//! fails deserialization with its JSON path (`document.tracking: missing field `id``).
//! Unknown members are ignored.

use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub(super) struct Doc {
    pub(super) document: Document,
    pub(super) product_tree: Option<ProductTree>,
    #[serde(default)]
    pub(super) vulnerabilities: Vec<Vulnerability>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Document {
    pub(super) category: String,
    pub(super) csaf_version: String,
    pub(super) title: String,
    pub(super) lang: Option<String>,
    pub(super) source_lang: Option<String>,
    pub(super) publisher: Publisher,
    pub(super) tracking: Tracking,
    pub(super) distribution: Option<Distribution>,
    pub(super) aggregate_severity: Option<AggregateSeverity>,
    #[serde(default)]
    pub(super) notes: Vec<Note>,
    #[serde(default)]
    pub(super) references: Vec<Reference>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Publisher {
    pub(super) category: String,
    pub(super) name: String,
    pub(super) namespace: String,
    pub(super) contact_details: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Tracking {
    pub(super) id: String,
    pub(super) version: String,
    pub(super) status: String,
    pub(super) initial_release_date: String,
    pub(super) current_release_date: String,
    pub(super) revision_history: Vec<Revision>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Revision {
    pub(super) number: String,
    pub(super) date: String,
    pub(super) summary: String,
}

#[derive(Debug, Deserialize)]
pub(super) struct Distribution {
    pub(super) text: Option<String>,
    pub(super) tlp: Option<Tlp>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Tlp {
    pub(super) label: String,
}

#[derive(Debug, Deserialize)]
pub(super) struct AggregateSeverity {
    pub(super) text: String,
}

#[derive(Debug, Deserialize)]
pub(super) struct Note {
    pub(super) category: String,
    pub(super) text: String,
    pub(super) title: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Reference {
    pub(super) url: String,
    pub(super) summary: String,
    pub(super) category: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct ProductTree {
    #[serde(default)]
    pub(super) branches: Vec<Branch>,
    #[serde(default)]
    pub(super) full_product_names: Vec<FullProductName>,
    #[serde(default)]
    pub(super) product_groups: Vec<ProductGroup>,
    #[serde(default)]
    pub(super) relationships: Vec<Relationship>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Branch {
    pub(super) category: String,
    pub(super) name: String,
    #[serde(default)]
    pub(super) branches: Vec<Branch>,
    pub(super) product: Option<FullProductName>,
}

#[derive(Debug, Deserialize)]
pub(super) struct FullProductName {
    pub(super) name: String,
    pub(super) product_id: String,
    pub(super) product_identification_helper: Option<Helper>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct Helper {
    pub(super) cpe: Option<String>,
    /// CSAF 2.0 has one `purl`; 2.1 drafts use `purls`.
    pub(super) purl: Option<String>,
    #[serde(default)]
    pub(super) purls: Vec<String>,
    #[serde(default)]
    pub(super) model_numbers: Vec<String>,
    #[serde(default)]
    pub(super) serial_numbers: Vec<String>,
    #[serde(default)]
    pub(super) skus: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct ProductGroup {
    pub(super) group_id: String,
    pub(super) product_ids: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Relationship {
    pub(super) category: String,
    pub(super) full_product_name: FullProductName,
    pub(super) product_reference: String,
    pub(super) relates_to_product_reference: String,
}

#[derive(Debug, Deserialize)]
pub(super) struct Vulnerability {
    pub(super) cve: Option<String>,
    pub(super) title: Option<String>,
    pub(super) cwe: Option<Cwe>,
    pub(super) discovery_date: Option<String>,
    pub(super) release_date: Option<String>,
    #[serde(default)]
    pub(super) ids: Vec<VulnId>,
    #[serde(default)]
    pub(super) notes: Vec<Note>,
    #[serde(default)]
    pub(super) references: Vec<Reference>,
    pub(super) product_status: Option<ProductStatus>,
    #[serde(default)]
    pub(super) remediations: Vec<Remediation>,
    #[serde(default)]
    pub(super) threats: Vec<Threat>,
    #[serde(default)]
    pub(super) scores: Vec<Score>,
    #[serde(default)]
    pub(super) flags: Vec<Flag>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Cwe {
    pub(super) id: String,
    pub(super) name: String,
}

#[derive(Debug, Deserialize)]
pub(super) struct VulnId {
    pub(super) system_name: String,
    pub(super) text: String,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct ProductStatus {
    #[serde(default)]
    pub(super) first_affected: Vec<String>,
    #[serde(default)]
    pub(super) first_fixed: Vec<String>,
    #[serde(default)]
    pub(super) fixed: Vec<String>,
    #[serde(default)]
    pub(super) known_affected: Vec<String>,
    #[serde(default)]
    pub(super) known_not_affected: Vec<String>,
    #[serde(default)]
    pub(super) last_affected: Vec<String>,
    #[serde(default)]
    pub(super) recommended: Vec<String>,
    #[serde(default)]
    pub(super) under_investigation: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Remediation {
    pub(super) category: String,
    pub(super) details: String,
    pub(super) url: Option<String>,
    pub(super) date: Option<String>,
    #[serde(default)]
    pub(super) product_ids: Vec<String>,
    #[serde(default)]
    pub(super) group_ids: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Threat {
    pub(super) category: String,
    pub(super) details: String,
    pub(super) date: Option<String>,
    #[serde(default)]
    pub(super) product_ids: Vec<String>,
    #[serde(default)]
    pub(super) group_ids: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Score {
    pub(super) products: Vec<String>,
    pub(super) cvss_v2: Option<CvssBlock>,
    pub(super) cvss_v3: Option<CvssBlock>,
}

/// The FIRST CVSS JSON object, as far as we need it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct CvssBlock {
    pub(super) version: Option<String>,
    pub(super) vector_string: String,
    pub(super) base_score: f64,
    pub(super) base_severity: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Flag {
    pub(super) label: String,
    pub(super) date: Option<String>,
    #[serde(default)]
    pub(super) product_ids: Vec<String>,
    #[serde(default)]
    pub(super) group_ids: Vec<String>,
}
