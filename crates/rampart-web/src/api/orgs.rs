//! `/api/v1/orgs`

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use rampart_app::OrgInput;
use rampart_core::ids::OrgId;

use super::dto::{Org, OrgCreate, OrgPatch, Page};
use super::{ApiJson, IdPath};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{Problem, WebResult};

/// List the organisations visible to the caller.
#[utoipa::path(get, path = "/api/v1/orgs", tag = "organisations",
    responses((status = 200, body = Page<Org>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub(crate) async fn list_orgs(State(s): State<AppState>, ctx: Ctx) -> WebResult<Json<Page<Org>>> {
    let orgs = s.app.list_orgs(&ctx.actor).await?;
    Ok(Json(Page {
        items: orgs.into_iter().map(Org::from).collect(),
        next_cursor: None,
    }))
}

/// One organisation.
#[utoipa::path(get, path = "/api/v1/orgs/{id}", tag = "organisations", params(("id" = i64, Path)),
    responses((status = 200, body = Org), (status = 400, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub(crate) async fn get_org(State(s): State<AppState>, ctx: Ctx, IdPath(id): IdPath<OrgId>) -> WebResult<Json<Org>> {
    Ok(Json(s.app.get_org(&ctx.actor, id).await?.into()))
}

/// Create an organisation (the city, an agency or a partner).
#[utoipa::path(post, path = "/api/v1/orgs", tag = "organisations", request_body = OrgCreate,
    responses((status = 201, body = Org), (status = 400, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub(crate) async fn create_org(
    State(s): State<AppState>,
    ctx: Ctx,
    ApiJson(b): ApiJson<OrgCreate>,
) -> WebResult<(StatusCode, Json<Org>)> {
    let input = OrgInput {
        slug: b.slug.unwrap_or_default(),
        name: b.name,
        kind: b.kind,
        partner_type: b.partner_type,
        sector: b.sector,
        description: b.description.unwrap_or_default(),
    };
    let org = s.app.create_org(&ctx.actor, &input).await?;
    Ok((StatusCode::CREATED, Json(org.into())))
}

/// Change an organisation's name, partner type, sector or description.
#[utoipa::path(patch, path = "/api/v1/orgs/{id}", tag = "organisations", params(("id" = i64, Path)), request_body = OrgPatch,
    responses((status = 200, body = Org), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub(crate) async fn update_org(
    State(s): State<AppState>,
    ctx: Ctx,
    IdPath(id): IdPath<OrgId>,
    ApiJson(b): ApiJson<OrgPatch>,
) -> WebResult<Json<Org>> {
    let input = OrgInput {
        name: b.name,
        partner_type: b.partner_type,
        sector: b.sector,
        description: b.description.unwrap_or_default(),
        ..OrgInput::default()
    };
    Ok(Json(s.app.update_org(&ctx.actor, id, &input).await?.into()))
}
