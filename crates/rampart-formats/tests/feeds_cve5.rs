//! CVE JSON 5 records, directories and JSON lines.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rampart_formats::cve5;
use rampart_formats::cvss::CvssVersion;
use rampart_formats::feed::{
    FeedError, MetricKind, ProblemLevel, RecordLocator, SsvcExploitation, SsvcTechnicalImpact, VersionStatus,
};

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
fn feeds_cve5_kev_ssvc_record() {
    let path = fixture("cve5/records/2023/20xxx/CVE-2023-20273.json");
    let report = cve5::parse_record(&std::fs::read(&path).unwrap(), "CVE-2023-20273.json").unwrap();
    assert_eq!((report.total, report.records.len()), (1, 1));
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let r = &report.records[0];
    assert_eq!(r.id.as_str(), "CVE-2023-20273");
    assert_eq!(r.assigner.as_deref(), Some("cisco"));
    let ssvc = r.ssvc.as_ref().unwrap();
    assert_eq!(
        (ssvc.exploitation, ssvc.automatable, ssvc.technical_impact),
        (
            Some(SsvcExploitation::Active),
            Some(false),
            Some(SsvcTechnicalImpact::Total)
        )
    );
    assert_eq!(ssvc.version.as_deref(), Some("2.0.3"));
    let kev = r.kev.as_ref().unwrap();
    assert_eq!(kev.date_added.unwrap().to_string(), "2023-10-23");
    assert!(kev.reference.as_deref().unwrap().contains("CVE-2023-20273"));
    assert_eq!(r.cvss.len(), 1);
    assert_eq!(
        (r.cvss[0].version, r.cvss[0].base_score, r.cvss[0].kind),
        (CvssVersion::V3_1, 7.2, MetricKind::Primary)
    );
    let cisco = &r.affected[0];
    assert_eq!(
        (cisco.vendor.as_deref(), cisco.product.as_deref()),
        (Some("Cisco"), Some("Cisco IOS XE Software"))
    );
    assert!(cisco.versions.iter().all(|v| v.status == VersionStatus::Affected));
}

#[test]
fn feeds_cve5_ranges_adp_cpes_v4() {
    let path = fixture("cve5/records/2024/39xxx/CVE-2024-39533.json");
    let report = cve5::parse_record(&std::fs::read(&path).unwrap(), "x").unwrap();
    let r = &report.records[0];
    assert!(
        r.cvss
            .iter()
            .any(|m| m.version == CvssVersion::V4_0 && m.kind == MetricKind::Primary)
    );
    assert!(r.cvss.iter().all(|m| m.computed_score.is_some()));
    let ranged = r
        .affected
        .iter()
        .flat_map(|a| &a.versions)
        .filter(|v| v.less_than.is_some() || v.less_than_or_equal.is_some())
        .count();
    assert!(ranged > 0);
    let adp: Vec<_> = r
        .affected
        .iter()
        .filter(|a| a.source.as_deref() == Some("CISA-ADP"))
        .collect();
    assert!(!adp.is_empty() && adp.iter().all(|a| !a.cpes.is_empty()), "{adp:?}");
    assert!(r.affected.iter().any(|a| a.default_status.is_some()));
    assert!(!r.cwes.is_empty());
}

#[test]
fn feeds_cve5_directory_and_examples() {
    let report = cve5::read_path(&fixture("cve5/records")).unwrap();
    assert_eq!((report.total, report.records.len(), report.skipped), (24, 24, 0));
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.records.iter().filter(|r| r.kev.is_some()).count(), 2);
    assert!(report.records.iter().all(|r| r.ssvc.is_some()));

    // The official examples: the two full records parse; the two bare containers are not
    // records and are reported by file.
    let ex = cve5::read_path(&fixture("cve5/schema-examples")).unwrap();
    println!("{}", ex.summary());
    for p in &ex.problems {
        println!("{p}");
    }
    assert_eq!((ex.total, ex.records.len(), ex.skipped), (4, 2, 2));
    let adv = ex.records.iter().find(|r| r.cvss.len() > 1).unwrap();
    assert!(adv.cwes.contains(&"CWE-78".to_owned()));
    let v = adv.affected[0].versions.iter().find(|v| !v.changes.is_empty()).unwrap();
    assert_eq!((v.changes.len(), v.changes[0].status), (2, VersionStatus::Affected));
    assert!(
        ex.problems
            .iter()
            .all(|p| p.level == ProblemLevel::Skipped && p.message.contains("missing field `cveMetadata`"))
    );
}

