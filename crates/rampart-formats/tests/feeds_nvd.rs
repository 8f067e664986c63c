//! NVD JSON 1.1 feeds and NVD API 2.0 responses.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rampart_formats::cvss::{CvssVersion, Severity};
use rampart_formats::feed::{FeedError, FeedSource, MetricKind, Operator, ProblemLevel, RecordLocator};
use rampart_formats::nvd::{self, FeedMeta};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/feeds")
        .join(rel)
}

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(fixture(rel)).expect("fixture")
}

/// The shared data folder (`<repo>/../shared/data`), when present.
fn shared_data() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    p.is_dir().then_some(p)
}

#[test]
fn feeds_nvd11_sample() {
    let report = nvd::parse_feed(&read("nvd/nvdcve-1.1-sample.json"), "sample").unwrap();
    assert_eq!((report.total, report.skipped, report.records.len()), (6, 0, 6));
    assert!(report.problems.is_empty(), "{:?}", report.problems);

    let edge = &report.records[0];
    assert_eq!(edge.id.as_str(), "CVE-2017-0010");
    assert_eq!(edge.source, FeedSource::NvdJson11);
    assert_eq!(edge.cwes, ["NVD-CWE-noinfo"]);
    assert!(
        edge.description
            .as_deref()
            .unwrap()
            .contains("Microsoft scripting engines")
    );
    assert_eq!(edge.published.unwrap().to_string(), "2017-03-17 0:59:00.0 +00:00:00");
    let versions: Vec<_> = edge.cvss.iter().map(|m| m.version).collect();
    assert_eq!(versions, [CvssVersion::V3_0, CvssVersion::V2_0]);
    assert!(
        edge.cvss
            .iter()
            .all(|m| m.kind == MetricKind::Primary && m.source.as_deref() == Some("nvd@nist.gov"))
    );
    assert!(edge.cvss.iter().all(|m| m.computed_score == Some(m.base_score)));

    // AND of a vulnerable application and a non-vulnerable platform, as nested children.
    let conf = &edge.configurations[0];
    assert_eq!((conf.operator, conf.negate, conf.nodes.len()), (None, false, 1));
    let and = &conf.nodes[0];
    assert_eq!(
        (and.operator, and.children.len(), and.cpe_match.len()),
        (Operator::And, 2, 0)
    );
    assert!(and.children[0].cpe_match[0].vulnerable);
    assert!(!and.children[1].cpe_match[0].vulnerable);
    assert_eq!(
        and.children[1].cpe_match[0].criteria,
        "cpe:2.3:o:microsoft:windows_10:*:*:*:*:*:*:*:*"
    );

    let no_config = report
        .records
        .iter()
        .find(|r| r.id.as_str() == "CVE-2017-0605")
        .unwrap();
    assert!(no_config.configurations.is_empty());

    // A version range on a firmware, ANDed with its hardware (from the IoT/OT subset).
    let siemens = report
        .records
        .iter()
        .find(|r| r.id.as_str() == "CVE-2002-20001")
        .unwrap();
    let ranged: Vec<_> = siemens
        .configurations
        .iter()
        .flat_map(|c| &c.nodes)
        .flat_map(|n| n.cpe_match.iter().chain(n.children.iter().flat_map(|c| &c.cpe_match)))
        .filter(|m| m.version_end_including.is_some() || m.version_end_excluding.is_some())
        .collect();
    assert!(!ranged.is_empty());
    assert!(ranged.iter().all(|m| m.match_criteria_id.is_none()));
}

#[test]
fn feeds_nvd11_gzip_and_meta() {
    let plain = nvd::parse_feed(&read("nvd/nvdcve-1.1-sample.json"), "sample").unwrap();
    let gz = nvd::parse_feed(&read("nvd/nvdcve-1.1-sample.json.gz"), "sample").unwrap();
    assert_eq!(plain, gz);

    let meta_text = String::from_utf8(read("nvd/nvdcve-1.1-sample.meta")).unwrap();
    let meta = FeedMeta::parse(&meta_text, "sample.meta").unwrap();
    assert_eq!(meta.size, Some(read("nvd/nvdcve-1.1-sample.json").len() as u64));
    let verified = nvd::parse_feed_verified(&read("nvd/nvdcve-1.1-sample.json.gz"), "s.json.gz", &meta).unwrap();
    assert_eq!(verified, plain);
    // read_feed_file finds the sibling .meta.
    assert_eq!(
        nvd::read_feed_file(&fixture("nvd/nvdcve-1.1-sample.json.gz")).unwrap(),
        plain
    );

    // One byte changed (same size): sha256 mismatch, naming the file.
    let mut tampered = read("nvd/nvdcve-1.1-sample.json");
    let pos = tampered.iter().position(|&b| b == b'7').unwrap();
    tampered[pos] = b'8';
    let err = nvd::parse_feed_verified(&tampered, "nvdcve-1.1-sample.json", &meta).unwrap_err();
    assert!(
        matches!(err, FeedError::IntegrityMismatch { check: "sha256", .. }),
        "{err}"
    );
    assert!(
        err.to_string()
            .starts_with("nvdcve-1.1-sample.json: sha256 mismatch: expected "),
        "{err}"
    );
    // Size mismatch is reported first.
    let err = nvd::parse_feed_verified(b"{\"CVE_Items\":[]}", "x.json", &meta).unwrap_err();
    assert!(
        matches!(err, FeedError::IntegrityMismatch { check: "size", .. }),
        "{err}"
    );

    for bad in [
        "",
        "size:abc",
        "sha256:XYZ",
        "lastModifiedDate:yesterday\nsize:1",
        "nonsense",
    ] {
        assert!(FeedMeta::parse(bad, "bad.meta").is_err(), "{bad:?}");
    }
}

