//! `rampart_core::purl::Purl::parse` (package URLs, via the `packageurl`
//! crate behind Rampart's own type).
//!
//! Input: a purl, optionally a `vers:` range on the second line. Never
//! panics; for a purl that parses, the canonical form (`as_str`, `Display`)
//! parses back to an equal purl with the same canonical form (canonicalising
//! is idempotent), `package_key` is a prefix of it, and `is_in` can be asked
//! of any range.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_core::purl::{Purl, VersRange};
use rampart_fuzz::{lines, text};

fuzz_target!(|data: &[u8]| {
    let Some(s) = text(data) else { return };
    let [first, second] = lines::<2>(s);
    let Ok(p) = Purl::parse(first) else { return };
    let canonical = p.as_str();
    assert_eq!(p.to_string(), canonical);
    let back = Purl::parse(canonical).unwrap_or_else(|e| panic!("canonical form {canonical:?} does not parse: {e}"));
    assert_eq!(back.as_str(), canonical, "canonical form is not a fixed point");
    assert_eq!(back, p, "re-parsing the canonical form {canonical:?} changed the purl");
    assert!(canonical.starts_with(&p.package_key()), "package_key is not a prefix");
    if let Ok(r) = VersRange::parse(second) {
        let _ = p.is_in(&r);
    }
});
