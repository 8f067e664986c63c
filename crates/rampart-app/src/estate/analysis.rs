//! Estate analysis over a snapshot of the stored estate: the graph is built
//! once per estate version and shared by every request until something
//! changes (the version lives in the database, so every process notices).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use rampart_core::authz::Permission;
use rampart_core::estate::blast::blast_radius;
use rampart_core::estate::compromise::CompromiseModel;
use rampart_core::estate::likelihood::{LikelihoodOptions, failure_likelihood};
use rampart_core::estate::paths::{AttackGraph, AttackNode, HopKind, k_shortest_paths};
use rampart_core::estate::spof::single_points_of_failure;
use rampart_core::estate::{
    AssetProfile, AssetType, Conduit, Criticality, CriticalityPolicy, DataClasses, DataFlow, EstateBuilder,
    EstateGraph, Exposure, IotSecurity, Level, NodeData, NodeIdx, ServiceProfile, VulnSummary, Zone, ZoneIdx, ZoneKind,
};

use crate::App;
use crate::actor::Actor;
use crate::error::{AppError, Result};

/// A node of the estate as shown to people.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NodeRef {
    /// `asset` or `service`.
    pub kind: &'static str,
    /// Its id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// For assets: type and vendor; for services: empty.
    pub detail: String,
}

/// The estate as a graph, with everything the analyses precompute.
pub struct EstateSnapshot {
    /// The estate version it was built from.
    pub version: i64,
    /// The graph. Services have negative ids (`-service_id`), assets their own.
    pub graph: EstateGraph,
    /// Service names by node.
    pub service_names: HashMap<NodeIdx, String>,
    /// Services that are critical (by policy or explicitly).
    pub critical: Vec<NodeIdx>,
    /// Probability each node is down (compromise propagated through dependencies).
    pub p_down: Vec<f64>,
    /// Per asset: probability of compromise given network access.
    pub p_exploit: Vec<f64>,
    /// Per asset: probability of compromise.
    pub p_compromise: Vec<f64>,
    /// Nodes whose loss alone stops a critical service, with the services they stop.
    pub spofs: Vec<(NodeIdx, Vec<NodeIdx>)>,
    /// Zone names by index (index 0 is "no zone").
    pub zone_names: Vec<String>,
    /// Conduit protocol notes by index.
    pub conduit_notes: Vec<String>,
    /// Requirements approximated by the likelihood computation.
    pub approximated: usize,
    /// Time to build, in milliseconds.
    pub build_millis: u64,
}

/// Stored impact levels are 0 (none) to 5 (critical), as in the estate CSV;
/// the analysis has five steps: 1 and 2 are both "low".
fn level(v: i64) -> Level {
    match v {
        i64::MIN..=0 => Level::None,
        1 | 2 => Level::Low,
        3 => Level::Moderate,
        4 => Level::High,
        _ => Level::Severe,
    }
}

fn asset_type(s: &str) -> AssetType {
    match s {
        "plc" => AssetType::Plc,
        "rtu" => AssetType::Rtu,
        "hmi" => AssetType::Hmi,
        "ip_camera" | "nvr" => AssetType::Camera,
        "traffic_controller" => AssetType::TrafficController,
        "sensor" | "smart_meter" => AssetType::Sensor,
        "gateway" | "access_controller" => AssetType::Gateway,
        "router" | "switch" | "firewall" => AssetType::NetworkDevice,
        "server" | "saas" => AssetType::Server,
        "workstation" | "printer" => AssetType::Workstation,
        _ => AssetType::Other,
    }
}

fn zone_kind(s: &str) -> ZoneKind {
    match s {
        "internet" => ZoneKind::Internet,
        "dmz" => ZoneKind::Dmz,
        "corporate" => ZoneKind::Corporate,
        "ot" => ZoneKind::ControlOt,
        "field" => ZoneKind::FieldIot,
        "guest" => ZoneKind::GuestWifi,
        "partner" => ZoneKind::Partner,
        "management" => ZoneKind::Management,
        _ => ZoneKind::Other,
    }
}

