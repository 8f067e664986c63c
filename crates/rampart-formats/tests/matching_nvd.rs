#![allow(clippy::unwrap_used)]
//! The matching engine on NVD data: "every exact CPE named in an NVD
//! configuration, given as an asset (with the platform's CPE too where the
//! configuration is an AND), matches that CVE; versions just outside a range
//! do not".
//!
//! For every vulnerable criterion of every configuration a *witness* asset
//! is built: the criterion's CPE (a range criterion gets a version inside
//! its range), plus one CPE for every other part the configuration's AND
//! nodes require (the first alternative of each OR). The witness must match
//! the CVE, through the full index of every record. Then, for a range
//! criterion, each bound is crossed (`2.0` → `2.0-dev` below an including
//! start, `2.4` → `2.4.1` above an including end, an excluding bound
//! itself): the engine must agree with `applicability::is_vulnerable` on the
//! record, and the CVE must not match unless another criterion of the record
//! covers that version (counted and reported).
//!
//! Runs on the fixtures always, and on `../shared/data/nvd` when present
//! (every 10th record by default; all with `RAMPART_SLOW_TESTS=1`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use rampart_core::applicability::{self, CpeMatch, Node, Operator};
use rampart_core::cpe::{Attribute, Component, Cpe};
use rampart_core::matching::{AssetCpe, AssetPlatform, MatchEvidence, Matcher, RuleIndex, Verdict, VulnRule};
use rampart_core::normalize::AliasTable;
use rampart_core::version::Version;
use rampart_formats::feed::VulnRecord;
use rampart_formats::feed::to_core::{self, ConversionProblem};
use rampart_formats::nvd;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/feeds")
        .join(rel)
}

fn shared_nvd() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/nvd");
    p.is_dir().then_some(p)
}

/// Counts of the property run.
#[derive(Debug, Default)]
struct Report {
    records: usize,
    configurations: usize,
    criteria: usize,
    vulnerable_criteria: usize,
    witnesses: usize,
    witnesses_matched: usize,
    /// Vulnerable criteria with a wildcard or ANY vendor/product or other
    /// wildcard attribute: no exact CPE to build.
    skipped_wildcard: usize,
    /// Range criteria whose bounds admit no version we can construct.
    skipped_empty_range: usize,
    /// Configurations where a required part (an AND child) cannot be built.
    skipped_unbuildable: usize,
    /// Criteria under a negated node (a vulnerable criterion there cannot
    /// make the configuration apply).
    skipped_negated: usize,
    outside_checked: usize,
    outside_rejected: usize,
    /// Outside versions that still match, because another criterion of the
    /// record covers them (overlapping ranges, listed versions).
    outside_covered_elsewhere: usize,
    conversion_problems: usize,
    covered_examples: Vec<String>,
    failures: Vec<String>,
}

impl Report {
    fn print(&self, label: &str, elapsed: f64) {
        eprintln!(
            "[{label}] {} records, {} configurations, {} criteria ({} vulnerable) in {elapsed:.1} s\n\
             [{label}] witnesses built {}, matched {} ({} failures)\n\
             [{label}] skipped: {} wildcard names, {} empty ranges, {} unbuildable parts, {} under negation\n\
             [{label}] outside-range versions checked {}, rejected {}, still matched via another criterion {}\n\
             [{label}] conversion problems {}",
            self.records,
            self.configurations,
            self.criteria,
            self.vulnerable_criteria,
            self.witnesses,
            self.witnesses_matched,
            self.failures.len(),
            self.skipped_wildcard,
            self.skipped_empty_range,
            self.skipped_unbuildable,
            self.skipped_negated,
            self.outside_checked,
            self.outside_rejected,
            self.outside_covered_elsewhere,
            self.conversion_problems,
        );
        for e in self.covered_examples.iter().take(5) {
            eprintln!("[{label}] covered elsewhere, e.g. {e}");
        }
        for f in self.failures.iter().take(20) {
            eprintln!("[{label}] FAILURE {f}");
        }
    }
}

