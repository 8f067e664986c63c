//! User accounts.

use rampart_core::authz::{Permission, Role};
use rampart_core::ids::{OrgId, UserId};
use rampart_store::{NewUser, UserRecord};
use serde_json::json;

use crate::App;
use crate::actor::Actor;
use crate::audit::entry;
use crate::auth::normalise_username;
use crate::error::{AppError, Result};
use crate::passwords::{check_policy, generate_password, hash_password};

/// Input for creating a user.
#[derive(Debug, Clone, Default)]
pub struct UserInput {
    /// Login name.
    pub username: String,
    /// Display name (defaults to the username).
    pub display_name: String,
    /// Email.
    pub email: Option<String>,
    /// Organisation.
    pub org_id: OrgId,
    /// Roles.
    pub roles: Vec<Role>,
    /// Password; generated when `None`.
    pub password: Option<String>,
}

/// A created user, with the generated password if one was generated (shown once).
#[derive(Debug, Clone)]
pub struct CreatedUser {
    /// The user.
    pub user: UserRecord,
    /// The generated password.
    pub generated_password: Option<String>,
}

fn check_username(u: &str) -> Result<String> {
    let u = normalise_username(u);
    let ok = !u.is_empty()
        && u.len() <= 64
        && u.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-@".contains(&b));
    if ok {
        Ok(u)
    } else {
        Err(AppError::invalid(
            "username",
            "use 1-64 characters: letters, digits, '.', '_', '-', '@'",
        ))
    }
}

fn check_email(e: Option<&str>) -> Result<Option<String>> {
    match e.map(str::trim).filter(|e| !e.is_empty()) {
        None => Ok(None),
        Some(e) if e.len() <= 254 && e.split_once('@').is_some_and(|(a, d)| !a.is_empty() && d.contains('.')) => {
            Ok(Some(e.to_owned()))
        }
        Some(_) => Err(AppError::invalid("email", "not an email address")),
    }
}

impl App {
    /// Users the actor may see (agency roles: their own organisation's).
    pub async fn list_users(&self, actor: &Actor) -> Result<Vec<UserRecord>> {
        let grant = actor.require(Permission::UserView)?;
        Ok(self.store.list_users(grant.org_filter()).await?)
    }

    /// One user, if visible.
    pub async fn get_user(&self, actor: &Actor, id: UserId) -> Result<UserRecord> {
        let grant = actor.require(Permission::UserView)?;
        let u = self.store.get_user(id).await?;
        if grant.covers(u.org_id) {
            Ok(u)
        } else {
            Err(AppError::Forbidden("see users of another organisation".into()))
        }
    }

