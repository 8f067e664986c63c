//! `rampart_formats::inventory::syntax::{normalize_cpe, cpe_uri_to_fs,
//! check_cpe23, check_purl}` (identifier checks at import).
//!
//! Never panics; `normalize_cpe` returns strings that pass `check_cpe23` and
//! is idempotent (a valid 2.3 string is returned as is); `cpe_uri_to_fs`
//! output is a valid 2.3 string.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_formats::inventory::syntax::{check_cpe23, check_purl, cpe_uri_to_fs, normalize_cpe};
use rampart_fuzz::text;

fuzz_target!(|data: &[u8]| {
    let Some(s) = text(data) else { return };
    let _ = check_purl(s);
    let _ = check_cpe23(s);
    if let Ok(fs) = normalize_cpe(s) {
        assert!(
            check_cpe23(&fs).is_ok(),
            "normalize_cpe({s:?}) = {fs:?} fails check_cpe23"
        );
        assert_eq!(
            normalize_cpe(&fs).ok().as_deref(),
            Some(fs.as_str()),
            "normalize_cpe is not idempotent on {s:?}"
        );
    }
    if let Ok(fs) = cpe_uri_to_fs(s) {
        if let Err(e) = check_cpe23(&fs) {
            panic!("cpe_uri_to_fs({s:?}) = {fs:?} fails check_cpe23: {e}");
        }
    }
});
