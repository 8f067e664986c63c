//! `/api/v1/assets`, `/services`, `/zones`, `/estate/import`, `/analysis/*`

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rampart_app::{
    AppError, AssetCursor, AssetFilter, AssetQuery, AssetSort, EstateCsvKind, InventoryFormat, NoProgress,
};
use rampart_core::ids::OrgId;

use super::estate_dto::{
    Asset, AssetItem, AssetList, AttackPath, BlastRadius, ConduitDto, Failure, ImportResult, Node, Queued, Service,
    ServiceWithDependencies, Spof, ZoneDto, Zones,
};
use super::{ApiQuery, IdPath};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{Problem, WebError, WebResult};

/// Inventory filters and paging.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub(crate) struct AssetListQuery {
    /// Name prefix, or an exact host name, IP, MAC or serial number.
    pub(crate) q: Option<String>,
    /// Owning organisation id.
    #[serde(default, deserialize_with = "super::extract::blank_as_none")]
    pub(crate) org: Option<i64>,
    /// Asset type (`plc`, `ip_camera`, …).
    #[serde(rename = "type")]
    pub(crate) asset_type: Option<String>,
    /// Normalised vendor (as listed in the facets).
    pub(crate) vendor: Option<String>,
    /// Zone id.
    #[serde(default, deserialize_with = "super::extract::blank_as_none")]
    pub(crate) zone: Option<i64>,
    /// Internet-exposed only (`true`) or never (`false`).
    #[serde(default, deserialize_with = "super::extract::blank_as_none")]
    pub(crate) exposed: Option<bool>,
    /// Criticality 1-5.
    #[serde(default, deserialize_with = "super::extract::blank_as_none")]
    pub(crate) criticality: Option<i64>,
    /// Baseline conformance: at least this many IoT protections known missing.
    #[serde(default, deserialize_with = "super::extract::blank_as_none")]
    pub(crate) missing: Option<i64>,
    /// `name` (default), `type`, `vendor`, `criticality`.
    pub(crate) sort: Option<String>,
    /// `asc` (default) or `desc`.
    pub(crate) order: Option<String>,
    /// Page size, 1-500 (default 50).
    pub(crate) limit: Option<i64>,
    /// Opaque cursor from `next_cursor`.
    pub(crate) cursor: Option<String>,
    /// Also count matches (up to 10,000).
    pub(crate) count: Option<bool>,
}

fn empty(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

impl AssetListQuery {
    pub(crate) fn to_query(&self) -> Result<AssetQuery, WebError> {
        let sort = match self.sort.as_deref().filter(|s| !s.is_empty()) {
            None => AssetSort::Name,
            Some(s) => AssetSort::parse(s).ok_or_else(|| {
                WebError::bad_request(format!("unknown sort `{s}` (name, type, vendor, criticality)"))
            })?,
        };
        let descending = match self.order.as_deref() {
            None | Some("") | Some("asc") => false,
            Some("desc") => true,
            Some(o) => return Err(WebError::bad_request(format!("unknown order `{o}` (asc, desc)"))),
        };
        Ok(AssetQuery {
            filter: AssetFilter {
                org_id: self.org,
                q: empty(&self.q),
                asset_type: empty(&self.asset_type),
                vendor_key: empty(&self.vendor),
                zone_id: self.zone,
                exposed: self.exposed,
                criticality: self.criticality,
                min_missing_protections: self.missing,
            },
            sort,
            descending,
            after: decode_asset_cursor(self.cursor.as_deref())?,
            limit: self.limit.unwrap_or(50),
        })
    }
}

pub(crate) fn encode_asset_cursor(c: &AssetCursor) -> String {
    let v = serde_json::json!([c.lead, c.name, c.id]);
    URL_SAFE_NO_PAD.encode(v.to_string())
}

pub(crate) fn decode_asset_cursor(c: Option<&str>) -> Result<Option<AssetCursor>, WebError> {
    let Some(c) = c.filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    let bad = || WebError::bad_request("invalid cursor: pass back a next_cursor value unchanged");
    let bytes = URL_SAFE_NO_PAD.decode(c).map_err(|_| bad())?;
    let (lead, name, id): (Option<String>, String, i64) = serde_json::from_slice(&bytes).map_err(|_| bad())?;
    Ok(Some(AssetCursor { lead, name, id }))
}

/// Page the inventory, filtered and sorted.
#[utoipa::path(get, path = "/api/v1/assets", tag = "estate", params(AssetListQuery),
    responses((status = 200, body = AssetList), (status = 400, body = Problem), (status = 403, body = Problem)))]
pub(crate) async fn list_assets(
    State(s): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<AssetListQuery>,
) -> WebResult<Json<AssetList>> {
    let page = s
        .app
        .list_assets(&ctx.actor, q.to_query()?, q.count.unwrap_or(false))
        .await?;
    Ok(Json(AssetList {
        items: page.items.into_iter().map(AssetItem::from).collect(),
        next_cursor: page.next.as_ref().map(encode_asset_cursor),
        total_capped: page.total_capped,
    }))
}

