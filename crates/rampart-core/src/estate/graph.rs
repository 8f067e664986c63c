//! The compact estate graph: dense `u32` indices and compressed sparse rows
//! (CSR), built once by [`EstateBuilder::build`] and then only read.
//!
//! Layout. Requirement groups are re-ordered by owner so that the members of
//! all requirements of node `v` are one contiguous slice; the builder's
//! [`GroupIdx`] is kept for reporting. Reverse rows (member → groups that list
//! it, asset → flows in and out, zone → assets, zone → conduits in and
//! out) make every traversal a slice walk. No per-node hash maps: the only map, caller id →
//! index, is a sorted vector searched by bisection.

use super::model::{AssetProfile, Conduit, CriticalityPolicy, DataFlow, Exposure, ServiceProfile, Zone};
use super::scc::{self, Components};
use super::{ConduitIdx, EstateError, FlowIdx, GroupIdx, NodeIdx, Result, ZoneIdx};

/// Largest count of anything; `u32::MAX` itself is reserved as "none".
const MAX_COUNT: usize = u32::MAX as usize - 1;

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NodeData {
    /// A device.
    Asset(AssetProfile),
    /// A city service.
    Service(ServiceProfile),
}

impl NodeData {
    /// The asset profile, if this is an asset.
    pub fn as_asset(&self) -> Option<&AssetProfile> {
        match self {
            NodeData::Asset(a) => Some(a),
            NodeData::Service(_) => None,
        }
    }

    /// The service profile, if this is a service.
    pub fn as_service(&self) -> Option<&ServiceProfile> {
        match self {
            NodeData::Service(s) => Some(s),
            NodeData::Asset(_) => None,
        }
    }

    /// Whether this is an asset.
    pub fn is_asset(&self) -> bool {
        matches!(self, NodeData::Asset(_))
    }
}

/// Collects an estate; [`EstateBuilder::build`] validates it and produces an
/// [`EstateGraph`]. Adding never fails: every check happens in `build`, so
/// members may name nodes that are added later.
#[derive(Debug, Clone, Default)]
pub struct EstateBuilder {
    ids: Vec<i64>,
    data: Vec<NodeData>,
    zones: Vec<Zone>,
    conduits: Vec<Conduit>,
    group_owner: Vec<u32>,
    group_k: Vec<u32>,
    /// Group `g`'s members are `members[group_end[g - 1]..group_end[g]]`.
    group_end: Vec<usize>,
    members: Vec<u32>,
    flows: Vec<DataFlow>,
    interfaces: Vec<(u32, u32)>,
}

