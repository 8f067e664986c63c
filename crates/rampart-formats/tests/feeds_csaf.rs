//! CSAF 2.0 advisories: CISA ICS advisories, provider mirror, OASIS examples and conformance
//! test vectors.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rampart_formats::csaf::{self, IMPLEMENTED_TESTS};
use rampart_formats::feed::{FeedError, ProblemLevel, VersionStatus};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/feeds")
        .join(rel)
}

fn shared_data() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    p.is_dir().then_some(p)
}

#[test]
fn feeds_csaf_cisa_advisory() {
    let path = fixture("csaf/cisa/2024/icsma-24-151-02.json");
    let bytes = std::fs::read(&path).unwrap();
    let (a, problems) = csaf::parse_and_check(&bytes, "icsma-24-151-02.json").unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(a.document.category, "csaf_security_advisory");
    assert_eq!(a.document.tracking.id, "ICSMA-24-151-02");
    assert_eq!(a.document.publisher.name, "CISA");
    assert!(a.document.tlp.is_some());
    assert!(!a.products.is_empty());
    let p = a.products.values().next().unwrap();
    assert!(
        p.vendor.is_some() && p.product.is_some() && (p.version.is_some() || p.version_range.is_some()),
        "{p:?}"
    );
    let recs = a.to_vuln_records();
    assert_eq!(recs.len(), a.vulnerabilities.len());
    let r = &recs[0];
    assert!(!r.cvss.is_empty() && r.cvss.iter().all(|m| m.computed_score == Some(m.base_score)));
    assert!(
        r.affected
            .iter()
            .all(|x| x.versions[0].status == VersionStatus::Affected && x.vendor.is_some())
    );
    let sha = std::fs::read_to_string(fixture("csaf/cisa/2024/icsma-24-151-02.json.sha512")).unwrap();
    csaf::verify_sha512(&bytes, &sha, "icsma-24-151-02.json").unwrap();
}

#[test]
fn feeds_csaf_provider_mirror_and_sha512_mismatch() {
    let report = csaf::read_provider_mirror(&fixture("csaf/cisa")).unwrap();
    assert_eq!((report.total, report.advisories.len(), report.skipped), (4, 4, 0));
    assert_eq!((report.listed_in_feeds, report.not_mirrored), (6, 2));
    assert!(
        report
            .advisories
            .iter()
            .all(|a| a.sha512_verified && a.problems.is_empty())
    );
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);

    let plain = csaf::read_dir(&fixture("csaf/cisa")).unwrap();
    assert_eq!(plain.advisories.len(), 4);

    // Tamper with one advisory: its .sha512 no longer matches; the error names the file.
    let dir = tempfile::tempdir().unwrap();
    for name in ["icsa-17-038-01.json", "icsa-17-038-01.json.sha512"] {
        std::fs::copy(fixture("csaf/cisa/2017").join(name), dir.path().join(name)).unwrap();
    }
    let target = dir.path().join("icsa-17-038-01.json");
    let mut bytes = std::fs::read(&target).unwrap();
    bytes.push(b'\n');
    std::fs::write(&target, &bytes).unwrap();
    let report = csaf::read_dir(dir.path()).unwrap();
    assert_eq!((report.total, report.skipped), (1, 1));
    let msg = &report.problems[0].message;
    assert!(msg.contains("icsa-17-038-01.json: sha512 mismatch"), "{msg}");
    let sha = std::fs::read_to_string(dir.path().join("icsa-17-038-01.json.sha512")).unwrap();
    let err = csaf::verify_sha512(&bytes, &sha, "icsa-17-038-01.json").unwrap_err();
    assert!(matches!(err, FeedError::IntegrityMismatch { check: "sha512", .. }));
}

