//! `rampart_formats::cve5::parse_jsonl` (CVE JSON 5 records, one per line,
//! plain or gzip).
//!
//! Never panics; the report counters are consistent.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_fuzz::check_feed_report;

fuzz_target!(|data: &[u8]| {
    if let Ok(report) = rampart_formats::cve5::parse_jsonl(data, "fuzz.jsonl") {
        check_feed_report("cve5 jsonl", &report);
    }
});
