//! The signed-in user's own page: profile, password, API tokens.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use rampart_app::{AppError, TokenRecord, UserRecord};
use rampart_core::authz::TokenScope;
use rampart_core::ids::TokenId;

use super::form::{Done, HtmlFields, notice};
use super::{Chrome, render};
use crate::AppState;
use crate::api::IdPath;
use crate::auth::Ctx;
use crate::error::{WebError, WebResult};

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    chrome: Chrome,
    user: UserRecord,
    org: String,
    tokens: Vec<TokenRecord>,
    new_secret: Option<String>,
    error: Option<String>,
}

fn html_err(e: AppError) -> WebError {
    WebError::from(e).html()
}

async fn view(s: &AppState, ctx: &Ctx, done: Option<&str>) -> WebResult<AccountPage> {
    let p = ctx.principal().ok_or_else(|| html_err(AppError::Unauthenticated))?;
    let user = s.app.store.get_user(p.user_id).await.map_err(|e| html_err(e.into()))?;
    let org = s
        .app
        .store
        .get_org(user.org_id)
        .await
        .map(|o| o.name)
        .unwrap_or_default();
    let tokens = s.app.list_tokens(&ctx.actor, Some(p.user_id)).await.map_err(html_err)?;
    Ok(AccountPage {
        chrome: Chrome::new(ctx, "Your account", "/account").with_notice(notice(done)),
        user,
        org,
        tokens,
        new_secret: None,
        error: None,
    })
}

/// `GET /account`
pub(crate) async fn account_page(
    State(s): State<AppState>,
    ctx: Ctx,
    axum::extract::Query(q): axum::extract::Query<Done>,
) -> WebResult<Html<String>> {
    render(&view(&s, &ctx, q.done.as_deref()).await?)
}

/// `POST /account/tokens`: creates a token and shows its secret once.
pub(crate) async fn create_own_token(State(s): State<AppState>, ctx: Ctx, f: HtmlFields) -> WebResult<Response> {
    let p = ctx
        .principal()
        .ok_or_else(|| html_err(AppError::Unauthenticated))?
        .clone();
    let result = async {
        let scopes = f
            .all("scope")
            .into_iter()
            .map(|x| {
                x.parse::<TokenScope>()
                    .map_err(|e| AppError::invalid("scopes", e.to_string()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let days = match f.get("expires_in_days").filter(|d| !d.is_empty()) {
            Some(d) => Some(
                d.parse::<i64>()
                    .map_err(|_| AppError::invalid("expires_in_days", "a number of days"))?,
            ),
            None => None,
        };
        s.app
            .create_token(&ctx.actor, p.user_id, f.get("name").unwrap_or(""), &scopes, days)
            .await
    }
    .await;
    match result {
        Ok(t) => {
            let mut page = view(&s, &ctx, None).await?;
            page.new_secret = Some(t.secret);
            Ok((StatusCode::CREATED, render(&page)?).into_response())
        }
        Err(e @ AppError::Invalid { .. }) => {
            let mut page = view(&s, &ctx, None).await?;
            page.error = Some(e.to_string());
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(html_err(e)),
    }
}

/// `POST /account/tokens/{id}/revoke`
pub(crate) async fn revoke_own_token(
    State(s): State<AppState>,
    ctx: Ctx,
    IdPath(id): IdPath<TokenId>,
) -> WebResult<Response> {
    s.app.revoke_token(&ctx.actor, id).await.map_err(html_err)?;
    Ok(Redirect::to("/account?done=token-revoked").into_response())
}

/// `POST /account/password`: current and new password.
pub(crate) async fn change_own_password(State(s): State<AppState>, ctx: Ctx, f: HtmlFields) -> WebResult<Response> {
    let current = f.get("current").unwrap_or("");
    let new = f.get("new").unwrap_or("");
    let confirm = f.get("confirm").unwrap_or("");
    let result = if new != confirm {
        Err(AppError::invalid(
            "password",
            "the new password and its confirmation differ",
        ))
    } else {
        s.app.change_own_password(&ctx.actor, current, new).await
    };
    match result {
        // Changing the password ends every session, this one included.
        Ok(()) => Ok(Redirect::to("/login").into_response()),
        Err(e @ (AppError::Invalid { .. } | AppError::InvalidCredentials)) => {
            let mut page = view(&s, &ctx, None).await?;
            page.error = Some(e.to_string());
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(html_err(e)),
    }
}
