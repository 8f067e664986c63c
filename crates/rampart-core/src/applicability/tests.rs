use proptest::prelude::*;

use super::*;

fn cpe(s: &str) -> Cpe {
    Cpe::parse(s).unwrap()
}

fn ranged(criteria: &str, start_incl: Option<&str>, end_excl: Option<&str>) -> CpeMatch {
    CpeMatch {
        version_start_including: start_incl.map(Version::parse),
        version_end_excluding: end_excl.map(Version::parse),
        ..CpeMatch::new(cpe(criteria), true)
    }
}

const FW: &str = "cpe:2.3:o:siemens:scalance_x200irt_firmware:*:*:*:*:*:*:*:*";
const HW: &str = "cpe:2.3:h:siemens:scalance_x204irt:-:*:*:*:*:*:*:*";

/// NVD API 2.0 shape of a "firmware running on hardware" statement: one
/// AND configuration of a vulnerable firmware node and a non-vulnerable
/// hardware node.
fn running_on() -> Configuration {
    Configuration::new(
        Operator::And,
        vec![
            Node::new(Operator::Or, vec![ranged(FW, Some("2.0"), Some("2.4"))]),
            Node::new(Operator::Or, vec![CpeMatch::new(cpe(HW), false)]),
        ],
    )
}

fn platform(cpes: &[&str]) -> Platform {
    cpes.iter().map(|s| cpe(s)).collect()
}

#[test]
fn and_of_firmware_and_hardware_needs_both() {
    let config = running_on();
    let fw = "cpe:2.3:o:siemens:scalance_x200irt_firmware:2.1:*:*:*:*:*:*:*";
    assert!(config.is_vulnerable(&platform(&[fw, HW])));
    assert!(!config.is_vulnerable(&platform(&[fw])));
    assert!(!config.is_vulnerable(&platform(&[HW])));
    let old = "cpe:2.3:o:siemens:scalance_x200irt_firmware:2.4:*:*:*:*:*:*:*";
    assert!(!config.is_vulnerable(&platform(&[old, HW])));
    let other_hw = "cpe:2.3:h:siemens:scalance_x202-2irt:-:*:*:*:*:*:*:*";
    assert!(!config.is_vulnerable(&platform(&[fw, other_hw])));
}

#[test]
fn evidence_names_criterion_cpe_and_range() {
    let config = running_on();
    let p = platform(&["cpe:2.3:o:siemens:scalance_x200irt_firmware:2.1:*:*:*:*:*:*:*", HW]);
    let evidence = config.evaluate(&p).unwrap();
    assert_eq!(evidence.len(), 2);
    assert_eq!(
        evidence[0].to_string(),
        "cpe:2.3:o:siemens:scalance_x200irt_firmware:2.1:*:*:*:*:*:*:* matched criterion \
         cpe:2.3:o:siemens:scalance_x200irt_firmware:*:*:*:*:*:*:*:*, version 2.1 in [2.0, 2.4)"
    );
    assert_eq!(evidence[0].platform_version, Some(&Version::parse("2.1")));
    assert_eq!(
        evidence[1].to_string(),
        format!("{HW} matched platform criterion (not vulnerable) {HW}")
    );
    let all = evaluate(std::slice::from_ref(&config), &p);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].vulnerable_evidence().count(), 1);
}

#[test]
fn non_vulnerable_criteria_alone_do_not_apply() {
    let config = Configuration::new(
        Operator::Or,
        vec![Node::new(Operator::Or, vec![CpeMatch::new(cpe(HW), false)])],
    );
    let p = platform(&[HW]);
    assert!(!config.is_vulnerable(&p));
    assert_eq!(config.evaluate(&p), None);
}

#[test]
fn or_node_applies_through_its_vulnerable_member() {
    let node = Node::new(
        Operator::Or,
        vec![
            CpeMatch::new(cpe(HW), false),
            CpeMatch::new(cpe("cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*"), true),
        ],
    );
    let config = Configuration::new(Operator::Or, vec![node]);
    assert!(!config.is_vulnerable(&platform(&[HW])));
    let p = platform(&[HW, "cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*"]);
    let evidence = config.evaluate(&p).unwrap();
    assert_eq!(evidence.len(), 2, "both satisfied members are shown");
}

#[test]
fn version_bounds() {
    let m = CpeMatch {
        version_start_excluding: Some(Version::parse("1.0")),
        version_end_including: Some(Version::parse("1.5")),
        ..CpeMatch::new(cpe("cpe:2.3:a:x:y:*:*:*:*:*:*:*:*"), true)
    };
    let at = |v: &str| m.matches(&cpe(&format!("cpe:2.3:a:x:y:{v}:*:*:*:*:*:*:*")));
    assert!(!at("1.0"));
    assert!(at("1.0.1"));
    assert!(at("1.5"));
    assert!(at("V1.5"));
    assert!(!at("1.5.1"));
    assert!(!at("*"), "unknown version is not in a range");
    assert!(!at("-"));
    assert_eq!(m.version_range().to_string(), "(1.0, 1.5]");
    let open = CpeMatch::new(cpe("cpe:2.3:a:x:y:*:*:*:*:*:*:*:*"), true);
    assert!(
        open.matches(&cpe("cpe:2.3:a:x:y:-:*:*:*:*:*:*:*")),
        "no range: name match only"
    );
    let upper = ranged("cpe:2.3:a:x:y:*:*:*:*:*:*:*:*", None, Some("3.1"));
    assert_eq!(upper.version_range().to_string(), "(-∞, 3.1)");
}

