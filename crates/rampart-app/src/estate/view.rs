//! Reading the estate for the inventory, asset and service pages and the API.

use std::collections::HashMap;

use rampart_core::authz::{Grant, Permission};
use rampart_store::{
    AssetCursor, AssetFilter, AssetListItem, AssetRow, AssetSort, DependencyRow, FlowRow, ServiceRow, ZoneRow,
};

use crate::App;
use crate::actor::Actor;
use crate::error::{AppError, Result};

/// A query of the inventory list.
#[derive(Debug, Clone, Default)]
pub struct AssetQuery {
    /// Filters (the organisation filter is forced for agency roles).
    pub filter: AssetFilter,
    /// Sort order.
    pub sort: AssetSort,
    /// Descending.
    pub descending: bool,
    /// Start after this row.
    pub after: Option<AssetCursor>,
    /// Page size.
    pub limit: i64,
}

/// A page of the inventory.
#[derive(Debug, Clone)]
pub struct AssetPage {
    /// Rows.
    pub items: Vec<AssetListItem>,
    /// Where the next page starts.
    pub next: Option<AssetCursor>,
    /// How many match, counted up to 10,000 (`None` when not asked for).
    pub total_capped: Option<i64>,
}

/// Filter choices with counts.
#[derive(Debug, Clone, Default)]
pub struct Facets {
    /// Asset types.
    pub types: Vec<(String, i64)>,
    /// Vendors (normalised key, count), largest first.
    pub vendors: Vec<(String, i64)>,
    /// Zones.
    pub zones: Vec<ZoneRow>,
    /// Organisations that own assets: (id, name).
    pub orgs: Vec<(i64, String)>,
}

/// A dependency of a service or asset, labelled.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ServiceDependency {
    /// `service` or `asset`.
    pub target_kind: String,
    /// Target id.
    pub target_id: i64,
    /// Target name.
    pub target_name: String,
    /// Redundancy group name and k, when the target is one of several.
    pub group: Option<(String, i64)>,
}

/// An asset with its context.
#[derive(Debug, Clone)]
pub struct AssetDetail {
    /// The stored asset.
    pub asset: AssetRow,
    /// Owner name.
    pub org_name: String,
    /// Zone name.
    pub zone_name: Option<String>,
    /// What it depends on.
    pub depends_on: Vec<ServiceDependency>,
    /// What depends on it.
    pub needed_by: Vec<ServiceDependency>,
    /// Data flows from or to it, with the other asset's name.
    pub flows: Vec<(FlowRow, String)>,
    /// Compromise probability from the analysis, if the asset is in the snapshot.
    pub p_compromise: Option<f64>,
    /// Number of critical services it alone can stop.
    pub spof_for: usize,
}

/// A service with its dependencies and analysis.
#[derive(Debug, Clone)]
pub struct ServiceDetail {
    /// The stored service.
    pub service: ServiceRow,
    /// Owner name.
    pub org_name: String,
    /// Dependencies.
    pub depends_on: Vec<ServiceDependency>,
    /// Services that depend on it.
    pub needed_by: Vec<ServiceDependency>,
    /// Probability it is down.
    pub p_down: Option<f64>,
    /// Critical.
    pub critical: bool,
    /// Its single points of failure (nodes whose loss alone stops it).
    pub spofs: Vec<super::NodeRef>,
}

impl App {
    fn scope(&self, actor: &Actor, p: Permission) -> Result<Option<i64>> {
        Ok(match actor.require(p)? {
            Grant::City => None,
            Grant::Org(o) => Some(o.0),
        })
    }

    /// A page of the inventory.
    pub async fn list_assets(&self, actor: &Actor, mut q: AssetQuery, count: bool) -> Result<AssetPage> {
        if let Some(own) = self.scope(actor, Permission::AssetView)? {
            if q.filter.org_id.is_some_and(|o| o != own) {
                return Err(AppError::Forbidden("see another organisation's assets".into()));
            }
            q.filter.org_id = Some(own);
        }
        let limit = q.limit.clamp(1, 500);
        let mut items = self
            .store
            .list_assets(&q.filter, q.sort, q.descending, q.after.as_ref(), limit + 1)
            .await?;
        let next = if items.len() as i64 > limit {
            items.truncate(limit as usize);
            items.last().map(|a| AssetCursor {
                lead: match q.sort {
                    AssetSort::Name => None,
                    AssetSort::Type => Some(a.asset_type.clone()),
                    AssetSort::Vendor => Some(a.vendor_key.clone()),
                    AssetSort::Criticality => Some(a.criticality.to_string()),
                },
                name: a.name.clone(),
                id: a.id,
            })
        } else {
            None
        };
        let total_capped = if count {
            Some(self.store.count_assets(&q.filter, 10_000).await?)
        } else {
            None
        };
        Ok(AssetPage {
            items,
            next,
            total_capped,
        })
    }

