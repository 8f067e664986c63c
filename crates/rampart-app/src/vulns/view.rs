//! Reading vulnerabilities and findings: lists, pages, triage and exports.
//! Vulnerability data is public intelligence (any role with `VulnView`);
//! findings are scoped to the actor's organisation for agency roles.

use rampart_core::authz::{Grant, Permission};
use rampart_core::ssvc::Decision;
use rampart_store::{
    AdvisoryRow, FeedImportRow, FindingFilter, FindingOrder, FindingRow, MatchRunRow, VulnFilter, VulnRow,
};
use serde_json::json;

use crate::App;
use crate::actor::Actor;
use crate::audit::entry;
use crate::error::{AppError, Result};

/// A query of the vulnerability list.
#[derive(Debug, Clone, Default)]
pub struct VulnQuery {
    /// Filters.
    pub filter: VulnFilter,
    /// Start after (score, CVE id).
    pub after: Option<(f64, String)>,
    /// Page size.
    pub limit: i64,
}

/// A page of vulnerabilities.
#[derive(Debug, Clone)]
pub struct VulnPage {
    /// Rows.
    pub items: Vec<VulnRow>,
    /// Cursor of the next page.
    pub next: Option<(f64, String)>,
    /// Matching rows, counted up to 10,000.
    pub total_capped: i64,
}

/// A vulnerability with what Rampart knows about it.
#[derive(Debug, Clone)]
pub struct VulnDetail {
    /// The vulnerability (with KEV and EPSS).
    pub vuln: VulnRow,
    /// CSAF advisories naming it.
    pub advisories: Vec<AdvisoryRow>,
    /// Feed sources stored.
    pub sources: Vec<String>,
    /// Findings (open first), scoped to the actor.
    pub findings: Vec<FindingRow>,
    /// Services that depend on affected assets: (service name, findings).
    pub services: Vec<(String, usize)>,
    /// CWE ids.
    pub cwes: Vec<String>,
    /// Every CVSS metric: (version, vector, score, source).
    pub metrics: Vec<(String, String, f64, String)>,
    /// References.
    pub references: Vec<String>,
}

/// A query of finding lists.
#[derive(Debug, Clone, Default)]
pub struct FindingQuery {
    /// Filters (the organisation filter is forced for agency roles).
    pub filter: FindingFilter,
    /// Only findings on the assets this service needs (directly or through
    /// other services and assets, as the estate graph says).
    pub service: Option<i64>,
    /// Order.
    pub order: FindingOrder,
    /// Offset.
    pub offset: i64,
    /// Page size.
    pub limit: i64,
}

/// A page of findings.
#[derive(Debug, Clone)]
pub struct FindingPage {
    /// Rows.
    pub items: Vec<FindingRow>,
    /// Matching rows, counted up to 100,000.
    pub total_capped: i64,
    /// Open findings per SSVC outcome in the actor's scope.
    pub outcomes: Vec<(String, i64)>,
}

/// A finding with its explanation.
#[derive(Debug, Clone)]
pub struct FindingDetail {
    /// The finding.
    pub finding: FindingRow,
    /// Why it matched.
    pub evidence: String,
    /// The SSVC decision, when stored.
    pub decision: Option<Decision>,
}

/// Export formats of findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingExport {
    /// CSV with a header row.
    Csv,
    /// JSON array.
    Json,
    /// CycloneDX 1.6 VEX (JSON).
    CycloneDxVex,
}

impl FindingExport {
    /// Parses `csv`, `json`, `vex` / `cyclonedx`.
    pub fn parse(s: &str) -> Option<FindingExport> {
        match s.to_ascii_lowercase().as_str() {
            "csv" => Some(FindingExport::Csv),
            "json" => Some(FindingExport::Json),
            "vex" | "cyclonedx" | "cyclonedx-vex" | "cdx" => Some(FindingExport::CycloneDxVex),
            _ => None,
        }
    }

    /// The media type.
    pub fn content_type(self) -> &'static str {
        match self {
            FindingExport::Csv => "text/csv; charset=utf-8",
            FindingExport::Json => "application/json",
            FindingExport::CycloneDxVex => "application/vnd.cyclonedx+json; version=1.6",
        }
    }
}

/// Finding statuses people may set.
pub const FINDING_STATUSES: &[&str] = &[
    "open",
    "in_progress",
    "mitigated",
    "fixed",
    "accepted",
    "false_positive",
    "not_affected",
];

