//! `rampart_formats::inventory::cyclonedx::parse` (CycloneDX JSON SBOM/HBOM).
//!
//! Never panics; every asset satisfies the `AssetRecord` guarantees.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_formats::inventory::cyclonedx;
use rampart_fuzz::check_asset;

fuzz_target!(|data: &[u8]| {
    let Ok(report) = cyclonedx::parse(data) else { return };
    for r in &report.assets {
        check_asset("cyclonedx", r);
    }
    for e in &report.errors {
        let _ = format!("{e:?}");
    }
});
