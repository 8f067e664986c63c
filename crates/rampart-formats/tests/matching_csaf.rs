#![allow(clippy::unwrap_used)]
//! CSAF product trees and product status through the matching engine: the
//! OASIS CSAF 2.0 examples (VEX use cases, CPE helpers, Cisco service
//! packs), CISA ICS advisories, and every CISA advisory in
//! `../shared/data/csaf/cisa-ics` when present.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use rampart_core::cpe::Cpe;
use rampart_core::matching::{
    AssetIdentity, AssetPlatform, Bound, MatchEvidence, RuleIndex, Status, Verdict, VersionSel, VulnRule, match_asset,
};
use rampart_core::normalize::AliasTable;
use rampart_core::purl::Comparator;
use rampart_core::version::Version;
use rampart_formats::csaf::{self, CsafAdvisory};
use rampart_formats::feed::to_core;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/feeds/csaf")
        .join(rel)
}

fn advisory(rel: &str) -> CsafAdvisory {
    let bytes = std::fs::read(fixture(rel)).unwrap();
    csaf::parse(&bytes, rel).unwrap().0
}

fn index_of(rel: &str) -> RuleIndex {
    let mut problems = Vec::new();
    let rules = to_core::csaf_rules(&advisory(rel), &mut problems);
    assert!(problems.is_empty(), "{rel}: {problems:?}");
    RuleIndex::from_rules(&rules, AliasTable::default())
}

fn device(vendor: &str, product: &str, version: Option<&str>) -> AssetPlatform {
    AssetPlatform::default().with_identity(Arc::new(AssetIdentity::new(
        Some(vendor),
        Some(product),
        None,
        version,
        None,
    )))
}

fn cpe_asset(cpe: &str) -> AssetPlatform {
    AssetPlatform::from_cpes([Cpe::parse(cpe).unwrap()])
}

/// The verdict for vulnerability `id`, if any.
fn verdict(ix: &RuleIndex, asset: &AssetPlatform, id: &str) -> Option<Verdict> {
    match_asset(ix, asset)
        .iter()
        .find(|m| ix.rule_id(m.rule) == id)
        .map(|m| m.verdict)
}

const LOG4SHELL: &str = "CVE-2021-44228";

#[test]
fn matching_csaf_vex_use_cases() {
    use Verdict::{Affected, NotAffected};
    // 2022-EVD-UC-07: ABC 2.4, 2.6 and >=2.9|<=4.1 affected; 4.2, >=1.0|<=2.3,
    // 2.5 and >=2.7|<=2.8 not affected; JKL >=4.5|<=5.0 affected, >=1.0|<=4.4
    // not affected, 5.1 fixed.
    let ix = index_of("oasis/examples/csaf/csaf_vex/2022-evd-uc-07-001.json");
    let check = |product: &str, version: &str, expected: Option<Verdict>| {
        let asset = device("Example Company", product, Some(version));
        assert_eq!(verdict(&ix, &asset, LOG4SHELL), expected, "{product} {version}");
    };
    check("ABC", "2.4", Some(Affected));
    check("ABC", "2.6", Some(Affected));
    check("ABC", "3.0", Some(Affected));
    check("ABC", "4.1", Some(Affected));
    check("ABC", "4.2", Some(NotAffected));
    check("ABC", "2.0", Some(NotAffected));
    check("ABC", "2.5", Some(NotAffected));
    check("ABC", "2.7.5", Some(NotAffected));
    // Between the ranges, and beyond them: no statement.
    check("ABC", "2.8.5", None);
    check("ABC", "5.0", None);
    check("JKL", "4.6", Some(Affected));
    check("JKL", "3.0", Some(NotAffected));
    check("JKL", "5.1", Some(NotAffected));
    check("JKL", "5.2", None);
    check("XYZ", "2.4", None);
    let asset = device("Example Company", "ABC", Some("4.2"));
    let m = match_asset(&ix, &asset)[0];
    assert_eq!(
        m.display(&ix, &asset).to_string(),
        "Example Company ABC version 4.2 is not affected by CVE-2021-44228: CSAF 2022-EVD-UC-07-001 product \
         CSAFPID-0001 lists Example Company ABC, version 4.2, as not affected"
    );
    let asset = device("Example Company", "ABC", Some("3.0"));
    let m = match_asset(&ix, &asset)[0];
    assert_eq!(
        m.display(&ix, &asset).to_string(),
        "Example Company ABC version 3.0 is affected by CVE-2021-44228: CSAF 2022-EVD-UC-07-001 product \
         CSAFPID-0004 lists Example Company ABC, versions vers:generic/>=2.9|<=4.1, as affected"
    );
}