/// Data classes as the analysis counts them.
pub(crate) fn data_classes(s: &str) -> DataClasses {
    s.split_whitespace().fold(DataClasses::NONE, |acc, c| {
        acc.union(match c {
            "personal" => DataClasses::PERSONAL,
            "health" => DataClasses::HEALTH,
            "payment" => DataClasses::PAYMENT,
            "credentials" => DataClasses::CREDENTIALS,
            "video" => DataClasses::VIDEO,
            "location" => DataClasses::LOCATION,
            "operational" => DataClasses::CONTROL.union(DataClasses::TELEMETRY),
            _ => DataClasses::NONE,
        })
    })
}

impl App {
    /// The current snapshot, rebuilt when the estate changed.
    pub async fn estate_snapshot(&self) -> Result<Arc<EstateSnapshot>> {
        let version = self.store.estate_version().await?;
        let mut cache = self.estate_cache.lock().await;
        if let Some(s) = cache.as_ref().filter(|s| s.version == version) {
            return Ok(s.clone());
        }
        let snap = Arc::new(self.build_snapshot(version, true).await?);
        *cache = Some(snap.clone());
        Ok(snap)
    }

    /// The estate's structure (services, their dependencies, critical
    /// services and single points of failure) for the vulnerability
    /// matcher: the cached snapshot when it is current, else a snapshot
    /// built without data flows and without the likelihood analyses — they
    /// are not needed to know which services depend on an asset, and at a
    /// million devices reading the flows is most of the build. That partial
    /// snapshot is not cached.
    pub(crate) async fn estate_structure(&self) -> Result<Arc<EstateSnapshot>> {
        let version = self.store.estate_version().await?;
        {
            let cache = self.estate_cache.lock().await;
            if let Some(s) = cache.as_ref().filter(|s| s.version == version) {
                return Ok(s.clone());
            }
        }
        Ok(Arc::new(self.build_snapshot(version, false).await?))
    }

    /// Forgets this process's snapshot (after a change made here).
    pub(crate) fn invalidate_estate(&self) {
        if let Ok(mut c) = self.estate_cache.try_lock() {
            *c = None;
        }
    }

