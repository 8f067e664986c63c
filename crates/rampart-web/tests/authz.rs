//! Route-level authorisation: every route in the router is listed here with
//! the roles allowed to use it. For every route and every role (and without
//! credentials) the test asserts the answer: allowed roles get past
//! authorisation, every other role gets 403, anonymous callers get 401 (or a
//! redirect to the login page for a browser page). Routes that take an id
//! are called with another agency's data (the "transport" agency, while
//! agency roles belong to "water"). A route missing from this list, or
//! listed but absent from the router, fails the test.
#![allow(clippy::unwrap_used)] // test helpers unwrap: a failure is the test failing

mod common;

use std::collections::{BTreeMap, BTreeSet};

use axum::body::Body;
use axum::http::{Method, StatusCode, header};
use common::{Harness, harness, req};
use rampart_app::{Actor, UserInput};
use rampart_core::authz::{Role, TokenScope};
use rampart_web::{Access, route_infos};

const ALL: &[Role] = &Role::ALL;
const ADMIN: &[Role] = &[Role::Admin];
/// Roles that see every organisation's data with org.view / user.view.
const CITY_VIEWERS: &[Role] = &[
    Role::Admin,
    Role::SecurityAnalyst,
    Role::IncidentResponder,
    Role::Auditor,
    Role::Trainer,
];
const USER_VIEWERS: &[Role] = &[
    Role::Admin,
    Role::SecurityAnalyst,
    Role::IncidentResponder,
    Role::AgencyManager,
    Role::Auditor,
    Role::Trainer,
];
const AUDITORS: &[Role] = &[Role::Admin, Role::Auditor];
const JOB_VIEWERS: &[Role] = &[Role::Admin, Role::SecurityAnalyst, Role::Auditor];
/// asset.view, service.view and analysis.view: everyone but partners and trainers.
const ESTATE_VIEWERS: &[Role] = &[
    Role::Admin,
    Role::SecurityAnalyst,
    Role::IncidentResponder,
    Role::AgencyManager,
    Role::AgencyStaff,
    Role::Auditor,
];
/// Estate viewers with a city-wide scope (another agency's asset or service).
const CITY_ESTATE_VIEWERS: &[Role] = &[
    Role::Admin,
    Role::SecurityAnalyst,
    Role::IncidentResponder,
    Role::Auditor,
];
const ESTATE_MANAGERS: &[Role] = &[Role::Admin, Role::SecurityAnalyst, Role::AgencyManager];
/// vuln.view: vulnerability data is public intelligence, for everyone but trainers.
const VULN_VIEWERS: &[Role] = &[
    Role::Admin,
    Role::SecurityAnalyst,
    Role::IncidentResponder,
    Role::AgencyManager,
    Role::AgencyStaff,
    Role::PartnerAnalyst,
    Role::Auditor,
];
/// finding.view.
const FINDING_VIEWERS: &[Role] = &[
    Role::Admin,
    Role::SecurityAnalyst,
    Role::IncidentResponder,
    Role::AgencyManager,
    Role::AgencyStaff,
    Role::Auditor,
];
/// finding.view with a city-wide scope (another agency's finding).
const CITY_FINDING_VIEWERS: &[Role] = &[
    Role::Admin,
    Role::SecurityAnalyst,
    Role::IncidentResponder,
    Role::Auditor,
];
/// finding.manage with a city-wide scope (the agency manager may triage only their agency's findings).
const CITY_FINDING_MANAGERS: &[Role] = &[Role::Admin, Role::SecurityAnalyst];
/// feed.manage: imports and match runs.
const FEED_MANAGERS: &[Role] = &[Role::Admin, Role::SecurityAnalyst];

