use std::sync::Arc;

use proptest::prelude::*;

use super::*;
use crate::applicability::{self, Configuration, CpeMatch, Node, Operator};
use crate::cpe::Cpe;
use crate::normalize::AliasTable;
use crate::purl::{Purl, VersRange};
use crate::version::Version;

fn cpe(s: &str) -> Cpe {
    Cpe::parse(s).unwrap()
}

fn ranged(criteria: &str, vulnerable: bool, start: Option<(&str, bool)>, end: Option<(&str, bool)>) -> CpeMatch {
    let mut m = CpeMatch::new(cpe(criteria), vulnerable);
    match start {
        Some((v, true)) => m.version_start_including = Some(Version::parse(v)),
        Some((v, false)) => m.version_start_excluding = Some(Version::parse(v)),
        None => {}
    }
    match end {
        Some((v, true)) => m.version_end_including = Some(Version::parse(v)),
        Some((v, false)) => m.version_end_excluding = Some(Version::parse(v)),
        None => {}
    }
    m
}

fn or(matches: Vec<CpeMatch>) -> Node {
    Node::new(Operator::Or, matches)
}

fn platform(cpes: &[&str]) -> AssetPlatform {
    AssetPlatform::from_cpes(cpes.iter().map(|s| cpe(s)))
}

fn index(rules: &[VulnRule]) -> RuleIndex {
    RuleIndex::from_rules(rules, AliasTable::default())
}

/// `(rule id, verdict)` of every match.
fn verdicts(ix: &RuleIndex, asset: &AssetPlatform) -> Vec<(String, Verdict)> {
    match_asset(ix, asset)
        .iter()
        .map(|m| (ix.rule_id(m.rule).to_owned(), m.verdict))
        .collect()
}

fn affected(ids: &[&str]) -> Vec<(String, Verdict)> {
    ids.iter().map(|i| ((*i).to_owned(), Verdict::Affected)).collect()
}

const FW: &str = "cpe:2.3:o:siemens:scalance_x200irt_firmware:*:*:*:*:*:*:*:*";
const HW: &str = "cpe:2.3:h:siemens:scalance_x204irt:-:*:*:*:*:*:*:*";

/// NVD's "firmware running on hardware": an AND configuration of a
/// vulnerable firmware range and a non-vulnerable hardware name.
fn firmware_on_hardware(id: &str) -> VulnRule {
    VulnRule {
        configurations: vec![Configuration::new(
            Operator::And,
            vec![
                or(vec![ranged(FW, true, Some(("2.0", true)), Some(("2.4", false)))]),
                or(vec![CpeMatch::new(cpe(HW), false)]),
            ],
        )],
        ..VulnRule::new(id)
    }
}

#[test]
fn and_of_firmware_and_hardware_needs_both() {
    let ix = index(&[firmware_on_hardware("CVE-2023-0001")]);
    let fw = "cpe:2.3:o:siemens:scalance_x200irt_firmware:2.1:*:*:*:*:*:*:*";
    let check = |cpes: &[&str], expected: &[&str]| {
        assert_eq!(verdicts(&ix, &platform(cpes)), affected(expected), "{cpes:?}");
    };
    check(&[fw, HW], &["CVE-2023-0001"]);
    check(&[HW, fw], &["CVE-2023-0001"]);
    check(&[fw], &[]);
    check(&[HW], &[]);
    check(
        &["cpe:2.3:o:siemens:scalance_x200irt_firmware:2.4:*:*:*:*:*:*:*", HW],
        &[],
    );
    check(
        &["cpe:2.3:o:siemens:scalance_x200irt_firmware:1.9:*:*:*:*:*:*:*", HW],
        &[],
    );
    check(
        &["cpe:2.3:o:siemens:scalance_x200irt_firmware:2.0:*:*:*:*:*:*:*", HW],
        &["CVE-2023-0001"],
    );
    check(
        &["cpe:2.3:o:siemens:scalance_x200irt_firmware:-:*:*:*:*:*:*:*", HW],
        &[],
    );
    check(&[fw, "cpe:2.3:h:siemens:scalance_x202-2irt:-:*:*:*:*:*:*:*"], &[]);
    // NISTIR 7696 is case-insensitive; the version order reads `V2.3`.
    check(
        &["cpe:2.3:o:Siemens:SCALANCE_X200IRT_Firmware:V2.3:*:*:*:*:*:*:*", HW],
        &["CVE-2023-0001"],
    );
}