fn idx32(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

impl EstateBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty builder with room for `nodes` nodes, `members` requirement
    /// members and `flows` data flows.
    pub fn with_capacity(nodes: usize, members: usize, flows: usize) -> Self {
        EstateBuilder {
            ids: Vec::with_capacity(nodes),
            data: Vec::with_capacity(nodes),
            group_owner: Vec::with_capacity(nodes),
            group_k: Vec::with_capacity(nodes),
            group_end: Vec::with_capacity(nodes),
            members: Vec::with_capacity(members),
            flows: Vec::with_capacity(flows),
            ..Self::default()
        }
    }

    /// Adds a zone.
    pub fn add_zone(&mut self, zone: Zone) -> ZoneIdx {
        self.zones.push(zone);
        ZoneIdx(idx32(self.zones.len() - 1))
    }

    /// Adds a conduit between two zones.
    pub fn add_conduit(&mut self, conduit: Conduit) -> ConduitIdx {
        self.conduits.push(conduit);
        ConduitIdx(idx32(self.conduits.len() - 1))
    }

    /// Adds an asset with the caller's id.
    pub fn add_asset(&mut self, id: i64, profile: AssetProfile) -> NodeIdx {
        self.ids.push(id);
        self.data.push(NodeData::Asset(profile));
        NodeIdx(idx32(self.ids.len() - 1))
    }

    /// Adds a service with the caller's id.
    pub fn add_service(&mut self, id: i64, profile: ServiceProfile) -> NodeIdx {
        self.ids.push(id);
        self.data.push(NodeData::Service(profile));
        NodeIdx(idx32(self.ids.len() - 1))
    }

    /// Adds a requirement to `node`: it needs at least `k` of `members` up.
    pub fn require(&mut self, node: NodeIdx, k: u32, members: &[NodeIdx]) -> GroupIdx {
        self.group_owner.push(node.0);
        self.group_k.push(k);
        self.members.extend(members.iter().map(|m| m.0));
        self.group_end.push(self.members.len());
        GroupIdx(idx32(self.group_owner.len() - 1))
    }

    /// Adds a plain (1-of-1) dependency of `node` on `member`.
    pub fn depends_on(&mut self, node: NodeIdx, member: NodeIdx) -> GroupIdx {
        self.require(node, 1, &[member])
    }

    /// Places an asset in one more zone (multi-homed gateways, jump hosts).
    pub fn add_interface(&mut self, asset: NodeIdx, zone: ZoneIdx) {
        self.interfaces.push((asset.0, zone.0));
    }

    /// Adds a data flow between two assets.
    pub fn add_flow(&mut self, flow: DataFlow) -> FlowIdx {
        self.flows.push(flow);
        FlowIdx(idx32(self.flows.len() - 1))
    }

    /// Number of nodes added so far.
    pub fn node_count(&self) -> usize {
        self.ids.len()
    }

    /// Validates the estate and builds the graph.
    ///
    /// Errors: counts beyond 32-bit indices, duplicate node or zone ids,
    /// out-of-range indices, thresholds outside `1 <= k <= n`, a member listed
    /// twice in one requirement, data flows or interfaces on services, CVSS
    /// scores outside [0, 10], conduit likelihoods outside [0, 1].
    pub fn build(self) -> Result<EstateGraph> {
        let n = self.ids.len();
        for (what, len) in [
            ("nodes", n),
            ("zones", self.zones.len()),
            ("conduits", self.conduits.len()),
            ("requirements", self.group_owner.len()),
            ("requirement members", self.members.len()),
            ("data flows", self.flows.len()),
            ("interfaces", self.interfaces.len() + n),
        ] {
            if len > MAX_COUNT {
                return Err(EstateError::TooLarge {
                    what,
                    max: MAX_COUNT as u64,
                });
            }
        }
        let nz = self.zones.len();
        let node_len = n as u32;
        let zone_len = nz as u32;
        let check_node = |index: u32| -> Result<usize> {
            if (index as usize) < n {
                Ok(index as usize)
            } else {
                Err(EstateError::NodeOutOfRange { index, len: node_len })
            }
        };
        let check_zone = |index: u32| -> Result<usize> {
            if (index as usize) < nz {
                Ok(index as usize)
            } else {
                Err(EstateError::ZoneOutOfRange { index, len: zone_len })
            }
        };

        // Caller ids must be unique, so results map back unambiguously.
        let mut id_index: Vec<(i64, u32)> = self.ids.iter().enumerate().map(|(i, &id)| (id, i as u32)).collect();
        id_index.sort_unstable();
        if let Some(w) = id_index.windows(2).find(|w| w[0].0 == w[1].0) {
            return Err(EstateError::DuplicateNodeId { id: w[0].0 });
        }
        let mut zone_ids: Vec<i64> = self.zones.iter().map(|z| z.id).collect();
        zone_ids.sort_unstable();
        if let Some(w) = zone_ids.windows(2).find(|w| w[0] == w[1]) {
            return Err(EstateError::DuplicateZoneId { id: w[0] });
        }

        for (i, d) in self.data.iter().enumerate() {
            if let NodeData::Asset(a) = d {
                check_zone(a.zone.0)?;
                let c = a.vulns.max_cvss;
                if !(c.is_finite() && (0.0..=10.0).contains(&c)) {
                    return Err(EstateError::InvalidNumber {
                        what: format!("max_cvss of node id {}", self.ids[i]),
                        value: f64::from(c),
                        expected: "a finite number in [0, 10]",
                    });
                }
            }
        }
        for (i, c) in self.conduits.iter().enumerate() {
            check_zone(c.from.0)?;
            check_zone(c.to.0)?;
            let p = c.traversal_likelihood;
            if !(p.is_finite() && (0.0..=1.0).contains(&p)) {
                return Err(EstateError::InvalidNumber {
                    what: format!("traversal_likelihood of conduit {i}"),
                    value: p,
                    expected: "a finite probability in [0, 1]",
                });
            }
        }

        // Requirements: owner and members in range, 1 <= k <= n, no repeats.
        let mut stamp = vec![u32::MAX; n];
        let mut begin = 0usize;
        for (g, &end) in self.group_end.iter().enumerate() {
            let owner = check_node(self.group_owner[g])?;
            let members = &self.members[begin..end];
            let k = self.group_k[g];
            let len = members.len() as u32;
            if k == 0 || k > len {
                return Err(EstateError::InvalidThreshold {
                    group: g as u32,
                    node_id: self.ids[owner],
                    k,
                    n: len,
                });
            }
            for &m in members {
                let mi = check_node(m)?;
                if stamp[mi] == g as u32 {
                    return Err(EstateError::DuplicateMember {
                        group: g as u32,
                        node_id: self.ids[owner],
                        member_id: self.ids[mi],
                    });
                }
                stamp[mi] = g as u32;
            }
            begin = end;
        }
        drop(stamp);

        let asset_check = |what: &dyn Fn() -> String, index: u32| -> Result<usize> {
            let i = check_node(index)?;
            if self.data[i].is_asset() {
                Ok(i)
            } else {
                Err(EstateError::NotAnAsset {
                    what: what(),
                    node_id: self.ids[i],
                })
            }
        };
        for &(a, z) in &self.interfaces {
            asset_check(&|| "interface".to_owned(), a)?;
            check_zone(z)?;
        }
        for (f, flow) in self.flows.iter().enumerate() {
            asset_check(&|| format!("data flow {f} source"), flow.from.0)?;
            asset_check(&|| format!("data flow {f} destination"), flow.to.0)?;
        }

        Ok(self.assemble(id_index))
    }

    /// Builds the CSR rows of a validated estate.
    fn assemble(self, id_index: Vec<(i64, u32)>) -> EstateGraph {
        let n = self.ids.len();
        let nz = self.zones.len();
        let ng = self.group_owner.len();

        // Groups sorted by owner (stable, so a node's requirements keep their order).
        let (node_group_start, group_orig) = csr(n, ng, |g| self.group_owner[g] as usize, |g| g as u32);
        let mut group_k = Vec::with_capacity(ng);
        let mut group_owner = Vec::with_capacity(ng);
        let mut group_member_start = Vec::with_capacity(ng + 1);
        let mut members = Vec::with_capacity(self.members.len());
        group_member_start.push(0u32);
        for &g in &group_orig {
            let g = g as usize;
            let begin = if g == 0 { 0 } else { self.group_end[g - 1] };
            members.extend_from_slice(&self.members[begin..self.group_end[g]]);
            group_member_start.push(members.len() as u32);
            group_k.push(self.group_k[g]);
            group_owner.push(self.group_owner[g]);
        }
        drop(self.members);
        drop(self.group_end);

        // member -> internal groups that list it
        let mut member_group = Vec::with_capacity(members.len());
        for g in 0..ng {
            for _ in group_member_start[g]..group_member_start[g + 1] {
                member_group.push(g as u32);
            }
        }
        let (dependant_start, dependant_groups) = csr(n, members.len(), |i| members[i] as usize, |i| member_group[i]);
        drop(member_group);

        // Zones of each asset: primary first, then distinct extra interfaces.
        let mut extra = self.interfaces;
        extra.sort_unstable();
        extra.dedup();
        extra.retain(|&(a, z)| match self.data[a as usize] {
            NodeData::Asset(p) => p.zone.0 != z,
            NodeData::Service(_) => false,
        });
        let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(n + extra.len());
        for (i, d) in self.data.iter().enumerate() {
            if let NodeData::Asset(a) = d {
                pairs.push((i as u32, a.zone.0));
            }
        }
        pairs.extend_from_slice(&extra);
        let (node_zone_start, node_zones) = csr(n, pairs.len(), |i| pairs[i].0 as usize, |i| pairs[i].1);
        let (zone_node_start, zone_nodes) = csr(nz, pairs.len(), |i| pairs[i].1 as usize, |i| pairs[i].0);
        drop(pairs);

        let nc = self.conduits.len();
        let conduits = self.conduits;
        let (conduit_out_start, conduit_out) = csr(nz, nc, |c| conduits[c].from.index(), |c| c as u32);
        let (conduit_in_start, conduit_in) = csr(nz, nc, |c| conduits[c].to.index(), |c| c as u32);

        let nf = self.flows.len();
        let flows = self.flows;
        let (flow_out_start, flow_out) = csr(n, nf, |f| flows[f].from.index(), |f| f as u32);
        let (flow_in_start, flow_in) = csr(n, nf, |f| flows[f].to.index(), |f| f as u32);

        let internet_exposed = self
            .data
            .iter()
            .enumerate()
            .filter(|(_, d)| matches!(d, NodeData::Asset(a) if a.exposure == Exposure::Internet))
            .map(|(i, _)| i as u32)
            .collect();

        let components = scc::tarjan(n, &members, |v| {
            let gs = node_group_start[v] as usize;
            let ge = node_group_start[v + 1] as usize;
            (group_member_start[gs] as usize, group_member_start[ge] as usize)
        });

        EstateGraph {
            ids: self.ids,
            data: self.data,
            id_index,
            zones: self.zones,
            conduits,
            node_group_start,
            group_k,
            group_member_start,
            members,
            group_owner,
            group_orig,
            dependant_start,
            dependant_groups,
            node_zone_start,
            node_zones,
            zone_node_start,
            zone_nodes,
            conduit_out_start,
            conduit_out,
            conduit_in_start,
            conduit_in,
            flows,
            flow_out_start,
            flow_out,
            flow_in_start,
            flow_in,
            internet_exposed,
            components,
        }
    }
}

