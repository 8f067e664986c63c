//! `rampart_formats::inventory::recog::RecogDb::from_xml` (the Recog
//! fingerprint XML loader and its pattern compiler).
//!
//! Never panics: neither loading arbitrary XML nor matching the input's
//! first 256 bytes against what it loaded.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_formats::inventory::recog::RecogDb;
use rampart_fuzz::text;

fuzz_target!(|data: &[u8]| {
    let Some(s) = text(data) else { return };
    let Ok(db) = RecogDb::from_xml("fuzz", s) else { return };
    let _ = db.compile_errors();
    let banner = &data[..data.len().min(256)];
    if let Some(m) = db.match_bytes(banner) {
        let _ = (m.vendor(), m.product(), m.version(), m.cpe23());
    }
});