    /// Creates a user.
    pub async fn create_user(&self, actor: &Actor, input: UserInput) -> Result<CreatedUser> {
        actor.require_on(Permission::UserManage, input.org_id)?;
        let username = check_username(&input.username)?;
        let email = check_email(input.email.as_deref())?;
        if input.roles.is_empty() {
            return Err(AppError::invalid("roles", "give at least one role"));
        }
        let org = self
            .store
            .get_org(input.org_id)
            .await
            .map_err(|_| AppError::invalid("org", "no such organisation"))?;
        let (password, generated) = match input.password {
            Some(p) => {
                check_policy(&p, self.config.min_password_len)?;
                (p, None)
            }
            None => {
                let p = generate_password();
                (p.clone(), Some(p))
            }
        };
        let params = self.config.argon2;
        let hash = tokio::task::spawn_blocking(move || hash_password(&password, params))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))??;
        let display_name = match input.display_name.trim() {
            "" => username.clone(),
            d => d.chars().take(200).collect(),
        };
        let mut roles = input.roles.clone();
        roles.sort();
        roles.dedup();
        let new = NewUser {
            org_id: org.id,
            username,
            display_name,
            email,
            password_hash: Some(hash),
            roles,
        };
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let id = tx.insert_user(&new, now).await?;
        tx.append_audit(entry(
            actor,
            now,
            "user.create",
            "user",
            Some(id.0.to_string()),
            Some(org.id.0),
            json!({ "username": new.username, "org": org.slug, "roles": new.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>() }),
        ))
        .await?;
        tx.commit().await?;
        Ok(CreatedUser {
            user: self.store.get_user(id).await?,
            generated_password: generated,
        })
    }

    /// Sets a user's password (generated when `None`; returned if generated).
    /// Ends the user's sessions. Users may change their own password.
    pub async fn set_password(&self, actor: &Actor, id: UserId, password: Option<String>) -> Result<Option<String>> {
        let target = self.store.get_user(id).await?;
        let own = actor.principal().is_some_and(|p| p.user_id == id);
        if !own {
            actor.require_on(Permission::UserManage, target.org_id)?;
        }
        let (password, generated) = match password {
            Some(p) => {
                check_policy(&p, self.config.min_password_len)?;
                (p, None)
            }
            None => {
                let p = generate_password();
                (p.clone(), Some(p))
            }
        };
        let params = self.config.argon2;
        let hash = tokio::task::spawn_blocking(move || hash_password(&password, params))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))??;
        let now = self.now();
        let mut tx = self.store.begin().await?;
        tx.set_password_hash(id, &hash, now).await?;
        let ended = tx.delete_sessions_of(id).await?;
        tx.append_audit(entry(
            actor,
            now,
            "user.set_password",
            "user",
            Some(id.0.to_string()),
            Some(target.org_id.0),
            json!({ "username": target.username, "sessions_ended": ended }),
        ))
        .await?;
        tx.commit().await?;
        Ok(generated)
    }

    /// Changes the actor's own password after checking the current one.
    /// Ends all of the actor's sessions.
    pub async fn change_own_password(&self, actor: &Actor, current: &str, new: &str) -> Result<()> {
        let p = actor.principal().ok_or(AppError::Unauthenticated)?;
        let user = self.store.get_user(p.user_id).await?;
        let hash = user.password_hash.clone().unwrap_or_default();
        let cur = current.to_owned();
        let ok = tokio::task::spawn_blocking(move || crate::passwords::verify_password(&cur, &hash))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
        if !ok {
            return Err(AppError::InvalidCredentials);
        }
        self.set_password(actor, p.user_id, Some(new.to_owned()))
            .await
            .map(|_| ())
    }

    /// Replaces a user's roles.
    pub async fn set_roles(&self, actor: &Actor, id: UserId, roles: Vec<Role>) -> Result<UserRecord> {
        let target = self.store.get_user(id).await?;
        actor.require_on(Permission::UserManage, target.org_id)?;
        if roles.is_empty() {
            return Err(AppError::invalid("roles", "give at least one role"));
        }
        let now = self.now();
        let mut tx = self.store.begin().await?;
        tx.set_roles(id, &roles).await?;
        tx.append_audit(entry(
            actor,
            now,
            "user.set_roles",
            "user",
            Some(id.0.to_string()),
            Some(target.org_id.0),
            json!({ "username": target.username, "before": target.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>(), "after": roles.iter().map(|r| r.as_str()).collect::<Vec<_>>() }),
        ))
        .await?;
        tx.commit().await?;
        Ok(self.store.get_user(id).await?)
    }

    /// Enables or disables an account (disabling ends its sessions).
    pub async fn set_disabled(&self, actor: &Actor, id: UserId, disabled: bool) -> Result<UserRecord> {
        let u = self.store.get_user(id).await?;
        actor.require_on(Permission::UserManage, u.org_id)?;
        if disabled && actor.principal().is_some_and(|p| p.user_id == id) {
            return Err(AppError::invalid("disabled", "you cannot disable your own account"));
        }
        let now = self.now();
        let mut tx = self.store.begin().await?;
        tx.update_user(id, &u.display_name, u.email.as_deref(), u.org_id, disabled, now)
            .await?;
        if disabled {
            tx.delete_sessions_of(id).await?;
        }
        tx.append_audit(entry(
            actor,
            now,
            if disabled { "user.disable" } else { "user.enable" },
            "user",
            Some(id.0.to_string()),
            Some(u.org_id.0),
            json!({ "username": u.username }),
        ))
        .await?;
        tx.commit().await?;
        Ok(self.store.get_user(id).await?)
    }

    /// Finds a user by username (CLI convenience; no authorisation: system use).
    pub async fn find_user(&self, username: &str) -> Result<UserRecord> {
        self.store
            .find_user_by_username(&normalise_username(username))
            .await?
            .ok_or(AppError::NotFound("user"))
    }
}
