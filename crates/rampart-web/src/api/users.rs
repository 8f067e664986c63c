//! `/api/v1/users`

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use rampart_app::{AppError, UserInput};
use rampart_core::authz::Role;
use rampart_core::ids::{OrgId, UserId};

use super::dto::{Page, PasswordSet, PasswordSetResult, RolesPut, User, UserCreate, UserCreated};
use super::{ApiJson, IdPath};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{Problem, WebResult};

pub(crate) fn parse_roles(names: &[String]) -> Result<Vec<Role>, AppError> {
    names
        .iter()
        .map(|r| r.parse::<Role>().map_err(|e| AppError::invalid("roles", e.to_string())))
        .collect()
}

/// List the users visible to the caller.
#[utoipa::path(get, path = "/api/v1/users", tag = "users",
    responses((status = 200, body = Page<User>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub(crate) async fn list_users(State(s): State<AppState>, ctx: Ctx) -> WebResult<Json<Page<User>>> {
    let users = s.app.list_users(&ctx.actor).await?;
    Ok(Json(Page {
        items: users.into_iter().map(User::from).collect(),
        next_cursor: None,
    }))
}

/// One user.
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users", params(("id" = i64, Path)),
    responses((status = 200, body = User), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub(crate) async fn get_user(State(s): State<AppState>, ctx: Ctx, IdPath(id): IdPath<UserId>) -> WebResult<Json<User>> {
    Ok(Json(s.app.get_user(&ctx.actor, id).await?.into()))
}

/// Create a user. Without a password, one is generated and returned once.
#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = UserCreate,
    responses((status = 201, body = UserCreated), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub(crate) async fn create_user(
    State(s): State<AppState>,
    ctx: Ctx,
    ApiJson(b): ApiJson<UserCreate>,
) -> WebResult<(StatusCode, Json<UserCreated>)> {
    let input = UserInput {
        username: b.username,
        display_name: b.display_name.unwrap_or_default(),
        email: b.email,
        org_id: OrgId(b.org_id),
        roles: parse_roles(&b.roles)?,
        password: b.password,
    };
    let c = s.app.create_user(&ctx.actor, input).await?;
    Ok((
        StatusCode::CREATED,
        Json(UserCreated {
            user: c.user.into(),
            generated_password: c.generated_password,
        }),
    ))
}

/// Replace a user's roles.
#[utoipa::path(put, path = "/api/v1/users/{id}/roles", tag = "users", params(("id" = i64, Path)), request_body = RolesPut,
    responses((status = 200, body = User), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub(crate) async fn set_roles(
    State(s): State<AppState>,
    ctx: Ctx,
    IdPath(id): IdPath<UserId>,
    ApiJson(b): ApiJson<RolesPut>,
) -> WebResult<Json<User>> {
    let roles = parse_roles(&b.roles)?;
    Ok(Json(s.app.set_roles(&ctx.actor, id, roles).await?.into()))
}

/// Set a user's password (generated and returned once when absent). Ends the user's sessions.
#[utoipa::path(post, path = "/api/v1/users/{id}/password", tag = "users", params(("id" = i64, Path)), request_body = PasswordSet,
    responses((status = 200, body = PasswordSetResult), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub(crate) async fn set_password(
    State(s): State<AppState>,
    ctx: Ctx,
    IdPath(id): IdPath<UserId>,
    ApiJson(b): ApiJson<PasswordSet>,
) -> WebResult<Json<PasswordSetResult>> {
    let generated_password = s.app.set_password(&ctx.actor, id, b.password).await?;
    Ok(Json(PasswordSetResult { generated_password }))
}

/// Disable an account (ends its sessions; its tokens stop working).
#[utoipa::path(post, path = "/api/v1/users/{id}/disable", tag = "users", params(("id" = i64, Path)),
    responses((status = 200, body = User), (status = 403, body = Problem)))]
pub(crate) async fn disable_user(
    State(s): State<AppState>,
    ctx: Ctx,
    IdPath(id): IdPath<UserId>,
) -> WebResult<Json<User>> {
    Ok(Json(s.app.set_disabled(&ctx.actor, id, true).await?.into()))
}

/// Enable an account.
#[utoipa::path(post, path = "/api/v1/users/{id}/enable", tag = "users", params(("id" = i64, Path)),
    responses((status = 200, body = User), (status = 403, body = Problem)))]
pub(crate) async fn enable_user(
    State(s): State<AppState>,
    ctx: Ctx,
    IdPath(id): IdPath<UserId>,
) -> WebResult<Json<User>> {
    Ok(Json(s.app.set_disabled(&ctx.actor, id, false).await?.into()))
}
