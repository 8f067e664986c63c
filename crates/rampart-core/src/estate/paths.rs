//! Attack paths: the most likely ways from the internet or an untrusted zone
//! to the assets a service needs, each hop explained.
//!
//! The attack graph has a node for the internet, one per zone and one per
//! asset, and these directed edges (cost = −ln of the hop's likelihood, so
//! the cheapest path is the most likely one under independent hops):
//!
//! | edge | when | cost |
//! |---|---|---|
//! | internet → asset | the asset's exposure is [`Exposure::Internet`](super::Exposure::Internet) | −ln p_exploit(asset) |
//! | zone → zone | a conduit | −ln traversal_likelihood |
//! | zone → asset | the asset sits in the zone | −ln p_exploit(asset) |
//! | asset → zone | the asset sits in the zone (pivot) | 0 |
//! | asset → asset | a data flow from the first to the second | −ln p_exploit(second) |
//! | asset → asset | the second requires the first (a PLC trusts its switch) | −ln p_exploit(second) |
//!
//! Edges with likelihood 0 are left out. Between the same two nodes only the
//! cheapest edge counts. Sources are only entered at the start of a path and
//! targets end it (a path never runs through a source or a target), which is
//! the same as adding a super-source `S → every source` and a super-target
//! `every target → T` at cost 0 and asking for paths from `S` to `T`.
//!
//! [`k_shortest_paths`] is Yen's algorithm for loopless paths, with
//! Lawler's refinement (a new path only spurs from its deviation node on)
//! and a bound (a spur search gives up beyond the cost of the `(k − found)`-th
//! waiting candidate). Each spur search is an A* whose heuristic `h` comes
//! from one reverse Dijkstra from `T` per query, stopped as soon as `S` is
//! settled: settled nodes get their exact distance, the others the stopping
//! radius, a lower bound. `h` is admissible (removing nodes and edges only
//! lengthens distances) and A* reopens nodes when it finds a shorter way, so
//! every search is exact. Zones (and the internet) can have hundreds of
//! thousands of members, so their member edges are walked lazily: in the
//! reverse search a settled zone yields its members (pivot edges, cost 0)
//! one heap entry at a time; in the forward search a settled zone sorts its
//! members by `cost + h` once per query and yields them in that order, each
//! only when its `f = g + cost + h` is the smallest key. Cost per query:
//! O((V_r + E_r) log V_r) for the reverse search over the V_r nodes closer to
//! `T` than the best path, plus sorting the members of the zones the searches
//! cross, plus at most `k · L` spur searches (paths of at most `L` nodes),
//! each over the nodes whose `f` stays below its bound.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashSet};

use super::graph::EstateGraph;
use super::model::DataClasses;
use super::{ConduitIdx, EstateError, FlowIdx, GroupIdx, NodeIdx, Result, ZoneIdx};

/// A node of the attack graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AttackNode {
    /// The public internet.
    Internet,
    /// A network zone.
    Zone(ZoneIdx),
    /// An asset.
    Asset(NodeIdx),
}

/// Why a hop is possible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HopKind {
    /// The asset is reachable from the internet.
    ExposedToInternet,
    /// A conduit lets the first zone reach the second.
    ConduitZoneToZone {
        /// The conduit.
        conduit: ConduitIdx,
        /// The caller's protocol note for it.
        protocol_note: u32,
    },
    /// The asset sits in the zone the attacker is in.
    InZone,
    /// A compromised asset puts the attacker in its zone.
    PivotToZone,
    /// The compromised asset sends data to the next one.
    DataFlow {
        /// The flow.
        flow: FlowIdx,
        /// Whether the flow is encrypted in transit.
        encrypted: bool,
        /// What it carries.
        data_classes: DataClasses,
    },
    /// The next asset requires (and so trusts) the compromised one.
    TrustedDependency {
        /// The requirement of the next asset that lists the compromised one.
        requirement: GroupIdx,
    },
}

/// One step of an attack path.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hop {
    /// Where the attacker is.
    pub from: AttackNode,
    /// Where the attacker gets.
    pub to: AttackNode,
    /// Why.
    pub kind: HopKind,
    /// Likelihood of the step, `e^(−cost)`.
    pub likelihood: f64,
    /// Cost of the step, `−ln likelihood`.
    pub cost: f64,
}

