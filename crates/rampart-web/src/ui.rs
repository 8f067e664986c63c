//! The server-rendered web UI: askama templates (compiled into the binary,
//! auto-escaped), plain forms with CSRF tokens, no inline script.

mod account;
mod admin;
mod audit;
mod chrome;
mod estate;
mod form;
mod graph_svg;
mod home;
mod jobs;
mod login;
mod vulns;

use askama::Template;
use axum::http::StatusCode;
use axum::response::Html;

pub(crate) use account::{account_page, change_own_password, create_own_token, revoke_own_token};
pub(crate) use admin::{
    org_create, org_detail, org_update, orgs_page, user_create, user_detail, user_disable, user_enable, user_password,
    user_roles, users_page,
};
pub(crate) use audit::{audit_export_page, audit_page, audit_verify_page};
pub(crate) use chrome::Chrome;
pub(crate) use estate::{
    asset_page, assets_page, blast_page, import_page, import_upload, job_page, paths_page, service_page, services_page,
    spof_page, structure_upload, zones_page,
};
pub(crate) use home::{home, step_page};
pub(crate) use jobs::jobs_page;
pub(crate) use login::{login_page, login_submit, logout};
pub(crate) use vulns::{
    alias_delete, alias_set, aliases_page, feeds_match, feeds_page, feeds_upload, finding_page, finding_update,
    findings_export_page, findings_page, vuln_page, vulns_page,
};

use crate::error::{WebError, WebResult};

/// Renders a template into an HTML response.
pub(crate) fn render<T: Template>(t: &T) -> WebResult<Html<String>> {
    t.render()
        .map(Html)
        .map_err(|e| WebError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("template: {e}")).html())
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    status: u16,
    title: &'a str,
    detail: &'a str,
}

/// A standalone error page (no navigation: the error may be "not signed in").
pub(crate) fn error_page(status: StatusCode, title: &str, detail: &str) -> Html<String> {
    let p = ErrorPage {
        status: status.as_u16(),
        title,
        detail,
    };
    Html(p.render().unwrap_or_else(|_| format!("{} {}", status.as_u16(), title)))
}

/// Fallback for unknown paths.
pub(crate) async fn not_found(uri: axum::http::Uri) -> WebError {
    WebError::new(StatusCode::NOT_FOUND, format!("no page or endpoint at {}", uri.path()))
        .with_flavor(crate::auth::flavor(uri.path()))
}

/// Fallback for a known path with the wrong method.
pub(crate) async fn method_not_allowed(uri: axum::http::Uri) -> WebError {
    WebError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("{} does not accept this method", uri.path()),
    )
    .with_flavor(crate::auth::flavor(uri.path()))
}
