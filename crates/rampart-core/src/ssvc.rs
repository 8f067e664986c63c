//! SSVC v2 deployer prioritisation (CERT/CC and CISA, "Stakeholder-Specific
//! Vulnerability Categorization").
//!
//! A vulnerability finding on a city asset gets one of four
//! [`Outcome`]s — defer, scheduled, out-of-cycle, immediate — from four
//! decision points: [`Exploitation`], system [`Exposure`], [`Automatable`]
//! and [`HumanImpact`], the last combining [`MissionImpact`] and
//! [`SafetyImpact`] ([`HumanImpact::combine`]). [`deployer_decision`] is the
//! published deployer tree, all 72 leaves, as a table.
//!
//! The helpers [`Exploitation::from_facts`], [`Exposure::from_asset`] and
//! [`impacts_from_stakes`] derive the inputs from what Rampart knows (KEV,
//! CISA ADP, the asset's zone, the services that depend on the asset);
//! [`Decision`] keeps the inputs with a short explanation of each for the
//! finding's page, and [`DeadlinePolicy`] turns the outcome into a
//! remediation due date.
//!
//! The rules, the tables and the sources are written down in `docs/ssvc.md`
//! at the repository root.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use time::{Date, Duration};

/// Text that is not a value of an SSVC decision point.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not a value of the SSVC decision point {point}")]
pub struct InvalidSsvcValue {
    /// The decision point, e.g. `Exploitation`.
    pub point: &'static str,
    /// The rejected text (at most 40 characters of it).
    pub value: String,
}

/// Lower case, trimmed, with spaces and hyphens as underscores:
/// `"Out-of-Cycle"` → `out_of_cycle`, `"MEF support crippled"` → `mef_support_crippled`.
fn normalise(s: &str) -> String {
    s.trim().to_ascii_lowercase().replace([' ', '-'], "_")
}

/// An SSVC decision point or outcome: an ordered enum with a canonical
/// snake_case text (`as_str`, `Display`, serde), a label for people, a
/// lenient `parse` and the list of all values, lowest first.
macro_rules! ssvc_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $point:literal {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $text:literal, $label:literal $(, $alias:literal)*;
            )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, lowest first.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The SSVC name of this decision point.
            pub const POINT: &'static str = $point;

            /// The canonical text, as stored and serialised (snake_case).
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// The value as SSVC names it, for people.
            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)+
                }
            }

            /// Parses the canonical text or the SSVC spelling, ignoring case,
            /// surrounding blanks and the difference between spaces, hyphens
            /// and underscores.
            pub fn parse(s: &str) -> Result<Self, InvalidSsvcValue> {
                match normalise(s).as_str() {
                    $($text $(| $alias)* => Ok($name::$variant),)+
                    _ => Err(InvalidSsvcValue { point: $point, value: s.chars().take(40).collect() }),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = InvalidSsvcValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::parse(s)
            }
        }
    };
}

ssvc_enum! {
    /// SSVC *Exploitation* (v1.1.0): the present state of exploitation of the
    /// vulnerability.
    Exploitation, "Exploitation" {
        /// No evidence of active exploitation and no public proof of concept.
        None = "none", "None";
        /// A public proof of concept exists, or exploitation is trivial
        /// (SSVC "Public PoC").
        Public = "public", "Public PoC", "poc", "public_poc";
        /// Reliable evidence that attackers exploit it in the wild.
        Active = "active", "Active";
    }
}

ssvc_enum! {
    /// SSVC *System Exposure* (v1.0.1): the accessible attack surface of the
    /// affected system.
    Exposure, "System Exposure" {
        /// Local service or program, or a highly controlled network.
        Small = "small", "Small";
        /// Networked service with some access restrictions or mitigations in place.
        Controlled = "controlled", "Controlled";
        /// Internet or another widely accessible network where access cannot
        /// plausibly be restricted.
        Open = "open", "Open", "unavoidable";
    }
}

ssvc_enum! {
    /// SSVC *Automatable* (v2.0.0): whether an attacker can reliably automate
    /// steps 1–4 of the kill chain (reconnaissance, weaponisation, delivery,
    /// exploitation).
    Automatable, "Automatable" {
        /// At least one of those steps cannot be reliably automated.
        No = "no", "No";
        /// All four can be automated ("wormable" is a common example).
        Yes = "yes", "Yes";
    }
}

