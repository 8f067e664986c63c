//! Signing in and out.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use rampart_app::AppError;

use super::form::HtmlForm;
use super::render;
use crate::AppState;
use crate::auth::{AuthState, Ctx, LOGIN_CSRF_COOKIE, SESSION_COOKIE, client_ip, cookie, set_cookie};
use crate::error::{WebError, WebResult};

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage<'a> {
    csrf: &'a str,
    next: &'a str,
    username: &'a str,
    error: Option<String>,
    first_run: bool,
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct LoginQuery {
    next: Option<String>,
}

#[derive(Debug, serde::Deserialize)]
pub(crate) struct LoginForm {
    username: String,
    password: String,
    csrf: String,
    #[serde(default)]
    next: String,
}

/// Only same-site paths are followed after login (no open redirect).
fn safe_next(next: &str) -> &str {
    if next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\") {
        next
    } else {
        "/"
    }
}

async fn show(
    state: &AppState,
    status: StatusCode,
    next: &str,
    username: &str,
    error: Option<String>,
) -> WebResult<Response> {
    let token = rampart_app::random_token();
    let first_run = state.app.store.counts().await.map(|c| c.users == 0).unwrap_or(false);
    let page = LoginPage {
        csrf: &token,
        next: safe_next(next),
        username,
        error,
        first_run,
    };
    let mut r = (status, render(&page)?).into_response();
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(LOGIN_CSRF_COOKIE, &token, 3600, state.config.cookie_secure),
    );
    Ok(r)
}

/// `GET /login`
pub(crate) async fn login_page(
    State(state): State<AppState>,
    axum::extract::Query(q): axum::extract::Query<LoginQuery>,
    ext: axum::http::Extensions,
) -> WebResult<Response> {
    if ext.get::<AuthState>().is_some_and(|a| a.0.is_some()) {
        return Ok(Redirect::to("/").into_response());
    }
    show(&state, StatusCode::OK, q.next.as_deref().unwrap_or("/"), "", None).await
}

/// `POST /login`
pub(crate) async fn login_submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    ext: axum::http::Extensions,
    HtmlForm(f): HtmlForm<LoginForm>,
) -> WebResult<Response> {
    let ip = client_ip(&headers, &ext, state.config.trust_proxy);
    if let Err(wait) = state.login_limiter.check(ip) {
        return Err(WebError::from(AppError::RateLimited { retry_after_secs: wait }).html());
    }
    let cookie_token = cookie(&headers, LOGIN_CSRF_COOKIE).unwrap_or("");
    if cookie_token.is_empty() || cookie_token != f.csrf {
        return show(
            &state,
            StatusCode::FORBIDDEN,
            &f.next,
            &f.username,
            Some("The form expired. Please sign in again.".into()),
        )
        .await;
    }
    let ua = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok());
    match state
        .app
        .login(&f.username, &f.password, Some(&ip.to_string()), ua)
        .await
    {
        Ok(outcome) => {
            let ttl = outcome.expires_at.unix_seconds() - state.app.now().unix_seconds();
            let mut r = Redirect::to(safe_next(&f.next)).into_response();
            let h = r.headers_mut();
            h.append(
                header::SET_COOKIE,
                set_cookie(SESSION_COOKIE, &outcome.session_secret, ttl, state.config.cookie_secure),
            );
            h.append(
                header::SET_COOKIE,
                set_cookie(LOGIN_CSRF_COOKIE, "", 0, state.config.cookie_secure),
            );
            Ok(r)
        }
        Err(e @ (AppError::InvalidCredentials | AppError::Locked { .. })) => {
            let status = if matches!(e, AppError::Locked { .. }) {
                StatusCode::LOCKED
            } else {
                StatusCode::UNAUTHORIZED
            };
            show(&state, status, &f.next, &f.username, Some(e.to_string())).await
        }
        Err(e) => Err(WebError::from(e).html()),
    }
}

/// `POST /logout`
pub(crate) async fn logout(State(state): State<AppState>, _ctx: Ctx, headers: HeaderMap) -> WebResult<Response> {
    if let Some(secret) = cookie(&headers, SESSION_COOKIE) {
        state.app.logout(secret).await.map_err(|e| WebError::from(e).html())?;
    }
    let mut r = Redirect::to("/login").into_response();
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, "", 0, state.config.cookie_secure),
    );
    Ok(r)
}