#[test]
fn exact_version_criteria_use_cpe_matching() {
    let m = CpeMatch::new(cpe(r"cpe:2.3:o:cisco:ios:12.2\(18\)se:*:*:*:*:*:*:*"), true);
    assert!(m.matches(&cpe(r"cpe:2.3:o:cisco:ios:12.2\(18\)SE:*:*:*:*:*:*:*")));
    assert!(!m.matches(&cpe(r"cpe:2.3:o:cisco:ios:12.2\(18\)se1:*:*:*:*:*:*:*")));
}

#[test]
fn negate_inverts_and_contributes_no_vulnerability() {
    let mut not_hw = Node::new(Operator::Or, vec![CpeMatch::new(cpe(HW), false)]);
    not_hw.negate = true;
    let config = Configuration::new(
        Operator::And,
        vec![Node::new(Operator::Or, vec![ranged(FW, None, Some("3.0"))]), not_hw],
    );
    let fw = "cpe:2.3:o:siemens:scalance_x200irt_firmware:2.0:*:*:*:*:*:*:*";
    assert!(config.is_vulnerable(&platform(&[fw])), "firmware not on that hardware");
    assert!(!config.is_vulnerable(&platform(&[fw, HW])));
    let only_fw = platform(&[fw]);
    let evidence = config.evaluate(&only_fw).unwrap();
    assert_eq!(evidence.len(), 1);
    let mut negated_vulnerable = Node::new(Operator::Or, vec![ranged(FW, None, Some("3.0"))]);
    negated_vulnerable.negate = true;
    let config = Configuration::new(Operator::Or, vec![negated_vulnerable]);
    assert!(
        !config.is_vulnerable(&platform(&[HW])),
        "satisfied, but by no vulnerable criterion"
    );
}

#[test]
fn nested_children_as_in_legacy_feeds() {
    let inner = Node {
        operator: Operator::And,
        negate: false,
        children: vec![
            Node::new(Operator::Or, vec![ranged(FW, None, Some("3.0"))]),
            Node::new(Operator::Or, vec![CpeMatch::new(cpe(HW), false)]),
        ],
        matches: vec![],
    };
    let outer = Node {
        operator: Operator::Or,
        negate: false,
        children: vec![inner],
        matches: vec![],
    };
    let config = Configuration::new(Operator::Or, vec![outer]);
    let fw = "cpe:2.3:o:siemens:scalance_x200irt_firmware:2.0:*:*:*:*:*:*:*";
    assert!(config.is_vulnerable(&platform(&[fw, HW])));
    assert!(!config.is_vulnerable(&platform(&[fw])));
    assert_eq!(config.evaluate(&platform(&[fw, HW])).unwrap().len(), 2);
    assert_eq!(config.criteria().len(), 2);
    assert!(!Configuration::new(Operator::Or, vec![]).is_vulnerable(&platform(&[fw])));
}

/// Test-only reader for the NVD 1.1 feed shape (the real parser lives in
/// rampart-formats).
fn from_feed_node(v: &serde_json::Value) -> Node {
    let operator = if v["operator"] == "AND" {
        Operator::And
    } else {
        Operator::Or
    };
    let bound = |m: &serde_json::Value, k: &str| m[k].as_str().map(Version::parse);
    Node {
        operator,
        negate: v["negate"].as_bool().unwrap_or(false),
        children: v["children"]
            .as_array()
            .into_iter()
            .flatten()
            .map(from_feed_node)
            .collect(),
        matches: v["cpe_match"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|m| CpeMatch {
                criteria: cpe(m["cpe23Uri"].as_str().unwrap()),
                vulnerable: m["vulnerable"].as_bool().unwrap(),
                match_criteria_id: None,
                version_start_including: bound(m, "versionStartIncluding"),
                version_start_excluding: bound(m, "versionStartExcluding"),
                version_end_including: bound(m, "versionEndIncluding"),
                version_end_excluding: bound(m, "versionEndExcluding"),
            })
            .collect(),
    }
}

