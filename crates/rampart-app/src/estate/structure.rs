//! Importing the estate's structure from CSV: zones, conduits, services,
//! dependencies (with redundancy groups) and data flows
//! (docs/formats/estate-csv.md). One transaction per file; rows are
//! created, updated, unchanged or rejected with their line and reason.
//! Imports add and update; they do not delete what a file leaves out.

use std::collections::HashMap;

use rampart_core::authz::{Grant, Permission};
use rampart_core::ids::OrgId;
pub use rampart_formats::estate::EstateCsvKind;
use rampart_formats::estate::{self, EntityRef};
use rampart_store::{FlowRow, ServiceFields, Tx, Upserted};
use serde_json::json;

use super::import::Rejected;
use crate::App;
use crate::actor::Actor;
use crate::audit::entry;
use crate::error::{AppError, Result};

/// The outcome of a structure import.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct StructureReport {
    /// Which file kind.
    pub kind: String,
    /// File name.
    pub filename: String,
    /// Rows that created something.
    pub created: u64,
    /// Rows that changed something.
    pub updated: u64,
    /// Rows that matched what is stored.
    pub unchanged: u64,
    /// Rows not imported (at most 1,000 listed).
    pub rejected: Vec<Rejected>,
    /// All rejected rows.
    pub rejected_count: u64,
}

impl StructureReport {
    fn count(&mut self, u: Upserted) {
        match u {
            Upserted::Created(_) => self.created += 1,
            Upserted::Updated(_) => self.updated += 1,
            Upserted::Unchanged(_) => self.unchanged += 1,
        }
    }

    fn reject(&mut self, line: u64, reason: impl Into<String>) {
        self.rejected_count += 1;
        if self.rejected.len() < 1000 {
            self.rejected.push(Rejected {
                location: format!("{}: line {line}", self.filename),
                reason: reason.into(),
            });
        }
    }

    /// One line summary.
    pub fn summary(&self) -> String {
        format!(
            "created {}, updated {}, unchanged {}, rejected {}",
            self.created, self.updated, self.unchanged, self.rejected_count
        )
    }
}

fn kind_name(k: EstateCsvKind) -> &'static str {
    k.as_str()
}