#[test]
fn feeds_nvd20_sample() {
    let report = nvd::parse_feed(&read("nvd/nvd-api-2.0-sample.json"), "nvd2.json").unwrap();
    assert_eq!(
        (
            report.total,
            report.records.len(),
            report.rejected.len(),
            report.skipped
        ),
        (4, 2, 1, 1)
    );
    println!("{}", report.summary());
    for p in &report.problems {
        println!("{p}");
    }

    let r = &report.records[0];
    assert_eq!((r.id.as_str(), r.source), ("CVE-2099-0001", FeedSource::NvdApi20));
    assert!(r.description.as_deref().unwrap().starts_with("Authentication bypass"));
    assert_eq!(r.cwes, ["CWE-287", "CWE-306"]);
    let metrics: Vec<_> = r
        .cvss
        .iter()
        .map(|m| (m.version, m.base_score, m.base_severity, m.kind, m.source.as_deref()))
        .collect();
    assert_eq!(
        metrics,
        [
            (
                CvssVersion::V4_0,
                9.3,
                Some(Severity::Critical),
                MetricKind::Secondary,
                Some("psirt@example-ics.test")
            ),
            (
                CvssVersion::V3_1,
                9.8,
                Some(Severity::Critical),
                MetricKind::Primary,
                Some("nvd@nist.gov")
            ),
            (
                CvssVersion::V2_0,
                7.5,
                Some(Severity::High),
                MetricKind::Primary,
                Some("nvd@nist.gov")
            ),
        ]
    );
    let kev = r.kev.as_ref().unwrap();
    assert_eq!(kev.date_added.unwrap().to_string(), "2099-01-20");
    assert_eq!(kev.due_date.unwrap().to_string(), "2099-02-10");

    assert_eq!(r.configurations.len(), 3);
    // Firmware AND hardware.
    let fw = &r.configurations[0];
    assert_eq!((fw.operator, fw.nodes.len()), (Some(Operator::And), 2));
    let m = &fw.nodes[0].cpe_match[0];
    assert_eq!(
        (
            m.version_start_including.as_deref(),
            m.version_end_excluding.as_deref(),
            m.vulnerable
        ),
        (Some("2.0"), Some("2.4.1"), true)
    );
    assert_eq!(
        m.match_criteria_id.as_deref(),
        Some("6F1B5C2E-0D3A-4C8B-9E11-2B7A5D4C3E01")
    );
    assert!(!fw.nodes[1].cpe_match[0].vulnerable);
    // Negated platform node.
    let neg = &r.configurations[1];
    assert!(!neg.nodes[0].negate && neg.nodes[1].negate);
    assert_eq!(
        neg.nodes[1].cpe_match[0].version_start_excluding.as_deref(),
        Some("1809")
    );
    // Nested children tolerated in 2.0.
    let nested = &r.configurations[2];
    assert_eq!(
        (
            nested.operator,
            nested.nodes[0].operator,
            nested.nodes[0].children.len()
        ),
        (None, Operator::And, 2)
    );

    let rej = &report.rejected[0];
    assert_eq!(rej.id.as_str(), "CVE-2099-0002");
    assert!(rej.reason.as_deref().unwrap().contains("duplicate"));

    // Record #2 has no id: skipped, with index and JSON path.
    let skipped: Vec<_> = report
        .problems
        .iter()
        .filter(|p| p.level == ProblemLevel::Skipped)
        .collect();
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0].record, RecordLocator::Index(2));
    assert_eq!(skipped[0].path.as_deref(), Some("cve"));
    assert!(
        skipped[0].message.contains("missing field `id`"),
        "{}",
        skipped[0].message
    );

    // Record #3: kept, with warnings for the bad timestamp, bad vector and unknown operator.
    let hmi = &report.records[1];
    assert_eq!(hmi.id.as_str(), "CVE-2099-0004");
    assert!(hmi.last_modified.is_none());
    assert_eq!(hmi.cvss.len(), 1);
    assert_eq!(hmi.configurations.len(), 1);
    let warnings: Vec<_> = report
        .problems
        .iter()
        .filter(|p| p.record == RecordLocator::IndexAndId(3, "CVE-2099-0004".into()))
        .map(|p| p.path.clone().unwrap())
        .collect();
    assert_eq!(
        warnings,
        [
            "cve.lastModified",
            "cve.metrics.cvssMetricV31[0]",
            "cve.configurations[0].nodes[0].operator"
        ]
    );
}

