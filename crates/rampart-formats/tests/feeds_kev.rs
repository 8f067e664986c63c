//! CISA KEV catalog (JSON and CSV).

use std::path::{Path, PathBuf};

use rampart_formats::feed::{ProblemLevel, RansomwareUse, RecordLocator};
use rampart_formats::kev;

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
fn feeds_kev_json_and_csv_agree() {
    let json = kev::parse(
        &std::fs::read(fixture("kev/known_exploited_vulnerabilities-sample.json")).unwrap(),
        "k.json",
    )
    .unwrap();
    let csv = kev::parse(
        &std::fs::read(fixture("kev/known_exploited_vulnerabilities-sample.csv")).unwrap(),
        "k.csv",
    )
    .unwrap();
    assert!(json.problems.is_empty(), "{:?}", json.problems);
    assert!(csv.problems.is_empty(), "{:?}", csv.problems);
    assert_eq!((json.total, json.catalog.entries.len()), (25, 25));
    assert_eq!(json.catalog.catalog_version.as_deref(), Some("2025.08.25"));
    assert_eq!(json.catalog.entries, csv.catalog.entries);
    let git = &json.catalog.entries[0];
    assert_eq!(git.cve_id.as_str(), "CVE-2025-48384");
    assert_eq!(git.cwes, ["CWE-59", "CWE-436"]);
    assert_eq!(
        (git.date_added.to_string(), git.due_date.unwrap().to_string()),
        ("2025-08-25".into(), "2025-09-15".into())
    );
    assert_eq!(git.known_ransomware_campaign_use, Some(RansomwareUse::Unknown));
    assert_eq!(git.kev_info().due_date, git.due_date);
}

#[test]
fn feeds_kev_bad_entries() {
    let json = br#"{"catalogVersion":"1","dateReleased":"2025-08-25T17:04:19.9796Z","count":4,"vulnerabilities":[
        {"cveID":"CVE-2025-0001","dateAdded":"2025-01-01","dueDate":"2025-01-21","knownRansomwareCampaignUse":"Known"},
        {"cveID":"CVE-25-1","dateAdded":"2025-01-01"},
        {"cveID":"CVE-2025-0003","dateAdded":"01/02/2025"},
        {"cveID":"CVE-2025-0004","dateAdded":"2025-01-01","dueDate":"soon","knownRansomwareCampaignUse":"Maybe","cwes":[1]}
    ]}"#;
    let r = kev::parse(json, "bad.json").unwrap();
    assert_eq!((r.total, r.skipped, r.catalog.entries.len()), (4, 3, 1));
    let paths: Vec<_> = r
        .problems
        .iter()
        .map(|p| (p.record.clone(), p.path.clone().unwrap(), p.level))
        .collect();
    assert_eq!(
        paths,
        [
            (
                RecordLocator::IndexAndId(1, "CVE-25-1".into()),
                "vulnerabilities[1].cveID".into(),
                ProblemLevel::Skipped
            ),
            (
                RecordLocator::IndexAndId(2, "CVE-2025-0003".into()),
                "vulnerabilities[2].dateAdded".into(),
                ProblemLevel::Skipped
            ),
            (
                RecordLocator::Index(3),
                "vulnerabilities[3].cwes[0]".into(),
                ProblemLevel::Skipped
            ),
        ]
    );

    let csv = "cveID,vendorProject,product,vulnerabilityName,dateAdded,shortDescription,requiredAction,dueDate,knownRansomwareCampaignUse,notes,cwes\n\
               CVE-2025-0001,V,P,N,2025-01-01,D,A,2025-01-21,Known,,\n\
               CVE-2025-0002,V,P,N,2025-13-01,D,A,2025-01-21,Known,,\n\
               CVE-2025-0003,V,P,N,2025-01-01,D,A,later,Perhaps,,CWE-1\n";
    let r = kev::parse(csv.as_bytes(), "bad.csv").unwrap();
    assert_eq!((r.total, r.skipped, r.catalog.entries.len()), (3, 1, 2));
    let where_: Vec<_> = r
        .problems
        .iter()
        .map(|p| (p.record.clone(), p.path.clone().unwrap()))
        .collect();
    assert_eq!(
        where_,
        [
            (RecordLocator::Line(3), "dateAdded".into()),
            (RecordLocator::Line(4), "dueDate".into()),
            (RecordLocator::Line(4), "knownRansomwareCampaignUse".into()),
        ]
    );
    assert!(
        kev::parse(b"a,b\n1,2\n", "x.csv")
            .unwrap_err()
            .to_string()
            .contains("cveID")
    );
    assert!(kev::parse(b"{\"vulnerabilities\": 3}", "x.json").is_err());
}

#[test]
fn feeds_kev_all_real_data() {
    let Some(data) = shared_data() else {
        println!("SKIP feeds_kev_all_real_data: shared data folder not present");
        return;
    };
    let json = kev::parse(
        &std::fs::read(data.join("kev/known_exploited_vulnerabilities.json")).unwrap(),
        "kev.json",
    )
    .unwrap();
    let csv = kev::parse(
        &std::fs::read(data.join("kev/known_exploited_vulnerabilities.csv")).unwrap(),
        "kev.csv",
    )
    .unwrap();
    println!(
        "KEV JSON: {} entries, {} problems; CSV: {} entries, {} problems",
        json.catalog.entries.len(),
        json.problems.len(),
        csv.catalog.entries.len(),
        csv.problems.len()
    );
    for p in json.problems.iter().chain(&csv.problems).take(10) {
        println!("  {p}");
    }
    assert_eq!((json.catalog.entries.len(), csv.catalog.entries.len()), (1404, 1404));
    assert_eq!(json.catalog.entries, csv.catalog.entries);
}
