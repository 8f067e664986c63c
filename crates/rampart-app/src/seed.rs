//! A small fixed data set for tests (used by `rampart-testkit`).

use rampart_core::authz::Role;
use rampart_core::ids::OrgId;

use crate::App;
use crate::actor::Actor;
use crate::error::Result;
use crate::orgs::OrgInput;
use crate::users::UserInput;

/// What [`App::seed_for_tests`] created.
#[derive(Debug, Clone)]
pub struct TestSeed {
    /// The city.
    pub city: OrgId,
    /// Agency "water".
    pub water: OrgId,
    /// Agency "transport".
    pub transport: OrgId,
    /// Partner "uni".
    pub partner: OrgId,
    /// (role, username) for every role.
    pub users: Vec<(Role, String)>,
}

impl App {
    /// Creates a city, agencies "water" and "transport", partner "uni", and
    /// one user per role named after the role, all with `password`. Agency
    /// roles belong to "water", the partner analyst to "uni".
    #[doc(hidden)]
    pub async fn seed_for_tests(&self, password: &str) -> Result<TestSeed> {
        let sys = Actor::System("test");
        let org = |slug: &str, kind: &str, pt: Option<&str>| OrgInput {
            slug: slug.into(),
            name: slug.to_uppercase(),
            kind: kind.into(),
            partner_type: pt.map(str::to_owned),
            ..OrgInput::default()
        };
        let city = self.create_org(&sys, &org("city", "city", None)).await?.id;
        let water = self.create_org(&sys, &org("water", "agency", None)).await?.id;
        let transport = self.create_org(&sys, &org("transport", "agency", None)).await?.id;
        let partner = self
            .create_org(&sys, &org("uni", "partner", Some("academic")))
            .await?
            .id;
        let mut users = Vec::new();
        for role in Role::ALL {
            let org_id = match role.scope() {
                rampart_core::authz::Scope::City => city,
                _ if role == Role::PartnerAnalyst => partner,
                _ => water,
            };
            self.create_user(
                &sys,
                UserInput {
                    username: role.as_str().into(),
                    org_id,
                    roles: vec![role],
                    password: Some(password.into()),
                    ..UserInput::default()
                },
            )
            .await?;
            users.push((role, role.as_str().to_owned()));
        }
        Ok(TestSeed {
            city,
            water,
            transport,
            partner,
            users,
        })
    }
}