ssvc_enum! {
    /// SSVC *Mission Impact* (v2.0.0): the impact on the mission essential
    /// functions (MEFs) of the organisation — for a city, the public services
    /// it must keep running.
    MissionImpact, "Mission Impact" {
        /// Little to no impact, up to degradation of non-essential functions.
        Degraded = "degraded", "Degraded", "none";
        /// Activities that directly support essential functions are crippled;
        /// the essential functions continue for a time.
        MefSupportCrippled = "mef_support_crippled", "MEF Support Crippled", "crippled", "msc";
        /// One mission essential function fails for longer than acceptable.
        MefFailure = "mef_failure", "MEF Failure", "mef";
        /// Several or all mission essential functions fail.
        MissionFailure = "mission_failure", "Mission Failure";
    }
}

ssvc_enum! {
    /// SSVC *Safety Impact* (v2.0.x, situated safety or well-being impact,
    /// categories after IEC 61508).
    SafetyImpact, "Safety Impact" {
        /// Minor injuries at worst; small reductions of safety margins.
        Negligible = "negligible", "Negligible";
        /// Major injuries; safety margins effectively eliminated without harm.
        Marginal = "marginal", "Marginal";
        /// Loss of life; operators can no longer keep the system safe.
        Critical = "critical", "Critical";
        /// Multiple loss of life.
        Catastrophic = "catastrophic", "Catastrophic";
    }
}

ssvc_enum! {
    /// SSVC *Human Impact* (v2.0.2): [`MissionImpact`] and [`SafetyImpact`]
    /// combined ([`HumanImpact::combine`]).
    HumanImpact, "Human Impact" {
        /// Negligible safety impact, mission at most crippled.
        Low = "low", "Low";
        /// Medium.
        Medium = "medium", "Medium";
        /// High.
        High = "high", "High";
        /// Catastrophic safety impact or mission failure.
        VeryHigh = "very_high", "Very High";
    }
}

ssvc_enum! {
    /// The deployer's priority for applying a fix or mitigation.
    Outcome, "Outcome" {
        /// Do not act now; reassess when the inputs change.
        Defer = "defer", "Defer";
        /// Act during the regular maintenance cycle.
        Scheduled = "scheduled", "Scheduled";
        /// Act faster than usual, outside the regular cycle, mitigating
        /// temporarily if needed.
        OutOfCycle = "out_of_cycle", "Out-of-Cycle";
        /// Act now, with all resources, stopping normal work if necessary.
        Immediate = "immediate", "Immediate";
    }
}

impl HumanImpact {
    /// The SSVC Human Impact v2.0.2 combination of safety and mission
    /// impact, as the value definitions publish it:
    ///
    /// | Safety \ Mission | Degraded | MEF support crippled | MEF failure | Mission failure |
    /// | --- | --- | --- | --- | --- |
    /// | Negligible | Low | Low | Medium | Very High |
    /// | Marginal | Medium | Medium | High | Very High |
    /// | Critical | High | High | High | Very High |
    /// | Catastrophic | Very High | Very High | Very High | Very High |
    ///
    /// The definitions leave Critical × MEF failure out; it is High, as in
    /// the original SSVC 2.0 table (Hazardous × MEF failure) and as
    /// monotonicity requires. `docs/ssvc.md` explains why this differs in
    /// four cells from the decision-table CSV in the SSVC repository.
    pub fn combine(mission: MissionImpact, safety: SafetyImpact) -> HumanImpact {
        use HumanImpact::{High, Low, Medium, VeryHigh};
        const TABLE: [[HumanImpact; 4]; 4] = [
            // Degraded, MEF support crippled, MEF failure, mission failure
            [Low, Low, Medium, VeryHigh],             // negligible
            [Medium, Medium, High, VeryHigh],         // marginal
            [High, High, High, VeryHigh],             // critical
            [VeryHigh, VeryHigh, VeryHigh, VeryHigh], // catastrophic
        ];
        TABLE[safety as usize][mission as usize]
    }
}

