//! Organisations and users administration.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use rampart_app::{AppError, OrgInput, OrgRecord, UserInput, UserRecord};
use rampart_core::authz::{Permission, Role};
use rampart_core::ids::{OrgId, UserId};

use super::form::{Done, HtmlFields, HtmlForm, notice};
use super::{Chrome, render};
use crate::AppState;
use crate::api::IdPath;
use crate::auth::Ctx;
use crate::error::{WebError, WebResult};

fn html_err(e: AppError) -> WebError {
    WebError::from(e).html()
}

/// An option of a `<select>`.
pub(crate) struct Opt {
    pub(crate) value: String,
    pub(crate) label: String,
    pub(crate) selected: bool,
}

fn org_options(orgs: &[OrgRecord], selected: Option<OrgId>) -> Vec<Opt> {
    orgs.iter()
        .map(|o| Opt {
            value: o.id.0.to_string(),
            label: o.name.clone(),
            selected: Some(o.id) == selected,
        })
        .collect()
}

/// A role checkbox.
pub(crate) struct RoleBox {
    pub(crate) value: &'static str,
    pub(crate) label: &'static str,
    pub(crate) checked: bool,
}

fn role_boxes(have: &[Role]) -> Vec<RoleBox> {
    Role::ALL
        .iter()
        .map(|r| RoleBox {
            value: r.as_str(),
            label: r.label(),
            checked: have.contains(r),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "orgs.html")]
struct OrgsPage {
    chrome: Chrome,
    orgs: Vec<OrgRecord>,
    can_manage: bool,
    error: Option<String>,
    kind_filter: String,
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct OrgsQuery {
    kind: Option<String>,
    done: Option<String>,
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct OrgForm {
    #[serde(default)]
    slug: String,
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    partner_type: String,
    #[serde(default)]
    sector: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    #[allow(dead_code)]
    csrf: String,
}

impl OrgForm {
    fn input(self) -> OrgInput {
        OrgInput {
            slug: self.slug,
            name: self.name,
            kind: self.kind,
            partner_type: Some(self.partner_type).filter(|s| !s.is_empty()),
            sector: Some(self.sector),
            description: self.description,
        }
    }
}

async fn orgs_view(
    s: &AppState,
    ctx: &Ctx,
    kind: Option<String>,
    error: Option<String>,
    done: Option<&str>,
) -> WebResult<OrgsPage> {
    let mut orgs = s.app.list_orgs(&ctx.actor).await.map_err(html_err)?;
    let kind_filter = kind.unwrap_or_default();
    if !kind_filter.is_empty() {
        orgs.retain(|o| o.kind.as_str() == kind_filter);
    }
    let can_manage = ctx.principal().is_some_and(|p| p.can(Permission::OrgManage));
    Ok(OrgsPage {
        chrome: Chrome::new(ctx, "Organisations", "/admin/orgs").with_notice(notice(done)),
        orgs,
        can_manage,
        error,
        kind_filter,
    })
}

/// `GET /admin/orgs`
pub(crate) async fn orgs_page(
    State(s): State<AppState>,
    ctx: Ctx,
    axum::extract::Query(q): axum::extract::Query<OrgsQuery>,
) -> WebResult<Html<String>> {
    let done = q.done.clone();
    render(&orgs_view(&s, &ctx, q.kind, None, done.as_deref()).await?)
}

/// `POST /admin/orgs`
pub(crate) async fn org_create(
    State(s): State<AppState>,
    ctx: Ctx,
    HtmlForm(f): HtmlForm<OrgForm>,
) -> WebResult<Response> {
    match s.app.create_org(&ctx.actor, &f.input()).await {
        Ok(o) => Ok(Redirect::to(&format!("/admin/orgs/{}?done=org-created", o.id)).into_response()),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            let page = orgs_view(&s, &ctx, None, Some(e.to_string()), None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(html_err(e)),
    }
}

#[derive(Template)]
#[template(path = "org.html")]
struct OrgPage {
    chrome: Chrome,
    org: OrgRecord,
    users: Vec<UserRecord>,
    can_manage: bool,
    can_see_users: bool,
    error: Option<String>,
}

async fn org_view(s: &AppState, ctx: &Ctx, id: OrgId, error: Option<String>, done: Option<&str>) -> WebResult<OrgPage> {
    let org = s.app.get_org(&ctx.actor, id).await.map_err(html_err)?;
    let can_see_users = ctx.principal().is_some_and(|p| p.can_on(Permission::UserView, id));
    let users = if can_see_users {
        s.app
            .list_users(&ctx.actor)
            .await
            .map_err(html_err)?
            .into_iter()
            .filter(|u| u.org_id == id)
            .collect()
    } else {
        Vec::new()
    };
    let can_manage = ctx.principal().is_some_and(|p| p.can(Permission::OrgManage));
    Ok(OrgPage {
        chrome: Chrome::new(ctx, org.name.clone(), "/admin/orgs").with_notice(notice(done)),
        org,
        users,
        can_manage,
        can_see_users,
        error,
    })
}

/// `GET /admin/orgs/{id}`
pub(crate) async fn org_detail(
    State(s): State<AppState>,
    ctx: Ctx,
    IdPath(id): IdPath<OrgId>,
    axum::extract::Query(q): axum::extract::Query<Done>,
) -> WebResult<Html<String>> {
    render(&org_view(&s, &ctx, id, None, q.done.as_deref()).await?)
}

/// `POST /admin/orgs/{id}`
pub(crate) async fn org_update(
    State(s): State<AppState>,
    ctx: Ctx,
    IdPath(id): IdPath<OrgId>,
    HtmlForm(f): HtmlForm<OrgForm>,
) -> WebResult<Response> {
    match s.app.update_org(&ctx.actor, id, &f.input()).await {
        Ok(_) => Ok(Redirect::to(&format!("/admin/orgs/{id}?done=org-updated")).into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let page = org_view(&s, &ctx, id, Some(e.to_string()), None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(html_err(e)),
    }
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    chrome: Chrome,
    users: Vec<(UserRecord, String)>,
    org_options: Vec<Opt>,
    roles: Vec<RoleBox>,
    can_manage: bool,
    error: Option<String>,
    created: Option<(String, Option<String>)>,
}

async fn users_view(s: &AppState, ctx: &Ctx, error: Option<String>, done: Option<&str>) -> WebResult<UsersPage> {
    let users = s.app.list_users(&ctx.actor).await.map_err(html_err)?;
    let orgs = s.app.list_orgs(&ctx.actor).await.unwrap_or_default();
    let users = users
        .into_iter()
        .map(|u| {
            let org = orgs
                .iter()
                .find(|o| o.id == u.org_id)
                .map_or_else(|| u.org_id.to_string(), |o| o.name.clone());
            (u, org)
        })
        .collect();
    let can_manage = ctx.principal().is_some_and(|p| p.can(Permission::UserManage));
    Ok(UsersPage {
        chrome: Chrome::new(ctx, "Users", "/admin/users").with_notice(notice(done)),
        users,
        org_options: org_options(&orgs, None),
        roles: role_boxes(&[]),
        can_manage,
        error,
        created: None,
    })
}

/// `GET /admin/users`
pub(crate) async fn users_page(
    State(s): State<AppState>,
    ctx: Ctx,
    axum::extract::Query(q): axum::extract::Query<Done>,
) -> WebResult<Html<String>> {
    render(&users_view(&s, &ctx, None, q.done.as_deref()).await?)
}

fn roles_of(f: &HtmlFields) -> Result<Vec<Role>, AppError> {
    f.all("role")
        .into_iter()
        .map(|r| r.parse::<Role>().map_err(|e| AppError::invalid("roles", e.to_string())))
        .collect()
}

/// `POST /admin/users`
pub(crate) async fn user_create(State(s): State<AppState>, ctx: Ctx, f: HtmlFields) -> WebResult<Response> {
    let result = async {
        let org_id: OrgId = f
            .get("org_id")
            .unwrap_or("")
            .parse()
            .map_err(|_| AppError::invalid("organisation", "choose an organisation"))?;
        let password = f.get("password").filter(|p| !p.is_empty()).map(str::to_owned);
        let input = UserInput {
            username: f.get("username").unwrap_or("").to_owned(),
            display_name: f.get("display_name").unwrap_or("").to_owned(),
            email: f.get("email").map(str::to_owned),
            org_id,
            roles: roles_of(&f)?,
            password,
        };
        s.app.create_user(&ctx.actor, input).await
    }
    .await;
    match result {
        Ok(c) => {
            let mut page = users_view(&s, &ctx, None, Some("user-created")).await?;
            page.created = Some((c.user.username, c.generated_password));
            Ok((StatusCode::CREATED, render(&page)?).into_response())
        }
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            let page = users_view(&s, &ctx, Some(e.to_string()), None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(html_err(e)),
    }
}

#[derive(Template)]
#[template(path = "user.html")]
struct UserPage {
    chrome: Chrome,
    user: UserRecord,
    org: String,
    roles: Vec<RoleBox>,
    can_manage: bool,
    is_self: bool,
    generated_password: Option<String>,
    error: Option<String>,
}

async fn user_view(s: &AppState, ctx: &Ctx, id: UserId, done: Option<&str>) -> WebResult<UserPage> {
    let user = s.app.get_user(&ctx.actor, id).await.map_err(html_err)?;
    let org = s
        .app
        .store
        .get_org(user.org_id)
        .await
        .map(|o| o.name)
        .unwrap_or_default();
    let can_manage = ctx
        .principal()
        .is_some_and(|p| p.can_on(Permission::UserManage, user.org_id));
    let is_self = ctx.principal().is_some_and(|p| p.user_id == id);
    Ok(UserPage {
        chrome: Chrome::new(ctx, user.username.clone(), "/admin/users").with_notice(notice(done)),
        roles: role_boxes(&user.roles),
        user,
        org,
        can_manage,
        is_self,
        generated_password: None,
        error: None,
    })
}

/// `GET /admin/users/{id}`
pub(crate) async fn user_detail(
    State(s): State<AppState>,
    ctx: Ctx,
    IdPath(id): IdPath<UserId>,
    axum::extract::Query(q): axum::extract::Query<Done>,
) -> WebResult<Html<String>> {
    render(&user_view(&s, &ctx, id, q.done.as_deref()).await?)
}

/// `POST /admin/users/{id}/roles`
pub(crate) async fn user_roles(
    State(s): State<AppState>,
    ctx: Ctx,
    IdPath(id): IdPath<UserId>,
    f: HtmlFields,
) -> WebResult<Response> {
    let result = match roles_of(&f) {
        Ok(roles) => s.app.set_roles(&ctx.actor, id, roles).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/admin/users/{id}?done=roles-updated")).into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let mut page = user_view(&s, &ctx, id, None).await?;
            page.error = Some(e.to_string());
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(html_err(e)),
    }
}

/// `POST /admin/users/{id}/password`: sets a generated password and shows it once.
pub(crate) async fn user_password(
    State(s): State<AppState>,
    ctx: Ctx,
    IdPath(id): IdPath<UserId>,
) -> WebResult<Html<String>> {
    let generated = s.app.set_password(&ctx.actor, id, None).await.map_err(html_err)?;
    let mut page = user_view(&s, &ctx, id, None).await?;
    page.generated_password = generated;
    render(&page)
}

/// `POST /admin/users/{id}/disable`
pub(crate) async fn user_disable(
    State(s): State<AppState>,
    ctx: Ctx,
    IdPath(id): IdPath<UserId>,
) -> WebResult<Response> {
    s.app.set_disabled(&ctx.actor, id, true).await.map_err(html_err)?;
    Ok(Redirect::to(&format!("/admin/users/{id}?done=user-disabled")).into_response())
}

/// `POST /admin/users/{id}/enable`
pub(crate) async fn user_enable(
    State(s): State<AppState>,
    ctx: Ctx,
    IdPath(id): IdPath<UserId>,
) -> WebResult<Response> {
    s.app.set_disabled(&ctx.actor, id, false).await.map_err(html_err)?;
    Ok(Redirect::to(&format!("/admin/users/{id}?done=user-enabled")).into_response())
}
