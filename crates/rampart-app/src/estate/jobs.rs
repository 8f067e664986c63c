//! Background imports: the web UI uploads a file, a job imports it with
//! progress the page can poll; any `rampart serve` process may run it.

use rampart_core::authz::Permission;
use rampart_core::ids::{JobId, OrgId};
use rampart_store::Job;
use serde_json::json;

use super::import::InventoryFormat;
use crate::App;
use crate::actor::Actor;
use crate::error::{AppError, Result};
use crate::jobs::{JobHandler, JobHandlerFuture, ProgressTicker};

/// The job kind of inventory imports.
pub(crate) const INVENTORY_IMPORT: &str = "assets.import";

/// Runs `assets.import` jobs.
pub(crate) struct InventoryImport;

impl JobHandler for InventoryImport {
    fn run<'a>(&'a self, app: &'a App, job: &'a Job) -> JobHandlerFuture<'a> {
        Box::pin(async move {
            let p = &job.payload;
            let format = InventoryFormat::parse(p["format"].as_str().unwrap_or("")).map_err(|e| e.to_string())?;
            let org = p["org_id"].as_i64().map(OrgId);
            let up = app.job_upload(job).await?;
            let ticker = ProgressTicker::start(app, job, "importing");
            let result = app
                .import_inventory(&up.actor, &up.filename, format, &up.bytes, org, ticker.counter())
                .await;
            ticker.stop().await;
            let _ = app.store.delete_upload(up.id).await;
            let report = result.map_err(|e| e.to_string())?;
            serde_json::to_value(report).map_err(|e| e.to_string())
        })
    }
}

impl App {
    /// Queues an import of an uploaded file; returns the job to poll.
    pub async fn queue_inventory_import(
        &self,
        actor: &Actor,
        filename: &str,
        format: InventoryFormat,
        bytes: &[u8],
        default_org: Option<OrgId>,
    ) -> Result<JobId> {
        let grant = actor.require(Permission::AssetManage)?;
        if let Some(o) = default_org
            && !grant.covers(o)
        {
            return Err(AppError::Forbidden("import assets for another organisation".into()));
        }
        let (upload, user) = self.upload_for_job(actor, filename, bytes).await?;
        self.queue_job(
            actor,
            INVENTORY_IMPORT,
            json!({ "upload_id": upload, "filename": filename, "format": format.as_str(), "org_id": default_org.map(|o| o.0), "user_id": user }),
        )
        .await
    }
}
