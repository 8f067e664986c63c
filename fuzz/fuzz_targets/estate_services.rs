//! `rampart_formats::estate::services::parse_all` (`services.csv` of the estate CSV
//! files, docs/formats/estate-csv.md).
//!
//! Never panics; `detect_kind` never panics on the same bytes; the good rows
//! round-trip through `write_all` (parse back with no errors to equal
//! records; writing again gives the same bytes).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_formats::estate::{self, ServiceRecord};
use rampart_fuzz::check_estate;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = estate::detect_kind(s);
    }
    check_estate::<ServiceRecord>("estate services", data, estate::services::parse_all);
});
