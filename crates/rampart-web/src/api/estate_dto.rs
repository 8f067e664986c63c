//! Wire types of the estate API.

use rampart_app::{AssetDetail, AssetListItem, NodeRef, ServiceDependency, ServiceDetail, ServiceRow, ZoneRow};
use serde::Serialize;
use utoipa::ToSchema;

/// A row of the inventory.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AssetItem {
    pub(crate) id: i64,
    pub(crate) org_id: i64,
    pub(crate) name: String,
    /// `plc`, `hmi`, `ip_camera`, `traffic_controller`, `smart_meter`, `server`, …
    pub(crate) asset_type: String,
    pub(crate) vendor: Option<String>,
    pub(crate) product: Option<String>,
    pub(crate) model: Option<String>,
    pub(crate) firmware_version: Option<String>,
    pub(crate) version: Option<String>,
    pub(crate) ip: Option<String>,
    pub(crate) zone_id: Option<i64>,
    pub(crate) internet_exposed: bool,
    /// 1 (lowest) to 5; 0 unknown.
    pub(crate) criticality: i64,
}

impl From<AssetListItem> for AssetItem {
    fn from(a: AssetListItem) -> Self {
        Self {
            id: a.id,
            org_id: a.org_id,
            name: a.name,
            asset_type: a.asset_type,
            vendor: a.vendor,
            product: a.product,
            model: a.model,
            firmware_version: a.firmware_version,
            version: a.version,
            ip: a.ip,
            zone_id: a.zone_id,
            internet_exposed: a.internet_exposed,
            criticality: a.criticality,
        }
    }
}

/// A page of the inventory.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AssetList {
    pub(crate) items: Vec<AssetItem>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) next_cursor: Option<String>,
    /// Matching assets, counted up to 10,000 (when `count=true`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) total_capped: Option<i64>,
}

/// A dependency edge, labelled.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Dependency {
    /// `service` or `asset`.
    pub(crate) kind: String,
    pub(crate) id: i64,
    pub(crate) name: String,
    /// Redundancy group name, when one of several.
    pub(crate) group: Option<String>,
    /// The group's k (members that must work).
    pub(crate) min_up: Option<i64>,
}

impl From<ServiceDependency> for Dependency {
    fn from(d: ServiceDependency) -> Self {
        let (group, min_up) = d.group.map_or((None, None), |(g, k)| (Some(g), Some(k)));
        Self {
            kind: d.target_kind,
            id: d.target_id,
            name: d.target_name,
            group,
            min_up,
        }
    }
}

/// A data flow of an asset.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Flow {
    pub(crate) from_asset_id: i64,
    pub(crate) to_asset_id: i64,
    /// The other asset's name.
    pub(crate) peer: String,
    pub(crate) data_classes: Vec<String>,
    pub(crate) encrypted_in_transit: Option<bool>,
    pub(crate) protocol: String,
    pub(crate) port: Option<i64>,
}

/// An asset with everything known about it.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Asset {
    pub(crate) id: i64,
    pub(crate) org_id: i64,
    pub(crate) org: String,
    pub(crate) name: String,
    pub(crate) asset_type: String,
    pub(crate) vendor: Option<String>,
    pub(crate) product: Option<String>,
    pub(crate) model: Option<String>,
    pub(crate) version: Option<String>,
    pub(crate) firmware_version: Option<String>,
    pub(crate) cpes: Vec<String>,
    pub(crate) purls: Vec<String>,
    pub(crate) serial_number: Option<String>,
    pub(crate) mac: Option<String>,
    pub(crate) ip: Option<String>,
    pub(crate) hostname: Option<String>,
    pub(crate) zone_id: Option<i64>,
    pub(crate) zone: Option<String>,
    pub(crate) internet_exposed: bool,
    pub(crate) site: Option<String>,
    pub(crate) district: Option<String>,
    pub(crate) lat: Option<f64>,
    pub(crate) lon: Option<f64>,
    pub(crate) criticality: i64,
    pub(crate) data_classes: Vec<String>,
    pub(crate) default_credentials_changed: Option<bool>,
    pub(crate) secure_update_supported: Option<bool>,
    pub(crate) update_channel: Option<String>,
    pub(crate) encrypted_in_transit: Option<bool>,
    pub(crate) encrypted_at_rest: Option<bool>,
    pub(crate) logging_enabled: Option<bool>,
    pub(crate) end_of_support: Option<String>,
    pub(crate) open_ports: Vec<String>,
    pub(crate) os: Option<String>,
    pub(crate) tags: Vec<String>,
    pub(crate) source: String,
    pub(crate) created_at: String,
    pub(crate) updated_at: String,
    pub(crate) depends_on: Vec<Dependency>,
    pub(crate) needed_by: Vec<Dependency>,
    pub(crate) flows: Vec<Flow>,
    /// Probability of compromise from the estate analysis.
    pub(crate) p_compromise: Option<f64>,
    /// Critical services this asset alone can stop.
    pub(crate) single_point_of_failure_for: usize,
}

fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_owned).collect()
}

impl From<AssetDetail> for Asset {
    fn from(d: AssetDetail) -> Self {
        let a = d.asset;
        let f = a.fields;
        Self {
            id: a.id,
            org_id: f.org_id,
            org: d.org_name,
            name: f.name,
            asset_type: f.asset_type,
            vendor: f.vendor,
            product: f.product,
            model: f.model,
            version: f.version,
            firmware_version: f.firmware_version,
            cpes: words(&f.cpes),
            purls: words(&f.purls),
            serial_number: f.serial_number,
            mac: f.mac,
            ip: f.ip,
            hostname: f.hostname,
            zone_id: f.zone_id,
            zone: d.zone_name,
            internet_exposed: f.internet_exposed,
            site: f.site,
            district: f.district,
            lat: f.lat,
            lon: f.lon,
            criticality: f.criticality,
            data_classes: words(&f.data_classes),
            default_credentials_changed: f.default_credentials_changed,
            secure_update_supported: f.secure_update_supported,
            update_channel: f.update_channel,
            encrypted_in_transit: f.encrypted_in_transit,
            encrypted_at_rest: f.encrypted_at_rest,
            logging_enabled: f.logging_enabled,
            end_of_support: f.end_of_support,
            open_ports: words(&f.open_ports),
            os: f.os,
            tags: f.tags.split(';').filter(|t| !t.is_empty()).map(str::to_owned).collect(),
            source: f.source,
            created_at: a.created_at,
            updated_at: a.updated_at,
            depends_on: d.depends_on.into_iter().map(Dependency::from).collect(),
            needed_by: d.needed_by.into_iter().map(Dependency::from).collect(),
            flows: d
                .flows
                .into_iter()
                .map(|(f, peer)| Flow {
                    from_asset_id: f.from_asset_id,
                    to_asset_id: f.to_asset_id,
                    peer,
                    data_classes: words(&f.data_classes),
                    encrypted_in_transit: f.encrypted_in_transit,
                    protocol: f.protocol,
                    port: f.port,
                })
                .collect(),
            p_compromise: d.p_compromise,
            single_point_of_failure_for: d.spof_for,
        }
    }
}

/// A service.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Service {
    pub(crate) id: i64,
    pub(crate) org_id: i64,
    pub(crate) name: String,
    pub(crate) description: String,
    /// 0 (none) to 5 (critical).
    pub(crate) life_safety: i64,
    pub(crate) population_served: i64,
    pub(crate) economic_impact: i64,
    pub(crate) privacy_impact: i64,
    pub(crate) rto_minutes: Option<i64>,
    /// Critical by the city's policy or by an explicit flag.
    pub(crate) critical: bool,
    /// Probability the service is down, from the estate analysis.
    pub(crate) p_down: Option<f64>,
}

impl Service {
    pub(crate) fn new(s: ServiceRow, p_down: Option<f64>, critical: bool) -> Self {
        let f = s.fields;
        Self {
            id: s.id,
            org_id: f.org_id,
            name: f.name,
            description: f.description,
            life_safety: f.life_safety,
            population_served: f.population_served,
            economic_impact: f.economic_impact,
            privacy_impact: f.privacy_impact,
            rto_minutes: f.rto_minutes,
            critical,
            p_down,
        }
    }
}

/// A service with its dependencies and single points of failure.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ServiceWithDependencies {
    #[serde(flatten)]
    pub(crate) service: Service,
    pub(crate) org: String,
    pub(crate) depends_on: Vec<Dependency>,
    pub(crate) needed_by: Vec<Dependency>,
    pub(crate) single_points_of_failure: Vec<Node>,
}

impl From<ServiceDetail> for ServiceWithDependencies {
    fn from(d: ServiceDetail) -> Self {
        Self {
            service: Service::new(d.service, d.p_down, d.critical),
            org: d.org_name,
            depends_on: d.depends_on.into_iter().map(Dependency::from).collect(),
            needed_by: d.needed_by.into_iter().map(Dependency::from).collect(),
            single_points_of_failure: d.spofs.into_iter().map(Node::from).collect(),
        }
    }
}

/// A node of the estate graph.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct Node {
    /// `asset` or `service`.
    pub(crate) kind: String,
    pub(crate) id: i64,
    pub(crate) name: String,
    pub(crate) detail: String,
}

impl From<NodeRef> for Node {
    fn from(n: NodeRef) -> Self {
        Self {
            kind: n.kind.to_owned(),
            id: n.id,
            name: n.name,
            detail: n.detail,
        }
    }
}

/// A network zone.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ZoneDto {
    pub(crate) id: i64,
    pub(crate) name: String,
    pub(crate) kind: String,
    pub(crate) untrusted: bool,
    pub(crate) description: String,
}

impl From<ZoneRow> for ZoneDto {
    fn from(z: ZoneRow) -> Self {
        Self {
            id: z.id,
            name: z.name,
            kind: z.kind,
            untrusted: z.untrusted,
            description: z.description,
        }
    }
}