/// A version inside the criterion's range, if one of the obvious choices
/// is (a bound itself, just above an excluded start, just below an excluded
/// end, `0`).
fn inside_version(m: &CpeMatch) -> Option<String> {
    let s = |v: &Option<Version>| v.as_ref().map(|v| v.as_str().to_owned());
    let candidates = [
        s(&m.version_start_including),
        s(&m.version_end_including),
        s(&m.version_start_excluding).map(|v| format!("{v}.1")),
        s(&m.version_end_excluding).map(|v| format!("{v}-dev")),
        Some("0".to_owned()),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|v| m.contains_version(&Version::parse(v)) && Component::literal(v).is_ok())
}

/// Versions just outside each bound of the range.
fn outside_versions(m: &CpeMatch) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(v) = &m.version_start_including {
        out.push(format!("{}-dev", v.as_str()));
    }
    if let Some(v) = &m.version_start_excluding {
        out.push(v.as_str().to_owned());
    }
    if let Some(v) = &m.version_end_including {
        out.push(format!("{}.1", v.as_str()));
    }
    if let Some(v) = &m.version_end_excluding {
        out.push(v.as_str().to_owned());
    }
    out.retain(|v| Component::literal(v).is_ok());
    out
}

/// An exact CPE satisfying the criterion, with `version` for a range
/// criterion. `None` when a name attribute is not a literal.
fn realize(m: &CpeMatch, version: Option<&str>) -> Option<Cpe> {
    let c = &m.criteria;
    let literal = |a: Attribute| matches!(c.get(a), Component::Value(v) if !v.has_wildcards());
    if !literal(Attribute::Vendor) || !literal(Attribute::Product) || c.has_wildcards() && version.is_none() {
        return None;
    }
    let mut out = c.clone();
    if m.has_version_range() {
        out = out.with(Attribute::Version, Component::literal(version?).ok()?).ok()?;
    }
    // Other wildcard attributes cannot be made exact.
    (!out.has_wildcards()).then_some(out)
}

/// The CPE for one criterion of a witness (its own inside version).
fn realize_default(m: &CpeMatch) -> Option<Cpe> {
    if m.has_version_range() {
        realize(m, Some(&inside_version(m)?))
    } else {
        realize(m, None)
    }
}

/// CPEs that satisfy a node (`op`, `negate`, `matches`, `children`) with
/// `target` (a criterion of the node, by address) among them; for an OR not
/// containing the target, the first buildable alternative. `None` when a
/// required part cannot be built.
fn witness(
    op: Operator,
    negate: bool,
    matches: &[CpeMatch],
    children: &[Node],
    target: &CpeMatch,
    target_cpe: &Cpe,
    out: &mut Vec<Cpe>,
) -> Option<()> {
    if negate {
        // Contribute nothing: the negated part must stay unsatisfied.
        return Some(());
    }
    fn contains(n: &Node, t: &CpeMatch) -> bool {
        n.matches.iter().any(|m| std::ptr::eq(m, t)) || n.children.iter().any(|c| contains(c, t))
    }
    let sub =
        |c: &Node, out: &mut Vec<Cpe>| witness(c.operator, c.negate, &c.matches, &c.children, target, target_cpe, out);
    match op {
        Operator::And => {
            for m in matches {
                if std::ptr::eq(m, target) {
                    out.push(target_cpe.clone());
                } else {
                    out.push(realize_default(m)?);
                }
            }
            for c in children {
                sub(c, out)?;
            }
            Some(())
        }
        Operator::Or => {
            if matches.iter().any(|m| std::ptr::eq(m, target)) {
                out.push(target_cpe.clone());
                return Some(());
            }
            if let Some(c) = children.iter().find(|c| contains(c, target)) {
                return sub(c, out);
            }
            for m in matches {
                if let Some(c) = realize_default(m) {
                    out.push(c);
                    return Some(());
                }
            }
            for c in children {
                let before = out.len();
                if sub(c, out).is_some() {
                    return Some(());
                }
                out.truncate(before);
            }
            None
        }
    }
}

/// Vulnerable criteria of a configuration with whether they sit under a
/// negated node.
fn vulnerable_criteria<'a>(nodes: &'a [Node], negated: bool, out: &mut Vec<(&'a CpeMatch, bool)>) {
    for n in nodes {
        let neg = negated || n.negate;
        out.extend(n.matches.iter().filter(|m| m.vulnerable).map(|m| (m, neg)));
        vulnerable_criteria(&n.children, neg, out);
    }
}