/// CycloneDX / CSAF VEX justifications for `not_affected`.
pub const VEX_JUSTIFICATIONS: &[&str] = &[
    "code_not_present",
    "code_not_reachable",
    "requires_configuration",
    "requires_dependency",
    "requires_environment",
    "protected_by_compiler",
    "protected_at_runtime",
    "protected_at_perimeter",
    "protected_by_mitigating_control",
];

fn evidence_text(json: &str) -> String {
    serde_json::from_str::<serde_json::Value>(json)
        .ok()
        .and_then(|v| v.get("text").and_then(|t| t.as_str()).map(str::to_owned))
        .unwrap_or_else(|| json.to_owned())
}

impl App {
    fn finding_scope(&self, actor: &Actor, p: Permission, filter: &mut FindingFilter) -> Result<()> {
        if let Grant::Org(own) = actor.require(p)? {
            if filter.org_id.is_some_and(|o| o != own.0) {
                return Err(AppError::Forbidden("see another organisation's findings".into()));
            }
            filter.org_id = Some(own.0);
        }
        Ok(())
    }

    /// A page of vulnerabilities.
    pub async fn list_vulns(&self, actor: &Actor, q: VulnQuery) -> Result<VulnPage> {
        actor.require(Permission::VulnView)?;
        // Counts of the city's exposure are for city-wide finding viewers only
        // (partners read the intelligence; agencies see their own findings).
        let city_findings = matches!(actor.require(Permission::FindingView), Ok(Grant::City));
        if !city_findings && (q.filter.with_findings || q.filter.outcome.is_some()) {
            return Err(AppError::Forbidden(
                "filter vulnerabilities by the city's findings".into(),
            ));
        }
        let limit = q.limit.clamp(1, 500);
        let mut items = self
            .store
            .list_vulns(&q.filter, q.after.as_ref().map(|(s, id)| (*s, id.as_str())), limit + 1)
            .await?;
        let next = if items.len() as i64 > limit {
            items.truncate(limit as usize);
            items.last().map(|v| (v.cvss_score.unwrap_or(-1.0), v.cve_id.clone()))
        } else {
            None
        };
        let total_capped = self.store.count_vulns(&q.filter, 10_000).await?;
        if !city_findings {
            for v in &mut items {
                v.open_findings = 0;
            }
        }
        Ok(VulnPage {
            items,
            next,
            total_capped,
        })
    }

    /// One vulnerability with its advisories, findings and affected services.
    pub async fn vuln_detail(&self, actor: &Actor, cve_id: &str) -> Result<VulnDetail> {
        actor.require(Permission::VulnView)?;
        let mut vuln = self
            .store
            .get_vuln(&cve_id.to_ascii_uppercase())
            .await?
            .ok_or(AppError::NotFound("vulnerability"))?;
        if !matches!(actor.require(Permission::FindingView), Ok(Grant::City)) {
            vuln.open_findings = 0;
        }
        let advisories = self.store.advisories_of(vuln.id).await?;
        let records = self.store.vuln_records(vuln.id).await?;
        let mut references = Vec::new();
        for r in &records {
            if let Ok(rec) = serde_json::from_str::<rampart_formats::feed::VulnRecord>(&r.record) {
                for x in rec.references {
                    if !references.contains(&x.url) && references.len() < 30 {
                        references.push(x.url);
                    }
                }
            }
        }
        let sources = records.iter().map(|r| r.source.clone()).collect();
        let findings = match actor.require(Permission::FindingView) {
            Ok(_) => {
                let mut filter = FindingFilter {
                    vuln_id: Some(vuln.id),
                    status: Some("all".into()),
                    ..FindingFilter::default()
                };
                self.finding_scope(actor, Permission::FindingView, &mut filter)?;
                self.store
                    .list_findings(&filter, FindingOrder::PatchFirst, 0, 500)
                    .await?
            }
            Err(_) => Vec::new(),
        };
        let services = self.services_of_findings(&findings).await?;
        let metrics: Vec<rampart_formats::feed::CvssMetric> = serde_json::from_str(&vuln.cvss_json).unwrap_or_default();
        let metrics = metrics
            .into_iter()
            .map(|m| {
                (
                    m.version.as_str().to_owned(),
                    m.vector,
                    m.base_score,
                    m.source.unwrap_or_default(),
                )
            })
            .collect();
        let cwes = vuln.cwes.split_whitespace().map(str::to_owned).collect();
        Ok(VulnDetail {
            vuln,
            advisories,
            sources,
            findings,
            services,
            cwes,
            metrics,
            references,
        })
    }

