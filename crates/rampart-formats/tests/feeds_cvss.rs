//! Our CVSS scores against RedHat's `cvss` Python package on every distinct vector in the data
//! at hand (fixture written by `scripts/oracles/cvss_redhat.py`).

use std::io::Read;
use std::path::Path;

use rampart_formats::cvss::{self, CvssVersion};

#[derive(serde::Deserialize)]
struct OracleLine {
    vector: String,
    version: Option<String>,
    base_score: Option<f64>,
    severity: Option<String>,
    error: Option<String>,
    stated: Vec<f64>,
}

#[test]
fn feeds_cvss_agrees_with_redhat() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/feeds/cvss/redhat-vectors.jsonl.gz");
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    let (mut agree, mut both_reject, mut stated_differs, mut stated_total) = (0, 0, 0, 0);
    let mut disagreements = Vec::new();
    for line in text.lines() {
        let o: OracleLine = serde_json::from_str(line).unwrap();
        let ours = cvss::parse_vector(&o.vector);
        match (&o.error, &ours) {
            (Some(_), Err(_)) => both_reject += 1,
            (None, Ok(s)) => {
                let same = Some(s.base_score) == o.base_score
                    && o.version.as_deref().and_then(CvssVersion::parse) == Some(s.version)
                    && o.severity.as_deref() == Some(s.severity.as_str());
                if same {
                    agree += 1;
                } else {
                    disagreements.push(format!(
                        "{}: ours {s:?}, RedHat {:?} {:?}",
                        o.vector, o.base_score, o.severity
                    ));
                }
                for st in &o.stated {
                    stated_total += 1;
                    if (st - s.base_score).abs() > 1e-9 {
                        stated_differs += 1;
                        println!(
                            "stated score differs: {} states {st}, computed {}",
                            o.vector, s.base_score
                        );
                    }
                }
            }
            _ => disagreements.push(format!("{}: ours {ours:?}, RedHat error {:?}", o.vector, o.error)),
        }
    }
    println!("CVSS vs RedHat: {agree} vectors agree (version, base score, severity), {both_reject} rejected by both");
    println!(
        "informational: {stated_differs} of {stated_total} (vector, stated score) pairs in the data differ from the computed score"
    );
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
    assert!(agree > 1700, "{agree}");
}