    /// Filter choices for the inventory (counted once per estate version).
    pub async fn asset_facets(&self, actor: &Actor) -> Result<Facets> {
        let org = self.scope(actor, Permission::AssetView)?;
        let version = self.store.estate_version().await?;
        let mut cache = self.facets_cache.lock().await;
        if let Some((v, f)) = cache.get(&org)
            && *v == version
        {
            return Ok(f.clone());
        }
        let facets = self.count_facets(org).await?;
        cache.insert(org, (version, facets.clone()));
        Ok(facets)
    }

    async fn count_facets(&self, org: Option<i64>) -> Result<Facets> {
        let types = self
            .store
            .asset_facets("asset_type", org, 50)
            .await?
            .into_iter()
            .map(|(v, n)| (v.unwrap_or_default(), n))
            .collect();
        let vendors = self
            .store
            .asset_facets("vendor_key", org, 200)
            .await?
            .into_iter()
            .filter_map(|(v, n)| v.filter(|v| !v.is_empty()).map(|v| (v, n)))
            .collect();
        let zones = self.store.list_zones().await?;
        let names: HashMap<i64, String> = self
            .store
            .list_orgs()
            .await?
            .into_iter()
            .map(|o| (o.id.0, o.name))
            .collect();
        let orgs = self
            .store
            .asset_facets("org_id", org, 100)
            .await?
            .into_iter()
            .filter_map(|(v, _)| v.and_then(|v| v.parse::<i64>().ok()))
            .map(|id| (id, names.get(&id).cloned().unwrap_or_default()))
            .collect();
        Ok(Facets {
            types,
            vendors,
            zones,
            orgs,
        })
    }

    async fn label_dependencies(&self, deps: &[DependencyRow], outgoing: bool) -> Result<Vec<ServiceDependency>> {
        let groups: HashMap<i64, (String, i64)> = self
            .store
            .list_groups()
            .await?
            .into_iter()
            .map(|g| (g.id, (g.name, g.min_up)))
            .collect();
        let services: HashMap<i64, String> = self
            .store
            .list_services(None)
            .await?
            .into_iter()
            .map(|s| (s.id, s.fields.name))
            .collect();
        let asset_ids: Vec<i64> = deps
            .iter()
            .filter_map(|d| {
                let (k, id) = if outgoing {
                    (&d.target_kind, d.target_id)
                } else {
                    (&d.dependent_kind, d.dependent_id)
                };
                (k == "asset").then_some(id)
            })
            .collect();
        let assets: HashMap<i64, String> = self
            .store
            .asset_names(&asset_ids)
            .await?
            .into_iter()
            .map(|(id, n, _, _)| (id, n))
            .collect();
        Ok(deps
            .iter()
            .map(|d| {
                let (kind, id) = if outgoing {
                    (d.target_kind.clone(), d.target_id)
                } else {
                    (d.dependent_kind.clone(), d.dependent_id)
                };
                let name = if kind == "service" {
                    services.get(&id).cloned()
                } else {
                    assets.get(&id).cloned()
                };
                ServiceDependency {
                    target_kind: kind,
                    target_id: id,
                    target_name: name.unwrap_or_else(|| format!("#{id}")),
                    group: d.group_id.and_then(|g| groups.get(&g).cloned()),
                }
            })
            .collect())
    }

