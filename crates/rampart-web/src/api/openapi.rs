//! The OpenAPI 3.1 document, generated from the handlers' annotations. It is
//! committed as `docs/openapi.json`; a test and `.ci/run` fail on drift.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use utoipa::OpenApi;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};

use super::{audit, dto, estate, estate_dto, jobs, orgs, system, tokens, users, vulns, vulns_dto};
use crate::error::Problem;

#[derive(OpenApi)]
#[openapi(
    info(title = "Rampart API", description = "The REST API of Rampart, the open cybersecurity operations platform for cities. Authenticate with `Authorization: Bearer <API token>`; errors are RFC 9457 problem details."),
    paths(
        system::healthz, system::readyz, system::metrics, system::me, system::counts,
        orgs::list_orgs, orgs::get_org, orgs::create_org, orgs::update_org,
        users::list_users, users::get_user, users::create_user, users::set_roles, users::set_password, users::disable_user, users::enable_user,
        tokens::list_tokens, tokens::create_token, tokens::revoke_token,
        audit::audit_list, audit::audit_verify, audit::audit_export,
        jobs::list_jobs, jobs::get_job,
        estate::list_assets, estate::get_asset, estate::import_assets, estate::import_structure, estate::list_zones,
        estate::list_services, estate::get_service, estate::blast_radius, estate::spof, estate::failure, estate::paths,
        vulns::list_vulns, vulns::get_vuln, vulns::list_findings, vulns::get_finding, vulns::patch_finding,
        vulns::export_findings, vulns::import_feed, vulns::run_match, vulns::feed_status,
        vulns::list_aliases, vulns::put_alias, vulns::delete_alias,
    ),
    components(schemas(Problem, dto::Org, dto::User, dto::Token, dto::AuditItem, dto::JobItem, estate_dto::Asset, estate_dto::Service, vulns_dto::Vuln, vulns_dto::Finding)),
    modifiers(&Security),
    security(("bearer" = []), ("session" = [])),
)]
struct ApiDoc;

struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(crate::auth::SESSION_COOKIE))),
        );
    }
}

/// The OpenAPI document as pretty JSON (what `docs/openapi.json` holds).
pub fn openapi_json() -> String {
    let mut doc = ApiDoc::openapi();
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    let mut s = doc
        .to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// `GET /api/v1/openapi.json`
pub(crate) async fn openapi_handler() -> Response {
    let mut r = openapi_json().into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r
}
