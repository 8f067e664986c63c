//! `rampart_formats::inventory::recog`: matching a banner against the
//! embedded Recog databases.
//!
//! Input: the first byte picks one of `EMBEDDED_DBS`, the rest is the banner.
//! Never panics (every embedded database loads); a match's params and
//! `cpe23()` can be read, and every CPE it returns is a valid 2.3 string.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_formats::inventory::recog::{self, EMBEDDED_DBS};
use rampart_formats::inventory::syntax::check_cpe23;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, banner)) = data.split_first() else {
        return;
    };
    let name = EMBEDDED_DBS[usize::from(sel) % EMBEDDED_DBS.len()];
    let db = recog::embedded(name).unwrap_or_else(|| panic!("embedded database {name} does not load"));
    if let Some(m) = db.match_bytes(banner) {
        let _ = (
            m.vendor(),
            m.product(),
            m.model(),
            m.version(),
            m.device_type(),
            m.os(),
            m.serial_number(),
        );
        for cpe in m.cpe23() {
            assert!(check_cpe23(&cpe).is_ok(), "{name}: cpe23() returned invalid {cpe:?}");
        }
    }
});
