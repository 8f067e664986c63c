//! User accounts and their roles.

use std::collections::HashMap;

use rampart_core::authz::Role;
use rampart_core::ids::{OrgId, UserId};
use rampart_core::time::Timestamp;

use crate::db::{Store, Tx, on_pool, on_tx};
use crate::error::{Result, StoreError};
use crate::orgs::{opt_ts, ts};

/// A stored user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    /// Id.
    pub id: UserId,
    /// Organisation.
    pub org_id: OrgId,
    /// Login name, lower case, unique.
    pub username: String,
    /// Display name.
    pub display_name: String,
    /// Email address.
    pub email: Option<String>,
    /// PHC-format argon2id hash; `None` means the account cannot log in with a password.
    pub password_hash: Option<String>,
    /// Disabled accounts cannot log in or use tokens.
    pub disabled: bool,
    /// Consecutive failed logins.
    pub failed_logins: i64,
    /// Locked out until.
    pub locked_until: Option<Timestamp>,
    /// Last successful login.
    pub last_login_at: Option<Timestamp>,
    /// Roles held.
    pub roles: Vec<Role>,
    /// Created.
    pub created_at: Timestamp,
}

/// A new user.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Organisation.
    pub org_id: OrgId,
    /// Login name (lower-cased by the caller).
    pub username: String,
    /// Display name.
    pub display_name: String,
    /// Email.
    pub email: Option<String>,
    /// Password hash.
    pub password_hash: Option<String>,
    /// Roles.
    pub roles: Vec<Role>,
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    org_id: i64,
    username: String,
    display_name: String,
    email: Option<String>,
    password_hash: Option<String>,
    disabled: bool,
    failed_logins: i64,
    locked_until: Option<String>,
    last_login_at: Option<String>,
    created_at: String,
}

const COLUMNS: &str = "id, org_id, username, display_name, email, password_hash, disabled, failed_logins, \
                       locked_until, last_login_at, created_at";

fn to_record(r: UserRow, roles: Vec<Role>) -> Result<UserRecord> {
    Ok(UserRecord {
        id: UserId(r.id),
        org_id: OrgId(r.org_id),
        username: r.username,
        display_name: r.display_name,
        email: r.email,
        password_hash: r.password_hash,
        disabled: r.disabled,
        failed_logins: r.failed_logins,
        locked_until: opt_ts("users.locked_until", r.locked_until.as_deref())?,
        last_login_at: opt_ts("users.last_login_at", r.last_login_at.as_deref())?,
        roles,
        created_at: ts("users.created_at", &r.created_at)?,
    })
}

fn parse_role(s: &str) -> Result<Role> {
    s.parse()
        .map_err(|e: rampart_core::authz::UnknownRole| StoreError::Corrupt {
            what: "user_roles",
            detail: e.to_string(),
        })
}

impl Store {
    async fn roles_of(&self, ids: &[i64]) -> Result<HashMap<i64, Vec<Role>>> {
        let mut map: HashMap<i64, Vec<Role>> = HashMap::new();
        if ids.is_empty() {
            return Ok(map);
        }
        // Few users per page: a single query for all of them.
        let rows: Vec<(i64, String)> = if ids.len() == 1 {
            on_pool!(self, p => sqlx::query_as("SELECT user_id, role FROM user_roles WHERE user_id = $1 ORDER BY role")
                .bind(ids[0]).fetch_all(p).await)?
        } else {
            on_pool!(self, p => sqlx::query_as("SELECT user_id, role FROM user_roles ORDER BY user_id, role").fetch_all(p).await)?
        };
        for (uid, role) in rows {
            map.entry(uid).or_default().push(parse_role(&role)?);
        }
        Ok(map)
    }

    /// Users, optionally only those of one organisation, by username.
    pub async fn list_users(&self, org: Option<OrgId>) -> Result<Vec<UserRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM users WHERE ($1 IS NULL OR org_id = $1) ORDER BY username");
        let rows: Vec<UserRow> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(org.map(|o| o.0)).fetch_all(p).await)?;
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let mut roles = self.roles_of(&ids).await?;
        rows.into_iter()
            .map(|r| {
                let rs = roles.remove(&r.id).unwrap_or_default();
                to_record(r, rs)
            })
            .collect()
    }

    /// One user by id.
    pub async fn get_user(&self, id: UserId) -> Result<UserRecord> {
        let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1");
        let row: Option<UserRow> =
            on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id.0).fetch_optional(p).await)?;
        let row = row.ok_or(StoreError::NotFound("user"))?;
        let roles = self.roles_of(&[row.id]).await?.remove(&row.id).unwrap_or_default();
        to_record(row, roles)
    }

    /// One user by (lower-case) username.
    pub async fn find_user_by_username(&self, username: &str) -> Result<Option<UserRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM users WHERE username = $1");
        let row: Option<UserRow> =
            on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(username).fetch_optional(p).await)?;
        match row {
            None => Ok(None),
            Some(row) => {
                let roles = self.roles_of(&[row.id]).await?.remove(&row.id).unwrap_or_default();
                to_record(row, roles).map(Some)
            }
        }
    }
}

