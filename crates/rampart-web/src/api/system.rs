//! Health, readiness, metrics, the caller, and counts.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rampart_core::authz::Permission;

use super::dto::{CountsDto, Health, Me};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{Problem, WebResult};

/// Liveness: the process answers.
#[utoipa::path(get, path = "/healthz", tag = "system", responses((status = 200, body = Health)))]
pub(crate) async fn healthz() -> Json<Health> {
    Json(Health { status: "ok".into() })
}

/// Readiness: the database answers.
#[utoipa::path(get, path = "/readyz", tag = "system",
    responses((status = 200, body = Health), (status = 503, body = Health)))]
pub(crate) async fn readyz(State(s): State<AppState>) -> (StatusCode, Json<Health>) {
    match s.app.store.ping().await {
        Ok(()) => (StatusCode::OK, Json(Health { status: "ok".into() })),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(Health {
                    status: "database unavailable".into(),
                }),
            )
        }
    }
}

/// Prometheus metrics (text exposition format). Needs `metrics.view`, e.g. an auditor's read token.
#[utoipa::path(get, path = "/metrics", tag = "system",
    responses((status = 200, description = "Prometheus text format", content_type = "text/plain"), (status = 401, body = Problem)))]
pub(crate) async fn metrics(State(s): State<AppState>) -> Response {
    if let Ok(c) = s.app.store.counts().await {
        s.metrics.set_counts(&c);
    }
    let mut r = s.metrics.render().into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8"),
    );
    r
}

/// The caller: identity, roles and effective permissions.
#[utoipa::path(get, path = "/api/v1/me", tag = "system", responses((status = 200, body = Me), (status = 401, body = Problem)))]
pub(crate) async fn me(ctx: Ctx) -> WebResult<Json<Me>> {
    let p = ctx.principal().ok_or(rampart_app::AppError::Unauthenticated)?;
    Ok(Json(Me {
        user_id: p.user_id.0,
        username: p.username.clone(),
        org_id: p.org_id.0,
        roles: p.roles.iter().map(|r| r.as_str().into()).collect(),
        permissions: Permission::ALL
            .iter()
            .filter(|x| p.can(**x))
            .map(|x| x.as_str().into())
            .collect(),
        authenticated_by: if ctx.session.is_some() {
            "session".into()
        } else {
            "token".into()
        },
    }))
}

/// Counts of the main records.
#[utoipa::path(get, path = "/api/v1/counts", tag = "system", responses((status = 200, body = CountsDto), (status = 401, body = Problem)))]
pub(crate) async fn counts(State(s): State<AppState>, ctx: Ctx) -> WebResult<Json<CountsDto>> {
    let c = s.app.counts(&ctx.actor).await?;
    Ok(Json(CountsDto {
        cities: c.cities,
        agencies: c.agencies,
        partners: c.partners,
        users: c.users,
        tokens: c.tokens,
        audit_entries: c.audit_entries,
        jobs_pending: c.jobs_pending,
    }))
}