    /// Builds the snapshot; without `flows`, data flows are not read and
    /// the probabilities (which follow them) are left empty.
    async fn build_snapshot(&self, version: i64, flows: bool) -> Result<EstateSnapshot> {
        let started = Instant::now();
        let today = self.now().date_string();
        let zones = self.store.list_zones().await?;
        let conduits = self.store.list_conduits().await?;
        let (n_assets, n_services, n_deps, n_flows, _) = self.store.estate_counts().await?;
        let cap = |n: i64| usize::try_from(n).unwrap_or(0);
        let mut b = EstateBuilder::with_capacity(cap(n_assets + n_services), cap(n_deps), cap(n_flows));
        // Zone 0: assets without a zone.
        let mut zone_idx: HashMap<i64, ZoneIdx> = HashMap::new();
        let mut zone_kinds: HashMap<i64, String> = HashMap::new();
        let no_zone = b.add_zone(Zone::new(0, ZoneKind::Other));
        let mut zone_names = vec!["(no zone)".to_owned()];
        for z in &zones {
            let idx = b.add_zone(Zone {
                id: z.id,
                kind: zone_kind(&z.kind),
                untrusted: z.untrusted,
            });
            zone_idx.insert(z.id, idx);
            zone_kinds.insert(z.id, z.kind.clone());
            zone_names.push(z.name.clone());
        }
        let mut conduit_notes = Vec::new();
        for c in &conduits {
            if let (Some(&from), Some(&to)) = (zone_idx.get(&c.from_zone_id), zone_idx.get(&c.to_zone_id)) {
                let note = u32::try_from(conduit_notes.len()).unwrap_or(u32::MAX);
                conduit_notes.push(c.protocols.clone());
                b.add_conduit(Conduit {
                    from,
                    to,
                    protocol_note: note,
                    traversal_likelihood: c.traversal.clamp(1e-6, 1.0),
                });
            }
        }
        let mut asset_nodes: HashMap<i64, NodeIdx> = HashMap::with_capacity(cap(n_assets));
        let mut after = 0;
        loop {
            let chunk = self.store.asset_profiles_chunk(after, 50_000).await?;
            let Some(last) = chunk.last() else { break };
            after = last.id;
            for a in chunk {
                let zone = a.zone_id.and_then(|z| zone_idx.get(&z).copied()).unwrap_or(no_zone);
                let kind = a
                    .zone_id
                    .and_then(|z| zone_kinds.get(&z))
                    .map_or("other", String::as_str);
                let exposure = if a.internet_exposed || kind == "internet" {
                    Exposure::Internet
                } else if matches!(kind, "dmz" | "partner" | "guest") {
                    Exposure::RemoteAccess
                } else {
                    Exposure::Internal
                };
                let profile = AssetProfile {
                    asset_type: asset_type(&a.asset_type),
                    zone,
                    exposure,
                    vulns: VulnSummary::default(),
                    iot: IotSecurity {
                        default_credentials_changed: a.default_credentials_changed.unwrap_or(false),
                        secure_update: a.secure_update_supported.unwrap_or(false),
                        encrypted_in_transit: a.encrypted_in_transit.unwrap_or(false),
                        encrypted_at_rest: a.encrypted_at_rest.unwrap_or(false),
                        logging: a.logging_enabled.unwrap_or(false),
                        end_of_support_passed: a.end_of_support.as_deref().is_some_and(|d| d < today.as_str()),
                    },
                };
                asset_nodes.insert(a.id, b.add_asset(a.id, profile));
            }
        }
        let policy = CriticalityPolicy::default();
        let mut service_nodes: HashMap<i64, NodeIdx> = HashMap::new();
        let mut service_names = HashMap::new();
        let mut critical = Vec::new();
        for s in self.store.list_services(None).await? {
            let f = &s.fields;
            let profile = ServiceProfile {
                criticality: Criticality {
                    life_safety: level(f.life_safety),
                    population_served: u64::try_from(f.population_served).unwrap_or(0),
                    economic_impact: level(f.economic_impact),
                    privacy_impact: level(f.privacy_impact),
                },
                rto_minutes: f.rto_minutes.and_then(|m| u32::try_from(m).ok()).unwrap_or(u32::MAX),
            };
            let is_critical = f.critical.unwrap_or_else(|| policy.is_critical(&profile));
            let idx = b.add_service(-s.id, profile);
            if is_critical {
                critical.push(idx);
            }
            service_nodes.insert(s.id, idx);
            service_names.insert(idx, f.name.clone());
        }
        let node_of = |kind: &str, id: i64| -> Option<NodeIdx> {
            if kind == "service" {
                service_nodes.get(&id).copied()
            } else {
                asset_nodes.get(&id).copied()
            }
        };
        let groups: HashMap<i64, i64> = self
            .store
            .list_groups()
            .await?
            .into_iter()
            .map(|g| (g.id, g.min_up))
            .collect();
        let mut grouped: HashMap<(NodeIdx, i64), Vec<NodeIdx>> = HashMap::new();
        let mut after = 0;
        loop {
            let chunk = self.store.dependencies_chunk(after, 100_000).await?;
            let Some(last) = chunk.last() else { break };
            after = last.id;
            for d in chunk {
                let (Some(from), Some(to)) = (
                    node_of(&d.dependent_kind, d.dependent_id),
                    node_of(&d.target_kind, d.target_id),
                ) else {
                    continue;
                };
                match d.group_id {
                    None => {
                        b.depends_on(from, to);
                    }
                    Some(g) => grouped.entry((from, g)).or_default().push(to),
                }
            }
        }
        let mut grouped: Vec<_> = grouped.into_iter().collect();
        grouped.sort_by_key(|((n, g), _)| (n.0, *g));
        for ((node, g), members) in grouped {
            let k = groups
                .get(&g)
                .copied()
                .unwrap_or(1)
                .clamp(1, i64::try_from(members.len()).unwrap_or(1));
            b.require(node, u32::try_from(k).unwrap_or(1), &members);
        }
        if flows {
            let mut after = 0;
            loop {
                let chunk = self.store.flow_edges_chunk(after, 100_000).await?;
                let Some(last) = chunk.last() else { break };
                after = last.id;
                for f in chunk {
                    if let (Some(&from), Some(&to)) =
                        (asset_nodes.get(&f.from_asset_id), asset_nodes.get(&f.to_asset_id))
                    {
                        b.add_flow(DataFlow {
                            from,
                            to,
                            data_classes: data_classes(&f.data_classes),
                            encrypted: f.encrypted_in_transit.unwrap_or(false),
                        });
                    }
                }
            }
        }
        let graph = b
            .build()
            .map_err(|e| AppError::Internal(format!("estate graph: {e}")))?;
        let (p_exploit, p_compromise, p_down, approximated) = if flows {
            let (p_exploit, p_compromise) = CompromiseModel::default().assess_estate(&graph);
            let lik = failure_likelihood(&graph, &p_compromise, &LikelihoodOptions::default())
                .map_err(|e| AppError::Internal(format!("failure likelihood: {e}")))?;
            (p_exploit, p_compromise, lik.p_down, lik.approximated.len())
        } else {
            (Vec::new(), Vec::new(), Vec::new(), 0)
        };
        let spofs = single_points_of_failure(&graph, &critical)
            .map_err(|e| AppError::Internal(format!("single points of failure: {e}")))?
            .by_node();
        Ok(EstateSnapshot {
            version,
            graph,
            service_names,
            critical,
            p_down,
            p_exploit,
            p_compromise,
            spofs,
            zone_names,
            conduit_notes,
            approximated,
            build_millis: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        })
    }

