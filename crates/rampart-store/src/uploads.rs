//! Files uploaded for background jobs, kept in the database so that any
//! `rampart serve` process can run the job.

use rampart_core::time::Timestamp;

use crate::db::{Store, on_pool};
use crate::error::{Result, StoreError};

impl Store {
    /// Stores an upload; returns its id.
    pub async fn insert_upload(
        &self,
        filename: &str,
        content: &[u8],
        created_by: Option<i64>,
        now: Timestamp,
    ) -> Result<i64> {
        let size = i64::try_from(content.len()).unwrap_or(i64::MAX);
        let (id,): (i64,) = on_pool!(self, p => sqlx::query_as(
            "INSERT INTO uploads (filename, size, content, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(filename).bind(size).bind(content).bind(created_by).bind(now.to_string()).fetch_one(p).await)?;
        Ok(id)
    }

    /// An upload's name and content.
    pub async fn get_upload(&self, id: i64) -> Result<(String, Vec<u8>)> {
        let row: Option<(String, Vec<u8>)> = on_pool!(self, p => sqlx::query_as(
            "SELECT filename, content FROM uploads WHERE id = $1").bind(id).fetch_optional(p).await)?;
        row.ok_or(StoreError::NotFound("upload"))
    }

    /// Deletes an upload once its job is done.
    pub async fn delete_upload(&self, id: i64) -> Result<()> {
        on_pool!(self, p => sqlx::query("DELETE FROM uploads WHERE id = $1").bind(id).execute(p).await.map(|_| ()))?;
        Ok(())
    }
}