#[test]
fn evidence_reads_like_the_brief() {
    let ix = index(&[firmware_on_hardware("CVE-2023-0001")]);
    let asset = platform(&["cpe:2.3:o:siemens:scalance_x200irt_firmware:2.1:*:*:*:*:*:*:*", HW]);
    let found = match_asset(&ix, &asset);
    assert_eq!(found.len(), 1);
    let m = &found[0];
    assert_eq!(
        m.evidence,
        MatchEvidence::Configuration {
            configuration: 0,
            criterion: CriterionId(0),
            asset_cpe: 0
        }
    );
    assert_eq!(
        m.display(&ix, &asset).to_string(),
        "firmware cpe:2.3:o:siemens:scalance_x200irt_firmware:2.1:*:*:*:*:*:*:* version 2.1 is in [2.0, 2.4) \
         of CVE-2023-0001 configuration 1 (criterion cpe:2.3:o:siemens:scalance_x200irt_firmware:*:*:*:*:*:*:*:*; \
         AND with hardware cpe:2.3:h:siemens:scalance_x204irt:-:*:*:*:*:*:*:*)"
    );
    let ex = ix.explain(m.rule, &asset);
    assert_eq!(ex.id, "CVE-2023-0001");
    assert_eq!(ex.configurations.len(), 1);
    let (rule, reference_platform) = (firmware_on_hardware("x"), asset.applicability_platform());
    let reference = applicability::evaluate(&rule.configurations, &reference_platform);
    assert_eq!(
        ex.configurations[0]
            .evidence
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        reference[0]
            .evidence
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    );
}

#[test]
fn exact_versions_na_and_any() {
    let rule = VulnRule {
        configurations: vec![Configuration::new(
            Operator::Or,
            vec![or(vec![
                CpeMatch::new(cpe(r"cpe:2.3:o:cisco:ios:12.2\(18\)se:*:*:*:*:*:*:*"), true),
                CpeMatch::new(cpe("cpe:2.3:h:cisco:asr_1001:-:*:*:*:*:*:*:*"), true),
                CpeMatch::new(cpe("cpe:2.3:a:cisco:webex:*:*:*:*:*:*:*:*"), true),
            ])],
        )],
        ..VulnRule::new("CVE-1")
    };
    let ix = index(&[rule]);
    let check = |c: &str, hit: bool| {
        let expected = if hit { affected(&["CVE-1"]) } else { Vec::new() };
        assert_eq!(verdicts(&ix, &platform(&[c])), expected, "{c}");
    };
    check(r"cpe:2.3:o:cisco:ios:12.2\(18\)SE:*:*:*:*:*:*:*", true);
    check(r"cpe:2.3:o:cisco:ios:12.2\(18\)sf:*:*:*:*:*:*:*", false);
    check("cpe:2.3:o:cisco:ios:*:*:*:*:*:*:*:*", false);
    check("cpe:2.3:h:cisco:asr_1001:-:*:*:*:*:*:*:*", true);
    check("cpe:2.3:h:cisco:asr_1001:1.0:*:*:*:*:*:*:*", false);
    check("cpe:2.3:a:cisco:webex:41.2:*:*:*:*:*:*:*", true);
    check("cpe:2.3:a:cisco:webex:-:*:*:*:*:*:*:*", true);
    check("cpe:2.3:o:cisco:webex:41.2:*:*:*:*:*:*:*", false);
}

