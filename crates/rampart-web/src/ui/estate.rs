//! Step 1 pages: inventory, asset, import, services, zones, and the analyses
//! (blast radius, single points of failure, attack paths) with graphs drawn
//! as SVG on the server.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use rampart_app::{
    AppError, AssetDetail, AssetListItem, AttackPathView, BlastRadiusView, EstateCsvKind, Facets, InventoryFormat, Job,
    NodeRef, ServiceDetail, ServiceRow, SpofEntry, ZoneRow,
};
use rampart_core::authz::Permission;
use rampart_core::ids::JobId;

use super::graph_svg::{
    Direction, EdgeStyle, GraphView, NodeKind, NodeStatus, ViewEdge, ViewNode, render as render_svg,
};
use super::vulns::{FindingsPanel, PanelOf, findings_panel};
use super::{Chrome, render};
use crate::AppState;
use crate::api::{ApiQuery, AssetListQuery, IdPath, encode_asset_cursor, parse_ids};
use crate::auth::Ctx;
use crate::error::{WebError, WebResult};

fn h(e: AppError) -> WebError {
    WebError::from(e).html()
}

/// Percent with one decimal.
pub(crate) fn pct(p: &f64) -> String {
    format!("{:.1} %", p * 100.0)
}

#[derive(Template)]
#[template(path = "assets.html")]
struct AssetsPage {
    chrome: Chrome,
    items: Vec<AssetListItem>,
    zones: HashMap<i64, String>,
    facets: Facets,
    q: AssetListQuery,
    next_link: Option<String>,
    total: String,
    sort_links: Vec<(&'static str, &'static str, String, bool)>,
    can_import: bool,
}

fn qs(q: &AssetListQuery, cursor: Option<&str>, sort: Option<(&str, &str)>) -> String {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    let mut add = |k: &str, v: Option<String>| {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            s.append_pair(k, &v);
        }
    };
    add("q", q.q.clone());
    add("org", q.org.map(|v| v.to_string()));
    add("type", q.asset_type.clone());
    add("vendor", q.vendor.clone());
    add("zone", q.zone.map(|v| v.to_string()));
    add("exposed", q.exposed.map(|v| v.to_string()));
    add("criticality", q.criticality.map(|v| v.to_string()));
    add("missing", q.missing.map(|v| v.to_string()));
    match sort {
        Some((field, order)) => {
            add("sort", Some(field.to_owned()));
            add("order", Some(order.to_owned()));
        }
        None => {
            add("sort", q.sort.clone());
            add("order", q.order.clone());
        }
    }
    add("cursor", cursor.map(str::to_owned));
    s.finish()
}

/// `GET /assets`: the inventory.
pub(crate) async fn assets_page(
    State(s): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<AssetListQuery>,
) -> WebResult<Html<String>> {
    let query = q.to_query().map_err(WebError::html)?;
    let page = s.app.list_assets(&ctx.actor, query, true).await.map_err(h)?;
    let facets = s.app.asset_facets(&ctx.actor).await.map_err(h)?;
    let zones = facets.zones.iter().map(|z| (z.id, z.name.clone())).collect();
    let next_link = page
        .next
        .as_ref()
        .map(|c| format!("/assets?{}", qs(&q, Some(&encode_asset_cursor(c)), None)));
    let total = match page.total_capped {
        Some(n) if n >= 10_000 => "10,000+".to_owned(),
        Some(n) => n.to_string(),
        None => String::new(),
    };
    let current = q.sort.clone().unwrap_or_else(|| "name".into());
    let desc = q.order.as_deref() == Some("desc");
    let sort_links = [
        ("name", "Name"),
        ("type", "Type"),
        ("vendor", "Vendor"),
        ("criticality", "Criticality"),
    ]
    .into_iter()
    .map(|(field, label)| {
        let active = current == field;
        let order = if active && !desc { "desc" } else { "asc" };
        (
            field,
            label,
            format!("/assets?{}", qs(&q, None, Some((field, order)))),
            active,
        )
    })
    .collect();
    let can_import = ctx.principal().is_some_and(|p| p.can(Permission::AssetManage));
    render(&AssetsPage {
        chrome: Chrome::new(&ctx, "Inventory", "/risk"),
        items: page.items,
        zones,
        facets,
        q,
        next_link,
        total,
        sort_links,
        can_import,
    })
}