fn count_criteria(nodes: &[Node]) -> usize {
    nodes
        .iter()
        .map(|n| n.matches.len() + count_criteria(&n.children))
        .sum()
}

fn platform(cpes: Vec<Cpe>) -> AssetPlatform {
    AssetPlatform {
        cpes: cpes.into_iter().map(|c| Arc::new(AssetCpe::new(c))).collect(),
        ..AssetPlatform::default()
    }
}

fn affected(m: &mut Matcher<'_>, asset: &AssetPlatform, rule: usize) -> Option<MatchEvidence> {
    m.match_asset(asset)
        .iter()
        .find(|x| x.rule.index() == rule && x.verdict == Verdict::Affected)
        .map(|x| x.evidence)
}

/// Runs the property over `rules` (checking every `step`-th).
fn check_property(rules: &[VulnRule], step: usize, report: &mut Report) {
    let ix = RuleIndex::from_rules(rules, AliasTable::default());
    let mut m = ix.matcher();
    for (r, rule) in rules.iter().enumerate() {
        if r % step != 0 {
            continue;
        }
        report.records += 1;
        for (ci, config) in rule.configurations.iter().enumerate() {
            report.configurations += 1;
            report.criteria += count_criteria(&config.nodes);
            let mut vulnerable = Vec::new();
            vulnerable_criteria(&config.nodes, config.negate, &mut vulnerable);
            report.vulnerable_criteria += vulnerable.len();
            for (c, negated) in vulnerable {
                if negated {
                    report.skipped_negated += 1;
                    continue;
                }
                let inside = if c.has_version_range() {
                    match inside_version(c) {
                        Some(v) => Some(v),
                        None => {
                            report.skipped_empty_range += 1;
                            continue;
                        }
                    }
                } else {
                    None
                };
                let Some(target_cpe) = realize(c, inside.as_deref()) else {
                    report.skipped_wildcard += 1;
                    continue;
                };
                let build = |target: &Cpe| -> Option<Vec<Cpe>> {
                    let mut cpes = Vec::new();
                    witness(config.operator, false, &[], &config.nodes, c, target, &mut cpes)?;
                    Some(cpes)
                };
                let Some(cpes) = build(&target_cpe) else {
                    report.skipped_unbuildable += 1;
                    continue;
                };
                report.witnesses += 1;
                let asset = platform(cpes.clone());
                if affected(&mut m, &asset, r).is_some() {
                    report.witnesses_matched += 1;
                } else {
                    report.failures.push(format!(
                        "{} configuration {}: witness {:?} does not match",
                        rule.id,
                        ci + 1,
                        cpes.iter().map(ToString::to_string).collect::<Vec<_>>()
                    ));
                }
                if !c.has_version_range() {
                    continue;
                }
                for outside in outside_versions(c) {
                    let Some(out_cpe) = realize(c, Some(&outside)) else {
                        continue;
                    };
                    assert!(!c.matches(&out_cpe), "{}: {outside} is not outside {c:?}", rule.id);
                    let Some(cpes) = build(&out_cpe) else { continue };
                    let asset = platform(cpes.clone());
                    report.outside_checked += 1;
                    let expected = applicability::is_vulnerable(&rule.configurations, &asset.applicability_platform());
                    let got = affected(&mut m, &asset, r).is_some();
                    if got != expected {
                        report.failures.push(format!(
                            "{} configuration {}: engine {got} but applicability {expected} for {:?}",
                            rule.id,
                            ci + 1,
                            cpes.iter().map(ToString::to_string).collect::<Vec<_>>()
                        ));
                    } else if got {
                        report.outside_covered_elsewhere += 1;
                        if report.covered_examples.len() < 5 {
                            let by = affected(&mut m, &asset, r).and_then(|e| match e {
                                MatchEvidence::Configuration { criterion, .. } => ix.criterion(criterion),
                                MatchEvidence::Product { .. } => None,
                            });
                            report.covered_examples.push(format!(
                                "{}: {} outside {} but matched by {}{}",
                                rule.id,
                                outside,
                                c.version_range(),
                                by.as_ref().map(|b| b.criteria.to_string()).unwrap_or_default(),
                                by.as_ref()
                                    .filter(|b| b.has_version_range())
                                    .map(|b| format!(" {}", b.version_range()))
                                    .unwrap_or_default()
                            ));
                        }
                    } else {
                        report.outside_rejected += 1;
                    }
                }
            }
        }
    }
}