/// Counting sort of `len` items into `n_keys` rows: returns `(start, values)`
/// with row `r` = `values[start[r]..start[r + 1]]`, items in input order.
fn csr(n_keys: usize, len: usize, key: impl Fn(usize) -> usize, value: impl Fn(usize) -> u32) -> (Vec<u32>, Vec<u32>) {
    let mut start = vec![0u32; n_keys + 1];
    for i in 0..len {
        start[key(i) + 1] += 1;
    }
    for r in 0..n_keys {
        start[r + 1] += start[r];
    }
    let mut fill = start.clone();
    let mut values = vec![0u32; len];
    for i in 0..len {
        let k = key(i);
        values[fill[k] as usize] = value(i);
        fill[k] += 1;
    }
    (start, values)
}

/// A validated estate in compact form. Build it with [`EstateBuilder`].
#[derive(Debug, Clone)]
pub struct EstateGraph {
    pub(crate) ids: Vec<i64>,
    pub(crate) data: Vec<NodeData>,
    id_index: Vec<(i64, u32)>,
    pub(crate) zones: Vec<Zone>,
    pub(crate) conduits: Vec<Conduit>,
    /// Node `v`'s requirements are internal groups `node_group_start[v]..node_group_start[v + 1]`.
    pub(crate) node_group_start: Vec<u32>,
    pub(crate) group_k: Vec<u32>,
    /// Internal group `g`'s members are `members[group_member_start[g]..group_member_start[g + 1]]`.
    pub(crate) group_member_start: Vec<u32>,
    pub(crate) members: Vec<u32>,
    pub(crate) group_owner: Vec<u32>,
    /// Internal group → builder's [`GroupIdx`].
    pub(crate) group_orig: Vec<u32>,
    /// Node `m` is a member of internal groups `dependant_groups[dependant_start[m]..dependant_start[m + 1]]`.
    pub(crate) dependant_start: Vec<u32>,
    pub(crate) dependant_groups: Vec<u32>,
    pub(crate) node_zone_start: Vec<u32>,
    pub(crate) node_zones: Vec<u32>,
    pub(crate) zone_node_start: Vec<u32>,
    pub(crate) zone_nodes: Vec<u32>,
    pub(crate) conduit_out_start: Vec<u32>,
    pub(crate) conduit_out: Vec<u32>,
    pub(crate) conduit_in_start: Vec<u32>,
    pub(crate) conduit_in: Vec<u32>,
    pub(crate) flows: Vec<DataFlow>,
    pub(crate) flow_out_start: Vec<u32>,
    pub(crate) flow_out: Vec<u32>,
    pub(crate) flow_in_start: Vec<u32>,
    pub(crate) flow_in: Vec<u32>,
    pub(crate) internet_exposed: Vec<u32>,
    pub(crate) components: Components,
}

