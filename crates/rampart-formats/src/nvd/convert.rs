//! NVD raw shapes → [`VulnRecord`].

use super::raw;
use crate::feed::{
    self, ConfigNode, Configuration, CpeMatchRaw, CveId, FeedSource, KevInfo, MetricKind, Operator, RecordLocator,
    RecordProblem, Reference, Rejection, VulnRecord,
};

/// NVD's own source identifier, used for 1.1 metrics (which name no source).
const NVD_SOURCE: &str = "nvd@nist.gov";

/// What one NVD entry turned into.
pub(super) enum Converted {
    Record(Box<VulnRecord>),
    Rejected(Rejection),
}

/// Context of the record being converted: where, and where to put warnings.
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

fn cve_id(id: &str) -> Result<CveId, String> {
    CveId::parse(id).ok_or_else(|| format!("invalid CVE id {id:?}"))
}

pub(super) fn item11(item: raw::Item11, ctx: &mut Ctx<'_>) -> Result<VulnRecord, String> {
    let id = cve_id(&item.cve.meta.id)?;
    let mut rec = VulnRecord::new(id, FeedSource::NvdJson11);
    rec.assigner = item.cve.meta.assigner;
    rec.published = feed::timestamp_or_warn(
        item.published_date.as_deref(),
        ctx.file,
        &ctx.record,
        "publishedDate",
        ctx.problems,
    );
    rec.last_modified = feed::timestamp_or_warn(
        item.last_modified_date.as_deref(),
        ctx.file,
        &ctx.record,
        "lastModifiedDate",
        ctx.problems,
    );
    if let Some(d) = &item.cve.description {
        rec.description = feed::english(
            d.description_data
                .iter()
                .map(|lv| (lv.lang.as_str(), lv.value.as_str())),
        )
        .map(str::to_owned);
    }
    for pt in item.cve.problemtype.iter().flat_map(|p| &p.problemtype_data) {
        for d in &pt.description {
            rec.push_cwe(&d.value);
        }
    }
    rec.references = item
        .cve
        .references
        .map(|r| r.reference_data)
        .unwrap_or_default()
        .into_iter()
        .map(|r| Reference {
            url: r.url,
            name: r.name.filter(|n| !n.is_empty()),
            tags: r.tags,
        })
        .collect();
    if let Some(impact) = item.impact {
        if let Some(v3) = impact.base_metric_v3 {
            push_metric(
                &mut rec,
                v3.cvss_v3,
                None,
                Some(NVD_SOURCE),
                MetricKind::Primary,
                "impact.baseMetricV3",
                ctx,
            );
        }
        if let Some(v2) = impact.base_metric_v2 {
            let sev = v2.severity;
            push_metric(
                &mut rec,
                v2.cvss_v2,
                sev,
                Some(NVD_SOURCE),
                MetricKind::Primary,
                "impact.baseMetricV2",
                ctx,
            );
        }
    }
    // 1.1 has no configuration level: each top-level node is one alternative.
    for (i, node) in item
        .configurations
        .map(|c| c.nodes)
        .unwrap_or_default()
        .into_iter()
        .enumerate()
    {
        match config_node(node) {
            Ok(node) => rec.configurations.push(Configuration {
                operator: None,
                negate: false,
                nodes: vec![node],
            }),
            Err((path, msg)) => ctx.warn(
                &format!("configurations.nodes[{i}].{path}"),
                format!("{msg}; configuration dropped"),
            ),
        }
    }
    Ok(rec)
}

