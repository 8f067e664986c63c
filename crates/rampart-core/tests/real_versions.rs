//! `rampart_core::version` on real strings from NVD, CVE JSON 5 and CSAF data
//! (sources in `tests/fixtures/versions/SOURCE.md`).

use std::cmp::Ordering;

use rampart_core::version::Version;

const NVD: &str = include_str!("fixtures/versions/nvd_ranges.tsv");
const CVE5: &str = include_str!("fixtures/versions/cve5_ranges.tsv");
const CSAF: &str = include_str!("fixtures/versions/csaf_version_strings.txt");

fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| l.split('\t').collect())
}

/// A real range's start bound never lies above its end bound. Where the
/// data itself is inverted or the strings carry no order (documented
/// below), the pair is listed, and the list is pinned.
#[test]
fn nvd_range_bounds_are_ordered() {
    let mut inverted = Vec::new();
    let mut n = 0;
    for r in rows(NVD) {
        n += 1;
        let (start, end) = (Version::parse(r[0]), Version::parse(r[1]));
        let ok = match start.cmp(&end) {
            Ordering::Less => true,
            Ordering::Equal => r[2] == "1" && r[3] == "1",
            Ordering::Greater => false,
        };
        if !ok {
            inverted.push(format!("{} .. {}", r[0], r[1]));
        }
    }
    assert_eq!(n, 400);
    println!("{inverted:#?}");
    assert_eq!(inverted, NVD_INVERTED);
}

/// Pairs where our order puts start >= end: none of the 400.
const NVD_INVERTED: &[&str] = &[];

#[test]
fn cve5_ranges_are_ordered() {
    let mut inverted = Vec::new();
    let mut n = 0;
    for r in rows(CVE5) {
        n += 1;
        let (lo, hi) = (Version::parse(r[0]), Version::parse(r[1]));
        let ok = lo < hi || (lo == hi && r[2] == "1");
        if !ok {
            inverted.push(format!("{} .. {}", r[0], r[1]));
        }
    }
    assert!(n >= 290);
    println!("{inverted:#?}");
    assert_eq!(inverted, CVE5_INVERTED);
}

/// Pairs where our order puts version >= lessThan, all explained by the
/// records themselves:
/// - `version` equal to `lessThan` (an empty range as written; CNAs use it
///   for "only this version"): 11 pairs;
/// - bounds inverted in the record (`22.1 .. 21.1r3-s3`, `6.0.0 .. 1.001`,
///   `3.5.0 .. 3.0.6920.8954; 2.0.50727.8970`);
/// - placeholders and prefixes that carry no order: `4.4.x.x` (`x` is a word,
///   sorting after 0), `vCR9.00.240521a` (`vcr` is not a version prefix).
const CVE5_INVERTED: &[&str] = &[
    "1.8.255 .. 1.8.255",
    "10.15.2 .. 10.15.2",
    "123.0.6312.122 .. 123.0.6312.122",
    "126.0.6478.114 .. 126.0.6478.114",
    "2022.1.3 .. 2022.1.3",
    "22.1 .. 21.1r3-s3",
    "22.1R6.2 .. 22.1R6.2",
    "22.6.1 .. 22.6.1",
    "22.6R2.3 .. 22.6R2.3",
    "22.7R2 .. 22.7R2",
    "3.5.0 .. 3.0.6920.8954; 2.0.50727.8970",
    "4.4.x.x .. 4.4.0.15 ( 2024/01/04 )",
    "6.0.0 .. 1.001",
    "6.1.0 .. 1.001",
    "6.4.4 .. 6.4.4",
    "9.00 .. vCR9.00.240521a",
    "9.1R17.4 .. 9.1R17.4",
];

/// Order laws on all pairs and a sample of triples of real CSAF strings.
#[test]
fn csaf_strings_obey_order_laws() {
    let v: Vec<Version> = rows(CSAF).map(|r| Version::parse(r[0])).collect();
    assert!(v.len() >= 240);
    for a in &v {
        for b in &v {
            assert_eq!(a.cmp(b), b.cmp(a).reverse(), "{a} vs {b}");
            assert_eq!(a == b, a.cmp(b) == Ordering::Equal);
        }
    }
    let mut sorted = v.clone();
    sorted.sort();
    for w in sorted.windows(3) {
        assert!(w[0] <= w[2]);
    }
    for (i, a) in v.iter().enumerate().step_by(7) {
        for b in v.iter().step_by(5) {
            for c in v.iter().skip(i % 3).step_by(11) {
                if a <= b && b <= c {
                    assert!(a <= c, "{a} <= {b} <= {c}");
                }
            }
        }
    }
}
