//! Estate analysis: what breaks, and how likely, when a city's assets are
//! compromised or go down (product step 1, "risk-based approach").
//!
//! The estate is a graph of *nodes* — assets (PLC, HMI, camera, switch,
//! server, …) and services (water treatment, traffic signal control,
//! emergency dispatch, …) — placed in network *zones* joined by *conduits*,
//! with *data flows* between assets. Every node has a list of
//! *requirements*; a requirement is a k-of-n group over member nodes (a plain
//! dependency is 1-of-1, a redundant pair is 1-of-2, "two of three pumps" is
//! 2-of-3). A node is up iff it has not itself failed and every one of its
//! requirements has at least `k` members up.
//!
//! The input model is independent of storage: the caller builds an
//! [`EstateGraph`] once with an [`EstateBuilder`], giving each node a dense
//! [`NodeIdx`] and its own `i64` id for mapping results back. The builder
//! validates everything (indices, thresholds, probabilities) and returns a
//! structured [`EstateError`]; after that the analyses cannot fail on the
//! graph, only on query arguments (an index from another graph, a
//! probability vector of the wrong length).
//!
//! The analyses, all pure functions over the graph:
//!
//! - [`blast::blast_radius`]: which nodes and services stop if a set of nodes
//!   fails, honouring redundancy, and the population affected;
//! - [`spof::single_points_of_failure`]: every node whose loss alone stops a
//!   given (critical) service;
//! - [`likelihood::failure_likelihood`]: each node's probability of being
//!   down, from per-asset compromise likelihoods ([`compromise`]) combined
//!   through the requirement graph;
//! - [`paths::k_shortest_paths`]: the most likely attack paths from the
//!   internet or untrusted zones to the assets a service needs, each hop
//!   explained.
//!
//! Formulas, algorithms, complexities and assumptions are written down in
//! `docs/analysis.md` at the repository root.

pub mod blast;
pub mod compromise;
pub mod graph;
pub mod likelihood;
pub mod model;
pub mod paths;
pub mod spof;
pub mod synthetic;

mod scc;
#[cfg(test)]
mod tests;

pub use graph::{EstateBuilder, EstateGraph, NodeData};
pub use model::{
    AssetProfile, AssetType, Conduit, Criticality, CriticalityPolicy, DataClasses, DataFlow, Exposure, IotSecurity,
    Level, ServiceProfile, VulnSummary, Zone, ZoneKind,
};

/// Dense index of a node (asset or service) in one [`EstateGraph`], in the
/// order the builder was given the nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeIdx(pub u32);

/// Dense index of a network zone in one [`EstateGraph`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ZoneIdx(pub u32);

/// Index of a requirement group, in the order [`EstateBuilder::require`] was
/// called.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GroupIdx(pub u32);

/// Index of a data flow, in the order [`EstateBuilder::add_flow`] was called.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FlowIdx(pub u32);

/// Index of a conduit, in the order [`EstateBuilder::add_conduit`] was called.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConduitIdx(pub u32);

impl NodeIdx {
    /// The index as a `usize`, for slicing per-node vectors.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl ZoneIdx {
    /// The index as a `usize`.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Everything that can be wrong with an estate or with a query over it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum EstateError {
    /// A node index does not name a node of this estate.
    #[error("node index {index} is out of range: the estate has {len} nodes")]
    NodeOutOfRange {
        /// The offending index.
        index: u32,
        /// Number of nodes.
        len: u32,
    },
    /// A zone index does not name a zone of this estate.
    #[error("zone index {index} is out of range: the estate has {len} zones")]
    ZoneOutOfRange {
        /// The offending index.
        index: u32,
        /// Number of zones.
        len: u32,
    },
    /// Two nodes carry the same caller id.
    #[error("node id {id} is used by more than one node")]
    DuplicateNodeId {
        /// The repeated id.
        id: i64,
    },
    /// Two zones carry the same caller id.
    #[error("zone id {id} is used by more than one zone")]
    DuplicateZoneId {
        /// The repeated id.
        id: i64,
    },
    /// A requirement's threshold is not `1 <= k <= n`.
    #[error("requirement {group} of node id {node_id} needs {k} of {n} members; expected 1 <= k <= n")]
    InvalidThreshold {
        /// The requirement (builder order).
        group: u32,
        /// Caller id of the node that has the requirement.
        node_id: i64,
        /// The threshold given.
        k: u32,
        /// The number of members given.
        n: u32,
    },
    /// A requirement lists the same member twice.
    #[error("requirement {group} of node id {node_id} lists member id {member_id} more than once")]
    DuplicateMember {
        /// The requirement (builder order).
        group: u32,
        /// Caller id of the node that has the requirement.
        node_id: i64,
        /// Caller id of the repeated member.
        member_id: i64,
    },
    /// Something that must be an asset (a data-flow end, an interface) is a service.
    #[error("{what}: node id {node_id} is a service, but an asset is required")]
    NotAnAsset {
        /// What was being checked, e.g. "data flow 12 source".
        what: String,
        /// Caller id of the node.
        node_id: i64,
    },
    /// A number in the input is not finite or outside its range.
    #[error("{what} = {value} is invalid: expected {expected}")]
    InvalidNumber {
        /// Which field, e.g. "max_cvss of node id 7".
        what: String,
        /// The value given.
        value: f64,
        /// The accepted range, e.g. "a finite number in [0, 10]".
        expected: &'static str,
    },
    /// A per-node vector does not have one entry per node.
    #[error("{what} has {got} entries but the estate has {expected} nodes")]
    LengthMismatch {
        /// Which argument.
        what: &'static str,
        /// Number of nodes.
        expected: usize,
        /// Number of entries given.
        got: usize,
    },
    /// The estate does not fit in 32-bit indices.
    #[error("the estate is too large: more than {max} {what}")]
    TooLarge {
        /// What overflowed ("nodes", "requirement members", …).
        what: &'static str,
        /// The limit.
        max: u64,
    },
}

/// Result type of the estate analyses.
pub type Result<T, E = EstateError> = std::result::Result<T, E>;