/// The SSVC v2 deployer tree ("Deployer Patch Application Priority"
/// v1.0.0), indexed `[exploitation][exposure][automatable][human impact]`.
/// Row for row the CSV published by CERT/CC, checked in
/// `tests/ssvc_published.rs`.
const DEPLOYER_TREE: [[[[Outcome; 4]; 2]; 3]; 3] = {
    use Outcome::{Defer as D, Immediate as I, OutOfCycle as O, Scheduled as S};
    [
        // Exploitation: none
        [
            [[D, D, S, S], [D, S, S, S]], // small: automatable no, yes
            [[D, S, S, S], [S, S, S, S]], // controlled
            [[D, S, S, S], [S, S, S, O]], // open
        ],
        // Exploitation: public PoC
        [
            [[D, S, S, S], [S, S, S, S]], // small
            [[D, S, S, S], [S, S, S, O]], // controlled
            [[S, S, S, O], [S, S, O, O]], // open
        ],
        // Exploitation: active
        [
            [[S, S, O, O], [S, O, O, O]], // small
            [[S, S, O, O], [O, O, O, O]], // controlled
            [[S, O, O, I], [O, O, I, I]], // open
        ],
    ]
};

/// The SSVC v2 deployer decision: the priority of applying a fix for a
/// vulnerability with these properties on a system of one's own.
pub fn deployer_decision(e: Exploitation, x: Exposure, a: Automatable, h: HumanImpact) -> Outcome {
    DEPLOYER_TREE[e as usize][x as usize][a as usize][h as usize]
}

impl Exploitation {
    /// Exploitation from Rampart's threat facts:
    ///
    /// - the CVE is in CISA's Known Exploited Vulnerabilities catalogue, or
    ///   the CISA ADP ("Vulnrichment") SSVC assessment says `active` →
    ///   [`Exploitation::Active`];
    /// - the ADP says `poc` (or `public poc`) → [`Exploitation::Public`];
    /// - otherwise, including no ADP assessment and text that is not an
    ///   Exploitation value → [`Exploitation::None`].
    ///
    /// KEV wins over a lower ADP value: KEV entries require reliable
    /// evidence of exploitation in the wild.
    pub fn from_facts(in_kev: bool, adp: Option<&str>) -> Exploitation {
        let adp = adp.and_then(|s| Exploitation::parse(s).ok());
        if in_kev {
            return Exploitation::Active;
        }
        adp.unwrap_or(Exploitation::None)
    }

    /// [`Exploitation::from_facts`] with an explanation for the finding's page.
    pub fn assess_facts(in_kev: bool, adp: Option<&str>) -> Assessed<Exploitation> {
        let value = Exploitation::from_facts(in_kev, adp);
        let adp_text = match adp.map(Exploitation::parse) {
            Some(Ok(v)) => format!("CISA ADP says {}", v.label()),
            Some(Err(_)) => "the CISA ADP value is not recognised".to_owned(),
            None => "no CISA ADP assessment".to_owned(),
        };
        let why = if in_kev {
            format!("in CISA's Known Exploited Vulnerabilities catalogue ({adp_text})")
        } else {
            format!("not in CISA KEV; {adp_text}")
        };
        Assessed::new(value, why)
    }
}

/// How Rampart reads a zone kind for [`Exposure::from_asset`].
fn zone_exposure(kind: &str) -> Option<Exposure> {
    match normalise(kind).as_str() {
        "internet" | "guest" | "guest_wifi" | "public_wifi" => Some(Exposure::Open),
        "dmz" | "partner" | "vendor" | "field" | "iot" | "field_iot" => Some(Exposure::Controlled),
        "ot" | "control_ot" | "corporate" | "management" => Some(Exposure::Small),
        _ => None,
    }
}

impl Exposure {
    /// System exposure from where the asset sits:
    ///
    /// - reachable from the internet (`internet_exposed`) → [`Exposure::Open`];
    /// - otherwise by the kind of its network zone (the snake_case names of
    ///   [`ZoneKind`](crate::estate::ZoneKind), plus the short forms `ot`,
    ///   `iot`, `field`, `guest`; case and `-`/`_`/space are ignored):
    ///   - `internet`, `guest` / `guest_wifi` / `public_wifi` → **Open**: an
    ///     asset in the internet zone faces the internet, and public Wi-Fi is
    ///     a widely accessible network whose access cannot be restricted
    ///     (both are attack sources in the estate model);
    ///   - `dmz`, `partner` / `vendor`, `field_iot` / `field` / `iot` →
    ///     **Controlled**: reachable from untrusted parties through
    ///     firewalls, VPNs, street cabinets or radio links, with some access
    ///     control in place;
    ///   - `control_ot` / `ot`, `corporate`, `management` → **Small**: city
    ///     internal networks behind the perimeter;
    ///   - no zone, or a kind not listed → **Controlled**: a networked asset
    ///     not known to be internet-facing, but not known to be on a highly
    ///     controlled network either.
    pub fn from_asset(internet_exposed: bool, zone_kind: Option<&str>) -> Exposure {
        if internet_exposed {
            return Exposure::Open;
        }
        zone_kind.and_then(zone_exposure).unwrap_or(Exposure::Controlled)
    }