#[test]
fn matching_csaf_vex_statuses_per_vulnerability() {
    use Verdict::{Affected, NotAffected, Undetermined};
    // 2022-EVD-UC-03-MS: one product, GHI 17.4, a status per CVE.
    let ix = index_of("oasis/examples/csaf/csaf_vex/2022-evd-uc-03-ms-001.json");
    let asset = device("Example Company", "GHI", Some("17.4"));
    let got: Vec<(String, Verdict)> = match_asset(&ix, &asset)
        .iter()
        .map(|m| (ix.rule_id(m.rule).to_owned(), m.verdict))
        .collect();
    let expected = [
        ("CVE-2020-11896", Undetermined),
        ("CVE-2020-11897", NotAffected),
        ("CVE-2020-11898", Affected),
        ("CVE-2020-11899", NotAffected),
        ("CVE-2020-11900", Undetermined),
        ("CVE-2020-11901", NotAffected),
        ("CVE-2020-11902", NotAffected),
        ("CVE-2020-11903", Undetermined),
        ("CVE-2020-11904", Undetermined),
        ("CVE-2020-11905", NotAffected),
        ("CVE-2020-11906", NotAffected),
        ("CVE-2020-11907", Affected),
        ("CVE-2020-11908", Undetermined),
        ("CVE-2020-11909", Affected),
        ("CVE-2020-11910", Affected),
        ("CVE-2020-11911", Affected),
        ("CVE-2020-11912", NotAffected),
        ("CVE-2020-11913", NotAffected),
        ("CVE-2020-11914", NotAffected),
    ];
    let expected: Vec<(String, Verdict)> = expected.iter().map(|(i, v)| ((*i).to_owned(), *v)).collect();
    assert_eq!(got, expected);
    // Another version of GHI: the statements name 17.4 only.
    assert!(match_asset(&ix, &device("Example Company", "GHI", Some("17.5"))).is_empty());

    // UC-09: product families without versions; UC-05: vers:all/* under investigation.
    let ix = index_of("oasis/examples/csaf/csaf_vex/2022-evd-uc-09-001.json");
    assert_eq!(
        verdict(&ix, &device("Example Company", "PROD_ALPHA", None), LOG4SHELL),
        Some(NotAffected)
    );
    assert_eq!(
        verdict(&ix, &device("Example Company", "PROD_BETA", Some("9")), LOG4SHELL),
        Some(Affected)
    );
    let ix = index_of("oasis/examples/csaf/csaf_vex/2022-evd-uc-05-001.json");
    assert_eq!(
        verdict(&ix, &device("Example Company", "XYZ", None), LOG4SHELL),
        Some(Undetermined)
    );
    // Secvisogram: <=1.14.0 known not affected (component_not_present).
    let ix = index_of("oasis/examples/csaf/csaf_vex/sec-vex-2022-0001.json");
    assert_eq!(
        verdict(&ix, &device("Secvisogram", "Secvisogram", Some("1.14.0")), LOG4SHELL),
        Some(NotAffected)
    );
    assert_eq!(
        verdict(&ix, &device("Secvisogram", "Secvisogram", Some("1.15")), LOG4SHELL),
        None
    );
}

#[test]
fn matching_csaf_cpe_helpers_and_first_fixed() {
    // BSI-2022-0001: CPE helpers per version; 1.0.0-rc2 fixed and first_fixed.
    let ix = index_of("oasis/examples/csaf/bsi-2022-0001.json");
    let id = "CVE-2022-27193";
    let check = |version: &str, expected: Option<Verdict>| {
        let asset = cpe_asset(&format!(
            "cpe:2.3:a:csaf-tools:cvrf-csaf-converter:{version}:*:*:*:*:*:*:*"
        ));
        assert_eq!(verdict(&ix, &asset, id), expected, "{version}");
    };
    check("1.0.0-alpha", Some(Verdict::Affected));
    check("1.0.0-rc1", Some(Verdict::Affected));
    check("1.0.0-rc2", Some(Verdict::NotAffected));
    check("1.0.0", Some(Verdict::NotAffected));
    check("1.1.0", Some(Verdict::NotAffected));
    check("0.9", None);
    let asset = cpe_asset("cpe:2.3:a:csaf-tools:cvrf-csaf-converter:1.0.0-dev2:*:*:*:*:*:*:*");
    let m = match_asset(&ix, &asset)[0];
    assert!(matches!(m.evidence, MatchEvidence::Product { .. }));
    assert_eq!(
        m.display(&ix, &asset).to_string(),
        "application cpe:2.3:a:csaf-tools:cvrf-csaf-converter:1.0.0-dev2:*:*:*:*:*:*:* version 1.0.0-dev2 is \
         affected by CVE-2022-27193: CSAF BSI-2022-0001 product CSAFPID-0003 lists CSAF Tools CVRF-CSAF-Converter, \
         version 1.0.0-dev2, as affected"
    );
}