#[test]
fn feeds_nvd_document_errors() {
    let check = |input: &[u8], expect: &str| {
        let err = nvd::parse_feed(input, "in.json").unwrap_err().to_string();
        assert!(err.contains(expect), "{err}");
    };
    check(b"{\"foo\": 1}", "not an NVD document");
    check(b"[1,2]", "in.json: document at [0]");
    check(b"{\"CVE_Items\": [1,", "EOF while parsing");
    check(b"{\"CVE_Items\": [], \"vulnerabilities\": []}", "both");
    check(&[0x1f, 0x8b, 0, 1, 2], "bad gzip data");
    // A record that is not an object is skipped, not fatal.
    let r = nvd::parse_feed(b"{\"CVE_Items\": [42, {\"cve\": {}}]}", "x").unwrap();
    assert_eq!((r.total, r.skipped, r.problems.len()), (2, 2, 2));
}

#[test]
fn feeds_nvd_streaming_matches_collecting() {
    let bytes = read("nvd/nvdcve-1.1-sample.json.gz");
    let mut ids = Vec::new();
    let report = nvd::for_each_record(&bytes, "s", |r| ids.push(r.id.to_string())).unwrap();
    assert!(report.records.is_empty());
    assert_eq!(ids.len(), 6);
}

/// All NVD 1.1 feeds in the shared data, with their `.meta` checks; prints the parse rate.
#[test]
fn feeds_nvd_all_real_data() {
    let Some(data) = shared_data() else {
        println!("SKIP feeds_nvd_all_real_data: shared data folder not present");
        return;
    };
    let mut files: Vec<_> = std::fs::read_dir(data.join("nvd/feeds-1.1"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".json.gz"))
        .collect();
    files.push(data.join("nvd/subsets/nvdcve-1.1-iot-ot-vendors-2002-2014.shared.json.gz"));
    files.sort();
    // Where the time goes, on the largest feed.
    let gz = std::fs::read(data.join("nvd/feeds-1.1/nvdcve-1.1-2017.json.gz")).unwrap();
    let t = Instant::now();
    let mut json = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::MultiGzDecoder::new(&gz[..]), &mut json).unwrap();
    let t_gunzip = t.elapsed().as_secs_f64();
    let meta = FeedMeta::parse(
        &std::fs::read_to_string(data.join("nvd/feeds-1.1/nvdcve-1.1-2017.meta")).unwrap(),
        "2017.meta",
    )
    .unwrap();
    let t = Instant::now();
    meta.verify(&json, "2017").unwrap();
    let t_sha = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let mut n = 0;
    nvd::for_each_record(&json, "2017", |_| n += 1).unwrap();
    let t_parse = t.elapsed().as_secs_f64();
    println!(
        "nvdcve-1.1-2017 ({} MB JSON): gunzip {t_gunzip:.3}s, sha256 {t_sha:.3}s, parse+convert {t_parse:.3}s = {:.0} records/s parse only",
        json.len() / 1_000_000,
        n as f64 / t_parse
    );
    for f in files {
        let start = Instant::now();
        let report = nvd::read_feed_file(&f).unwrap();
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{}: {} in {:.3}s = {:.0} records/s (gunzip + sha256 + parse)",
            f.file_name().unwrap().to_string_lossy(),
            report.summary(),
            secs,
            report.total as f64 / secs
        );
        assert_eq!(report.skipped, 0, "{:?}", report.problems.first());
        let ranged = report
            .records
            .iter()
            .filter(|r| {
                r.configurations
                    .iter()
                    .flat_map(|c| &c.nodes)
                    .any(|n| !n.children.is_empty())
            })
            .count();
        println!("  records with nested (AND) configurations: {ranged}");
        for p in report.problems.iter().take(3) {
            println!("  {p}");
        }
    }
    std::io::stdout().flush().unwrap();
}
