//! `rampart_core::purl::VersionScheme::compare`: the per-scheme version
//! comparison behind `vers:` ranges (semver, dpkg, generic).
//!
//! Input: a first byte choosing the scheme, then up to three versions, one
//! per line. `VersRange::parse` sorts constraints with this comparison
//! (`slice::sort_by`, which requires a total order and may panic on an
//! inconsistent one) and `contains` relies on it, so it must be reflexive,
//! antisymmetric and transitive.
#![no_main]

use std::cmp::Ordering;

use libfuzzer_sys::fuzz_target;
use rampart_core::purl::VersionScheme;
use rampart_fuzz::{lines, permutations, text};

const SCHEMES: [&str; 4] = ["npm", "deb", "pypi", "all"];

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else { return };
    let Some(s) = text(rest) else { return };
    let name = SCHEMES[usize::from(sel) % SCHEMES.len()];
    let scheme = VersionScheme::for_scheme(name);
    let v = lines::<3>(s);
    for x in v {
        assert_eq!(scheme.compare(x, x), Ordering::Equal, "{name}: not reflexive: {x:?}");
    }
    for (i, j) in [(0, 1), (0, 2), (1, 2)] {
        assert_eq!(
            scheme.compare(v[i], v[j]),
            scheme.compare(v[j], v[i]).reverse(),
            "{name}: not antisymmetric: {:?} vs {:?}",
            v[i],
            v[j]
        );
    }
    for [a, b, c] in permutations(v) {
        if scheme.compare(a, b).is_le() && scheme.compare(b, c).is_le() {
            assert!(
                scheme.compare(a, c).is_le(),
                "{name}: not transitive: {a:?} <= {b:?} <= {c:?} but {a:?} > {c:?}"
            );
        }
    }
});