    /// Services (directly or transitively) needing the assets of these findings.
    async fn services_of_findings(&self, findings: &[FindingRow]) -> Result<Vec<(String, usize)>> {
        if findings.is_empty() {
            return Ok(Vec::new());
        }
        let snap = self.estate_snapshot().await?;
        let g = &snap.graph;
        let assets: std::collections::HashSet<i64> = findings
            .iter()
            .filter(|f| matches!(f.status.as_str(), "open" | "in_progress"))
            .map(|f| f.asset_id)
            .collect();
        let mut out = Vec::new();
        for s in g.services() {
            let Ok(cone) = g.service_assets(s) else { continue };
            let n = cone
                .iter()
                .filter(|a| g.id(**a).is_some_and(|id| assets.contains(&id)))
                .count();
            if n > 0 {
                out.push((snap.service_names.get(&s).cloned().unwrap_or_default(), n));
            }
        }
        out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(out)
    }

    /// A page of findings (patch-first order by default).
    pub async fn list_findings(&self, actor: &Actor, mut q: FindingQuery) -> Result<FindingPage> {
        self.finding_scope(actor, Permission::FindingView, &mut q.filter)?;
        if let Some(service) = q.service {
            q.filter.asset_ids = Some(self.service_asset_ids(service).await?);
        }
        let mut items = self
            .store
            .list_findings(&q.filter, q.order, q.offset, q.limit.clamp(1, 500))
            .await?;
        self.seen_by_last_run(&mut items).await?;
        let total_capped = self.store.count_findings(&q.filter, 100_000).await?;
        // Outcome counts: the cheap per-organisation count unless the list is narrowed further.
        let narrowed =
            q.filter.asset_id.is_some() || q.filter.asset_ids.is_some() || q.filter.vuln_id.is_some() || q.filter.kev;
        let outcomes = if narrowed {
            self.store.finding_outcome_counts_where(&q.filter).await?
        } else {
            self.store.finding_outcome_counts(q.filter.org_id).await?
        };
        let outcomes = outcomes
            .into_iter()
            .map(|(o, n)| (o.unwrap_or_else(|| "none".into()), n))
            .collect();
        Ok(FindingPage {
            items,
            total_capped,
            outcomes,
        })
    }

    /// An open finding was seen by every full match that left it open: the
    /// matcher does not rewrite a million unchanged rows to say so, and
    /// `last_seen` is read as the later of the stored time and the last
    /// full run's start.
    async fn seen_by_last_run(&self, rows: &mut [FindingRow]) -> Result<()> {
        if !rows.iter().any(|f| matches!(f.status.as_str(), "open" | "in_progress")) {
            return Ok(());
        }
        if let Some(last) = self.store.last_full_match_started().await? {
            for f in rows.iter_mut() {
                if matches!(f.status.as_str(), "open" | "in_progress") && f.last_seen < last {
                    f.last_seen.clone_from(&last);
                }
            }
        }
        Ok(())
    }

    /// Open findings per organisation and SSVC outcome, city-wide viewers
    /// only: `(organisation id, outcome or "none", count)`.
    pub async fn finding_counts_by_org(&self, actor: &Actor) -> Result<Vec<(i64, String, i64)>> {
        if !matches!(actor.require(Permission::FindingView)?, Grant::City) {
            return Err(AppError::Forbidden("see other organisations' findings".into()));
        }
        Ok(self
            .store
            .finding_counts_by_org()
            .await?
            .into_iter()
            .map(|(o, outcome, n)| (o, outcome.unwrap_or_else(|| "none".into()), n))
            .collect())
    }

    /// The assets a service needs, directly or through other services and
    /// assets (the estate graph's dependency cone): what "findings of a
    /// service" are about. Not a disclosure: callers filter the findings by
    /// the actor's scope.
    pub async fn service_asset_ids(&self, service: i64) -> Result<Vec<i64>> {
        let snap = self.estate_snapshot().await?;
        let node = snap
            .graph
            .node_by_id(-service)
            .filter(|n| snap.graph.node(*n).is_some_and(|d| d.as_service().is_some()))
            .ok_or(AppError::NotFound("service"))?;
        let cone = snap
            .graph
            .service_assets(node)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(cone.iter().filter_map(|a| snap.graph.id(*a)).collect())
    }