/// An attack path from a source to a target.
#[derive(Debug, Clone, PartialEq)]
pub struct AttackPath {
    /// Where it starts (a source).
    pub start: AttackNode,
    /// The steps; empty when the start is itself a target.
    pub hops: Vec<Hop>,
    /// Total cost, the sum of the hops' costs.
    pub cost: f64,
    /// Likelihood of the whole path, `e^(−cost)`.
    pub likelihood: f64,
}

impl AttackPath {
    /// Where it ends (a target).
    pub fn end(&self) -> AttackNode {
        self.hops.last().map_or(self.start, |h| h.to)
    }
}

/// The estate seen as an attack graph, with hop costs from per-asset exploit
/// likelihoods. Cheap to build (two vectors); borrow it for many queries.
#[derive(Debug, Clone)]
pub struct AttackGraph<'g> {
    graph: &'g EstateGraph,
    /// −ln p_exploit per node (∞ for services and p = 0).
    entry_cost: Vec<f64>,
    /// −ln traversal likelihood per conduit.
    conduit_cost: Vec<f64>,
}

/// −ln p, never negative, ∞ for p = 0.
fn cost_of(p: f64) -> f64 {
    if p <= 0.0 { f64::INFINITY } else { (-p.ln()).max(0.0) }
}

/// Edge tags used while searching; turned into [`HopKind`] for the answer.
#[derive(Debug, Clone, Copy)]
enum Tag {
    Exposed,
    Conduit(u32),
    InZone,
    Pivot,
    Flow(u32),
    Dependency(u32),
    Virtual,
}

impl<'g> AttackGraph<'g> {
    /// Attack graph of `graph` with `p_exploit[v]`, the probability that an
    /// attacker with network access compromises asset `v` (see
    /// [`CompromiseModel::assess_estate`](super::compromise::CompromiseModel::assess_estate)).
    /// Entries for services are ignored.
    ///
    /// Errors: wrong length, or an asset's entry not a probability.
    pub fn new(graph: &'g EstateGraph, p_exploit: &[f64]) -> Result<Self> {
        let n = graph.node_count();
        if p_exploit.len() != n {
            return Err(EstateError::LengthMismatch {
                what: "p_exploit",
                expected: n,
                got: p_exploit.len(),
            });
        }
        let mut entry_cost = Vec::with_capacity(n);
        for (i, &p) in p_exploit.iter().enumerate() {
            if !graph.data[i].is_asset() {
                entry_cost.push(f64::INFINITY);
                continue;
            }
            if !(p.is_finite() && (0.0..=1.0).contains(&p)) {
                return Err(EstateError::InvalidNumber {
                    what: format!("p_exploit of node id {}", graph.ids[i]),
                    value: p,
                    expected: "a probability in [0, 1]",
                });
            }
            entry_cost.push(cost_of(p));
        }
        let conduit_cost = graph.conduits.iter().map(|c| cost_of(c.traversal_likelihood)).collect();
        Ok(AttackGraph {
            graph,
            entry_cost,
            conduit_cost,
        })
    }

