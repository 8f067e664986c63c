//! `rampart_formats::inventory::csv::parse_all` (Rampart's inventory CSV).
//!
//! Never panics; every good row satisfies the `AssetRecord` guarantees; and
//! the writer round-trips what the reader produced: `write_all` of the good
//! records (without `source_ref`, which the format does not carry) parses
//! back with no errors to the same records, and writing those again gives the
//! same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_formats::inventory::{AssetRecord, csv};
use rampart_fuzz::check_asset;

fn records(report: csv::CsvReport) -> Vec<AssetRecord> {
    report
        .assets
        .into_iter()
        .map(|(_, mut r)| {
            r.source_ref = None;
            r
        })
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let Ok(report) = csv::parse_all(data) else { return };
    for (_, r) in &report.assets {
        check_asset("inventory csv", r);
    }
    for e in &report.errors {
        let _ = e.to_string();
    }
    let first = records(report);
    let out = csv::write_all(&first).expect("writing to a Vec cannot fail");
    let text = String::from_utf8_lossy(&out);
    let second = csv::parse_all(&out).unwrap_or_else(|e| panic!("written CSV does not parse: {e}\n{text}"));
    assert!(
        second.errors.is_empty(),
        "written CSV has bad rows: {:?}\n{text}",
        second.errors
    );
    let second = records(second);
    assert_eq!(first, second, "CSV round trip changed the records\n{text}");
    let again = csv::write_all(&second).expect("writing to a Vec cannot fail");
    assert_eq!(out, again, "writer output is not stable");
});
