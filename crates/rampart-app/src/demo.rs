//! The demo city: a realistic synthetic city that fills an empty database so
//! a new user sees the whole product in a minute, and benchmarks have
//! city-scale data.
//!
//! The generator is a list of steps over a shared [`DemoContext`]; each
//! product area adds its own step (organisations and people first; the
//! estate, vulnerabilities, risks … as they land). Everything random comes
//! from one seeded ChaCha generator, so `--seed N` gives the same city every
//! time.

use std::collections::BTreeMap;

use rampart_core::authz::Role;
use rampart_core::ids::OrgId;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::App;

mod estate;
mod vulns;
use crate::actor::Actor;
use crate::error::{AppError, Result};
use crate::orgs::OrgInput;
use crate::passwords::generate_password;
use crate::users::UserInput;

/// Options for the demo city.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// Seed of the generator.
    pub seed: u64,
    /// Number of devices (used by the estate step).
    pub devices: u64,
    /// One password for every demo user; random per user when `None`.
    pub password: Option<String>,
}

impl Default for DemoOptions {
    fn default() -> Self {
        Self {
            seed: 1,
            devices: 20_000,
            password: None,
        }
    }
}

/// A demo login.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DemoCredential {
    /// Username.
    pub username: String,
    /// Password.
    pub password: String,
    /// Roles.
    pub roles: Vec<String>,
    /// Organisation name.
    pub org: String,
}

/// What the demo created.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct DemoReport {
    /// The city's name.
    pub city: String,
    /// Organisations created.
    pub organisations: usize,
    /// Logins, one or more per role.
    pub credentials: Vec<DemoCredential>,
    /// Further counts by step (e.g. `assets: 20000`).
    pub counts: BTreeMap<String, u64>,
}

/// State shared by the demo steps.
pub(crate) struct DemoContext<'a> {
    /// The application.
    pub(crate) app: &'a App,
    /// The actor the demo acts as (`demo`).
    pub(crate) actor: Actor,
    /// The seeded generator.
    pub(crate) rng: ChaCha8Rng,
    /// The options.
    pub(crate) options: DemoOptions,
    /// Organisations by slug.
    pub(crate) orgs: BTreeMap<String, OrgId>,
    /// The report being built.
    pub(crate) report: DemoReport,
}

/// The city's agencies: slug, name, sector, description.
pub(crate) const AGENCIES: &[(&str, &str, &str, &str)] = &[
    (
        "it",
        "Department of Information Technology",
        "government IT",
        "Runs the city network, data centre, identity and the permits portal.",
    ),
    (
        "water",
        "Water & Sewer Utility",
        "water",
        "Drinking water treatment and distribution, wastewater collection and treatment (SCADA).",
    ),
    (
        "transportation",
        "Department of Transportation",
        "transportation",
        "Traffic signals, traffic management centre, parking and street cameras.",
    ),
    (
        "police",
        "Police Department",
        "public safety",
        "Patrol, investigations, body cameras, CCTV and the records system.",
    ),
    (
        "fire-ems",
        "Fire & EMS",
        "public safety",
        "Fire suppression, emergency medical services, station alerting.",
    ),
    (
        "emergency-communications",
        "Emergency Communications (911)",
        "public safety",
        "The 911 centre: call handling, computer-aided dispatch, radio.",
    ),
    (
        "public-works",
        "Public Works",
        "infrastructure",
        "Street lighting, fleet, facilities and building management systems.",
    ),
    (
        "parks",
        "Parks & Recreation",
        "community services",
        "Parks, pools, irrigation controllers and public Wi-Fi in parks.",
    ),
    (
        "transit",
        "Riverton Transit Authority",
        "transportation",
        "Buses and light rail, fare collection, real-time passenger information.",
    ),
    (
        "health",
        "Public Health Department",
        "healthcare",
        "Clinics, disease surveillance and environmental health inspections.",
    ),
];

/// Partner organisations: slug, name, type, sector, description.
pub(crate) const PARTNERS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "riverton-power",
        "Riverton Power & Light",
        "private",
        "energy",
        "The electric utility serving the city.",
    ),
    (
        "riverton-state-university",
        "Riverton State University",
        "academic",
        "education",
        "Cybersecurity research centre and student SOC.",
    ),
    (
        "harbor-county-oem",
        "Harbor County Office of Emergency Management",
        "public",
        "emergency management",
        "County emergency management and mutual aid.",
    ),
    (
        "state-fusion-center",
        "State Fusion Center",
        "public",
        "government",
        "The state's threat-information fusion centre.",
    ),
    (
        "mercy-regional-health",
        "Mercy Regional Health",
        "private",
        "healthcare",
        "The regional hospital network.",
    ),
    (
        "harborview-telecom",
        "Harborview Telecom",
        "private",
        "communications",
        "Fibre and cellular provider for city sites.",
    ),
];

