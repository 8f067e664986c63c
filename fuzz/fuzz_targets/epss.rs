//! `rampart_formats::epss::parse` (FIRST EPSS daily CSV, plain or gzip).
//!
//! Never panics; every row has `epss` and `percentile` in 0..=1 and
//! `rows + skipped <= total`.
#![no_main]

use libfuzzer_sys::fuzz_target;
fuzz_target!(|data: &[u8]| {
    if let Ok(r) = rampart_formats::epss::parse(data, "fuzz.csv") {
        assert!(
            r.rows.len() + r.skipped <= r.total,
            "epss: {} rows + {} skipped > {} total",
            r.rows.len(),
            r.skipped,
            r.total
        );
        for row in &r.rows {
            assert!(
                (0.0..=1.0).contains(&row.epss),
                "epss: score {} out of range for {}",
                row.epss,
                row.cve
            );
            assert!(
                (0.0..=1.0).contains(&row.percentile),
                "epss: percentile {} out of range for {}",
                row.percentile,
                row.cve
            );
        }
    }
});