    /// The estate.
    pub fn estate(&self) -> &'g EstateGraph {
        self.graph
    }

    /// The default attack sources: the internet and every untrusted zone.
    pub fn default_sources(&self) -> Vec<AttackNode> {
        let mut s = vec![AttackNode::Internet];
        s.extend(
            self.graph
                .zones
                .iter()
                .enumerate()
                .filter(|(_, z)| z.untrusted)
                .map(|(i, _)| AttackNode::Zone(ZoneIdx(i as u32))),
        );
        s
    }

    fn zones(&self) -> usize {
        self.graph.zones.len()
    }

    /// Dense id of an attack node: internet 0, zones 1.., assets after.
    fn id_of(&self, a: AttackNode) -> Result<u32> {
        match a {
            AttackNode::Internet => Ok(0),
            AttackNode::Zone(z) => {
                self.graph.check_zone(z)?;
                Ok(1 + z.0)
            }
            AttackNode::Asset(v) => {
                let i = self.graph.check_node(v)?;
                if self.graph.data[i].is_asset() {
                    Ok(1 + self.zones() as u32 + v.0)
                } else {
                    Err(EstateError::NotAnAsset {
                        what: "attack path end".to_owned(),
                        node_id: self.graph.ids[i],
                    })
                }
            }
        }
    }

    fn node_of(&self, id: u32) -> AttackNode {
        let z = self.zones() as u32;
        if id == 0 {
            AttackNode::Internet
        } else if id <= z {
            AttackNode::Zone(ZoneIdx(id - 1))
        } else {
            AttackNode::Asset(NodeIdx(id - 1 - z))
        }
    }

    /// Real out-edges of attack node `u`: `(head, cost, tag)`, finite costs only.
    fn out_edges(&self, u: u32, mut f: impl FnMut(u32, f64, Tag)) {
        let g = self.graph;
        let z = self.zones() as u32;
        let asset = |v: u32| 1 + z + v;
        if u == 0 {
            for &a in &g.internet_exposed {
                let c = self.entry_cost[a as usize];
                if c.is_finite() {
                    f(asset(a), c, Tag::Exposed);
                }
            }
        } else if u <= z {
            let zi = (u - 1) as usize;
            for &ci in &g.conduit_out[g.conduit_out_start[zi] as usize..g.conduit_out_start[zi + 1] as usize] {
                let c = self.conduit_cost[ci as usize];
                if c.is_finite() {
                    f(1 + g.conduits[ci as usize].to.0, c, Tag::Conduit(ci));
                }
            }
            for &a in &g.zone_nodes[g.zone_node_start[zi] as usize..g.zone_node_start[zi + 1] as usize] {
                let c = self.entry_cost[a as usize];
                if c.is_finite() {
                    f(asset(a), c, Tag::InZone);
                }
            }
        } else {
            let a = (u - 1 - z) as usize;
            for &zz in &g.node_zones[g.node_zone_start[a] as usize..g.node_zone_start[a + 1] as usize] {
                f(1 + zz, 0.0, Tag::Pivot);
            }
            for &fi in &g.flow_out[g.flow_out_start[a] as usize..g.flow_out_start[a + 1] as usize] {
                let to = g.flows[fi as usize].to.0;
                let c = self.entry_cost[to as usize];
                if c.is_finite() {
                    f(asset(to), c, Tag::Flow(fi));
                }
            }
            for &gi in g.groups_with_member(a) {
                let owner = g.group_owner[gi as usize];
                let c = self.entry_cost[owner as usize];
                if c.is_finite() {
                    f(asset(owner), c, Tag::Dependency(gi));
                }
            }
        }
    }
}

impl AttackGraph<'_> {
    /// Members of the internet (exposed assets) or of a zone, as estate node indices.
    fn members(&self, u: u32) -> &[u32] {
        let g = self.graph;
        let z = self.zones() as u32;
        if u == 0 {
            &g.internet_exposed
        } else if u <= z {
            let zi = (u - 1) as usize;
            &g.zone_nodes[g.zone_node_start[zi] as usize..g.zone_node_start[zi + 1] as usize]
        } else {
            &[]
        }
    }

    /// Real in-edges of attack node `v`: `(tail, cost)`, finite costs only,
    /// except the pivot edges from a zone's members (see [`Query::reverse_distances`]).
    fn in_edges(&self, v: u32, mut f: impl FnMut(u32, f64)) {
        let g = self.graph;
        let z = self.zones() as u32;
        let asset = |a: u32| 1 + z + a;
        if v == 0 {
            return;
        }
        if v <= z {
            let zi = (v - 1) as usize;
            for &ci in &g.conduit_in[g.conduit_in_start[zi] as usize..g.conduit_in_start[zi + 1] as usize] {
                let c = self.conduit_cost[ci as usize];
                if c.is_finite() {
                    f(1 + g.conduits[ci as usize].from.0, c);
                }
            }
            // the pivot edges member → zone are walked lazily by the caller
            return;
        }
        let a = (v - 1 - z) as usize;
        let c = self.entry_cost[a];
        if !c.is_finite() {
            return;
        }
        if g.internet_exposed.binary_search(&(a as u32)).is_ok() {
            f(0, c);
        }
        for &zz in &g.node_zones[g.node_zone_start[a] as usize..g.node_zone_start[a + 1] as usize] {
            f(1 + zz, c);
        }
        for &fi in &g.flow_in[g.flow_in_start[a] as usize..g.flow_in_start[a + 1] as usize] {
            f(asset(g.flows[fi as usize].from.0), c);
        }
        for &m in g.node_members(a) {
            if g.data[m as usize].is_asset() {
                f(asset(m), c);
            }
        }
    }
}

