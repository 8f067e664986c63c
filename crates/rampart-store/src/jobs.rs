//! The job queue: background work shared by every `rampart serve` process on
//! one database. A worker claims the next due job with a lease; a job whose
//! lease ran out (its worker died) is claimed again, up to `max_attempts`.
//!
//! Dialect difference, on purpose: PostgreSQL claims with
//! `FOR UPDATE SKIP LOCKED`, so concurrent workers never wait on each other
//! nor take the same job; SQLite has a single writer, so the one-statement
//! `UPDATE … RETURNING` is already atomic.

use rampart_core::ids::{JobId, OrgId, UserId};
use rampart_core::time::Timestamp;

use crate::db::{Db, Store, Tx, on_pool, on_tx};
use crate::error::{Result, StoreError};
use crate::orgs::{opt_ts, ts};

/// Where a job is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobState {
    /// Waiting to run.
    Queued,
    /// Claimed by a worker.
    Running,
    /// Done.
    Succeeded,
    /// Gave up after its attempts.
    Failed,
    /// Cancelled by a user.
    Cancelled,
}

impl JobState {
    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Running => "running",
            JobState::Succeeded => "succeeded",
            JobState::Failed => "failed",
            JobState::Cancelled => "cancelled",
        }
    }

    fn parse(s: &str) -> Result<Self> {
        Ok(match s {
            "queued" => JobState::Queued,
            "running" => JobState::Running,
            "succeeded" => JobState::Succeeded,
            "failed" => JobState::Failed,
            "cancelled" => JobState::Cancelled,
            other => {
                return Err(StoreError::Corrupt {
                    what: "jobs.state",
                    detail: other.to_owned(),
                });
            }
        })
    }
}

/// A job.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    /// Id.
    pub id: JobId,
    /// What to do (a handler name, e.g. `assets.import`).
    pub kind: String,
    /// Arguments.
    pub payload: serde_json::Value,
    /// State.
    pub state: JobState,
    /// Lower runs first.
    pub priority: i64,
    /// Not before.
    pub run_at: Timestamp,
    /// Attempts made.
    pub attempts: i64,
    /// Attempts allowed.
    pub max_attempts: i64,
    /// The worker holding the lease.
    pub locked_by: Option<String>,
    /// Lease end.
    pub locked_until: Option<Timestamp>,
    /// Progress: units done.
    pub progress_done: i64,
    /// Progress: units in all, when known.
    pub progress_total: Option<i64>,
    /// A human-readable status line.
    pub message: Option<String>,
    /// The result, when done.
    pub result: Option<serde_json::Value>,
    /// The last error.
    pub last_error: Option<String>,
    /// Who queued it.
    pub created_by: Option<UserId>,
    /// On whose behalf.
    pub org_id: Option<OrgId>,
    /// Queued at.
    pub created_at: Timestamp,
    /// Finished at.
    pub finished_at: Option<Timestamp>,
}

/// A job to queue.
#[derive(Debug, Clone)]
pub struct NewJob {
    /// Handler name.
    pub kind: String,
    /// Arguments.
    pub payload: serde_json::Value,
    /// Lower runs first (default 100).
    pub priority: i64,
    /// Not before.
    pub run_at: Timestamp,
    /// Attempts allowed.
    pub max_attempts: i64,
    /// Who queued it.
    pub created_by: Option<UserId>,
    /// On whose behalf.
    pub org_id: Option<OrgId>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    kind: String,
    payload: String,
    state: String,
    priority: i64,
    run_at: String,
    attempts: i64,
    max_attempts: i64,
    locked_by: Option<String>,
    locked_until: Option<String>,
    progress_done: i64,
    progress_total: Option<i64>,
    message: Option<String>,
    result: Option<String>,
    last_error: Option<String>,
    created_by: Option<i64>,
    org_id: Option<i64>,
    created_at: String,
    finished_at: Option<String>,
}

const COLUMNS: &str = "id, kind, payload, state, priority, run_at, attempts, max_attempts, locked_by, locked_until, \
                       progress_done, progress_total, message, result, last_error, created_by, org_id, created_at, finished_at";

fn json(what: &'static str, s: &str) -> Result<serde_json::Value> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt {
        what,
        detail: e.to_string(),
    })
}

impl TryFrom<Row> for Job {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<Self> {
        Ok(Job {
            id: JobId(r.id),
            kind: r.kind,
            payload: json("jobs.payload", &r.payload)?,
            state: JobState::parse(&r.state)?,
            priority: r.priority,
            run_at: ts("jobs.run_at", &r.run_at)?,
            attempts: r.attempts,
            max_attempts: r.max_attempts,
            locked_by: r.locked_by,
            locked_until: opt_ts("jobs.locked_until", r.locked_until.as_deref())?,
            progress_done: r.progress_done,
            progress_total: r.progress_total,
            message: r.message,
            result: r.result.as_deref().map(|s| json("jobs.result", s)).transpose()?,
            last_error: r.last_error,
            created_by: r.created_by.map(UserId),
            org_id: r.org_id.map(OrgId),
            created_at: ts("jobs.created_at", &r.created_at)?,
            finished_at: opt_ts("jobs.finished_at", r.finished_at.as_deref())?,
        })
    }
}

