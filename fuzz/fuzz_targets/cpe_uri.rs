//! `rampart_core::cpe::uri::parse`: the CPE 2.2 URI binding (`cpe:/…`,
//! NISTIR 7695 §6.1), including the packed edition (`~ed~sw~tsw~thw~other`).
//!
//! Never panics; for a name that parses, `uri::bind` gives a string that
//! parses back to the same name (unbinding already lowercased it) and binds
//! to the same string — except when a value is a lone literal `-`, which a
//! URI cannot tell from NA (documented on `Cpe::to_uri`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_core::cpe::{Component, uri};
use rampart_fuzz::text;

fuzz_target!(|data: &[u8]| {
    let Some(s) = text(data) else { return };
    let Ok(c) = uri::parse(s) else { return };
    let bound = uri::bind(&c);
    let back = uri::parse(&bound).unwrap_or_else(|e| panic!("bind output {bound:?} does not parse: {e}"));
    let lone_hyphen = c
        .components()
        .iter()
        .any(|x| matches!(x, Component::Value(v) if v.text() == "-" && !v.has_wildcards()));
    if !lone_hyphen {
        assert_eq!(back, c, "round trip through {bound:?} changed the name");
        assert_eq!(uri::bind(&back), bound, "binding is not canonical");
    }
});
