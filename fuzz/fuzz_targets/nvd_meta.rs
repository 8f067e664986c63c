//! `rampart_formats::nvd::FeedMeta::parse` (the NVD `.meta` file:
//! `key:value` lines with sizes and the SHA-256).
//!
//! Never panics; a parsed meta can be used to verify any bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_formats::nvd::FeedMeta;
use rampart_fuzz::{lines, text};

fuzz_target!(|data: &[u8]| {
    let Some(s) = text(data) else { return };
    if let Ok(meta) = FeedMeta::parse(s, "fuzz.meta") {
        let [_, tail] = lines::<2>(s);
        let _ = meta.verify(tail.as_bytes(), "fuzz.json");
    }
});