    /// One finding with why it matched and why it got its priority.
    pub async fn finding_detail(&self, actor: &Actor, id: i64) -> Result<FindingDetail> {
        let mut finding = self.store.get_finding(id).await?.ok_or(AppError::NotFound("finding"))?;
        actor.require_on(Permission::FindingView, rampart_core::ids::OrgId(finding.org_id))?;
        self.seen_by_last_run(std::slice::from_mut(&mut finding)).await?;
        let evidence = evidence_text(&finding.evidence);
        let decision = serde_json::from_str::<Decision>(&finding.ssvc).ok();
        Ok(FindingDetail {
            finding,
            evidence,
            decision,
        })
    }

    /// Triage: sets a finding's status (with a VEX justification for `not_affected`) and note.
    pub async fn update_finding(
        &self,
        actor: &Actor,
        id: i64,
        status: &str,
        justification: Option<&str>,
        note: &str,
    ) -> Result<FindingRow> {
        let finding = self.store.get_finding(id).await?.ok_or(AppError::NotFound("finding"))?;
        actor.require_on(Permission::FindingManage, rampart_core::ids::OrgId(finding.org_id))?;
        if !FINDING_STATUSES.contains(&status) {
            return Err(AppError::invalid(
                "status",
                format!("unknown status `{status}`: use one of {}", FINDING_STATUSES.join(", ")),
            ));
        }
        let justification = justification.map(str::trim).filter(|j| !j.is_empty());
        if status == "not_affected" {
            match justification {
                Some(j) if VEX_JUSTIFICATIONS.contains(&j) => {}
                Some(j) => {
                    return Err(AppError::invalid(
                        "justification",
                        format!(
                            "unknown VEX justification `{j}`: use one of {}",
                            VEX_JUSTIFICATIONS.join(", ")
                        ),
                    ));
                }
                None => {
                    return Err(AppError::invalid(
                        "justification",
                        "`not_affected` needs a VEX justification",
                    ));
                }
            }
        }
        if note.len() > 4000 {
            return Err(AppError::invalid("note", "at most 4,000 characters"));
        }
        let now = self.now();
        let mut tx = self.store.begin().await?;
        tx.update_finding_status(id, status, justification, note, now).await?;
        tx.append_audit(entry(
            actor,
            now,
            "findings.update",
            "finding",
            Some(id.to_string()),
            Some(finding.org_id),
            json!({ "from": finding.status, "to": status, "justification": justification, "cve": finding.cve_id, "asset_id": finding.asset_id }),
        ))
        .await?;
        tx.commit().await?;
        self.store.get_finding(id).await?.ok_or(AppError::NotFound("finding"))
    }

    /// Exports findings (all statuses unless filtered) in one format.
    pub async fn export_findings(
        &self,
        actor: &Actor,
        mut filter: FindingFilter,
        format: FindingExport,
    ) -> Result<String> {
        self.finding_scope(actor, Permission::FindingView, &mut filter)?;
        let mut rows = Vec::new();
        let mut offset = 0;
        loop {
            let page = self
                .store
                .list_findings(&filter, FindingOrder::PatchFirst, offset, 5000)
                .await?;
            let n = page.len();
            rows.extend(page);
            if n < 5000 || rows.len() >= 1_000_000 {
                break;
            }
            offset += 5000;
        }
        self.seen_by_last_run(&mut rows).await?;
        Ok(match format {
            FindingExport::Csv => findings_csv(&rows),
            FindingExport::Json => {
                let v: Vec<serde_json::Value> = rows.iter().map(finding_json).collect();
                serde_json::to_string_pretty(&v).unwrap_or_default()
            }
            FindingExport::CycloneDxVex => findings_vex(&rows, self.now()),
        })
    }

