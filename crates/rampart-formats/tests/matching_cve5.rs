#![allow(clippy::unwrap_used)]
//! CVE 5 `affected` entries through the matching engine: hand-checked
//! records (CNA ranges, `defaultStatus`, CISA ADP CPEs) and a
//! self-consistency run over every record at hand.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use rampart_core::cpe::Cpe;
use rampart_core::matching::{
    AssetIdentity, AssetPlatform, Bound, MatchEvidence, RuleId, RuleIndex, Status, Verdict, VersionSel, VulnRule,
    match_asset,
};
use rampart_core::normalize::AliasTable;
use rampart_core::version::Version;
use rampart_formats::cve5;
use rampart_formats::feed::to_core::{self, ConversionProblem};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/feeds/cve5")
        .join(rel)
}

fn rules_from(path: &Path, problems: &mut Vec<ConversionProblem>) -> Vec<VulnRule> {
    let report = cve5::read_path(path).unwrap();
    report.records.iter().map(|r| to_core::vuln_rule(r, problems)).collect()
}

fn device(vendor: &str, product: &str, version: &str) -> AssetPlatform {
    AssetPlatform::default().with_identity(Arc::new(AssetIdentity::new(
        Some(vendor),
        Some(product),
        None,
        Some(version),
        None,
    )))
}

fn verdict(ix: &RuleIndex, asset: &AssetPlatform, id: &str) -> Option<Verdict> {
    match_asset(ix, asset)
        .iter()
        .find(|m| ix.rule_id(m.rule) == id)
        .map(|m| m.verdict)
}

#[test]
fn matching_cve5_fixture_records_by_hand() {
    use Verdict::{Affected, NotAffected};
    let mut problems = Vec::new();
    let rules = rules_from(&fixture("records"), &mut problems);
    let ix = RuleIndex::from_rules(&rules, AliasTable::default());
    let cases: &[(&str, &str, &str, &str, Option<Verdict>)] = &[
        // F5: 16.1.0 <= v < 16.1.4 affected, >= 17.1.0 unaffected, else unknown.
        ("CVE-2023-42768", "F5", "BIG-IP", "16.1.3", Some(Affected)),
        ("CVE-2023-42768", "F5, Inc.", "BIG-IP", "17.1.1", Some(NotAffected)),
        // ... and 14.1.0 and 13.1.0 onwards affected (first matching entry wins).
        ("CVE-2023-42768", "F5", "BIG-IP", "14.0", Some(Affected)),
        ("CVE-2023-42768", "F5", "BIG-IP", "12.0", None),
        // Juniper: everything below 19.1R3-S10 affected, default unaffected.
        (
            "CVE-2023-36850",
            "Juniper Networks",
            "Junos OS",
            "19.1R3-S9",
            Some(Affected),
        ),
        ("CVE-2023-36850", "Juniper", "Junos OS", "19.1R3-S10", Some(NotAffected)),
        // Ivanti: default affected, two versions unaffected.
        ("CVE-2024-8963", "Ivanti", "CSA", "4.6 Patch 519", Some(NotAffected)),
        (
            "CVE-2024-8963",
            "Ivanti",
            "CSA (Cloud Services Appliance)",
            "4.6 Patch 518",
            Some(Affected),
        ),
        // Moxa: 1.0 <= v <= 2.2.
        (
            "CVE-2023-4204",
            "Moxa",
            "NPort IAW5000A-I/O Series",
            "2.2",
            Some(Affected),
        ),
        (
            "CVE-2023-4204",
            "Moxa",
            "NPort IAW5000A-I/O Series",
            "2.3",
            Some(NotAffected),
        ),
        // Siemens: `All versions` and `V18 Update 4` limits.
        (
            "CVE-2023-50821",
            "Siemens",
            "SIMATIC WinCC Runtime Professional V17",
            "V17 Update 7",
            Some(Affected),
        ),
        (
            "CVE-2023-50821",
            "Siemens",
            "SIMATIC WinCC Runtime Professional V18",
            "V18 Update 3",
            Some(Affected),
        ),
        (
            "CVE-2023-50821",
            "Siemens",
            "SIMATIC WinCC Runtime Professional V18",
            "V18 Update 4",
            None,
        ),
        // QNAP: QTS 5.1.x below 5.1.7.2770 build 20240520.
        (
            "CVE-2024-27127",
            "QNAP Systems Inc.",
            "QTS",
            "5.1.3.2578",
            Some(Affected),
        ),
        (
            "CVE-2024-27127",
            "QNAP",
            "QTS",
            "5.1.7.2770 build 20240520",
            Some(Affected),
        ),
        ("CVE-2024-27127", "QNAP", "QTS", "5.2.0", Some(Affected)),
    ];
    for (id, vendor, product, version, expected) in cases {
        let asset = device(vendor, product, version);
        assert_eq!(verdict(&ix, &asset, id), *expected, "{id} {vendor} {product} {version}");
    }

    // CISA ADP CPE with CNA-style ranges, on a firmware CPE.
    let asset = AssetPlatform::from_cpes([Cpe::parse("cpe:2.3:o:juniper:junos_os:21.2r3-s6:*:*:*:*:*:*:*").unwrap()]);
    let found = match_asset(&ix, &asset);
    let m = found.iter().find(|m| ix.rule_id(m.rule) == "CVE-2024-39533").unwrap();
    assert_eq!(m.verdict, Verdict::Affected);
    assert!(matches!(m.evidence, MatchEvidence::Product { .. }));
    // The CNA's statement (by name) comes first; the ADP's (by CPE) agrees.
    let ex = ix.explain(m.rule, &asset);
    assert_eq!(ex.products.len(), 2);
    assert!(ex.products.iter().all(|f| f.verdict == Verdict::Affected));
    assert_eq!(
        m.display(&ix, &asset).to_string(),
        "operating system cpe:2.3:o:juniper:junos_os:21.2r3-s6:*:*:*:*:*:*:* version 21.2r3-s6 (by vendor and \
         product name) is affected by CVE-2024-39533: CVE 5 affected[0] (juniper) lists Juniper Networks Junos OS, \
         versions (-∞, 21.2R3-S7), as affected"
    );
    // Hitachi Energy's prose versions cannot be read: reported.
    assert!(problems.iter().any(|p| p.record == "CVE-2024-2461"), "{problems:?}");
}

