//! Rampart's HTTP edge: the REST API under `/api/v1`, the server-rendered
//! web UI, health and metrics endpoints.
//!
//! Architecture invariant: this is the only crate that knows HTTP. Handlers
//! extract, call one `rampart-app` use case, and map the result.
//!
//! Every route is declared once, in `routes::table` (`src/routes.rs`), with the access it
//! requires; the router is built from that table, and the authorisation
//! test walks the same table, so a route cannot exist without a declared
//! access rule.

mod api;
mod assets;
mod auth;
mod error;
mod metrics;
mod routes;
mod security;
mod ui;

use std::sync::Arc;

use rampart_app::App;

pub use api::openapi_json;
pub use auth::SESSION_COOKIE;
pub use routes::{Access, RouteInfo, route_infos};

/// Settings of the HTTP edge.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` (browsers then send them only over HTTPS, or to localhost).
    pub cookie_secure: bool,
    /// Largest accepted request body, in bytes (uploads have their own limit).
    pub max_body_bytes: usize,
    /// Largest accepted upload (imports), in bytes.
    pub max_upload_bytes: usize,
    /// Login attempts allowed per client IP per minute.
    pub login_per_minute: u32,
    /// Send `Strict-Transport-Security` (when serving TLS).
    pub hsts: bool,
    /// Trust `X-Forwarded-For` for the client address (behind a reverse proxy).
    pub trust_proxy: bool,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            cookie_secure: true,
            max_body_bytes: 1024 * 1024,
            max_upload_bytes: 512 * 1024 * 1024,
            login_per_minute: 10,
            hsts: false,
            trust_proxy: false,
        }
    }
}

/// Shared state of the HTTP edge.
#[derive(Clone)]
pub struct AppState {
    /// The application.
    pub app: Arc<App>,
    /// Settings.
    pub config: Arc<WebConfig>,
    pub(crate) metrics: Arc<metrics::Metrics>,
    pub(crate) login_limiter: Arc<auth::LoginLimiter>,
}

impl AppState {
    /// Wires the state.
    pub fn new(app: Arc<App>, config: WebConfig) -> Self {
        let login_limiter = Arc::new(auth::LoginLimiter::new(config.login_per_minute));
        Self {
            app,
            config: Arc::new(config),
            metrics: Arc::new(metrics::Metrics::new()),
            login_limiter,
        }
    }
}

/// The whole HTTP application.
pub fn router(state: AppState) -> axum::Router {
    routes::build(state)
}