impl App {
    /// Imports one estate CSV file. `kind` is detected from the header when `None`.
    pub async fn import_structure(
        &self,
        actor: &Actor,
        filename: &str,
        kind: Option<EstateCsvKind>,
        bytes: &[u8],
    ) -> Result<StructureReport> {
        let header = bytes
            .split(|b| *b == b'\n')
            .next()
            .map(String::from_utf8_lossy)
            .unwrap_or_default();
        let kind = match kind.or_else(|| estate::detect_kind(&header)) {
            Some(k) => k,
            None => {
                return Err(AppError::invalid(
                    format!("{filename}: line 1"),
                    "cannot tell which estate file this is from its header (zones, conduits, services, dependencies or flows)",
                ));
            }
        };
        let grant = match kind {
            EstateCsvKind::Zones | EstateCsvKind::Conduits | EstateCsvKind::Flows => {
                actor.require(Permission::AssetManage)?
            }
            EstateCsvKind::Services | EstateCsvKind::Dependencies => actor.require(Permission::ServiceManage)?,
        };
        if matches!(kind, EstateCsvKind::Zones | EstateCsvKind::Conduits) && grant != Grant::City {
            return Err(AppError::Forbidden(
                "change the city's network zones (city-wide role needed)".into(),
            ));
        }
        let bad = |e: estate::CsvError| AppError::invalid(format!("{filename}: line {}", e.line()), e.to_string());
        let mut report = StructureReport {
            kind: kind_name(kind).to_owned(),
            filename: filename.to_owned(),
            ..StructureReport::default()
        };
        let now = self.now();
        let mut tx = self.store.begin().await?;
        macro_rules! file_errors {
            ($r:expr) => {
                for e in &$r.errors {
                    let msg = match &e.column {
                        Some(c) => format!("column `{c}`: {}", e.message),
                        None => e.message.clone(),
                    };
                    report.reject(e.line, msg);
                }
            };
        }
        match kind {
            EstateCsvKind::Zones => {
                let r = estate::parse_all::<estate::ZoneRecord>(bytes).map_err(bad)?;
                file_errors!(r);
                for (_, z) in &r.rows {
                    let untrusted = z.untrusted.unwrap_or_else(|| z.kind.untrusted_by_default());
                    let u = tx
                        .upsert_zone(
                            z.name.trim(),
                            z.kind.as_str(),
                            untrusted,
                            z.description.as_deref().unwrap_or(""),
                            now,
                        )
                        .await?;
                    report.count(u);
                }
            }
            EstateCsvKind::Conduits => {
                let r = estate::parse_all::<estate::ConduitRecord>(bytes).map_err(bad)?;
                file_errors!(r);
                let zones: HashMap<String, i64> = tx
                    .zones()
                    .await?
                    .into_iter()
                    .map(|z| (estate::name_key(&z.name), z.id))
                    .collect();
                for (line, c) in &r.rows {
                    let (Some(&from), Some(&to)) = (
                        zones.get(&estate::name_key(&c.from_zone)),
                        zones.get(&estate::name_key(&c.to_zone)),
                    ) else {
                        report.reject(
                            *line,
                            format!(
                                "unknown zone `{}` or `{}`: import zones.csv first",
                                c.from_zone, c.to_zone
                            ),
                        );
                        continue;
                    };
                    let protocols = c.protocols.as_deref().unwrap_or("");
                    let desc = c.description.as_deref().unwrap_or("");
                    report.count(tx.upsert_conduit(from, to, protocols, c.likelihood(), desc).await?);
                    if c.bidirectional {
                        report.count(tx.upsert_conduit(to, from, protocols, c.likelihood(), desc).await?);
                    }
                }
            }
            EstateCsvKind::Services => {
                let r = estate::parse_all::<estate::ServiceRecord>(bytes).map_err(bad)?;
                file_errors!(r);
                let orgs = self.org_lookup().await?;
                let default_org = match (grant, actor.principal()) {
                    (Grant::Org(o), _) => Some(o.0),
                    (Grant::City, Some(p)) => Some(p.org_id.0),
                    (Grant::City, None) => self.store.find_city().await?.map(|c| c.id.0),
                };
                for (line, s) in &r.rows {
                    let org = match s.owner_org.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
                        Some(o) => orgs.get(&o.to_lowercase()).copied(),
                        None => default_org,
                    };
                    let Some(org) = org else {
                        report.reject(
                            *line,
                            format!("unknown owner organisation `{}`", s.owner_org.as_deref().unwrap_or("")),
                        );
                        continue;
                    };
                    if !grant.covers(OrgId(org)) {
                        report.reject(*line, "you may import services only for your own organisation");
                        continue;
                    }
                    let lvl = |l: Option<estate::ImpactLevel>| l.map_or(0, |l| i64::from(l.level()));
                    let f = ServiceFields {
                        org_id: org,
                        name: s.name.trim().to_owned(),
                        description: s.description.clone().unwrap_or_default(),
                        life_safety: lvl(s.life_safety),
                        population_served: s.population_served.and_then(|p| i64::try_from(p).ok()).unwrap_or(0),
                        economic_impact: lvl(s.economic_impact),
                        privacy_impact: lvl(s.privacy_impact),
                        rto_minutes: s.rto_minutes.map(i64::from),
                        critical: s.critical,
                    };
                    report.count(tx.upsert_service(&f, now).await?);
                }
            }
            EstateCsvKind::Dependencies => {
                let r = estate::parse_all::<estate::DependencyRecord>(bytes).map_err(bad)?;
                file_errors!(r);
                let services: HashMap<String, (i64, i64)> = tx
                    .service_ids()
                    .await?
                    .into_iter()
                    .map(|(id, name, org)| (estate::name_key(&name), (id, org)))
                    .collect();
                for req in estate::dependencies::requirements(&r.rows) {
                    let first_line = req.members.first().map_or(0, |m| m.0);
                    let dependent = match req.dependent_kind {
                        estate::DependentKind::Service => services
                            .get(&estate::name_key(&req.dependent))
                            .map(|(id, org)| ("service", *id, *org)),
                        estate::DependentKind::Asset => {
                            match resolve_asset(&mut tx, &EntityRef::Asset(req.dependent.clone())).await? {
                                Ok(id) => Some(("asset", id, self.store.get_asset(id).await?.fields.org_id)),
                                Err(msg) => {
                                    report.reject(first_line, msg);
                                    continue;
                                }
                            }
                        }
                    };
                    let Some((dkind, did, dorg)) = dependent else {
                        report.reject(
                            first_line,
                            format!("unknown service `{}`: import services.csv first", req.dependent),
                        );
                        continue;
                    };
                    if !grant.covers(OrgId(dorg)) {
                        report.reject(first_line, "the dependent belongs to another organisation");
                        continue;
                    }
                    let group = match &req.group {
                        Some(g) => Some(tx.upsert_group(dkind, did, g, i64::from(req.min_up)).await?.id()),
                        None => None,
                    };
                    for (line, target) in &req.members {
                        let resolved = match target {
                            EntityRef::Service(name) => services
                                .get(&estate::name_key(name))
                                .map(|(id, _)| ("service", *id))
                                .ok_or_else(|| format!("unknown service `{name}`")),
                            other => resolve_asset(&mut tx, other).await?.map(|id| ("asset", id)),
                        };
                        match resolved {
                            Ok(t) if t == (dkind, did) => {
                                report.reject(*line, "a service or asset cannot depend on itself")
                            }
                            Ok(t) => {
                                let note = r
                                    .rows
                                    .iter()
                                    .find(|(l, _)| l == line)
                                    .and_then(|(_, d)| d.note.clone())
                                    .unwrap_or_default();
                                report.count(tx.upsert_dependency((dkind, did), t, group, &note).await?);
                            }
                            Err(msg) => report.reject(*line, msg),
                        }
                    }
                }
            }
            EstateCsvKind::Flows => {
                let r = estate::parse_all::<estate::FlowRecord>(bytes).map_err(bad)?;
                file_errors!(r);
                for (line, f) in &r.rows {
                    let from = resolve_asset(&mut tx, &f.from_asset).await?;
                    let to = resolve_asset(&mut tx, &f.to_asset).await?;
                    match (from, to) {
                        (Ok(from), Ok(to)) => {
                            let row = FlowRow {
                                id: 0,
                                from_asset_id: from,
                                to_asset_id: to,
                                data_classes: f.data_classes.iter().map(|d| d.as_str()).collect::<Vec<_>>().join(" "),
                                encrypted_in_transit: f.encrypted_in_transit,
                                protocol: f.protocol.clone().unwrap_or_default(),
                                port: f.port.map(i64::from),
                                description: f.description.clone().unwrap_or_default(),
                            };
                            report.count(tx.upsert_flow(&row).await?);
                        }
                        (Err(m), _) | (_, Err(m)) => report.reject(*line, m),
                    }
                }
            }
        }
        if report.created + report.updated > 0 {
            tx.bump_estate_version().await?;
        }
        tx.append_audit(entry(
            actor,
            now,
            &format!("estate.import_{}", kind_name(kind)),
            "estate",
            None,
            actor.principal().map(|p| p.org_id.0),
            json!({ "file": filename, "created": report.created, "updated": report.updated, "unchanged": report.unchanged, "rejected": report.rejected_count }),
        ))
        .await?;
        tx.commit().await?;
        self.invalidate_estate();
        Ok(report)
    }

    /// Organisations by lower-case slug and name.
    pub(crate) async fn org_lookup(&self) -> Result<HashMap<String, i64>> {
        let mut m = HashMap::new();
        for o in self.store.list_orgs().await? {
            m.insert(o.slug.to_lowercase(), o.id.0);
            m.insert(o.name.to_lowercase(), o.id.0);
        }
        Ok(m)
    }
}

/// Finds the one asset an entity reference names, or says why not.
async fn resolve_asset(tx: &mut Tx, r: &EntityRef) -> Result<std::result::Result<i64, String>> {
    let (field, value) = match r {
        EntityRef::Asset(n) => ("name", n.trim().to_owned()),
        EntityRef::Serial(s) => ("serial_number", s.trim().to_owned()),
        EntityRef::Mac(m) => ("mac", m.to_string()),
        EntityRef::Host(h) => ("hostname", h.trim().to_lowercase()),
        EntityRef::Ip(i) => ("ip", i.to_string()),
        EntityRef::Service(s) => return Ok(Err(format!("`service:{s}` is a service, not an asset"))),
    };
    let ids = tx.find_asset_ids(field, &value).await?;
    Ok(match ids.as_slice() {
        [id] => Ok(*id),
        [] => Err(format!("no asset with {field} `{value}`")),
        _ => Err(format!(
            "several assets have {field} `{value}`: name it by serial:, mac:, host: or ip: instead"
        )),
    })
}