/// Demo users: username, display name, org slug (`city` = the city), roles.
pub(crate) const USERS: &[(&str, &str, &str, &[Role])] = &[
    ("admin", "Avery Admin", "city", &[Role::Admin]),
    ("ciso", "Dana Okafor (CISO)", "city", &[Role::SecurityAnalyst]),
    ("analyst", "Sam Rivera", "city", &[Role::SecurityAnalyst]),
    ("responder", "Jordan Lee", "city", &[Role::IncidentResponder]),
    ("auditor", "Morgan Price", "city", &[Role::Auditor]),
    ("trainer", "Casey Nguyen", "city", &[Role::Trainer]),
    ("water.manager", "Priya Shah", "water", &[Role::AgencyManager]),
    ("water.staff", "Luis Ortega", "water", &[Role::AgencyStaff]),
    (
        "transport.manager",
        "Elena Petrova",
        "transportation",
        &[Role::AgencyManager],
    ),
    ("transport.staff", "Ben Carter", "transportation", &[Role::AgencyStaff]),
    ("police.manager", "Grace Kim", "police", &[Role::AgencyManager]),
    ("it.manager", "Omar Haddad", "it", &[Role::AgencyManager]),
    (
        "uni.analyst",
        "Dr. Hana Sato",
        "riverton-state-university",
        &[Role::PartnerAnalyst],
    ),
    (
        "power.analyst",
        "Victor Mensah",
        "riverton-power",
        &[Role::PartnerAnalyst],
    ),
];

/// The demo city's name.
pub(crate) const CITY: &str = "City of Riverton";

async fn organisations_and_people(ctx: &mut DemoContext<'_>) -> Result<()> {
    let app = ctx.app;
    let city = app
        .create_org(
            &ctx.actor,
            &OrgInput {
                slug: "city".into(),
                name: CITY.into(),
                kind: "city".into(),
                sector: Some("government".into()),
                description: "A mid-sized coastal city of 420,000 people.".into(),
                ..OrgInput::default()
            },
        )
        .await?;
    ctx.orgs.insert("city".into(), city.id);
    for (slug, name, sector, description) in AGENCIES {
        let o = app
            .create_org(
                &ctx.actor,
                &OrgInput {
                    slug: (*slug).into(),
                    name: (*name).into(),
                    kind: "agency".into(),
                    sector: Some((*sector).into()),
                    description: (*description).into(),
                    ..OrgInput::default()
                },
            )
            .await?;
        ctx.orgs.insert((*slug).into(), o.id);
    }
    for (slug, name, ptype, sector, description) in PARTNERS {
        let o = app
            .create_org(
                &ctx.actor,
                &OrgInput {
                    slug: (*slug).into(),
                    name: (*name).into(),
                    kind: "partner".into(),
                    partner_type: Some((*ptype).into()),
                    sector: Some((*sector).into()),
                    description: (*description).into(),
                },
            )
            .await?;
        ctx.orgs.insert((*slug).into(), o.id);
    }
    for (username, display, org, roles) in USERS {
        let org_id = *ctx
            .orgs
            .get(*org)
            .ok_or_else(|| AppError::Internal(format!("demo org {org} missing")))?;
        let password = ctx.options.password.clone().unwrap_or_else(generate_password);
        app.create_user(
            &ctx.actor,
            UserInput {
                username: (*username).into(),
                display_name: (*display).into(),
                email: Some(format!("{username}@riverton.example")),
                org_id,
                roles: roles.to_vec(),
                password: Some(password.clone()),
            },
        )
        .await?;
        let org_name = app.store.get_org(org_id).await?.name;
        ctx.report.credentials.push(DemoCredential {
            username: (*username).into(),
            password,
            roles: roles.iter().map(|r| r.as_str().to_owned()).collect(),
            org: org_name,
        });
    }
    ctx.report.city = CITY.into();
    ctx.report.organisations = ctx.orgs.len();
    Ok(())
}

impl App {
    /// Whether the database holds no organisations yet.
    pub async fn is_empty(&self) -> Result<bool> {
        let mut tx = self.store.begin().await?;
        let n = tx.count_orgs().await?;
        tx.rollback().await?;
        Ok(n == 0)
    }

    /// Loads the demo city into an empty database.
    pub async fn load_demo(&self, options: DemoOptions) -> Result<DemoReport> {
        if !self.is_empty().await? {
            return Err(AppError::Conflict(
                "the database already holds organisations; the demo city loads only into an empty database".into(),
            ));
        }
        if let Some(p) = &options.password {
            crate::passwords::check_policy(p, self.config.min_password_len)?;
        }
        let mut ctx = DemoContext {
            app: self,
            actor: Actor::System("demo"),
            rng: ChaCha8Rng::seed_from_u64(options.seed),
            options,
            orgs: BTreeMap::new(),
            report: DemoReport::default(),
        };
        organisations_and_people(&mut ctx).await?;
        estate::estate(&mut ctx).await?;
        vulns::vulnerabilities(&mut ctx).await?;
        Ok(ctx.report)
    }
}
