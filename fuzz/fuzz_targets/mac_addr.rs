//! `rampart_formats::inventory::MacAddr` `FromStr` (colon, hyphen, Cisco dot
//! and bare forms).
//!
//! Never panics; an address that parses prints (`aa:bb:cc:dd:ee:ff`) a form
//! that parses back to the same address.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_formats::inventory::MacAddr;
use rampart_fuzz::text;

fuzz_target!(|data: &[u8]| {
    let Some(s) = text(data) else { return };
    let Ok(m) = s.parse::<MacAddr>() else { return };
    let shown = m.to_string();
    assert_eq!(shown.parse::<MacAddr>().ok(), Some(m), "{shown:?} does not parse back");
    assert_eq!(MacAddr::from_octets(m.octets()), m);
    let _ = (m.to_u64(), m.is_multicast(), m.is_locally_administered());
});
