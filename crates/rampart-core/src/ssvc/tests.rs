use proptest::prelude::*;
use time::macros::date;

use super::*;

// ---- text forms -------------------------------------------------------------

/// `as_str`, `Display`, `parse` and serde agree for every value of `T`.
fn round_trips<T>(all: &[T], as_str: fn(T) -> &'static str, parse: fn(&str) -> Result<T, InvalidSsvcValue>)
where
    T: Copy + PartialEq + fmt::Debug + fmt::Display + Serialize + serde::de::DeserializeOwned,
{
    for &v in all {
        let s = as_str(v);
        assert_eq!(v.to_string(), s);
        assert_eq!(parse(s), Ok(v));
        assert_eq!(parse(&s.to_ascii_uppercase()), Ok(v));
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(json, format!("\"{s}\""), "serde must use the canonical text");
        assert_eq!(serde_json::from_str::<T>(&json).unwrap(), v);
    }
}

#[test]
fn every_value_round_trips_through_text_and_serde() {
    round_trips(Exploitation::ALL, Exploitation::as_str, Exploitation::parse);
    round_trips(Exposure::ALL, Exposure::as_str, Exposure::parse);
    round_trips(Automatable::ALL, Automatable::as_str, Automatable::parse);
    round_trips(MissionImpact::ALL, MissionImpact::as_str, MissionImpact::parse);
    round_trips(SafetyImpact::ALL, SafetyImpact::as_str, SafetyImpact::parse);
    round_trips(HumanImpact::ALL, HumanImpact::as_str, HumanImpact::parse);
    round_trips(Outcome::ALL, Outcome::as_str, Outcome::parse);
}

#[test]
fn ssvc_labels_parse_too() {
    for &v in Exploitation::ALL {
        assert_eq!(Exploitation::parse(v.label()), Ok(v));
    }
    for &v in MissionImpact::ALL {
        assert_eq!(MissionImpact::parse(v.label()), Ok(v));
    }
    for &v in HumanImpact::ALL {
        assert_eq!(HumanImpact::parse(v.label()), Ok(v));
    }
    for &v in Outcome::ALL {
        assert_eq!(Outcome::parse(v.label()), Ok(v));
    }
    assert_eq!(Exploitation::parse(" PoC "), Ok(Exploitation::Public));
    assert_eq!(Exploitation::parse("public poc"), Ok(Exploitation::Public));
    assert_eq!(MissionImpact::parse("Crippled"), Ok(MissionImpact::MefSupportCrippled));
    assert_eq!("out-of-cycle".parse::<Outcome>(), Ok(Outcome::OutOfCycle));
    assert_eq!(HumanImpact::parse("very-high"), Ok(HumanImpact::VeryHigh));
}

#[test]
fn unknown_text_is_rejected_with_the_decision_point() {
    let err = Exposure::parse("wide open").unwrap_err();
    assert_eq!(err.point, "System Exposure");
    assert_eq!(err.value, "wide open");
    assert!(err.to_string().contains("System Exposure"));
    assert!(Outcome::parse("").is_err());
    assert!(
        serde_json::from_str::<Outcome>("\"Out-of-Cycle\"").is_err(),
        "serde is strict"
    );
    let long = "x".repeat(100);
    assert_eq!(Automatable::parse(&long).unwrap_err().value.len(), 40);
}

// ---- tables -----------------------------------------------------------------

#[test]
fn ssvc_tree_corners() {
    use Automatable as A;
    use Exploitation as E;
    use Exposure as X;
    use HumanImpact as H;
    assert_eq!(deployer_decision(E::None, X::Small, A::No, H::Low), Outcome::Defer);
    assert_eq!(
        deployer_decision(E::Active, X::Open, A::Yes, H::VeryHigh),
        Outcome::Immediate
    );
    assert_eq!(
        deployer_decision(E::Active, X::Open, A::No, H::VeryHigh),
        Outcome::Immediate
    );
    assert_eq!(
        deployer_decision(E::Active, X::Open, A::No, H::High),
        Outcome::OutOfCycle
    );
    assert_eq!(
        deployer_decision(E::None, X::Open, A::Yes, H::VeryHigh),
        Outcome::OutOfCycle
    );
    assert_eq!(
        deployer_decision(E::Public, X::Controlled, A::Yes, H::VeryHigh),
        Outcome::OutOfCycle
    );
    assert_eq!(
        deployer_decision(E::Active, X::Small, A::No, H::Low),
        Outcome::Scheduled
    );
}

#[test]
fn ssvc_only_active_exploitation_on_open_systems_is_immediate() {
    for &e in Exploitation::ALL {
        for &x in Exposure::ALL {
            for &a in Automatable::ALL {
                for &h in HumanImpact::ALL {
                    if deployer_decision(e, x, a, h) == Outcome::Immediate {
                        assert_eq!((e, x), (Exploitation::Active, Exposure::Open));
                        assert!(h >= HumanImpact::High);
                    }
                }
            }
        }
    }
}

/// The raise of `v` by one step, if it is not already the highest.
fn next<T: Copy + PartialEq>(all: &[T], v: T) -> Option<T> {
    let i = all.iter().position(|&w| w == v)?;
    all.get(i + 1).copied()
}

#[test]
fn ssvc_tree_is_monotone_exhaustively() {
    for &e in Exploitation::ALL {
        for &x in Exposure::ALL {
            for &a in Automatable::ALL {
                for &h in HumanImpact::ALL {
                    let o = deployer_decision(e, x, a, h);
                    if let Some(e2) = next(Exploitation::ALL, e) {
                        assert!(deployer_decision(e2, x, a, h) >= o, "{e}->{e2} {x} {a} {h}");
                    }
                    if let Some(x2) = next(Exposure::ALL, x) {
                        assert!(deployer_decision(e, x2, a, h) >= o, "{e} {x}->{x2} {a} {h}");
                    }
                    if let Some(a2) = next(Automatable::ALL, a) {
                        assert!(deployer_decision(e, x, a2, h) >= o, "{e} {x} {a}->{a2} {h}");
                    }
                    if let Some(h2) = next(HumanImpact::ALL, h) {
                        assert!(deployer_decision(e, x, a, h2) >= o, "{e} {x} {a} {h}->{h2}");
                    }
                }
            }
        }
    }
}

#[test]
fn ssvc_human_impact_is_monotone_and_covers_every_level() {
    let mut seen = std::collections::BTreeSet::new();
    for &m in MissionImpact::ALL {
        for &s in SafetyImpact::ALL {
            let h = HumanImpact::combine(m, s);
            seen.insert(h);
            if let Some(m2) = next(MissionImpact::ALL, m) {
                assert!(HumanImpact::combine(m2, s) >= h);
            }
            if let Some(s2) = next(SafetyImpact::ALL, s) {
                assert!(HumanImpact::combine(m, s2) >= h);
            }
        }
    }
    assert_eq!(seen.len(), 4);
    assert_eq!(
        HumanImpact::combine(MissionImpact::Degraded, SafetyImpact::Negligible),
        HumanImpact::Low
    );
    assert_eq!(
        HumanImpact::combine(MissionImpact::MissionFailure, SafetyImpact::Negligible),
        HumanImpact::VeryHigh
    );
    assert_eq!(
        HumanImpact::combine(MissionImpact::Degraded, SafetyImpact::Catastrophic),
        HumanImpact::VeryHigh
    );
}

// ---- deriving the inputs ----------------------------------------------------

#[test]
fn ssvc_exploitation_from_facts() {
    use Exploitation as E;
    assert_eq!(E::from_facts(true, None), E::Active);
    assert_eq!(E::from_facts(true, Some("none")), E::Active, "KEV wins over the ADP");
    assert_eq!(E::from_facts(true, Some("poc")), E::Active);
    assert_eq!(E::from_facts(false, Some("active")), E::Active);
    assert_eq!(E::from_facts(false, Some("Active")), E::Active);
    assert_eq!(E::from_facts(false, Some("poc")), E::Public);
    assert_eq!(E::from_facts(false, Some("public poc")), E::Public);
    assert_eq!(E::from_facts(false, Some("none")), E::None);
    assert_eq!(E::from_facts(false, Some("rumoured")), E::None);
    assert_eq!(E::from_facts(false, None), E::None);

    let a = E::assess_facts(true, Some("poc"));
    assert_eq!(a.value, E::Active);
    assert!(a.why.contains("Known Exploited"), "{}", a.why);
    assert!(E::assess_facts(false, Some("bogus")).why.contains("not recognised"));
}

#[test]
fn ssvc_exposure_from_asset() {
    use Exposure as X;
    for zone in [None, Some("ot"), Some("corporate"), Some("dmz"), Some("nowhere")] {
        assert_eq!(
            X::from_asset(true, zone),
            X::Open,
            "internet exposure wins over {zone:?}"
        );
    }
    for (zone, want) in [
        ("internet", X::Open),
        ("guest", X::Open),
        ("Guest-WiFi", X::Open),
        ("dmz", X::Controlled),
        ("DMZ", X::Controlled),
        ("partner", X::Controlled),
        ("field_iot", X::Controlled),
        ("iot", X::Controlled),
        ("ot", X::Small),
        ("control_ot", X::Small),
        ("corporate", X::Small),
        ("management", X::Small),
        ("lab", X::Controlled),
    ] {
        assert_eq!(X::from_asset(false, Some(zone)), want, "{zone}");
    }
    assert_eq!(X::from_asset(false, None), X::Controlled);

    let a = X::assess_asset(false, Some("DMZ"));
    assert_eq!(a.value, X::Controlled);
    assert!(a.why.contains("`dmz`"), "{}", a.why);
    assert!(
        X::assess_asset(false, Some("lab"))
            .why
            .contains("not one Rampart ranks")
    );
    assert!(X::assess_asset(true, None).why.contains("internet"));
}

fn stake(life_safety: bool, critical: bool, population_served: u64, stops: bool) -> ServiceStake {
    ServiceStake {
        life_safety,
        critical,
        population_served,
        stops,
    }
}

#[test]
fn ssvc_impacts_from_stakes_follow_the_documented_rule() {
    use MissionImpact as M;
    use SafetyImpact as S;
    let case = |stakes: &[ServiceStake]| (M::from_stakes(stakes), S::from_stakes(stakes));
    assert_eq!(case(&[]), (M::Degraded, S::Negligible));
    assert_eq!(case(&[stake(false, false, 500, false)]), (M::Degraded, S::Negligible));
    assert_eq!(case(&[stake(false, false, 500, true)]), (M::Degraded, S::Negligible));
    assert_eq!(
        case(&[stake(false, false, WIDE_SERVICE_POPULATION, true)]),
        (M::MefSupportCrippled, S::Negligible)
    );
    assert_eq!(
        case(&[stake(false, false, WIDE_SERVICE_POPULATION, false)]),
        (M::Degraded, S::Negligible)
    );
    assert_eq!(
        case(&[stake(false, true, 0, false)]),
        (M::MefSupportCrippled, S::Negligible)
    );
    assert_eq!(case(&[stake(false, true, 0, true)]), (M::MefFailure, S::Negligible));
    assert_eq!(
        case(&[stake(true, false, 0, false)]),
        (M::MefSupportCrippled, S::Marginal)
    );
    assert_eq!(
        case(&[stake(true, true, 80_000, true)]),
        (M::MissionFailure, S::Catastrophic)
    );
    // Two essential functions fail at once: mission failure.
    assert_eq!(
        case(&[stake(false, true, 0, true), stake(false, true, 0, true)]),
        (M::MissionFailure, S::Negligible)
    );
    // The worst stake decides otherwise.
    assert_eq!(
        case(&[stake(false, true, 0, true), stake(true, false, 0, false)]),
        (M::MefFailure, S::Marginal)
    );

    let (m, s) = impacts_from_stakes(&[stake(true, true, 80_000, true), stake(false, false, 0, false)]);
    assert_eq!((m.value, s.value), (M::MissionFailure, S::Catastrophic));
    assert_eq!(
        m.why,
        "stops life-safety services: 1 (serving 80000 people); degrades other services: 1"
    );
    assert_eq!(s.why, "stops life-safety services: 1 (serving 80000 people)");
    let (m, s) = impacts_from_stakes(&[]);
    assert_eq!(m.why, "no service depends on this asset");
    assert_eq!(s.why, "no life-safety service depends on this asset");
}

// ---- Decision ---------------------------------------------------------------

fn sample_decision() -> Decision {
    let (mission, safety) = impacts_from_stakes(&[stake(false, true, 40_000, true)]);
    Decision::new(
        Exploitation::assess_facts(true, None),
        Exposure::assess_asset(false, Some("dmz")),
        Assessed::new(Automatable::Yes, "CISA ADP: automatable"),
        mission,
        safety,
    )
}

#[test]
fn ssvc_decision_computes_and_explains() {
    let d = sample_decision();
    assert_eq!(d.mission_impact().value, MissionImpact::MefFailure);
    assert_eq!(d.safety_impact().value, SafetyImpact::Negligible);
    assert_eq!(d.human_impact(), HumanImpact::Medium);
    assert_eq!(d.outcome(), Outcome::OutOfCycle);
    assert_eq!(d.exploitation().value, Exploitation::Active);
    assert_eq!(d.exposure().value, Exposure::Controlled);
    assert_eq!(d.automatable().why, "CISA ADP: automatable");

    let rows = d.explain();
    let points: Vec<&str> = rows.iter().map(|r| r.0).collect();
    assert_eq!(
        points,
        [
            "Exploitation",
            "System Exposure",
            "Automatable",
            "Mission Impact",
            "Safety Impact",
            "Human Impact"
        ]
    );
    assert_eq!(rows[0].1, "Active");
    assert_eq!(
        rows[2],
        ("Automatable", "Yes".to_owned(), "CISA ADP: automatable".to_owned())
    );
    assert_eq!(rows[3].1, "MEF Failure");
    assert_eq!(rows[5].1, "Medium");
    assert!(
        rows[5].2.contains("Negligible") && rows[5].2.contains("MEF Failure"),
        "{}",
        rows[5].2
    );
}

#[test]
fn ssvc_decision_serde_recomputes_the_outcome() {
    let d = sample_decision();
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(json["outcome"], "out_of_cycle");
    assert_eq!(json["human_impact"], "medium");
    assert_eq!(json["exposure"]["value"], "controlled");
    assert_eq!(serde_json::from_value::<Decision>(json.clone()).unwrap(), d);

    // A tampered outcome is not believed.
    let mut tampered = json;
    tampered["outcome"] = "defer".into();
    tampered["human_impact"] = "low".into();
    assert_eq!(
        serde_json::from_value::<Decision>(tampered).unwrap().outcome(),
        Outcome::OutOfCycle
    );
}

// ---- deadlines --------------------------------------------------------------

#[test]
fn ssvc_default_deadlines() {
    let p = DeadlinePolicy::default();
    let found = date!(2026 - 03 - 30);
    assert_eq!(p.due_date(Outcome::Immediate, found, None), Some(date!(2026 - 04 - 01)));
    assert_eq!(
        p.due_date(Outcome::OutOfCycle, found, None),
        Some(date!(2026 - 04 - 13))
    );
    assert_eq!(p.due_date(Outcome::Scheduled, found, None), Some(date!(2026 - 06 - 28)));
    assert_eq!(p.due_date(Outcome::Defer, found, None), None);
    assert_eq!(p.days(Outcome::Defer), None);
    assert_eq!(p.days(Outcome::Scheduled), Some(90));
}

#[test]
fn ssvc_kev_due_date_wins_when_sooner() {
    let p = DeadlinePolicy::default();
    let found = date!(2026 - 03 - 30);
    let kev = date!(2026 - 04 - 10);
    assert_eq!(p.due_date(Outcome::Scheduled, found, Some(kev)), Some(kev));
    assert_eq!(p.due_date(Outcome::OutOfCycle, found, Some(kev)), Some(kev));
    assert_eq!(
        p.due_date(Outcome::Immediate, found, Some(kev)),
        Some(date!(2026 - 04 - 01))
    );
    // No policy deadline: the KEV date still binds.
    assert_eq!(p.due_date(Outcome::Defer, found, Some(kev)), Some(kev));
    // A KEV date already past: overdue from the start.
    let past = date!(2026 - 01 - 15);
    assert_eq!(p.due_date(Outcome::Scheduled, found, Some(past)), Some(past));
}

#[test]
fn ssvc_custom_policy_and_calendar_end() {
    let p = DeadlinePolicy {
        immediate_days: 0,
        out_of_cycle_days: 7,
        scheduled_days: 30,
        defer_days: Some(365),
    };
    let found = date!(2024 - 02 - 28);
    assert_eq!(p.due_date(Outcome::Immediate, found, None), Some(found));
    assert_eq!(
        p.due_date(Outcome::OutOfCycle, found, None),
        Some(date!(2024 - 03 - 06))
    );
    assert_eq!(p.due_date(Outcome::Defer, found, None), Some(date!(2025 - 02 - 27)));
    let late = date!(9999 - 12 - 01);
    assert_eq!(p.due_date(Outcome::Defer, late, None), Some(Date::MAX));
    let json = serde_json::to_string(&p).unwrap();
    assert_eq!(serde_json::from_str::<DeadlinePolicy>(&json).unwrap(), p);
}

// ---- properties -------------------------------------------------------------

fn arb_stake() -> impl Strategy<Value = ServiceStake> {
    (
        any::<bool>(),
        any::<bool>(),
        prop_oneof![Just(0u64), 0..50_000u64, Just(u64::MAX)],
        any::<bool>(),
    )
        .prop_map(|(l, c, p, s)| stake(l, c, p, s))
}

fn arb_pick<T: Copy + fmt::Debug + 'static>(all: &'static [T]) -> impl Strategy<Value = T> {
    proptest::sample::select(all)
}