impl Store {
    /// Queues a job outside any other change.
    pub async fn enqueue_job(&self, j: &NewJob, now: Timestamp) -> Result<JobId> {
        let mut tx = self.begin().await?;
        let id = tx.insert_job(j, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Claims the next due job for `worker`, leasing it until `lease_until`.
    /// A running job whose lease expired counts as due (its worker died).
    pub async fn claim_job(&self, worker: &str, now: Timestamp, lease_until: Timestamp) -> Result<Option<Job>> {
        let pick = "SELECT id FROM jobs WHERE (state = 'queued' AND run_at <= $3) \
                    OR (state = 'running' AND locked_until < $3 AND attempts < max_attempts) \
                    ORDER BY priority, id LIMIT 1";
        let sql = match &self.db {
            Db::Sqlite(_) => format!(
                "UPDATE jobs SET state = 'running', attempts = attempts + 1, locked_by = $1, locked_until = $2, updated_at = $3 \
                 WHERE id = ({pick}) RETURNING {COLUMNS}"
            ),
            Db::Postgres(_) => format!(
                "UPDATE jobs SET state = 'running', attempts = attempts + 1, locked_by = $1, locked_until = $2, updated_at = $3 \
                 WHERE id = ({pick} FOR UPDATE SKIP LOCKED) RETURNING {COLUMNS}"
            ),
        };
        let row: Option<Row> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(worker).bind(lease_until.to_string()).bind(now.to_string()).fetch_optional(p).await)?;
        row.map(Job::try_from).transpose()
    }

    /// Reports progress (and extends the lease).
    pub async fn job_progress(
        &self,
        id: JobId,
        done: i64,
        total: Option<i64>,
        message: Option<&str>,
        now: Timestamp,
        lease_until: Timestamp,
    ) -> Result<()> {
        on_pool!(self, p => sqlx::query(
            "UPDATE jobs SET progress_done = $2, progress_total = COALESCE($3, progress_total), message = COALESCE($4, message), \
             updated_at = $5, locked_until = $6 WHERE id = $1 AND state = 'running'")
            .bind(id.0).bind(done).bind(total).bind(message).bind(now.to_string()).bind(lease_until.to_string())
            .execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// Marks a job done.
    pub async fn complete_job(&self, id: JobId, result: &serde_json::Value, now: Timestamp) -> Result<()> {
        on_pool!(self, p => sqlx::query(
            "UPDATE jobs SET state = 'succeeded', result = $2, locked_by = NULL, locked_until = NULL, updated_at = $3, finished_at = $3 \
             WHERE id = $1")
            .bind(id.0).bind(result.to_string()).bind(now.to_string()).execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// Records a failure: retried at `retry_at` while attempts remain, else failed.
    pub async fn fail_job(&self, id: JobId, error: &str, now: Timestamp, retry_at: Timestamp) -> Result<()> {
        on_pool!(self, p => sqlx::query(
            "UPDATE jobs SET state = CASE WHEN attempts < max_attempts THEN 'queued' ELSE 'failed' END, \
             run_at = $3, last_error = $2, locked_by = NULL, locked_until = NULL, updated_at = $4, \
             finished_at = CASE WHEN attempts < max_attempts THEN NULL ELSE $4 END WHERE id = $1")
            .bind(id.0).bind(error).bind(retry_at.to_string()).bind(now.to_string()).execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// A job.
    pub async fn get_job(&self, id: JobId) -> Result<Job> {
        let sql = format!("SELECT {COLUMNS} FROM jobs WHERE id = $1");
        let row: Option<Row> =
            on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id.0).fetch_optional(p).await)?;
        row.ok_or(StoreError::NotFound("job"))?.try_into()
    }

    /// Recent jobs, newest first, optionally of one organisation.
    pub async fn list_jobs(&self, org: Option<OrgId>, limit: i64) -> Result<Vec<Job>> {
        let sql = format!("SELECT {COLUMNS} FROM jobs WHERE ($1 IS NULL OR org_id = $1) ORDER BY id DESC LIMIT $2");
        let rows: Vec<Row> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(org.map(|o| o.0)).bind(limit).fetch_all(p).await)?;
        rows.into_iter().map(Job::try_from).collect()
    }
}

impl Tx {
    /// Queues a job as part of this transaction.
    pub async fn insert_job(&mut self, j: &NewJob, now: Timestamp) -> Result<JobId> {
        let (id,): (i64,) = on_tx!(self, c => sqlx::query_as(
            "INSERT INTO jobs (kind, payload, state, priority, run_at, max_attempts, created_by, org_id, created_at, updated_at) \
             VALUES ($1, $2, 'queued', $3, $4, $5, $6, $7, $8, $8) RETURNING id")
            .bind(&j.kind).bind(j.payload.to_string()).bind(j.priority).bind(j.run_at.to_string()).bind(j.max_attempts)
            .bind(j.created_by.map(|u| u.0)).bind(j.org_id.map(|o| o.0)).bind(now.to_string())
            .fetch_one(&mut *c).await)?;
        Ok(JobId(id))
    }
}
