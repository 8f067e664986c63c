//! Wire types of the API. They are converted explicitly from the use-case
//! types, so the API's shape changes only on purpose.

use rampart_app::{Job, OrgRecord, TokenRecord, UserRecord};
use rampart_core::audit::AuditEntry;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A page of results with an opaque cursor for the next one.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Page<T> {
    /// The items.
    pub(crate) items: Vec<T>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) next_cursor: Option<String>,
}

/// An organisation.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Org {
    pub(crate) id: i64,
    pub(crate) slug: String,
    pub(crate) name: String,
    /// `city`, `agency` or `partner`.
    pub(crate) kind: String,
    /// `public`, `private` or `academic` (partners only).
    pub(crate) partner_type: Option<String>,
    pub(crate) sector: Option<String>,
    pub(crate) parent_id: Option<i64>,
    pub(crate) description: String,
    pub(crate) created_at: String,
    pub(crate) updated_at: String,
}

impl From<OrgRecord> for Org {
    fn from(o: OrgRecord) -> Self {
        Self {
            id: o.id.0,
            slug: o.slug,
            name: o.name,
            kind: o.kind.as_str().into(),
            partner_type: o.partner_type.map(|p| p.as_str().into()),
            sector: o.sector,
            parent_id: o.parent_id.map(|p| p.0),
            description: o.description,
            created_at: o.created_at.to_string(),
            updated_at: o.updated_at.to_string(),
        }
    }
}

/// A new organisation.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct OrgCreate {
    /// Derived from the name when absent.
    #[serde(default)]
    pub(crate) slug: Option<String>,
    pub(crate) name: String,
    /// `city`, `agency` or `partner`.
    pub(crate) kind: String,
    #[serde(default)]
    pub(crate) partner_type: Option<String>,
    #[serde(default)]
    pub(crate) sector: Option<String>,
    #[serde(default)]
    pub(crate) description: Option<String>,
}

/// Changes to an organisation.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct OrgPatch {
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) partner_type: Option<String>,
    #[serde(default)]
    pub(crate) sector: Option<String>,
    #[serde(default)]
    pub(crate) description: Option<String>,
}

/// A user (never the password hash).
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct User {
    pub(crate) id: i64,
    pub(crate) org_id: i64,
    pub(crate) username: String,
    pub(crate) display_name: String,
    pub(crate) email: Option<String>,
    pub(crate) roles: Vec<String>,
    pub(crate) disabled: bool,
    pub(crate) locked_until: Option<String>,
    pub(crate) last_login_at: Option<String>,
    pub(crate) created_at: String,
}

impl From<UserRecord> for User {
    fn from(u: UserRecord) -> Self {
        Self {
            id: u.id.0,
            org_id: u.org_id.0,
            username: u.username,
            display_name: u.display_name,
            email: u.email,
            roles: u.roles.iter().map(|r| r.as_str().into()).collect(),
            disabled: u.disabled,
            locked_until: u.locked_until.map(|t| t.to_string()),
            last_login_at: u.last_login_at.map(|t| t.to_string()),
            created_at: u.created_at.to_string(),
        }
    }
}

/// A new user.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct UserCreate {
    pub(crate) username: String,
    #[serde(default)]
    pub(crate) display_name: Option<String>,
    #[serde(default)]
    pub(crate) email: Option<String>,
    pub(crate) org_id: i64,
    /// Role names, e.g. `security-analyst`.
    pub(crate) roles: Vec<String>,
    /// Generated (and returned once) when absent.
    #[serde(default)]
    pub(crate) password: Option<String>,
}

/// A created user.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct UserCreated {
    pub(crate) user: User,
    /// Present when the password was generated: shown this once.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) generated_password: Option<String>,
}

/// A user's roles.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RolesPut {
    pub(crate) roles: Vec<String>,
}

/// A new password (generated when absent).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PasswordSet {
    #[serde(default)]
    pub(crate) password: Option<String>,
}

/// The outcome of setting a password.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct PasswordSetResult {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) generated_password: Option<String>,
}

/// An API token (never its secret).
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Token {
    pub(crate) id: i64,
    pub(crate) user_id: i64,
    pub(crate) username: String,
    pub(crate) name: String,
    /// Public prefix: `rmp_<prefix>_…`.
    pub(crate) prefix: String,
    pub(crate) scopes: Vec<String>,
    pub(crate) created_at: String,
    pub(crate) expires_at: String,
    pub(crate) revoked_at: Option<String>,
    pub(crate) last_used_at: Option<String>,
}