/// A conduit between zones.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ConduitDto {
    pub(crate) from_zone_id: i64,
    pub(crate) to_zone_id: i64,
    pub(crate) protocols: String,
    /// Probability an attacker gets through.
    pub(crate) traversal: f64,
}

/// Zones and conduits.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Zones {
    pub(crate) zones: Vec<ZoneDto>,
    pub(crate) conduits: Vec<ConduitDto>,
}

/// A row that was not imported.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RejectedDto {
    /// File and place (line, element path).
    pub(crate) location: String,
    pub(crate) reason: String,
}

/// The outcome of an import.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ImportResult {
    pub(crate) filename: String,
    pub(crate) kind: String,
    pub(crate) created: u64,
    pub(crate) updated: u64,
    pub(crate) unchanged: u64,
    pub(crate) rejected_count: u64,
    pub(crate) rejected: Vec<RejectedDto>,
    pub(crate) zones_created: Vec<String>,
    pub(crate) enriched: u64,
}

impl From<rampart_app::ImportReport> for ImportResult {
    fn from(r: rampart_app::ImportReport) -> Self {
        Self {
            filename: r.filename,
            kind: r.format,
            created: r.created,
            updated: r.updated,
            unchanged: r.unchanged,
            rejected_count: r.rejected_count,
            rejected: r
                .rejected
                .into_iter()
                .map(|x| RejectedDto {
                    location: x.location,
                    reason: x.reason,
                })
                .collect(),
            zones_created: r.zones_created,
            enriched: r.enriched,
        }
    }
}

impl From<rampart_app::StructureReport> for ImportResult {
    fn from(r: rampart_app::StructureReport) -> Self {
        Self {
            filename: r.filename,
            kind: r.kind,
            created: r.created,
            updated: r.updated,
            unchanged: r.unchanged,
            rejected_count: r.rejected_count,
            rejected: r
                .rejected
                .into_iter()
                .map(|x| RejectedDto {
                    location: x.location,
                    reason: x.reason,
                })
                .collect(),
            zones_created: Vec::new(),
            enriched: 0,
        }
    }
}

/// A queued background job.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Queued {
    pub(crate) job_id: i64,
}

/// A node stopped by a blast.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Stopped {
    pub(crate) node: Node,
    /// Steps from the failed assets.
    pub(crate) depth: u32,
    /// The dependency whose loss stopped it.
    pub(crate) because_of: Node,
}

/// A service down in a blast.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ServiceDown {
    pub(crate) service: Node,
    pub(crate) population: u64,
    pub(crate) critical: bool,
}

/// What stops when assets fail.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct BlastRadius {
    pub(crate) failed: Vec<Node>,
    /// Nodes stopped, breadth-first: every service, then the nearest assets (2,000 at most).
    pub(crate) stopped: Vec<Stopped>,
    /// How many nodes stopped in all.
    pub(crate) stopped_total: usize,
    pub(crate) services: Vec<ServiceDown>,
    /// People affected, lower bound (populations overlap).
    pub(crate) population_max: u64,
    /// People affected, upper bound.
    pub(crate) population_sum: u64,
}

impl From<rampart_app::BlastRadiusView> for BlastRadius {
    fn from(b: rampart_app::BlastRadiusView) -> Self {
        Self {
            failed: b.failed.into_iter().map(Node::from).collect(),
            stopped: b
                .stopped
                .into_iter()
                .map(|s| Stopped {
                    node: s.node.into(),
                    depth: s.depth,
                    because_of: s.tipped_by.into(),
                })
                .collect(),
            stopped_total: b.stopped_total,
            services: b
                .services
                .into_iter()
                .map(|(s, p, c)| ServiceDown {
                    service: s.into(),
                    population: p,
                    critical: c,
                })
                .collect(),
            population_max: b.population_max,
            population_sum: b.population_sum,
        }
    }
}

/// A single point of failure.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Spof {
    pub(crate) node: Node,
    /// The critical services it alone stops.
    pub(crate) services: Vec<Node>,
}

/// A service's likelihood of failure.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Failure {
    pub(crate) service: Node,
    pub(crate) p_down: f64,
    pub(crate) critical: bool,
}

/// One hop of an attack path.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Hop {
    pub(crate) from: String,
    pub(crate) to: String,
    pub(crate) explanation: String,
    pub(crate) likelihood: f64,
}

/// An attack path.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AttackPath {
    pub(crate) likelihood: f64,
    pub(crate) hops: Vec<Hop>,
}

impl From<rampart_app::AttackPathView> for AttackPath {
    fn from(p: rampart_app::AttackPathView) -> Self {
        Self {
            likelihood: p.likelihood,
            hops: p
                .hops
                .into_iter()
                .map(|h| Hop {
                    from: h.from,
                    to: h.to,
                    explanation: h.explanation,
                    likelihood: h.likelihood,
                })
                .collect(),
        }
    }
}
