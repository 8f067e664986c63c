//! Who is acting: a signed-in user (through a session or an API token), or
//! the system itself (the CLI run by the operator, background jobs).

use rampart_core::authz::{Grant, Permission, Principal};

use crate::error::{AppError, Result};

/// The actor of a use case.
#[derive(Debug, Clone)]
pub enum Actor {
    /// A user, with roles and possibly token scopes.
    User(Principal),
    /// The operator at the command line or a background job: full authority
    /// (whoever runs it already holds the database). The label goes into the audit log.
    System(&'static str),
}

impl Actor {
    /// The grant for `p`, or `Forbidden`.
    pub fn require(&self, p: Permission) -> Result<Grant> {
        match self {
            Actor::System(_) => Ok(Grant::City),
            Actor::User(u) => u.grant(p).ok_or_else(|| AppError::Forbidden(describe(p))),
        }
    }

    /// Requires `p` over data owned by `org`.
    pub fn require_on(&self, p: Permission, org: rampart_core::ids::OrgId) -> Result<Grant> {
        let g = self.require(p)?;
        if g.covers(org) {
            Ok(g)
        } else {
            Err(AppError::Forbidden(format!("{} of another organisation", describe(p))))
        }
    }

    /// The user, if a user acts.
    pub fn principal(&self) -> Option<&Principal> {
        match self {
            Actor::User(p) => Some(p),
            Actor::System(_) => None,
        }
    }

    /// The audit label.
    pub fn label(&self) -> String {
        match self {
            Actor::User(p) => p.username.clone(),
            Actor::System(s) => (*s).to_owned(),
        }
    }

    /// The audit user id.
    pub fn user_id(&self) -> Option<i64> {
        self.principal().map(|p| p.user_id.0)
    }
}

fn describe(p: Permission) -> String {
    format!("do this (requires permission {p})")
}