/// How far past the best path's cost the reverse search goes (in cost
/// units, −ln likelihood). Farther nodes get a lower-bound heuristic: A*
/// stays exact, only less guided there.
const REVERSE_REACH: f64 = 0.0;

/// No cursor: a heap entry for a node.
const NO_CURSOR: u32 = u32::MAX;

/// A heap entry ordered by smallest `key`, then smallest node. With
/// `cursor == NO_CURSOR` it is the node `node` reached at distance `g`;
/// otherwise it is the `cursor`-th member (in `cost + h` order) of zone or
/// internet `node`, reached at distance `g`. `key = g + h`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Entry {
    key: f64,
    g: f64,
    node: u32,
    cursor: u32,
}

impl Eq for Entry {}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .key
            .total_cmp(&self.key)
            .then_with(|| other.node.cmp(&self.node))
            .then_with(|| other.cursor.cmp(&self.cursor))
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// One query: the attack graph with its virtual super-source and super-target.
struct Query<'a, 'g> {
    ag: &'a AttackGraph<'g>,
    is_source: Vec<bool>,
    is_target: Vec<bool>,
    sources: Vec<u32>,
    targets: Vec<u32>,
    s: u32,
    t: u32,
    /// The A* heuristic: a lower bound of the distance to `t` in the full
    /// graph (exact for the nodes the reverse search settled; ∞ only if that
    /// search ran to the end and never reached the node).
    h: Vec<f64>,
    /// Per zone (and the internet, index 0): its members as attack ids,
    /// sorted by `cost + h`, those that cannot reach `t` left out. Filled the
    /// first time a search settles the zone.
    sorted: Vec<Option<Vec<u32>>>,
    dist: Vec<f64>,
    prev: Vec<u32>,
    touched: Vec<u32>,
    blocked: Vec<u32>,
    stamp: u32,
    heap: BinaryHeap<Entry>,
}

impl Query<'_, '_> {
    /// In-edges with the source/target rules and the virtual nodes: the
    /// exact mirror of the out-edges used by [`Query::spur`].
    fn inn(&self, v: u32, mut f: impl FnMut(u32, f64)) {
        if v == self.t {
            for &x in &self.targets {
                f(x, 0.0);
            }
        } else if v == self.s {
        } else if self.is_source[v as usize] {
            f(self.s, 0.0);
        } else {
            self.ag.in_edges(v, |u, c| {
                if !self.is_target[u as usize] {
                    f(u, c);
                }
            });
        }
    }

    /// Reverse Dijkstra from `t`, stopped once it is [`REVERSE_REACH`] past
    /// the source side: nodes not settled by then get the stopping radius,
    /// a lower bound of their distance.
    fn reverse_distances(&mut self) {
        let len = self.h.len();
        let mut h = vec![f64::INFINITY; len];
        let mut settled = vec![false; len];
        let mut heap = BinaryHeap::new();
        h[self.t as usize] = 0.0;
        heap.push(Entry {
            key: 0.0,
            g: 0.0,
            node: self.t,
            cursor: NO_CURSOR,
        });
        let mut stop_at = f64::INFINITY;
        let mut radius = f64::INFINITY;
        let zones = self.ag.zones() as u32;
        while let Some(Entry { g, node, cursor, .. }) = heap.pop() {
            if cursor != NO_CURSOR {
                // pivot edges into zone `node`: its members, one at a time, all at distance g
                let members = self.ag.members(node);
                if (cursor as usize + 1) < members.len() {
                    heap.push(Entry {
                        key: g,
                        g,
                        node,
                        cursor: cursor + 1,
                    });
                }
                if let Some(&a) = members.get(cursor as usize) {
                    let u = (1 + zones + a) as usize;
                    if !self.is_target[u] && g < h[u] {
                        h[u] = g;
                        heap.push(Entry {
                            key: g,
                            g,
                            node: u as u32,
                            cursor: NO_CURSOR,
                        });
                    }
                }
                continue;
            }
            if g > h[node as usize] {
                continue;
            }
            if g > stop_at {
                radius = g;
                break;
            }
            settled[node as usize] = true;
            if node == self.s {
                stop_at = g + REVERSE_REACH;
            }
            if node >= 1 && node <= zones && !self.is_source[node as usize] && !self.ag.members(node).is_empty() {
                heap.push(Entry {
                    key: g,
                    g,
                    node,
                    cursor: 0,
                });
            }
            self.inn(node, |u, c| {
                let ng = g + c;
                if ng < h[u as usize] {
                    h[u as usize] = ng;
                    heap.push(Entry {
                        key: ng,
                        g: ng,
                        node: u,
                        cursor: NO_CURSOR,
                    });
                }
            });
        }
        if radius.is_finite() {
            for (hv, s) in h.iter_mut().zip(&settled) {
                if !s {
                    *hv = radius;
                }
            }
        }
        self.h = h;
    }

