//! `rampart_formats::cvss::parse_vector` (CVSS v2, v3.0, v3.1 and v4.0
//! vectors, via the `cvss` crate).
//!
//! Never panics; a vector that parses has a finite score in 0..=10.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_fuzz::text;

fuzz_target!(|data: &[u8]| {
    let Some(s) = text(data) else { return };
    if let Ok(score) = rampart_formats::cvss::parse_vector(s) {
        assert!(
            (0.0..=10.0).contains(&score.base_score),
            "score {} of {s:?} out of range",
            score.base_score
        );
        let _ = (score.severity.to_string(), score.version.to_string());
    }
});
