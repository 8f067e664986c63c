//! `rampart_formats::inventory::nmap::parse` (nmap `-oX` XML) with the
//! default `NmapOptions`.
//!
//! Never panics (including on DTDs, entities and deep nesting, which the
//! parser refuses); converting the hosts to asset records never panics and
//! gives records that satisfy the `AssetRecord` guarantees.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_formats::inventory::nmap::{self, NmapOptions};
use rampart_fuzz::check_asset;

fuzz_target!(|data: &[u8]| {
    let Ok(report) = nmap::parse(data, &NmapOptions::default()) else {
        return;
    };
    for host in &report.hosts {
        let _ = (host.ip(), host.mac());
    }
    for r in report.asset_records() {
        check_asset("nmap", &r);
    }
});
