//! Login, sessions, CSRF on the login form, rate limits, lockout, tokens,
//! password storage and security headers.
#![allow(clippy::unwrap_used)] // test helpers unwrap: a failure is the test failing

mod common;

use axum::body::Body;
use axum::http::{Method, StatusCode, header};
use common::{Resp, harness, harness_with, req};
use rampart_app::Actor;
use rampart_core::authz::TokenScope;
use rampart_web::{AppState, WebConfig};

/// GET /login, then POST the form as a browser would; returns the POST response.
async fn browser_login(router: &axum::Router, username: &str, password: &str) -> Resp {
    let page = common::send(router, req(Method::GET, "/login").body(Body::empty()).unwrap()).await;
    assert_eq!(page.status, StatusCode::OK);
    let set = page
        .headers
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let cookie = set.split(';').next().unwrap().to_owned();
    let token = cookie.split_once('=').unwrap().1.to_owned();
    assert!(
        page.body.contains(&format!("name=\"csrf\" value=\"{token}\"")),
        "login form carries the token"
    );
    let body = format!(
        "username={username}&password={}&csrf={token}&next=%2Fadmin%2Forgs",
        password.replace(' ', "+")
    );
    common::send(
        router,
        req(Method::POST, "/login")
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap(),
    )
    .await
}

fn session_cookie(r: &Resp) -> String {
    r.headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|v| v.starts_with("rampart_session="))
        .expect("session cookie")
        .to_owned()
}

