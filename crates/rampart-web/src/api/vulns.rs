//! `/api/v1/vulns`, `/findings`, `/feeds`, `/match`: vulnerability
//! intelligence, findings with their SSVC priority, triage and exports.

use std::str::FromStr;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rampart_app::{
    AppError, FINDING_STATUSES, FeedKind, FindingExport, FindingFilter, FindingOrder, FindingPage, FindingQuery,
    VulnFilter, VulnQuery,
};
use rampart_core::ssvc::Outcome;

use super::estate_dto::Queued;
use super::vulns_dto::{
    AliasInput, FeedImport, FeedImportItem, FeedStatus, Finding, FindingItem, FindingList, FindingPatch, MatchResult,
    MatchRunItem, OutcomeCount, VendorAliasItem, Vuln, VulnItem, VulnList,
};
use super::{ApiJson, ApiQuery, IdPath};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{Problem, WebError, WebResult};

/// The value of an optional query parameter, blank meaning absent (HTML forms send `name=`).
fn text(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Parses an optional query parameter, naming it when it does not parse.
fn parsed<T: FromStr>(name: &str, v: &Option<String>, what: &str) -> Result<Option<T>, WebError> {
    match text(v) {
        None => Ok(None),
        Some(s) => s.parse().map(Some).map_err(|_| {
            WebError::bad_request(format!(
                "invalid query parameter `{name}`: `{}` is not {what}",
                s.chars().take(40).collect::<String>()
            ))
        }),
    }
}

fn in_range(name: &str, v: Option<f64>, lo: f64, hi: f64) -> Result<Option<f64>, WebError> {
    match v {
        Some(x) if !(lo..=hi).contains(&x) => Err(WebError::bad_request(format!(
            "invalid query parameter `{name}`: give a number from {lo} to {hi}"
        ))),
        v => Ok(v),
    }
}

/// An SSVC outcome in its canonical text (`out_of_cycle`).
pub(crate) fn parse_outcome(v: &Option<String>) -> Result<Option<String>, WebError> {
    match text(v) {
        None => Ok(None),
        Some(s) => Outcome::parse(s).map(|o| Some(o.as_str().to_owned())).map_err(|_| {
            WebError::bad_request(format!(
                "invalid query parameter `outcome`: `{}` is not an SSVC outcome (immediate, out_of_cycle, scheduled, defer)",
                s.chars().take(40).collect::<String>()
            ))
        }),
    }
}

/// CVSS severities as stored (upper case).
pub(crate) const SEVERITIES: &[&str] = &["CRITICAL", "HIGH", "MEDIUM", "LOW", "NONE"];

/// Vulnerability list filters and paging.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub(crate) struct VulnListQuery {
    /// A CVE id, or words of the title or description.
    pub(crate) q: Option<String>,
    /// Only CISA KEV entries (`true`) or only others (`false`).
    #[param(value_type = Option<bool>)]
    pub(crate) kev: Option<String>,
    /// EPSS probability at least (0-1).
    #[param(value_type = Option<f64>)]
    pub(crate) epss_min: Option<String>,
    /// CVSS base score at least (0-10).
    #[param(value_type = Option<f64>)]
    pub(crate) score_min: Option<String>,
    /// `critical`, `high`, `medium`, `low`, `none`.
    pub(crate) severity: Option<String>,
    /// A vendor (normalised like the inventory's vendors).
    pub(crate) vendor: Option<String>,
    /// A CWE id (`CWE-79` or `79`).
    pub(crate) cwe: Option<String>,
    /// Only vulnerabilities with open findings.
    #[param(value_type = Option<bool>)]
    pub(crate) with_findings: Option<String>,
    /// Only vulnerabilities with an open finding of this SSVC outcome.
    pub(crate) outcome: Option<String>,
    /// Page size, 1-500 (default 50).
    #[param(value_type = Option<i64>)]
    pub(crate) limit: Option<String>,
    /// Opaque cursor from `next_cursor`.
    pub(crate) cursor: Option<String>,
}

