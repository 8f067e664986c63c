//! `/api/v1/audit`

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use rampart_app::{AppError, AuditFilter};
use rampart_core::time::Timestamp;

use super::ApiQuery;
use super::dto::{AuditItem, AuditVerify, Page};
use super::extract::{decode_cursor, encode_cursor};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{Problem, WebError, WebResult};

/// Audit log filters.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub(crate) struct AuditQuery {
    /// Actions starting with this, e.g. `user.` or `auth.login`.
    pub(crate) action: Option<String>,
    /// Actor (username, `cli`, `demo`, `system`).
    pub(crate) actor: Option<String>,
    /// Object type, e.g. `user`.
    pub(crate) object_type: Option<String>,
    /// Organisation id.
    pub(crate) org_id: Option<i64>,
    /// From (RFC 3339 or `YYYY-MM-DD`).
    pub(crate) since: Option<String>,
    /// Until, exclusive (RFC 3339 or `YYYY-MM-DD`).
    pub(crate) until: Option<String>,
    /// Page size (1-500, default 50).
    pub(crate) limit: Option<i64>,
    /// Opaque cursor from `next_cursor`.
    pub(crate) cursor: Option<String>,
}

fn parse_time(field: &str, v: Option<&str>) -> Result<Option<Timestamp>, AppError> {
    let Some(v) = v.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let full = if v.len() == 10 {
        format!("{v}T00:00:00Z")
    } else {
        v.to_owned()
    };
    Timestamp::parse(&full)
        .map(Some)
        .map_err(|e| AppError::invalid(field, e.to_string()))
}

impl AuditQuery {
    pub(crate) fn filter(&self) -> Result<AuditFilter, AppError> {
        let s = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        Ok(AuditFilter {
            action_prefix: s(&self.action),
            actor: s(&self.actor),
            object_type: s(&self.object_type),
            org_id: self.org_id,
            since: parse_time("since", self.since.as_deref())?,
            until: parse_time("until", self.until.as_deref())?,
        })
    }
}

/// Page the audit log, newest first.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditQuery),
    responses((status = 200, body = Page<AuditItem>), (status = 400, body = Problem), (status = 403, body = Problem)))]
pub(crate) async fn audit_list(
    State(s): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> WebResult<Json<Page<AuditItem>>> {
    let cursor = decode_cursor(q.cursor.as_deref())?;
    let page = s
        .app
        .audit_page(&ctx.actor, &q.filter()?, cursor, q.limit.unwrap_or(50))
        .await?;
    Ok(Json(Page {
        items: page.entries.into_iter().map(AuditItem::from).collect(),
        next_cursor: encode_cursor(page.next_cursor),
    }))
}

/// Verify the hash chain of the audit log.
#[utoipa::path(get, path = "/api/v1/audit/verify", tag = "audit",
    responses((status = 200, body = AuditVerify), (status = 403, body = Problem)))]
pub(crate) async fn audit_verify(State(s): State<AppState>, ctx: Ctx) -> WebResult<Json<AuditVerify>> {
    let r = s.app.audit_verify(&ctx.actor).await?;
    let problem_seq = r.problem.as_ref().map(|p| match p {
        rampart_core::audit::ChainBreak::Gap { found, .. } => *found,
        rampart_core::audit::ChainBreak::BrokenLink { seq } | rampart_core::audit::ChainBreak::Modified { seq } => *seq,
        rampart_core::audit::ChainBreak::HeadMismatch { head_seq, .. } => *head_seq,
    });
    Ok(Json(AuditVerify {
        ok: r.problem.is_none(),
        checked: r.checked,
        head_seq: r.head_seq,
        head_hash: r.head_hash,
        problem: r.problem.map(|p| p.to_string()),
        problem_seq,
    }))
}

/// Export the audit log (filters as for the list) as JSON lines, oldest first.
#[utoipa::path(get, path = "/api/v1/audit/export", tag = "audit", params(AuditQuery),
    responses((status = 200, description = "JSON lines, one entry per line", content_type = "application/x-ndjson"), (status = 403, body = Problem)))]
pub(crate) async fn audit_export(
    State(s): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> WebResult<Response> {
    let filter = q.filter()?;
    let mut buf: Vec<u8> = Vec::new();
    s.app
        .audit_export(&ctx.actor, &filter, &mut buf)
        .await
        .map_err(WebError::from)?;
    let mut r = buf.into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/x-ndjson"));
    r.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"rampart-audit.jsonl\""),
    );
    Ok(r)
}
