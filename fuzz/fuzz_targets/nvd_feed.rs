//! `rampart_formats::nvd::parse_feed` (NVD JSON 1.1 feeds and API 2.0
//! responses, plain or gzip).
//!
//! Never panics; the report counters are consistent (`summary()` subtracts
//! them) and every problem renders.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_fuzz::check_feed_report;

fuzz_target!(|data: &[u8]| {
    if let Ok(report) = rampart_formats::nvd::parse_feed(data, "fuzz.json") {
        check_feed_report("nvd", &report);
    }
});
