//! `rampart_core::cpe::fs::parse`: the formatted string (`cpe:2.3:…`, NISTIR 7695 §6.2).
//!
//! Never panics; for a name that parses, `fs::bind` gives a string that
//! parses back to the same name, and binding that again gives the same string.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_core::cpe::fs;
use rampart_fuzz::text;

fuzz_target!(|data: &[u8]| {
    let Some(s) = text(data) else { return };
    let Ok(c) = fs::parse(s) else { return };
    let bound = fs::bind(&c);
    let back = fs::parse(&bound).unwrap_or_else(|e| panic!("bind output {bound:?} does not parse: {e}"));
    assert_eq!(back, c, "round trip through {bound:?} changed the name");
    assert_eq!(fs::bind(&back), bound, "binding is not canonical");
});