/// Real NVD data: CVE-2013-3633 (Siemens SCALANCE X-200IRT firmware <= 5.0.0
/// AND one of nine hardware models). Source note in tests/fixtures/nvd.
#[test]
fn real_nvd_configuration_cve_2013_3633() {
    let doc: serde_json::Value = serde_json::from_str(include_str!(
        "../../tests/fixtures/nvd/CVE-2013-3633.configurations.json"
    ))
    .unwrap();
    let configs: Vec<Configuration> = doc["configurations"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| Configuration::new(Operator::Or, vec![from_feed_node(n)]))
        .collect();
    let fw = |v: &str| format!("cpe:2.3:o:siemens:scalance_x200irt_firmware:{v}:*:*:*:*:*:*:*");
    let hw = "cpe:2.3:h:siemens:scalance_x204irt:-:*:*:*:*:*:*:*";
    let vulnerable = platform(&[&fw("4.3.2"), hw]);
    let matches = evaluate(&configs, &vulnerable);
    assert_eq!(matches.len(), 1);
    let text: Vec<String> = matches[0].evidence.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            format!(
                "{} matched criterion {}, version 4.3.2 in (-∞, 5.0.0]",
                fw("4.3.2"),
                fw("*")
            ),
            format!("{hw} matched criterion {hw}"),
        ]
    );
    assert!(is_vulnerable(&configs, &platform(&[&fw("5.0"), hw])));
    assert!(!is_vulnerable(&configs, &platform(&[&fw("5.0.1"), hw])));
    assert!(!is_vulnerable(&configs, &platform(&[&fw("4.3.2")])));
    assert!(!is_vulnerable(
        &configs,
        &platform(&[&fw("4.3.2"), "cpe:2.3:h:siemens:scalance_x308-2:-:*:*:*:*:*:*:*"])
    ));
}

// Property tests over random trees built from a small pool of criteria.

const POOL: [&str; 4] = [
    "cpe:2.3:o:v:fw:*:*:*:*:*:*:*:*",
    "cpe:2.3:h:v:hw1:-:*:*:*:*:*:*:*",
    "cpe:2.3:h:v:hw2:-:*:*:*:*:*:*:*",
    "cpe:2.3:a:v:app:1.0:*:*:*:*:*:*:*",
];
const PLATFORM_POOL: [&str; 5] = [
    "cpe:2.3:o:v:fw:1.5:*:*:*:*:*:*:*",
    "cpe:2.3:o:v:fw:3.0:*:*:*:*:*:*:*",
    "cpe:2.3:h:v:hw1:-:*:*:*:*:*:*:*",
    "cpe:2.3:h:v:hw2:-:*:*:*:*:*:*:*",
    "cpe:2.3:a:v:app:1.0:*:*:*:*:*:*:*",
];

fn arb_match() -> impl Strategy<Value = CpeMatch> {
    (0..POOL.len(), any::<bool>(), proptest::option::of(0u8..4)).prop_map(|(i, vulnerable, end)| CpeMatch {
        version_end_excluding: end.filter(|_| i == 0).map(|e| Version::parse(&e.to_string())),
        ..CpeMatch::new(cpe(POOL[i]), vulnerable)
    })
}

fn arb_node() -> impl Strategy<Value = Node> {
    let op = prop_oneof![Just(Operator::And), Just(Operator::Or)];
    let leaf = (op.clone(), any::<bool>(), proptest::collection::vec(arb_match(), 0..3)).prop_map(
        |(operator, negate, matches)| Node {
            operator,
            negate,
            children: vec![],
            matches,
        },
    );
    leaf.prop_recursive(3, 12, 3, move |inner| {
        (
            op.clone(),
            any::<bool>(),
            proptest::collection::vec(inner, 0..3),
            proptest::collection::vec(arb_match(), 0..2),
        )
            .prop_map(|(operator, negate, children, matches)| Node {
                operator,
                negate,
                children,
                matches,
            })
    })
}

fn arb_platform() -> impl Strategy<Value = Vec<usize>> {
    proptest::collection::vec(0..PLATFORM_POOL.len(), 0..4)
}

fn without_negation(mut n: Node) -> Node {
    n.negate = false;
    n.children = n.children.into_iter().map(without_negation).collect();
    n
}

proptest! {
    #[test]
    fn fast_path_agrees_with_evidence_path(nodes in proptest::collection::vec(arb_node(), 1..3),
                                           and in any::<bool>(), p in arb_platform()) {
        let config = Configuration::new(if and { Operator::And } else { Operator::Or }, nodes);
        let platform: Platform = p.iter().map(|&i| cpe(PLATFORM_POOL[i])).collect();
        let evidence = config.evaluate(&platform);
        prop_assert_eq!(config.is_vulnerable(&platform), evidence.is_some());
        if let Some(e) = evidence {
            prop_assert!(e.iter().any(|e| e.criterion.vulnerable));
        }
    }

    /// Without negation, giving an asset more CPEs never removes a match.
    #[test]
    fn more_platform_cpes_never_remove_a_match(nodes in proptest::collection::vec(arb_node(), 1..3),
                                               and in any::<bool>(), p in arb_platform(), extra in 0..PLATFORM_POOL.len()) {
        let nodes = nodes.into_iter().map(without_negation).collect();
        let config = Configuration::new(if and { Operator::And } else { Operator::Or }, nodes);
        let small: Platform = p.iter().map(|&i| cpe(PLATFORM_POOL[i])).collect();
        let big: Platform = p.iter().chain([&extra]).map(|&i| cpe(PLATFORM_POOL[i])).collect();
        if config.is_vulnerable(&small) {
            prop_assert!(config.is_vulnerable(&big));
        }
    }
}