#[test]
fn feeds_csaf_required_fields_name_the_path() {
    let doc = std::fs::read_to_string(fixture("csaf/cisa/2017/icsa-17-038-01.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&doc).unwrap();
    v["document"]["tracking"].as_object_mut().unwrap().remove("id");
    let err = csaf::parse(v.to_string().as_bytes(), "a.json").unwrap_err();
    match &err {
        FeedError::Json { path, message, .. } => {
            assert_eq!(path, "document.tracking");
            assert!(message.contains("missing field `id`"), "{message}");
        }
        other => panic!("{other}"),
    }
    let mut v: serde_json::Value = serde_json::from_str(&doc).unwrap();
    v["document"]["category"] = serde_json::json!(7);
    let err = csaf::parse(v.to_string().as_bytes(), "a.json").unwrap_err().to_string();
    assert!(err.contains("document.category"), "{err}");
    let mut v: serde_json::Value = serde_json::from_str(&doc).unwrap();
    v["document"]["csaf_version"] = serde_json::json!("2.1");
    let err = csaf::parse(v.to_string().as_bytes(), "a.json").unwrap_err().to_string();
    assert_eq!(err, "a.json: document.csaf_version: expected \"2.0\", got \"2.1\"");
}

#[test]
fn feeds_csaf_oasis_examples() {
    let mut files = Vec::new();
    collect(&fixture("csaf/oasis/examples/csaf"), &mut files);
    assert_eq!(files.len(), 19);
    let mut relationships = 0;
    let mut flags = 0;
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let (a, problems) = csaf::parse_and_check(&bytes, &f.display().to_string()).unwrap_or_else(|e| panic!("{e}"));
        for p in &problems {
            println!("{}: {p}", f.file_name().unwrap().to_string_lossy());
        }
        relationships += a.products.values().filter(|p| p.relationship.is_some()).count();
        flags += a.vulnerabilities.iter().map(|v| v.flags.len()).sum::<usize>();
        let _ = a.to_vuln_records();
    }
    assert!(relationships > 0 && flags > 0);

    // A relationship product inherits the component's identity.
    let bytes = std::fs::read(fixture("csaf/oasis/examples/csaf/rhsa-2021_5186.json")).unwrap();
    let (a, _) = csaf::parse(&bytes, "rhsa").unwrap();
    let (id, p) = a.products.iter().find(|(_, p)| p.relationship.is_some()).unwrap();
    let rel = p.relationship.as_ref().unwrap();
    assert!(
        a.products.contains_key(&rel.component) && a.products.contains_key(&rel.platform),
        "{id}"
    );
    assert_eq!(p.purls, a.products[&rel.component].purls);
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("fixture directory") {
        let p = e.expect("directory entry").path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
    out.sort();
}

/// Runs the OASIS CSAF 2.0 conformance vectors (`testcases.json`): every valid vector must
/// parse and pass the test it is for; for invalid vectors, reports which we reject (parse
/// error or a failure of that very test).
#[test]
fn feeds_csaf_oasis_conformance() {
    let base = fixture("csaf/oasis/test/validator/data");
    let cases: serde_json::Value =
        serde_json::from_slice(&std::fs::read(base.join("testcases.json")).unwrap()).unwrap();
    let implemented: Vec<&str> = IMPLEMENTED_TESTS.iter().map(|(id, _)| *id).collect();
    let mut rows: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let (mut valid_total, mut invalid_total, mut invalid_caught, mut invalid_caught_impl, mut invalid_impl) =
        (0, 0, 0, 0, 0);
    for t in cases["tests"].as_array().unwrap() {
        let id = t["id"].as_str().unwrap();
        for v in t["valid"].as_array().into_iter().flatten() {
            let name = v["name"].as_str().unwrap();
            let bytes = std::fs::read(base.join(name)).unwrap();
            let (_, problems) = csaf::parse_and_check(&bytes, name).unwrap_or_else(|e| panic!("valid vector: {e}"));
            let own: Vec<_> = problems.iter().filter(|p| p.test == Some(id)).collect();
            assert!(own.is_empty(), "valid vector {name} fails {id}: {own:?}");
            valid_total += 1;
        }
        for f in t["failures"].as_array().into_iter().flatten() {
            let name = f["name"].as_str().unwrap();
            let bytes = std::fs::read(base.join(name)).unwrap();
            let caught = match csaf::parse_and_check(&bytes, name) {
                Err(_) => true,
                Ok((_, problems)) => problems.iter().any(|p| p.test == Some(id)),
            };
            let row = rows.entry(id.to_owned()).or_default();
            row.0 += 1;
            if caught {
                row.1 += 1;
                invalid_caught += 1;
            }
            if implemented.contains(&id) {
                row.2 = 1;
                invalid_impl += 1;
                if caught {
                    invalid_caught_impl += 1;
                }
            }
            invalid_total += 1;
        }
    }
    println!("OASIS CSAF 2.0 conformance: {valid_total} valid vectors parse and pass their test");
    println!(
        "invalid vectors rejected: {invalid_caught}/{invalid_total} overall; {invalid_caught_impl}/{invalid_impl} for the tests we implement"
    );
    for (id, (n, caught, implemented)) in &rows {
        let mark = if *implemented == 1 {
            "implemented"
        } else {
            "not implemented"
        };
        println!("  {id:<9} {caught}/{n} rejected ({mark})");
    }
    // Every invalid vector of a test we implement is caught.
    assert_eq!(invalid_caught_impl, invalid_impl);
}

#[test]
fn feeds_csaf_all_real_data() {
    let Some(data) = shared_data() else {
        println!("SKIP feeds_csaf_all_real_data: shared data folder not present");
        return;
    };
    let start = Instant::now();
    let report = csaf::read_provider_mirror(&data.join("csaf/cisa-ics")).unwrap();
    let secs = start.elapsed().as_secs_f64();
    println!(
        "CISA ICS mirror: {} advisories read ({} skipped), {} listed in the ROLIE feed, {} not mirrored, in {secs:.3}s = {:.0} advisories/s (read + sha512 + parse + checks)",
        report.advisories.len(),
        report.skipped,
        report.listed_in_feeds,
        report.not_mirrored,
        report.advisories.len() as f64 / secs
    );
    let mut by_test: BTreeMap<String, usize> = BTreeMap::new();
    for a in &report.advisories {
        for p in &a.problems {
            *by_test.entry(p.test.unwrap_or("parse").to_owned()).or_default() += 1;
        }
    }
    println!("problems in the real advisories by test: {by_test:?}");
    for a in report
        .advisories
        .iter()
        .flat_map(|a| a.problems.iter().map(move |p| (&a.file, p)))
        .take(8)
    {
        println!("  {}: {}", a.0, a.1);
    }
    assert_eq!((report.advisories.len(), report.skipped), (595, 0));
    assert!(report.advisories.iter().all(|a| a.sha512_verified));
    assert!(report.problems.iter().all(|p| p.level == ProblemLevel::Warning));
    let records: usize = report
        .advisories
        .iter()
        .map(|a| a.advisory.to_vuln_records().len())
        .sum();
    println!("vulnerability records with a CVE: {records}");
}
