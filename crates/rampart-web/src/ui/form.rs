//! Form bodies for the UI, with rejections rendered as an HTML error page.

use axum::extract::{FromRequest, Request};

use crate::error::WebError;

/// An url-encoded form.
pub(crate) struct HtmlForm<T>(pub(crate) T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequest<S> for HtmlForm<T> {
    type Rejection = WebError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Form::<T>::from_request(req, state).await {
            Ok(axum::Form(v)) => Ok(HtmlForm(v)),
            Err(e) => Err(WebError::new(e.status(), format!("invalid form: {}", e.body_text())).html()),
        }
    }
}

/// Notices shown after a redirect, chosen by a fixed code (never echoed text).
pub(crate) fn notice(code: Option<&str>) -> Option<String> {
    let msg = match code? {
        "org-created" => "Organisation created.",
        "org-updated" => "Organisation updated.",
        "user-created" => "User created.",
        "roles-updated" => "Roles updated.",
        "user-disabled" => "Account disabled; its sessions have ended.",
        "user-enabled" => "Account enabled.",
        "token-revoked" => "Token revoked.",
        "password-changed" => "Password changed.",
        "welcome" => "Signed in.",
        "finding-updated" => "Finding updated.",
        "alias-set" => "Alias saved. The next match re-matches every vulnerability.",
        "alias-deleted" => "Alias removed. The next match re-matches every vulnerability.",
        _ => return None,
    };
    Some(msg.to_owned())
}

/// The `?done=` code of a redirect.
#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct Done {
    pub(crate) done: Option<String>,
}

/// An url-encoded form read as ordered fields (for repeated names such as
/// checkboxes).
pub(crate) struct HtmlFields(pub(crate) Vec<(String, String)>);

impl HtmlFields {
    /// The first value of `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Every value of `name`.
    pub(crate) fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

impl<S: Send + Sync> FromRequest<S> for HtmlFields {
    type Rejection = WebError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| WebError::new(e.status(), e.body_text()).html())?;
        Ok(HtmlFields(url::form_urlencoded::parse(&bytes).into_owned().collect()))
    }
}
