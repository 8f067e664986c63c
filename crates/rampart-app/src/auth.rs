//! Logging in and out, sessions, and authenticating API tokens.

use rampart_core::authz::Principal;
use rampart_core::ids::TokenId;
use rampart_core::time::Timestamp;
use rampart_store::{SessionRecord, UserRecord};
use serde_json::json;

use crate::App;
use crate::actor::Actor;
use crate::audit::entry;
use crate::error::{AppError, Result};
use crate::passwords::{ct_eq, dummy_hash, random_secret, sha256_hex, verify_password};

/// A successful login.
#[derive(Debug, Clone)]
pub struct LoginOutcome {
    /// The cookie value (shown to the browser only).
    pub session_secret: String,
    /// The session's CSRF token.
    pub csrf_token: String,
    /// Session expiry.
    pub expires_at: Timestamp,
    /// Who logged in.
    pub user: UserRecord,
}

/// A live session.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    /// Who.
    pub principal: Principal,
    /// Display name.
    pub display_name: String,
    /// The CSRF token every form of this session must carry.
    pub csrf_token: String,
}

/// The result of authenticating a request.
#[derive(Debug, Clone)]
pub enum Authenticated {
    /// A browser session.
    Session(SessionInfo),
    /// An API token.
    Token {
        /// Who, with the token's scopes.
        principal: Principal,
        /// Which token.
        token_id: TokenId,
    },
}

impl Authenticated {
    /// The principal.
    pub fn principal(&self) -> &Principal {
        match self {
            Authenticated::Session(s) => &s.principal,
            Authenticated::Token { principal, .. } => principal,
        }
    }
}

pub(crate) fn principal_of(u: &UserRecord) -> Principal {
    Principal {
        user_id: u.id,
        username: u.username.clone(),
        org_id: u.org_id,
        roles: u.roles.clone(),
        token_scopes: None,
    }
}

/// The canonical form of a login name.
pub(crate) fn normalise_username(s: &str) -> String {
    s.trim().to_lowercase()
}

impl App {
    /// Checks a username and password. On success, opens a session.
    /// Failures count towards a lockout of the account; a locked account
    /// cannot log in until the lockout ends, even with the right password.
    pub async fn login(
        &self,
        username: &str,
        password: &str,
        ip: Option<&str>,
        user_agent: Option<&str>,
    ) -> Result<LoginOutcome> {
        let username = normalise_username(username);
        let now = self.now();
        let user = self.store.find_user_by_username(&username).await?;
        let Some(user) = user.filter(|u| !u.disabled && u.password_hash.is_some()) else {
            // Spend the same time as a real check before saying no.
            let dummy = dummy_hash(self.config.argon2);
            let pw = password.to_owned();
            let _ = tokio::task::spawn_blocking(move || verify_password(&pw, &dummy)).await;
            return Err(AppError::InvalidCredentials);
        };
        if let Some(until) = user.locked_until.filter(|u| *u > now) {
            return Err(AppError::Locked { until });
        }
        let hash = user.password_hash.clone().unwrap_or_default();
        let pw = password.to_owned();
        let ok = tokio::task::spawn_blocking(move || verify_password(&pw, &hash))
            .await
            .map_err(|e| AppError::Internal(format!("password check failed: {e}")))?;
        let actor = Actor::User(principal_of(&user));
        let mut tx = self.store.begin().await?;
        if !ok {
            let lock_until = now.plus(self.config.lockout);
            let failures = tx
                .record_login_failure(user.id, self.config.login_max_failures, lock_until)
                .await?;
            let locked = failures >= self.config.login_max_failures;
            tx.append_audit(entry(
                &actor,
                now,
                if locked { "auth.lockout" } else { "auth.login_failed" },
                "user",
                Some(user.id.0.to_string()),
                Some(user.org_id.0),
                json!({ "failures": failures, "ip": ip }),
            ))
            .await?;
            tx.commit().await?;
            return Err(if locked {
                AppError::Locked { until: lock_until }
            } else {
                AppError::InvalidCredentials
            });
        }
        let session_secret = random_secret(32);
        let csrf_token = random_secret(32);
        let expires_at = now.plus(self.config.session_ttl);
        let session = SessionRecord {
            id_hash: sha256_hex(&session_secret),
            user_id: user.id,
            csrf_token: csrf_token.clone(),
            created_at: now,
            expires_at,
        };
        tx.insert_session(&session, ip, user_agent.map(|s| &s[..s.len().min(200)]))
            .await?;
        tx.record_login_success(user.id, now).await?;
        tx.append_audit(entry(
            &actor,
            now,
            "auth.login",
            "user",
            Some(user.id.0.to_string()),
            Some(user.org_id.0),
            json!({ "ip": ip }),
        ))
        .await?;
        tx.commit().await?;
        Ok(LoginOutcome {
            session_secret,
            csrf_token,
            expires_at,
            user,
        })
    }

