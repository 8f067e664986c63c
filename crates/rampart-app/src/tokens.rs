//! API tokens: random, shown once, stored hashed, scoped, expiring, revocable.
//!
//! Format: `rmp_<16 hex prefix>_<43 base64url secret>`. The prefix finds the
//! row; the SHA-256 of the whole token is compared in constant time.

use rampart_core::authz::{Permission, TokenScope};
use rampart_core::ids::{TokenId, UserId};
use rampart_store::{NewToken, TokenRecord};
use serde_json::json;
use time::Duration;

use crate::App;
use crate::actor::Actor;
use crate::audit::entry;
use crate::error::{AppError, Result};
use crate::passwords::{random_hex, random_secret, sha256_hex};

/// A new token and its secret (shown once, never stored).
#[derive(Debug, Clone)]
pub struct CreatedToken {
    /// The stored record.
    pub record: TokenRecord,
    /// The token to give the client.
    pub secret: String,
}

impl App {
    fn may_manage_tokens_of(&self, actor: &Actor, owner: UserId) -> Result<()> {
        let own = actor.principal().is_some_and(|p| p.user_id == owner);
        if own {
            actor.require(Permission::TokenSelf)?;
        } else {
            actor.require(Permission::TokenManage)?;
        }
        Ok(())
    }

    /// Creates a token for `owner` with `scopes`, valid for `ttl_days`
    /// (default and maximum from the configuration).
    pub async fn create_token(
        &self,
        actor: &Actor,
        owner: UserId,
        name: &str,
        scopes: &[TokenScope],
        ttl_days: Option<i64>,
    ) -> Result<CreatedToken> {
        self.may_manage_tokens_of(actor, owner)?;
        let user = self.store.get_user(owner).await?;
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(AppError::invalid("name", "must be 1-100 characters"));
        }
        if scopes.is_empty() {
            return Err(AppError::invalid(
                "scopes",
                "give at least one scope: read, write, taxii",
            ));
        }
        let ttl = match ttl_days {
            None => self.config.token_default_ttl,
            Some(d) if d >= 1 && Duration::days(d) <= self.config.token_max_ttl => Duration::days(d),
            Some(_) => {
                return Err(AppError::invalid(
                    "expires_in_days",
                    format!("must be between 1 and {}", self.config.token_max_ttl.whole_days()),
                ));
            }
        };
        let prefix = random_hex(8);
        let secret = format!("rmp_{prefix}_{}", random_secret(32));
        let mut scopes = scopes.to_vec();
        scopes.sort();
        scopes.dedup();
        let now = self.now();
        let new = NewToken {
            user_id: owner,
            name: name.to_owned(),
            prefix,
            secret_hash: sha256_hex(&secret),
            scopes,
            expires_at: now.plus(ttl),
        };
        let mut tx = self.store.begin().await?;
        let id = tx.insert_token(&new, now).await?;
        tx.append_audit(entry(
            actor,
            now,
            "token.create",
            "api_token",
            Some(id.0.to_string()),
            Some(user.org_id.0),
            json!({ "owner": user.username, "name": new.name, "prefix": new.prefix, "scopes": new.scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>(), "expires_at": new.expires_at }),
        ))
        .await?;
        tx.commit().await?;
        Ok(CreatedToken {
            record: self.store.get_token(id).await?,
            secret,
        })
    }

    /// Tokens of `owner`, or of everyone (`None`, needs `token.manage`).
    pub async fn list_tokens(&self, actor: &Actor, owner: Option<UserId>) -> Result<Vec<TokenRecord>> {
        match owner {
            Some(o) => self.may_manage_tokens_of(actor, o)?,
            None => {
                actor.require(Permission::TokenManage)?;
            }
        }
        Ok(self.store.list_tokens(owner).await?)
    }

    /// Revokes a token.
    pub async fn revoke_token(&self, actor: &Actor, id: TokenId) -> Result<TokenRecord> {
        let t = self.store.get_token(id).await?;
        self.may_manage_tokens_of(actor, t.user_id)?;
        let now = self.now();
        let mut tx = self.store.begin().await?;
        if !tx.revoke_token(id, now).await? {
            return Err(AppError::Conflict("this token is already revoked".into()));
        }
        tx.append_audit(entry(
            actor,
            now,
            "token.revoke",
            "api_token",
            Some(id.0.to_string()),
            None,
            json!({ "owner": t.username, "name": t.name, "prefix": t.prefix }),
        ))
        .await?;
        tx.commit().await?;
        Ok(self.store.get_token(id).await?)
    }
}