/// One requirement of a node, as seen through [`EstateGraph::requirements`].
#[derive(Debug, Clone, Copy)]
pub struct Requirement<'a> {
    /// The requirement, as numbered by the builder.
    pub group: GroupIdx,
    /// How many members must be up.
    pub k: u32,
    members: &'a [u32],
}

impl Requirement<'_> {
    /// Number of members.
    pub fn n(&self) -> u32 {
        self.members.len() as u32
    }

    /// The members.
    pub fn members(&self) -> impl Iterator<Item = NodeIdx> + '_ {
        self.members.iter().map(|&m| NodeIdx(m))
    }
}

impl EstateGraph {
    /// Number of nodes (assets and services).
    pub fn node_count(&self) -> usize {
        self.ids.len()
    }

    /// Number of zones.
    pub fn zone_count(&self) -> usize {
        self.zones.len()
    }

    /// Number of requirement groups.
    pub fn requirement_count(&self) -> usize {
        self.group_k.len()
    }

    /// Total number of requirement members (dependency edges).
    pub fn dependency_edge_count(&self) -> usize {
        self.members.len()
    }

    /// Number of data flows.
    pub fn flow_count(&self) -> usize {
        self.flows.len()
    }

    /// Number of conduits.
    pub fn conduit_count(&self) -> usize {
        self.conduits.len()
    }

