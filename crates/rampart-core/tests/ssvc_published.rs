//! `rampart_core::ssvc` against the tables CERT/CC publishes in the SSVC
//! repository (`CERTCC/SSVC`, MIT (SEI)-style licence for its data files).
//! Fixtures, their commit and licence: `tests/fixtures/ssvc/SOURCE.md`.
//!
//! - The deployer tree must equal the published CSV, all 72 rows.
//! - Human Impact must satisfy the published v2.0.2 value definitions. The
//!   repository's Human Impact decision-table CSV contradicts those
//!   definitions in four cells; the test pins exactly those cells, so that a
//!   corrected upstream table (or a change here) is noticed.

use rampart_core::ssvc::{
    Automatable, Exploitation, Exposure, HumanImpact, MissionImpact, Outcome, SafetyImpact, deployer_decision,
};

const DEPLOYER_CSV: &str = include_str!("fixtures/ssvc/deployer_patch_application_priority_1_0_0.csv");
const HUMAN_IMPACT_JSON: &str = include_str!("fixtures/ssvc/human_impact_2_0_2.json");
const HUMAN_IMPACT_CSV: &str = include_str!("fixtures/ssvc/human_impact_1_0_0.csv");

/// Splits a data line of the simple published CSVs (no quoted fields in data rows).
fn fields(line: &str) -> Vec<&str> {
    line.split(',').map(str::trim).collect()
}

#[test]
fn ssvc_deployer_tree_equals_the_published_csv() {
    let mut lines = DEPLOYER_CSV.lines().filter(|l| !l.trim().is_empty());
    let header = lines.next().expect("header");
    assert!(
        header.starts_with("row,Exploitation v1.1.0,System Exposure v1.0.1,Automatable v2.0.0,Human Impact v2.0.2,")
    );

    let mut seen = std::collections::BTreeSet::new();
    for line in lines {
        let f = fields(line);
        assert_eq!(f.len(), 6, "{line}");
        let e = Exploitation::parse(f[1]).expect(line);
        let x = Exposure::parse(f[2]).expect(line);
        let a = Automatable::parse(f[3]).expect(line);
        let h = HumanImpact::parse(f[4]).expect(line);
        let want = Outcome::parse(f[5]).expect(line);
        assert_eq!(deployer_decision(e, x, a, h), want, "row {}: {line}", f[0]);
        assert!(seen.insert((e, x, a, h)), "duplicate row {line}");
    }
    assert_eq!(seen.len(), 72, "every leaf of the tree is published exactly once");
}

/// The published Human Impact v2.0.2 value definitions, pinned as text so
/// that the predicates below are known to transcribe this very fixture.
fn published_definitions() -> Vec<(String, String)> {
    let v: serde_json::Value = serde_json::from_str(HUMAN_IMPACT_JSON).expect("valid JSON");
    assert_eq!(v["key"], "HI");
    assert_eq!(v["version"], "2.0.2");
    v["values"]
        .as_array()
        .expect("values")
        .iter()
        .map(|val| {
            (
                val["name"].as_str().expect("name").to_owned(),
                val["definition"].as_str().expect("definition").to_owned(),
            )
        })
        .collect()
}

#[test]
fn ssvc_human_impact_satisfies_the_published_definitions() {
    use MissionImpact::{Degraded, MefFailure, MefSupportCrippled, MissionFailure};
    use SafetyImpact::{Catastrophic, Critical, Marginal, Negligible};

    let defs = published_definitions();
    let expected_text = [
        (
            "Low",
            "Safety Impact:(Negligible) AND Mission Impact:(Degraded OR Crippled)",
        ),
        (
            "Medium",
            "(Safety Impact:Negligible AND Mission Impact:MEF Failure) OR \
             (Safety Impact:Marginal AND Mission Impact:(Degraded OR Crippled))",
        ),
        (
            "High",
            "(Safety Impact:Critical AND Mission Impact:(Degraded OR Crippled)) OR \
             (Safety Impact:Marginal AND Mission Impact:MEF Failure)",
        ),
        (
            "Very High",
            "Safety Impact:Catastrophic OR Mission Impact:Mission Failure",
        ),
    ];
    assert_eq!(defs.len(), expected_text.len());
    for ((name, def), (want_name, want_def)) in defs.iter().zip(expected_text) {
        assert_eq!(name, want_name);
        assert_eq!(def, want_def);
    }

    // The same definitions as predicates.
    let low_mission = |m| matches!(m, Degraded | MefSupportCrippled);
    let defined = |m: MissionImpact, s: SafetyImpact| -> Option<HumanImpact> {
        if s == Catastrophic || m == MissionFailure {
            Some(HumanImpact::VeryHigh)
        } else if (s == Critical && low_mission(m)) || (s == Marginal && m == MefFailure) {
            Some(HumanImpact::High)
        } else if (s == Negligible && m == MefFailure) || (s == Marginal && low_mission(m)) {
            Some(HumanImpact::Medium)
        } else if s == Negligible && low_mission(m) {
            Some(HumanImpact::Low)
        } else {
            None
        }
    };

    let mut gaps = Vec::new();
    for &m in MissionImpact::ALL {
        for &s in SafetyImpact::ALL {
            match defined(m, s) {
                Some(h) => assert_eq!(HumanImpact::combine(m, s), h, "{s} x {m}"),
                None => gaps.push((s, m)),
            }
        }
    }
    // The definitions say nothing of Critical x MEF failure; Rampart uses High
    // (SSVC 2.0's Hazardous x MEF failure, and the only monotone choice).
    assert_eq!(gaps, [(Critical, MefFailure)]);
    assert_eq!(HumanImpact::combine(MefFailure, Critical), HumanImpact::High);
}

#[test]
fn ssvc_human_impact_differs_from_the_upstream_decision_table_in_four_cells() {
    let mut lines = HUMAN_IMPACT_CSV.lines().filter(|l| !l.trim().is_empty());
    let header = lines.next().expect("header");
    assert_eq!(
        header,
        "row,Safety Impact v2.0.1,Mission Impact v2.0.0,Human Impact v2.0.2"
    );

    let mut rows = 0;
    let mut differ = Vec::new();
    for line in lines {
        let f = fields(line);
        let s = SafetyImpact::parse(f[1]).expect(line);
        let m = MissionImpact::parse(f[2]).expect(line);
        let upstream = HumanImpact::parse(f[3]).expect(line);
        rows += 1;
        let ours = HumanImpact::combine(m, s);
        if ours != upstream {
            differ.push((s.as_str(), m.as_str(), upstream.as_str(), ours.as_str()));
        }
    }
    assert_eq!(rows, 16);
    // (safety, mission, upstream CSV, Rampart = the published definitions)
    assert_eq!(
        differ,
        [
            ("marginal", "degraded", "low", "medium"),
            ("marginal", "mef_support_crippled", "low", "medium"),
            ("marginal", "mef_failure", "medium", "high"),
            ("critical", "degraded", "medium", "high"),
        ]
    );
}
