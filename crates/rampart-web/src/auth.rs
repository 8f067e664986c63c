//! Authentication and authorisation at the edge.
//!
//! Two layers. [`authenticate`] runs on every request: it turns a session
//! cookie or an `Authorization: Bearer` token into an [`Authenticated`].
//! [`authorize`] is attached to each route from the route table with that
//! route's [`Access`]; it answers 401/403 (or sends a browser to the login
//! page), checks the CSRF token of every state-changing request made with a
//! session cookie, and hands the handler a [`Ctx`].

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;

use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use rampart_app::{Actor, Authenticated, SessionInfo};

use crate::AppState;
use crate::error::{Flavor, WebError};
use crate::routes::Access;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "rampart_session";
/// The cookie carrying the login form's CSRF token (double submit: there is no session yet).
pub(crate) const LOGIN_CSRF_COOKIE: &str = "rampart_login_csrf";
/// The header carrying the CSRF token for API calls made with a session cookie.
pub(crate) const CSRF_HEADER: &str = "x-csrf-token";

/// Per-client-IP limit on login attempts (in memory, per process; the
/// per-account lockout in the database holds across processes).
pub(crate) struct LoginLimiter(DefaultKeyedRateLimiter<IpAddr>);

impl LoginLimiter {
    pub(crate) fn new(per_minute: u32) -> Self {
        let n = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        Self(RateLimiter::keyed(Quota::per_minute(n)))
    }

    /// `Err(seconds to wait)` when the client has used its attempts.
    pub(crate) fn check(&self, ip: IpAddr) -> Result<(), u64> {
        use governor::clock::{Clock, DefaultClock};
        self.0
            .check_key(&ip)
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()).as_secs().max(1))
    }
}

/// What the authentication layer found.
#[derive(Clone)]
pub(crate) struct AuthState(pub(crate) Option<Authenticated>);

/// The context a handler runs in: who acts, and the session if any.
#[derive(Clone)]
pub(crate) struct Ctx {
    pub(crate) actor: Actor,
    pub(crate) session: Option<SessionInfo>,
}

impl Ctx {
    /// The CSRF token to embed in forms (empty for token-authenticated requests).
    pub(crate) fn csrf(&self) -> &str {
        self.session.as_ref().map_or("", |s| s.csrf_token.as_str())
    }

    pub(crate) fn principal(&self) -> Option<&rampart_core::authz::Principal> {
        self.actor.principal()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = WebError;
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Ctx>().cloned().ok_or_else(|| {
            WebError::new(StatusCode::INTERNAL_SERVER_ERROR, "route has no access rule")
                .with_flavor(flavor(parts.uri.path()))
        })
    }
}

/// The client's address: the socket peer, or the first `X-Forwarded-For`
/// entry when the proxy is trusted.
pub(crate) fn client_ip(parts_headers: &HeaderMap, ext: &axum::http::Extensions, trust_proxy: bool) -> IpAddr {
    if trust_proxy
        && let Some(ip) = parts_headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .and_then(|v| v.trim().parse().ok())
    {
        return ip;
    }
    ext.get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([127, 0, 0, 1]), |c| c.0.ip())
}

pub(crate) fn flavor(path: &str) -> Flavor {
    if path.starts_with("/api/") || path == "/metrics" {
        Flavor::Api
    } else {
        Flavor::Html
    }
}

pub(crate) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Builds a `Set-Cookie` value with Rampart's attributes.
pub(crate) fn set_cookie(name: &str, value: &str, max_age_secs: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let v = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}");
    HeaderValue::from_str(&v).unwrap_or_else(|_| HeaderValue::from_static("invalid=; Max-Age=0"))
}