    /// Checks that `node` belongs to this graph.
    pub fn check_node(&self, node: NodeIdx) -> Result<usize> {
        if node.index() < self.ids.len() {
            Ok(node.index())
        } else {
            Err(EstateError::NodeOutOfRange {
                index: node.0,
                len: self.ids.len() as u32,
            })
        }
    }

    /// Checks that `zone` belongs to this graph.
    pub fn check_zone(&self, zone: ZoneIdx) -> Result<usize> {
        if zone.index() < self.zones.len() {
            Ok(zone.index())
        } else {
            Err(EstateError::ZoneOutOfRange {
                index: zone.0,
                len: self.zones.len() as u32,
            })
        }
    }

    /// The caller's id of `node`.
    pub fn id(&self, node: NodeIdx) -> Option<i64> {
        self.ids.get(node.index()).copied()
    }

    /// The node with the caller's id `id`.
    pub fn node_by_id(&self, id: i64) -> Option<NodeIdx> {
        self.id_index
            .binary_search_by_key(&id, |&(i, _)| i)
            .ok()
            .map(|p| NodeIdx(self.id_index[p].1))
    }

    /// What `node` is.
    pub fn node(&self, node: NodeIdx) -> Option<&NodeData> {
        self.data.get(node.index())
    }

    /// The zone `zone`.
    pub fn zone(&self, zone: ZoneIdx) -> Option<&Zone> {
        self.zones.get(zone.index())
    }

    /// The conduit `conduit`.
    pub fn conduit(&self, conduit: ConduitIdx) -> Option<&Conduit> {
        self.conduits.get(conduit.0 as usize)
    }

    /// The data flow `flow`.
    pub fn flow(&self, flow: FlowIdx) -> Option<&DataFlow> {
        self.flows.get(flow.0 as usize)
    }

