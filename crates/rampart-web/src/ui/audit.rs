//! The audit log page: filter, page, verify, export.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use rampart_core::audit::AuditEntry;

use super::{Chrome, render};
use crate::AppState;
use crate::api::ApiQuery;
use crate::auth::Ctx;
use crate::error::{WebError, WebResult};

use crate::api::AuditQuery;

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPageT {
    chrome: Chrome,
    entries: Vec<AuditEntry>,
    q: AuditQuery,
    next_link: Option<String>,
    export_link: String,
    verify: Option<rampart_app::VerifyReport>,
}

fn query_string(q: &AuditQuery, cursor: Option<&str>) -> String {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in [
        ("action", q.action.as_deref()),
        ("actor", q.actor.as_deref()),
        ("object_type", q.object_type.as_deref()),
        ("since", q.since.as_deref()),
        ("until", q.until.as_deref()),
        ("cursor", cursor),
    ] {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            s.append_pair(k, v);
        }
    }
    if let Some(o) = q.org_id {
        s.append_pair("org_id", &o.to_string());
    }
    s.finish()
}

async fn view(
    s: &AppState,
    ctx: &Ctx,
    q: AuditQuery,
    verify: Option<rampart_app::VerifyReport>,
) -> WebResult<AuditPageT> {
    let h = |e: rampart_app::AppError| WebError::from(e).html();
    let filter = q.filter().map_err(h)?;
    let cursor = crate::api::decode_cursor(q.cursor.as_deref()).map_err(WebError::html)?;
    let page = s
        .app
        .audit_page(&ctx.actor, &filter, cursor, q.limit.unwrap_or(50))
        .await
        .map_err(h)?;
    let next = crate::api::encode_cursor(page.next_cursor);
    let next_link = next.as_deref().map(|c| format!("/audit?{}", query_string(&q, Some(c))));
    let export_link = format!("/audit/export?{}", query_string(&q, None));
    Ok(AuditPageT {
        chrome: Chrome::new(ctx, "Audit log", "/audit"),
        entries: page.entries,
        q,
        next_link,
        export_link,
        verify,
    })
}

/// `GET /audit`
pub(crate) async fn audit_page(
    State(s): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> WebResult<Html<String>> {
    render(&view(&s, &ctx, q, None).await?)
}

/// `GET /audit/verify`: the page with the verification result on top.
pub(crate) async fn audit_verify_page(State(s): State<AppState>, ctx: Ctx) -> WebResult<Html<String>> {
    let report = s
        .app
        .audit_verify(&ctx.actor)
        .await
        .map_err(|e| WebError::from(e).html())?;
    render(&view(&s, &ctx, AuditQuery::default(), Some(report)).await?)
}

/// `GET /audit/export`: JSON lines download of the filtered log.
pub(crate) async fn audit_export_page(
    State(s): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> WebResult<Response> {
    let h = |e: rampart_app::AppError| WebError::from(e).html();
    let filter = q.filter().map_err(h)?;
    let mut buf = Vec::new();
    s.app.audit_export(&ctx.actor, &filter, &mut buf).await.map_err(h)?;
    let mut r = buf.into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/x-ndjson"));
    r.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"rampart-audit.jsonl\""),
    );
    Ok(r)
}
