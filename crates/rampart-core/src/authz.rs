//! Roles, permissions and the role→permission matrix.
//!
//! Every route and use case names the [`Permission`] it needs; a user's roles
//! grant permissions, each with a [`Scope`]: city-wide, or limited to the
//! user's own organisation (an agency sees its own agency's data). The matrix
//! lives here, in code, so it is reviewed like code and tested exhaustively.

use std::fmt;
use std::str::FromStr;

use crate::ids::OrgId;

/// A role a user holds. A user may hold several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Runs the installation: organisations, users, configuration.
    Admin,
    /// The city security office: inventory, vulnerabilities, risks, baselines, advisories.
    SecurityAnalyst,
    /// Handles incidents city-wide.
    IncidentResponder,
    /// Manages one agency's assets, findings and people.
    AgencyManager,
    /// Works in one agency: sees its assets and what to patch.
    AgencyStaff,
    /// An analyst at a partner organisation: shared information within TLP limits.
    PartnerAnalyst,
    /// Reads everything, changes nothing; reads and exports the audit log.
    Auditor,
    /// Runs awareness and workforce training.
    Trainer,
}

impl Role {
    /// Every role, in display order.
    pub const ALL: [Role; 8] = [
        Role::Admin,
        Role::SecurityAnalyst,
        Role::IncidentResponder,
        Role::AgencyManager,
        Role::AgencyStaff,
        Role::PartnerAnalyst,
        Role::Auditor,
        Role::Trainer,
    ];

    /// The stable name used in the database, the API and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::SecurityAnalyst => "security-analyst",
            Role::IncidentResponder => "incident-responder",
            Role::AgencyManager => "agency-manager",
            Role::AgencyStaff => "agency-staff",
            Role::PartnerAnalyst => "partner-analyst",
            Role::Auditor => "auditor",
            Role::Trainer => "trainer",
        }
    }

    /// A human label.
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Administrator",
            Role::SecurityAnalyst => "Security analyst",
            Role::IncidentResponder => "Incident responder",
            Role::AgencyManager => "Agency manager",
            Role::AgencyStaff => "Agency staff",
            Role::PartnerAnalyst => "Partner analyst",
            Role::Auditor => "Auditor (read-only)",
            Role::Trainer => "Trainer",
        }
    }

    /// The scope of the data this role works on.
    pub fn scope(self) -> Scope {
        match self {
            Role::AgencyManager | Role::AgencyStaff | Role::PartnerAnalyst => Scope::OwnOrg,
            _ => Scope::City,
        }
    }

    /// The permissions this role grants.
    pub fn permissions(self) -> &'static [Permission] {
        use Permission::*;
        match self {
            Role::Admin => &Permission::ALL,
            Role::SecurityAnalyst => &[
                DashboardView,
                OrgView,
                UserView,
                TokenSelf,
                JobView,
                AssetView,
                AssetManage,
                ServiceView,
                ServiceManage,
                AnalysisView,
                VulnView,
                FeedManage,
                FindingView,
                FindingManage,
                RiskView,
                RiskManage,
                BaselineView,
                BaselineManage,
                AdvisoryView,
                AdvisoryManage,
                IncidentView,
                IncidentManage,
                TrainingView,
                SharingView,
                SharingManage,
            ],
            Role::IncidentResponder => &[
                DashboardView,
                OrgView,
                UserView,
                TokenSelf,
                AssetView,
                ServiceView,
                AnalysisView,
                VulnView,
                FindingView,
                AdvisoryView,
                IncidentView,
                IncidentManage,
                SharingView,
            ],
            Role::AgencyManager => &[
                DashboardView,
                OrgView,
                UserView,
                TokenSelf,
                AssetView,
                AssetManage,
                ServiceView,
                ServiceManage,
                AnalysisView,
                VulnView,
                FindingView,
                FindingManage,
                RiskView,
                BaselineView,
                AdvisoryView,
                IncidentView,
                IncidentReport,
                TrainingView,
            ],
            Role::AgencyStaff => &[
                DashboardView,
                OrgView,
                TokenSelf,
                AssetView,
                ServiceView,
                AnalysisView,
                VulnView,
                FindingView,
                AdvisoryView,
                IncidentReport,
                TrainingView,
            ],
            Role::PartnerAnalyst => &[DashboardView, OrgView, TokenSelf, VulnView, AdvisoryView, SharingView],
            Role::Auditor => &[
                DashboardView,
                OrgView,
                UserView,
                TokenSelf,
                AuditView,
                AuditExport,
                JobView,
                MetricsView,
                AssetView,
                ServiceView,
                AnalysisView,
                VulnView,
                FindingView,
                RiskView,
                BaselineView,
                AdvisoryView,
                IncidentView,
                TrainingView,
                SharingView,
            ],
            Role::Trainer => &[
                DashboardView,
                OrgView,
                UserView,
                TokenSelf,
                TrainingView,
                TrainingManage,
            ],
        }
    }

    /// Whether this role grants `p`.
    pub fn grants(self, p: Permission) -> bool {
        self.permissions().contains(&p)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that names no role.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown role `{0}` (known roles: admin, security-analyst, incident-responder, agency-manager, agency-staff, partner-analyst, auditor, trainer)"
)]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownRole(s.chars().take(40).collect()))
    }
}