    /// All service nodes.
    pub fn services(&self) -> impl Iterator<Item = NodeIdx> + '_ {
        self.data
            .iter()
            .enumerate()
            .filter(|(_, d)| !d.is_asset())
            .map(|(i, _)| NodeIdx(i as u32))
    }

    /// All asset nodes.
    pub fn assets(&self) -> impl Iterator<Item = NodeIdx> + '_ {
        self.data
            .iter()
            .enumerate()
            .filter(|(_, d)| d.is_asset())
            .map(|(i, _)| NodeIdx(i as u32))
    }

    /// The services that `policy` calls critical.
    pub fn critical_services(&self, policy: &CriticalityPolicy) -> Vec<NodeIdx> {
        self.data
            .iter()
            .enumerate()
            .filter(|(_, d)| d.as_service().is_some_and(|s| policy.is_critical(s)))
            .map(|(i, _)| NodeIdx(i as u32))
            .collect()
    }

    /// The requirements of `node` (empty for an index out of range).
    pub fn requirements(&self, node: NodeIdx) -> impl Iterator<Item = Requirement<'_>> + '_ {
        let range = if node.index() < self.ids.len() {
            self.node_group_start[node.index()] as usize..self.node_group_start[node.index() + 1] as usize
        } else {
            0..0
        };
        range.map(move |g| Requirement {
            group: GroupIdx(self.group_orig[g]),
            k: self.group_k[g],
            members: self.group_members(g),
        })
    }

    /// The zones `node` sits in (primary first); empty for services.
    pub fn zones_of(&self, node: NodeIdx) -> impl Iterator<Item = ZoneIdx> + '_ {
        let s: &[u32] = if node.index() < self.ids.len() {
            &self.node_zones
                [self.node_zone_start[node.index()] as usize..self.node_zone_start[node.index() + 1] as usize]
        } else {
            &[]
        };
        s.iter().map(|&z| ZoneIdx(z))
    }

    /// Every node that `roots` need, directly or transitively, including the
    /// roots themselves, in ascending index order.
    pub fn requirement_cone(&self, roots: &[NodeIdx]) -> Result<Vec<NodeIdx>> {
        let mut seen = vec![false; self.node_count()];
        let mut stack = Vec::new();
        for &r in roots {
            let r = self.check_node(r)?;
            if !seen[r] {
                seen[r] = true;
                stack.push(r as u32);
            }
        }
        while let Some(v) = stack.pop() {
            for &m in self.node_members(v as usize) {
                if !seen[m as usize] {
                    seen[m as usize] = true;
                    stack.push(m);
                }
            }
        }
        Ok(seen
            .iter()
            .enumerate()
            .filter(|(_, s)| **s)
            .map(|(i, _)| NodeIdx(i as u32))
            .collect())
    }

    /// The assets `service` needs, directly or transitively: the targets of
    /// an attack on it.
    pub fn service_assets(&self, service: NodeIdx) -> Result<Vec<NodeIdx>> {
        let mut cone = self.requirement_cone(&[service])?;
        cone.retain(|&v| self.data[v.index()].is_asset());
        Ok(cone)
    }

    // ---- internal row accessors ----

    /// Members of internal group `g`.
    pub(crate) fn group_members(&self, g: usize) -> &[u32] {
        &self.members[self.group_member_start[g] as usize..self.group_member_start[g + 1] as usize]
    }

    /// Internal groups of node `v`.
    pub(crate) fn node_groups(&self, v: usize) -> std::ops::Range<usize> {
        self.node_group_start[v] as usize..self.node_group_start[v + 1] as usize
    }

    /// Members of all requirements of `v`, concatenated.
    pub(crate) fn node_members(&self, v: usize) -> &[u32] {
        let gs = self.node_group_start[v] as usize;
        let ge = self.node_group_start[v + 1] as usize;
        &self.members[self.group_member_start[gs] as usize..self.group_member_start[ge] as usize]
    }

    /// Internal groups in which `m` is a member.
    pub(crate) fn groups_with_member(&self, m: usize) -> &[u32] {
        &self.dependant_groups[self.dependant_start[m] as usize..self.dependant_start[m + 1] as usize]
    }
}
