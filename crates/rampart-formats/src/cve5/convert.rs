//! CVE 5 raw shapes → [`VulnRecord`], including the CISA ADP "Vulnrichment" container
//! (SSVC, KEV, CVSS, CWE, `affected` with CPEs).

use serde_json::Value;

use super::raw;
use crate::feed::{
    self, AffectedProduct, AffectedVersion, CveId, FeedSource, KevInfo, MetricKind, RecordLocator, RecordProblem,
    Reference, Rejection, SsvcAdp, SsvcExploitation, SsvcTechnicalImpact, VersionChange, VersionStatus, VulnRecord,
};

pub(super) enum Converted {
    Record(Box<VulnRecord>),
    Rejected(Rejection),
}

pub(super) struct Ctx<'a> {
    pub(super) file: &'a str,
    pub(super) record: RecordLocator,
    pub(super) problems: &'a mut Vec<RecordProblem>,
}

impl Ctx<'_> {
    fn warn(&mut self, path: &str, message: String) {
        self.problems
            .push(feed::warning(self.file, &self.record, path, message));
    }
}

fn english(items: &[raw::LangValue]) -> Option<String> {
    feed::english(items.iter().map(|lv| (lv.lang.as_str(), lv.value.as_str()))).map(str::to_owned)
}

pub(super) fn record(rec: raw::Record, ctx: &mut Ctx<'_>) -> Result<Converted, String> {
    if let Some(t) = rec.data_type.as_deref().filter(|t| *t != "CVE_RECORD") {
        return Err(format!("dataType is {t:?}, expected \"CVE_RECORD\""));
    }
    let meta = rec.cve_metadata;
    let id = CveId::parse(&meta.cve_id).ok_or_else(|| format!("invalid CVE id {:?}", meta.cve_id))?;
    let state = meta.state.as_str();
    if state.eq_ignore_ascii_case("REJECTED") {
        let reason = rec
            .containers
            .cna
            .as_ref()
            .and_then(|c| english(&c.rejected_reasons).or_else(|| english(&c.descriptions)));
        let date = meta.date_rejected.as_deref().or(meta.date_updated.as_deref());
        return Ok(Converted::Rejected(Rejection {
            id,
            source: FeedSource::Cve5,
            date_rejected: feed::timestamp_or_warn(
                date,
                ctx.file,
                &ctx.record,
                "cveMetadata.dateRejected",
                ctx.problems,
            ),
            reason,
        }));
    }
    if !state.eq_ignore_ascii_case("PUBLISHED") {
        return Err(format!(
            "cveMetadata.state is {state:?}, expected PUBLISHED or REJECTED"
        ));
    }
    let Some(cna) = rec.containers.cna else {
        return Err("published record without containers.cna".to_owned());
    };
    let mut out = VulnRecord::new(id, FeedSource::Cve5);
    let cna_name = meta
        .assigner_short_name
        .clone()
        .or_else(|| cna.provider_metadata.as_ref().and_then(|p| p.short_name.clone()));
    out.assigner = meta.assigner_short_name;
    out.published = feed::timestamp_or_warn(
        meta.date_published.as_deref().or(cna.date_public.as_deref()),
        ctx.file,
        &ctx.record,
        "cveMetadata.datePublished",
        ctx.problems,
    );
    out.last_modified = feed::timestamp_or_warn(
        meta.date_updated.as_deref(),
        ctx.file,
        &ctx.record,
        "cveMetadata.dateUpdated",
        ctx.problems,
    );
    out.title = cna.title.clone();
    out.description = english(&cna.descriptions);
    container(
        &mut out,
        cna,
        cna_name.as_deref(),
        MetricKind::Primary,
        "containers.cna",
        ctx,
    );
    for (i, adp) in rec.containers.adp.into_iter().enumerate() {
        let name = adp.provider_metadata.as_ref().and_then(|p| p.short_name.clone());
        let path = format!("containers.adp[{i}]");
        container(&mut out, adp, name.as_deref(), MetricKind::Secondary, &path, ctx);
    }
    Ok(Converted::Record(Box::new(out)))
}

/// Merges one container (CNA or ADP) into the record.
fn container(
    out: &mut VulnRecord,
    c: raw::Container,
    source: Option<&str>,
    kind: MetricKind,
    path: &str,
    ctx: &mut Ctx<'_>,
) {
    for pt in &c.problem_types {
        for d in &pt.descriptions {
            if let Some(cwe) = d.cwe_id.as_deref().or_else(|| leading_cwe(&d.description)) {
                out.push_cwe(cwe);
            }
        }
    }
    for (i, m) in c.metrics.into_iter().enumerate() {
        let mpath = format!("{path}.metrics[{i}]");
        for (block, name) in [
            (m.cvss_v4_0, "cvssV4_0"),
            (m.cvss_v3_1, "cvssV3_1"),
            (m.cvss_v3_0, "cvssV3_0"),
            (m.cvss_v2_0, "cvssV2_0"),
        ] {
            let Some(b) = block else { continue };
            match feed::cvss_metric(
                &b.vector_string,
                b.version.as_deref(),
                b.base_score,
                b.base_severity.as_deref(),
                source,
                kind,
            ) {
                Ok(metric) => out.cvss.push(metric),
                Err(msg) => ctx.warn(&format!("{mpath}.{name}"), format!("{msg}; metric dropped")),
            }
        }
        if let Some(other) = m.other {
            other_metric(out, other, &format!("{mpath}.other"), ctx);
        }
    }
    for (i, a) in c.affected.into_iter().enumerate() {
        let apath = format!("{path}.affected[{i}]");
        out.affected.push(affected(a, source, &apath, ctx));
    }
    for r in c.references {
        if !out.references.iter().any(|x| x.url == r.url) {
            out.references.push(Reference {
                url: r.url,
                name: r.name,
                tags: r.tags,
            });
        }
    }
}