    /// Labels nodes for display (fetching asset names in one query).
    pub(crate) async fn node_refs(&self, snap: &EstateSnapshot, nodes: &[NodeIdx]) -> Result<Vec<NodeRef>> {
        let asset_ids: Vec<i64> = nodes
            .iter()
            .filter_map(|n| match snap.graph.node(*n) {
                Some(NodeData::Asset(_)) => snap.graph.id(*n),
                _ => None,
            })
            .collect();
        let names: HashMap<i64, (String, String, Option<String>)> = self
            .store
            .asset_names(&asset_ids)
            .await?
            .into_iter()
            .map(|(id, n, t, v)| (id, (n, t, v)))
            .collect();
        Ok(nodes
            .iter()
            .map(|n| {
                let id = snap.graph.id(*n).unwrap_or(0);
                match snap.graph.node(*n) {
                    Some(NodeData::Service(_)) => NodeRef {
                        kind: "service",
                        id: -id,
                        name: snap.service_names.get(n).cloned().unwrap_or_default(),
                        detail: String::new(),
                    },
                    _ => {
                        let (name, t, v) = names.get(&id).cloned().unwrap_or_default();
                        let detail = match v {
                            Some(v) => format!("{t} · {v}"),
                            None => t,
                        };
                        NodeRef {
                            kind: "asset",
                            id,
                            name,
                            detail,
                        }
                    }
                }
            })
            .collect())
    }

    fn asset_node(snap: &EstateSnapshot, asset_id: i64) -> Result<NodeIdx> {
        snap.graph
            .node_by_id(asset_id)
            .filter(|n| snap.graph.node(*n).is_some_and(NodeData::is_asset))
            .ok_or(AppError::NotFound("asset"))
    }

    fn service_node(snap: &EstateSnapshot, service_id: i64) -> Result<NodeIdx> {
        snap.graph.node_by_id(-service_id).ok_or(AppError::NotFound("service"))
    }
}

/// A node stopped by a blast, and why.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StoppedView {
    /// The node.
    pub node: NodeRef,
    /// Steps from the failed set.
    pub depth: u32,
    /// The member whose loss stopped it.
    pub tipped_by: NodeRef,
}

/// What stops when assets fail.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BlastRadiusView {
    /// The failed assets.
    pub failed: Vec<NodeRef>,
    /// Nodes stopped, breadth-first (the first 2,000).
    pub stopped: Vec<StoppedView>,
    /// How many nodes stopped in all.
    pub stopped_total: usize,
    /// Services down, with population and whether critical.
    pub services: Vec<(NodeRef, u64, bool)>,
    /// People affected, lower bound.
    pub population_max: u64,
    /// People affected, upper bound.
    pub population_sum: u64,
    /// Graph edges among the shown nodes `(from, to)` meaning "from needs to", for drawing.
    pub edges: Vec<(NodeRef, NodeRef)>,
}

/// The single points of failure of one critical service.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SpofEntry {
    /// A node whose loss alone stops critical services.
    pub node: NodeRef,
    /// The critical services it stops.
    pub services: Vec<NodeRef>,
}