/// A stake at least as severe as `s` in every field.
fn arb_raise(s: ServiceStake) -> impl Strategy<Value = ServiceStake> {
    (
        any::<bool>(),
        any::<bool>(),
        prop_oneof![Just(0u64), 0..50_000u64, any::<u64>()],
        any::<bool>(),
    )
        .prop_map(move |(l, c, p, st)| ServiceStake {
            life_safety: s.life_safety || l,
            critical: s.critical || c,
            population_served: s.population_served.saturating_add(p),
            stops: s.stops || st,
        })
}

fn outcome_of(e: Exploitation, x: Exposure, a: Automatable, stakes: &[ServiceStake]) -> Outcome {
    let h = HumanImpact::combine(MissionImpact::from_stakes(stakes), SafetyImpact::from_stakes(stakes));
    deployer_decision(e, x, a, h)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, failure_persistence: None, ..ProptestConfig::default() })]

    /// Raising any input — exploitation, exposure, automatable, one more
    /// dependent service, or a more severe stake — never lowers the outcome.
    #[test]
    fn ssvc_raising_an_input_never_lowers_the_outcome(
        e in arb_pick(Exploitation::ALL),
        e2 in arb_pick(Exploitation::ALL),
        x in arb_pick(Exposure::ALL),
        x2 in arb_pick(Exposure::ALL),
        a in arb_pick(Automatable::ALL),
        a2 in arb_pick(Automatable::ALL),
        stakes in proptest::collection::vec(arb_stake(), 0..5),
        extra in arb_stake(),
        raised in (arb_stake()).prop_flat_map(|s| (Just(s), arb_raise(s))),
    ) {
        let (e2, x2, a2) = (e.max(e2), x.max(x2), a.max(a2));
        let base = outcome_of(e, x, a, &stakes);

        prop_assert!(outcome_of(e2, x, a, &stakes) >= base);
        prop_assert!(outcome_of(e, x2, a, &stakes) >= base);
        prop_assert!(outcome_of(e, x, a2, &stakes) >= base);
        prop_assert!(outcome_of(e2, x2, a2, &stakes) >= base);

        let mut more = stakes.clone();
        more.push(extra);
        prop_assert!(outcome_of(e, x, a, &more) >= base);
        prop_assert!(MissionImpact::from_stakes(&more) >= MissionImpact::from_stakes(&stakes));
        prop_assert!(SafetyImpact::from_stakes(&more) >= SafetyImpact::from_stakes(&stakes));

        let (low, high) = raised;
        let mut before = stakes.clone();
        before.push(low);
        let mut after = stakes;
        after.push(high);
        prop_assert!(outcome_of(e, x, a, &after) >= outcome_of(e, x, a, &before));
    }

    /// Internet exposure never lowers the exposure of any zone.
    #[test]
    fn ssvc_internet_exposure_is_the_top(zone in proptest::option::of("[a-zA-Z_ -]{0,12}")) {
        prop_assert_eq!(Exposure::from_asset(true, zone.as_deref()), Exposure::Open);
        prop_assert!(Exposure::from_asset(false, zone.as_deref()) <= Exposure::Open);
    }

    /// KEV never lowers exploitation; the due date is never later than
    /// either the policy date or the KEV date.
    #[test]
    fn ssvc_kev_only_raises_and_tightens(
        adp in proptest::option::of(prop_oneof![Just("none"), Just("poc"), Just("active"), Just("other")]),
        o in arb_pick(Outcome::ALL),
        found_day in 0i64..20_000,
        kev_offset in proptest::option::of(-400i64..400),
    ) {
        prop_assert!(Exploitation::from_facts(true, adp) >= Exploitation::from_facts(false, adp));
        let p = DeadlinePolicy::default();
        let found = date!(2000 - 01 - 01) + Duration::days(found_day);
        let kev = kev_offset.map(|d| found + Duration::days(d));
        let due = p.due_date(o, found, kev);
        if let Some(policy) = p.due_date(o, found, None) {
            prop_assert!(due.is_some_and(|d| d <= policy));
        }
        if let Some(k) = kev {
            prop_assert!(due.is_some_and(|d| d <= k));
        }
    }
}
