//! Background imports: the web UI uploads a file, a job imports it with
//! progress the page can poll; any `rampart serve` process may run it.

use rampart_core::authz::Permission;
use rampart_core::ids::{JobId, OrgId, UserId};
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
            let upload = p["upload_id"].as_i64().ok_or("payload lacks upload_id")?;
            let user = p["user_id"].as_i64().ok_or("payload lacks user_id")?;
            let format = InventoryFormat::parse(p["format"].as_str().unwrap_or("")).map_err(|e| e.to_string())?;
            let org = p["org_id"].as_i64().map(OrgId);
            let user = app.store.get_user(UserId(user)).await.map_err(|e| e.to_string())?;
            if user.disabled {
                return Err("the user who queued this import has been disabled".to_owned());
            }
            let actor = Actor::User(crate::auth::principal_of(&user));
            let (filename, bytes) = app.store.get_upload(upload).await.map_err(|e| e.to_string())?;
            let ticker = ProgressTicker::start(app, job, "importing");
            let result = app
                .import_inventory(&actor, &filename, format, &bytes, org, ticker.counter())
                .await;
            ticker.stop().await;
            let _ = app.store.delete_upload(upload).await;
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
        let user = actor
            .principal()
            .ok_or_else(|| AppError::invalid("user", "background imports need a signed-in user"))?;
        let upload = self
            .store
            .insert_upload(filename, bytes, Some(user.user_id.0), self.now())
            .await?;
        self.queue_job(
            actor,
            INVENTORY_IMPORT,
            json!({ "upload_id": upload, "filename": filename, "format": format.as_str(), "org_id": default_org.map(|o| o.0), "user_id": user.user_id.0 }),
        )
        .await
    }
}