    /// The members of zone or internet `u` in `cost + h` order, sorting them
    /// on first use.
    fn sorted_members(&mut self, u: u32) -> &[u32] {
        let slot = u as usize;
        if slot >= self.sorted.len() {
            return &[];
        }
        if self.sorted[slot].is_none() {
            let z = self.ag.zones() as u32;
            let ag = self.ag;
            let h = &self.h;
            let f = |a: u32| ag.entry_cost[a as usize] + h[(1 + z + a) as usize];
            let mut list: Vec<u32> = ag.members(u).iter().copied().filter(|&a| f(a).is_finite()).collect();
            list.sort_unstable_by(|&a, &b| f(a).total_cmp(&f(b)).then(a.cmp(&b)));
            for a in &mut list {
                *a += 1 + z;
            }
            self.sorted[slot] = Some(list);
        }
        self.sorted[slot].as_deref().unwrap_or(&[])
    }

    /// Pushes the `i`-th sorted member of `u` (settled at `g`), if any.
    fn push_cursor(&mut self, u: u32, i: u32, g: f64) {
        let Some(&v) = self.sorted_members(u).get(i as usize) else {
            return;
        };
        let c = self.ag.entry_cost[(v - 1 - self.ag.zones() as u32) as usize];
        self.heap.push(Entry {
            key: g + c + self.h[v as usize],
            g: g + c,
            node: u,
            cursor: i,
        });
    }

    /// Relaxes `u → v` reaching `v` at `g`, unless `v` is excluded.
    fn relax(&mut self, u: u32, v: u32, g: f64, from: u32, banned: &[u32]) {
        let vi = v as usize;
        if self.blocked[vi] == self.stamp || (self.is_source[vi] && u != self.s) || !self.h[vi].is_finite() {
            return;
        }
        if u == from && banned.contains(&v) {
            return;
        }
        if g < self.dist[vi] {
            if self.dist[vi].is_infinite() {
                self.touched.push(v);
            }
            self.dist[vi] = g;
            self.prev[vi] = u;
            self.heap.push(Entry {
                key: g + self.h[vi],
                g,
                node: v,
                cursor: NO_CURSOR,
            });
        }
    }

    /// A* from `from` to `t`, avoiding nodes stamped in `blocked` and the
    /// edges `from → x` for `x` in `banned`, giving up on paths costing more
    /// than `limit`. Returns the node sequence (starting at `from`) and the
    /// cost of each prefix.
    fn spur(&mut self, from: u32, banned: &[u32], limit: f64) -> Option<(Vec<u32>, Vec<f64>)> {
        for &v in &self.touched {
            self.dist[v as usize] = f64::INFINITY;
        }
        self.touched.clear();
        self.heap.clear();
        if !self.h[from as usize].is_finite() {
            return None;
        }
        self.dist[from as usize] = 0.0;
        self.touched.push(from);
        self.heap.push(Entry {
            key: self.h[from as usize],
            g: 0.0,
            node: from,
            cursor: NO_CURSOR,
        });
        let mut edges: Vec<(u32, f64)> = Vec::new();
        let mut found = false;
        while let Some(Entry { key, g, node, cursor }) = self.heap.pop() {
            if key > limit {
                // every remaining path costs more than the caller can use
                break;
            }
            if cursor != NO_CURSOR {
                // the next member of a zone (or of the internet) in f order
                let base = self.dist[node as usize];
                self.push_cursor(node, cursor + 1, base);
                if let Some(&v) = self.sorted_members(node).get(cursor as usize) {
                    self.relax(node, v, g, from, banned);
                }
                continue;
            }
            if g > self.dist[node as usize] {
                continue;
            }
            if node == self.t {
                found = true;
                break;
            }
            edges.clear();
            if node == self.s {
                edges.extend(self.sources.iter().map(|&x| (x, 0.0)));
            } else if self.is_target[node as usize] {
                edges.push((self.t, 0.0));
            } else {
                self.push_cursor(node, 0, g);
                self.ag.out_edges(node, |v, c, tag| {
                    if !matches!(tag, Tag::Exposed | Tag::InZone) {
                        edges.push((v, c));
                    }
                });
            }
            for &(v, c) in &edges {
                self.relax(node, v, g + c, from, banned);
            }
        }
        if !found {
            return None;
        }
        let mut nodes = vec![self.t];
        let mut v = self.t;
        while v != from {
            v = self.prev[v as usize];
            nodes.push(v);
        }
        nodes.reverse();
        let costs = nodes.iter().map(|&v| self.dist[v as usize]).collect();
        Some((nodes, costs))
    }
}