/// Where a permission applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// Only the user's own organisation's data.
    OwnOrg,
    /// Every organisation's data.
    City,
}

/// Something a user may do. Names are `area.verb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(missing_docs)] // each variant is documented by its stable name in `as_str`
pub enum Permission {
    DashboardView,
    OrgView,
    OrgManage,
    UserView,
    UserManage,
    TokenSelf,
    TokenManage,
    AuditView,
    AuditExport,
    JobView,
    JobManage,
    MetricsView,
    AssetView,
    AssetManage,
    ServiceView,
    ServiceManage,
    AnalysisView,
    VulnView,
    FeedManage,
    FindingView,
    FindingManage,
    RiskView,
    RiskManage,
    BaselineView,
    BaselineManage,
    AdvisoryView,
    AdvisoryManage,
    IncidentView,
    IncidentReport,
    IncidentManage,
    TrainingView,
    TrainingManage,
    SharingView,
    SharingManage,
}

impl Permission {
    /// Every permission.
    pub const ALL: [Permission; 34] = [
        Permission::DashboardView,
        Permission::OrgView,
        Permission::OrgManage,
        Permission::UserView,
        Permission::UserManage,
        Permission::TokenSelf,
        Permission::TokenManage,
        Permission::AuditView,
        Permission::AuditExport,
        Permission::JobView,
        Permission::JobManage,
        Permission::MetricsView,
        Permission::AssetView,
        Permission::AssetManage,
        Permission::ServiceView,
        Permission::ServiceManage,
        Permission::AnalysisView,
        Permission::VulnView,
        Permission::FeedManage,
        Permission::FindingView,
        Permission::FindingManage,
        Permission::RiskView,
        Permission::RiskManage,
        Permission::BaselineView,
        Permission::BaselineManage,
        Permission::AdvisoryView,
        Permission::AdvisoryManage,
        Permission::IncidentView,
        Permission::IncidentReport,
        Permission::IncidentManage,
        Permission::TrainingView,
        Permission::TrainingManage,
        Permission::SharingView,
        Permission::SharingManage,
    ];

    /// The stable name, `area.verb`.
    pub fn as_str(self) -> &'static str {
        use Permission::*;
        match self {
            DashboardView => "dashboard.view",
            OrgView => "org.view",
            OrgManage => "org.manage",
            UserView => "user.view",
            UserManage => "user.manage",
            TokenSelf => "token.self",
            TokenManage => "token.manage",
            AuditView => "audit.view",
            AuditExport => "audit.export",
            JobView => "job.view",
            JobManage => "job.manage",
            MetricsView => "metrics.view",
            AssetView => "asset.view",
            AssetManage => "asset.manage",
            ServiceView => "service.view",
            ServiceManage => "service.manage",
            AnalysisView => "analysis.view",
            VulnView => "vuln.view",
            FeedManage => "feed.manage",
            FindingView => "finding.view",
            FindingManage => "finding.manage",
            RiskView => "risk.view",
            RiskManage => "risk.manage",
            BaselineView => "baseline.view",
            BaselineManage => "baseline.manage",
            AdvisoryView => "advisory.view",
            AdvisoryManage => "advisory.manage",
            IncidentView => "incident.view",
            IncidentReport => "incident.report",
            IncidentManage => "incident.manage",
            TrainingView => "training.view",
            TrainingManage => "training.manage",
            SharingView => "sharing.view",
            SharingManage => "sharing.manage",
        }
    }

    /// Whether the permission only reads.
    pub fn is_read_only(self) -> bool {
        let s = self.as_str();
        s.ends_with(".view") || matches!(self, Permission::AuditExport)
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What an API token may do, on top of its owner's roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TokenScope {
    /// Read-only permissions of the owner.
    Read,
    /// Every permission of the owner.
    Write,
    /// Threat-intelligence exchange (TAXII) on the owner's behalf: sharing and advisories, read.
    Taxii,
}

impl TokenScope {
    /// Every scope.
    pub const ALL: [TokenScope; 3] = [TokenScope::Read, TokenScope::Write, TokenScope::Taxii];

    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenScope::Read => "read",
            TokenScope::Write => "write",
            TokenScope::Taxii => "taxii",
        }
    }

    /// Whether this scope admits `p` (the owner's roles must grant it too).
    pub fn admits(self, p: Permission) -> bool {
        match self {
            TokenScope::Read => p.is_read_only(),
            TokenScope::Write => true,
            TokenScope::Taxii => matches!(
                p,
                Permission::SharingView | Permission::AdvisoryView | Permission::VulnView
            ),
        }
    }
}

