//! Blast radius: what stops when a set of nodes fails.
//!
//! Failure propagates upward: a requirement with `k` of `n` members stops
//! being satisfied once `n − k + 1` of its members are down, and then its
//! owner goes down. This is a breadth-first propagation with one counter per
//! requirement, O(nodes down + requirement memberships of nodes down), plus
//! allocating one counter per requirement. Cycles need no special care: a
//! node goes down at most once, and nodes on a cycle that nothing brought
//! down stay up (mutual support), which is the greatest-fixpoint reading of
//! "up iff every requirement is met" that every analysis here uses.

use super::graph::{EstateGraph, NodeData};
use super::{GroupIdx, NodeIdx, Result};

/// A node brought down by propagation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoppedNode {
    /// The node.
    pub node: NodeIdx,
    /// Propagation steps from the failed set (1 = it needs a failed node directly).
    pub depth: u32,
    /// The member whose loss tipped the requirement.
    pub tipped_by: NodeIdx,
    /// The requirement that stopped being met.
    pub requirement: GroupIdx,
}

/// A service that is down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceImpact {
    /// The service.
    pub service: NodeIdx,
    /// 0 if it was in the failed set itself, 1 if stopped directly by a
    /// failed node, more if transitively.
    pub depth: u32,
    /// Its population served.
    pub population: u64,
}

/// The result of [`blast_radius`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlastRadius {
    /// The failed set, deduplicated, in input order.
    pub failed: Vec<NodeIdx>,
    /// Every node brought down by propagation (not in `failed`), in
    /// breadth-first order, so by non-decreasing depth.
    pub stopped: Vec<StoppedNode>,
    /// Every service that is down (failed or stopped), by depth then index.
    pub services: Vec<ServiceImpact>,
    /// Largest population served by a stopped service: a lower bound on the
    /// number of people affected (populations of services overlap).
    pub population_max: u64,
    /// Sum of the populations of stopped services: an upper bound.
    pub population_sum: u64,
}

impl BlastRadius {
    /// All nodes that are down (failed or stopped), ascending.
    pub fn down_nodes(&self) -> Vec<NodeIdx> {
        let mut v: Vec<NodeIdx> = self
            .failed
            .iter()
            .copied()
            .chain(self.stopped.iter().map(|s| s.node))
            .collect();
        v.sort_unstable();
        v
    }
}

/// What stops, directly or transitively, when every node in `failed` is
/// compromised or unavailable. Errors only on an index not in `graph`.
pub fn blast_radius(graph: &EstateGraph, failed: &[NodeIdx]) -> Result<BlastRadius> {
    let n = graph.node_count();
    let mut down = vec![false; n];
    // (node, depth) in breadth-first order
    let mut queue: Vec<(u32, u32)> = Vec::new();
    let mut failed_set = Vec::new();
    for &f in failed {
        let i = graph.check_node(f)?;
        if !down[i] {
            down[i] = true;
            queue.push((f.0, 0));
            failed_set.push(f);
        }
    }
    let mut down_members = vec![0u32; graph.requirement_count()];
    let mut stopped = Vec::new();
    let mut head = 0;
    while head < queue.len() {
        let (v, depth) = queue[head];
        head += 1;
        for &g in graph.groups_with_member(v as usize) {
            let g = g as usize;
            down_members[g] += 1;
            let n_members = graph.group_member_start[g + 1] - graph.group_member_start[g];
            let slack = n_members - graph.group_k[g];
            if down_members[g] == slack + 1 {
                let owner = graph.group_owner[g];
                if !down[owner as usize] {
                    down[owner as usize] = true;
                    queue.push((owner, depth + 1));
                    stopped.push(StoppedNode {
                        node: NodeIdx(owner),
                        depth: depth + 1,
                        tipped_by: NodeIdx(v),
                        requirement: GroupIdx(graph.group_orig[g]),
                    });
                }
            }
        }
    }

    let mut services: Vec<ServiceImpact> = queue
        .iter()
        .filter_map(|&(v, depth)| match &graph.data[v as usize] {
            NodeData::Service(s) => Some(ServiceImpact {
                service: NodeIdx(v),
                depth,
                population: s.criticality.population_served,
            }),
            NodeData::Asset(_) => None,
        })
        .collect();
    services.sort_unstable_by_key(|s| (s.depth, s.service));
    let population_max = services.iter().map(|s| s.population).max().unwrap_or(0);
    let population_sum = services.iter().fold(0u64, |acc, s| acc.saturating_add(s.population));
    Ok(BlastRadius {
        failed: failed_set,
        stopped,
        services,
        population_max,
        population_sum,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estate::tests::{asset, service, small};

    /// `reqs` = (owner, k, members); nodes 0..n_assets are assets, the rest services.
    fn check(n_assets: u32, n_services: u32, reqs: &[(u32, u32, &[u32])], failed: &[u32], expected_down: &[u32]) {
        let g = small(n_assets, n_services, reqs);
        let failed: Vec<NodeIdx> = failed.iter().map(|&i| NodeIdx(i)).collect();
        let b = blast_radius(&g, &failed).unwrap();
        let got: Vec<u32> = b.down_nodes().iter().map(|n| n.0).collect();
        assert_eq!(got, expected_down);
    }

    #[test]
    fn estate_blast_honours_redundancy() {
        // service 3 needs 2 of assets {0,1,2}
        let reqs: &[(u32, u32, &[u32])] = &[(3, 2, &[0, 1, 2])];
        check(3, 1, reqs, &[0], &[0]);
        check(3, 1, reqs, &[0, 1], &[0, 1, 3]);
        // chain: service 4 needs service 3; asset 1 needs asset 0 (switch)
        let reqs: &[(u32, u32, &[u32])] = &[(3, 1, &[1, 2]), (4, 1, &[3]), (1, 1, &[0])];
        check(3, 2, reqs, &[0], &[0, 1]);
        check(3, 2, reqs, &[0, 2], &[0, 1, 2, 3, 4]);
        // a cycle {1, 2} stays up until something under it fails
        let reqs: &[(u32, u32, &[u32])] = &[(1, 1, &[2]), (2, 1, &[1]), (2, 1, &[0])];
        check(1, 2, reqs, &[], &[]);
        check(1, 2, reqs, &[0], &[0, 1, 2]);
    }

    #[test]
    fn estate_blast_reports_depth_and_population() {
        let mut b = crate::estate::EstateBuilder::new();
        let z = b.add_zone(crate::estate::Zone::new(1, crate::estate::ZoneKind::ControlOt));
        let a = b.add_asset(10, asset(z));
        let s1 = b.add_service(20, service(1000));
        let s2 = b.add_service(21, service(5000));
        b.depends_on(s1, a);
        b.depends_on(s2, s1);
        let g = b.build().unwrap();
        let r = blast_radius(&g, &[a, a]).unwrap();
        assert_eq!(r.failed, vec![a]);
        assert_eq!(
            r.services,
            vec![
                ServiceImpact {
                    service: s1,
                    depth: 1,
                    population: 1000
                },
                ServiceImpact {
                    service: s2,
                    depth: 2,
                    population: 5000
                }
            ]
        );
        assert_eq!((r.population_max, r.population_sum), (5000, 6000));
        assert_eq!(r.stopped[1].tipped_by, s1);
        assert!(blast_radius(&g, &[NodeIdx(99)]).is_err());
    }
}