/// A candidate path in Yen's algorithm, ordered by smallest cost, then nodes.
#[derive(Debug, Clone, PartialEq)]
struct Candidate {
    cost: f64,
    nodes: Vec<u32>,
    prefix: Vec<f64>,
    /// Index of the node where it deviates from the path it was derived from.
    deviation: usize,
}

impl Eq for Candidate {}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .cost
            .total_cmp(&self.cost)
            .then_with(|| other.nodes.cmp(&self.nodes))
    }
}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The most likely attack path from any of `sources` to any of `targets`,
/// or `None` if no target is reachable.
pub fn shortest_path(ag: &AttackGraph<'_>, sources: &[AttackNode], targets: &[NodeIdx]) -> Result<Option<AttackPath>> {
    Ok(k_shortest_paths(ag, sources, targets, 1)?.into_iter().next())
}

/// The `k` most likely loopless attack paths from any of `sources` to any of
/// `targets` (Yen's algorithm), most likely first; fewer if fewer exist.
///
/// Errors: a source or target that is not in the estate, or a target that is
/// a service (pass [`EstateGraph::service_assets`] instead).
pub fn k_shortest_paths(
    ag: &AttackGraph<'_>,
    sources: &[AttackNode],
    targets: &[NodeIdx],
    k: usize,
) -> Result<Vec<AttackPath>> {
    let real = 1 + ag.zones() + ag.graph.node_count();
    let total = real + 2;
    let mut q = Query {
        ag,
        is_source: vec![false; total],
        is_target: vec![false; total],
        sources: Vec::new(),
        targets: Vec::new(),
        s: real as u32,
        t: real as u32 + 1,
        h: vec![f64::INFINITY; total],
        sorted: vec![None; 1 + ag.zones()],
        dist: vec![f64::INFINITY; total],
        prev: vec![u32::MAX; total],
        touched: Vec::new(),
        blocked: vec![0; total],
        // blocked[v] == stamp marks v blocked; 1 blocks nothing yet
        stamp: 1,
        heap: BinaryHeap::new(),
    };
    for &s in sources {
        let id = ag.id_of(s)?;
        if !std::mem::replace(&mut q.is_source[id as usize], true) {
            q.sources.push(id);
        }
    }
    for &t in targets {
        let id = ag.id_of(AttackNode::Asset(t))?;
        if !std::mem::replace(&mut q.is_target[id as usize], true) {
            q.targets.push(id);
        }
    }
    if k == 0 || q.sources.is_empty() || q.targets.is_empty() {
        return Ok(Vec::new());
    }
    q.reverse_distances();

    let mut found: Vec<Candidate> = Vec::new();
    let Some((nodes, prefix)) = q.spur(q.s, &[], f64::INFINITY) else {
        return Ok(Vec::new());
    };
    let mut seen: HashSet<Vec<u32>> = HashSet::new();
    seen.insert(nodes.clone());
    found.push(Candidate {
        cost: prefix.last().copied().unwrap_or(0.0),
        nodes,
        prefix,
        deviation: 0,
    });
    let mut heap: BinaryHeap<Candidate> = BinaryHeap::new();

    while found.len() < k {
        let last = found.len() - 1;
        let last_len = found[last].nodes.len();
        // A spur path is useless if it costs more than the (k − found)-th
        // best candidate already waiting.
        let mut bound = candidate_bound(&heap, k - found.len());
        // Lawler: spurs before the deviation node were explored for the parent path.
        for j in found[last].deviation..last_len.saturating_sub(1) {
            let (spur_node, root_cost) = (found[last].nodes[j], found[last].prefix[j]);
            let root = &found[last].nodes[..=j];
            let banned: Vec<u32> = found
                .iter()
                .filter(|p| p.nodes.len() > j + 1 && p.nodes[..=j] == *root)
                .map(|p| p.nodes[j + 1])
                .collect();
            q.stamp += 1;
            for &v in &found[last].nodes[..j] {
                q.blocked[v as usize] = q.stamp;
            }
            let Some((spur_nodes, spur_prefix)) = q.spur(spur_node, &banned, bound - root_cost) else {
                continue;
            };
            let mut nodes = found[last].nodes[..j].to_vec();
            let mut prefix = found[last].prefix[..j].to_vec();
            nodes.extend_from_slice(&spur_nodes);
            prefix.extend(spur_prefix.iter().map(|c| root_cost + c));
            if seen.insert(nodes.clone()) {
                let cost = prefix.last().copied().unwrap_or(0.0);
                heap.push(Candidate {
                    cost,
                    nodes,
                    prefix,
                    deviation: j,
                });
                bound = candidate_bound(&heap, k - found.len());
            }
        }
        match heap.pop() {
            Some(c) => found.push(c),
            None => break,
        }
    }

    Ok(found.iter().map(|c| explain(ag, &q, &c.nodes)).collect())
}

