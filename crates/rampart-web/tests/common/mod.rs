//! Helpers for driving the router in-process.
#![allow(dead_code, unreachable_pub)]

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use rampart_app::Actor;
use rampart_core::authz::{Role, TokenScope};
use rampart_testkit::{Seed, TestApp, seeded_app};
use rampart_web::{AppState, WebConfig, router};
use tower::ServiceExt;

pub struct Harness {
    pub t: TestApp,
    pub seed: Seed,
    pub router: Router,
}

pub async fn harness() -> Harness {
    harness_with(WebConfig {
        cookie_secure: false,
        ..WebConfig::default()
    })
    .await
}

pub async fn harness_with(cfg: WebConfig) -> Harness {
    let (t, seed) = seeded_app().await;
    let router = router(AppState::new(t.app.clone(), cfg));
    Harness { t, seed, router }
}

pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Resp {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    pub fn content_type(&self) -> &str {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

pub async fn send(router: &Router, req: Request<Body>) -> Resp {
    let resp = router.clone().oneshot(req).await.expect("infallible");
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = resp.into_body().collect().await.expect("body").to_bytes();
    Resp {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

pub fn req(method: Method, uri: &str) -> axum::http::request::Builder {
    Request::builder().method(method).uri(uri)
}

impl Harness {
    /// A write-scoped API token for `username`.
    pub async fn token(&self, username: &str) -> String {
        let u = self.t.app.find_user(username).await.expect("user");
        self.t
            .app
            .create_token(&Actor::System("test"), u.id, "test", &[TokenScope::Write], None)
            .await
            .expect("token")
            .secret
    }

    /// A session for `username`: (cookie header value, csrf token).
    pub async fn session(&self, username: &str) -> (String, String) {
        let o = self
            .t
            .app
            .login(username, rampart_testkit::PASSWORD, None, None)
            .await
            .expect("login");
        (
            format!("{}={}", rampart_web::SESSION_COOKIE, o.session_secret),
            o.csrf_token,
        )
    }

    pub async fn call(&self, req: Request<Body>) -> Resp {
        send(&self.router, req).await
    }

    pub async fn get_with_token(&self, uri: &str, token: &str) -> Resp {
        self.call(
            req(Method::GET, uri)
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    pub fn role_user(&self, role: Role) -> &str {
        &self.seed.users.iter().find(|(r, _)| *r == role).expect("role").1
    }
}