/// Resolves the caller on every request.
pub(crate) async fn authenticate(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let fl = flavor(req.uri().path());
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.strip_prefix("Bearer ").unwrap_or("").trim().to_owned());
    let found = if let Some(token) = bearer {
        match state.app.authenticate_token(&token).await {
            Ok(Some((principal, token_id))) => Some(Authenticated::Token { principal, token_id }),
            Ok(None) => {
                let mut r = WebError::new(StatusCode::UNAUTHORIZED, "the API token is invalid, expired or revoked")
                    .with_flavor(Flavor::Api)
                    .into_response();
                r.headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
                return r;
            }
            Err(e) => return WebError::from(e).with_flavor(fl).into_response(),
        }
    } else if let Some(secret) = cookie(req.headers(), SESSION_COOKIE).map(str::to_owned) {
        match state.app.authenticate_session(&secret).await {
            Ok(s) => s.map(Authenticated::Session),
            Err(e) => return WebError::from(e).with_flavor(fl).into_response(),
        }
    } else {
        None
    };
    req.extensions_mut().insert(AuthState(found));
    next.run(req).await
}

fn is_unsafe(m: &Method) -> bool {
    !matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Enforces a route's [`Access`] and, for state changes made with a session
/// cookie, its CSRF token.
pub(crate) async fn authorize(State((state, access)): State<(AppState, Access)>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let fl = flavor(&path);
    if access == Access::Public {
        return next.run(req).await;
    }
    let auth = req.extensions().get::<AuthState>().and_then(|a| a.0.clone());
    let Some(auth) = auth else {
        return match fl {
            Flavor::Html if req.method() == Method::GET => {
                let next_url = req.uri().path_and_query().map_or("/", |p| p.as_str()).to_owned();
                let target = format!(
                    "/login?next={}",
                    url::form_urlencoded::byte_serialize(next_url.as_bytes()).collect::<String>()
                );
                Redirect::to(&target).into_response()
            }
            _ => {
                let mut r = WebError::new(
                    StatusCode::UNAUTHORIZED,
                    "sign in or send an API token (Authorization: Bearer …)",
                )
                .with_flavor(fl)
                .into_response();
                r.headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
                r
            }
        };
    };
    if let Access::Perm(p) = access
        && !auth.principal().can(p)
    {
        return WebError::new(
            StatusCode::FORBIDDEN,
            format!("you are not allowed to do this (requires permission {p})"),
        )
        .with_flavor(fl)
        .into_response();
    }
    let session = match &auth {
        Authenticated::Session(s) => Some(s.clone()),
        Authenticated::Token { .. } => None,
    };
    let mut req = req;
    if let Some(s) = &session
        && is_unsafe(req.method())
    {
        match check_csrf(req, &s.csrf_token, state.config.max_body_bytes).await {
            Ok(r) => req = r,
            Err(e) => return e.with_flavor(fl).into_response(),
        }
    }
    req.extensions_mut().insert(Ctx {
        actor: Actor::User(auth.principal().clone()),
        session,
    });
    next.run(req).await
}

fn csrf_eq(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    !b.is_empty() && a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// Finds the CSRF token in the header, the query (`?csrf=`, for multipart
/// uploads) or an url-encoded form body, and compares it with the session's.
async fn check_csrf(req: Request, expected: &str, limit: usize) -> Result<Request, WebError> {
    let forbidden = || {
        WebError::new(
            StatusCode::FORBIDDEN,
            "missing or invalid CSRF token: reload the page and try again",
        )
    };
    if let Some(h) = req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()) {
        return if csrf_eq(h, expected) {
            Ok(req)
        } else {
            Err(forbidden())
        };
    }
    if let Some(q) = req.uri().query()
        && let Some((_, v)) = url::form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "csrf")
    {
        return if csrf_eq(&v, expected) {
            Ok(req)
        } else {
            Err(forbidden())
        };
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(forbidden());
    }
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, limit).await.map_err(|_| {
        WebError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the request body is larger than {limit} bytes"),
        )
    })?;
    let ok = url::form_urlencoded::parse(&bytes).any(|(k, v)| k == "csrf" && csrf_eq(&v, expected));
    if !ok {
        return Err(forbidden());
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}