impl VulnListQuery {
    pub(crate) fn to_query(&self) -> Result<VulnQuery, WebError> {
        let severity = match text(&self.severity) {
            None => None,
            Some(s) => {
                let up = s.to_ascii_uppercase();
                if !SEVERITIES.contains(&up.as_str()) {
                    return Err(WebError::bad_request(format!(
                        "invalid query parameter `severity`: `{}` is not a CVSS severity (critical, high, medium, low, none)",
                        s.chars().take(40).collect::<String>()
                    )));
                }
                Some(up)
            }
        };
        let cwe = text(&self.cwe).map(|c| {
            let up = c.to_ascii_uppercase();
            if up.bytes().all(|b| b.is_ascii_digit()) {
                format!("CWE-{up}")
            } else {
                up
            }
        });
        let vendor = text(&self.vendor)
            .map(|v| rampart_core::normalize::normalize_vendor(v).as_str().to_owned())
            .filter(|v| !v.is_empty());
        Ok(VulnQuery {
            filter: VulnFilter {
                q: text(&self.q).map(str::to_owned),
                kev: parsed("kev", &self.kev, "true or false")?,
                epss_min: in_range("epss_min", parsed("epss_min", &self.epss_min, "a number")?, 0.0, 1.0)?,
                score_min: in_range(
                    "score_min",
                    parsed("score_min", &self.score_min, "a number")?,
                    0.0,
                    10.0,
                )?,
                severity,
                vendor,
                cwe,
                with_findings: parsed("with_findings", &self.with_findings, "true or false")?.unwrap_or(false),
                outcome: parse_outcome(&self.outcome)?,
            },
            after: decode_vuln_cursor(self.cursor.as_deref())?,
            limit: parsed("limit", &self.limit, "a whole number")?.unwrap_or(50),
        })
    }
}

/// The opaque cursor of the vulnerability list: (score, CVE id).
pub(crate) fn encode_vuln_cursor(c: &(f64, String)) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::json!([c.0, c.1]).to_string())
}

fn decode_vuln_cursor(c: Option<&str>) -> Result<Option<(f64, String)>, WebError> {
    let Some(c) = c.filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    let bad = || WebError::bad_request("invalid cursor: pass back a next_cursor value unchanged");
    let bytes = URL_SAFE_NO_PAD.decode(c).map_err(|_| bad())?;
    let (score, id): (f64, String) = serde_json::from_slice(&bytes).map_err(|_| bad())?;
    if !score.is_finite() || id.is_empty() {
        return Err(bad());
    }
    Ok(Some((score, id)))
}

/// Page the vulnerabilities, most severe first.
#[utoipa::path(get, path = "/api/v1/vulns", tag = "vulnerabilities", params(VulnListQuery),
    responses((status = 200, body = VulnList), (status = 400, body = Problem), (status = 403, body = Problem)))]
pub(crate) async fn list_vulns(
    State(s): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<VulnListQuery>,
) -> WebResult<Json<VulnList>> {
    let page = s.app.list_vulns(&ctx.actor, q.to_query()?).await?;
    Ok(Json(VulnList {
        items: page.items.into_iter().map(VulnItem::from).collect(),
        next_cursor: page.next.as_ref().map(encode_vuln_cursor),
        total_capped: page.total_capped,
    }))
}

/// A CVE id from a path, checked for length and characters.
pub(crate) fn cve_path(id: &str) -> Result<String, WebError> {
    let id = id.trim();
    if id.is_empty() || id.len() > 64 || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return Err(WebError::bad_request(format!(
            "`{}` is not a vulnerability id (CVE-YYYY-NNNN)",
            id.chars().take(40).collect::<String>()
        )));
    }
    Ok(id.to_ascii_uppercase())
}