/// A service's likelihood of failure.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ServiceFailure {
    /// The service.
    pub service: NodeRef,
    /// Probability it is down.
    pub p_down: f64,
    /// Critical by policy or flag.
    pub critical: bool,
}

/// Likelihood of failure of every service.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FailureView {
    /// Services, most likely to fail first.
    pub services: Vec<ServiceFailure>,
    /// Requirements whose k-of-n term was approximated.
    pub approximated: usize,
}

/// One hop of an attack path.
#[derive(Debug, Clone, serde::Serialize)]
pub struct HopView {
    /// From (asset, zone or the internet).
    pub from: String,
    /// To.
    pub to: String,
    /// Why this hop is possible.
    pub explanation: String,
    /// Probability the attacker makes it.
    pub likelihood: f64,
}

/// An attack path.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AttackPathView {
    /// Probability of the whole path.
    pub likelihood: f64,
    /// Hops in order.
    pub hops: Vec<HopView>,
}

impl App {
    /// What stops if the given assets are compromised or unavailable.
    pub async fn blast_radius(&self, actor: &Actor, asset_ids: &[i64]) -> Result<BlastRadiusView> {
        actor.require(Permission::AnalysisView)?;
        let snap = self.estate_snapshot().await?;
        let failed: Vec<NodeIdx> = asset_ids
            .iter()
            .map(|a| Self::asset_node(&snap, *a))
            .collect::<Result<_>>()?;
        let br = blast_radius(&snap.graph, &failed).map_err(|e| AppError::invalid("assets", e.to_string()))?;
        // Services first, then the nearest assets: a core switch can stop a hundred thousand devices.
        let mut shown: Vec<_> = br
            .stopped
            .iter()
            .filter(|s| snap.graph.node(s.node).is_some_and(|d| !d.is_asset()))
            .copied()
            .collect();
        shown.extend(
            br.stopped
                .iter()
                .filter(|s| snap.graph.node(s.node).is_some_and(NodeData::is_asset))
                .take(2000)
                .copied(),
        );
        shown.sort_by_key(|s| s.depth);
        shown.truncate(2000);
        let mut nodes: Vec<NodeIdx> = br.failed.clone();
        nodes.extend(shown.iter().flat_map(|s| [s.node, s.tipped_by]));
        nodes.sort_unstable();
        nodes.dedup();
        let refs = self.node_refs(&snap, &nodes).await?;
        let by: HashMap<NodeIdx, NodeRef> = nodes.iter().copied().zip(refs).collect();
        let get = |n: NodeIdx| {
            by.get(&n).cloned().unwrap_or(NodeRef {
                kind: "asset",
                id: 0,
                name: String::new(),
                detail: String::new(),
            })
        };
        let critical: std::collections::HashSet<NodeIdx> = snap.critical.iter().copied().collect();
        Ok(BlastRadiusView {
            failed: br.failed.iter().map(|n| get(*n)).collect(),
            stopped: shown
                .iter()
                .map(|s| StoppedView {
                    node: get(s.node),
                    depth: s.depth,
                    tipped_by: get(s.tipped_by),
                })
                .collect(),
            stopped_total: br.stopped.len(),
            services: br
                .services
                .iter()
                .map(|s| (get(s.service), s.population, critical.contains(&s.service)))
                .collect(),
            population_max: br.population_max,
            population_sum: br.population_sum,
            edges: shown.iter().map(|s| (get(s.node), get(s.tipped_by))).collect(),
        })
    }

    /// Every node whose loss alone stops a critical service.
    pub async fn spofs(&self, actor: &Actor) -> Result<Vec<SpofEntry>> {
        actor.require(Permission::AnalysisView)?;
        let snap = self.estate_snapshot().await?;
        let mut nodes: Vec<NodeIdx> = snap
            .spofs
            .iter()
            .flat_map(|(k, ts)| std::iter::once(*k).chain(ts.iter().copied()))
            .collect();
        nodes.sort_unstable();
        nodes.dedup();
        let refs = self.node_refs(&snap, &nodes).await?;
        let by: HashMap<NodeIdx, NodeRef> = nodes.iter().copied().zip(refs).collect();
        Ok(snap
            .spofs
            .iter()
            .filter_map(|(k, ts)| {
                Some(SpofEntry {
                    node: by.get(k)?.clone(),
                    services: ts.iter().filter_map(|t| by.get(t).cloned()).collect(),
                })
            })
            .collect())
    }