    /// One asset with its context.
    pub async fn asset_detail(&self, actor: &Actor, id: i64) -> Result<AssetDetail> {
        let asset = self.store.get_asset(id).await?;
        actor.require_on(Permission::AssetView, rampart_core::ids::OrgId(asset.fields.org_id))?;
        let org_name = self
            .store
            .get_org(rampart_core::ids::OrgId(asset.fields.org_id))
            .await
            .map(|o| o.name)
            .unwrap_or_default();
        let zones = self.store.list_zones().await?;
        let zone_name = asset
            .fields
            .zone_id
            .and_then(|z| zones.iter().find(|x| x.id == z).map(|x| x.name.clone()));
        let depends_on = self
            .label_dependencies(&self.store.dependencies_of("asset", id).await?, true)
            .await?;
        let needed_by = self
            .label_dependencies(&self.store.dependents_of("asset", id).await?, false)
            .await?;
        let flows = self.store.flows_of(id).await?;
        let others: Vec<i64> = flows
            .iter()
            .map(|f| {
                if f.from_asset_id == id {
                    f.to_asset_id
                } else {
                    f.from_asset_id
                }
            })
            .collect();
        let names: HashMap<i64, String> = self
            .store
            .asset_names(&others)
            .await?
            .into_iter()
            .map(|(i, n, _, _)| (i, n))
            .collect();
        let flows = flows
            .into_iter()
            .map(|f| {
                let other = if f.from_asset_id == id {
                    f.to_asset_id
                } else {
                    f.from_asset_id
                };
                let n = names.get(&other).cloned().unwrap_or_default();
                (f, n)
            })
            .collect();
        let (p_compromise, spof_for) = match self.estate_snapshot().await {
            Ok(s) => match s.graph.node_by_id(id) {
                Some(n) => (
                    s.p_compromise.get(n.index()).copied(),
                    s.spofs.iter().find(|(k, _)| *k == n).map_or(0, |(_, ts)| ts.len()),
                ),
                None => (None, 0),
            },
            Err(_) => (None, 0),
        };
        Ok(AssetDetail {
            asset,
            org_name,
            zone_name,
            depends_on,
            needed_by,
            flows,
            p_compromise,
            spof_for,
        })
    }

    /// Services the actor may see, with their failure likelihood.
    pub async fn list_services(&self, actor: &Actor) -> Result<Vec<(ServiceRow, Option<f64>, bool)>> {
        let org = self.scope(actor, Permission::ServiceView)?;
        let services = self.store.list_services(org).await?;
        let snap = self.estate_snapshot().await.ok();
        Ok(services
            .into_iter()
            .map(|s| {
                let (p, c) = snap
                    .as_ref()
                    .and_then(|snap| {
                        snap.graph
                            .node_by_id(-s.id)
                            .map(|n| (snap.p_down.get(n.index()).copied(), snap.critical.contains(&n)))
                    })
                    .unwrap_or((None, false));
                (s, p, c)
            })
            .collect())
    }

    /// One service with dependencies and analysis.
    pub async fn service_detail(&self, actor: &Actor, id: i64) -> Result<ServiceDetail> {
        let service = self.store.get_service(id).await?;
        actor.require_on(Permission::ServiceView, rampart_core::ids::OrgId(service.fields.org_id))?;
        let org_name = self
            .store
            .get_org(rampart_core::ids::OrgId(service.fields.org_id))
            .await
            .map(|o| o.name)
            .unwrap_or_default();
        let depends_on = self
            .label_dependencies(&self.store.dependencies_of("service", id).await?, true)
            .await?;
        let needed_by = self
            .label_dependencies(&self.store.dependents_of("service", id).await?, false)
            .await?;
        let snap = self.estate_snapshot().await?;
        let node = snap.graph.node_by_id(-id);
        let p_down = node.and_then(|n| snap.p_down.get(n.index()).copied());
        let critical = node.is_some_and(|n| snap.critical.contains(&n));
        let spofs = match node {
            Some(n) => {
                let killers: Vec<_> = rampart_core::estate::spof::single_points_of_failure(&snap.graph, &[n])
                    .map_err(|e| AppError::Internal(e.to_string()))?
                    .targets
                    .into_iter()
                    .flat_map(|t| t.killers)
                    .collect();
                self.node_refs(&snap, &killers).await?
            }
            None => Vec::new(),
        };
        Ok(ServiceDetail {
            service,
            org_name,
            depends_on,
            needed_by,
            p_down,
            critical,
            spofs,
        })
    }
}
