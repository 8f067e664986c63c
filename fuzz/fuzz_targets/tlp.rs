//! `rampart_core::tlp::Tlp` `FromStr` (TLP 2.0 labels, lenient spelling).
//!
//! Never panics; a label that parses prints (`Display`/`as_str`) a form that
//! parses back to the same label.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_core::tlp::Tlp;
use rampart_fuzz::text;

fuzz_target!(|data: &[u8]| {
    let Some(s) = text(data) else { return };
    let Ok(t) = s.parse::<Tlp>() else { return };
    assert_eq!(t.to_string(), t.as_str());
    assert_eq!(
        t.as_str().parse::<Tlp>().ok(),
        Some(t),
        "{:?} does not parse back",
        t.as_str()
    );
    let _ = t.widest_audience();
});