fn rules_of(records: impl IntoIterator<Item = VulnRecord>, problems: &mut Vec<ConversionProblem>) -> Vec<VulnRule> {
    // Later files win (the modified/recent feeds update the yearly ones).
    let mut by_id: BTreeMap<String, VulnRule> = BTreeMap::new();
    for rec in records {
        let rule = to_core::vuln_rule(&rec, problems);
        by_id.insert(rule.id.clone(), rule);
    }
    by_id.into_values().collect()
}

#[test]
fn matching_nvd_fixture_configurations() {
    let mut problems = Vec::new();
    let mut records = nvd::read_feed_file(&fixture("nvd/nvdcve-1.1-sample.json"))
        .unwrap()
        .records;
    records.extend(
        nvd::read_feed_file(&fixture("nvd/nvd-api-2.0-sample.json"))
            .unwrap()
            .records,
    );
    let rules = rules_of(records, &mut problems);
    let mut report = Report {
        conversion_problems: problems.len(),
        ..Report::default()
    };
    let t = Instant::now();
    check_property(&rules, 1, &mut report);
    report.print("fixtures", t.elapsed().as_secs_f64());
    assert!(report.failures.is_empty());
    assert_eq!(report.records, 8);
    assert!(report.witnesses >= 10, "{report:?}");
    assert_eq!(report.witnesses, report.witnesses_matched);
    assert!(report.outside_rejected >= 4, "{report:?}");
    assert_eq!(report.skipped_negated, 0);
    assert!(problems.is_empty(), "{problems:?}");
}

/// The API 2.0 fixture by hand: firmware AND hardware, negated platform,
/// nested children, an unknown operator.
#[test]
fn matching_nvd_api20_by_hand() {
    let mut problems = Vec::new();
    let records = nvd::read_feed_file(&fixture("nvd/nvd-api-2.0-sample.json"))
        .unwrap()
        .records;
    let rules = rules_of(records, &mut problems);
    let ix = RuleIndex::from_rules(&rules, AliasTable::default());
    let ids = |cpes: &[&str]| -> Vec<String> {
        let asset = platform(cpes.iter().map(|s| Cpe::parse(s).unwrap()).collect());
        rampart_core::matching::match_asset(&ix, &asset)
            .iter()
            .filter(|m| m.verdict == Verdict::Affected)
            .map(|m| ix.rule_id(m.rule).to_owned())
            .collect()
    };
    let fw = "cpe:2.3:o:example-ics:plc_firmware:2.4.0:*:*:*:*:*:*:*";
    let hw = "cpe:2.3:h:example-ics:x100:-:*:*:*:*:*:*:*";
    assert_eq!(ids(&[fw, hw]), ["CVE-2099-0001"]);
    assert!(ids(&[fw]).is_empty());
    assert!(ids(&["cpe:2.3:o:example-ics:plc_firmware:2.4.1:*:*:*:*:*:*:*", hw]).is_empty());
    let suite = "cpe:2.3:a:example-ics:engineering_suite:5.2:*:*:*:*:*:*:*";
    assert_eq!(ids(&[suite]), ["CVE-2099-0001"]);
    assert_eq!(
        ids(&[suite, "cpe:2.3:o:microsoft:windows_10:1809:*:*:*:*:*:*:*"]),
        ["CVE-2099-0001"]
    );
    assert!(ids(&[suite, "cpe:2.3:o:microsoft:windows_10:1903:*:*:*:*:*:*:*"]).is_empty());
    let rtu = "cpe:2.3:o:example-ics:rtu_firmware:3.1:*:*:*:*:*:*:*";
    assert_eq!(
        ids(&[rtu, "cpe:2.3:h:example-ics:rtu_500:-:*:*:*:*:*:*:*"]),
        ["CVE-2099-0001"]
    );
    assert!(ids(&[rtu]).is_empty());
    assert_eq!(ids(&["cpe:2.3:a:example-ics:hmi:1.1:*:*:*:*:*:*:*"]), ["CVE-2099-0004"]);

    let asset = platform(vec![Cpe::parse(fw).unwrap(), Cpe::parse(hw).unwrap()]);
    let found = rampart_core::matching::match_asset(&ix, &asset);
    assert_eq!(
        found[0].display(&ix, &asset).to_string(),
        "firmware cpe:2.3:o:example-ics:plc_firmware:2.4.0:*:*:*:*:*:*:* version 2.4.0 is in [2.0, 2.4.1) of \
         CVE-2099-0001 configuration 1 (criterion cpe:2.3:o:example-ics:plc_firmware:*:*:*:*:*:*:*:*; AND with \
         hardware cpe:2.3:h:example-ics:x100:-:*:*:*:*:*:*:*)"
    );
}