    /// [`Exposure::from_asset`] with an explanation for the finding's page.
    pub fn assess_asset(internet_exposed: bool, zone_kind: Option<&str>) -> Assessed<Exposure> {
        let value = Exposure::from_asset(internet_exposed, zone_kind);
        let why = match (internet_exposed, zone_kind) {
            (true, _) => "the asset is reachable from the internet".to_owned(),
            (false, Some(kind)) if zone_exposure(kind).is_some() => {
                format!("not internet-facing; sits in a `{}` zone", normalise(kind))
            }
            (false, Some(kind)) => format!(
                "not internet-facing; zone kind `{}` is not one Rampart ranks, so it counts as controlled",
                kind.chars().take(40).collect::<String>()
            ),
            (false, None) => "not internet-facing; zone unknown, so it counts as controlled".to_owned(),
        };
        Assessed::new(value, why)
    }
}

/// What a service has at stake in one asset: one entry per service that
/// depends on the asset (from the estate analysis: blast radius and single
/// points of failure).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct ServiceStake {
    /// The service protects life or health (emergency dispatch, water
    /// treatment, traffic signals, …).
    pub life_safety: bool,
    /// The city has marked the service critical (a mission essential function).
    pub critical: bool,
    /// People served by the service (0 when unknown).
    pub population_served: u64,
    /// Losing this asset alone stops the service (it is a single point of
    /// failure); otherwise losing it only degrades the service.
    pub stops: bool,
}

/// A service serving at least this many people is essential in practice
/// even if not marked critical: stopping it cripples the support of the
/// city's essential functions ([`MissionImpact::MefSupportCrippled`]).
pub const WIDE_SERVICE_POPULATION: u64 = 10_000;

impl ServiceStake {
    /// Mission impact of losing the asset, for this service alone.
    pub fn mission_impact(&self) -> MissionImpact {
        let essential = self.life_safety || self.critical;
        match (self.stops, self.life_safety, essential) {
            (true, true, _) => MissionImpact::MissionFailure,
            (true, false, true) => MissionImpact::MefFailure,
            (true, false, false) if self.population_served >= WIDE_SERVICE_POPULATION => {
                MissionImpact::MefSupportCrippled
            }
            (false, _, true) => MissionImpact::MefSupportCrippled,
            _ => MissionImpact::Degraded,
        }
    }

    /// Safety impact of losing the asset, for this service alone.
    pub fn safety_impact(&self) -> SafetyImpact {
        match (self.life_safety, self.stops) {
            (true, true) => SafetyImpact::Catastrophic,
            (true, false) => SafetyImpact::Marginal,
            (false, _) => SafetyImpact::Negligible,
        }
    }
}

impl MissionImpact {
    /// Mission impact of losing an asset that these services depend on:
    /// the highest of [`ServiceStake::mission_impact`], raised to
    /// [`MissionImpact::MissionFailure`] when two or more services would
    /// each suffer an MEF failure or worse ("multiple mission essential
    /// functions fail"). No stakes → [`MissionImpact::Degraded`].
    ///
    /// Per service: stops a life-safety service → mission failure; stops a
    /// critical service → MEF failure; degrades a critical or life-safety
    /// service, or stops a service for at least [`WIDE_SERVICE_POPULATION`]
    /// people → MEF support crippled; otherwise degraded.
    pub fn from_stakes(stakes: &[ServiceStake]) -> MissionImpact {
        let worst = stakes.iter().map(ServiceStake::mission_impact).max();
        let failures = stakes
            .iter()
            .filter(|s| s.mission_impact() >= MissionImpact::MefFailure)
            .count();
        if failures >= 2 {
            MissionImpact::MissionFailure
        } else {
            worst.unwrap_or(MissionImpact::Degraded)
        }
    }
}

impl SafetyImpact {
    /// Safety impact of losing an asset that these services depend on: the
    /// highest of [`ServiceStake::safety_impact`] — stops a life-safety
    /// service → catastrophic (a life-safety service serves many people);
    /// degrades one → marginal (its safety margin is gone); no life-safety
    /// service → negligible.
    pub fn from_stakes(stakes: &[ServiceStake]) -> SafetyImpact {
        stakes
            .iter()
            .map(ServiceStake::safety_impact)
            .max()
            .unwrap_or(SafetyImpact::Negligible)
    }
}

