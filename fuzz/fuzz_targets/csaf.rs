//! `rampart_formats::csaf::parse_and_check` (CSAF 2.0 advisories, plain or
//! gzip, plus the implemented mandatory tests).
//!
//! Never panics: neither parsing, nor the checks, nor converting the advisory
//! to vulnerability records; every problem renders.
#![no_main]

use libfuzzer_sys::fuzz_target;
fuzz_target!(|data: &[u8]| {
    if let Ok((advisory, problems)) = rampart_formats::csaf::parse_and_check(data, "fuzz.json") {
        for p in &problems {
            let _ = p.to_string();
        }
        let _ = advisory.to_vuln_records();
    }
});
