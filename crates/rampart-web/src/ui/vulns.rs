//! Step 3 pages: vulnerabilities, the "patch first" finding list, a
//! finding with why it matched and why it got its priority (with triage),
//! and the feeds page (imports and match runs).

use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use rampart_app::{
    AppError, FINDING_STATUSES, FindingDetail, FindingRow, MatchReport, VEX_JUSTIFICATIONS, VendorAlias, VulnDetail,
    VulnRow,
};
use rampart_core::authz::{Grant, Permission};
use rampart_core::ssvc::Outcome;

use super::estate::read_multipart;
use super::form::{Done, HtmlFields, notice};
use super::{Chrome, render};
use crate::AppState;
use crate::api::{
    ApiQuery, FeedStatus, FindingExportQuery, FindingListQuery, IdPath, SEVERITIES, VulnListQuery, encode_vuln_cursor,
    export_response, feed_kind, feed_status_of, triage_args,
};
use crate::auth::Ctx;
use crate::error::{WebError, WebResult};

/// The step these pages belong to.
const STEP: &str = "/threats";

fn h(e: AppError) -> WebError {
    WebError::from(e).html()
}

/// A link of the step's sub-navigation.
pub(crate) struct SubLink {
    pub(crate) href: &'static str,
    pub(crate) label: &'static str,
    pub(crate) active: bool,
}

/// Vulnerabilities, Patch first, Feeds: the pages of step 3 the user may open.
fn subnav(ctx: &Ctx, active: &str) -> Vec<SubLink> {
    let can = |p| ctx.principal().is_some_and(|x| x.can(p));
    [
        ("/vulns", "Vulnerabilities", Permission::VulnView),
        ("/findings", "Patch first", Permission::FindingView),
        ("/feeds", "Feeds", Permission::VulnView),
        ("/feeds/aliases", "Vendor aliases", Permission::VulnView),
    ]
    .into_iter()
    .filter(|(_, _, p)| can(*p))
    .map(|(href, label, _)| SubLink {
        href,
        label,
        active: href == active,
    })
    .collect()
}

/// Percent with one decimal (EPSS).
pub(crate) fn pct(p: &f64) -> String {
    format!("{:.1} %", p * 100.0)
}

/// A CVSS score with one decimal.
pub(crate) fn score(s: &f64) -> String {
    format!("{s:.1}")
}

/// A stored timestamp as `2026-11-28 04:55 UTC`; other text as it is.
pub(crate) fn when(t: &str) -> String {
    match (t.get(..10), t.get(11..16)) {
        (Some(d), Some(hm)) if t.as_bytes().get(10) == Some(&b'T') => format!("{d} {hm} UTC"),
        _ => t.to_owned(),
    }
}

/// The date of a stored timestamp.
pub(crate) fn day(t: &str) -> &str {
    t.get(..10).filter(|_| t.as_bytes().get(10) == Some(&b'T')).unwrap_or(t)
}

/// The SSVC label of a stored outcome (`Out-of-Cycle`).
pub(crate) fn outcome_label(o: &str) -> &'static str {
    Outcome::parse(o).map_or("not decided", |o| o.label())
}

/// The badge class of an outcome.
pub(crate) fn outcome_class(o: &str) -> &'static str {
    match Outcome::parse(o) {
        Ok(Outcome::Immediate) => "bad",
        Ok(Outcome::OutOfCycle) => "warn",
        Ok(Outcome::Scheduled) => "",
        Ok(Outcome::Defer) | Err(_) => "quiet",
    }
}

/// The badge class of a CVSS severity.
pub(crate) fn severity_class(s: &str) -> &'static str {
    match s {
        "CRITICAL" => "bad",
        "HIGH" => "warn",
        _ => "",
    }
}

/// Today as `YYYY-MM-DD` (due dates before it are overdue).
fn today(s: &AppState) -> String {
    s.app.now().to_string().chars().take(10).collect()
}

fn add(ser: &mut url::form_urlencoded::Serializer<'_, String>, k: &str, v: &Option<String>) {
    if let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        ser.append_pair(k, v);
    }
}