#[test]
fn negated_platform_node() {
    // NVD API 2.0 documentation shape: the application is vulnerable
    // unless it runs on the patched platform.
    let rule = VulnRule {
        configurations: vec![Configuration::new(
            Operator::And,
            vec![
                or(vec![ranged(
                    "cpe:2.3:a:acme:agent:*:*:*:*:*:*:*:*",
                    true,
                    None,
                    Some(("3.0", false)),
                )]),
                Node {
                    negate: true,
                    ..or(vec![CpeMatch::new(cpe("cpe:2.3:o:acme:os:9.0:*:*:*:*:*:*:*"), false)])
                },
            ],
        )],
        ..VulnRule::new("CVE-N")
    };
    let ix = index(&[rule]);
    let app = "cpe:2.3:a:acme:agent:2.5:*:*:*:*:*:*:*";
    assert_eq!(verdicts(&ix, &platform(&[app])), affected(&["CVE-N"]));
    assert_eq!(
        verdicts(&ix, &platform(&[app, "cpe:2.3:o:acme:os:8.0:*:*:*:*:*:*:*"])),
        affected(&["CVE-N"])
    );
    assert_eq!(
        verdicts(&ix, &platform(&[app, "cpe:2.3:o:acme:os:9.0:*:*:*:*:*:*:*"])),
        vec![]
    );
}

#[test]
fn wildcard_vendor_criteria_are_checked_for_every_asset() {
    let rule = VulnRule {
        configurations: vec![Configuration::new(
            Operator::Or,
            vec![or(vec![ranged(
                "cpe:2.3:a:*:log4j*:*:*:*:*:*:*:*:*",
                true,
                Some(("2.0", true)),
                Some(("2.15", false)),
            )])],
        )],
        ..VulnRule::new("CVE-2021-44228")
    };
    let ix = index(&[rule]);
    assert_eq!(ix.stats().fallback_criteria, 1);
    assert_eq!(
        verdicts(&ix, &platform(&["cpe:2.3:a:apache:log4j_core:2.14.1:*:*:*:*:*:*:*"])),
        affected(&["CVE-2021-44228"])
    );
    assert_eq!(
        verdicts(&ix, &platform(&["cpe:2.3:a:apache:log4j_core:2.17:*:*:*:*:*:*:*"])),
        vec![]
    );
}

fn csaf(product_id: &str) -> Option<ProductSource> {
    Some(ProductSource::Csaf {
        document: Some("ICSA-24-011-03".into()),
        product_id: product_id.into(),
    })
}

/// A CISA-style advisory: all versions below V3.2.16 affected, 3.2.16 fixed,
/// a sister product not affected, another under investigation.
fn cisa_rule() -> VulnRule {
    let vers = |s: &str| VersionSel::Vers(VersRange::parse(s).unwrap());
    VulnRule {
        products: vec![
            ProductRule {
                source: csaf("CSAFPID-0001"),
                versions: vec![VersionEntry::new(vers("vers:all/<V3.2.16"), Status::Affected)],
                ..ProductRule::named("Siemens", "SIMATIC S7-1500", Status::Affected)
            },
            ProductRule {
                source: csaf("CSAFPID-0002"),
                versions: vec![VersionEntry::new(
                    VersionSel::Exact(Version::parse("V3.2.16")),
                    Status::Fixed,
                )],
                ..ProductRule::named("Siemens", "SIMATIC S7-1500", Status::Fixed)
            },
            ProductRule {
                source: csaf("CSAFPID-0003"),
                model_numbers: vec!["6ES7 518-4AP00-0AB0".into()],
                ..ProductRule::named("Siemens", "SIMATIC S7-1500 Software Controller", Status::NotAffected)
            },
            ProductRule {
                source: csaf("CSAFPID-0004"),
                ..ProductRule::named("Siemens", "SIMATIC S7-1200", Status::UnderInvestigation)
            },
        ],
        ..VulnRule::new("CVE-2024-0001")
    }
}