/// One asset with its dependencies, flows and analysis.
#[utoipa::path(get, path = "/api/v1/assets/{id}", tag = "estate", params(("id" = i64, Path)),
    responses((status = 200, body = Asset), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub(crate) async fn get_asset(State(s): State<AppState>, ctx: Ctx, IdPath(id): IdPath<i64>) -> WebResult<Json<Asset>> {
    if id <= 0 {
        return Err(WebError::bad_request(format!("`{id}` is not a valid asset id")));
    }
    Ok(Json(s.app.asset_detail(&ctx.actor, id).await?.into()))
}

/// Import parameters.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub(crate) struct ImportQuery {
    /// `csv`, `cyclonedx` or `nmap` (detected from the file name and content when absent).
    pub(crate) format: Option<String>,
    /// File name for the report.
    pub(crate) filename: Option<String>,
    /// Owner organisation (id or slug) for rows that name none.
    pub(crate) org: Option<String>,
    /// Run as a background job and return its id (202).
    pub(crate) background: Option<bool>,
}

async fn resolve_org(s: &AppState, org: Option<&str>) -> Result<Option<OrgId>, WebError> {
    match org.map(str::trim).filter(|o| !o.is_empty()) {
        None => Ok(None),
        Some(o) => match o.parse::<OrgId>() {
            Ok(id) => Ok(Some(id)),
            Err(_) => {
                let found = s
                    .app
                    .store
                    .find_org_by_slug(o)
                    .await
                    .map_err(|e| WebError::from(AppError::from(e)))?;
                found
                    .map(|x| Some(x.id))
                    .ok_or_else(|| AppError::invalid("org", format!("no organisation `{o}`")).into())
            }
        },
    }
}

/// Import assets from CSV, CycloneDX JSON or nmap XML (the request body).
#[utoipa::path(post, path = "/api/v1/assets/import", tag = "estate", params(ImportQuery),
    request_body(content = String, description = "The file", content_type = "application/octet-stream"),
    responses((status = 200, body = ImportResult), (status = 202, body = Queued), (status = 413, body = Problem), (status = 422, body = Problem)))]
pub(crate) async fn import_assets(
    State(s): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<ImportQuery>,
    body: Bytes,
) -> WebResult<Response> {
    let filename = q.filename.clone().unwrap_or_else(|| "upload".to_owned());
    let format = match q.format.as_deref() {
        Some(f) => InventoryFormat::parse(f)?,
        None => InventoryFormat::detect(&filename, &body)
            .ok_or_else(|| AppError::invalid("format", "cannot tell the format: pass ?format=csv|cyclonedx|nmap"))?,
    };
    let org = resolve_org(&s, q.org.as_deref()).await?;
    if q.background.unwrap_or(false) {
        let job = s
            .app
            .queue_inventory_import(&ctx.actor, &filename, format, &body, org)
            .await?;
        return Ok((StatusCode::ACCEPTED, Json(Queued { job_id: job.0 })).into_response());
    }
    let report = s
        .app
        .import_inventory(&ctx.actor, &filename, format, &body, org, &NoProgress)
        .await?;
    Ok(Json(ImportResult::from(report)).into_response())
}

/// Structure import parameters.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub(crate) struct StructureQuery {
    /// `zones`, `conduits`, `services`, `dependencies` or `flows` (detected from the header when absent).
    pub(crate) kind: Option<String>,
    /// File name for the report.
    pub(crate) filename: Option<String>,
}

/// Import zones, conduits, services, dependencies or flows (CSV body).
#[utoipa::path(post, path = "/api/v1/estate/import", tag = "estate", params(StructureQuery),
    request_body(content = String, description = "The CSV file", content_type = "text/csv"),
    responses((status = 200, body = ImportResult), (status = 422, body = Problem)))]
pub(crate) async fn import_structure(
    State(s): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<StructureQuery>,
    body: Bytes,
) -> WebResult<Json<ImportResult>> {
    let kind = match q.kind.as_deref().filter(|k| !k.is_empty()) {
        None => None,
        Some(k) => Some(
            k.parse::<EstateCsvKind>()
                .map_err(|e| AppError::invalid("kind", e.to_string()))?,
        ),
    };
    let filename = q.filename.unwrap_or_else(|| "upload.csv".to_owned());
    Ok(Json(
        s.app.import_structure(&ctx.actor, &filename, kind, &body).await?.into(),
    ))
}