#[derive(Template)]
#[template(path = "vulns.html")]
struct VulnsPage {
    chrome: Chrome,
    nav: Vec<SubLink>,
    items: Vec<VulnRow>,
    q: VulnListQuery,
    total: String,
    next_link: Option<String>,
    severities: Vec<(&'static str, String)>,
    outcomes: Vec<(&'static str, &'static str)>,
    can_findings: bool,
}

fn vuln_qs(q: &VulnListQuery, cursor: Option<&str>) -> String {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    add(&mut s, "q", &q.q);
    add(&mut s, "kev", &q.kev);
    add(&mut s, "epss_min", &q.epss_min);
    add(&mut s, "score_min", &q.score_min);
    add(&mut s, "severity", &q.severity);
    add(&mut s, "vendor", &q.vendor);
    add(&mut s, "cwe", &q.cwe);
    add(&mut s, "with_findings", &q.with_findings);
    add(&mut s, "outcome", &q.outcome);
    add(&mut s, "limit", &q.limit);
    add(&mut s, "cursor", &cursor.map(str::to_owned));
    s.finish()
}

/// The SSVC outcomes, most urgent first: (canonical, label).
fn outcome_options() -> Vec<(&'static str, &'static str)> {
    Outcome::ALL.iter().rev().map(|o| (o.as_str(), o.label())).collect()
}

/// `GET /vulns`: the vulnerability list.
pub(crate) async fn vulns_page(
    State(s): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<VulnListQuery>,
) -> WebResult<Html<String>> {
    let query = q.to_query().map_err(WebError::html)?;
    let page = s.app.list_vulns(&ctx.actor, query).await.map_err(h)?;
    let next_link = page
        .next
        .as_ref()
        .map(|c| format!("/vulns?{}", vuln_qs(&q, Some(&encode_vuln_cursor(c)))));
    let total = if page.total_capped >= 10_000 {
        "10,000+".to_owned()
    } else {
        page.total_capped.to_string()
    };
    let severities = SEVERITIES.iter().map(|s| (*s, s.to_ascii_lowercase())).collect();
    let can_findings = ctx.principal().is_some_and(|p| p.can(Permission::FindingView));
    render(&VulnsPage {
        chrome: Chrome::new(&ctx, "Vulnerabilities", STEP),
        nav: subnav(&ctx, "/vulns"),
        items: page.items,
        q,
        total,
        next_link,
        severities,
        outcomes: outcome_options(),
        can_findings,
    })
}

#[derive(Template)]
#[template(path = "vuln.html")]
struct VulnPage {
    chrome: Chrome,
    nav: Vec<SubLink>,
    d: VulnDetail,
    can_findings: bool,
    today: String,
}

/// `GET /vulns/{id}`: one vulnerability.
pub(crate) async fn vuln_page(
    State(s): State<AppState>,
    ctx: Ctx,
    IdPath(id): IdPath<String>,
) -> WebResult<Html<String>> {
    let id = crate::api::cve_path(&id).map_err(WebError::html)?;
    let d = s.app.vuln_detail(&ctx.actor, &id).await.map_err(h)?;
    let can_findings = ctx.principal().is_some_and(|p| p.can(Permission::FindingView));
    render(&VulnPage {
        chrome: Chrome::new(&ctx, d.vuln.cve_id.clone(), STEP),
        nav: subnav(&ctx, "/vulns"),
        d,
        can_findings,
        today: today(&s),
    })
}

/// An outcome's box at the top of the patch-first page.
struct OutcomeBox {
    key: &'static str,
    label: &'static str,
    open: i64,
    class: &'static str,
    href: String,
    active: bool,
}

#[derive(Template)]
#[template(path = "findings.html")]
struct FindingsPage {
    chrome: Chrome,
    nav: Vec<SubLink>,
    items: Vec<FindingRow>,
    q: FindingListQuery,
    boxes: Vec<OutcomeBox>,
    orgs: Vec<(i64, String)>,
    statuses: Vec<&'static str>,
    outcomes: Vec<(&'static str, &'static str)>,
    total: String,
    shown: String,
    next_link: Option<String>,
    prev_link: Option<String>,
    exports: Vec<(&'static str, String)>,
    today: String,
    /// City-wide view: open findings per agency (name, link, counts per outcome Immediate→Defer, total).
    by_org: Vec<(String, String, [i64; 4], i64)>,
}

fn finding_qs(q: &FindingListQuery, offset: Option<i64>, outcome: Option<&str>) -> String {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    add(&mut s, "org", &q.org);
    add(&mut s, "asset", &q.asset);
    add(&mut s, "service", &q.service);
    add(&mut s, "vuln", &q.vuln);
    add(&mut s, "status", &q.status);
    match outcome {
        Some(o) => add(&mut s, "outcome", &Some(o.to_owned())),
        None => add(&mut s, "outcome", &q.outcome),
    }
    add(&mut s, "kev", &q.kev);
    add(&mut s, "order", &q.order);
    add(&mut s, "limit", &q.limit);
    add(&mut s, "offset", &offset.filter(|o| *o > 0).map(|o| o.to_string()));
    s.finish()
}

/// `GET /findings`: the patch-first list.
pub(crate) async fn findings_page(
    State(s): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<FindingListQuery>,
) -> WebResult<Html<String>> {
    let query = q.to_query(&s).await.map_err(WebError::html)?;
    let (offset, limit) = (query.offset, query.limit);
    let page = s.app.list_findings(&ctx.actor, query).await.map_err(h)?;
    let counts: std::collections::HashMap<String, i64> = page.outcomes.iter().cloned().collect();
    let current = q.outcome.as_deref().and_then(|o| Outcome::parse(o).ok());
    let mut boxes: Vec<OutcomeBox> = Outcome::ALL
        .iter()
        .rev()
        .map(|o| OutcomeBox {
            key: o.as_str(),
            label: o.label(),
            open: counts.get(o.as_str()).copied().unwrap_or(0),
            class: outcome_class(o.as_str()),
            href: format!("/findings?{}", finding_qs(&q, None, Some(o.as_str()))),
            active: current == Some(*o),
        })
        .collect();
    if let Some(n) = counts.get("none").filter(|n| **n > 0) {
        boxes.push(OutcomeBox {
            key: "none",
            label: "Not decided",
            open: *n,
            class: "quiet",
            href: String::new(),
            active: false,
        });
    }
    // City-wide roles may narrow the list to one organisation.
    let orgs = if matches!(ctx.actor.require(Permission::FindingView), Ok(Grant::City)) {
        s.app
            .list_orgs(&ctx.actor)
            .await
            .map_err(h)?
            .into_iter()
            .filter(|o| o.kind != rampart_core::org::OrgKind::Partner)
            .map(|o| (o.id.0, o.name))
            .collect()
    } else {
        Vec::new()
    };
    // The city-wide list (no organisation chosen) shows each agency's share.
    let by_org = if !orgs.is_empty() && q.org.as_deref().is_none_or(|o| o.trim().is_empty()) {
        let mut rows: std::collections::BTreeMap<i64, [i64; 4]> = std::collections::BTreeMap::new();
        for (org, outcome, n) in s.app.finding_counts_by_org(&ctx.actor).await.map_err(h)? {
            let slot = match Outcome::parse(&outcome) {
                Ok(Outcome::Immediate) => 0,
                Ok(Outcome::OutOfCycle) => 1,
                Ok(Outcome::Scheduled) => 2,
                _ => 3,
            };
            rows.entry(org).or_default()[slot] += n;
        }
        let mut out: Vec<_> = orgs
            .iter()
            .filter_map(|(id, name)| {
                rows.get(id)
                    .map(|c| (name.clone(), format!("/findings?org={id}"), *c, c.iter().sum::<i64>()))
            })
            .collect();
        out.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
        out
    } else {
        Vec::new()
    };
    let n = page.items.len() as i64;
    let next_link = (n == limit && offset + n < page.total_capped)
        .then(|| format!("/findings?{}", finding_qs(&q, Some(offset + n), None)));
    let prev_link = (offset > 0).then(|| format!("/findings?{}", finding_qs(&q, Some((offset - limit).max(0)), None)));
    let total = if page.total_capped >= 100_000 {
        "100,000+".to_owned()
    } else {
        page.total_capped.to_string()
    };
    let shown = if n == 0 {
        String::new()
    } else {
        format!("{}–{}", offset + 1, offset + n)
    };
    let mut base = url::form_urlencoded::Serializer::new(String::new());
    add(&mut base, "org", &q.org);
    add(&mut base, "asset", &q.asset);
    add(&mut base, "service", &q.service);
    add(&mut base, "vuln", &q.vuln);
    add(&mut base, "status", &q.status);
    add(&mut base, "outcome", &q.outcome);
    add(&mut base, "kev", &q.kev);
    let base = base.finish();
    let exports = [("CSV", "csv"), ("JSON", "json"), ("CycloneDX VEX", "vex")]
        .into_iter()
        .map(|(label, f)| {
            let sep = if base.is_empty() { "" } else { "&" };
            (label, format!("/findings/export?format={f}{sep}{base}"))
        })
        .collect();
    render(&FindingsPage {
        chrome: Chrome::new(&ctx, "Patch first", STEP),
        nav: subnav(&ctx, "/findings"),
        items: page.items,
        q,
        boxes,
        orgs,
        // Blank is "open or in progress" (the default); `open` would mean the same.
        statuses: std::iter::once("all")
            .chain(FINDING_STATUSES.iter().copied().filter(|s| *s != "open"))
            .collect(),
        outcomes: outcome_options(),
        total,
        shown,
        next_link,
        prev_link,
        exports,
        today: today(&s),
        by_org,
    })
}

/// `GET /findings/export?format=csv|json|vex`: a download of the filtered findings.
pub(crate) async fn findings_export_page(
    State(s): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<FindingExportQuery>,
) -> WebResult<Response> {
    export_response(&s, &ctx, &q).await.map_err(WebError::html)
}

#[derive(Template)]
#[template(path = "finding.html")]
struct FindingPage {
    chrome: Chrome,
    nav: Vec<SubLink>,
    d: FindingDetail,
    rows: Vec<(&'static str, String, String)>,
    outcome: Option<(&'static str, &'static str)>,
    can_manage: bool,
    statuses: &'static [&'static str],
    justifications: &'static [&'static str],
    error: Option<String>,
    today: String,
}

async fn finding_view(
    s: &AppState,
    ctx: &Ctx,
    id: i64,
    error: Option<String>,
    done: Option<&str>,
) -> WebResult<FindingPage> {
    if id <= 0 {
        return Err(WebError::bad_request(format!("`{id}` is not a valid finding id")).html());
    }
    let d = s.app.finding_detail(&ctx.actor, id).await.map_err(h)?;
    let rows = d.decision.as_ref().map(|x| x.explain()).unwrap_or_default();
    let outcome = d
        .decision
        .as_ref()
        .map(|x| x.outcome().as_str())
        .or(d.finding.ssvc_outcome.as_deref())
        .map(|o| (outcome_label(o), outcome_class(o)));
    let can_manage = ctx.principal().is_some_and(|p| p.can(Permission::FindingManage));
    let title = format!("{} on {}", d.finding.cve_id, d.finding.asset_name);
    Ok(FindingPage {
        chrome: Chrome::new(ctx, title, STEP).with_notice(notice(done)),
        nav: subnav(ctx, "/findings"),
        d,
        rows,
        outcome,
        can_manage,
        statuses: FINDING_STATUSES,
        justifications: VEX_JUSTIFICATIONS,
        error,
        today: today(s),
    })
}

/// `GET /findings/{id}`: why it matched, why this priority, triage.
pub(crate) async fn finding_page(
    State(s): State<AppState>,
    ctx: Ctx,
    IdPath(id): IdPath<i64>,
    axum::extract::Query(q): axum::extract::Query<Done>,
) -> WebResult<Html<String>> {
    render(&finding_view(&s, &ctx, id, None, q.done.as_deref()).await?)
}

/// `POST /findings/{id}`: triage (status, VEX justification, note).
pub(crate) async fn finding_update(
    State(s): State<AppState>,
    ctx: Ctx,
    IdPath(id): IdPath<i64>,
    form: HtmlFields,
) -> WebResult<Response> {
    if id <= 0 {
        return Err(WebError::bad_request(format!("`{id}` is not a valid finding id")).html());
    }
    let current = s.app.finding_detail(&ctx.actor, id).await.map_err(h)?.finding;
    let (status, justification, note) = triage_args(
        &current,
        form.get("status"),
        form.get("justification"),
        form.get("note"),
    );
    match s
        .app
        .update_finding(&ctx.actor, id, &status, justification.as_deref(), &note)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/findings/{id}?done=finding-updated")).into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let page = finding_view(&s, &ctx, id, Some(e.to_string()), None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(h(e)),
    }
}