impl From<TokenRecord> for Token {
    fn from(t: TokenRecord) -> Self {
        Self {
            id: t.id.0,
            user_id: t.user_id.0,
            username: t.username,
            name: t.name,
            prefix: t.prefix,
            scopes: t.scopes.iter().map(|s| s.as_str().into()).collect(),
            created_at: t.created_at.to_string(),
            expires_at: t.expires_at.to_string(),
            revoked_at: t.revoked_at.map(|t| t.to_string()),
            last_used_at: t.last_used_at.map(|t| t.to_string()),
        }
    }
}

/// A new API token.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TokenCreate {
    pub(crate) name: String,
    /// `read`, `write`, `taxii`.
    pub(crate) scopes: Vec<String>,
    /// Lifetime in days (default 90, at most 366).
    #[serde(default)]
    pub(crate) expires_in_days: Option<i64>,
    /// For another user (needs `token.manage`); default: yourself.
    #[serde(default)]
    pub(crate) user_id: Option<i64>,
}

/// A created token with its secret, shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TokenCreated {
    pub(crate) token: Token,
    /// Send as `Authorization: Bearer <secret>`. Not stored: keep it now.
    pub(crate) secret: String,
}

/// An audit log entry.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AuditItem {
    pub(crate) seq: i64,
    pub(crate) at: String,
    pub(crate) actor_user_id: Option<i64>,
    pub(crate) actor: String,
    pub(crate) action: String,
    pub(crate) object_type: String,
    pub(crate) object_id: Option<String>,
    pub(crate) org_id: Option<i64>,
    /// JSON object.
    #[schema(value_type = Object)]
    pub(crate) details: serde_json::Value,
    pub(crate) prev_hash: String,
    pub(crate) hash: String,
}

impl From<AuditEntry> for AuditItem {
    fn from(e: AuditEntry) -> Self {
        Self {
            seq: e.seq,
            at: e.at,
            actor_user_id: e.actor_user_id,
            actor: e.actor,
            action: e.action,
            object_type: e.object_type,
            object_id: e.object_id,
            org_id: e.org_id,
            details: serde_json::from_str(&e.details).unwrap_or(serde_json::Value::String(e.details)),
            prev_hash: e.prev_hash,
            hash: e.hash,
        }
    }
}

/// The result of verifying the audit chain.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AuditVerify {
    pub(crate) ok: bool,
    pub(crate) checked: u64,
    pub(crate) head_seq: i64,
    pub(crate) head_hash: String,
    /// The first break found, naming the entry.
    pub(crate) problem: Option<String>,
    /// The seq of the entry at fault.
    pub(crate) problem_seq: Option<i64>,
}

/// A background job.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct JobItem {
    pub(crate) id: i64,
    pub(crate) kind: String,
    pub(crate) state: String,
    pub(crate) attempts: i64,
    pub(crate) max_attempts: i64,
    pub(crate) progress_done: i64,
    pub(crate) progress_total: Option<i64>,
    pub(crate) message: Option<String>,
    #[schema(value_type = Option<Object>)]
    pub(crate) result: Option<serde_json::Value>,
    pub(crate) last_error: Option<String>,
    pub(crate) created_by: Option<i64>,
    pub(crate) org_id: Option<i64>,
    pub(crate) created_at: String,
    pub(crate) finished_at: Option<String>,
}

impl From<Job> for JobItem {
    fn from(j: Job) -> Self {
        Self {
            id: j.id.0,
            kind: j.kind,
            state: j.state.as_str().into(),
            attempts: j.attempts,
            max_attempts: j.max_attempts,
            progress_done: j.progress_done,
            progress_total: j.progress_total,
            message: j.message,
            result: j.result,
            last_error: j.last_error,
            created_by: j.created_by.map(|u| u.0),
            org_id: j.org_id.map(|o| o.0),
            created_at: j.created_at.to_string(),
            finished_at: j.finished_at.map(|t| t.to_string()),
        }
    }
}

/// The caller.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Me {
    pub(crate) user_id: i64,
    pub(crate) username: String,
    pub(crate) org_id: i64,
    pub(crate) roles: Vec<String>,
    /// Effective permissions (roles narrowed by token scopes).
    pub(crate) permissions: Vec<String>,
    /// `session` or `token`.
    pub(crate) authenticated_by: String,
}

/// Row counts.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CountsDto {
    pub(crate) cities: i64,
    pub(crate) agencies: i64,
    pub(crate) partners: i64,
    pub(crate) users: i64,
    pub(crate) tokens: i64,
    pub(crate) audit_entries: i64,
    pub(crate) jobs_pending: i64,
}

/// Health.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Health {
    pub(crate) status: String,
}