#[test]
fn matching_csaf_cisco_service_packs() {
    // Cisco's tree puts the full IOS version in the `service_pack` branch.
    let ix = index_of("oasis/examples/csaf/cisco-sa-20180328-smi2.json");
    let id = "CVE-2018-0171";
    let asset = cpe_asset(r"cpe:2.3:o:cisco:ios:12.2\(55\)se3:*:*:*:*:*:*:*");
    assert_eq!(verdict(&ix, &asset, id), Some(Verdict::Affected));
    assert_eq!(
        verdict(&ix, &device("Cisco Systems, Inc.", "IOS", Some("15.0(2)SE10a")), id),
        Some(Verdict::Affected)
    );
    assert_eq!(verdict(&ix, &device("Cisco", "IOS", Some("12.2(55)SE99")), id), None);
}

/// (fixture, CVE, vendor, product, version, expected verdict)
type IcsCase<'a> = (&'a str, &'a str, &'a str, &'a str, Option<&'a str>, Option<Verdict>);

#[test]
fn matching_csaf_cisa_ics_fixtures() {
    use Verdict::Affected;
    let cases: &[IcsCase<'_>] = &[
        (
            "cisa/2017/icsa-17-038-01.json",
            "CVE-2017-5161",
            "Sielco Sistemi",
            "Winlog Lite SCADA Software",
            Some("3.02.00"),
            Some(Affected),
        ),
        (
            "cisa/2017/icsa-17-038-01.json",
            "CVE-2017-5161",
            "Sielco Sistemi",
            "Winlog Pro SCADA Software",
            Some("3.02.01"),
            None,
        ),
        (
            "cisa/2020/icsa-20-315-04.json",
            "CVE-2020-15783",
            "Siemens",
            "SIMATIC S7-300 CPU family (incl. related ET200 CPUs and SIPLUS variants)",
            Some("V3.3.17"),
            Some(Affected),
        ),
        (
            "cisa/2020/icsa-20-315-04.json",
            "CVE-2020-15783",
            "Siemens AG",
            "SINUMERIK 840D sl",
            None,
            Some(Affected),
        ),
        (
            "cisa/2022/icsa-22-228-01.json",
            "CVE-2022-33939",
            "Yokogawa Electric",
            "CENTUM VP/CS 3000 controller FCS",
            Some("CP33"),
            Some(Affected),
        ),
        (
            "cisa/2022/icsa-22-228-01.json",
            "CVE-2022-33939",
            "Yokogawa",
            "CENTUM VP/CS 3000 controller FCS",
            Some("CP451"),
            Some(Affected),
        ),
        (
            "cisa/2022/icsa-22-228-01.json",
            "CVE-2022-33939",
            "Yokogawa",
            "CENTUM VP/CS 3000 controller FCS",
            Some("CP35"),
            None,
        ),
        (
            "cisa/2024/icsma-24-151-02.json",
            "CVE-2024-1275",
            "Baxter",
            "Welch Allyn Connex Spot Monitor",
            Some("1.52"),
            Some(Affected),
        ),
        (
            "cisa/2024/icsma-24-151-02.json",
            "CVE-2024-1275",
            "Baxter",
            "Welch Allyn Connex Spot Monitor (CSM)",
            Some("1.53"),
            None,
        ),
    ];
    for (file, id, vendor, product, version, expected) in cases {
        let ix = index_of(file);
        let asset = device(vendor, product, *version);
        assert_eq!(
            verdict(&ix, &asset, id),
            *expected,
            "{file} {vendor} {product} {version:?}"
        );
    }
    let ix = index_of("cisa/2017/icsa-17-038-01.json");
    let asset = device("Sielco Sistemi", "Winlog Lite SCADA Software", Some("3.02.00"));
    assert_eq!(
        match_asset(&ix, &asset)[0].display(&ix, &asset).to_string(),
        "Sielco Sistemi Winlog Lite SCADA Software version 3.02.00 is affected by CVE-2017-5161: CSAF ICSA-17-038-01 \
         product CSAFPID-0001 lists Sielco Sistemi Winlog Lite SCADA Software, versions (-∞, 3.02.01), as affected"
    );
}