    /// Recent feed imports and match runs (for the feeds page).
    pub async fn feed_activity(&self, actor: &Actor) -> Result<(Vec<FeedImportRow>, Vec<MatchRunRow>, [i64; 4])> {
        actor.require(Permission::VulnView)?;
        let imports = self.store.list_feed_imports(20).await?;
        let runs = self.store.list_match_runs(10).await?;
        let (kev, epss) = self.store.kev_epss_counts().await?;
        let counts = [
            self.store.vuln_count().await?,
            self.store.advisory_count().await?,
            kev,
            epss,
        ];
        Ok((imports, runs, counts))
    }
}

fn finding_json(f: &FindingRow) -> serde_json::Value {
    json!({
        "id": f.id, "asset_id": f.asset_id, "asset": f.asset_name, "asset_type": f.asset_type, "organisation": f.org_slug,
        "cve": f.cve_id, "title": f.title, "cvss": f.cvss_score, "severity": f.severity, "kev": f.kev, "epss": f.epss,
        "status": f.status, "verdict": f.verdict, "ssvc": f.ssvc_outcome, "due_date": f.due_date,
        "justification": f.justification, "first_seen": f.first_seen, "last_seen": f.last_seen, "closed_at": f.closed_at,
        "evidence": evidence_text(&f.evidence),
    })
}

fn findings_csv(rows: &[FindingRow]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "id",
        "asset_id",
        "asset",
        "asset_type",
        "organisation",
        "cve",
        "cvss",
        "severity",
        "kev",
        "epss",
        "status",
        "verdict",
        "ssvc",
        "due_date",
        "justification",
        "first_seen",
        "last_seen",
        "evidence",
    ]);
    for f in rows {
        let _ = w.write_record([
            f.id.to_string(),
            f.asset_id.to_string(),
            f.asset_name.clone(),
            f.asset_type.clone(),
            f.org_slug.clone(),
            f.cve_id.clone(),
            f.cvss_score.map(|s| format!("{s:.1}")).unwrap_or_default(),
            f.severity.clone().unwrap_or_default(),
            f.kev.to_string(),
            f.epss.map(|e| format!("{e:.5}")).unwrap_or_default(),
            f.status.clone(),
            f.verdict.clone(),
            f.ssvc_outcome.clone().unwrap_or_default(),
            f.due_date.clone().unwrap_or_default(),
            f.justification.clone().unwrap_or_default(),
            f.first_seen.clone(),
            f.last_seen.clone(),
            evidence_text(&f.evidence),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// CycloneDX 1.6 VEX: one vulnerability entry per (CVE, status) with the affected assets as refs.
fn findings_vex(rows: &[FindingRow], now: rampart_core::time::Timestamp) -> String {
    let mut components = std::collections::BTreeMap::new();
    let mut vulns: std::collections::BTreeMap<(String, String, Option<String>), Vec<String>> =
        std::collections::BTreeMap::new();
    for f in rows {
        let bom_ref = format!("asset-{}", f.asset_id);
        components
            .entry(bom_ref.clone())
            .or_insert_with(|| json!({ "type": "device", "bom-ref": bom_ref, "name": f.asset_name }));
        let state = match f.status.as_str() {
            "open" | "in_progress" => "exploitable",
            "fixed" | "mitigated" => "resolved",
            "false_positive" => "false_positive",
            "not_affected" => "not_affected",
            _ => "in_triage",
        };
        vulns
            .entry((
                f.cve_id.clone(),
                state.to_owned(),
                f.justification.clone().filter(|_| state == "not_affected"),
            ))
            .or_default()
            .push(format!("asset-{}", f.asset_id));
    }
    let vulnerabilities: Vec<serde_json::Value> = vulns
        .into_iter()
        .map(|((cve, state, justification), refs)| {
            let mut analysis = json!({ "state": state });
            if let Some(j) = justification.filter(|j| VEX_JUSTIFICATIONS.contains(&j.as_str())) {
                analysis["justification"] = json!(j);
            }
            json!({
                "id": cve,
                "source": { "name": "NVD", "url": format!("https://nvd.nist.gov/vuln/detail/{cve}") },
                "analysis": analysis,
                "affects": refs.into_iter().map(|r| json!({ "ref": r })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let doc = json!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": format!("urn:uuid:{}", uuid::Uuid::new_v4()),
        "version": 1,
        "metadata": { "timestamp": now.to_string(), "tools": { "components": [ { "type": "application", "name": "rampart", "version": env!("CARGO_PKG_VERSION") } ] } },
        "components": components.into_values().collect::<Vec<_>>(),
        "vulnerabilities": vulnerabilities,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}