fn identity(vendor: &str, product: &str, model: Option<&str>, firmware: Option<&str>) -> AssetPlatform {
    AssetPlatform::default().with_identity(Arc::new(AssetIdentity::new(
        Some(vendor),
        Some(product),
        model,
        None,
        firmware,
    )))
}

#[test]
fn csaf_statuses_by_inventory_identity() {
    let ix = index(&[cisa_rule()]);
    let check = |asset: &AssetPlatform, expected: Option<Verdict>| {
        let got = match_asset(&ix, asset).first().map(|m| m.verdict);
        assert_eq!(got, expected, "{asset:?}");
    };
    check(
        &identity("Siemens AG", "SIMATIC S7-1500", None, Some("V3.1.0")),
        Some(Verdict::Affected),
    );
    check(
        &identity("siemens", "simatic s7-1500", None, Some("3.2.16")),
        Some(Verdict::NotAffected),
    );
    check(&identity("Siemens", "SIMATIC S7-1500", None, Some("3.3")), None);
    check(&identity("Siemens", "SIMATIC S7-1500", None, None), None);
    check(
        &identity("Siemens", "x", Some("6ES7518-4AP00-0AB0"), Some("1.0")),
        Some(Verdict::NotAffected),
    );
    check(
        &identity("Siemens", "SIMATIC S7-1200", None, Some("4.0")),
        Some(Verdict::Undetermined),
    );
    check(&identity("Rockwell", "SIMATIC S7-1500", None, Some("3.1")), None);

    let asset = identity("Siemens AG", "SIMATIC S7-1500", None, Some("V3.1.0"));
    let found = match_asset(&ix, &asset);
    assert_eq!(
        found[0].display(&ix, &asset).to_string(),
        "Siemens AG SIMATIC S7-1500 firmware version V3.1.0 is affected by CVE-2024-0001: CSAF ICSA-24-011-03 \
         product CSAFPID-0001 lists Siemens SIMATIC S7-1500, versions vers:all/<V3.2.16, as affected"
    );
    let fixed = identity("Siemens", "SIMATIC S7-1500", None, Some("V3.2.16"));
    assert_eq!(
        match_asset(&ix, &fixed)[0].display(&ix, &fixed).to_string(),
        "Siemens SIMATIC S7-1500 firmware version V3.2.16 is not affected by CVE-2024-0001: CSAF ICSA-24-011-03 \
         product CSAFPID-0002 lists Siemens SIMATIC S7-1500, version V3.2.16, as fixed"
    );
}

#[test]
fn vendor_not_affected_overrides_nvd_but_not_vendor_affected() {
    let mut rule = firmware_on_hardware("CVE-2023-0002");
    rule.products.push(ProductRule {
        source: csaf("CSAFPID-9"),
        cpes: vec![cpe("cpe:2.3:o:siemens:scalance_x200irt_firmware:*:*:*:*:*:*:*:*")],
        versions: vec![VersionEntry::new(
            VersionSel::Exact(Version::parse("2.1")),
            Status::NotAffected,
        )],
        ..ProductRule::default()
    });
    let ix = index(&[rule.clone()]);
    let fw21 = platform(&["cpe:2.3:o:siemens:scalance_x200irt_firmware:2.1:*:*:*:*:*:*:*", HW]);
    let found = match_asset(&ix, &fw21);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].verdict, Verdict::NotAffected);
    assert!(matches!(found[0].superseded, Some(MatchEvidence::Configuration { .. })));
    assert!(
        found[0]
            .display(&ix, &fw21)
            .to_string()
            .contains("is not affected by CVE-2023-0002: CSAF ICSA-24-011-03 product CSAFPID-9")
    );
    let fw22 = platform(&["cpe:2.3:o:siemens:scalance_x200irt_firmware:2.2:*:*:*:*:*:*:*", HW]);
    assert_eq!(verdicts(&ix, &fw22), affected(&["CVE-2023-0002"]));
    // A second vendor statement saying affected wins over the VEX.
    rule.products.push(ProductRule {
        cpes: vec![cpe("cpe:2.3:o:siemens:scalance_x200irt_firmware:*:*:*:*:*:*:*:*")],
        versions: vec![VersionEntry::new(VersionSel::All, Status::Affected)],
        ..ProductRule::default()
    });
    let ix = index(&[rule]);
    assert_eq!(verdicts(&ix, &fw21), affected(&["CVE-2023-0002"]));
    let ex = ix.explain(RuleId(0), &fw21);
    assert_eq!((ex.configurations.len(), ex.products.len()), (1, 2));
}

