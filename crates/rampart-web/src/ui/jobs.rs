//! Background jobs.

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use rampart_app::Job;

use super::{Chrome, render};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{WebError, WebResult};

#[derive(Template)]
#[template(path = "jobs.html")]
struct JobsPage {
    chrome: Chrome,
    jobs: Vec<Job>,
}

/// `GET /jobs`
pub(crate) async fn jobs_page(State(s): State<AppState>, ctx: Ctx) -> WebResult<Html<String>> {
    let jobs = s
        .app
        .list_jobs(&ctx.actor, 200)
        .await
        .map_err(|e| WebError::from(e).html())?;
    render(&JobsPage {
        chrome: Chrome::new(&ctx, "Jobs", "/jobs"),
        jobs,
    })
}