#[tokio::test]
async fn browser_login_sets_a_secure_session_and_redirects() {
    let h = harness_with(WebConfig::default()).await; // cookie_secure: true
    let r = browser_login(&h.router, "admin", rampart_testkit::PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/admin/orgs");
    let c = session_cookie(&r);
    for attr in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
        assert!(c.contains(attr), "{c} lacks {attr}");
    }
    let cookie = c.split(';').next().unwrap().to_owned();
    let home = h
        .call(
            req(Method::GET, "/")
                .header(header::COOKIE, &cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(
        home.body.contains("id=\"count-users\">8<"),
        "home shows real counts: {}",
        home.body
    );

    // An open redirect is not followed.
    let r = browser_login(&h.router, "admin", rampart_testkit::PASSWORD).await;
    assert_eq!(r.location(), "/admin/orgs");
}

#[tokio::test]
async fn wrong_passwords_lock_the_account_until_the_lockout_ends() {
    let h = harness().await;
    for i in 1..=5 {
        let r = browser_login(&h.router, "auditor", "wrong password!!").await;
        let expect = if i < 5 {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::LOCKED
        };
        assert_eq!(r.status, expect, "attempt {i}: {}", r.body);
    }
    // Even the right password is refused while locked.
    let r = browser_login(&h.router, "auditor", rampart_testkit::PASSWORD).await;
    assert_eq!(r.status, StatusCode::LOCKED);
    assert!(r.body.contains("locked"));
    h.t.clock.advance(time::Duration::minutes(16));
    let r = browser_login(&h.router, "auditor", rampart_testkit::PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // The audit log recorded the failures and the lockout.
    let page =
        h.t.app
            .audit_page(
                &Actor::System("test"),
                &rampart_app::AuditFilter {
                    action_prefix: Some("auth.".into()),
                    ..Default::default()
                },
                None,
                50,
            )
            .await
            .unwrap();
    let actions: Vec<&str> = page.entries.iter().map(|e| e.action.as_str()).collect();
    assert!(
        actions.contains(&"auth.lockout") && actions.contains(&"auth.login_failed") && actions.contains(&"auth.login"),
        "{actions:?}"
    );
}

#[tokio::test]
async fn login_is_rate_limited_per_client() {
    let h = harness_with(WebConfig {
        cookie_secure: false,
        login_per_minute: 3,
        ..WebConfig::default()
    })
    .await;
    for _ in 0..3 {
        let r = browser_login(&h.router, "nobody", "whatever").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let r = browser_login(&h.router, "admin", rampart_testkit::PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    assert!(r.headers.contains_key(header::RETRY_AFTER));
}

#[tokio::test]
async fn passwords_are_stored_as_argon2id() {
    let h = harness().await;
    for u in h.t.app.store.list_users(None).await.unwrap() {
        let hash = u.password_hash.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$"), "{}: {hash}", u.username);
        assert!(!hash.contains(rampart_testkit::PASSWORD));
    }
}

#[tokio::test]
async fn api_tokens_are_never_stored_in_clear() {
    let h = harness().await;
    let admin = h.t.app.find_user("admin").await.unwrap();
    let t =
        h.t.app
            .create_token(&Actor::System("test"), admin.id, "siem", &[TokenScope::Read], Some(7))
            .await
            .unwrap();
    assert!(t.secret.starts_with("rmp_"));
    // Look at every text column of the token table and the audit log.
    let rec = h.t.app.store.get_token(t.record.id).await.unwrap();
    let stored = format!("{rec:?}");
    // `rmp_<prefix>_<secret>`: the base64url secret may itself contain `_`.
    let secret_part = t.secret.splitn(3, '_').nth(2).unwrap();
    assert_eq!(secret_part.len(), 43, "{}", t.secret);
    assert!(!stored.contains(secret_part), "token secret stored: {stored}");
    assert_eq!(rec.secret_hash, rampart_app_sha256(&t.secret));
    let export = {
        let mut buf = Vec::new();
        h.t.app
            .audit_export(&Actor::System("test"), &Default::default(), &mut buf)
            .await
            .unwrap();
        String::from_utf8(buf).unwrap()
    };
    assert!(!export.contains(secret_part), "token secret in the audit log");
    // It works, until revoked or expired.
    assert_eq!(h.get_with_token("/api/v1/me", &t.secret).await.status, StatusCode::OK);
    h.t.clock.advance(time::Duration::days(8));
    assert_eq!(
        h.get_with_token("/api/v1/me", &t.secret).await.status,
        StatusCode::UNAUTHORIZED
    );
    let t2 =
        h.t.app
            .create_token(&Actor::System("test"), admin.id, "x", &[TokenScope::Read], None)
            .await
            .unwrap();
    assert_eq!(h.get_with_token("/api/v1/me", &t2.secret).await.status, StatusCode::OK);
    h.t.app
        .revoke_token(&Actor::System("test"), t2.record.id)
        .await
        .unwrap();
    assert_eq!(
        h.get_with_token("/api/v1/me", &t2.secret).await.status,
        StatusCode::UNAUTHORIZED
    );
}

fn rampart_app_sha256(s: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(s.as_bytes()))
}

#[tokio::test]
async fn sessions_live_in_the_database_and_work_on_every_process() {
    let h = harness().await;
    // A second "process": another router over the same store.
    let other = rampart_web::router(AppState::new(
        h.t.app.clone(),
        WebConfig {
            cookie_secure: false,
            ..WebConfig::default()
        },
    ));
    let r = browser_login(&h.router, "ciso-less", "x").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = browser_login(&h.router, "security-analyst", rampart_testkit::PASSWORD).await;
    let cookie = session_cookie(&r).split(';').next().unwrap().to_owned();
    let me = common::send(
        &other,
        req(Method::GET, "/api/v1/me")
            .header(header::COOKIE, &cookie)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.body);
    assert_eq!(me.json()["username"], "security-analyst");
    // Logout on one ends it on both.
    let (_, csrf) = {
        let page = common::send(
            &other,
            req(Method::GET, "/account")
                .header(header::COOKIE, &cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        let i = page.body.find("name=\"csrf\" value=\"").unwrap() + 19;
        ((), page.body[i..i + 43].to_owned())
    };
    let out = common::send(
        &other,
        req(Method::POST, "/logout")
            .header(header::COOKIE, &cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!("csrf={csrf}")))
            .unwrap(),
    )
    .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    let me = h
        .call(
            req(Method::GET, "/api/v1/me")
                .header(header::COOKIE, &cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn every_response_carries_security_headers() {
    let h = harness().await;
    for uri in ["/login", "/healthz", "/api/v1/me", "/static/app.css", "/nope"] {
        let r = h.call(req(Method::GET, uri).body(Body::empty()).unwrap()).await;
        let csp = r
            .headers
            .get(header::CONTENT_SECURITY_POLICY)
            .unwrap()
            .to_str()
            .unwrap();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{uri}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(r.headers.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(), "nosniff");
        assert_eq!(r.headers.get(header::X_FRAME_OPTIONS).unwrap(), "DENY");
        assert!(r.headers.contains_key(header::REFERRER_POLICY));
    }
    // No inline script or style in the pages.
    let (cookie, _) = h.session("admin").await;
    for uri in [
        "/",
        "/admin/orgs",
        "/admin/users",
        "/audit",
        "/account",
        "/jobs",
        "/risk",
        "/partnerships",
    ] {
        let r = h
            .call(
                req(Method::GET, uri)
                    .header(header::COOKIE, &cookie)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.body);
        assert!(
            !r.body.contains("<script>") && !r.body.contains("style=\"") && !r.body.contains("onclick"),
            "{uri} has inline code"
        );
    }
}

#[tokio::test]
async fn health_readiness_and_metrics() {
    let h = harness().await;
    assert_eq!(
        h.call(req(Method::GET, "/healthz").body(Body::empty()).unwrap())
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        h.call(req(Method::GET, "/readyz").body(Body::empty()).unwrap())
            .await
            .status,
        StatusCode::OK
    );
    let t = h.token("auditor").await;
    h.get_with_token("/api/v1/orgs", &t).await;
    let m = h.get_with_token("/metrics", &t).await;
    assert_eq!(m.status, StatusCode::OK);
    assert!(
        m.body
            .contains("rampart_http_requests_total{method=\"GET\",route=\"/api/v1/orgs\",status=\"200\"}"),
        "{}",
        m.body
    );
    assert!(m.body.contains("rampart_records{kind=\"users\"} 8"), "{}", m.body);
}

#[tokio::test]
async fn openapi_document_is_committed_and_current() {
    let doc = rampart_web::openapi_json();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json");
    if std::env::var_os("RAMPART_UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &doc).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == doc,
        "docs/openapi.json is out of date: regenerate with `cargo run -- openapi > docs/openapi.json` (or RAMPART_UPDATE_OPENAPI=1 cargo test -p rampart-web openapi)"
    );
    let v: serde_json::Value = serde_json::from_str(&doc).unwrap();
    assert_eq!(v["openapi"].as_str().unwrap().get(..3), Some("3.1"));
    // Every API route in the router is documented.
    for r in rampart_web::route_infos()
        .iter()
        .filter(|r| r.path.starts_with("/api/v1/") && r.path != "/api/v1/openapi.json")
    {
        let m = r.method.to_lowercase();
        assert!(
            v["paths"][r.path][&m].is_object(),
            "{} {} is not in the OpenAPI document",
            r.method,
            r.path
        );
    }
}
