//! FIRST EPSS daily CSV.

use std::path::{Path, PathBuf};

use rampart_formats::epss;
use rampart_formats::feed::RecordLocator;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/feeds")
        .join(rel)
}

#[test]
fn feeds_epss_plain_and_gzip() {
    let plain = epss::parse(
        &std::fs::read(fixture("epss/epss_scores-2099-01-15.csv")).unwrap(),
        "e.csv",
    )
    .unwrap();
    let gz = epss::parse(
        &std::fs::read(fixture("epss/epss_scores-2099-01-15.csv.gz")).unwrap(),
        "e.csv",
    )
    .unwrap();
    assert_eq!(plain, gz);
    assert_eq!(plain.model_version, "v2025.03.14");
    assert_eq!(plain.score_date.date().to_string(), "2099-01-15");
    assert_eq!((plain.total, plain.rows.len(), plain.skipped), (4, 4, 0));
    assert_eq!(
        (plain.rows[1].cve.as_str(), plain.rows[1].epss, plain.rows[1].percentile),
        ("CVE-2017-0143", 0.97565, 0.99995)
    );
}

#[test]
fn feeds_epss_bad_rows_by_line() {
    let r = epss::parse(
        &std::fs::read(fixture("epss/epss_scores-bad-rows.csv")).unwrap(),
        "bad.csv",
    )
    .unwrap();
    assert_eq!((r.total, r.rows.len(), r.skipped), (6, 2, 4));
    let lines: Vec<_> = r.problems.iter().map(|p| (p.record.clone(), p.path.clone())).collect();
    assert_eq!(
        lines,
        [
            (RecordLocator::Line(4), Some("cve".into())),
            (RecordLocator::Line(5), Some("epss".into())),
            (RecordLocator::Line(6), None),
            (RecordLocator::Line(8), Some("epss".into())),
        ]
    );
}

#[test]
fn feeds_epss_header_errors() {
    let check = |input: &str, expect: &str| {
        let err = epss::parse(input.as_bytes(), "x.csv").unwrap_err().to_string();
        assert!(err.contains(expect), "{err}");
    };
    check("", "line 1");
    check(
        "cve,epss,percentile\nCVE-2020-0001,0.1,0.2\n",
        "x.csv: line 1: expected `#model_version",
    );
    check(
        "#model_version:v1,score_date:tomorrow\ncve,epss,percentile\n",
        "bad score_date",
    );
    check(
        "#model_version:v1,score_date:2025-01-01T00:00:00+0000\ncve,score\n",
        "x.csv: line 2: header",
    );
}