#[test]
fn cve5_statement_by_cpe_and_by_cpe_names() {
    // CISA ADP style: CPE identity plus versions; CNA style: names only.
    let rule = VulnRule {
        products: vec![
            ProductRule {
                source: Some(ProductSource::Cve5 {
                    provider: Some("CISA-ADP".into()),
                    index: 0,
                }),
                cpes: vec![cpe("cpe:2.3:h:moxa:nport_5110:-:*:*:*:*:*:*:*")],
                versions: vec![VersionEntry::new(
                    VersionSel::Range {
                        start: None,
                        end: Some(Bound::Including(Version::parse("2.10"))),
                    },
                    Status::Affected,
                )],
                default_status: Some(Status::Unknown),
                ..ProductRule::default()
            },
            ProductRule {
                source: Some(ProductSource::Cve5 {
                    provider: Some("Moxa".into()),
                    index: 0,
                }),
                vendor: Some("Moxa Inc.".into()),
                product: Some("NPort 5150".into()),
                versions: vec![VersionEntry::new(
                    VersionSel::Exact(Version::parse("3.0")),
                    Status::Affected,
                )],
                default_status: Some(Status::NotAffected),
                ..ProductRule::default()
            },
        ],
        ..VulnRule::new("CVE-2024-5")
    };
    let ix = index(&[rule]);
    let check = |c: &str, expected: Option<Verdict>| {
        let got = match_asset(&ix, &platform(&[c])).first().map(|m| m.verdict);
        assert_eq!(got, expected, "{c}");
    };
    check("cpe:2.3:h:moxa:nport_5110:2.2:*:*:*:*:*:*:*", Some(Verdict::Affected));
    check("cpe:2.3:h:moxa:nport_5110:2.11:*:*:*:*:*:*:*", None);
    check("cpe:2.3:o:moxa:nport_5150:3.0:*:*:*:*:*:*:*", Some(Verdict::Affected));
    check(
        "cpe:2.3:o:moxa:nport_5150:3.1:*:*:*:*:*:*:*",
        Some(Verdict::NotAffected),
    );
    let asset = platform(&["cpe:2.3:o:moxa:nport_5150:3.0:*:*:*:*:*:*:*"]);
    assert_eq!(
        match_asset(&ix, &asset)[0].display(&ix, &asset).to_string(),
        "operating system cpe:2.3:o:moxa:nport_5150:3.0:*:*:*:*:*:*:* version 3.0 (by vendor and product name) is \
         affected by CVE-2024-5: CVE 5 affected[0] (Moxa) lists Moxa Inc. NPort 5150, version 3.0, as affected"
    );
}

#[test]
fn aliases_join_vendor_names() {
    let rule = VulnRule {
        products: vec![ProductRule::named(
            "General Electric (GE)",
            "Multilin UR",
            Status::Affected,
        )],
        ..VulnRule::new("CVE-G")
    };
    let ix = index(&[rule]);
    assert_eq!(
        verdicts(&ix, &platform(&["cpe:2.3:o:ge:multilin_ur:7.0:*:*:*:*:*:*:*"])),
        affected(&["CVE-G"])
    );
    assert_eq!(
        verdicts(&ix, &identity("General Electric", "Multilin UR", None, None)),
        affected(&["CVE-G"])
    );
}

