//! The page frame: navigation for the six steps, the user menu, the CSRF token.

use rampart_core::authz::{Permission, Principal};

use crate::auth::Ctx;

/// A navigation link.
pub(crate) struct NavItem {
    pub(crate) href: &'static str,
    pub(crate) label: &'static str,
    pub(crate) step: &'static str,
    pub(crate) active: bool,
}

/// What every page's frame needs.
pub(crate) struct Chrome {
    pub(crate) username: String,
    pub(crate) display_name: String,
    pub(crate) roles: String,
    pub(crate) csrf: String,
    pub(crate) steps: Vec<NavItem>,
    pub(crate) admin: Vec<NavItem>,
    pub(crate) title: String,
    pub(crate) notice: Option<String>,
    pub(crate) version: &'static str,
}

/// The six steps of the city's strategy (PRODUCT.md) with their pages.
pub(crate) const STEPS: &[(&str, &str, &str)] = &[
    ("/risk", "Risk & estate", "1"),
    ("/baselines", "Baselines", "2"),
    ("/threats", "Threats & vulnerabilities", "3"),
    ("/incidents", "Incidents", "4"),
    ("/training", "Training", "5"),
    ("/partnerships", "Partnerships", "6"),
];

const ADMIN: &[(&str, &str, Permission)] = &[
    ("/admin/orgs", "Organisations", Permission::OrgView),
    ("/admin/users", "Users", Permission::UserView),
    ("/audit", "Audit log", Permission::AuditView),
    ("/jobs", "Jobs", Permission::JobView),
];

impl Chrome {
    /// The frame for `ctx`, highlighting the item whose path prefixes `active`.
    pub(crate) fn new(ctx: &Ctx, title: impl Into<String>, active: &str) -> Self {
        let p: Option<&Principal> = ctx.principal();
        let display_name = ctx
            .session
            .as_ref()
            .map_or_else(String::new, |s| s.display_name.clone());
        let steps = STEPS
            .iter()
            .map(|(href, label, step)| NavItem {
                href,
                label,
                step,
                active: active.starts_with(href),
            })
            .collect();
        let admin = ADMIN
            .iter()
            .filter(|(_, _, perm)| p.is_some_and(|p| p.can(*perm)))
            .map(|(href, label, _)| NavItem {
                href,
                label,
                step: "",
                active: active.starts_with(href),
            })
            .collect();
        Self {
            username: p.map_or_else(String::new, |p| p.username.clone()),
            display_name,
            roles: p.map_or_else(String::new, |p| {
                p.roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(", ")
            }),
            csrf: ctx.csrf().to_owned(),
            steps,
            admin,
            title: title.into(),
            notice: None,
            version: env!("CARGO_PKG_VERSION"),
        }
    }

    /// Adds a notice shown at the top of the page.
    pub(crate) fn with_notice(mut self, n: Option<String>) -> Self {
        self.notice = n;
        self
    }
}
