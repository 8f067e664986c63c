//! Raw CSAF document → [`CsafAdvisory`], and advisory → neutral [`VulnRecord`]s.

use std::collections::BTreeMap;

use time::OffsetDateTime;

use super::{
    CsafAdvisory, CsafDocument, CsafNote, CsafProblem, CsafPublisher, CsafReference, CsafRevision, CsafScore,
    CsafTracking, CsafVulnerability, Flag, ProductStatus, Remediation, Threat, product_tree, raw,
};
use crate::feed::{
    self, AffectedProduct, AffectedVersion, CveId, FeedSource, MetricKind, Reference, VersionStatus, VulnRecord,
};

fn ts(value: Option<&str>, path: &str, problems: &mut Vec<CsafProblem>) -> Option<OffsetDateTime> {
    let value = value?;
    let parsed = feed::parse_timestamp(value);
    if parsed.is_none() {
        problems.push(CsafProblem {
            test: None,
            path: path.to_owned(),
            message: format!("unreadable date-time {value:?}"),
        });
    }
    parsed
}

fn notes(notes: &[raw::Note]) -> Vec<CsafNote> {
    notes
        .iter()
        .map(|n| CsafNote {
            category: n.category.clone(),
            title: n.title.clone(),
            text: n.text.clone(),
        })
        .collect()
}

fn references(refs: &[raw::Reference]) -> Vec<CsafReference> {
    refs.iter()
        .map(|r| CsafReference {
            category: r.category.clone(),
            summary: r.summary.clone(),
            url: r.url.clone(),
        })
        .collect()
}

pub(super) fn advisory(doc: &raw::Doc, problems: &mut Vec<CsafProblem>) -> CsafAdvisory {
    let d = &doc.document;
    let t = &d.tracking;
    let revision_history = t
        .revision_history
        .iter()
        .enumerate()
        .map(|(i, r)| CsafRevision {
            number: r.number.clone(),
            date: ts(
                Some(&r.date),
                &format!("document.tracking.revision_history[{i}].date"),
                problems,
            ),
            summary: r.summary.clone(),
        })
        .collect();
    let document = CsafDocument {
        category: d.category.clone(),
        csaf_version: d.csaf_version.clone(),
        title: d.title.clone(),
        lang: d.lang.clone(),
        source_lang: d.source_lang.clone(),
        publisher: CsafPublisher {
            category: d.publisher.category.clone(),
            name: d.publisher.name.clone(),
            namespace: d.publisher.namespace.clone(),
            contact_details: d.publisher.contact_details.clone(),
        },
        tracking: CsafTracking {
            id: t.id.clone(),
            version: t.version.clone(),
            status: t.status.clone(),
            initial_release_date: ts(
                Some(&t.initial_release_date),
                "document.tracking.initial_release_date",
                problems,
            ),
            current_release_date: ts(
                Some(&t.current_release_date),
                "document.tracking.current_release_date",
                problems,
            ),
            revision_history,
        },
        tlp: d
            .distribution
            .as_ref()
            .and_then(|x| x.tlp.as_ref())
            .map(|t| t.label.clone()),
        distribution_text: d.distribution.as_ref().and_then(|x| x.text.clone()),
        aggregate_severity: d.aggregate_severity.as_ref().map(|a| a.text.clone()),
        notes: notes(&d.notes),
        references: references(&d.references),
    };
    let empty = raw::ProductTree::default();
    let tree = doc.product_tree.as_ref().unwrap_or(&empty);
    let flat = product_tree::flatten(tree);
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for g in &tree.product_groups {
        groups
            .entry(g.group_id.clone())
            .or_insert_with(|| g.product_ids.clone());
    }
    let expand = |ids: &[String], group_ids: &[String]| {
        let mut out: Vec<String> = ids.to_vec();
        for g in group_ids {
            for id in groups.get(g).into_iter().flatten() {
                if !out.contains(id) {
                    out.push(id.clone());
                }
            }
        }
        out
    };
    let publisher = d.publisher.name.as_str();
    let vulnerabilities = doc
        .vulnerabilities
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let path = format!("vulnerabilities[{i}]");
            let cve = v.cve.as_deref().and_then(|c| {
                let id = CveId::parse(c);
                if id.is_none() {
                    problems.push(CsafProblem {
                        test: None,
                        path: format!("{path}.cve"),
                        message: format!("invalid CVE id {c:?}"),
                    });
                }
                id
            });
            let ps = v.product_status.as_ref();
            let status = |f: fn(&raw::ProductStatus) -> &Vec<String>| ps.map(f).cloned().unwrap_or_default();
            let mut scores = Vec::new();
            for (j, s) in v.scores.iter().enumerate() {
                for (block, name) in [(&s.cvss_v3, "cvss_v3"), (&s.cvss_v2, "cvss_v2")] {
                    let Some(b) = block else { continue };
                    match feed::cvss_metric(
                        &b.vector_string,
                        b.version.as_deref(),
                        Some(b.base_score),
                        b.base_severity.as_deref(),
                        Some(publisher),
                        MetricKind::Primary,
                    ) {
                        Ok(metric) => scores.push(CsafScore {
                            products: s.products.clone(),
                            metric,
                        }),
                        Err(message) => problems.push(CsafProblem {
                            test: None,
                            path: format!("{path}.scores[{j}].{name}"),
                            message,
                        }),
                    }
                }
            }
            CsafVulnerability {
                cve,
                ids: v.ids.iter().map(|x| (x.system_name.clone(), x.text.clone())).collect(),
                title: v.title.clone(),
                cwe: v.cwe.as_ref().map(|c| (c.id.clone(), c.name.clone())),
                discovery_date: ts(v.discovery_date.as_deref(), &format!("{path}.discovery_date"), problems),
                release_date: ts(v.release_date.as_deref(), &format!("{path}.release_date"), problems),
                notes: notes(&v.notes),
                references: references(&v.references),
                product_status: ProductStatus {
                    first_affected: status(|p| &p.first_affected),
                    first_fixed: status(|p| &p.first_fixed),
                    fixed: status(|p| &p.fixed),
                    known_affected: status(|p| &p.known_affected),
                    known_not_affected: status(|p| &p.known_not_affected),
                    last_affected: status(|p| &p.last_affected),
                    recommended: status(|p| &p.recommended),
                    under_investigation: status(|p| &p.under_investigation),
                },
                remediations: v
                    .remediations
                    .iter()
                    .enumerate()
                    .map(|(j, r)| Remediation {
                        category: r.category.clone(),
                        details: r.details.clone(),
                        url: r.url.clone(),
                        date: ts(r.date.as_deref(), &format!("{path}.remediations[{j}].date"), problems),
                        product_ids: expand(&r.product_ids, &r.group_ids),
                    })
                    .collect(),
                threats: v
                    .threats
                    .iter()
                    .enumerate()
                    .map(|(j, t)| Threat {
                        category: t.category.clone(),
                        details: t.details.clone(),
                        date: ts(t.date.as_deref(), &format!("{path}.threats[{j}].date"), problems),
                        product_ids: expand(&t.product_ids, &t.group_ids),
                    })
                    .collect(),
                scores,
                flags: v
                    .flags
                    .iter()
                    .enumerate()
                    .map(|(j, f)| Flag {
                        label: f.label.clone(),
                        date: ts(f.date.as_deref(), &format!("{path}.flags[{j}].date"), problems),
                        product_ids: expand(&f.product_ids, &f.group_ids),
                    })
                    .collect(),
            }
        })
        .collect();
    CsafAdvisory {
        document,
        products: flat.products,
        product_groups: groups,
        vulnerabilities,
    }
}