pub(super) fn vuln20(vuln: raw::Vuln20, ctx: &mut Ctx<'_>) -> Result<Converted, String> {
    let cve = vuln.cve;
    let id = cve_id(&cve.id)?;
    let description =
        feed::english(cve.descriptions.iter().map(|lv| (lv.lang.as_str(), lv.value.as_str()))).map(str::to_owned);
    if cve
        .vuln_status
        .as_deref()
        .is_some_and(|s| s.eq_ignore_ascii_case("rejected"))
    {
        return Ok(Converted::Rejected(Rejection {
            id,
            source: FeedSource::NvdApi20,
            date_rejected: cve.last_modified.as_deref().and_then(feed::parse_timestamp),
            reason: description,
        }));
    }
    let mut rec = VulnRecord::new(id, FeedSource::NvdApi20);
    rec.assigner = cve.source_identifier;
    rec.description = description;
    rec.published = feed::timestamp_or_warn(
        cve.published.as_deref(),
        ctx.file,
        &ctx.record,
        "cve.published",
        ctx.problems,
    );
    rec.last_modified = feed::timestamp_or_warn(
        cve.last_modified.as_deref(),
        ctx.file,
        &ctx.record,
        "cve.lastModified",
        ctx.problems,
    );
    for w in &cve.weaknesses {
        for d in &w.description {
            rec.push_cwe(&d.value);
        }
    }
    let m = cve.metrics;
    for (list, name) in [
        (m.v40, "cvssMetricV40"),
        (m.v31, "cvssMetricV31"),
        (m.v30, "cvssMetricV30"),
        (m.v2, "cvssMetricV2"),
    ] {
        for (i, metric) in list.into_iter().enumerate() {
            let kind = match metric.kind.as_deref() {
                Some(k) if k.eq_ignore_ascii_case("secondary") => MetricKind::Secondary,
                _ => MetricKind::Primary,
            };
            let path = format!("cve.metrics.{name}[{i}]");
            let source = metric.source;
            push_metric(
                &mut rec,
                metric.cvss_data,
                metric.base_severity,
                source.as_deref(),
                kind,
                &path,
                ctx,
            );
        }
    }
    for (i, conf) in cve.configurations.into_iter().enumerate() {
        match configuration20(conf) {
            Ok(c) => rec.configurations.push(c),
            Err((path, msg)) => ctx.warn(
                &format!("cve.configurations[{i}].{path}"),
                format!("{msg}; configuration dropped"),
            ),
        }
    }
    rec.references = cve
        .references
        .into_iter()
        .map(|r| Reference {
            url: r.url,
            name: None,
            tags: r.tags,
        })
        .collect();
    if cve.cisa_exploit_add.is_some() {
        rec.kev = Some(KevInfo {
            date_added: feed::date_or_warn(
                cve.cisa_exploit_add.as_deref(),
                ctx.file,
                &ctx.record,
                "cve.cisaExploitAdd",
                ctx.problems,
            ),
            due_date: feed::date_or_warn(
                cve.cisa_action_due.as_deref(),
                ctx.file,
                &ctx.record,
                "cve.cisaActionDue",
                ctx.problems,
            ),
            required_action: cve.cisa_required_action,
            vulnerability_name: cve.cisa_vulnerability_name,
            known_ransomware_campaign_use: None,
            reference: None,
        });
    }
    Ok(Converted::Record(Box::new(rec)))
}

fn push_metric(
    rec: &mut VulnRecord,
    data: raw::CvssData,
    outer_severity: Option<String>,
    source: Option<&str>,
    kind: MetricKind,
    path: &str,
    ctx: &mut Ctx<'_>,
) {
    let severity = data.base_severity.as_deref().or(outer_severity.as_deref());
    match feed::cvss_metric(
        &data.vector_string,
        data.version.as_deref(),
        data.base_score,
        severity,
        source,
        kind,
    ) {
        Ok(m) => rec.cvss.push(m),
        Err(msg) => ctx.warn(path, format!("{msg}; metric dropped")),
    }
}

/// Errors carry the JSON path relative to the element, built only on failure.
type NodeError = (String, String);

fn configuration20(conf: raw::Configuration20) -> Result<Configuration, NodeError> {
    let operator = match conf.operator.as_deref() {
        None => None,
        Some(op) => {
            Some(Operator::parse(op).ok_or_else(|| ("operator".to_owned(), format!("unknown operator {op:?}")))?)
        }
    };
    let nodes = conf
        .nodes
        .into_iter()
        .enumerate()
        .map(|(i, n)| config_node(n).map_err(|(p, m)| (format!("nodes[{i}].{p}"), m)))
        .collect::<Result<_, _>>()?;
    Ok(Configuration {
        operator,
        negate: conf.negate,
        nodes,
    })
}

fn config_node(node: raw::Node) -> Result<ConfigNode, NodeError> {
    // NVD: a node without an operator is an OR over its matches.
    let operator = match node.operator.as_deref() {
        None => Operator::Or,
        Some(op) => Operator::parse(op).ok_or_else(|| ("operator".to_owned(), format!("unknown operator {op:?}")))?,
    };
    let children = node
        .children
        .into_iter()
        .enumerate()
        .map(|(i, n)| config_node(n).map_err(|(p, m)| (format!("children[{i}].{p}"), m)))
        .collect::<Result<_, _>>()?;
    let cpe_match = node
        .cpe_match
        .into_iter()
        .map(|m| CpeMatchRaw {
            criteria: m.criteria,
            vulnerable: m.vulnerable,
            version_start_including: m.version_start_including,
            version_start_excluding: m.version_start_excluding,
            version_end_including: m.version_end_including,
            version_end_excluding: m.version_end_excluding,
            match_criteria_id: m.match_criteria_id,
        })
        .collect();
    Ok(ConfigNode {
        operator,
        negate: node.negate,
        children,
        cpe_match,
    })
}
