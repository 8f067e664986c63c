//! `/api/v1/tokens`

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use rampart_app::AppError;
use rampart_core::authz::TokenScope;
use rampart_core::ids::{TokenId, UserId};

use super::dto::{Page, Token, TokenCreate, TokenCreated};
use super::{ApiJson, ApiQuery, IdPath};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{Problem, WebError, WebResult};

/// Filter for listing tokens.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub(crate) struct TokenQuery {
    /// Whose tokens: a user id, or `all` (needs `token.manage`). Default: yours.
    user: Option<String>,
}

/// List API tokens (yours by default).
#[utoipa::path(get, path = "/api/v1/tokens", tag = "tokens", params(TokenQuery),
    responses((status = 200, body = Page<Token>), (status = 403, body = Problem)))]
pub(crate) async fn list_tokens(
    State(s): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<TokenQuery>,
) -> WebResult<Json<Page<Token>>> {
    let me = ctx.principal().map(|p| p.user_id);
    let owner = match q.user.as_deref() {
        None | Some("") => me,
        Some("all") => None,
        Some(id) => Some(id.parse::<UserId>().map_err(|e| WebError::bad_request(e.to_string()))?),
    };
    let tokens = s.app.list_tokens(&ctx.actor, owner).await?;
    Ok(Json(Page {
        items: tokens.into_iter().map(Token::from).collect(),
        next_cursor: None,
    }))
}

/// Create an API token. The secret is in the response and nowhere else.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "tokens", request_body = TokenCreate,
    responses((status = 201, body = TokenCreated), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub(crate) async fn create_token(
    State(s): State<AppState>,
    ctx: Ctx,
    ApiJson(b): ApiJson<TokenCreate>,
) -> WebResult<(StatusCode, Json<TokenCreated>)> {
    let scopes = b
        .scopes
        .iter()
        .map(|x| {
            x.parse::<TokenScope>()
                .map_err(|e| AppError::invalid("scopes", e.to_string()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let owner = match (b.user_id, ctx.principal()) {
        (Some(u), _) => UserId(u),
        (None, Some(p)) => p.user_id,
        (None, None) => return Err(AppError::invalid("user_id", "required").into()),
    };
    let t = s
        .app
        .create_token(&ctx.actor, owner, &b.name, &scopes, b.expires_in_days)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(TokenCreated {
            token: t.record.into(),
            secret: t.secret,
        }),
    ))
}

/// Revoke an API token.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "tokens", params(("id" = i64, Path)),
    responses((status = 200, body = Token), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub(crate) async fn revoke_token(
    State(s): State<AppState>,
    ctx: Ctx,
    IdPath(id): IdPath<TokenId>,
) -> WebResult<Json<Token>> {
    Ok(Json(s.app.revoke_token(&ctx.actor, id).await?.into()))
}