    /// Every service's likelihood of failure.
    pub async fn failure_likelihoods(&self, actor: &Actor) -> Result<FailureView> {
        actor.require(Permission::AnalysisView)?;
        let snap = self.estate_snapshot().await?;
        let services: Vec<NodeIdx> = snap.graph.services().collect();
        let refs = self.node_refs(&snap, &services).await?;
        let critical: std::collections::HashSet<NodeIdx> = snap.critical.iter().copied().collect();
        let mut out: Vec<ServiceFailure> = services
            .iter()
            .zip(refs)
            .map(|(n, r)| ServiceFailure {
                service: r,
                p_down: snap.p_down[n.index()],
                critical: critical.contains(n),
            })
            .collect();
        out.sort_by(|a, b| b.p_down.total_cmp(&a.p_down).then(a.service.name.cmp(&b.service.name)));
        Ok(FailureView {
            services: out,
            approximated: snap.approximated,
        })
    }

    /// The `k` most likely attack paths from untrusted zones and the internet
    /// to the assets a service needs.
    pub async fn attack_paths(&self, actor: &Actor, service_id: i64, k: usize) -> Result<Vec<AttackPathView>> {
        actor.require(Permission::AnalysisView)?;
        let snap = self.estate_snapshot().await?;
        let service = Self::service_node(&snap, service_id)?;
        let targets = snap
            .graph
            .service_assets(service)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        if targets.is_empty() {
            return Ok(Vec::new());
        }
        let ag = AttackGraph::new(&snap.graph, &snap.p_exploit).map_err(|e| AppError::Internal(e.to_string()))?;
        let sources = ag.default_sources();
        let paths =
            k_shortest_paths(&ag, &sources, &targets, k.clamp(1, 10)).map_err(|e| AppError::Internal(e.to_string()))?;
        let mut assets: Vec<NodeIdx> = paths
            .iter()
            .flat_map(|p| p.hops.iter().flat_map(|h| [h.from, h.to]))
            .filter_map(|n| if let AttackNode::Asset(a) = n { Some(a) } else { None })
            .collect();
        assets.sort_unstable();
        assets.dedup();
        let refs = self.node_refs(&snap, &assets).await?;
        let by: HashMap<NodeIdx, NodeRef> = assets.iter().copied().zip(refs).collect();
        let label = |n: AttackNode| match n {
            AttackNode::Internet => "the internet".to_owned(),
            AttackNode::Zone(z) => format!("zone {}", snap.zone_names.get(z.0 as usize).map_or("?", String::as_str)),
            AttackNode::Asset(a) => by
                .get(&a)
                .map_or_else(|| format!("asset #{}", a.0), |r| format!("{} ({})", r.name, r.detail)),
        };
        Ok(paths
            .iter()
            .map(|p| AttackPathView {
                likelihood: p.likelihood,
                hops: p
                    .hops
                    .iter()
                    .map(|h| HopView {
                        from: label(h.from),
                        to: label(h.to),
                        explanation: match h.kind {
                            HopKind::ExposedToInternet => "reachable from the internet (internet-exposed)".to_owned(),
                            HopKind::ConduitZoneToZone { protocol_note, .. } => {
                                let note = snap
                                    .conduit_notes
                                    .get(protocol_note as usize)
                                    .map_or("", String::as_str);
                                if note.is_empty() {
                                    "conduit between zones".to_owned()
                                } else {
                                    format!("conduit between zones: {note}")
                                }
                            }
                            HopKind::InZone => {
                                "reachable inside its zone; the likelihood is that of compromising it (exposure, known vulnerabilities, missing protections)".to_owned()
                            }
                            HopKind::PivotToZone => "from a compromised asset the attacker acts in its zone".to_owned(),
                            HopKind::DataFlow { encrypted, .. } => {
                                if encrypted {
                                    "follows an encrypted data flow".to_owned()
                                } else {
                                    "follows an unencrypted data flow".to_owned()
                                }
                            }
                            HopKind::TrustedDependency { .. } => "the target trusts this dependency".to_owned(),
                        },
                        likelihood: h.likelihood,
                    })
                    .collect(),
            })
            .collect())
    }
}
