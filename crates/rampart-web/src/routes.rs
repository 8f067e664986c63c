//! The route table: every route, its method, and the access it requires.
//! The router is built from it and the authorisation test walks it.

use axum::extract::DefaultBodyLimit;
use axum::routing::{MethodRouter, delete, get, patch, post, put};
use axum::{Router, middleware};
use rampart_core::authz::Permission;

use crate::{AppState, api, assets, auth, metrics, security, ui};

/// What a route requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (health, login, static files, the OpenAPI document).
    Public,
    /// Any signed-in user.
    Authenticated,
    /// A signed-in user whose roles (and token scopes) grant the permission.
    Perm(Permission),
}

/// A route as declared: method, path pattern and access.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteInfo {
    /// HTTP method.
    pub method: &'static str,
    /// Path pattern (`{id}` for parameters).
    pub path: &'static str,
    /// Required access.
    pub access: Access,
}

struct RouteDef {
    info: RouteInfo,
    handler: MethodRouter<AppState>,
}

macro_rules! r {
    (GET $path:literal, $access:expr, $h:expr) => {
        RouteDef {
            info: RouteInfo {
                method: "GET",
                path: $path,
                access: $access,
            },
            handler: get($h),
        }
    };
    (POST $path:literal, $access:expr, $h:expr) => {
        RouteDef {
            info: RouteInfo {
                method: "POST",
                path: $path,
                access: $access,
            },
            handler: post($h),
        }
    };
    (PUT $path:literal, $access:expr, $h:expr) => {
        RouteDef {
            info: RouteInfo {
                method: "PUT",
                path: $path,
                access: $access,
            },
            handler: put($h),
        }
    };
    (PATCH $path:literal, $access:expr, $h:expr) => {
        RouteDef {
            info: RouteInfo {
                method: "PATCH",
                path: $path,
                access: $access,
            },
            handler: patch($h),
        }
    };
    (DELETE $path:literal, $access:expr, $h:expr) => {
        RouteDef {
            info: RouteInfo {
                method: "DELETE",
                path: $path,
                access: $access,
            },
            handler: delete($h),
        }
    };
}