/// The `need`-th smallest cost among `heap`'s candidates, ∞ if it has fewer.
fn candidate_bound(heap: &BinaryHeap<Candidate>, need: usize) -> f64 {
    if need == 0 || heap.len() < need {
        return f64::INFINITY;
    }
    let mut costs: Vec<f64> = heap.iter().map(|c| c.cost).collect();
    let (_, nth, _) = costs.select_nth_unstable_by(need - 1, f64::total_cmp);
    *nth
}

/// Turns a node sequence `S, x1, …, xm, T` into an [`AttackPath`], choosing
/// the cheapest edge for each hop.
fn explain(ag: &AttackGraph<'_>, q: &Query<'_, '_>, nodes: &[u32]) -> AttackPath {
    let real: Vec<u32> = nodes.iter().copied().filter(|&v| v != q.s && v != q.t).collect();
    let mut hops = Vec::with_capacity(real.len().saturating_sub(1));
    for w in real.windows(2) {
        let (u, v) = (w[0], w[1]);
        let mut best: Option<(f64, Tag)> = None;
        ag.out_edges(u, |x, c, tag| {
            if x == v && best.is_none_or(|(bc, _)| c < bc) {
                best = Some((c, tag));
            }
        });
        let (cost, tag) = best.unwrap_or((f64::INFINITY, Tag::Virtual));
        let g = ag.graph;
        let kind = match tag {
            Tag::Exposed | Tag::Virtual => HopKind::ExposedToInternet,
            Tag::Conduit(c) => HopKind::ConduitZoneToZone {
                conduit: ConduitIdx(c),
                protocol_note: g.conduits[c as usize].protocol_note,
            },
            Tag::InZone => HopKind::InZone,
            Tag::Pivot => HopKind::PivotToZone,
            Tag::Flow(f) => {
                let flow = &g.flows[f as usize];
                HopKind::DataFlow {
                    flow: FlowIdx(f),
                    encrypted: flow.encrypted,
                    data_classes: flow.data_classes,
                }
            }
            Tag::Dependency(gi) => HopKind::TrustedDependency {
                requirement: GroupIdx(g.group_orig[gi as usize]),
            },
        };
        hops.push(Hop {
            from: ag.node_of(u),
            to: ag.node_of(v),
            kind,
            likelihood: (-cost).exp(),
            cost,
        });
    }
    let cost: f64 = hops.iter().map(|h| h.cost).sum();
    AttackPath {
        start: real.first().map_or(AttackNode::Internet, |&v| ag.node_of(v)),
        hops,
        cost,
        likelihood: (-cost).exp(),
    }
}
