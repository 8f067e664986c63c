//! `rampart_core::cpe::wfn::parse`: the WFN string (`wfn:[…]`, NISTIR 7695 §5.4).
//!
//! Never panics; for a name that parses, `wfn::bind` gives a string that
//! parses back to the same name, and binding that again gives the same string.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_core::cpe::wfn;
use rampart_fuzz::text;

fuzz_target!(|data: &[u8]| {
    let Some(s) = text(data) else { return };
    let Ok(c) = wfn::parse(s) else { return };
    let bound = wfn::bind(&c);
    let back = wfn::parse(&bound).unwrap_or_else(|e| panic!("bind output {bound:?} does not parse: {e}"));
    assert_eq!(back, c, "round trip through {bound:?} changed the name");
    assert_eq!(wfn::bind(&back), bound, "binding is not canonical");
});
