//! Background jobs: queueing, and a worker that runs them.
//!
//! Every `rampart serve` process runs a [`Worker`]; they share the queue in
//! the database (see `rampart_store::jobs`), so any process may run any job,
//! and a job whose process died is taken over when its lease runs out.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use rampart_core::authz::Permission;
use rampart_core::ids::JobId;
use rampart_store::{Job, NewJob};
use serde_json::json;
use time::Duration;

use crate::App;
use crate::actor::Actor;
use crate::audit::entry;
use crate::error::{AppError, Result};
use crate::estate::Progress;

/// What a job handler returns.
pub type JobHandlerFuture<'a> =
    Pin<Box<dyn Future<Output = std::result::Result<serde_json::Value, String>> + Send + 'a>>;

/// Runs jobs of one kind.
pub trait JobHandler: Send + Sync {
    /// Runs `job`; returns its result or an error message.
    fn run<'a>(&'a self, app: &'a App, job: &'a Job) -> JobHandlerFuture<'a>;
}

/// The uploaded file a background import works on, with the user who queued it.
pub(crate) struct JobUpload {
    /// The user, as the actor the work runs as.
    pub(crate) actor: Actor,
    /// The upload's id (delete it when done).
    pub(crate) id: i64,
    /// Its file name.
    pub(crate) filename: String,
    /// Its bytes.
    pub(crate) bytes: Vec<u8>,
}

impl App {
    /// Stores an upload for a background import by the signed-in `actor`;
    /// returns (upload id, user id) for the job's payload.
    pub(crate) async fn upload_for_job(&self, actor: &Actor, filename: &str, bytes: &[u8]) -> Result<(i64, i64)> {
        let user = actor
            .principal()
            .ok_or_else(|| AppError::invalid("user", "background imports need a signed-in user"))?;
        let upload = self
            .store
            .insert_upload(filename, bytes, Some(user.user_id.0), self.now())
            .await?;
        Ok((upload, user.user_id.0))
    }

    /// The upload and user a job's payload names (`upload_id`, `user_id`);
    /// a disabled user's job does not run.
    pub(crate) async fn job_upload(&self, job: &Job) -> std::result::Result<JobUpload, String> {
        let p = &job.payload;
        let id = p["upload_id"].as_i64().ok_or("payload lacks upload_id")?;
        let user = p["user_id"].as_i64().ok_or("payload lacks user_id")?;
        let user = self
            .store
            .get_user(rampart_core::ids::UserId(user))
            .await
            .map_err(|e| e.to_string())?;
        if user.disabled {
            return Err("the user who queued this import has been disabled".to_owned());
        }
        let actor = Actor::User(crate::auth::principal_of(&user));
        let (filename, bytes) = self.store.get_upload(id).await.map_err(|e| e.to_string())?;
        Ok(JobUpload {
            actor,
            id,
            filename,
            bytes,
        })
    }
}

/// Progress of a running job: a counter the work updates and a task that
/// writes it to the job row every 0.7 s, so pages can poll it.
pub(crate) struct ProgressTicker {
    counter: Arc<Counter>,
    stop: tokio::sync::watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

#[derive(Default)]
struct Counter {
    total: AtomicU64,
    done: AtomicU64,
}

impl Progress for Counter {
    fn total(&self, total: u64) {
        self.total.store(total, Ordering::Relaxed);
    }
    fn done(&self, done: u64) {
        self.done.store(done, Ordering::Relaxed);
    }
}

impl ProgressTicker {
    /// Starts writing `job`'s progress with `message`.
    pub(crate) fn start(app: &App, job: &Job, message: &'static str) -> Self {
        let counter = Arc::new(Counter::default());
        let (stop, mut stop_rx) = tokio::sync::watch::channel(false);
        let task = {
            let counter = counter.clone();
            let store = app.store.clone();
            let now = app.now();
            let id = job.id;
            tokio::spawn(async move {
                loop {
                    tokio::select! {
                        _ = tokio::time::sleep(std::time::Duration::from_millis(700)) => {}
                        _ = stop_rx.changed() => break,
                    }
                    let total = i64::try_from(counter.total.load(Ordering::Relaxed)).unwrap_or(i64::MAX);
                    let done = i64::try_from(counter.done.load(Ordering::Relaxed)).unwrap_or(0);
                    let lease = now.plus(Duration::hours(1));
                    let _ = store
                        .job_progress(id, done, Some(total), Some(message), now, lease)
                        .await;
                }
            })
        };
        Self { counter, stop, task }
    }

    /// The counter to hand to the work.
    pub(crate) fn counter(&self) -> &dyn Progress {
        self.counter.as_ref()
    }

    /// Stops the ticker (after the work finished).
    pub(crate) async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

/// Deletes expired sessions.
struct SessionCleanup;

impl JobHandler for SessionCleanup {
    fn run<'a>(&'a self, app: &'a App, _job: &'a Job) -> JobHandlerFuture<'a> {
        Box::pin(async move {
            let n = app
                .store
                .delete_expired_sessions(app.now())
                .await
                .map_err(|e| e.to_string())?;
            Ok(json!({ "deleted": n }))
        })
    }
}