/// One vulnerability: scores, KEV, EPSS, advisories, references, findings and affected services.
#[utoipa::path(get, path = "/api/v1/vulns/{id}", tag = "vulnerabilities", params(("id" = String, Path, description = "CVE id")),
    responses((status = 200, body = Vuln), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub(crate) async fn get_vuln(State(s): State<AppState>, ctx: Ctx, IdPath(id): IdPath<String>) -> WebResult<Json<Vuln>> {
    let id = cve_path(&id)?;
    Ok(Json(s.app.vuln_detail(&ctx.actor, &id).await?.into()))
}

/// Finding list filters and paging.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub(crate) struct FindingListQuery {
    /// Owner organisation id (agency roles always see their own).
    #[param(value_type = Option<i64>)]
    pub(crate) org: Option<String>,
    /// Asset id.
    #[param(value_type = Option<i64>)]
    pub(crate) asset: Option<String>,
    /// Service id: findings on the assets the service needs (through the dependency graph).
    #[param(value_type = Option<i64>)]
    pub(crate) service: Option<String>,
    /// CVE id.
    pub(crate) vuln: Option<String>,
    /// `open` (default: open or in progress), `all`, or one status.
    pub(crate) status: Option<String>,
    /// SSVC outcome: `immediate`, `out_of_cycle`, `scheduled`, `defer`.
    pub(crate) outcome: Option<String>,
    /// Only CISA KEV vulnerabilities.
    #[param(value_type = Option<bool>)]
    pub(crate) kev: Option<String>,
    /// `patch-first` (default: outcome, due date, EPSS) or `recent`.
    pub(crate) order: Option<String>,
    /// Rows to skip.
    #[param(value_type = Option<i64>)]
    pub(crate) offset: Option<String>,
    /// Page size, 1-500 (default 50).
    #[param(value_type = Option<i64>)]
    pub(crate) limit: Option<String>,
}

/// Export filters and format.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub(crate) struct FindingExportQuery {
    /// `csv`, `json` or `vex` (CycloneDX 1.6 VEX).
    pub(crate) format: String,
    /// Owner organisation id.
    #[param(value_type = Option<i64>)]
    pub(crate) org: Option<String>,
    /// Asset id.
    #[param(value_type = Option<i64>)]
    pub(crate) asset: Option<String>,
    /// Service id: findings on the assets the service needs.
    #[param(value_type = Option<i64>)]
    pub(crate) service: Option<String>,
    /// CVE id.
    pub(crate) vuln: Option<String>,
    /// `all` (default), `open`, or one status.
    pub(crate) status: Option<String>,
    /// SSVC outcome.
    pub(crate) outcome: Option<String>,
    /// Only CISA KEV vulnerabilities.
    #[param(value_type = Option<bool>)]
    pub(crate) kev: Option<String>,
}

/// The filter parameters shared by the finding list and its export.
pub(crate) struct FindingParams<'a> {
    pub(crate) org: &'a Option<String>,
    pub(crate) asset: &'a Option<String>,
    pub(crate) service: &'a Option<String>,
    pub(crate) vuln: &'a Option<String>,
    pub(crate) status: &'a Option<String>,
    pub(crate) outcome: &'a Option<String>,
    pub(crate) kev: &'a Option<String>,
}

impl FindingParams<'_> {
    /// The filter, with `default_status` when none is given; the CVE id is looked up.
    pub(crate) async fn filter(&self, s: &AppState, default_status: &str) -> Result<FindingFilter, WebError> {
        let status = match text(self.status) {
            None => default_status.to_owned(),
            Some(st) if st == "open" || st == "all" || FINDING_STATUSES.contains(&st) => st.to_owned(),
            Some(st) => {
                return Err(WebError::bad_request(format!(
                    "invalid query parameter `status`: `{}` is not a status (open, all, {})",
                    st.chars().take(40).collect::<String>(),
                    FINDING_STATUSES.join(", ")
                )));
            }
        };
        let vuln_id = match text(self.vuln) {
            None => None,
            Some(v) => {
                let cve = cve_path(v)?;
                // An unknown id matches nothing (ids start at 1).
                let found = s.app.store.get_vuln(&cve).await.map_err(AppError::from)?;
                Some(found.map_or(0, |v| v.id))
            }
        };
        let asset_ids = match parsed::<i64>("service", self.service, "a service id")? {
            Some(id) => Some(s.app.service_asset_ids(id).await?),
            None => None,
        };
        Ok(FindingFilter {
            org_id: parsed("org", self.org, "an organisation id")?,
            asset_id: parsed("asset", self.asset, "an asset id")?,
            asset_ids,
            vuln_id,
            status: Some(status),
            outcome: parse_outcome(self.outcome)?,
            kev: parsed("kev", self.kev, "true or false")?.unwrap_or(false),
        })
    }
}

