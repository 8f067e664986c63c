//! `rampart_core::purl::VersRange::parse` and `contains` (purl-spec `vers:`).
//!
//! Input: a range on the first line, candidate versions on the next lines.
//! Never panics; for a range that parses: `Display` (the canonical form)
//! parses back to an equal range and prints the same (round trip); every
//! `=`/`<=`/`>=` constraint's own version is contained and every `!=`
//! constraint's version is not (purl-spec "Checking if a version is
//! contained within a range", steps 1-2), except in `vers:none`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_core::purl::{Comparator, VersRange, VersionScheme};
use rampart_fuzz::text;

fuzz_target!(|data: &[u8]| {
    let Some(s) = text(data) else { return };
    let mut it = s.split('\n');
    let Ok(r) = VersRange::parse(it.next().unwrap_or("")) else {
        return;
    };
    let canonical = r.to_string();
    let back =
        VersRange::parse(&canonical).unwrap_or_else(|e| panic!("canonical form {canonical:?} does not parse: {e}"));
    assert_eq!(back, r, "round trip through {canonical:?} changed the range");
    assert_eq!(back.to_string(), canonical, "canonical form is not a fixed point");
    if VersionScheme::for_scheme(r.scheme()) != VersionScheme::None {
        for c in r.constraints() {
            match c.comparator {
                Comparator::Eq | Comparator::Le | Comparator::Ge => {
                    assert!(
                        r.contains(&c.version),
                        "{canonical:?} does not contain its own {:?}",
                        c.version
                    );
                }
                Comparator::Ne => {
                    assert!(
                        !r.contains(&c.version),
                        "{canonical:?} contains its excluded {:?}",
                        c.version
                    );
                }
                _ => {}
            }
        }
    }
    for v in it.take(4) {
        let _ = r.contains(v);
    }
});