#[derive(Template)]
#[template(path = "feeds.html")]
struct FeedsPage {
    chrome: Chrome,
    nav: Vec<SubLink>,
    status: FeedStatus,
    can_manage: bool,
    kinds: Vec<(&'static str, &'static str)>,
    error: Option<String>,
    matched: Option<MatchReport>,
}

async fn feeds_view(s: &AppState, ctx: &Ctx) -> WebResult<FeedsPage> {
    let status = feed_status_of(s, ctx).await.map_err(h)?;
    Ok(FeedsPage {
        chrome: Chrome::new(ctx, "Feeds", STEP),
        nav: subnav(ctx, "/feeds"),
        status,
        can_manage: ctx.principal().is_some_and(|p| p.can(Permission::FeedManage)),
        kinds: vec![
            ("nvd", "NVD JSON (1.1 feed or API 2.0)"),
            ("cve5", "CVE JSON 5 (record or JSON lines)"),
            ("kev", "CISA KEV (JSON or CSV)"),
            ("epss", "FIRST EPSS (CSV, plain or gzip)"),
            ("csaf", "CSAF 2.0 advisory"),
        ],
        error: None,
        matched: None,
    })
}

/// `GET /feeds`: stored intelligence, recent imports and match runs.
pub(crate) async fn feeds_page(State(s): State<AppState>, ctx: Ctx) -> WebResult<Html<String>> {
    render(&feeds_view(&s, &ctx).await?)
}