impl FindingListQuery {
    pub(crate) fn params(&self) -> FindingParams<'_> {
        FindingParams {
            org: &self.org,
            asset: &self.asset,
            service: &self.service,
            vuln: &self.vuln,
            status: &self.status,
            outcome: &self.outcome,
            kev: &self.kev,
        }
    }

    pub(crate) async fn to_query(&self, s: &AppState) -> Result<FindingQuery, WebError> {
        let order = match text(&self.order) {
            None | Some("patch-first") | Some("patch_first") => FindingOrder::PatchFirst,
            Some("recent") => FindingOrder::Recent,
            Some(o) => {
                return Err(WebError::bad_request(format!(
                    "invalid query parameter `order`: `{}` is not an order (patch-first, recent)",
                    o.chars().take(40).collect::<String>()
                )));
            }
        };
        let offset: i64 = parsed("offset", &self.offset, "a whole number")?.unwrap_or(0);
        if offset < 0 {
            return Err(WebError::bad_request(
                "invalid query parameter `offset`: give 0 or more",
            ));
        }
        Ok(FindingQuery {
            filter: self.params().filter(s, "open").await?,
            service: None, // in the filter as asset ids
            order,
            offset,
            limit: parsed::<i64>("limit", &self.limit, "a whole number")?
                .unwrap_or(50)
                .clamp(1, 500),
        })
    }
}

/// A finding page as the API returns it.
pub(crate) fn finding_list(page: FindingPage, offset: i64, limit: i64) -> FindingList {
    let n = page.items.len() as i64;
    let next_offset = (n == limit && offset + n < page.total_capped).then_some(offset + n);
    FindingList {
        items: page.items.into_iter().map(FindingItem::from).collect(),
        total_capped: page.total_capped,
        offset,
        limit,
        next_offset,
        outcomes: page
            .outcomes
            .into_iter()
            .map(|(outcome, open)| OutcomeCount { outcome, open })
            .collect(),
    }
}

/// Page the findings, patch first: SSVC outcome, then due date, then EPSS.
#[utoipa::path(get, path = "/api/v1/findings", tag = "findings", params(FindingListQuery),
    responses((status = 200, body = FindingList), (status = 400, body = Problem), (status = 403, body = Problem)))]
pub(crate) async fn list_findings(
    State(s): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<FindingListQuery>,
) -> WebResult<Json<FindingList>> {
    let query = q.to_query(&s).await?;
    let (offset, limit) = (query.offset, query.limit);
    let page = s.app.list_findings(&ctx.actor, query).await?;
    Ok(Json(finding_list(page, offset, limit)))
}

fn finding_id(id: i64) -> Result<i64, WebError> {
    if id <= 0 {
        return Err(WebError::bad_request(format!("`{id}` is not a valid finding id")));
    }
    Ok(id)
}

/// One finding with why it matched (evidence) and why it got its priority (SSVC).
#[utoipa::path(get, path = "/api/v1/findings/{id}", tag = "findings", params(("id" = i64, Path)),
    responses((status = 200, body = Finding), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub(crate) async fn get_finding(
    State(s): State<AppState>,
    ctx: Ctx,
    IdPath(id): IdPath<i64>,
) -> WebResult<Json<Finding>> {
    Ok(Json(s.app.finding_detail(&ctx.actor, finding_id(id)?).await?.into()))
}

/// The arguments of a triage from a patch: absent fields keep their value,
/// and a `not_affected` finding keeps its justification unless given another.
pub(crate) fn triage_args(
    current: &rampart_app::FindingRow,
    status: Option<&str>,
    justification: Option<&str>,
    note: Option<&str>,
) -> (String, Option<String>, String) {
    let status = status
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or(&current.status)
        .to_owned();
    let justification = match justification.map(str::trim).filter(|j| !j.is_empty()) {
        Some(j) => Some(j.to_owned()),
        None if status == "not_affected" && current.status == "not_affected" => current.justification.clone(),
        None => None,
    };
    let note = note.map_or_else(|| current.note.clone(), str::to_owned);
    (status, justification, note)
}

/// Triage a finding: status (`not_affected` needs a VEX justification) and note.
#[utoipa::path(patch, path = "/api/v1/findings/{id}", tag = "findings", params(("id" = i64, Path)), request_body = FindingPatch,
    responses((status = 200, body = Finding), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub(crate) async fn patch_finding(
    State(s): State<AppState>,
    ctx: Ctx,
    IdPath(id): IdPath<i64>,
    ApiJson(p): ApiJson<FindingPatch>,
) -> WebResult<Json<Finding>> {
    let id = finding_id(id)?;
    let current = s.app.finding_detail(&ctx.actor, id).await?.finding;
    let (status, justification, note) = triage_args(
        &current,
        p.status.as_deref(),
        p.justification.as_deref(),
        p.note.as_deref(),
    );
    s.app
        .update_finding(&ctx.actor, id, &status, justification.as_deref(), &note)
        .await?;
    Ok(Json(s.app.finding_detail(&ctx.actor, id).await?.into()))
}

/// Exports findings as a download.
pub(crate) async fn export_response(s: &AppState, ctx: &Ctx, q: &FindingExportQuery) -> Result<Response, WebError> {
    let format = FindingExport::parse(q.format.trim()).ok_or_else(|| {
        WebError::bad_request(format!(
            "invalid query parameter `format`: `{}` is not an export format (csv, json, vex)",
            q.format.chars().take(40).collect::<String>()
        ))
    })?;
    let params = FindingParams {
        org: &q.org,
        asset: &q.asset,
        service: &q.service,
        vuln: &q.vuln,
        status: &q.status,
        outcome: &q.outcome,
        kev: &q.kev,
    };
    let filter = params.filter(s, "all").await?;
    let body = s.app.export_findings(&ctx.actor, filter, format).await?;
    let filename = match format {
        FindingExport::Csv => "rampart-findings.csv",
        FindingExport::Json => "rampart-findings.json",
        FindingExport::CycloneDxVex => "rampart-findings.vex.cdx.json",
    };
    let mut r = body.into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(format.content_type()));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(r)
}

/// Export findings (every status unless filtered) as CSV, JSON or CycloneDX 1.6 VEX.
#[utoipa::path(get, path = "/api/v1/findings/export", tag = "findings", params(FindingExportQuery),
    responses(
        (status = 200, description = "The findings: `text/csv`, `application/json`, or `application/vnd.cyclonedx+json; version=1.6` (VEX)", content_type = "text/csv"),
        (status = 400, body = Problem), (status = 403, body = Problem)))]
