//! Single points of failure: the nodes whose loss *alone* stops a service.
//!
//! Write `Kill(v)` for the set of nodes `x` such that failing `x` alone
//! brings `v` down. On a monotone threshold circuit, `x` defeats a
//! requirement with `k` of `n` members iff `x` brings down at least
//! `n − k + 1` of them, so
//!
//! ```text
//! Kill(v) = {v} ∪ ⋃_{requirement G of v} { x : |{ m ∈ G : x ∈ Kill(m) }| ≥ n_G − k_G + 1 }
//! ```
//!
//! For a 1-of-1 (or any `k = n`) requirement this is the union of the
//! members' sets. The sets are computed bottom-up over the strongly
//! connected components of the requirement graph, dependencies first, and
//! memoised in one arena, only for the cone below the requested targets. In
//! a component with a cycle the equations are solved by Kleene iteration from
//! `Kill(v) = {v}` with a worklist: the sets only grow, so this reaches the
//! least fixpoint, which is exactly single-failure propagation (a cycle is
//! never killed by nothing). Cost: O(Σ_v Σ_{m member of v} |Kill(m)| · log)
//! over the cone — linear in practice, where kill sets stay small because
//! redundancy cuts them off; quadratic in the worst case of long chains of
//! 1-of-1 dependencies, where the output itself is quadratic.

use super::graph::EstateGraph;
use super::{NodeIdx, Result};

/// The single points of failure of one target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetSpofs {
    /// The service (or any node) analysed.
    pub target: NodeIdx,
    /// Every other node whose failure alone stops the target, ascending.
    pub killers: Vec<NodeIdx>,
}

/// The result of [`single_points_of_failure`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpofReport {
    /// One entry per distinct target, in input order.
    pub targets: Vec<TargetSpofs>,
}

impl SpofReport {
    /// Every node that is a single point of failure of at least one target,
    /// with the targets it stops; most targets first, then by index.
    pub fn by_node(&self) -> Vec<(NodeIdx, Vec<NodeIdx>)> {
        let mut pairs: Vec<(NodeIdx, NodeIdx)> = self
            .targets
            .iter()
            .flat_map(|t| t.killers.iter().map(move |&k| (k, t.target)))
            .collect();
        pairs.sort_unstable();
        let mut out: Vec<(NodeIdx, Vec<NodeIdx>)> = Vec::new();
        for (k, t) in pairs {
            match out.last_mut() {
                Some((last, ts)) if *last == k => ts.push(t),
                _ => out.push((k, vec![t])),
            }
        }
        out.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
        out
    }
}

/// Memoised kill sets in one arena.
struct Arena {
    values: Vec<u32>,
    /// `(offset, len)` per node; `len == u32::MAX` means not computed.
    span: Vec<(usize, u32)>,
}

impl Arena {
    fn get(&self, v: usize) -> &[u32] {
        let (o, l) = self.span[v];
        if l == u32::MAX {
            &[]
        } else {
            &self.values[o..o + l as usize]
        }
    }

    fn put(&mut self, v: usize, set: &[u32]) {
        self.span[v] = (self.values.len(), set.len() as u32);
        self.values.extend_from_slice(set);
    }
}

/// Scratch buffers for [`kill_set_of`].
#[derive(Default)]
struct Scratch {
    out: Vec<u32>,
    tmp: Vec<u32>,
}

/// Computes `Kill(v)` into `s.out` (sorted, deduplicated), reading member
/// sets through `set_of`.
fn kill_set_of<'a>(graph: &EstateGraph, v: usize, set_of: impl Fn(u32) -> &'a [u32], s: &mut Scratch) {
    s.out.clear();
    s.out.push(v as u32);
    for g in graph.node_groups(v) {
        let members = graph.group_members(g);
        let slack = members.len() - graph.group_k[g] as usize;
        if slack == 0 {
            for &m in members {
                s.out.extend_from_slice(set_of(m));
            }
            continue;
        }
        s.tmp.clear();
        for &m in members {
            s.tmp.extend_from_slice(set_of(m));
        }
        if s.tmp.len() <= slack {
            continue;
        }
        s.tmp.sort_unstable();
        // each member's set is duplicate-free, so a run of length r means x kills r members
        let mut i = 0;
        while i < s.tmp.len() {
            let x = s.tmp[i];
            let mut j = i + 1;
            while j < s.tmp.len() && s.tmp[j] == x {
                j += 1;
            }
            if j - i > slack {
                s.out.push(x);
            }
            i = j;
        }
    }
    s.out.sort_unstable();
    s.out.dedup();
}

