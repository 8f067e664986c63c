//! Feed imports in the background: the web UI (or the API with
//! `background=true`) uploads a feed file, a job imports it with progress
//! the page polls, then runs an incremental match so the findings follow.

use rampart_core::authz::Permission;
use rampart_core::ids::JobId;
use rampart_store::Job;
use serde_json::json;

use super::feeds::FeedKind;
use crate::App;
use crate::actor::Actor;
use crate::error::{AppError, Result};
use crate::jobs::{JobHandler, JobHandlerFuture, ProgressTicker};

/// The job kind of feed imports.
pub(crate) const FEED_IMPORT: &str = "feeds.import";

/// Runs `feeds.import` jobs. The result holds the import report, its
/// one-line summary and, when asked, the match report.
pub(crate) struct FeedImportJob;

impl JobHandler for FeedImportJob {
    fn run<'a>(&'a self, app: &'a App, job: &'a Job) -> JobHandlerFuture<'a> {
        Box::pin(async move {
            let p = &job.payload;
            let kind = FeedKind::parse(p["kind"].as_str().unwrap_or("")).ok_or("payload names no feed kind")?;
            let then_match = p["match"].as_bool().unwrap_or(true);
            let up = app.job_upload(job).await?;
            let actor = up.actor;
            let ticker = ProgressTicker::start(app, job, "importing");
            let result = app
                .import_feed_bytes_with(&actor, kind, &up.filename, &up.bytes, ticker.counter())
                .await;
            ticker.stop().await;
            let _ = app.store.delete_upload(up.id).await;
            let report = result.map_err(|e| e.to_string())?;
            let matched = if then_match {
                let _ = app
                    .store
                    .job_progress(
                        job.id,
                        1,
                        Some(1),
                        Some("matching"),
                        app.now(),
                        app.now().plus(time::Duration::hours(1)),
                    )
                    .await;
                Some(app.run_match(&actor, false).await.map_err(|e| e.to_string())?)
            } else {
                None
            };
            Ok(json!({
                "summary": report.summary(),
                "problems": report.problems.iter().take(200).collect::<Vec<_>>(),
                "problem_count": report.problem_count,
                "import": report,
                "match_summary": matched.as_ref().map(super::MatchReport::summary),
                "match": matched,
            }))
        })
    }
}

impl App {
    /// Queues an import of an uploaded feed file (then an incremental match
    /// when `then_match`); returns the job to poll.
    pub async fn queue_feed_import(
        &self,
        actor: &Actor,
        kind: FeedKind,
        filename: &str,
        bytes: &[u8],
        then_match: bool,
    ) -> Result<JobId> {
        actor.require(Permission::FeedManage)?;
        if bytes.is_empty() {
            return Err(AppError::invalid("file", "the file is empty"));
        }
        let (upload, user) = self.upload_for_job(actor, filename, bytes).await?;
        self.queue_job(
            actor,
            FEED_IMPORT,
            json!({ "upload_id": upload, "filename": filename, "kind": kind.as_str(), "match": then_match, "user_id": user }),
        )
        .await
    }
}
