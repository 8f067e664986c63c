//! Extractors whose rejections are problem+json with a message naming the
//! problem (and, for JSON, where it is).

use std::str::FromStr;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;

use crate::error::WebError;

/// A JSON body. Unknown fields are rejected by the DTOs (`deny_unknown_fields`).
pub(crate) struct ApiJson<T>(pub(crate) T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = WebError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(e) => Err(json_rejection(e)),
        }
    }
}

fn json_rejection(e: JsonRejection) -> WebError {
    let status = e.status();
    let detail = match &e {
        JsonRejection::JsonDataError(d) => format!(
            "invalid request body: {}",
            d.body_text()
                .trim_start_matches("Failed to deserialize the JSON body into the target type: ")
        ),
        JsonRejection::JsonSyntaxError(d) => format!(
            "malformed JSON: {}",
            d.body_text()
                .trim_start_matches("Failed to parse the request body as JSON: ")
        ),
        JsonRejection::MissingJsonContentType(_) => {
            "send the body as JSON with `Content-Type: application/json`".to_owned()
        }
        _ if status == StatusCode::PAYLOAD_TOO_LARGE => "the request body is too large".to_owned(),
        other => other.body_text(),
    };
    WebError::new(status, detail)
}

/// Query parameters.
pub(crate) struct ApiQuery<T>(pub(crate) T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = WebError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(ApiQuery(v)),
            Err(e) => Err(query_rejection(e, parts.uri.path())),
        }
    }
}

fn query_rejection(e: QueryRejection, path: &str) -> WebError {
    let detail = e
        .body_text()
        .replace("Failed to deserialize query string: ", "invalid query parameter: ");
    WebError::bad_request(detail).with_flavor(crate::auth::flavor(path))
}

/// A single `{id}` path parameter parsed with `FromStr` (e.g. `OrgId`).
pub(crate) struct IdPath<T>(pub(crate) T);

impl<S: Send + Sync, T: FromStr> FromRequestParts<S> for IdPath<T>
where
    T::Err: std::fmt::Display,
{
    type Rejection = WebError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let fl = crate::auth::flavor(parts.uri.path());
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|e| WebError::bad_request(e.body_text()).with_flavor(fl))?;
        raw.parse::<T>()
            .map(IdPath)
            .map_err(|e| WebError::bad_request(e.to_string()).with_flavor(fl))
    }
}

/// Decodes an opaque cursor (base64url of a decimal position).
pub(crate) fn decode_cursor(c: Option<&str>) -> Result<Option<i64>, WebError> {
    use base64::Engine;
    let Some(c) = c.filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(c)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| s.parse::<i64>().ok())
        .filter(|n| *n > 0)
        .map(Some)
        .ok_or_else(|| {
            WebError::bad_request(format!(
                "invalid cursor `{}`: pass back a next_cursor value unchanged",
                c.chars().take(40).collect::<String>()
            ))
        })
}

/// Encodes a cursor.
pub(crate) fn encode_cursor(n: Option<i64>) -> Option<String> {
    use base64::Engine;
    n.map(|n| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(n.to_string()))
}

/// Deserialises an optional query parameter, a blank value (`name=`, as HTML
/// forms send an unselected option) meaning absent.
pub(crate) fn blank_as_none<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: FromStr,
    T::Err: std::fmt::Display,
{
    use serde::Deserialize;
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(s) if s.trim().is_empty() => Ok(None),
        Some(s) => s.trim().parse().map(Some).map_err(serde::de::Error::custom),
    }
}