/// Mission and safety impact of losing an asset these services depend on
/// ([`MissionImpact::from_stakes`], [`SafetyImpact::from_stakes`]), each
/// with an explanation for the finding's page.
pub fn impacts_from_stakes(stakes: &[ServiceStake]) -> (Assessed<MissionImpact>, Assessed<SafetyImpact>) {
    let count = |f: &dyn Fn(&ServiceStake) -> bool| stakes.iter().filter(|s| f(s)).count();
    let people = |f: &dyn Fn(&ServiceStake) -> bool| {
        stakes
            .iter()
            .filter(|s| f(s))
            .map(|s| s.population_served)
            .fold(0u64, u64::saturating_add)
    };
    let summary = |what: &str, f: &dyn Fn(&ServiceStake) -> bool| -> Option<String> {
        match (count(f), people(f)) {
            (0, _) => None,
            (n, 0) => Some(format!("{what} {n}")),
            (n, p) => Some(format!("{what} {n} (serving {p} people)")),
        }
    };
    let join = |parts: Vec<Option<String>>, none: &str| {
        let parts: Vec<String> = parts.into_iter().flatten().collect();
        if parts.is_empty() {
            none.to_owned()
        } else {
            parts.join("; ")
        }
    };

    let mission = Assessed::new(
        MissionImpact::from_stakes(stakes),
        join(
            vec![
                summary("stops life-safety services:", &|s| s.stops && s.life_safety),
                summary("stops critical services:", &|s| s.stops && s.critical && !s.life_safety),
                summary("degrades critical or life-safety services:", &|s| {
                    !s.stops && (s.critical || s.life_safety)
                }),
                summary("stops other services:", &|s| s.stops && !s.critical && !s.life_safety),
                summary("degrades other services:", &|s| {
                    !s.stops && !s.critical && !s.life_safety
                }),
            ],
            "no service depends on this asset",
        ),
    );
    let safety = Assessed::new(
        SafetyImpact::from_stakes(stakes),
        join(
            vec![
                summary("stops life-safety services:", &|s| s.stops && s.life_safety),
                summary("degrades life-safety services:", &|s| !s.stops && s.life_safety),
            ],
            "no life-safety service depends on this asset",
        ),
    );
    (mission, safety)
}

/// A decision point's value with the reason it was chosen, in a few words
/// for people ("in CISA KEV", "sits in the DMZ").
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Assessed<T> {
    /// The value.
    pub value: T,
    /// Why.
    pub why: String,
}

impl<T> Assessed<T> {
    /// A value with its reason.
    pub fn new(value: T, why: impl Into<String>) -> Self {
        Assessed { value, why: why.into() }
    }
}

/// An SSVC deployer decision about one finding: the inputs, each with its
/// reason, the derived human impact and the outcome.
///
/// The outcome is always computed from the inputs: it is serialised for
/// readers, but deserialisation recomputes it (and the human impact).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "DecisionInputs")]
pub struct Decision {
    exploitation: Assessed<Exploitation>,
    exposure: Assessed<Exposure>,
    automatable: Assessed<Automatable>,
    mission_impact: Assessed<MissionImpact>,
    safety_impact: Assessed<SafetyImpact>,
    human_impact: HumanImpact,
    outcome: Outcome,
}

/// What [`Decision`] is deserialised from: the inputs only.
#[derive(Deserialize)]
struct DecisionInputs {
    exploitation: Assessed<Exploitation>,
    exposure: Assessed<Exposure>,
    automatable: Assessed<Automatable>,
    mission_impact: Assessed<MissionImpact>,
    safety_impact: Assessed<SafetyImpact>,
}

impl From<DecisionInputs> for Decision {
    fn from(i: DecisionInputs) -> Self {
        Decision::new(
            i.exploitation,
            i.exposure,
            i.automatable,
            i.mission_impact,
            i.safety_impact,
        )
    }
}

impl Decision {
    /// Decides: combines mission and safety impact into human impact and
    /// walks the deployer tree.
    pub fn new(
        exploitation: Assessed<Exploitation>,
        exposure: Assessed<Exposure>,
        automatable: Assessed<Automatable>,
        mission_impact: Assessed<MissionImpact>,
        safety_impact: Assessed<SafetyImpact>,
    ) -> Decision {
        let human_impact = HumanImpact::combine(mission_impact.value, safety_impact.value);
        let outcome = deployer_decision(exploitation.value, exposure.value, automatable.value, human_impact);
        Decision {
            exploitation,
            exposure,
            automatable,
            mission_impact,
            safety_impact,
            human_impact,
            outcome,
        }
    }

