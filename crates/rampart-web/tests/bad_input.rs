//! Bad input gets a 4xx problem+json (API) or an HTML error page (UI), never
//! a 500 or a panic.
#![allow(clippy::unwrap_used)] // test helpers unwrap: a failure is the test failing

mod common;

use axum::body::Body;
use axum::http::{Method, StatusCode, header};
use common::{harness, harness_with, req};
use rampart_web::WebConfig;

fn json_post(uri: &str, token: &str, body: impl Into<Body>) -> axum::http::Request<Body> {
    req(Method::POST, uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.into())
        .unwrap()
}

#[tokio::test]
async fn malformed_json_is_a_problem_naming_the_place() {
    let h = harness().await;
    let t = h.token("admin").await;
    let r = h
        .call(json_post("/api/v1/orgs", &t, r#"{"name": "Library", "kind": "agency""#))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.content_type(), "application/problem+json");
    let p = r.json();
    assert_eq!(p["status"], 400);
    assert!(p["detail"].as_str().unwrap().contains("line 1"), "{p}");

    let r = h.call(json_post("/api/v1/orgs", &t, "\u{0}\u{ff}garbage")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);

    // Wrong type for a field.
    let r = h
        .call(json_post("/api/v1/orgs", &t, r#"{"name": 5, "kind": "agency"}"#))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.json()["detail"].as_str().unwrap().contains("name"), "{}", r.body);
}

#[tokio::test]
async fn unknown_fields_are_rejected_by_name() {
    let h = harness().await;
    let t = h.token("admin").await;
    let r = h
        .call(json_post(
            "/api/v1/orgs",
            &t,
            r#"{"name": "Library", "kind": "agency", "colour": "red"}"#,
        ))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.json()["detail"].as_str().unwrap().contains("unknown field `colour`"),
        "{}",
        r.body
    );
    let r = h.get_with_token("/api/v1/audit?colour=red", &t).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("colour"), "{}", r.body);
}

#[tokio::test]
async fn invalid_values_are_422_naming_the_field() {
    let h = harness().await;
    let t = h.token("admin").await;
    let r = h
        .call(json_post(
            "/api/v1/orgs",
            &t,
            r#"{"name": "Library", "kind": "ministry"}"#,
        ))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.json()["detail"].as_str().unwrap().starts_with("kind:"), "{}", r.body);
    let r = h
        .call(json_post(
            "/api/v1/users",
            &t,
            r#"{"username": "x", "org_id": 1, "roles": ["root"]}"#,
        ))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("unknown role `root`"), "{}", r.body);
    let r = h.get_with_token("/api/v1/audit?since=yesterday", &t).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = h.get_with_token("/api/v1/audit?cursor=%%%", &t).await;
    assert!(r.status.is_client_error(), "{}", r.body);
    let r = h.get_with_token("/api/v1/audit?limit=lots", &t).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
}

#[tokio::test]
async fn invalid_ids_are_400_not_500() {
    let h = harness().await;
    let t = h.token("admin").await;
    for uri in [
        "/api/v1/orgs/abc",
        "/api/v1/orgs/-1",
        "/api/v1/orgs/0",
        "/api/v1/users/99999999999999999999",
        "/api/v1/jobs/1.5",
    ] {
        let r = h.get_with_token(uri, &t).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}: {}", r.body);
        assert_eq!(r.content_type(), "application/problem+json");
    }
    let r = h.get_with_token("/api/v1/orgs/424242", &t).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let (cookie, _) = h.session("admin").await;
    let r = h
        .call(
            req(Method::GET, "/admin/orgs/abc")
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.content_type().starts_with("text/html"), "{}", r.content_type());
}

#[tokio::test]
async fn oversized_bodies_are_413() {
    let h = harness_with(WebConfig {
        cookie_secure: false,
        max_body_bytes: 4096,
        ..WebConfig::default()
    })
    .await;
    let t = h.token("admin").await;
    let big = format!(r#"{{"name": "{}", "kind": "agency"}}"#, "x".repeat(10_000));
    let r = h.call(json_post("/api/v1/orgs", &t, big)).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);
    assert_eq!(r.content_type(), "application/problem+json");
    // A form through the session/CSRF path too.
    let (cookie, csrf) = h.session("admin").await;
    let body = format!("csrf={csrf}&name={}", "y".repeat(10_000));
    let r = h
        .call(
            req(Method::POST, "/admin/orgs")
                .header(header::COOKIE, cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);
}

#[tokio::test]
async fn bad_csrf_tokens_are_refused() {
    let h = harness().await;
    let (cookie, csrf) = h.session("admin").await;
    let form = |body: String| {
        req(Method::POST, "/admin/orgs")
            .header(header::COOKIE, cookie.clone())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap()
    };
    let r = h.call(form("name=Library&kind=agency".into())).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "missing token: {}", r.body);
    assert!(r.body.contains("CSRF"));
    let r = h.call(form("name=Library&kind=agency&csrf=forged".into())).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "forged token");
    let r = h.call(form(format!("name=Library&kind=agency&csrf={csrf}"))).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "good token: {}", r.body);

    // API calls made with the session cookie need the header.
    let api = |hdr: Option<&str>| {
        let mut b = req(Method::POST, "/api/v1/orgs")
            .header(header::COOKIE, cookie.clone())
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(v) = hdr {
            b = b.header("x-csrf-token", v);
        }
        b.body(Body::from(r#"{"name": "Museum", "kind": "agency"}"#)).unwrap()
    };
    assert_eq!(h.call(api(None)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(h.call(api(Some("nope"))).await.status, StatusCode::FORBIDDEN);
    assert_eq!(h.call(api(Some(&csrf))).await.status, StatusCode::CREATED);

    // The login form's own CSRF (double submit).
    let r = h
        .call(
            req(Method::POST, "/login")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, "rampart_login_csrf=abc")
                .body(Body::from("username=admin&password=x&csrf=def"))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn unknown_paths_and_methods_are_4xx() {
    let h = harness().await;
    let t = h.token("admin").await;
    let r = h.get_with_token("/api/v1/nothing-here", &t).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.content_type(), "application/problem+json");
    let r = h
        .call(
            req(Method::DELETE, "/api/v1/orgs")
                .header(header::AUTHORIZATION, format!("Bearer {t}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    let r = h
        .call(req(Method::GET, "/no/such/page").body(Body::empty()).unwrap())
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.content_type().starts_with("text/html"));
    // Garbage bearer tokens are 401, not 500.
    for bad in [
        "",
        "x",
        "rmp_",
        "rmp_zz_zz",
        "rmp_0123456789abcdef_nope",
        &"a".repeat(5000),
    ] {
        let r = h.get_with_token("/api/v1/me", bad).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{bad:?}");
    }
}

#[tokio::test]
async fn blank_filter_fields_mean_any() {
    // An HTML form sends `name=` for an unselected "any" option.
    let h = harness().await;
    let t = h.token("admin").await;
    let r = h
        .get_with_token("/assets?q=&type=&vendor=&zone=&org=&exposed=&criticality=&missing=", &t)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = h.get_with_token("/api/v1/assets?zone=&exposed=", &t).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // A value that is not blank must still parse.
    let r = h.get_with_token("/api/v1/assets?zone=north", &t).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.json()["detail"].as_str().unwrap().contains("zone"), "{}", r.body);
}