pub(crate) async fn export_findings(
    State(s): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<FindingExportQuery>,
) -> WebResult<Response> {
    export_response(&s, &ctx, &q).await
}

/// Feed import parameters.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub(crate) struct FeedImportQuery {
    /// `nvd` (1.1 feed or API 2.0 JSON), `cve5` (record or JSON lines), `kev` (JSON or CSV), `epss` (CSV), `csaf`.
    pub(crate) kind: String,
    /// File name for the report (`.gz` files are decompressed).
    pub(crate) filename: Option<String>,
    /// Run as a background job and return its id (202); poll `/api/v1/jobs/{id}`.
    pub(crate) background: Option<bool>,
    /// With `background`: run an incremental match after the import (default true).
    #[serde(rename = "match")]
    pub(crate) then_match: Option<bool>,
}

/// A feed kind from a form or query.
pub(crate) fn feed_kind(kind: &str) -> Result<FeedKind, AppError> {
    FeedKind::parse(kind).ok_or_else(|| {
        AppError::invalid(
            "kind",
            format!(
                "unknown feed kind `{}` (nvd, cve5, kev, epss, csaf)",
                kind.chars().take(40).collect::<String>()
            ),
        )
    })
}

/// Import one feed file (the request body): NVD, CVE 5, CISA KEV, FIRST EPSS or CSAF 2.0.
#[utoipa::path(post, path = "/api/v1/feeds/import", tag = "feeds", params(FeedImportQuery),
    request_body(content = String, description = "The feed file", content_type = "application/octet-stream"),
    responses((status = 200, body = FeedImport), (status = 202, body = Queued), (status = 413, body = Problem), (status = 422, body = Problem)))]
pub(crate) async fn import_feed(
    State(s): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<FeedImportQuery>,
    body: Bytes,
) -> WebResult<Response> {
    let kind = feed_kind(&q.kind)?;
    if body.is_empty() {
        return Err(AppError::invalid("body", "the request body is empty: send the feed file").into());
    }
    let filename = text(&q.filename).unwrap_or("upload");
    if q.background.unwrap_or(false) {
        let job = s
            .app
            .queue_feed_import(&ctx.actor, kind, filename, &body, q.then_match.unwrap_or(true))
            .await?;
        return Ok((StatusCode::ACCEPTED, Json(Queued { job_id: job.0 })).into_response());
    }
    let report = s.app.import_feed_bytes(&ctx.actor, kind, filename, &body).await?;
    Ok(Json(FeedImport::from(report)).into_response())
}

