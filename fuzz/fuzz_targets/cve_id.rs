//! `rampart_formats::feed::CveId::parse` (`CVE-YYYY-NNNN…`, prefix in any
//! case).
//!
//! Never panics; a parsed id is stored with an upper-case `CVE-` prefix and
//! parses back to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_formats::feed::CveId;
use rampart_fuzz::text;

fuzz_target!(|data: &[u8]| {
    let Some(s) = text(data) else { return };
    let Some(id) = CveId::parse(s) else { return };
    assert!(id.as_str().starts_with("CVE-"), "{id} lacks the CVE- prefix");
    assert_eq!(id.to_string(), id.as_str());
    assert_eq!(
        CveId::parse(id.as_str()).as_ref(),
        Some(&id),
        "{id} does not parse back to itself"
    );
});
