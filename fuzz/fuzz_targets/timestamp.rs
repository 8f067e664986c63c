//! `rampart_core::time::Timestamp::parse` (RFC 3339, any offset, to UTC).
//!
//! Input: up to two timestamps, one per line. Never panics; for a timestamp
//! that parses, the canonical `Display` form (`YYYY-MM-DDTHH:MM:SS.ffffffZ`)
//! parses back to the same instant and prints the same, and — as the module
//! promises — canonical forms sort lexicographically in time order.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_core::time::Timestamp;
use rampart_fuzz::{lines, text};

fn check(s: &str) -> Option<(Timestamp, String)> {
    let t = Timestamp::parse(s).ok()?;
    let canonical = t.to_string();
    let back = Timestamp::parse(&canonical)
        .unwrap_or_else(|e| panic!("canonical form {canonical:?} of {s:?} does not parse: {e}"));
    assert_eq!(back, t, "round trip through {canonical:?} changed the instant");
    assert_eq!(back.to_string(), canonical);
    assert!(canonical.starts_with(&t.date_string()));
    Some((t, canonical))
}

fuzz_target!(|data: &[u8]| {
    let Some(s) = text(data) else { return };
    let [a, b] = lines::<2>(s);
    if let (Some((ta, ca)), Some((tb, cb))) = (check(a), check(b)) {
        assert_eq!(
            ta.cmp(&tb),
            ca.cmp(&cb),
            "canonical forms {ca:?} and {cb:?} do not sort in time order"
        );
    }
});
