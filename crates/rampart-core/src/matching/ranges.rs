//! A stabbing index over the version ranges of one bucket's criteria: which
//! ranges contain a version, without testing each.
//!
//! The distinct bound versions, sorted, cut the version line into
//! elementary segments — each bound itself, and the open gaps between and
//! around them (`2n + 1` segments for `n` bounds). Every range covers a run
//! of segments and is stored in the O(log n) nodes of a segment tree that
//! cover that run; the ranges containing a version are those stored on the
//! path from its segment's leaf to the root. Including and excluding bounds
//! are exact (a bound is its own segment), and the order is
//! [`crate::version`]'s, the one
//! [`crate::applicability::CpeMatch::contains_version`] uses.

use crate::version::Version;

/// The ranges (criterion ids) of one bucket, indexed for stabbing queries.
#[derive(Debug, Clone, Default)]
pub(crate) struct RangeTree {
    bounds: Vec<Version>,
    /// Leaves in the tree (a power of two at least the segment count).
    size: usize,
    /// CSR: node `k`'s ids are `items[starts[k]..starts[k + 1]]`.
    starts: Vec<u32>,
    items: Vec<u32>,
}

impl RangeTree {
    /// Indexes the ranges of `ids`, whose bounds (start including, start
    /// excluding, end including, end excluding) `bounds_of` gives.
    pub(crate) fn build<'v>(ids: &[u32], bounds_of: impl Fn(u32) -> [Option<&'v Version>; 4]) -> RangeTree {
        let mut bounds: Vec<Version> = Vec::new();
        for &id in ids {
            for b in bounds_of(id).into_iter().flatten() {
                bounds.push(b.clone());
            }
        }
        bounds.sort();
        bounds.dedup();
        let segments = 2 * bounds.len() + 1;
        let size = segments.next_power_of_two();
        let mut tree = RangeTree {
            bounds,
            size,
            starts: Vec::new(),
            items: Vec::new(),
        };
        // Two passes over the canonical nodes: count, then fill.
        let runs: Vec<(u32, usize, usize)> = ids
            .iter()
            .filter_map(|&id| tree.run(bounds_of(id)).map(|(lo, hi)| (id, lo, hi)))
            .collect();
        let mut counts = vec![0u32; 2 * size + 1];
        for &(_, lo, hi) in &runs {
            canonical_nodes(size, lo, hi, |k| counts[k] += 1);
        }
        let mut starts = Vec::with_capacity(counts.len() + 1);
        let mut total = 0u32;
        for c in &counts {
            starts.push(total);
            total += c;
        }
        starts.push(total);
        let mut fill = starts.clone();
        let mut items = vec![0u32; total as usize];
        for &(id, lo, hi) in &runs {
            canonical_nodes(size, lo, hi, |k| {
                items[fill[k] as usize] = id;
                fill[k] += 1;
            });
        }
        tree.starts = starts;
        tree.items = items;
        tree
    }

    /// The segment of a version: `2i + 1` for `bounds[i]`, `2i` for the gap
    /// below it.
    fn segment(&self, v: &Version) -> usize {
        match self.bounds.binary_search(v) {
            Ok(i) => 2 * i + 1,
            Err(i) => 2 * i,
        }
    }

    /// The run of segments a criterion's range covers, if not empty.
    fn run(&self, [si, se, ei, ee]: [Option<&Version>; 4]) -> Option<(usize, usize)> {
        let point = |v: &Version| self.bounds.binary_search(v).ok().map(|i| 2 * i + 1);
        let mut lo = 0usize;
        let mut hi = 2 * self.bounds.len();
        if let Some(v) = si {
            lo = lo.max(point(v)?);
        }
        if let Some(v) = se {
            lo = lo.max(point(v)? + 1);
        }
        if let Some(v) = ei {
            hi = hi.min(point(v)?);
        }
        if let Some(v) = ee {
            hi = hi.min(point(v)?.checked_sub(1)?);
        }
        (lo <= hi).then_some((lo, hi))
    }

    /// Calls `f` with every id whose range contains `v`.
    pub(crate) fn stab(&self, v: &Version, mut f: impl FnMut(u32)) {
        let mut k = self.segment(v) + self.size;
        while k >= 1 {
            let (a, b) = (self.starts[k] as usize, self.starts[k + 1] as usize);
            for &id in &self.items[a..b] {
                f(id);
            }
            k >>= 1;
        }
    }
}

/// The segment-tree nodes covering leaves `lo..=hi` (bottom-up iterative
/// form; node 1 is the root, leaf `i` is node `size + i`).
fn canonical_nodes(size: usize, lo: usize, hi: usize, mut f: impl FnMut(usize)) {
    let (mut l, mut r) = (lo + size, hi + size + 1);
    while l < r {
        if l & 1 == 1 {
            f(l);
            l += 1;
        }
        if r & 1 == 1 {
            r -= 1;
            f(r);
        }
        l >>= 1;
        r >>= 1;
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::applicability::CpeMatch;
    use crate::cpe::Cpe;

    fn criterion(bounds: [Option<&str>; 4]) -> CpeMatch {
        let v = |b: Option<&str>| b.map(Version::parse);
        CpeMatch {
            version_start_including: v(bounds[0]),
            version_start_excluding: v(bounds[1]),
            version_end_including: v(bounds[2]),
            version_end_excluding: v(bounds[3]),
            ..CpeMatch::new(Cpe::any(), true)
        }
    }

    const POINTS: [&str; 8] = ["0.9", "1.0", "1.0.0", "1.2", "1.10", "2.0-rc1", "2.0", "V3"];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

        /// Stabbing finds exactly the criteria whose bounds contain the
        /// version.
        #[test]
        fn stabbing_agrees_with_contains_version(
            specs in proptest::collection::vec(proptest::array::uniform4(proptest::option::of(0..8usize)), 0..40),
            queries in proptest::collection::vec(0..8usize, 1..10),
        ) {
            let criteria: Vec<CpeMatch> = specs
                .iter()
                .map(|s| criterion(s.map(|b| b.map(|i| POINTS[i]))))
                .collect();
            let ids: Vec<u32> = (0..criteria.len() as u32).collect();
            let tree = RangeTree::build(&ids, |i| {
                let m = &criteria[i as usize];
                [
                    m.version_start_including.as_ref(),
                    m.version_start_excluding.as_ref(),
                    m.version_end_including.as_ref(),
                    m.version_end_excluding.as_ref(),
                ]
            });
            for q in queries.iter().map(|&i| POINTS[i]).chain(["0", "1.5", "5", "2.0-beta"]) {
                let v = Version::parse(q);
                let mut got = Vec::new();
                tree.stab(&v, |id| got.push(id));
                got.sort_unstable();
                let expected: Vec<u32> = ids.iter().copied().filter(|&i| criteria[i as usize].contains_version(&v)).collect();
                prop_assert_eq!(got, expected, "{}", q);
            }
        }
    }
}