enum Who {
    Public,
    Roles(&'static [Role]),
}

fn expected() -> Vec<(&'static str, &'static str, Who)> {
    use Who::{Public, Roles};
    vec![
        ("GET", "/healthz", Public),
        ("GET", "/readyz", Public),
        ("GET", "/metrics", Roles(AUDITORS)),
        ("GET", "/static/{*path}", Public),
        ("GET", "/api/v1/openapi.json", Public),
        ("GET", "/api/v1/me", Roles(ALL)),
        ("GET", "/api/v1/counts", Roles(ALL)),
        ("GET", "/api/v1/orgs", Roles(ALL)),
        ("POST", "/api/v1/orgs", Roles(ADMIN)),
        ("GET", "/api/v1/orgs/{id}", Roles(CITY_VIEWERS)),
        ("PATCH", "/api/v1/orgs/{id}", Roles(ADMIN)),
        ("GET", "/api/v1/users", Roles(USER_VIEWERS)),
        ("POST", "/api/v1/users", Roles(ADMIN)),
        ("GET", "/api/v1/users/{id}", Roles(CITY_VIEWERS)),
        ("PUT", "/api/v1/users/{id}/roles", Roles(ADMIN)),
        ("POST", "/api/v1/users/{id}/password", Roles(ADMIN)),
        ("POST", "/api/v1/users/{id}/disable", Roles(ADMIN)),
        ("POST", "/api/v1/users/{id}/enable", Roles(ADMIN)),
        ("GET", "/api/v1/tokens", Roles(ALL)),
        ("POST", "/api/v1/tokens", Roles(ALL)),
        ("DELETE", "/api/v1/tokens/{id}", Roles(ADMIN)),
        ("GET", "/api/v1/audit", Roles(AUDITORS)),
        ("GET", "/api/v1/audit/verify", Roles(AUDITORS)),
        ("GET", "/api/v1/audit/export", Roles(AUDITORS)),
        ("GET", "/api/v1/jobs", Roles(JOB_VIEWERS)),
        ("GET", "/api/v1/jobs/{id}", Roles(JOB_VIEWERS)),
        ("GET", "/api/v1/assets", Roles(ESTATE_VIEWERS)),
        ("POST", "/api/v1/assets/import", Roles(ESTATE_MANAGERS)),
        ("GET", "/api/v1/assets/{id}", Roles(CITY_ESTATE_VIEWERS)),
        ("GET", "/api/v1/zones", Roles(ESTATE_VIEWERS)),
        ("POST", "/api/v1/estate/import", Roles(ESTATE_MANAGERS)),
        ("GET", "/api/v1/services", Roles(ESTATE_VIEWERS)),
        ("GET", "/api/v1/services/{id}", Roles(CITY_ESTATE_VIEWERS)),
        ("GET", "/api/v1/analysis/blast-radius", Roles(ESTATE_VIEWERS)),
        ("GET", "/api/v1/analysis/spof", Roles(ESTATE_VIEWERS)),
        ("GET", "/api/v1/analysis/failure", Roles(ESTATE_VIEWERS)),
        ("GET", "/api/v1/analysis/paths", Roles(ESTATE_VIEWERS)),
        ("GET", "/api/v1/vulns", Roles(VULN_VIEWERS)),
        ("GET", "/api/v1/vulns/{id}", Roles(VULN_VIEWERS)),
        ("GET", "/api/v1/findings", Roles(FINDING_VIEWERS)),
        ("GET", "/api/v1/findings/export", Roles(FINDING_VIEWERS)),
        ("GET", "/api/v1/findings/{id}", Roles(CITY_FINDING_VIEWERS)),
        ("PATCH", "/api/v1/findings/{id}", Roles(CITY_FINDING_MANAGERS)),
        ("GET", "/api/v1/feeds", Roles(VULN_VIEWERS)),
        ("POST", "/api/v1/feeds/import", Roles(FEED_MANAGERS)),
        ("POST", "/api/v1/match", Roles(FEED_MANAGERS)),
        ("GET", "/api/v1/vendor-aliases", Roles(VULN_VIEWERS)),
        ("PUT", "/api/v1/vendor-aliases/{alias}", Roles(FEED_MANAGERS)),
        ("DELETE", "/api/v1/vendor-aliases/{alias}", Roles(FEED_MANAGERS)),
        ("GET", "/login", Public),
        ("POST", "/login", Public),
        ("POST", "/logout", Roles(ALL)),
        ("GET", "/", Roles(ALL)),
        ("GET", "/risk", Roles(ALL)),
        ("GET", "/baselines", Roles(ALL)),
        ("GET", "/threats", Roles(ALL)),
        ("GET", "/incidents", Roles(ALL)),
        ("GET", "/training", Roles(ALL)),
        ("GET", "/partnerships", Roles(ALL)),
        ("GET", "/account", Roles(ALL)),
        ("POST", "/account/password", Roles(ALL)),
        ("POST", "/account/tokens", Roles(ALL)),
        ("POST", "/account/tokens/{id}/revoke", Roles(ADMIN)),
        ("GET", "/admin/orgs", Roles(ALL)),
        ("POST", "/admin/orgs", Roles(ADMIN)),
        ("GET", "/admin/orgs/{id}", Roles(CITY_VIEWERS)),
        ("POST", "/admin/orgs/{id}", Roles(ADMIN)),
        ("GET", "/admin/users", Roles(USER_VIEWERS)),
        ("POST", "/admin/users", Roles(ADMIN)),
        ("GET", "/admin/users/{id}", Roles(CITY_VIEWERS)),
        ("POST", "/admin/users/{id}/roles", Roles(ADMIN)),
        ("POST", "/admin/users/{id}/password", Roles(ADMIN)),
        ("POST", "/admin/users/{id}/disable", Roles(ADMIN)),
        ("POST", "/admin/users/{id}/enable", Roles(ADMIN)),
        ("GET", "/audit", Roles(AUDITORS)),
        ("GET", "/audit/verify", Roles(AUDITORS)),
        ("GET", "/audit/export", Roles(AUDITORS)),
        ("GET", "/jobs", Roles(JOB_VIEWERS)),
        ("GET", "/jobs/{id}", Roles(JOB_VIEWERS)),
        ("GET", "/assets", Roles(ESTATE_VIEWERS)),
        ("GET", "/assets/import", Roles(ESTATE_MANAGERS)),
        ("POST", "/assets/import", Roles(ESTATE_MANAGERS)),
        ("POST", "/estate/import", Roles(ESTATE_MANAGERS)),
        ("GET", "/assets/{id}", Roles(CITY_ESTATE_VIEWERS)),
        ("GET", "/services", Roles(ESTATE_VIEWERS)),
        ("GET", "/services/{id}", Roles(CITY_ESTATE_VIEWERS)),
        ("GET", "/zones", Roles(ESTATE_VIEWERS)),
        ("GET", "/analysis/blast-radius", Roles(ESTATE_VIEWERS)),
        ("GET", "/analysis/spof", Roles(ESTATE_VIEWERS)),
        ("GET", "/analysis/paths", Roles(ESTATE_VIEWERS)),
        ("GET", "/vulns", Roles(VULN_VIEWERS)),
        ("GET", "/vulns/{id}", Roles(VULN_VIEWERS)),
        ("GET", "/findings", Roles(FINDING_VIEWERS)),
        ("GET", "/findings/export", Roles(FINDING_VIEWERS)),
        ("GET", "/findings/{id}", Roles(CITY_FINDING_VIEWERS)),
        ("POST", "/findings/{id}", Roles(CITY_FINDING_MANAGERS)),
        ("GET", "/feeds", Roles(VULN_VIEWERS)),
        ("POST", "/feeds/import", Roles(FEED_MANAGERS)),
        ("POST", "/feeds/match", Roles(FEED_MANAGERS)),
        ("GET", "/feeds/aliases", Roles(VULN_VIEWERS)),
        ("POST", "/feeds/aliases", Roles(FEED_MANAGERS)),
        ("POST", "/feeds/aliases/delete", Roles(FEED_MANAGERS)),
    ]
}

/// Ids of another agency's data for routes that take one.
struct Targets {
    org: i64,
    user: i64,
    token: i64,
    job: i64,
    asset: i64,
    service: i64,
    finding: i64,
    cve: &'static str,
}

async fn targets(h: &Harness) -> Targets {
    let sys = Actor::System("test");
    let victim =
        h.t.app
            .create_user(
                &sys,
                UserInput {
                    username: "transport.staff".into(),
                    org_id: h.seed.transport,
                    roles: vec![Role::AgencyStaff],
                    ..UserInput::default()
                },
            )
            .await
            .unwrap()
            .user;
    let token =
        h.t.app
            .create_token(&sys, victim.id, "victim", &[TokenScope::Read], None)
            .await
            .unwrap();
    let job =
        h.t.app
            .enqueue_job(&sys, "sessions.cleanup", serde_json::json!({}))
            .await
            .unwrap();
    // An asset and a service of the transport agency, through the real importers; the
    // asset runs an operating system the NVD sample names, so matching gives it a finding.
    let csv = b"name,owner_org,asset_type,cpes\n\
SIG-0001,transport,traffic_controller,cpe:2.3:o:microsoft:windows_server_2012:r2:*:*:*:*:*:*:*\n";
    let r =
        h.t.app
            .import_inventory(
                &sys,
                "t.csv",
                rampart_app::InventoryFormat::Csv,
                csv,
                None,
                &rampart_app::NoProgress,
            )
            .await
            .unwrap();
    assert_eq!(r.created, 1, "{r:?}");
    let services = b"name,owner_org,life_safety\nTraffic signal control,transport,4\n";
    let r =
        h.t.app
            .import_structure(&sys, "services.csv", None, services)
            .await
            .unwrap();
    assert_eq!(r.created, 1, "{r:?}");
    let page =
        h.t.app
            .list_assets(
                &sys,
                rampart_app::AssetQuery {
                    limit: 10,
                    ..Default::default()
                },
                false,
            )
            .await
            .unwrap();
    let services = h.t.app.list_services(&sys).await.unwrap();
    let nvd = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../rampart-formats/tests/fixtures/feeds/nvd/nvdcve-1.1-sample.json"),
    )
    .unwrap();
    h.t.app
        .import_feed_bytes(&sys, rampart_app::FeedKind::Nvd, "nvd.json", &nvd)
        .await
        .unwrap();
    h.t.app.run_match(&sys, true).await.unwrap();
    let findings =
        h.t.app
            .list_findings(
                &sys,
                rampart_app::FindingQuery {
                    limit: 10,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
    let finding = findings.items.iter().find(|f| f.cve_id == "CVE-2017-0001").unwrap();
    assert_eq!(finding.org_id, h.seed.transport.0);
    Targets {
        org: h.seed.transport.0,
        user: victim.id.0,
        token: token.record.id.0,
        job: job.0,
        asset: page.items[0].id,
        service: services[0].0.id,
        finding: finding.id,
        cve: "CVE-2017-0001",
    }
}

fn concrete(path: &str, t: &Targets) -> String {
    if path.contains("/vulns/") {
        return path.replace("{id}", t.cve);
    }
    if path.contains("{alias}") {
        return path.replace("{alias}", "telemecanique");
    }
    let id = if path.contains("/findings/") {
        t.finding
    } else if path.contains("/orgs/") {
        t.org
    } else if path.contains("/users/") {
        t.user
    } else if path.contains("/tokens/") {
        t.token
    } else if path.contains("/assets/") {
        t.asset
    } else if path.contains("/services/") {
        t.service
    } else {
        t.job
    };
    path.replace("{*path}", "app.css").replace("{id}", &id.to_string())
}

fn request(method: &str, path: &str, token: Option<&str>) -> axum::http::Request<Body> {
    let m: Method = method.parse().unwrap();
    let mut b = req(m.clone(), path);
    if let Some(t) = token {
        b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    if m == Method::GET {
        return b.body(Body::empty()).unwrap();
    }
    if path.starts_with("/api/") {
        b.header(header::CONTENT_TYPE, "application/json")
            .body(Body::from("{}"))
            .unwrap()
    } else {
        b.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::empty())
            .unwrap()
    }
}

#[tokio::test]
async fn every_route_is_listed_and_enforced_for_every_role() {
    let h = harness().await;
    let t = targets(&h).await;
    let expected = expected();

    let declared: BTreeSet<(String, String)> = route_infos()
        .iter()
        .map(|r| (r.method.to_owned(), r.path.to_owned()))
        .collect();
    let listed: BTreeSet<(String, String)> = expected
        .iter()
        .map(|(m, p, _)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    let missing: Vec<_> = declared.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&declared).collect();
    assert!(
        missing.is_empty(),
        "routes in the router but not in this test's list: {missing:?}"
    );
    assert!(stale.is_empty(), "routes listed here but not in the router: {stale:?}");

    // The declared access agrees with "public" in this list.
    let access: BTreeMap<(String, String), Access> = route_infos()
        .iter()
        .map(|r| ((r.method.to_owned(), r.path.to_owned()), r.access))
        .collect();

    let mut tokens = BTreeMap::new();
    for role in Role::ALL {
        tokens.insert(role, h.token(h.role_user(role)).await);
    }

    let mut checked = 0;
    for (method, pattern, who) in &expected {
        let path = concrete(pattern, &t);
        let declared_public = access[&((*method).to_owned(), (*pattern).to_owned())] == Access::Public;
        let anon = h.call(request(method, &path, None)).await;
        match who {
            Who::Public => {
                assert!(
                    declared_public,
                    "{method} {pattern} is public here but not in the route table"
                );
                assert!(
                    anon.status != StatusCode::UNAUTHORIZED && anon.status != StatusCode::FORBIDDEN,
                    "{method} {path} anonymous: {} {}",
                    anon.status,
                    anon.body
                );
            }
            Who::Roles(allowed) => {
                assert!(!declared_public, "{method} {pattern} must not be public");
                let to_login = anon.status == StatusCode::SEE_OTHER && anon.location().starts_with("/login");
                assert!(
                    anon.status == StatusCode::UNAUTHORIZED
                        || (to_login && *method == "GET" && !path.starts_with("/api/")),
                    "{method} {path} anonymous: {} {}",
                    anon.status,
                    anon.body
                );
                for role in Role::ALL {
                    let r = h.call(request(method, &path, Some(&tokens[&role]))).await;
                    if allowed.contains(&role) {
                        assert!(
                            r.status != StatusCode::UNAUTHORIZED && r.status != StatusCode::FORBIDDEN,
                            "{method} {path} as {role}: expected to be allowed, got {} {}",
                            r.status,
                            r.body
                        );
                        assert!(
                            !r.status.is_server_error(),
                            "{method} {path} as {role}: {} {}",
                            r.status,
                            r.body
                        );
                    } else {
                        assert_eq!(r.status, StatusCode::FORBIDDEN, "{method} {path} as {role}: {}", r.body);
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 300, "checked {checked} (route, role) pairs");
}

#[tokio::test]
async fn agency_roles_see_their_own_agency_but_not_others() {
    let h = harness().await;
    let manager = h.token(h.role_user(Role::AgencyManager)).await;
    let own = h
        .get_with_token(&format!("/api/v1/orgs/{}", h.seed.water.0), &manager)
        .await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    let other = h
        .get_with_token(&format!("/api/v1/orgs/{}", h.seed.transport.0), &manager)
        .await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    // The user list is limited to the manager's agency.
    let users = h.get_with_token("/api/v1/users", &manager).await.json();
    let orgs: BTreeSet<i64> = users["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["org_id"].as_i64().unwrap())
        .collect();
    assert_eq!(orgs, BTreeSet::from([h.seed.water.0]));
    // Organisations: own agency and the city only.
    let list = h.get_with_token("/api/v1/orgs", &manager).await.json();
    let ids: BTreeSet<i64> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, BTreeSet::from([h.seed.city.0, h.seed.water.0]));
}

#[tokio::test]
async fn read_scoped_tokens_cannot_write() {
    let h = harness().await;
    let admin = h.t.app.find_user("admin").await.unwrap();
    let t =
        h.t.app
            .create_token(&Actor::System("test"), admin.id, "ro", &[TokenScope::Read], None)
            .await
            .unwrap();
    let r = h
        .call(
            req(Method::POST, "/api/v1/orgs")
                .header(header::AUTHORIZATION, format!("Bearer {}", t.secret))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(r#"{"name":"Library","kind":"agency"}"#))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(h.get_with_token("/api/v1/orgs", &t.secret).await.status, StatusCode::OK);
}