impl Tx {
    /// Inserts a user with roles.
    pub async fn insert_user(&mut self, u: &NewUser, now: Timestamp) -> Result<UserId> {
        let now = now.to_string();
        let (id,): (i64,) = on_tx!(self, c => sqlx::query_as(
            "INSERT INTO users (org_id, username, display_name, email, password_hash, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
        )
        .bind(u.org_id.0)
        .bind(&u.username)
        .bind(&u.display_name)
        .bind(&u.email)
        .bind(&u.password_hash)
        .bind(&now)
        .fetch_one(&mut *c)
        .await)?;
        self.set_roles(UserId(id), &u.roles).await?;
        Ok(UserId(id))
    }

    /// Replaces a user's roles.
    pub async fn set_roles(&mut self, id: UserId, roles: &[Role]) -> Result<()> {
        on_tx!(self, c => sqlx::query("DELETE FROM user_roles WHERE user_id = $1").bind(id.0).execute(&mut *c).await.map(|_| ()))?;
        for r in roles {
            on_tx!(self, c => sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(id.0).bind(r.as_str()).execute(&mut *c).await.map(|_| ()))?;
        }
        Ok(())
    }

    /// Sets a user's password hash and clears any lockout.
    pub async fn set_password_hash(&mut self, id: UserId, hash: &str, now: Timestamp) -> Result<()> {
        let n = on_tx!(self, c => sqlx::query(
            "UPDATE users SET password_hash = $2, failed_logins = 0, locked_until = NULL, updated_at = $3 WHERE id = $1")
            .bind(id.0).bind(hash).bind(now.to_string()).execute(&mut *c).await.map(|r| r.rows_affected()))?;
        if n == 0 {
            Err(StoreError::NotFound("user"))
        } else {
            Ok(())
        }
    }

    /// Updates the profile fields of a user.
    pub async fn update_user(
        &mut self,
        id: UserId,
        display_name: &str,
        email: Option<&str>,
        org_id: OrgId,
        disabled: bool,
        now: Timestamp,
    ) -> Result<()> {
        let n = on_tx!(self, c => sqlx::query(
            "UPDATE users SET display_name = $2, email = $3, org_id = $4, disabled = $5, updated_at = $6 WHERE id = $1")
            .bind(id.0).bind(display_name).bind(email).bind(org_id.0).bind(disabled).bind(now.to_string())
            .execute(&mut *c).await.map(|r| r.rows_affected()))?;
        if n == 0 {
            Err(StoreError::NotFound("user"))
        } else {
            Ok(())
        }
    }

    /// Counts a failed login; locks the account until `lock_until` when the
    /// count reaches `max_failures`. Returns the new count.
    pub async fn record_login_failure(&mut self, id: UserId, max_failures: i64, lock_until: Timestamp) -> Result<i64> {
        let (n,): (i64,) = on_tx!(self, c => sqlx::query_as(
            "UPDATE users SET failed_logins = failed_logins + 1, \
               locked_until = CASE WHEN failed_logins + 1 >= $2 THEN $3 ELSE locked_until END \
             WHERE id = $1 RETURNING failed_logins")
            .bind(id.0).bind(max_failures).bind(lock_until.to_string()).fetch_one(&mut *c).await)?;
        Ok(n)
    }

    /// Records a successful login.
    pub async fn record_login_success(&mut self, id: UserId, now: Timestamp) -> Result<()> {
        on_tx!(self, c => sqlx::query(
            "UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = $2 WHERE id = $1")
            .bind(id.0).bind(now.to_string()).execute(&mut *c).await.map(|_| ()))?;
        Ok(())
    }

    /// Whether any user exists.
    pub async fn count_users(&mut self) -> Result<i64> {
        let (n,): (i64,) = on_tx!(self, c => sqlx::query_as("SELECT COUNT(*) FROM users").fetch_one(&mut *c).await)?;
        Ok(n)
    }
}