fn table() -> Vec<RouteDef> {
    use Access::{Authenticated, Perm, Public};
    use Permission::*;
    vec![
        // System
        r!(GET "/healthz", Public, api::healthz),
        r!(GET "/readyz", Public, api::readyz),
        r!(GET "/metrics", Perm(MetricsView), api::metrics),
        r!(GET "/static/{*path}", Public, assets::serve),
        r!(GET "/api/v1/openapi.json", Public, api::openapi_handler),
        // API
        r!(GET "/api/v1/me", Authenticated, api::me),
        r!(GET "/api/v1/counts", Perm(DashboardView), api::counts),
        r!(GET "/api/v1/orgs", Perm(OrgView), api::list_orgs),
        r!(POST "/api/v1/orgs", Perm(OrgManage), api::create_org),
        r!(GET "/api/v1/orgs/{id}", Perm(OrgView), api::get_org),
        r!(PATCH "/api/v1/orgs/{id}", Perm(OrgManage), api::update_org),
        r!(GET "/api/v1/users", Perm(UserView), api::list_users),
        r!(POST "/api/v1/users", Perm(UserManage), api::create_user),
        r!(GET "/api/v1/users/{id}", Perm(UserView), api::get_user),
        r!(PUT "/api/v1/users/{id}/roles", Perm(UserManage), api::set_roles),
        r!(POST "/api/v1/users/{id}/password", Authenticated, api::set_password),
        r!(POST "/api/v1/users/{id}/disable", Perm(UserManage), api::disable_user),
        r!(POST "/api/v1/users/{id}/enable", Perm(UserManage), api::enable_user),
        r!(GET "/api/v1/tokens", Perm(TokenSelf), api::list_tokens),
        r!(POST "/api/v1/tokens", Perm(TokenSelf), api::create_token),
        r!(DELETE "/api/v1/tokens/{id}", Perm(TokenSelf), api::revoke_token),
        r!(GET "/api/v1/audit", Perm(AuditView), api::audit_list),
        r!(GET "/api/v1/audit/verify", Perm(AuditView), api::audit_verify),
        r!(GET "/api/v1/audit/export", Perm(AuditExport), api::audit_export),
        r!(GET "/api/v1/jobs", Perm(JobView), api::list_jobs),
        r!(GET "/api/v1/jobs/{id}", Authenticated, api::get_job),
        r!(GET "/api/v1/assets", Perm(AssetView), api::list_assets),
        r!(POST "/api/v1/assets/import", Perm(AssetManage), api::import_assets),
        r!(GET "/api/v1/assets/{id}", Perm(AssetView), api::get_asset),
        r!(GET "/api/v1/zones", Perm(AssetView), api::list_zones),
        r!(POST "/api/v1/estate/import", Perm(AssetManage), api::import_structure),
        r!(GET "/api/v1/services", Perm(ServiceView), api::list_services),
        r!(GET "/api/v1/services/{id}", Perm(ServiceView), api::get_service),
        r!(GET "/api/v1/analysis/blast-radius", Perm(AnalysisView), api::blast_radius),
        r!(GET "/api/v1/analysis/spof", Perm(AnalysisView), api::spof),
        r!(GET "/api/v1/analysis/failure", Perm(AnalysisView), api::failure),
        r!(GET "/api/v1/analysis/paths", Perm(AnalysisView), api::paths),
        r!(GET "/api/v1/vulns", Perm(VulnView), api::list_vulns),
        r!(GET "/api/v1/vulns/{id}", Perm(VulnView), api::get_vuln),
        r!(GET "/api/v1/findings", Perm(FindingView), api::list_findings),
        r!(GET "/api/v1/findings/export", Perm(FindingView), api::export_findings),
        r!(GET "/api/v1/findings/{id}", Perm(FindingView), api::get_finding),
        r!(PATCH "/api/v1/findings/{id}", Perm(FindingManage), api::patch_finding),
        r!(GET "/api/v1/feeds", Perm(VulnView), api::feed_status),
        r!(POST "/api/v1/feeds/import", Perm(FeedManage), api::import_feed),
        r!(POST "/api/v1/match", Perm(FeedManage), api::run_match),
        r!(GET "/api/v1/vendor-aliases", Perm(VulnView), api::list_aliases),
        r!(PUT "/api/v1/vendor-aliases/{alias}", Perm(FeedManage), api::put_alias),
        r!(DELETE "/api/v1/vendor-aliases/{alias}", Perm(FeedManage), api::delete_alias),
        // UI
        r!(GET "/login", Public, ui::login_page),
        r!(POST "/login", Public, ui::login_submit),
        r!(POST "/logout", Authenticated, ui::logout),
        r!(GET "/", Perm(DashboardView), ui::home),
        r!(GET "/risk", Perm(DashboardView), ui::step_page),
        r!(GET "/baselines", Perm(DashboardView), ui::step_page),
        r!(GET "/threats", Perm(DashboardView), ui::step_page),
        r!(GET "/incidents", Perm(DashboardView), ui::step_page),
        r!(GET "/training", Perm(DashboardView), ui::step_page),
        r!(GET "/partnerships", Perm(DashboardView), ui::step_page),
        r!(GET "/account", Authenticated, ui::account_page),
        r!(POST "/account/password", Authenticated, ui::change_own_password),
        r!(POST "/account/tokens", Perm(TokenSelf), ui::create_own_token),
        r!(POST "/account/tokens/{id}/revoke", Perm(TokenSelf), ui::revoke_own_token),
        r!(GET "/admin/orgs", Perm(OrgView), ui::orgs_page),
        r!(POST "/admin/orgs", Perm(OrgManage), ui::org_create),
        r!(GET "/admin/orgs/{id}", Perm(OrgView), ui::org_detail),
        r!(POST "/admin/orgs/{id}", Perm(OrgManage), ui::org_update),
        r!(GET "/admin/users", Perm(UserView), ui::users_page),
        r!(POST "/admin/users", Perm(UserManage), ui::user_create),
        r!(GET "/admin/users/{id}", Perm(UserView), ui::user_detail),
        r!(POST "/admin/users/{id}/roles", Perm(UserManage), ui::user_roles),
        r!(POST "/admin/users/{id}/password", Perm(UserManage), ui::user_password),
        r!(POST "/admin/users/{id}/disable", Perm(UserManage), ui::user_disable),
        r!(POST "/admin/users/{id}/enable", Perm(UserManage), ui::user_enable),
        r!(GET "/audit", Perm(AuditView), ui::audit_page),
        r!(GET "/audit/verify", Perm(AuditView), ui::audit_verify_page),
        r!(GET "/audit/export", Perm(AuditExport), ui::audit_export_page),
        r!(GET "/jobs", Perm(JobView), ui::jobs_page),
        r!(GET "/jobs/{id}", Authenticated, ui::job_page),
        r!(GET "/assets", Perm(AssetView), ui::assets_page),
        r!(GET "/assets/import", Perm(AssetManage), ui::import_page),
        r!(POST "/assets/import", Perm(AssetManage), ui::import_upload),
        r!(POST "/estate/import", Perm(AssetManage), ui::structure_upload),
        r!(GET "/assets/{id}", Perm(AssetView), ui::asset_page),
        r!(GET "/services", Perm(ServiceView), ui::services_page),
        r!(GET "/services/{id}", Perm(ServiceView), ui::service_page),
        r!(GET "/zones", Perm(AssetView), ui::zones_page),
        r!(GET "/analysis/blast-radius", Perm(AnalysisView), ui::blast_page),
        r!(GET "/analysis/spof", Perm(AnalysisView), ui::spof_page),
        r!(GET "/analysis/paths", Perm(AnalysisView), ui::paths_page),
        r!(GET "/vulns", Perm(VulnView), ui::vulns_page),
        r!(GET "/vulns/{id}", Perm(VulnView), ui::vuln_page),
        r!(GET "/findings", Perm(FindingView), ui::findings_page),
        r!(GET "/findings/export", Perm(FindingView), ui::findings_export_page),
        r!(GET "/findings/{id}", Perm(FindingView), ui::finding_page),
        r!(POST "/findings/{id}", Perm(FindingManage), ui::finding_update),
        r!(GET "/feeds", Perm(VulnView), ui::feeds_page),
        r!(POST "/feeds/import", Perm(FeedManage), ui::feeds_upload),
        r!(POST "/feeds/match", Perm(FeedManage), ui::feeds_match),
        r!(GET "/feeds/aliases", Perm(VulnView), ui::aliases_page),
        r!(POST "/feeds/aliases", Perm(FeedManage), ui::alias_set),
        r!(POST "/feeds/aliases/delete", Perm(FeedManage), ui::alias_delete),
    ]
}

/// Every declared route (for the authorisation test and documentation).
pub fn route_infos() -> Vec<RouteInfo> {
    table().into_iter().map(|d| d.info).collect()
}

pub(crate) fn build(state: AppState) -> Router {
    let mut router: Router<AppState> = Router::new();
    for def in table() {
        let guard = middleware::from_fn_with_state((state.clone(), def.info.access), auth::authorize);
        let mut handler = def.handler.route_layer(guard);
        // File uploads get their own, larger body limit.
        if def.info.path.ends_with("/import") && def.info.method == "POST" {
            handler = handler.layer(DefaultBodyLimit::max(state.config.max_upload_bytes));
        }
        router = router.route(def.info.path, handler);
    }
    router
        .fallback(ui::not_found)
        .method_not_allowed_fallback(ui::method_not_allowed)
        .layer(middleware::from_fn_with_state(state.clone(), auth::authenticate))
        .layer(DefaultBodyLimit::max(state.config.max_body_bytes))
        .layer(middleware::from_fn_with_state(state.clone(), security::headers))
        .layer(middleware::from_fn_with_state(state.clone(), metrics::track))
        .with_state(state)
}