#[test]
fn purl_statements() {
    let rule = VulnRule {
        products: vec![ProductRule {
            purls: vec![Purl::parse("pkg:npm/lodash").unwrap()],
            versions: vec![VersionEntry::new(
                VersionSel::Vers(VersRange::parse("vers:npm/<4.17.21").unwrap()),
                Status::Affected,
            )],
            ..ProductRule::default()
        }],
        ..VulnRule::new("CVE-2021-23337")
    };
    let ix = index(&[rule]);
    let asset = |p: &str| AssetPlatform::default().with_purl(Arc::new(AssetPurl::parse(p).unwrap()));
    assert_eq!(
        verdicts(&ix, &asset("pkg:npm/lodash@4.17.20")),
        affected(&["CVE-2021-23337"])
    );
    assert_eq!(verdicts(&ix, &asset("pkg:npm/lodash@4.17.21")), vec![]);
    assert_eq!(verdicts(&ix, &asset("pkg:npm/underscore@1.0.0")), vec![]);
}

#[test]
fn parallel_and_incremental_agree_with_one_by_one() {
    let mut rules = vec![firmware_on_hardware("CVE-A"), cisa_rule()];
    rules.push(VulnRule {
        configurations: vec![Configuration::new(
            Operator::Or,
            vec![or(vec![ranged(
                "cpe:2.3:a:acme:agent:*:*:*:*:*:*:*:*",
                true,
                None,
                Some(("3.0", false)),
            )])],
        )],
        ..VulnRule::new("CVE-C")
    });
    let ix = index(&rules);
    let mut assets = Vec::new();
    for i in 0..2000 {
        let v = format!("{}.{}", (i / 4) % 4, i % 7);
        assets.push(match i % 4 {
            0 => platform(&[
                &format!("cpe:2.3:o:siemens:scalance_x200irt_firmware:{v}:*:*:*:*:*:*:*"),
                HW,
            ]),
            1 => platform(&[&format!("cpe:2.3:a:acme:agent:{v}:*:*:*:*:*:*:*")]),
            2 => identity("Siemens", "SIMATIC S7-1500", None, Some(&v)),
            _ => platform(&["cpe:2.3:a:other:thing:1:*:*:*:*:*:*:*"]),
        });
    }
    let mut m = ix.matcher();
    let mut sequential = Vec::new();
    for (i, a) in assets.iter().enumerate() {
        for &found in m.match_asset(a) {
            sequential.push(AssetMatch {
                asset: u32::try_from(i).unwrap(),
                found,
            });
        }
        assert_eq!(
            m.matches_any(a),
            m.match_asset(a).iter().any(|x| x.verdict == Verdict::Affected)
        );
    }
    assert!(sequential.len() > 500, "{}", sequential.len());
    assert_eq!(collect_matches(&ix, &assets, 2), sequential);
    assert_eq!(collect_matches(&ix, &assets, 1), sequential);

    let asset_index = AssetIndex::new(&assets, AliasTable::default());
    for changed in [&rules[..], &rules[1..2], &rules[2..]] {
        let (small, found) = match_rules_against_assets(changed, &asset_index, 2);
        let expected: Vec<(u32, String, Verdict)> = sequential
            .iter()
            .filter(|m| changed.iter().any(|r| r.id == ix.rule_id(m.found.rule)))
            .map(|m| (m.asset, ix.rule_id(m.found.rule).to_owned(), m.found.verdict))
            .collect();
        let got: Vec<(u32, String, Verdict)> = found
            .iter()
            .map(|m| (m.asset, small.rule_id(m.found.rule).to_owned(), m.found.verdict))
            .collect();
        assert_eq!(got, expected);
    }
}