/// The single points of failure of each of `targets` (typically the
/// critical services): every other node whose loss alone stops it.
/// Errors only on an index not in `graph`.
pub fn single_points_of_failure(graph: &EstateGraph, targets: &[NodeIdx]) -> Result<SpofReport> {
    let n = graph.node_count();
    let cone = graph.requirement_cone(targets)?;
    let mut in_cone = vec![false; n];
    for v in &cone {
        in_cone[v.index()] = true;
    }
    drop(cone);

    let comps = &graph.components;
    let mut arena = Arena {
        values: Vec::new(),
        span: vec![(0, u32::MAX); n],
    };
    let mut s = Scratch::default();
    // position of a node inside its (cyclic) component, for the local sets
    let mut pos = vec![u32::MAX; 0];
    for c in 0..comps.len() {
        let nodes = comps.nodes(c);
        if !nodes.first().is_some_and(|&v| in_cone[v as usize]) {
            continue;
        }
        if !comps.cyclic[c] {
            let v = nodes[0] as usize;
            kill_set_of(graph, v, |m| arena.get(m as usize), &mut s);
            arena.put(v, &s.out);
            continue;
        }
        if pos.is_empty() {
            pos = vec![u32::MAX; n];
        }
        for (i, &v) in nodes.iter().enumerate() {
            pos[v as usize] = i as u32;
        }
        let mut local: Vec<Vec<u32>> = nodes.iter().map(|&v| vec![v]).collect();
        let mut queued = vec![true; nodes.len()];
        let mut work: Vec<u32> = (0..nodes.len() as u32).collect();
        while let Some(i) = work.pop() {
            let i = i as usize;
            queued[i] = false;
            let v = nodes[i] as usize;
            kill_set_of(
                graph,
                v,
                |m| {
                    if comps.of_node[m as usize] as usize == c {
                        local[pos[m as usize] as usize].as_slice()
                    } else {
                        arena.get(m as usize)
                    }
                },
                &mut s,
            );
            // sets only grow, so a change shows in the length
            if s.out.len() != local[i].len() {
                std::mem::swap(&mut local[i], &mut s.out);
                for &g in graph.groups_with_member(v) {
                    let owner = graph.group_owner[g as usize] as usize;
                    if comps.of_node[owner] as usize == c {
                        let j = pos[owner] as usize;
                        if !queued[j] {
                            queued[j] = true;
                            work.push(j as u32);
                        }
                    }
                }
            }
        }
        for (i, &v) in nodes.iter().enumerate() {
            arena.put(v as usize, &local[i]);
        }
    }

    let mut seen = vec![false; n];
    let mut out = Vec::new();
    for &t in targets {
        if std::mem::replace(&mut seen[t.index()], true) {
            continue;
        }
        let killers = arena
            .get(t.index())
            .iter()
            .filter(|&&x| x != t.0)
            .map(|&x| NodeIdx(x))
            .collect();
        out.push(TargetSpofs { target: t, killers });
    }
    Ok(SpofReport { targets: out })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estate::tests::small;

    fn check(n_assets: u32, n_services: u32, reqs: &[(u32, u32, &[u32])], target: u32, expected: &[u32]) {
        let g = small(n_assets, n_services, reqs);
        let r = single_points_of_failure(&g, &[NodeIdx(target)]).unwrap();
        let got: Vec<u32> = r.targets[0].killers.iter().map(|n| n.0).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn estate_spof_table() {
        // service 3 needs 1 of {0, 1}; both need switch 2 -> 2 is a SPOF, 0 and 1 are not
        check(3, 1, &[(3, 1, &[0, 1]), (0, 1, &[2]), (1, 1, &[2])], 3, &[2]);
        // 2 of 3, members 0 and 1 share switch 3 -> 3 kills two members -> SPOF
        check(4, 1, &[(4, 2, &[0, 1, 2]), (0, 1, &[3]), (1, 1, &[3])], 4, &[3]);
        // 1 of 3 with the same sharing: 3 kills only two of three -> no SPOF
        check(4, 1, &[(4, 1, &[0, 1, 2]), (0, 1, &[3]), (1, 1, &[3])], 4, &[]);
        // plain chain
        check(2, 2, &[(3, 1, &[2]), (2, 1, &[0]), (2, 1, &[1])], 3, &[0, 1, 2]);
        // cycle {2, 3} with 2 needing asset 0 -> 0, 2 kill 3
        check(
            1,
            3,
            &[(2, 1, &[3]), (3, 1, &[2]), (2, 1, &[0]), (1, 1, &[3])],
            1,
            &[0, 2, 3],
        );
    }

    #[test]
    fn estate_spof_by_node_groups_targets() {
        let g = small(1, 2, &[(1, 1, &[0]), (2, 1, &[0])]);
        let r = single_points_of_failure(&g, &[NodeIdx(1), NodeIdx(2), NodeIdx(1)]).unwrap();
        assert_eq!(r.targets.len(), 2);
        assert_eq!(r.by_node(), vec![(NodeIdx(0), vec![NodeIdx(1), NodeIdx(2)])]);
        assert!(single_points_of_failure(&g, &[NodeIdx(7)]).is_err());
    }
}