/// `CWE-78 OS Command Injection` → `CWE-78`.
fn leading_cwe(description: &str) -> Option<&str> {
    let d = description.trim_start();
    let rest = d.strip_prefix("CWE-")?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0).then(|| &d[..4 + digits])
}

fn affected(a: raw::Affected, source: Option<&str>, path: &str, ctx: &mut Ctx<'_>) -> AffectedProduct {
    let default_status = a.default_status.as_deref().and_then(|s| {
        let parsed = VersionStatus::parse_cve5(s);
        if parsed.is_none() {
            ctx.warn(&format!("{path}.defaultStatus"), format!("unknown status {s:?}"));
        }
        parsed
    });
    let mut versions = Vec::with_capacity(a.versions.len());
    for (i, v) in a.versions.into_iter().enumerate() {
        let Some(status) = VersionStatus::parse_cve5(&v.status) else {
            ctx.warn(
                &format!("{path}.versions[{i}].status"),
                format!("unknown status {:?}; version entry dropped", v.status),
            );
            continue;
        };
        let changes = v
            .changes
            .into_iter()
            .filter_map(|c| VersionStatus::parse_cve5(&c.status).map(|status| VersionChange { at: c.at, status }))
            .collect();
        versions.push(AffectedVersion {
            version: v.version,
            status,
            less_than: v.less_than,
            less_than_or_equal: v.less_than_or_equal,
            version_type: v.version_type,
            range: None,
            changes,
        });
    }
    AffectedProduct {
        source: source.map(str::to_owned),
        vendor: a.vendor,
        product: a.product,
        product_id: None,
        package_name: a.package_name,
        collection_url: a.collection_url,
        platforms: a.platforms,
        cpes: a.cpes,
        purls: Vec::new(),
        default_status,
        versions,
    }
}

/// `metrics[].other` of type `ssvc` or `kev` (CISA ADP); other types are ignored.
fn other_metric(out: &mut VulnRecord, other: raw::Other, path: &str, ctx: &mut Ctx<'_>) {
    let content = &other.content;
    let text = |key: &str| content.get(key).and_then(Value::as_str);
    match other.kind.as_str() {
        "ssvc" => {
            let mut ssvc = SsvcAdp {
                version: text("version").map(str::to_owned),
                role: text("role").map(str::to_owned),
                timestamp: feed::timestamp_or_warn(
                    text("timestamp"),
                    ctx.file,
                    &ctx.record,
                    &format!("{path}.content.timestamp"),
                    ctx.problems,
                ),
                ..SsvcAdp::default()
            };
            let options = content.get("options").and_then(Value::as_array);
            for (i, option) in options.into_iter().flatten().enumerate() {
                let Some(obj) = option.as_object() else { continue };
                for (key, value) in obj {
                    let value = value.as_str().unwrap_or_default();
                    let ok = match key.to_ascii_lowercase().as_str() {
                        "exploitation" => {
                            ssvc.exploitation = match value.to_ascii_lowercase().as_str() {
                                "none" => Some(SsvcExploitation::None),
                                "poc" | "public poc" => Some(SsvcExploitation::Poc),
                                "active" => Some(SsvcExploitation::Active),
                                _ => None,
                            };
                            ssvc.exploitation.is_some()
                        }
                        "automatable" => {
                            ssvc.automatable = match value.to_ascii_lowercase().as_str() {
                                "yes" => Some(true),
                                "no" => Some(false),
                                _ => None,
                            };
                            ssvc.automatable.is_some()
                        }
                        "technical impact" => {
                            ssvc.technical_impact = match value.to_ascii_lowercase().as_str() {
                                "partial" => Some(SsvcTechnicalImpact::Partial),
                                "total" => Some(SsvcTechnicalImpact::Total),
                                _ => None,
                            };
                            ssvc.technical_impact.is_some()
                        }
                        _ => true,
                    };
                    if !ok {
                        ctx.warn(
                            &format!("{path}.content.options[{i}]"),
                            format!("unknown SSVC value {value:?} for {key:?}"),
                        );
                    }
                }
            }
            out.ssvc = Some(ssvc);
        }
        "kev" => {
            let kev = out.kev.get_or_insert_with(KevInfo::default);
            kev.date_added = feed::date_or_warn(
                text("dateAdded"),
                ctx.file,
                &ctx.record,
                &format!("{path}.content.dateAdded"),
                ctx.problems,
            );
            kev.reference = text("reference").map(str::to_owned);
        }
        _ => {}
    }
}