    /// Ends a session.
    pub async fn logout(&self, session_secret: &str) -> Result<()> {
        let now = self.now();
        let Some(info) = self.authenticate_session(session_secret).await? else {
            return Ok(());
        };
        let actor = Actor::User(info.principal.clone());
        let mut tx = self.store.begin().await?;
        tx.delete_session(&sha256_hex(session_secret)).await?;
        tx.append_audit(entry(
            &actor,
            now,
            "auth.logout",
            "user",
            Some(info.principal.user_id.0.to_string()),
            Some(info.principal.org_id.0),
            json!({}),
        ))
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The session a cookie secret opens, if it is live and its user active.
    /// Extends the session when a good part of its lifetime has passed.
    pub async fn authenticate_session(&self, secret: &str) -> Result<Option<SessionInfo>> {
        if secret.is_empty() || secret.len() > 128 {
            return Ok(None);
        }
        let now = self.now();
        let id_hash = sha256_hex(secret);
        let Some(s) = self.store.get_session(&id_hash, now).await? else {
            return Ok(None);
        };
        let user = match self.store.get_user(s.user_id).await {
            Ok(u) if !u.disabled => u,
            Ok(_) | Err(rampart_store::StoreError::NotFound(_)) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let fresh_expiry = now.plus(self.config.session_ttl);
        if fresh_expiry.unix_seconds() - s.expires_at.unix_seconds() > 300 {
            self.store.touch_session(&id_hash, now, fresh_expiry).await?;
        }
        Ok(Some(SessionInfo {
            principal: principal_of(&user),
            display_name: user.display_name,
            csrf_token: s.csrf_token,
        }))
    }

    /// The principal an API token (`rmp_<prefix>_<secret>`) acts as, if the
    /// token is valid, unexpired, unrevoked and its owner active.
    pub async fn authenticate_token(&self, token: &str) -> Result<Option<(Principal, TokenId)>> {
        let Some(prefix) = token
            .strip_prefix("rmp_")
            .and_then(|r| r.split_once('_'))
            .map(|(p, _)| p)
        else {
            return Ok(None);
        };
        if prefix.len() != 16 || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) || token.len() > 128 {
            return Ok(None);
        }
        let now = self.now();
        let Some(t) = self.store.find_token_by_prefix(prefix).await? else {
            return Ok(None);
        };
        if !ct_eq(&sha256_hex(token), &t.secret_hash) || t.revoked_at.is_some() || t.expires_at <= now {
            return Ok(None);
        }
        let user = self.store.get_user(t.user_id).await?;
        if user.disabled {
            return Ok(None);
        }
        if t.last_used_at
            .is_none_or(|l| now.unix_seconds() - l.unix_seconds() > 60)
        {
            self.store.touch_token(t.id, now).await?;
        }
        let mut p = principal_of(&user);
        p.token_scopes = Some(t.scopes);
        Ok(Some((p, t.id)))
    }
}