/// `POST /feeds/import` (multipart): queues an import of one feed file (then
/// an incremental match unless unticked) and shows its job's progress.
pub(crate) async fn feeds_upload(State(s): State<AppState>, ctx: Ctx, m: Multipart) -> WebResult<Response> {
    let (filename, bytes, fields) = read_multipart(m).await?;
    let then_match = fields.get("match").is_some_and(|v| v == "true" || v == "on");
    let result = match feed_kind(fields.get("kind").map_or("", String::as_str)) {
        Ok(kind) => {
            s.app
                .queue_feed_import(&ctx.actor, kind, &filename, &bytes, then_match)
                .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(job) => Ok(Redirect::to(&format!("/jobs/{job}")).into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let mut page = feeds_view(&s, &ctx).await?;
            page.error = Some(e.to_string());
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(h(e)),
    }
}

/// `POST /feeds/match`: matches the stored vulnerabilities to the inventory.
pub(crate) async fn feeds_match(State(s): State<AppState>, ctx: Ctx, form: HtmlFields) -> WebResult<Response> {
    let full = form.get("full").is_some_and(|v| v == "true" || v == "on");
    let r = s.app.run_match(&ctx.actor, full).await.map_err(h)?;
    let mut page = feeds_view(&s, &ctx).await?;
    page.matched = Some(r);
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "aliases.html")]
struct AliasesPage {
    chrome: Chrome,
    nav: Vec<SubLink>,
    own: Vec<VendorAlias>,
    built_in: Vec<VendorAlias>,
    can_manage: bool,
    error: Option<String>,
}

async fn aliases_view(s: &AppState, ctx: &Ctx, error: Option<String>, done: Option<&str>) -> WebResult<AliasesPage> {
    let (built_in, own) = s
        .app
        .vendor_aliases(&ctx.actor)
        .await
        .map_err(h)?
        .into_iter()
        .partition(|a| a.built_in);
    Ok(AliasesPage {
        chrome: Chrome::new(ctx, "Vendor aliases", STEP).with_notice(notice(done)),
        nav: subnav(ctx, "/feeds/aliases"),
        own,
        built_in,
        can_manage: ctx.principal().is_some_and(|p| p.can(Permission::FeedManage)),
        error,
    })
}

/// `GET /feeds/aliases`: the vendor alias table.
pub(crate) async fn aliases_page(
    State(s): State<AppState>,
    ctx: Ctx,
    axum::extract::Query(q): axum::extract::Query<Done>,
) -> WebResult<Html<String>> {
    render(&aliases_view(&s, &ctx, None, q.done.as_deref()).await?)
}

/// `POST /feeds/aliases`: adds or changes an alias.
pub(crate) async fn alias_set(State(s): State<AppState>, ctx: Ctx, form: HtmlFields) -> WebResult<Response> {
    let alias = form.get("alias").unwrap_or_default();
    let canonical = form.get("canonical").unwrap_or_default();
    match s.app.set_vendor_alias(&ctx.actor, alias, canonical).await {
        Ok(_) => Ok(Redirect::to("/feeds/aliases?done=alias-set").into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let page = aliases_view(&s, &ctx, Some(e.to_string()), None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(h(e)),
    }
}

/// `POST /feeds/aliases/delete`: removes one of the city's aliases.
pub(crate) async fn alias_delete(State(s): State<AppState>, ctx: Ctx, form: HtmlFields) -> WebResult<Response> {
    match s
        .app
        .delete_vendor_alias(&ctx.actor, form.get("alias").unwrap_or_default())
        .await
    {
        Ok(()) => Ok(Redirect::to("/feeds/aliases?done=alias-deleted").into_response()),
        Err(e @ (AppError::Invalid { .. } | AppError::NotFound(_))) => {
            let page = aliases_view(&s, &ctx, Some(e.to_string()), None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(h(e)),
    }
}

/// The open findings of one asset or of the assets a service needs, for
/// the asset and service pages.
pub(crate) struct FindingsPanel {
    /// The first rows in patch-first order.
    pub(crate) items: Vec<FindingRow>,
    /// How many open findings in all (capped text).
    pub(crate) total: String,
    /// Open findings per outcome: (label, badge class, count).
    pub(crate) outcomes: Vec<(&'static str, &'static str, i64)>,
    /// The whole list on the Patch first page.
    pub(crate) href: String,
    /// Today, to mark overdue rows.
    pub(crate) today: String,
}

/// Which findings a panel shows.
pub(crate) enum PanelOf {
    Asset(i64),
    Service(i64),
}

/// The findings panel, or `None` when the viewer may not see findings.
pub(crate) async fn findings_panel(s: &AppState, ctx: &Ctx, of: PanelOf) -> WebResult<Option<FindingsPanel>> {
    if ctx.actor.require(Permission::FindingView).is_err() {
        return Ok(None);
    }
    let (query, href) = match of {
        PanelOf::Asset(id) => (
            rampart_app::FindingQuery {
                filter: rampart_app::FindingFilter {
                    asset_id: Some(id),
                    ..Default::default()
                },
                limit: 10,
                ..Default::default()
            },
            format!("/findings?asset={id}"),
        ),
        PanelOf::Service(id) => (
            rampart_app::FindingQuery {
                service: Some(id),
                limit: 10,
                ..Default::default()
            },
            format!("/findings?service={id}"),
        ),
    };
    let page = s.app.list_findings(&ctx.actor, query).await.map_err(h)?;
    let counts: std::collections::HashMap<String, i64> = page.outcomes.into_iter().collect();
    let outcomes = Outcome::ALL
        .iter()
        .rev()
        .map(|o| {
            (
                o.label(),
                outcome_class(o.as_str()),
                counts.get(o.as_str()).copied().unwrap_or(0),
            )
        })
        .filter(|(_, _, n)| *n > 0)
        .collect();
    Ok(Some(FindingsPanel {
        items: page.items,
        total: if page.total_capped >= 100_000 {
            "100,000+".into()
        } else {
            page.total_capped.to_string()
        },
        outcomes,
        href,
        today: today(s),
    }))
}