#[derive(Template)]
#[template(path = "asset.html")]
struct AssetPage {
    chrome: Chrome,
    d: AssetDetail,
    cpes: Vec<String>,
    props: Vec<(&'static str, Option<bool>)>,
    findings: Option<FindingsPanel>,
}

/// `GET /assets/{id}`
pub(crate) async fn asset_page(
    State(s): State<AppState>,
    ctx: Ctx,
    IdPath(id): IdPath<i64>,
) -> WebResult<Html<String>> {
    let d = s.app.asset_detail(&ctx.actor, id).await.map_err(h)?;
    let cpes = d.asset.fields.cpes.split_whitespace().map(str::to_owned).collect();
    let f = &d.asset.fields;
    let props = vec![
        ("Default credentials changed", f.default_credentials_changed),
        ("Secure update supported", f.secure_update_supported),
        ("Encrypted in transit", f.encrypted_in_transit),
        ("Encrypted at rest", f.encrypted_at_rest),
        ("Security logging", f.logging_enabled),
    ];
    let findings = findings_panel(&s, &ctx, PanelOf::Asset(id)).await?;
    render(&AssetPage {
        chrome: Chrome::new(&ctx, d.asset.fields.name.clone(), "/risk"),
        d,
        cpes,
        props,
        findings,
    })
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    chrome: Chrome,
    orgs: Vec<(i64, String)>,
    error: Option<String>,
    report: Option<rampart_app::StructureReport>,
}

async fn import_view(s: &AppState, ctx: &Ctx) -> WebResult<ImportPage> {
    let orgs = s
        .app
        .list_orgs(&ctx.actor)
        .await
        .map_err(h)?
        .into_iter()
        .map(|o| (o.id.0, o.name))
        .collect();
    Ok(ImportPage {
        chrome: Chrome::new(ctx, "Import", "/risk"),
        orgs,
        error: None,
        report: None,
    })
}

/// `GET /assets/import`
pub(crate) async fn import_page(State(s): State<AppState>, ctx: Ctx) -> WebResult<Html<String>> {
    render(&import_view(&s, &ctx).await?)
}

/// Reads a multipart upload: the `file` field (required, not empty) and the other fields.
pub(crate) async fn read_multipart(mut m: Multipart) -> Result<(String, Vec<u8>, HashMap<String, String>), WebError> {
    let mut file = None;
    let mut fields = HashMap::new();
    while let Some(field) = m
        .next_field()
        .await
        .map_err(|e| WebError::bad_request(format!("upload: {}", e.body_text())).html())?
    {
        let name = field.name().unwrap_or("").to_owned();
        if name == "file" {
            let filename = field.file_name().unwrap_or("upload").to_owned();
            let bytes = field
                .bytes()
                .await
                .map_err(|e| WebError::new(e.status(), format!("upload: {}", e.body_text())).html())?;
            file = Some((filename, bytes.to_vec()));
        } else {
            let text = field
                .text()
                .await
                .map_err(|e| WebError::bad_request(e.body_text()).html())?;
            fields.insert(name, text);
        }
    }
    let (filename, bytes) = file
        .filter(|(_, b)| !b.is_empty())
        .ok_or_else(|| WebError::new(StatusCode::UNPROCESSABLE_ENTITY, "choose a file to import").html())?;
    Ok((filename, bytes, fields))
}

/// `POST /assets/import` (multipart): queues the import and shows its progress.
pub(crate) async fn import_upload(State(s): State<AppState>, ctx: Ctx, m: Multipart) -> WebResult<Response> {
    let (filename, bytes, fields) = read_multipart(m).await?;
    let format = match fields
        .get("format")
        .map(String::as_str)
        .filter(|f| !f.is_empty() && *f != "auto")
    {
        Some(f) => InventoryFormat::parse(f).map_err(h)?,
        None => InventoryFormat::detect(&filename, &bytes)
            .ok_or_else(|| h(AppError::invalid("format", "cannot tell the file's format; choose one")))?,
    };
    let org = fields.get("org").and_then(|o| o.parse().ok());
    let job = s
        .app
        .queue_inventory_import(&ctx.actor, &filename, format, &bytes, org)
        .await
        .map_err(h)?;
    Ok(Redirect::to(&format!("/jobs/{job}")).into_response())
}

/// `POST /estate/import` (multipart): imports a structure CSV at once.
pub(crate) async fn structure_upload(State(s): State<AppState>, ctx: Ctx, m: Multipart) -> WebResult<Response> {
    let (filename, bytes, fields) = read_multipart(m).await?;
    let kind = fields
        .get("kind")
        .filter(|k| !k.is_empty() && *k != "auto")
        .and_then(|k| k.parse::<EstateCsvKind>().ok());
    let mut page = import_view(&s, &ctx).await?;
    match s.app.import_structure(&ctx.actor, &filename, kind, &bytes).await {
        Ok(r) => {
            page.report = Some(r);
            Ok(render(&page)?.into_response())
        }
        Err(e @ AppError::Invalid { .. }) => {
            page.error = Some(e.to_string());
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(h(e)),
    }
}

#[derive(Template)]
#[template(path = "job.html")]
struct JobPage {
    chrome: Chrome,
    job: Job,
    report: Option<rampart_app::ImportReport>,
    feed: Option<FeedJobWire>,
    running: bool,
}

/// A feed import job's result (`feeds.import`).
#[derive(serde::Deserialize)]
struct FeedJobWire {
    summary: String,
    problems: Vec<String>,
    problem_count: u64,
    match_summary: Option<String>,
}

/// `GET /jobs/{id}`: a job's progress and result.
pub(crate) async fn job_page(State(s): State<AppState>, ctx: Ctx, IdPath(id): IdPath<JobId>) -> WebResult<Response> {
    let job = s.app.get_job(&ctx.actor, id).await.map_err(h)?;
    let (report, feed) = match (job.kind.as_str(), job.result.clone()) {
        ("feeds.import", Some(r)) => (None, serde_json::from_value::<FeedJobWire>(r).ok()),
        (_, Some(r)) => (serde_json::from_value::<ImportReportWire>(r).ok().map(Into::into), None),
        (_, None) => (None, None),
    };
    let running = matches!(
        job.state,
        rampart_app::JobState::Queued | rampart_app::JobState::Running
    );
    let page = render(&JobPage {
        chrome: Chrome::new(&ctx, format!("Job {}", job.id), "/jobs"),
        job,
        report,
        feed,
        running,
    })?;
    Ok(page.into_response())
}

/// The import report as stored in a job result.
#[derive(serde::Deserialize)]
struct ImportReportWire {
    filename: String,
    format: String,
    created: u64,
    updated: u64,
    unchanged: u64,
    rejected: Vec<RejectedWire>,
    rejected_count: u64,
    zones_created: Vec<String>,
    enriched: u64,
    millis: u64,
}

#[derive(serde::Deserialize)]
struct RejectedWire {
    location: String,
    reason: String,
}

impl From<ImportReportWire> for rampart_app::ImportReport {
    fn from(w: ImportReportWire) -> Self {
        rampart_app::ImportReport {
            filename: w.filename,
            format: w.format,
            created: w.created,
            updated: w.updated,
            unchanged: w.unchanged,
            rejected: w
                .rejected
                .into_iter()
                .map(|r| rampart_app::Rejected {
                    location: r.location,
                    reason: r.reason,
                })
                .collect(),
            rejected_count: w.rejected_count,
            zones_created: w.zones_created,
            enriched: w.enriched,
            millis: w.millis,
        }
    }
}

#[derive(Template)]
#[template(path = "services.html")]
struct ServicesPage {
    chrome: Chrome,
    services: Vec<(ServiceRow, Option<f64>, bool)>,
}

/// `GET /services`
pub(crate) async fn services_page(State(s): State<AppState>, ctx: Ctx) -> WebResult<Html<String>> {
    let mut services = s.app.list_services(&ctx.actor).await.map_err(h)?;
    services.sort_by(|a, b| b.2.cmp(&a.2).then(b.1.unwrap_or(0.0).total_cmp(&a.1.unwrap_or(0.0))));
    render(&ServicesPage {
        chrome: Chrome::new(&ctx, "Services", "/risk"),
        services,
    })
}

#[derive(Template)]
#[template(path = "service.html")]
struct ServicePage {
    chrome: Chrome,
    d: ServiceDetail,
    svg: String,
    findings: Option<FindingsPanel>,
}

/// Draws a service's neighbourhood: what it needs (and what those need), with groups.
async fn service_graph(s: &AppState, d: &ServiceDetail) -> WebResult<String> {
    let spof_ids: std::collections::HashSet<(String, i64)> =
        d.spofs.iter().map(|n| (n.kind.to_owned(), n.id)).collect();
    let root = format!("service:{}", d.service.id);
    let mut nodes = vec![ViewNode {
        key: root.clone(),
        label: d.service.fields.name.clone(),
        sublabel: Some(d.org_name.clone()),
        kind: NodeKind::Service,
        status: if d.critical {
            NodeStatus::Critical
        } else {
            NodeStatus::Normal
        },
        href: None,
        tooltip: d.p_down.map(|p| format!("likelihood of failure {}", pct(&p))),
    }];
    let mut edges = Vec::new();
    let mut seen = std::collections::HashSet::new();
    // Groups larger than this are drawn as one group node.
    const COLLAPSE: usize = 8;
    let mut groups: HashMap<String, Vec<&rampart_app::ServiceDependency>> = HashMap::new();
    for dep in &d.depends_on {
        match &dep.group {
            Some((g, _)) => groups.entry(g.clone()).or_default().push(dep),
            None => {
                let key = format!("{}:{}", dep.target_kind, dep.target_id);
                if seen.insert(key.clone()) {
                    let spof = spof_ids.contains(&(dep.target_kind.clone(), dep.target_id));
                    nodes.push(node_for(&key, &dep.target_name, &dep.target_kind, dep.target_id, spof));
                }
                edges.push(ViewEdge {
                    from: root.clone(),
                    to: key,
                    label: None,
                    style: EdgeStyle::Dependency,
                    emphasised: false,
                });
            }
        }
    }
    let mut group_names: Vec<_> = groups.keys().cloned().collect();
    group_names.sort();
    for g in group_names {
        let members = &groups[&g];
        let k = members.first().and_then(|m| m.group.as_ref()).map_or(1, |x| x.1);
        let gkey = format!("group:{g}");
        nodes.push(ViewNode {
            key: gkey.clone(),
            label: g.clone(),
            sublabel: Some(format!("{k} of {} must work", members.len())),
            kind: NodeKind::Group,
            status: NodeStatus::Normal,
            href: None,
            tooltip: None,
        });
        edges.push(ViewEdge {
            from: root.clone(),
            to: gkey.clone(),
            label: Some(format!("{k} of {}", members.len())),
            style: EdgeStyle::Redundant,
            emphasised: false,
        });
        if members.len() <= COLLAPSE {
            for m in members {
                let key = format!("{}:{}", m.target_kind, m.target_id);
                if seen.insert(key.clone()) {
                    let spof = spof_ids.contains(&(m.target_kind.clone(), m.target_id));
                    nodes.push(node_for(&key, &m.target_name, &m.target_kind, m.target_id, spof));
                }
                edges.push(ViewEdge {
                    from: gkey.clone(),
                    to: key,
                    label: None,
                    style: EdgeStyle::Redundant,
                    emphasised: false,
                });
            }
        }
    }
    // One more level for service dependencies.
    for dep in d.depends_on.iter().filter(|d| d.target_kind == "service") {
        if let Ok(sub) = s.app.store.dependencies_of("service", dep.target_id).await {
            let from = format!("service:{}", dep.target_id);
            for sd in sub.iter().filter(|x| x.target_kind == "service").take(6) {
                let key = format!("service:{}", sd.target_id);
                if seen.insert(key.clone()) {
                    let name = s
                        .app
                        .store
                        .get_service(sd.target_id)
                        .await
                        .map(|x| x.fields.name)
                        .unwrap_or_default();
                    nodes.push(node_for(&key, &name, "service", sd.target_id, false));
                }
                edges.push(ViewEdge {
                    from: from.clone(),
                    to: key,
                    label: None,
                    style: EdgeStyle::Dependency,
                    emphasised: false,
                });
            }
        }
    }
    let view = GraphView {
        title: format!("What {} needs", d.service.fields.name),
        nodes,
        edges,
        direction: Direction::TopDown,
    };
    Ok(render_svg(&view))
}

fn node_for(key: &str, name: &str, kind: &str, id: i64, spof: bool) -> ViewNode {
    let service = kind == "service";
    ViewNode {
        key: key.to_owned(),
        label: name.to_owned(),
        sublabel: None,
        kind: if service { NodeKind::Service } else { NodeKind::Asset },
        status: if spof { NodeStatus::Spof } else { NodeStatus::Normal },
        href: Some(if service {
            format!("/services/{id}")
        } else {
            format!("/assets/{id}")
        }),
        tooltip: spof.then(|| "single point of failure".to_owned()),
    }
}

/// `GET /services/{id}`
pub(crate) async fn service_page(
    State(s): State<AppState>,
    ctx: Ctx,
    IdPath(id): IdPath<i64>,
) -> WebResult<Html<String>> {
    let d = s.app.service_detail(&ctx.actor, id).await.map_err(h)?;
    let svg = service_graph(&s, &d).await?;
    let findings = findings_panel(&s, &ctx, PanelOf::Service(id)).await?;
    render(&ServicePage {
        chrome: Chrome::new(&ctx, d.service.fields.name.clone(), "/risk"),
        d,
        svg,
        findings,
    })
}

#[derive(Template)]
#[template(path = "zones.html")]
struct ZonesPage {
    chrome: Chrome,
    zones: Vec<ZoneRow>,
    conduits: Vec<(String, String, String, f64)>,
    svg: String,
}

/// `GET /zones`: zones, conduits and their graph.
pub(crate) async fn zones_page(State(s): State<AppState>, ctx: Ctx) -> WebResult<Html<String>> {
    ctx.actor.require(Permission::AssetView).map_err(h)?;
    let zones = s.app.store.list_zones().await.map_err(|e| h(e.into()))?;
    let names: HashMap<i64, String> = zones.iter().map(|z| (z.id, z.name.clone())).collect();
    let conduits: Vec<_> = s
        .app
        .store
        .list_conduits()
        .await
        .map_err(|e| h(e.into()))?
        .into_iter()
        .map(|c| {
            (
                names.get(&c.from_zone_id).cloned().unwrap_or_default(),
                names.get(&c.to_zone_id).cloned().unwrap_or_default(),
                c.protocols,
                c.traversal,
            )
        })
        .collect();
    let view = GraphView {
        title: "Network zones and conduits".into(),
        nodes: zones
            .iter()
            .map(|z| ViewNode {
                key: z.name.clone(),
                label: z.name.clone(),
                sublabel: Some(z.kind.clone()),
                kind: if z.kind == "internet" {
                    NodeKind::Internet
                } else {
                    NodeKind::Zone
                },
                status: if z.untrusted {
                    NodeStatus::Target
                } else {
                    NodeStatus::Normal
                },
                href: Some(format!("/assets?zone={}", z.id)),
                tooltip: Some(z.description.clone()),
            })
            .collect(),
        edges: conduits
            .iter()
            .map(|(f, t, _, l)| ViewEdge {
                from: f.clone(),
                to: t.clone(),
                label: (*l < 1.0).then(|| format!("{:.0} %", l * 100.0)),
                style: EdgeStyle::Conduit,
                emphasised: false,
            })
            .collect(),
        direction: Direction::LeftRight,
    };
    let svg = render_svg(&view);
    render(&ZonesPage {
        chrome: Chrome::new(&ctx, "Zones", "/risk"),
        zones,
        conduits,
        svg,
    })
}

#[derive(Template)]
#[template(path = "blast.html")]
struct BlastPage {
    chrome: Chrome,
    b: BlastRadiusView,
    svg: String,
    assets: String,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BlastForm {
    assets: String,
}

fn kind_of(n: &NodeRef) -> NodeKind {
    if n.kind == "service" {
        NodeKind::Service
    } else {
        NodeKind::Asset
    }
}

fn href_of(n: &NodeRef) -> String {
    if n.kind == "service" {
        format!("/services/{}", n.id)
    } else {
        format!("/assets/{}", n.id)
    }
}

fn key_of(n: &NodeRef) -> String {
    format!("{}:{}", n.kind, n.id)
}

/// `GET /analysis/blast-radius?assets=1,2`
pub(crate) async fn blast_page(
    State(s): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<BlastForm>,
) -> WebResult<Html<String>> {
    let ids = parse_ids(&q.assets).map_err(WebError::html)?;
    let b = s.app.blast_radius(&ctx.actor, &ids).await.map_err(h)?;
    let mut nodes: Vec<ViewNode> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    // Draw failed nodes, stopped services, and the assets on the way to them; at most 150 nodes.
    for f in &b.failed {
        if seen.insert(key_of(f)) {
            nodes.push(ViewNode {
                key: key_of(f),
                label: f.name.clone(),
                sublabel: Some(f.detail.clone()),
                kind: kind_of(f),
                status: NodeStatus::Failed,
                href: Some(href_of(f)),
                tooltip: None,
            });
        }
    }
    let mut edges = Vec::new();
    for st in b
        .stopped
        .iter()
        .filter(|st| st.node.kind == "service" || st.depth <= 2)
        .take(150)
    {
        for n in [&st.node, &st.tipped_by] {
            if seen.insert(key_of(n)) {
                nodes.push(ViewNode {
                    key: key_of(n),
                    label: n.name.clone(),
                    sublabel: Some(n.detail.clone()).filter(|d| !d.is_empty()),
                    kind: kind_of(n),
                    status: NodeStatus::Down,
                    href: Some(href_of(n)),
                    tooltip: None,
                });
            }
        }
        edges.push(ViewEdge {
            from: key_of(&st.tipped_by),
            to: key_of(&st.node),
            label: None,
            style: EdgeStyle::Dependency,
            emphasised: true,
        });
    }
    let view = GraphView {
        title: "Blast radius".into(),
        nodes,
        edges,
        direction: Direction::TopDown,
    };
    let svg = render_svg(&view);
    render(&BlastPage {
        chrome: Chrome::new(&ctx, "Blast radius", "/risk"),
        b,
        svg,
        assets: q.assets,
    })
}

#[derive(Template)]
#[template(path = "spof.html")]
struct SpofPage {
    chrome: Chrome,
    entries: Vec<SpofEntry>,
}

/// `GET /analysis/spof`
pub(crate) async fn spof_page(State(s): State<AppState>, ctx: Ctx) -> WebResult<Html<String>> {
    let entries = s.app.spofs(&ctx.actor).await.map_err(h)?;
    render(&SpofPage {
        chrome: Chrome::new(&ctx, "Single points of failure", "/risk"),
        entries,
    })
}

#[derive(Template)]
#[template(path = "paths.html")]
struct PathsPage {
    chrome: Chrome,
    service: ServiceRow,
    paths: Vec<(AttackPathView, String)>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PathsForm {
    service: i64,
    k: Option<usize>,
}

/// `GET /analysis/paths?service=ID`
pub(crate) async fn paths_page(
    State(s): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<PathsForm>,
) -> WebResult<Html<String>> {
    let detail = s.app.service_detail(&ctx.actor, q.service).await.map_err(h)?;
    let paths = s
        .app
        .attack_paths(&ctx.actor, q.service, q.k.unwrap_or(5))
        .await
        .map_err(h)?;
    let drawn = paths
        .into_iter()
        .map(|p| {
            let mut nodes: Vec<ViewNode> = Vec::new();
            let mut edges = Vec::new();
            for (i, hop) in p.hops.iter().enumerate() {
                for (j, label) in [(i, &hop.from), (i + 1, &hop.to)] {
                    let key = format!("n{j}");
                    if !nodes.iter().any(|n| n.key == key) {
                        let kind = if label == "the internet" {
                            NodeKind::Internet
                        } else if label.starts_with("zone ") {
                            NodeKind::Zone
                        } else {
                            NodeKind::Asset
                        };
                        let last = j == p.hops.len();
                        nodes.push(ViewNode {
                            key,
                            label: label.clone(),
                            sublabel: None,
                            kind,
                            status: if last { NodeStatus::Target } else { NodeStatus::OnPath },
                            href: None,
                            tooltip: None,
                        });
                    }
                }
                edges.push(ViewEdge {
                    from: format!("n{i}"),
                    to: format!("n{}", i + 1),
                    label: Some(format!("{:.0} %", hop.likelihood * 100.0)),
                    style: EdgeStyle::Attack,
                    emphasised: true,
                });
            }
            let svg = render_svg(&GraphView {
                title: "Attack path".into(),
                nodes,
                edges,
                direction: Direction::LeftRight,
            });
            (p, svg)
        })
        .collect();
    render(&PathsPage {
        chrome: Chrome::new(&ctx, "Attack paths", "/risk"),
        service: detail.service,
        paths: drawn,
    })
}
