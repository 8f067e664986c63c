//! `rampart_core::version::Version::parse` and its total order.
//!
//! Input: up to three version strings, one per line. `Version::parse` never
//! fails; checks the laws the module documents: `Display` gives back the raw
//! string; the order is reflexive, antisymmetric (`cmp(a, b) ==
//! cmp(b, a).reverse()`) and transitive; `Eq` and `Hash` agree with `Ord`;
//! `version::compare` agrees with `Version::cmp`; `is_zero` means "equal to
//! the empty version".
#![no_main]

use std::cmp::Ordering;

use libfuzzer_sys::fuzz_target;
use rampart_core::version::{self, Version};
use rampart_fuzz::{hash_of, lines, permutations, text};

fuzz_target!(|data: &[u8]| {
    let Some(s) = text(data) else { return };
    let raw = lines::<3>(s);
    let v = raw.map(Version::parse);
    let zero = Version::parse("");
    for (x, r) in v.iter().zip(raw) {
        assert_eq!(x.to_string(), r, "Display is not the raw string");
        assert_eq!(x.cmp(x), Ordering::Equal, "not reflexive: {r:?}");
        assert_eq!(x.is_zero(), *x == zero, "is_zero disagrees with == \"\": {r:?}");
    }
    for (i, j) in [(0, 1), (0, 2), (1, 2)] {
        let (a, b) = (&v[i], &v[j]);
        let ab = a.cmp(b);
        assert_eq!(
            ab,
            b.cmp(a).reverse(),
            "not antisymmetric: {:?} vs {:?}",
            raw[i],
            raw[j]
        );
        assert_eq!(version::compare(raw[i], raw[j]), ab, "compare() disagrees with cmp");
        assert_eq!(
            a == b,
            ab == Ordering::Equal,
            "Eq disagrees with Ord: {:?} vs {:?}",
            raw[i],
            raw[j]
        );
        if a == b {
            assert_eq!(hash_of(a), hash_of(b), "Hash disagrees with Eq");
        }
    }
    for [a, b, c] in permutations([0usize, 1, 2]) {
        if v[a] <= v[b] && v[b] <= v[c] {
            assert!(
                v[a] <= v[c],
                "not transitive: {:?} <= {:?} <= {:?}",
                raw[a],
                raw[b],
                raw[c]
            );
        }
    }
});