#[test]
fn matching_nvd_unparseable_criteria_are_reported_and_never_match() {
    use rampart_formats::feed::{ConfigNode, Configuration, CpeMatchRaw, Operator as FeedOp};
    let raw = |criteria: &str, vulnerable: bool| CpeMatchRaw {
        criteria: criteria.to_owned(),
        vulnerable,
        version_start_including: None,
        version_start_excluding: None,
        version_end_including: None,
        version_end_excluding: None,
        match_criteria_id: None,
    };
    let node = |operator, negate, cpe_match| ConfigNode {
        operator,
        negate,
        children: Vec::new(),
        cpe_match,
    };
    let configs = vec![
        // AND of a good firmware and a broken hardware name: never applies.
        Configuration {
            operator: Some(FeedOp::And),
            negate: false,
            nodes: vec![
                node(
                    FeedOp::Or,
                    false,
                    vec![raw("cpe:2.3:o:acme:fw:1.0:*:*:*:*:*:*:*", true)],
                ),
                node(
                    FeedOp::Or,
                    false,
                    vec![raw("cpe:2.3:h:acme:box:1 0:*:*:*:*:*:*:*", false)],
                ),
            ],
        },
        // OR of a broken and a good criterion: the good one still matches.
        Configuration {
            operator: None,
            negate: false,
            nodes: vec![node(
                FeedOp::Or,
                false,
                vec![
                    raw("cpe:2.3:a:acme", true),
                    raw("cpe:2.3:a:acme:app:2.0:*:*:*:*:*:*:*", true),
                ],
            )],
        },
        // A broken criterion under negation: the configuration is dropped.
        Configuration {
            operator: Some(FeedOp::And),
            negate: false,
            nodes: vec![
                node(
                    FeedOp::Or,
                    false,
                    vec![raw("cpe:2.3:a:acme:tool:3.0:*:*:*:*:*:*:*", true)],
                ),
                node(FeedOp::Or, true, vec![raw("not a cpe", false)]),
            ],
        },
    ];
    let mut problems = Vec::new();
    let core = to_core::configurations("CVE-2099-9", &configs, &mut problems);
    assert_eq!(core.len(), 2);
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "configurations[0].nodes[1].cpe_match[0]",
            "configurations[1].nodes[0].cpe_match[0]",
            "configurations[2].nodes[1].cpe_match[0]",
            "configurations[2]"
        ]
    );
    assert!(
        problems[0]
            .to_string()
            .starts_with("CVE-2099-9 at configurations[0].nodes[1].cpe_match[0]")
    );
    assert_eq!(problems[1].text, "cpe:2.3:a:acme");
    let rp = problems[0].to_record_problem("f.json");
    assert!(rp.to_string().contains("warning"));
    let rule = VulnRule {
        configurations: core,
        ..VulnRule::new("CVE-2099-9")
    };
    let ix = RuleIndex::from_rules([&rule], AliasTable::default());
    let hit = |s: &str| !rampart_core::matching::match_asset(&ix, &platform(vec![Cpe::parse(s).unwrap()])).is_empty();
    assert!(!hit("cpe:2.3:o:acme:fw:1.0:*:*:*:*:*:*:*"));
    assert!(hit("cpe:2.3:a:acme:app:2.0:*:*:*:*:*:*:*"));
    assert!(!hit("cpe:2.3:a:acme:tool:3.0:*:*:*:*:*:*:*"));
}

