//! `rampart_formats::kev::parse` (the CISA KEV catalog, JSON or CSV, plain
//! or gzip).
//!
//! Never panics; `skipped <= total` and `entries + skipped <= total`.
#![no_main]

use libfuzzer_sys::fuzz_target;
fuzz_target!(|data: &[u8]| {
    if let Ok(r) = rampart_formats::kev::parse(data, "fuzz.json") {
        assert!(r.skipped <= r.total, "kev: {} skipped > {} total", r.skipped, r.total);
        assert!(
            r.catalog.entries.len() + r.skipped <= r.total,
            "kev: {} entries + {} skipped > {} total",
            r.catalog.entries.len(),
            r.skipped,
            r.total
        );
        for e in &r.catalog.entries {
            let _ = e.kev_info();
        }
    }
});