/// A version inside the selector, when easy to name.
fn version_inside(sel: &VersionSel) -> Option<String> {
    let candidate = match sel {
        VersionSel::All => "1.0".to_owned(),
        VersionSel::Exact(v) => v.as_str().to_owned(),
        VersionSel::Range { start, end } => match (start, end) {
            (Some(Bound::Including(v)), _) => v.as_str().to_owned(),
            (Some(Bound::Excluding(v)), _) => format!("{}.1", v.as_str()),
            (Some(Bound::Prefix(p)), _) | (None, Some(Bound::Prefix(p))) => p.prefix().as_str().to_owned(),
            (None, Some(Bound::Including(v))) => v.as_str().to_owned(),
            (None, Some(Bound::Excluding(v))) => format!("{}-dev", v.as_str()),
            (None, None) => "1.0".to_owned(),
        },
        VersionSel::Vers(_) | VersionSel::Unreadable(_) => return None,
    };
    (sel.contains(&Version::parse(&candidate)) == Some(true)).then_some(candidate)
}

/// Every affected entry of every record at hand, given as an inventory
/// device with a version inside the entry (and, when the entry has CPEs,
/// as that CPE with the version), is found with the status the CVE 5
/// algorithm gives (first matching entry, else default).
#[test]
fn matching_cve5_all_records_self_consistent() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/cve5/vulnrichment-cve5-sample.shared.jsonl.gz");
    let mut sources = vec![fixture("records")];
    if shared.is_file() {
        sources.push(shared);
    } else {
        eprintln!("NOTE matching_cve5_all_records_self_consistent: shared CVE 5 sample not found; fixtures only");
    }
    let t = Instant::now();
    let mut problems = Vec::new();
    let mut rules = Vec::new();
    for s in &sources {
        rules.extend(rules_from(s, &mut problems));
    }
    let ix = RuleIndex::from_rules(&rules, AliasTable::default());
    let (mut entries, mut checked, mut agreed, mut by_cpe, mut skipped) = (0, 0, 0, 0, 0);
    let mut failures = Vec::new();
    for (r, rule) in rules.iter().enumerate() {
        for (k, p) in rule.products.iter().enumerate() {
            // At most ~50 entries per statement (Cisco lists thousands).
            let step = (p.versions.len() / 50).max(1);
            for entry in p.versions.iter().step_by(step) {
                entries += 1;
                let Some(version) = version_inside(&entry.selector) else {
                    skipped += 1;
                    continue;
                };
                let expected = p.status_of(Some(&Version::parse(&version)));
                let mut assets = Vec::new();
                if let (Some(vendor), Some(product)) = (&p.vendor, &p.product) {
                    assets.push(device(vendor, product, &version));
                }
                // The first CPE with a literal vendor and product, at the version.
                if let Some(c) = p.cpes.iter().find(|c| {
                    matches!(c.vendor(), rampart_core::cpe::Component::Value(_))
                        && matches!(c.product(), rampart_core::cpe::Component::Value(_))
                        && !c.has_wildcards()
                }) && let Ok(v) = rampart_core::cpe::Component::literal(&version)
                    && let Ok(c) = c.with(rampart_core::cpe::Attribute::Version, v)
                {
                    assets.push(AssetPlatform::from_cpes([c]));
                    by_cpe += 1;
                }
                for asset in assets {
                    checked += 1;
                    let ex = ix.explain(RuleId::from_index(r), &asset);
                    let got = ex.products.iter().find_map(|f| match f.evidence {
                        MatchEvidence::Product { product, status, .. } if product as usize == k => Some(status),
                        _ => None,
                    });
                    let relevant = expected.is_some_and(|s| s != Status::Unknown);
                    if !relevant || got == expected {
                        agreed += 1;
                    } else {
                        failures.push(format!(
                            "{} {} at {version}: expected {expected:?}, got {got:?}",
                            rule.id,
                            p.describe()
                        ));
                    }
                }
            }
        }
    }
    eprintln!(
        "[cve5] {} records, {} product statements, {entries} version entries, {} conversion problems, in {:.1} s\n\
         [cve5] (at most ~50 entries per statement) assets checked {checked} ({by_cpe} by CPE), agreeing {agreed}, entries without an easy version \
         {skipped}, failures {}",
        rules.len(),
        ix.stats().product_statements,
        problems.len(),
        t.elapsed().as_secs_f64(),
        failures.len()
    );
    for f in failures.iter().take(20) {
        eprintln!("[cve5] FAILURE {f}");
    }
    assert!(failures.is_empty());
    assert!(checked > 100);
}
