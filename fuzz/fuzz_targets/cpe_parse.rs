//! `rampart_core::cpe::Cpe::parse` (any binding, chosen by prefix).
//!
//! Input: one or two CPE names, one per line. Checks, for every name that
//! parses: the formatted-string round trip (`parse(to_fs(c)) == c`, and
//! `to_fs` is canonical), the WFN round trip, the URI round trip (equal up
//! to the lowercasing URI unbinding does, unless a value is a lone literal
//! `-`, which the URI cannot tell from NA), and NISTIR 7696 matching laws:
//! a name without wildcards equals itself, and the fast superset test agrees
//! with the attribute-by-attribute comparison (also across the pair).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_core::cpe::{Component, Cpe};
use rampart_fuzz::{lines, text};

fn check_one(c: &Cpe) {
    let fs = c.to_fs();
    assert_eq!(c.to_string(), fs, "Display differs from to_fs");
    let back = Cpe::parse(&fs).unwrap_or_else(|e| panic!("to_fs output {fs:?} does not parse: {e}"));
    assert_eq!(&back, c, "formatted-string round trip changed the name ({fs:?})");
    assert_eq!(back.to_fs(), fs, "to_fs is not canonical");

    let wfn = c.to_wfn_string();
    let back = Cpe::parse(&wfn).unwrap_or_else(|e| panic!("to_wfn_string output {wfn:?} does not parse: {e}"));
    assert_eq!(&back, c, "WFN round trip changed the name ({wfn:?})");

    let uri = c.to_uri();
    let back = Cpe::parse(&uri).unwrap_or_else(|e| panic!("to_uri output {uri:?} does not parse: {e}"));
    let lone_hyphen = c
        .components()
        .iter()
        .any(|x| matches!(x, Component::Value(v) if v.text() == "-" && !v.has_wildcards()));
    if !lone_hyphen {
        assert_eq!(
            back.to_fs(),
            fs.to_ascii_lowercase(),
            "URI round trip changed more than case ({uri:?})"
        );
    }

    let r = c.compare(c);
    assert_eq!(r.is_equal(), !c.has_wildcards(), "compare(c, c) is not EQUAL");
    assert_eq!(
        c.is_superset_of(c),
        r.is_superset(),
        "is_superset_of disagrees with compare"
    );
}

fuzz_target!(|data: &[u8]| {
    let Some(s) = text(data) else { return };
    let [a, b] = lines::<2>(s);
    let a = Cpe::parse(a).ok();
    let b = Cpe::parse(b).ok();
    for c in a.iter().chain(b.iter()) {
        check_one(c);
    }
    if let (Some(a), Some(b)) = (&a, &b) {
        assert_eq!(
            a.is_superset_of(b),
            a.compare(b).is_superset(),
            "fast superset test disagrees"
        );
        assert_eq!(
            b.is_superset_of(a),
            b.compare(a).is_superset(),
            "fast superset test disagrees"
        );
    }
});