/// A version the selector contains, when one is easy to name.
fn version_inside(sel: &VersionSel) -> Option<String> {
    let from_bound = |b: &Bound, above: bool| match b {
        Bound::Including(v) => Some(v.as_str().to_owned()),
        Bound::Excluding(v) if above => Some(format!("{}.1", v.as_str())),
        Bound::Excluding(v) => Some(format!("{}-dev", v.as_str())),
        Bound::Prefix(p) => Some(p.prefix().as_str().to_owned()),
    };
    let candidate = match sel {
        VersionSel::All => Some("1.0".to_owned()),
        VersionSel::Exact(v) => Some(v.as_str().to_owned()),
        VersionSel::Range { start, end } => start
            .as_ref()
            .and_then(|b| from_bound(b, true))
            .or_else(|| end.as_ref().and_then(|b| from_bound(b, false))),
        VersionSel::Vers(r) => r.constraints().iter().find_map(|c| match c.comparator {
            Comparator::Eq | Comparator::Le | Comparator::Ge => Some(c.version.clone()),
            Comparator::Lt => Some(format!("{}-dev", c.version)),
            Comparator::Gt => Some(format!("{}.1", c.version)),
            Comparator::Ne => None,
        }),
        VersionSel::Unreadable(_) => Some("1.0".to_owned()),
    }?;
    (sel.contains(&Version::parse(&candidate)) != Some(false)).then_some(candidate)
}

/// Every CISA ICS advisory at hand: each product statement, given as an
/// inventory device (vendor, product name, a version its selector
/// contains), is found with its status.
#[test]
fn matching_csaf_all_real_cisa_advisories() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/csaf/cisa-ics");
    if !dir.is_dir() {
        eprintln!("SKIPPED matching_csaf_all_real_cisa_advisories: ../shared/data/csaf/cisa-ics not found");
        return;
    }
    let t = Instant::now();
    let report = csaf::read_dir(&dir).unwrap();
    let mut problems = Vec::new();
    let mut rules: Vec<VulnRule> = Vec::new();
    for a in &report.advisories {
        rules.extend(to_core::csaf_rules(&a.advisory, &mut problems));
    }
    let ix = RuleIndex::from_rules(&rules, AliasTable::default());
    let mut m = ix.matcher();
    let (mut statements, mut checked, mut found, mut unreadable, mut no_name, mut no_version) = (0, 0, 0, 0, 0, 0);
    let mut failures = Vec::new();
    for (r, rule) in rules.iter().enumerate() {
        for (k, p) in rule.products.iter().enumerate() {
            statements += 1;
            let (Some(vendor), Some(product)) = (&p.vendor, &p.product) else {
                no_name += 1;
                continue;
            };
            for (e, entry) in p.versions.iter().enumerate() {
                if matches!(entry.selector, VersionSel::Unreadable(_)) {
                    unreadable += 1;
                }
                let Some(version) = version_inside(&entry.selector) else {
                    if no_version < 5 {
                        eprintln!("[cisa] no version to try for {} {}", rule.id, entry.selector);
                    }
                    no_version += 1;
                    continue;
                };
                checked += 1;
                let asset = device(vendor, product, Some(&version));
                let rid = rampart_core::matching::RuleId::from_index(r);
                let ex = ix.explain(rid, &asset);
                let hit = ex
                    .products
                    .iter()
                    .any(|f| matches!(f.evidence, MatchEvidence::Product { product, .. } if product as usize == k));
                let verdict = m
                    .match_asset(&asset)
                    .iter()
                    .find(|x| x.rule.index() == r)
                    .map(|x| x.verdict);
                if hit && verdict.is_some() {
                    found += 1;
                } else {
                    failures.push(format!(
                        "{} {vendor} / {product} entry {e} ({}) at {version}",
                        rule.id, entry.selector
                    ));
                }
            }
        }
    }
    eprintln!(
        "[cisa] {} advisories, {} rules, {statements} product statements ({no_name} without names), {} conversion \
         problems, in {:.1} s\n[cisa] entries checked {checked}, found with a status {found}, unreadable ranges \
         {unreadable} (found as undetermined), no version to try {no_version}, failures {}",
        report.advisories.len(),
        rules.len(),
        problems.len(),
        t.elapsed().as_secs_f64(),
        failures.len()
    );
    for f in failures.iter().take(20) {
        eprintln!("[cisa] FAILURE {f}");
    }
    assert!(failures.is_empty());
    assert!(found > 1000);
}

#[test]
fn matching_csaf_status_names() {
    assert_eq!(Status::Fixed.verdict(), Some(Verdict::NotAffected));
    assert_eq!(Status::Unknown.verdict(), None);
}