/// A job worker: a registry of handlers and a claim loop.
pub struct Worker {
    id: String,
    handlers: HashMap<String, Arc<dyn JobHandler>>,
    lease: Duration,
}

impl Worker {
    /// A worker with the built-in handlers (`sessions.cleanup`).
    pub fn new(id: impl Into<String>) -> Self {
        let mut w = Self {
            id: id.into(),
            handlers: HashMap::new(),
            lease: Duration::minutes(5),
        };
        w.register("sessions.cleanup", Arc::new(SessionCleanup));
        w.register(
            crate::estate::INVENTORY_IMPORT,
            Arc::new(crate::estate::InventoryImport),
        );
        w.register(crate::vulns::FEED_IMPORT, Arc::new(crate::vulns::FeedImportJob));
        w
    }

    /// Registers a handler for `kind`.
    pub fn register(&mut self, kind: &str, h: Arc<dyn JobHandler>) {
        self.handlers.insert(kind.to_owned(), h);
    }

    /// The kinds this worker runs.
    pub fn kinds(&self) -> Vec<&str> {
        let mut k: Vec<&str> = self.handlers.keys().map(String::as_str).collect();
        k.sort_unstable();
        k
    }

    /// Claims and runs one due job. Returns its id, or `None` when the queue is empty.
    pub async fn run_once(&self, app: &App) -> Result<Option<JobId>> {
        let now = app.now();
        let Some(job) = app.store.claim_job(&self.id, now, now.plus(self.lease)).await? else {
            return Ok(None);
        };
        let outcome = match self.handlers.get(&job.kind) {
            Some(h) => h.run(app, &job).await,
            None => Err(format!("no handler for job kind `{}`", job.kind)),
        };
        let now = app.now();
        match outcome {
            Ok(result) => app.store.complete_job(job.id, &result, now).await?,
            Err(msg) => {
                tracing::warn!(job = job.id.0, kind = %job.kind, error = %msg, "job failed");
                // Back off: 30 s, 60 s, 120 s, …
                let backoff = Duration::seconds(30 * (1 << job.attempts.clamp(0, 10)));
                app.store.fail_job(job.id, &msg, now, now.plus(backoff)).await?;
            }
        }
        Ok(Some(job.id))
    }

    /// Runs jobs until `shutdown` turns true, polling every `poll` when idle.
    pub async fn run(
        &self,
        app: Arc<App>,
        poll: std::time::Duration,
        mut shutdown: tokio::sync::watch::Receiver<bool>,
    ) {
        loop {
            if *shutdown.borrow() {
                break;
            }
            match self.run_once(&app).await {
                Ok(Some(_)) => continue,
                Ok(None) => {}
                Err(e) => tracing::error!(error = %e, "job worker error"),
            }
            tokio::select! {
                _ = tokio::time::sleep(poll) => {}
                _ = shutdown.changed() => {}
            }
        }
    }
}

impl App {
    /// Queues a job of any kind (administrators; use cases queue their own
    /// jobs through `App::queue_job` after their own authorisation).
    pub async fn enqueue_job(&self, actor: &Actor, kind: &str, payload: serde_json::Value) -> Result<JobId> {
        actor.require(Permission::JobManage)?;
        self.queue_job(actor, kind, payload).await
    }

    /// Queues a job on the actor's behalf, without an authorisation check of
    /// its own: the calling use case has authorised the work.
    pub(crate) async fn queue_job(&self, actor: &Actor, kind: &str, payload: serde_json::Value) -> Result<JobId> {
        let now = self.now();
        let org = actor.principal().map(|p| p.org_id);
        let new = NewJob {
            kind: kind.to_owned(),
            payload,
            priority: 100,
            run_at: now,
            max_attempts: 3,
            created_by: actor.principal().map(|p| p.user_id),
            org_id: org,
        };
        let mut tx = self.store.begin().await?;
        let id = tx.insert_job(&new, now).await?;
        tx.append_audit(entry(
            actor,
            now,
            "job.enqueue",
            "job",
            Some(id.0.to_string()),
            org.map(|o| o.0),
            json!({ "kind": kind }),
        ))
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Recent jobs the actor may see.
    pub async fn list_jobs(&self, actor: &Actor, limit: i64) -> Result<Vec<Job>> {
        let grant = actor.require(Permission::JobView)?;
        Ok(self.store.list_jobs(grant.org_filter(), limit.clamp(1, 500)).await?)
    }

    /// One job, if visible: to those who may see jobs, and to whoever queued it.
    pub async fn get_job(&self, actor: &Actor, id: JobId) -> Result<Job> {
        let job = self.store.get_job(id).await?;
        let own = actor.principal().is_some_and(|p| Some(p.user_id) == job.created_by);
        if own {
            return Ok(job);
        }
        let grant = actor.require(Permission::JobView)?;
        match (grant.org_filter(), job.org_id) {
            (None, _) => Ok(job),
            (Some(own), Some(o)) if own == o => Ok(job),
            _ => Err(AppError::Forbidden("see jobs of another organisation".into())),
        }
    }
}