#[test]
fn empty_and_degenerate_inputs() {
    let empty = VulnRule {
        configurations: vec![
            Configuration::new(Operator::And, vec![]),
            Configuration::new(Operator::Or, vec![or(vec![])]),
        ],
        ..VulnRule::new("CVE-E")
    };
    let ix = index(&[empty, VulnRule::new("CVE-F")]);
    assert!(match_asset(&ix, &platform(&["cpe:2.3:a:x:y:1:*:*:*:*:*:*:*"])).is_empty());
    assert!(match_asset(&ix, &AssetPlatform::default()).is_empty());
    assert!(!matches_any(&ix, &AssetPlatform::default()));
    assert_eq!(ix.rule_id(RuleId(99)), "");
    assert!(
        ix.explain(RuleId(99), &AssetPlatform::default())
            .configurations
            .is_empty()
    );
    let none = RuleIndex::default();
    assert!(none.is_empty());
    assert!(collect_matches(&none, &[AssetPlatform::default()], 4).is_empty());
}

// Oracle: the compiled evaluation agrees with `applicability` on random
// rules and platforms over a small vocabulary.

const VENDORS: [&str; 2] = ["acme", "Acme"];
const PRODUCTS: [&str; 3] = ["fw", "box", "app"];
const VERSIONS: [&str; 7] = ["1.0", "1.5", "2.0", "V2.0", "2.4", "-", "*"];

fn arb_cpe() -> impl Strategy<Value = String> {
    (0..3usize, 0..2usize, 0..3usize, 0..7usize).prop_map(|(part, v, p, ver)| {
        format!(
            "cpe:2.3:{}:{}:{}:{}:*:*:*:*:*:*:*",
            ["a", "o", "h"][part],
            VENDORS[v],
            PRODUCTS[p],
            VERSIONS[ver]
        )
    })
}

fn arb_criterion() -> impl Strategy<Value = CpeMatch> {
    let bound = proptest::option::of((0..5usize, any::<bool>()));
    (arb_cpe(), any::<bool>(), bound.clone(), bound, 0..4usize).prop_map(|(c, vulnerable, start, end, wild)| {
        let text = match wild {
            0 => c.replacen(":acme:", ":*:", 1).replacen(":Acme:", ":*:", 1),
            _ => c,
        };
        let mut m = CpeMatch::new(cpe(&text), vulnerable);
        if wild == 1 || matches!(m.criteria.version(), crate::cpe::Component::Any) {
            let v = |i: usize| Version::parse(VERSIONS[i]);
            match start {
                Some((i, true)) => m.version_start_including = Some(v(i)),
                Some((i, false)) => m.version_start_excluding = Some(v(i)),
                None => {}
            }
            match end {
                Some((i, true)) => m.version_end_including = Some(v(i)),
                Some((i, false)) => m.version_end_excluding = Some(v(i)),
                None => {}
            }
        }
        m
    })
}

fn arb_node(depth: u32) -> BoxedStrategy<Node> {
    let leaf = (
        any::<bool>(),
        any::<bool>(),
        proptest::collection::vec(arb_criterion(), 0..3),
    )
        .prop_map(|(and, negate, matches)| Node {
            operator: if and { Operator::And } else { Operator::Or },
            negate: negate && matches.len() == 1,
            children: Vec::new(),
            matches,
        });
    if depth == 0 {
        return leaf.boxed();
    }
    (leaf, proptest::collection::vec(arb_node(depth - 1), 0..3))
        .prop_map(|(mut n, children)| {
            n.children = children;
            n
        })
        .boxed()
}