    /// The priority.
    pub fn outcome(&self) -> Outcome {
        self.outcome
    }

    /// Exploitation and why.
    pub fn exploitation(&self) -> &Assessed<Exploitation> {
        &self.exploitation
    }

    /// System exposure and why.
    pub fn exposure(&self) -> &Assessed<Exposure> {
        &self.exposure
    }

    /// Automatable and why.
    pub fn automatable(&self) -> &Assessed<Automatable> {
        &self.automatable
    }

    /// Mission impact and why.
    pub fn mission_impact(&self) -> &Assessed<MissionImpact> {
        &self.mission_impact
    }

    /// Safety impact and why.
    pub fn safety_impact(&self) -> &Assessed<SafetyImpact> {
        &self.safety_impact
    }

    /// Human impact, combined from mission and safety impact.
    pub fn human_impact(&self) -> HumanImpact {
        self.human_impact
    }

    /// One row per decision point for the finding's page: SSVC name, value
    /// label, reason — Exploitation, System Exposure, Automatable, Mission
    /// Impact, Safety Impact, then Human Impact with the combination as its
    /// reason.
    pub fn explain(&self) -> Vec<(&'static str, String, String)> {
        fn row<T: Copy>(
            point: &'static str,
            a: &Assessed<T>,
            label: fn(T) -> &'static str,
        ) -> (&'static str, String, String) {
            (point, label(a.value).to_owned(), a.why.clone())
        }
        vec![
            row(Exploitation::POINT, &self.exploitation, Exploitation::label),
            row(Exposure::POINT, &self.exposure, Exposure::label),
            row(Automatable::POINT, &self.automatable, Automatable::label),
            row(MissionImpact::POINT, &self.mission_impact, MissionImpact::label),
            row(SafetyImpact::POINT, &self.safety_impact, SafetyImpact::label),
            (
                HumanImpact::POINT,
                self.human_impact.label().to_owned(),
                format!(
                    "safety impact {} with mission impact {} (SSVC Human Impact table)",
                    self.safety_impact.value.label(),
                    self.mission_impact.value.label()
                ),
            ),
        ]
    }
}

/// How many calendar days the city allows for each outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DeadlinePolicy {
    /// Days to remediate an [`Outcome::Immediate`] finding.
    pub immediate_days: u32,
    /// Days for [`Outcome::OutOfCycle`].
    pub out_of_cycle_days: u32,
    /// Days for [`Outcome::Scheduled`].
    pub scheduled_days: u32,
    /// Days for [`Outcome::Defer`]; `None`: no deadline.
    pub defer_days: Option<u32>,
}

impl Default for DeadlinePolicy {
    /// 2 days immediate, 14 out-of-cycle, 90 scheduled, no deadline when deferred.
    fn default() -> Self {
        DeadlinePolicy {
            immediate_days: 2,
            out_of_cycle_days: 14,
            scheduled_days: 90,
            defer_days: None,
        }
    }
}

impl DeadlinePolicy {
    /// The days allowed for `outcome`, `None` for no deadline.
    pub fn days(&self, outcome: Outcome) -> Option<u32> {
        match outcome {
            Outcome::Immediate => Some(self.immediate_days),
            Outcome::OutOfCycle => Some(self.out_of_cycle_days),
            Outcome::Scheduled => Some(self.scheduled_days),
            Outcome::Defer => self.defer_days,
        }
    }

    /// The remediation due date of a finding found on `found`: `found` plus
    /// the days for `outcome`, or CISA's KEV due date when that is sooner
    /// (or when the policy sets no deadline). A KEV due date already past
    /// is returned as is: the finding is overdue from the start. A date
    /// beyond the calendar's end (year 9999) is clamped to its last day.
    /// `None` only when neither gives a deadline.
    pub fn due_date(&self, outcome: Outcome, found: Date, kev_due: Option<Date>) -> Option<Date> {
        let policy = self
            .days(outcome)
            .map(|d| found.checked_add(Duration::days(i64::from(d))).unwrap_or(Date::MAX));
        match (policy, kev_due) {
            (Some(p), Some(k)) => Some(p.min(k)),
            (p, k) => p.or(k),
        }
    }
}

#[cfg(test)]
mod tests;