pub(super) fn vuln_records(a: &CsafAdvisory) -> Vec<VulnRecord> {
    let publisher = a.document.publisher.name.as_str();
    let mut out = Vec::new();
    for v in &a.vulnerabilities {
        let Some(cve) = &v.cve else { continue };
        let mut rec = VulnRecord::new(cve.clone(), FeedSource::Csaf);
        rec.assigner = Some(publisher.to_owned());
        rec.published = v.release_date.or(a.document.tracking.initial_release_date);
        rec.last_modified = a.document.tracking.current_release_date;
        rec.title = v.title.clone();
        rec.description = ["description", "summary", "details"]
            .iter()
            .find_map(|cat| v.notes.iter().find(|n| n.category == *cat))
            .or_else(|| v.notes.first())
            .map(|n| n.text.clone());
        if let Some((id, _)) = &v.cwe {
            rec.push_cwe(id);
        }
        for s in &v.scores {
            if !rec.cvss.iter().any(|m| m.vector == s.metric.vector) {
                rec.cvss.push(s.metric.clone());
            }
        }
        for r in v.references.iter().chain(&a.document.references) {
            if !rec.references.iter().any(|x| x.url == r.url) {
                rec.references.push(Reference {
                    url: r.url.clone(),
                    name: Some(r.summary.clone()),
                    tags: r.category.iter().cloned().collect(),
                });
            }
        }
        let ps = &v.product_status;
        for (ids, status) in [
            (&ps.known_affected, VersionStatus::Affected),
            (&ps.first_affected, VersionStatus::Affected),
            (&ps.last_affected, VersionStatus::Affected),
            (&ps.fixed, VersionStatus::Fixed),
            (&ps.first_fixed, VersionStatus::Fixed),
            (&ps.known_not_affected, VersionStatus::Unaffected),
            (&ps.under_investigation, VersionStatus::UnderInvestigation),
            (&ps.recommended, VersionStatus::Recommended),
        ] {
            for id in ids {
                rec.affected.push(affected(a, id, status, publisher));
            }
        }
        out.push(rec);
    }
    out
}

fn affected(a: &CsafAdvisory, id: &str, status: VersionStatus, publisher: &str) -> AffectedProduct {
    let p = a.products.get(id);
    let version = AffectedVersion {
        version: p.and_then(|p| p.version.clone()),
        status,
        less_than: None,
        less_than_or_equal: None,
        version_type: None,
        range: p.and_then(|p| p.version_range.clone()),
        changes: Vec::new(),
    };
    AffectedProduct {
        source: Some(publisher.to_owned()),
        vendor: p.and_then(|p| p.vendor.clone()),
        product: p.and_then(|p| {
            p.product
                .clone()
                .or_else(|| p.family.clone())
                .or_else(|| Some(p.name.clone()))
        }),
        product_id: Some(id.to_owned()),
        cpes: p.and_then(|p| p.cpe.clone()).into_iter().collect(),
        purls: p.map(|p| p.purls.clone()).unwrap_or_default(),
        versions: vec![version],
        ..AffectedProduct::default()
    }
}