#[test]
fn feeds_cve5_rejected() {
    let report = cve5::read_path(&fixture("cve5/handwritten/CVE-2099-1000-rejected.json")).unwrap();
    assert!(report.records.is_empty());
    let rej = &report.rejected[0];
    assert_eq!(rej.id.as_str(), "CVE-2099-1000");
    assert!(rej.reason.as_deref().unwrap().starts_with("DO NOT USE"));
    assert_eq!(rej.date_rejected.unwrap().date().to_string(), "2099-02-01");
}

#[test]
fn feeds_cve5_jsonl_and_bad_lines() {
    let bytes = std::fs::read(fixture("cve5/vulnrichment-sample.jsonl.gz")).unwrap();
    let report = cve5::parse_jsonl(&bytes, "sample.jsonl.gz").unwrap();
    assert_eq!((report.total, report.records.len()), (22, 22));
    assert!(report.records.iter().filter(|r| r.kev.is_some()).count() >= 3);

    let good = std::fs::read_to_string(fixture("cve5/records/2023/20xxx/CVE-2023-20273.json")).unwrap();
    let one_line = serde_json::to_string(&serde_json::from_str::<serde_json::Value>(&good).unwrap()).unwrap();
    let bad_state = one_line.replace("\"PUBLISHED\"", "\"RESERVED\"");
    let input = format!("{one_line}\n\nnot json\n{{\"cveMetadata\": {{\"cveId\": \"CVE-2024-0001\"}}}}\n{bad_state}\n");
    let report = cve5::parse_jsonl(input.as_bytes(), "mixed.jsonl").unwrap();
    assert_eq!((report.total, report.records.len(), report.skipped), (4, 1, 3));
    let where_: Vec<_> = report.problems.iter().map(|p| p.record.clone()).collect();
    assert_eq!(
        where_,
        [
            RecordLocator::Line(3),
            RecordLocator::Id("CVE-2024-0001 (line 4)".into()),
            RecordLocator::Line(5),
        ]
    );
    assert_eq!(report.problems[1].path.as_deref(), Some("cveMetadata"));
    assert!(
        report.problems[2].message.contains("RESERVED"),
        "{}",
        report.problems[2].message
    );

    let err = cve5::parse_record(b"{\"dataType\": \"CVE_RECORD\"}", "x.json").unwrap_err();
    assert!(matches!(err, FeedError::Json { .. }), "{err}");
}

#[test]
fn feeds_cve5_all_real_data() {
    let Some(data) = shared_data() else {
        println!("SKIP feeds_cve5_all_real_data: shared data folder not present");
        return;
    };
    let start = Instant::now();
    let report = cve5::read_path(&data.join("cve5/vulnrichment-cve5-sample.shared.jsonl.gz")).unwrap();
    let secs = start.elapsed().as_secs_f64();
    println!(
        "vulnrichment sample: {} in {secs:.3}s = {:.0} records/s",
        report.summary(),
        report.total as f64 / secs
    );
    for p in report.problems.iter().take(10) {
        println!("  {p}");
    }
    assert_eq!((report.total, report.skipped), (3000, 0));
    assert_eq!(report.records.iter().filter(|r| r.kev.is_some()).count(), 113);
    assert_eq!(report.records.iter().filter(|r| r.ssvc.is_some()).count(), 3000);
}
