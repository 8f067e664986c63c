//! `rampart_formats::feed::{parse_timestamp, parse_date}` (the lenient
//! timestamp shapes found in NVD, CVE 5, KEV, EPSS and CSAF).
//!
//! Never panics; a timestamp that parses, written as RFC 3339, parses back to
//! the same instant (with the same offset); a parsed date is the date of the
//! same text parsed as a timestamp.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_formats::feed::{parse_date, parse_timestamp};
use rampart_fuzz::text;
use time::format_description::well_known::Rfc3339;

fuzz_target!(|data: &[u8]| {
    let Some(s) = text(data) else { return };
    let d = parse_date(s);
    let Some(t) = parse_timestamp(s) else { return };
    if s.trim().len() == 10 {
        assert_eq!(d, Some(t.date()), "parse_date and parse_timestamp disagree on {s:?}");
    }
    if let Ok(text) = t.format(&Rfc3339) {
        let back = parse_timestamp(&text).unwrap_or_else(|| panic!("RFC 3339 {text:?} (from {s:?}) does not parse"));
        assert_eq!(back, t, "round trip through {text:?} changed the instant");
        assert_eq!(
            back.offset(),
            t.offset(),
            "round trip through {text:?} changed the offset"
        );
    }
});