/// Match parameters.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub(crate) struct MatchQuery {
    /// Re-match every vulnerability (default: only those changed since the last run).
    pub(crate) full: Option<bool>,
}

/// Match the stored vulnerabilities to the inventory: opens, refreshes and closes findings.
#[utoipa::path(post, path = "/api/v1/match", tag = "feeds", params(MatchQuery),
    responses((status = 200, body = MatchResult), (status = 403, body = Problem)))]
pub(crate) async fn run_match(
    State(s): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<MatchQuery>,
) -> WebResult<Json<MatchResult>> {
    Ok(Json(s.app.run_match(&ctx.actor, q.full.unwrap_or(false)).await?.into()))
}

/// What the feeds page and `GET /api/v1/feeds` show.
pub(crate) async fn feed_status_of(s: &AppState, ctx: &Ctx) -> Result<FeedStatus, AppError> {
    let (imports, runs, counts) = s.app.feed_activity(&ctx.actor).await?;
    Ok(FeedStatus {
        vulnerabilities: counts[0],
        advisories: counts[1],
        kev: counts[2],
        epss: counts[3],
        imports: imports
            .into_iter()
            .map(|r| FeedImportItem {
                id: r.id,
                problems: serde_json::from_str(&r.problems).unwrap_or_default(),
                kind: r.kind,
                source: r.source,
                started_at: r.started_at,
                finished_at: r.finished_at,
                total: r.total,
                created: r.created,
                updated: r.updated,
                unchanged: r.unchanged,
                skipped: r.skipped,
            })
            .collect(),
        match_runs: runs
            .into_iter()
            .map(|r| MatchRunItem {
                id: r.id,
                full: r.full_match,
                started_at: r.started_at,
                finished_at: r.finished_at,
                rules: r.rules,
                assets: r.assets,
                opened: r.opened,
                updated: r.updated,
                closed: r.closed,
                millis: r.millis,
            })
            .collect(),
    })
}

/// Stored intelligence (vulnerabilities, advisories, KEV, EPSS), recent imports and match runs.
#[utoipa::path(get, path = "/api/v1/feeds", tag = "feeds", responses((status = 200, body = FeedStatus), (status = 403, body = Problem)))]
pub(crate) async fn feed_status(State(s): State<AppState>, ctx: Ctx) -> WebResult<Json<FeedStatus>> {
    Ok(Json(feed_status_of(&s, &ctx).await?))
}

/// The vendor alias table: the city's own entries, then the built-in ones.
#[utoipa::path(get, path = "/api/v1/vendor-aliases", tag = "feeds", responses((status = 200, body = Vec<VendorAliasItem>), (status = 403, body = Problem)))]
pub(crate) async fn list_aliases(State(s): State<AppState>, ctx: Ctx) -> WebResult<Json<Vec<VendorAliasItem>>> {
    let rows = s.app.vendor_aliases(&ctx.actor).await?;
    Ok(Json(rows.into_iter().map(Into::into).collect()))
}

/// Add or change an alias: `{alias}` means the vendor `canonical`. The next match is a full one.
#[utoipa::path(put, path = "/api/v1/vendor-aliases/{alias}", tag = "feeds", params(("alias" = String, Path, description = "The other vendor name")),
    request_body = AliasInput,
    responses((status = 200, body = VendorAliasItem), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub(crate) async fn put_alias(
    State(s): State<AppState>,
    ctx: Ctx,
    axum::extract::Path(alias): axum::extract::Path<String>,
    ApiJson(input): ApiJson<AliasInput>,
) -> WebResult<Json<VendorAliasItem>> {
    let a = s.app.set_vendor_alias(&ctx.actor, &alias, &input.canonical).await?;
    Ok(Json(a.into()))
}

/// Remove one of the city's aliases (built-in ones cannot be removed).
#[utoipa::path(delete, path = "/api/v1/vendor-aliases/{alias}", tag = "feeds", params(("alias" = String, Path, description = "The alias")),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub(crate) async fn delete_alias(
    State(s): State<AppState>,
    ctx: Ctx,
    axum::extract::Path(alias): axum::extract::Path<String>,
) -> WebResult<StatusCode> {
    s.app.delete_vendor_alias(&ctx.actor, &alias).await?;
    Ok(StatusCode::NO_CONTENT)
}
