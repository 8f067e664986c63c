//! The home page and the landing page of each of the six steps.

use askama::Template;
use axum::extract::State;
use axum::http::Uri;
use axum::response::Html;
use rampart_app::Counts;
use rampart_core::authz::Permission;

use super::chrome::STEPS;
use super::form::{Done, notice};
use super::{Chrome, render};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{WebError, WebResult};

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
    counts: Counts,
    city: String,
}

/// `GET /`
pub(crate) async fn home(
    State(s): State<AppState>,
    ctx: Ctx,
    axum::extract::Query(q): axum::extract::Query<Done>,
) -> WebResult<Html<String>> {
    let counts = s.app.counts(&ctx.actor).await.map_err(|e| WebError::from(e).html())?;
    let city = s
        .app
        .store
        .find_city()
        .await
        .ok()
        .flatten()
        .map_or_else(|| "Your city".to_owned(), |c| c.name);
    render(&HomePage {
        chrome: Chrome::new(&ctx, "Overview", "/").with_notice(notice(q.done.as_deref())),
        counts,
        city,
    })
}

/// A capability of a step, and whether this release provides it.
pub(crate) struct Capability {
    pub(crate) name: &'static str,
    pub(crate) what: &'static str,
    pub(crate) href: Option<&'static str>,
}

struct StepInfo {
    number: &'static str,
    title: &'static str,
    summary: &'static str,
    capabilities: Vec<Capability>,
}

fn step_info(path: &str) -> Option<StepInfo> {
    let cap = |name, what, href| Capability { name, what, href };
    Some(match path {
        "/risk" => StepInfo {
            number: "1",
            title: "Risk-based approach",
            summary: "Look at the structure of the city's systems and find where a failure or a compromise would hurt most.",
            capabilities: vec![
                cap(
                    "Asset inventory",
                    "IT, OT and IoT devices with vendor, product, firmware, CPE, purl, zone, exposure, location and data handled.",
                    Some("/assets"),
                ),
                cap(
                    "Import",
                    "CSV, CycloneDX and nmap XML inventories; zones, services, dependencies and flows as CSV.",
                    Some("/assets/import"),
                ),
                cap(
                    "Services and dependencies",
                    "The city's services, what they depend on, their redundancy and likelihood of failure.",
                    Some("/services"),
                ),
                cap("Network zones", "Zones and the conduits between them.", Some("/zones")),
                cap(
                    "Single points of failure",
                    "Assets and services whose loss alone stops a critical service.",
                    Some("/analysis/spof"),
                ),
                cap(
                    "Blast radius and attack paths",
                    "What stops when an asset fails (from any asset's page); the likeliest paths from exposed zones to a service (from any service's page).",
                    Some("/services"),
                ),
                cap(
                    "Risk register and mitigation planner",
                    "Likelihood, impact and treatment of each risk; the fixes that remove the most risk for the effort.",
                    None,
                ),
            ],
        },
        "/baselines" => StepInfo {
            number: "2",
            title: "Priorities and security baselines",
            summary: "Set the city's baseline from NIST CSF 2.0, SP 800-53, the IoT baselines and CIS Controls, assess against it, and plan the gaps.",
            capabilities: vec![
                cap(
                    "Control catalogs (OSCAL)",
                    "NIST CSF 2.0, SP 800-53 rev5, NISTIR 8259A, ETSI EN 303 645, CIS Controls v8.",
                    None,
                ),
                cap(
                    "Assessments and gap analysis",
                    "Per agency or system, with evidence and a prioritised roadmap.",
                    None,
                ),
            ],
        },
        "/threats" => StepInfo {
            number: "3",
            title: "Threat and vulnerability information",
            summary: "Bring in CVE, NVD, KEV, EPSS, CSAF and STIX; match them to the inventory; tell agencies and citizens what to do.",
            capabilities: vec![
                cap(
                    "Vulnerability feeds and matching",
                    "CVE JSON 5, NVD, CISA KEV, EPSS, CSAF 2.0 imported and matched to devices with evidence.",
                    Some("/feeds"),
                ),
                cap(
                    "Vulnerabilities",
                    "Every known vulnerability with its scores, KEV facts, EPSS, advisories and the city's affected devices and services.",
                    Some("/vulns"),
                ),
                cap(
                    "Patch first",
                    "Findings prioritised with SSVC (exploitation, exposure, automatability, the city's mission and safety impact), with due dates from the policy or KEV; triage with VEX justifications; CSV, JSON and CycloneDX VEX exports.",
                    Some("/findings"),
                ),
                cap(
                    "Advisories and sharing",
                    "CSAF, STIX, HTML and Atom advisories; a TAXII 2.1 server.",
                    None,
                ),
            ],
        },
        "/incidents" => StepInfo {
            number: "4",
            title: "Incident response",
            summary: "Intake, impact-based severity, purview routing, notification clocks and CACAO playbooks.",
            capabilities: vec![cap(
                "Incidents",
                "Intake, triage, playbooks, timeline and after-action review.",
                None,
            )],
        },
        "/training" => StepInfo {
            number: "5",
            title: "Awareness and workforce training",
            summary: "Courses by NICE work role, assignments, completions and phishing-simulation results.",
            capabilities: vec![cap(
                "Training",
                "Curricula, assignments, coverage by agency over time, public awareness pages.",
                None,
            )],
        },
        "/partnerships" => StepInfo {
            number: "6",
            title: "Public, private and academic cooperation",
            summary: "Partners, agreements with TLP ceilings, sharing communities and per-partner API tokens.",
            capabilities: vec![
                cap(
                    "Partner organisations",
                    "Utilities, businesses, universities and other governments the city works with.",
                    Some("/admin/orgs?kind=partner"),
                ),
                cap(
                    "API tokens",
                    "Scoped, expiring, revocable tokens for partners' systems (read, write, taxii).",
                    Some("/account"),
                ),
                cap(
                    "Agreements and sharing communities",
                    "Scope, TLP ceiling and expiry; TAXII collections per community.",
                    None,
                ),
            ],
        },
        _ => return None,
    })
}

#[derive(Template)]
#[template(path = "step.html")]
struct StepPage {
    chrome: Chrome,
    number: &'static str,
    heading: &'static str,
    summary: &'static str,
    capabilities: Vec<Capability>,
    partners: Vec<rampart_app::OrgRecord>,
}

/// `GET /risk`, `/baselines`, `/threats`, `/incidents`, `/training`, `/partnerships`
pub(crate) async fn step_page(State(s): State<AppState>, ctx: Ctx, uri: Uri) -> WebResult<Html<String>> {
    let info =
        step_info(uri.path()).ok_or_else(|| WebError::new(axum::http::StatusCode::NOT_FOUND, "no such step").html())?;
    let partners = if info.number == "6" && ctx.principal().is_some_and(|p| p.can(Permission::OrgView)) {
        let all = s
            .app
            .list_orgs(&ctx.actor)
            .await
            .map_err(|e| WebError::from(e).html())?;
        all.into_iter()
            .filter(|o| o.kind == rampart_core::org::OrgKind::Partner)
            .collect()
    } else {
        Vec::new()
    };
    let title = STEPS
        .iter()
        .find(|(h, _, _)| *h == uri.path())
        .map_or("", |(_, l, _)| *l);
    render(&StepPage {
        chrome: Chrome::new(&ctx, title, uri.path()),
        number: info.number,
        heading: info.title,
        summary: info.summary,
        capabilities: info.capabilities,
        partners,
    })
}