fn arb_rule() -> impl Strategy<Value = Vec<Configuration>> {
    proptest::collection::vec(
        (any::<bool>(), proptest::collection::vec(arb_node(1), 0..3))
            .prop_map(|(and, nodes)| Configuration::new(if and { Operator::And } else { Operator::Or }, nodes)),
        0..3,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn compiled_evaluation_agrees_with_applicability(
        rules in proptest::collection::vec(arb_rule(), 1..6),
        assets in proptest::collection::vec(proptest::collection::vec(arb_cpe(), 0..4), 1..6),
    ) {
        let rules: Vec<VulnRule> = rules
            .into_iter()
            .enumerate()
            .map(|(i, configurations)| VulnRule { configurations, ..VulnRule::new(format!("R{i}")) })
            .collect();
        let ix = index(&rules);
        let mut m = ix.matcher();
        for cpes in &assets {
            let asset = AssetPlatform::from_cpes(cpes.iter().map(|s| cpe(s)));
            let reference = asset.applicability_platform();
            let expected: Vec<usize> = rules
                .iter()
                .enumerate()
                .filter(|(_, r)| applicability::is_vulnerable(&r.configurations, &reference))
                .map(|(i, _)| i)
                .collect();
            let found: Vec<Match> = m.match_asset(&asset).to_vec();
            let got: Vec<usize> = found.iter().map(|x| x.rule.index()).collect();
            prop_assert_eq!(&got, &expected, "{:?}", cpes);
            prop_assert_eq!(m.matches_any(&asset), !expected.is_empty());
            for x in &found {
                prop_assert_eq!(x.verdict, Verdict::Affected);
                let rule = &rules[x.rule.index()];
                let all = applicability::evaluate(&rule.configurations, &reference);
                let ex = ix.explain(x.rule, &asset);
                prop_assert_eq!(ex.configurations.len(), all.len());
                for (a, b) in ex.configurations.iter().zip(&all) {
                    prop_assert_eq!(a.configuration as usize, b.configuration_index);
                    let got: Vec<_> = a.evidence.iter().map(|e| e.as_evidence()).collect();
                    prop_assert_eq!(&got, &b.evidence);
                }
                let MatchEvidence::Configuration { configuration, criterion, asset_cpe } = x.evidence else {
                    return Err(TestCaseError::fail("configuration evidence expected"));
                };
                prop_assert_eq!(configuration as usize, all[0].configuration_index);
                let crit = ix.criterion(criterion).unwrap();
                prop_assert!(crit.vulnerable);
                prop_assert!(crit.matches(asset.cpes[asset_cpe as usize].cpe()));
                prop_assert!(!x.display(&ix, &asset).to_string().is_empty());
            }
        }
    }
}

fn arb_entry() -> impl Strategy<Value = VersionEntry> {
    let v = || (0..7usize).prop_map(|i| VERSIONS[i]);
    let sel = prop_oneof![
        3 => v().prop_map(|x| VersionSel::Exact(Version::parse(x))),
        1 => Just(VersionSel::All),
        1 => (v(), v()).prop_map(|(a, b)| VersionSel::Range {
            start: Some(Bound::Including(Version::parse(a))),
            end: Some(Bound::Excluding(Version::parse(b))),
        }),
        1 => Just(VersionSel::Unreadable("soon".into())),
    ];
    let status = prop_oneof![
        Just(Status::Affected),
        Just(Status::NotAffected),
        Just(Status::Fixed),
        Just(Status::Unknown)
    ];
    (sel, status).prop_map(|(s, st)| VersionEntry::new(s, st))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    /// The compiled statement (exact-version map for long lists) decides
    /// exactly as `ProductRule::decide`.
    #[test]
    fn compiled_statement_decides_like_the_rule(
        versions in proptest::collection::vec(arb_entry(), 0..40),
        default_status in proptest::option::of(Just(Status::NotAffected)),
    ) {
        let rule = VulnRule {
            products: vec![ProductRule { versions, default_status, ..ProductRule::named("acme", "box", Status::Affected) }],
            ..VulnRule::new("R")
        };
        let ix = index(std::slice::from_ref(&rule));
        let compiled = &ix.products[0];
        for v in VERSIONS.iter().chain(["0.5", "3", "V1.5"].iter()) {
            let v = Version::parse(v);
            prop_assert_eq!(compiled.decide(Some(&v)), rule.products[0].decide(Some(&v)));
        }
        prop_assert_eq!(compiled.decide(None), rule.products[0].decide(None));
    }
}