/// Network zones and the conduits between them.
#[utoipa::path(get, path = "/api/v1/zones", tag = "estate", responses((status = 200, body = Zones), (status = 403, body = Problem)))]
pub(crate) async fn list_zones(State(s): State<AppState>, ctx: Ctx) -> WebResult<Json<Zones>> {
    ctx.actor.require(rampart_core::authz::Permission::AssetView)?;
    let zones = s.app.store.list_zones().await.map_err(AppError::from)?;
    let conduits = s.app.store.list_conduits().await.map_err(AppError::from)?;
    Ok(Json(Zones {
        zones: zones.into_iter().map(ZoneDto::from).collect(),
        conduits: conduits
            .into_iter()
            .map(|c| ConduitDto {
                from_zone_id: c.from_zone_id,
                to_zone_id: c.to_zone_id,
                protocols: c.protocols,
                traversal: c.traversal,
            })
            .collect(),
    }))
}

/// The city's services with their failure likelihood.
#[utoipa::path(get, path = "/api/v1/services", tag = "estate", responses((status = 200, body = Vec<Service>), (status = 403, body = Problem)))]
pub(crate) async fn list_services(State(s): State<AppState>, ctx: Ctx) -> WebResult<Json<Vec<Service>>> {
    let rows = s.app.list_services(&ctx.actor).await?;
    Ok(Json(rows.into_iter().map(|(r, p, c)| Service::new(r, p, c)).collect()))
}

/// One service with its dependencies and single points of failure.
#[utoipa::path(get, path = "/api/v1/services/{id}", tag = "estate", params(("id" = i64, Path)),
    responses((status = 200, body = ServiceWithDependencies), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub(crate) async fn get_service(
    State(s): State<AppState>,
    ctx: Ctx,
    IdPath(id): IdPath<i64>,
) -> WebResult<Json<ServiceWithDependencies>> {
    if id <= 0 {
        return Err(WebError::bad_request(format!("`{id}` is not a valid service id")));
    }
    Ok(Json(s.app.service_detail(&ctx.actor, id).await?.into()))
}

/// Blast radius parameters.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub(crate) struct BlastQuery {
    /// Asset ids, comma-separated.
    pub(crate) assets: String,
}

pub(crate) fn parse_ids(s: &str) -> Result<Vec<i64>, WebError> {
    let ids: Vec<i64> = s
        .split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(|x| {
            x.parse::<i64>()
                .ok()
                .filter(|v| *v > 0)
                .ok_or_else(|| WebError::bad_request(format!("`{x}` is not an asset id")))
        })
        .collect::<Result<_, _>>()?;
    if ids.is_empty() || ids.len() > 1000 {
        return Err(WebError::bad_request("give 1 to 1,000 asset ids"));
    }
    Ok(ids)
}

/// What stops, directly or transitively, if these assets are compromised or unavailable.
#[utoipa::path(get, path = "/api/v1/analysis/blast-radius", tag = "analysis", params(BlastQuery),
    responses((status = 200, body = BlastRadius), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub(crate) async fn blast_radius(
    State(s): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<BlastQuery>,
) -> WebResult<Json<BlastRadius>> {
    let ids = parse_ids(&q.assets)?;
    Ok(Json(s.app.blast_radius(&ctx.actor, &ids).await?.into()))
}

/// Assets and services whose loss alone stops a critical service.
#[utoipa::path(get, path = "/api/v1/analysis/spof", tag = "analysis", responses((status = 200, body = Vec<Spof>)))]
pub(crate) async fn spof(State(s): State<AppState>, ctx: Ctx) -> WebResult<Json<Vec<Spof>>> {
    let list = s.app.spofs(&ctx.actor).await?;
    Ok(Json(
        list.into_iter()
            .map(|e| Spof {
                node: e.node.into(),
                services: e.services.into_iter().map(Node::from).collect(),
            })
            .collect(),
    ))
}

/// Every service's likelihood of failure, most likely first.
#[utoipa::path(get, path = "/api/v1/analysis/failure", tag = "analysis", responses((status = 200, body = Vec<Failure>)))]
pub(crate) async fn failure(State(s): State<AppState>, ctx: Ctx) -> WebResult<Json<Vec<Failure>>> {
    let v = s.app.failure_likelihoods(&ctx.actor).await?;
    Ok(Json(
        v.services
            .into_iter()
            .map(|f| Failure {
                service: f.service.into(),
                p_down: f.p_down,
                critical: f.critical,
            })
            .collect(),
    ))
}

/// Attack path parameters.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub(crate) struct PathsQuery {
    /// Service id.
    pub(crate) service: i64,
    /// How many paths (1-10, default 5).
    pub(crate) k: Option<usize>,
}

/// The most likely attack paths from the internet and untrusted zones to the assets a service needs.
#[utoipa::path(get, path = "/api/v1/analysis/paths", tag = "analysis", params(PathsQuery),
    responses((status = 200, body = Vec<AttackPath>), (status = 404, body = Problem)))]
pub(crate) async fn paths(
    State(s): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<PathsQuery>,
) -> WebResult<Json<Vec<AttackPath>>> {
    let p = s.app.attack_paths(&ctx.actor, q.service, q.k.unwrap_or(5)).await?;
    Ok(Json(p.into_iter().map(AttackPath::from).collect()))
}