#[test]
fn matching_nvd_all_real_data() {
    let Some(dir) = shared_nvd() else {
        eprintln!("SKIPPED matching_nvd_all_real_data: ../shared/data/nvd not found");
        return;
    };
    if std::env::var("RAMPART_SLOW_TESTS").is_ok_and(|v| v == "1") {
        run_all_real_data(&dir, 1);
    } else {
        eprintln!(
            "SKIPPED matching_nvd_all_real_data: reading and checking the shared NVD feeds takes minutes in a \
             debug build; set RAMPART_SLOW_TESTS=1 (RAMPART_NVD_STEP=n checks every n-th record)"
        );
    }
    if let Some(step) = std::env::var("RAMPART_NVD_STEP").ok().and_then(|s| s.parse().ok()) {
        run_all_real_data(&dir, step);
    }
}

fn run_all_real_data(dir: &Path, step: usize) {
    let slow = step == 1;
    let t = Instant::now();
    let mut files: Vec<PathBuf> = ["feeds-1.1", "subsets"]
        .iter()
        .filter_map(|d| std::fs::read_dir(dir.join(d)).ok())
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".json.gz"))
        .collect();
    // Yearly and subset feeds first, then modified and recent (newer).
    files.sort_by_key(|p| {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        (name.contains("modified") || name.contains("recent"), name)
    });
    let mut records = Vec::new();
    for f in &files {
        let report = nvd::read_feed_file(f).unwrap();
        assert_eq!(report.skipped, 0, "{}", f.display());
        records.extend(report.records);
    }
    let n_records = records.len();
    let mut problems = Vec::new();
    let rules = rules_of(records, &mut problems);
    eprintln!(
        "[nvd] {} files, {n_records} records, {} distinct CVEs, read and converted in {:.1} s{}",
        files.len(),
        rules.len(),
        t.elapsed().as_secs_f64(),
        if slow {
            String::new()
        } else {
            format!(" (checking every {step}th)")
        }
    );
    for p in problems.iter().take(10) {
        eprintln!("[nvd] conversion problem: {p}");
    }
    let mut report = Report {
        conversion_problems: problems.len(),
        ..Report::default()
    };
    let t = Instant::now();
    check_property(&rules, step, &mut report);
    report.print("nvd", t.elapsed().as_secs_f64());
    assert!(report.failures.is_empty(), "{} failures", report.failures.len());
    assert!(report.witnesses_matched > 1000 / step);
    assert!(report.outside_rejected > 100 / step);
}

/// The matcher reads stored records back as `ApplicabilityRecord`s (only
/// configurations and affected entries): the rule is the same as the whole
/// record's, for NVD 1.1, API 2.0 and CVE 5 records.
#[test]
fn matching_nvd_applicability_parts_give_the_same_rule() {
    let mut records = nvd::read_feed_file(&fixture("nvd/nvdcve-1.1-sample.json"))
        .unwrap()
        .records;
    records.extend(
        nvd::read_feed_file(&fixture("nvd/nvd-api-2.0-sample.json"))
            .unwrap()
            .records,
    );
    let cve5 = fixture("cve5/vulnrichment-sample.jsonl.gz");
    records.extend(rampart_formats::cve5::read_path(&cve5).unwrap().records);
    assert!(records.len() > 20);
    let mut with_products = 0;
    for r in &records {
        let text = serde_json::to_string(r).unwrap();
        let parts: rampart_formats::feed::ApplicabilityRecord = serde_json::from_str(&text).unwrap();
        let (mut p1, mut p2) = (Vec::new(), Vec::new());
        let whole = to_core::vuln_rule(r, &mut p1);
        assert_eq!(
            to_core::applicability_rule_of(&parts, &mut p2),
            whole,
            "{}",
            r.id.as_str()
        );
        assert_eq!(p1.len(), p2.len());
        with_products += usize::from(!whole.products.is_empty());
    }
    assert!(with_products > 0, "some CVE 5 records carry affected products");
}
