//! `/api/v1/jobs`

use axum::Json;
use axum::extract::State;
use rampart_core::ids::JobId;

use super::IdPath;
use super::dto::{JobItem, Page};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{Problem, WebResult};

/// Recent background jobs.
#[utoipa::path(get, path = "/api/v1/jobs", tag = "jobs",
    responses((status = 200, body = Page<JobItem>), (status = 403, body = Problem)))]
pub(crate) async fn list_jobs(State(s): State<AppState>, ctx: Ctx) -> WebResult<Json<Page<JobItem>>> {
    let jobs = s.app.list_jobs(&ctx.actor, 100).await?;
    Ok(Json(Page {
        items: jobs.into_iter().map(JobItem::from).collect(),
        next_cursor: None,
    }))
}

/// One job, with its progress and result.
#[utoipa::path(get, path = "/api/v1/jobs/{id}", tag = "jobs", params(("id" = i64, Path)),
    responses((status = 200, body = JobItem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub(crate) async fn get_job(
    State(s): State<AppState>,
    ctx: Ctx,
    IdPath(id): IdPath<JobId>,
) -> WebResult<Json<JobItem>> {
    Ok(Json(s.app.get_job(&ctx.actor, id).await?.into()))
}
