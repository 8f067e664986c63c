//! Errors at the HTTP edge: RFC 9457 `application/problem+json` for the API,
//! an HTML page for the UI. The user sees a safe message; details go to the log.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rampart_app::AppError;

/// Whether a response should be JSON (API) or HTML (UI).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavor {
    Api,
    Html,
}

/// An error response.
#[derive(Debug)]
pub(crate) struct WebError {
    pub(crate) status: StatusCode,
    pub(crate) title: &'static str,
    pub(crate) detail: String,
    pub(crate) flavor: Flavor,
    pub(crate) retry_after: Option<u64>,
}

impl WebError {
    pub(crate) fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        Self {
            status,
            title: status.canonical_reason().unwrap_or("Error"),
            detail: detail.into(),
            flavor: Flavor::Api,
            retry_after: None,
        }
    }

    pub(crate) fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, detail)
    }

    pub(crate) fn html(mut self) -> Self {
        self.flavor = Flavor::Html;
        self
    }

    pub(crate) fn with_flavor(mut self, f: Flavor) -> Self {
        self.flavor = f;
        self
    }
}

impl From<AppError> for WebError {
    fn from(e: AppError) -> Self {
        let status = match &e {
            AppError::Unauthenticated | AppError::InvalidCredentials => StatusCode::UNAUTHORIZED,
            AppError::Locked { .. } => StatusCode::LOCKED,
            AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        let retry_after = match &e {
            AppError::RateLimited { retry_after_secs } => Some(*retry_after_secs),
            _ => None,
        };
        // AppError's Display is the user-facing message; Internal shows "internal error".
        let mut w = WebError::new(status, e.to_string());
        w.retry_after = retry_after;
        w
    }
}

/// The body of an RFC 9457 problem.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub(crate) struct Problem {
    /// A URI reference identifying the problem type (`about:blank`: the status says it).
    #[serde(rename = "type")]
    pub(crate) kind: String,
    /// Short summary.
    pub(crate) title: String,
    /// HTTP status.
    pub(crate) status: u16,
    /// What went wrong, for a human.
    pub(crate) detail: String,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        if self.status.is_server_error() {
            tracing::error!(status = %self.status, detail = %self.detail, "request failed");
        }
        let mut resp = match self.flavor {
            Flavor::Api => {
                let body = Problem {
                    kind: "about:blank".into(),
                    title: self.title.into(),
                    status: self.status.as_u16(),
                    detail: self.detail,
                };
                let json = serde_json::to_vec(&body).unwrap_or_default();
                let mut r = (self.status, json).into_response();
                r.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/problem+json"),
                );
                r
            }
            Flavor::Html => {
                let page = crate::ui::error_page(self.status, self.title, &self.detail);
                (self.status, page).into_response()
            }
        };
        if let Some(secs) = self.retry_after
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            resp.headers_mut().insert(header::RETRY_AFTER, v);
        }
        resp
    }
}

/// Result type of handlers.
pub(crate) type WebResult<T> = Result<T, WebError>;