/// A string that names no token scope.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown token scope `{0}` (known scopes: read, write, taxii)")]
pub struct UnknownScope(pub String);

impl FromStr for TokenScope {
    type Err = UnknownScope;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TokenScope::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownScope(s.chars().take(40).collect()))
    }
}

/// The authenticated actor of a request or command: who, in which
/// organisation, with which roles and (for API tokens) which scopes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The user.
    pub user_id: crate::ids::UserId,
    /// The user's login name.
    pub username: String,
    /// The user's organisation.
    pub org_id: OrgId,
    /// The roles held.
    pub roles: Vec<Role>,
    /// `Some` when acting through an API token: what the token admits.
    pub token_scopes: Option<Vec<TokenScope>>,
}

/// Where a granted permission may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grant {
    /// Across every organisation.
    City,
    /// Only within this organisation.
    Org(OrgId),
}

impl Grant {
    /// Whether data owned by `org` is inside the grant.
    pub fn covers(self, org: OrgId) -> bool {
        match self {
            Grant::City => true,
            Grant::Org(own) => own == org,
        }
    }

    /// The single organisation the grant is limited to, if any.
    pub fn org_filter(self) -> Option<OrgId> {
        match self {
            Grant::City => None,
            Grant::Org(o) => Some(o),
        }
    }
}

impl Principal {
    /// The widest grant of `p` among the principal's roles, if any role
    /// grants it and the token (if any) admits it.
    pub fn grant(&self, p: Permission) -> Option<Grant> {
        if let Some(scopes) = &self.token_scopes
            && !scopes.iter().any(|s| s.admits(p))
        {
            return None;
        }
        let scope = self.roles.iter().filter(|r| r.grants(p)).map(|r| r.scope()).max()?;
        Some(match scope {
            Scope::City => Grant::City,
            Scope::OwnOrg => Grant::Org(self.org_id),
        })
    }

    /// Whether the principal holds `p` at all.
    pub fn can(&self, p: Permission) -> bool {
        self.grant(p).is_some()
    }

    /// Whether the principal holds `p` over data owned by `org`.
    pub fn can_on(&self, p: Permission, org: OrgId) -> bool {
        self.grant(p).is_some_and(|g| g.covers(org))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::UserId;

    fn principal(roles: &[Role]) -> Principal {
        Principal {
            user_id: UserId(1),
            username: "u".into(),
            org_id: OrgId(7),
            roles: roles.to_vec(),
            token_scopes: None,
        }
    }

    #[test]
    fn names_round_trip() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>(), Ok(r));
        }
        for s in TokenScope::ALL {
            assert_eq!(s.as_str().parse::<TokenScope>(), Ok(s));
        }
        let mut names: Vec<_> = Permission::ALL.iter().map(|p| p.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Permission::ALL.len(), "permission names are unique");
        assert!("root".parse::<Role>().is_err());
    }

    #[test]
    fn auditor_reads_everything_and_changes_nothing() {
        // Managing one's own API tokens is the only write an auditor may do.
        for p in Role::Auditor
            .permissions()
            .iter()
            .filter(|p| **p != Permission::TokenSelf)
        {
            assert!(p.is_read_only(), "auditor must not hold {p}");
        }
        for p in Permission::ALL.iter().filter(|p| p.as_str().ends_with(".view")) {
            assert!(Role::Auditor.grants(*p), "auditor lacks {p}");
        }
    }

    #[test]
    fn agency_roles_are_scoped_to_their_org() {
        let p = principal(&[Role::AgencyManager]);
        assert_eq!(p.grant(Permission::AssetManage), Some(Grant::Org(OrgId(7))));
        assert!(p.can_on(Permission::AssetView, OrgId(7)));
        assert!(!p.can_on(Permission::AssetView, OrgId(8)));
        assert!(!p.can(Permission::UserManage));
    }

    #[test]
    fn widest_scope_wins_across_roles() {
        let p = principal(&[Role::AgencyStaff, Role::Auditor]);
        assert_eq!(p.grant(Permission::AssetView), Some(Grant::City));
        assert!(!p.can(Permission::AssetManage));
    }

    #[test]
    fn token_scopes_narrow_roles() {
        let mut p = principal(&[Role::Admin]);
        p.token_scopes = Some(vec![TokenScope::Read]);
        assert!(p.can(Permission::AssetView));
        assert!(!p.can(Permission::AssetManage));
        p.token_scopes = Some(vec![TokenScope::Taxii]);
        assert!(p.can(Permission::SharingView));
        assert!(!p.can(Permission::AssetView));
    }
}
