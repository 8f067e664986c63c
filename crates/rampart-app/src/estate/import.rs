//! Importing assets: CSV, CycloneDX, nmap XML. One transaction per import;
//! every row ends up created, updated, unchanged or rejected (with where and
//! why); re-importing the same file changes nothing.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use rampart_core::authz::{Grant, Permission};
use rampart_core::ids::OrgId;
use rampart_core::normalize::normalize_vendor;
use rampart_formats::inventory::{self, AssetRecord, IdentityKey, MacAddr};
use rampart_store::{AssetFields, Tx};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::App;
use crate::actor::Actor;
use crate::audit::entry;
use crate::error::{AppError, Result};

/// The formats assets can be imported from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum InventoryFormat {
    /// Rampart's documented CSV (docs/formats/inventory-csv.md).
    Csv,
    /// CycloneDX 1.4–1.6 JSON (devices, firmware, HBOMs).
    CycloneDx,
    /// nmap `-oX` XML.
    Nmap,
}

impl InventoryFormat {
    /// Parses `csv`, `cyclonedx`, `nmap`.
    pub fn parse(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "csv" => Ok(Self::Csv),
            "cyclonedx" | "cdx" | "sbom" | "hbom" => Ok(Self::CycloneDx),
            "nmap" | "xml" => Ok(Self::Nmap),
            other => Err(AppError::invalid(
                "format",
                format!("unknown format `{other}` (use csv, cyclonedx or nmap)"),
            )),
        }
    }

    /// Guesses the format from a file name and its first bytes.
    pub fn detect(filename: &str, bytes: &[u8]) -> Option<Self> {
        let lower = filename.to_ascii_lowercase();
        if lower.ends_with(".csv") {
            return Some(Self::Csv);
        }
        if lower.ends_with(".xml") {
            return Some(Self::Nmap);
        }
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
        if head.contains("\"bomFormat\"") {
            Some(Self::CycloneDx)
        } else if head.contains("<nmaprun") || head.trim_start().starts_with("<?xml") {
            Some(Self::Nmap)
        } else if lower.ends_with(".json") {
            Some(Self::CycloneDx)
        } else {
            None
        }
    }

    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::CycloneDx => "cyclonedx",
            Self::Nmap => "nmap",
        }
    }
}

/// A row, component or host that was not imported.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Rejected {
    /// File and place: `inventory.csv: line 12`, `bom.json: components[3]`, `scan.xml: /nmaprun/host[2]`.
    pub location: String,
    /// Why.
    pub reason: String,
}

/// The outcome of an import.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    /// The file's name.
    pub filename: String,
    /// Its format.
    pub format: String,
    /// New assets.
    pub created: u64,
    /// Existing assets that changed.
    pub updated: u64,
    /// Existing assets that already matched.
    pub unchanged: u64,
    /// Rows not imported, at most 1,000 listed.
    pub rejected: Vec<Rejected>,
    /// All rejected rows, counted.
    pub rejected_count: u64,
    /// Zones created for zone names not seen before.
    pub zones_created: Vec<String>,
    /// Records whose vendor or identity was filled in from the MAC prefix or service banners.
    pub enriched: u64,
    /// Milliseconds taken.
    pub millis: u64,
}

impl ImportReport {
    fn reject(&mut self, location: String, reason: String) {
        self.rejected_count += 1;
        if self.rejected.len() < 1000 {
            self.rejected.push(Rejected { location, reason });
        }
    }

    /// One line: "created 3, updated 1, unchanged 10, rejected 2".
    pub fn summary(&self) -> String {
        format!(
            "created {}, updated {}, unchanged {}, rejected {}",
            self.created, self.updated, self.unchanged, self.rejected_count
        )
    }
}

/// Receives progress of long imports (the CLI draws a bar; jobs record it).
pub trait Progress: Send + Sync {
    /// Units in all, when known (bytes of input).
    fn total(&self, total: u64);
    /// Units done so far.
    fn done(&self, done: u64);
}

/// No progress reporting.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn total(&self, _: u64) {}
    fn done(&self, _: u64) {}
}

/// An identity key, with a fallback for records that carry none.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Record(IdentityKey),
    /// Lower-cased name within the owning organisation.
    Name(i64, String),
}

fn keys_of(r: &AssetRecord, org: i64) -> Vec<Key> {
    let mut k: Vec<Key> = r.identity_keys().into_iter().map(Key::Record).collect();
    if k.is_empty() {
        k.push(Key::Name(org, r.name.trim().to_lowercase()));
    }
    k
}

/// The identity keys of a stored asset (same rules as for records).
fn stored_keys(a: &rampart_store::AssetIdentity) -> Vec<Key> {
    let mut r = AssetRecord::named(a.name.clone());
    r.serial_number.clone_from(&a.serial_number);
    r.mac = a.mac.as_deref().and_then(|m| m.parse::<MacAddr>().ok());
    r.ip = a.ip.as_deref().and_then(|i| i.parse().ok());
    r.hostname.clone_from(&a.hostname);
    r.cpes = a.cpes.split_whitespace().map(str::to_owned).collect();
    keys_of(&r, a.org_id)
}

/// Everything an import resolves names against.
struct Context {
    orgs: HashMap<String, i64>,
    zones: HashMap<String, i64>,
    identities: HashMap<Key, (i64, String)>,
    grant: Grant,
    default_org: i64,
}

pub(crate) fn hash_fields(f: &AssetFields) -> String {
    let mut h = Sha256::new();
    let s = format!("{f:?}");
    h.update(s.as_bytes());
    hex::encode(&h.finalize()[..16])
}

fn opt(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

/// Converts a parsed record into stored fields (without zone and org resolution).
fn fields_of(r: &AssetRecord, org_id: i64, zone_id: Option<i64>, source: String) -> AssetFields {
    let vendor = opt(&r.vendor);
    let mut f = AssetFields {
        org_id,
        name: r.name.trim().to_owned(),
        asset_type: r.asset_type.map_or("other", |t| t.as_str()).to_owned(),
        vendor_key: vendor
            .as_deref()
            .map(|v| normalize_vendor(v).as_str().to_owned())
            .unwrap_or_default(),
        vendor,
        product: opt(&r.product),
        model: opt(&r.model),
        version: opt(&r.version),
        firmware_version: opt(&r.firmware_version),
        cpes: r.cpes.join(" "),
        purls: r.purls.join(" "),
        serial_number: opt(&r.serial_number),
        mac: r.mac.map(|m| m.to_string()),
        ip: r.ip.map(|i| i.to_string()),
        hostname: opt(&r.hostname).map(|h| h.to_lowercase()),
        zone_id,
        internet_exposed: r.internet_exposed.unwrap_or(false),
        site: opt(&r.site),
        district: opt(&r.district),
        lat: r.location.map(|l| l.lat()),
        lon: r.location.map(|l| l.lon()),
        criticality: r.criticality.map_or(0, |c| i64::from(c.level())),
        data_classes: r.data_classes.iter().map(|d| d.as_str()).collect::<Vec<_>>().join(" "),
        default_credentials_changed: r.security.default_credentials_changed,
        secure_update_supported: r.security.secure_update_supported,
        update_channel: opt(&r.security.update_channel),
        encrypted_in_transit: r.security.encrypted_in_transit,
        encrypted_at_rest: r.security.encrypted_at_rest,
        logging_enabled: r.security.logging_enabled,
        end_of_support: r.end_of_support.map(|d| d.to_string()),
        open_ports: r
            .open_ports
            .iter()
            .map(|p| match &p.service {
                Some(s) => format!("{}/{}/{}", p.port, p.protocol.as_str(), s),
                None => format!("{}/{}", p.port, p.protocol.as_str()),
            })
            .collect::<Vec<_>>()
            .join(" "),
        os: r.os_matches.first().map(|o| o.name.clone()),
        tags: r.tags.join(";"),
        source: String::new(),
        content_hash: String::new(),
    };
    // The hash covers what the record says, not where it came from.
    f.content_hash = hash_fields(&f);
    f.source = source;
    f
}

impl App {
    async fn import_context(
        &self,
        actor: &Actor,
        tx: &mut Tx,
        grant: Grant,
        default_org: Option<OrgId>,
    ) -> Result<Context> {
        let mut orgs = HashMap::new();
        for o in self.store.list_orgs().await? {
            orgs.insert(o.slug.to_lowercase(), o.id.0);
            orgs.insert(o.name.to_lowercase(), o.id.0);
        }
        let default_org = match (default_org, grant, actor.principal()) {
            (Some(o), _, _) => o.0,
            (None, Grant::Org(o), _) => o.0,
            (None, Grant::City, Some(p)) => p.org_id.0,
            (None, Grant::City, None) => self.store.find_city().await?.map(|c| c.id.0).ok_or_else(|| {
                AppError::invalid(
                    "org",
                    "create the city organisation first, or name an owner organisation",
                )
            })?,
        };
        if !grant.covers(OrgId(default_org)) {
            return Err(AppError::Forbidden("import assets for another organisation".into()));
        }
        let zones = tx
            .zones()
            .await?
            .into_iter()
            .map(|z| (z.name.to_lowercase(), z.id))
            .collect();
        let mut identities = HashMap::new();
        let mut after = 0;
        loop {
            let chunk = self.store.asset_identities(after, 50_000).await?;
            let Some(last) = chunk.last() else { break };
            after = last.id;
            for a in &chunk {
                for k in stored_keys(a) {
                    identities.entry(k).or_insert((a.id, a.content_hash.clone()));
                }
            }
        }
        Ok(Context {
            orgs,
            zones,
            identities,
            grant,
            default_org,
        })
    }

    /// Imports assets from `bytes` in `format`. Rows owned by no
    /// organisation go to `default_org` (or the actor's organisation).
    /// Agency roles may import only their own organisation's assets.
    pub async fn import_inventory(
        &self,
        actor: &Actor,
        filename: &str,
        format: InventoryFormat,
        bytes: &[u8],
        default_org: Option<OrgId>,
        progress: &dyn Progress,
    ) -> Result<ImportReport> {
        let grant = actor.require(Permission::AssetManage)?;
        let started = Instant::now();
        let mut report = ImportReport {
            filename: filename.to_owned(),
            format: format.as_str().to_owned(),
            ..ImportReport::default()
        };
        progress.total(bytes.len() as u64);
        let mut tx = self.store.begin().await?;
        let mut ctx = self.import_context(actor, &mut tx, grant, default_org).await?;
        let mut batch = Batch::default();
        match format {
            InventoryFormat::Csv => {
                let reader = inventory::csv::CsvReader::new(bytes)
                    .map_err(|e| AppError::invalid(format!("{filename}: line {}", e.line()), e.to_string()))?;
                let line_count = bytecount_lines(bytes).max(1);
                for row in reader {
                    let row =
                        row.map_err(|e| AppError::invalid(format!("{filename}: line {}", e.line()), e.to_string()))?;
                    match row.result {
                        Ok(rec) => {
                            let loc = format!("{filename}: line {}", row.line);
                            self.stage(&mut tx, &mut ctx, &mut batch, &mut report, rec, loc).await?;
                        }
                        Err(errs) => {
                            let reason = errs
                                .iter()
                                .map(|e| match &e.column {
                                    Some(c) => format!("column `{c}`: {}", e.message),
                                    None => e.message.clone(),
                                })
                                .collect::<Vec<_>>()
                                .join("; ");
                            report.reject(format!("{filename}: line {}", row.line), reason);
                        }
                    }
                    if row.line % 2000 == 0 {
                        progress.done(bytes.len() as u64 * row.line / line_count);
                        batch.flush(&mut tx, self.now()).await?;
                    }
                }
            }
            InventoryFormat::CycloneDx => {
                let r = inventory::cyclonedx::parse(bytes).map_err(|e| AppError::invalid(filename, e.to_string()))?;
                for e in r.errors {
                    report.reject(format!("{filename}: {}", e.path), e.message);
                }
                for rec in r.assets {
                    let loc = format!(
                        "{filename}: {}",
                        rec.source_ref.as_ref().map_or_else(String::new, ToString::to_string)
                    );
                    self.stage(&mut tx, &mut ctx, &mut batch, &mut report, rec, loc).await?;
                }
            }
            InventoryFormat::Nmap => {
                let r = inventory::nmap::parse(bytes, &inventory::nmap::NmapOptions::default())
                    .map_err(|e| AppError::invalid(format!("{filename}: line {}", e.line()), e.to_string()))?;
                for host in &r.hosts {
                    let rec = host.to_asset_record();
                    if rec.ip.is_none() && rec.mac.is_none() && rec.hostname.is_none() {
                        report.reject(format!("{filename}: {}", host.path), "host has no address".into());
                        continue;
                    }
                    let loc = format!("{filename}: {} (line {})", host.path, host.line);
                    self.stage(&mut tx, &mut ctx, &mut batch, &mut report, rec, loc).await?;
                }
            }
        }
        batch.flush(&mut tx, self.now()).await?;
        report.created = batch.created;
        report.updated = batch.updated;
        report.unchanged = batch.unchanged;
        let changed = report.created + report.updated > 0 || !report.zones_created.is_empty();
        if changed {
            tx.bump_estate_version().await?;
        }
        report.millis = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        tx.append_audit(entry(
            actor,
            self.now(),
            "asset.import",
            "asset",
            None,
            Some(ctx.default_org),
            json!({
                "file": filename, "format": format.as_str(), "created": report.created, "updated": report.updated,
                "unchanged": report.unchanged, "rejected": report.rejected_count, "zones_created": report.zones_created,
            }),
        ))
        .await?;
        tx.commit().await?;
        progress.done(bytes.len() as u64);
        self.invalidate_estate();
        Ok(report)
    }

    /// Resolves one record and adds it to the batch (or rejects it).
    async fn stage(
        &self,
        tx: &mut Tx,
        ctx: &mut Context,
        batch: &mut Batch,
        report: &mut ImportReport,
        mut rec: AssetRecord,
        location: String,
    ) -> Result<()> {
        if rec.name.trim().is_empty() {
            report.reject(location, "the asset has no name".into());
            return Ok(());
        }
        if !inventory::enrich(&mut rec).is_empty() {
            report.enriched += 1;
        }
        let org = match rec.owner_org.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => ctx.default_org,
            Some(o) => match ctx.orgs.get(&o.to_lowercase()) {
                Some(id) => *id,
                None => {
                    report.reject(
                        location,
                        format!("unknown owner organisation `{o}` (use an organisation's slug or name)"),
                    );
                    return Ok(());
                }
            },
        };
        if !ctx.grant.covers(OrgId(org)) {
            report.reject(location, "you may import assets only for your own organisation".into());
            return Ok(());
        }
        let zone_id = match rec.network_zone.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(z) => match ctx.zones.get(&z.to_lowercase()) {
                Some(id) => Some(*id),
                None => {
                    let kind = super::zone_kind_from_name(z);
                    let id = tx
                        .upsert_zone(z, kind, super::zone_untrusted_by_default(kind), "", self.now())
                        .await?
                        .id();
                    ctx.zones.insert(z.to_lowercase(), id);
                    report.zones_created.push(z.to_owned());
                    Some(id)
                }
            },
        };
        let keys = keys_of(&rec, org);
        let fields = fields_of(&rec, org, zone_id, location);
        let existing = keys.iter().find_map(|k| ctx.identities.get(k).cloned());
        match existing {
            Some((_, hash)) if hash == fields.content_hash => batch.unchanged += 1,
            Some((id, _)) => {
                if !batch.touched.insert(id) {
                    // The same asset twice in one file: the last row wins.
                }
                for k in keys {
                    ctx.identities.insert(k, (id, fields.content_hash.clone()));
                }
                if batch.pending_ids.contains(&id) {
                    batch.replace_pending(id, fields);
                } else {
                    tx.update_asset(id, &fields, self.now()).await?;
                    batch.updated += 1;
                }
            }
            None => {
                let id = batch.next_id(tx).await?;
                for k in keys {
                    ctx.identities.insert(k, (id, fields.content_hash.clone()));
                }
                batch.pending_ids.insert(id);
                batch.pending.push((id, fields));
                batch.created += 1;
            }
        }
        Ok(())
    }
}

/// New rows waiting for a multi-row insert.
#[derive(Default)]
struct Batch {
    pending: Vec<(i64, AssetFields)>,
    pending_ids: HashSet<i64>,
    reserved: Vec<i64>,
    touched: HashSet<i64>,
    created: u64,
    updated: u64,
    unchanged: u64,
}

impl Batch {
    async fn next_id(&mut self, tx: &mut Tx) -> Result<i64> {
        if self.reserved.is_empty() {
            let mut ids = tx.reserve_asset_ids(2000).await?;
            ids.reverse();
            self.reserved = ids;
        }
        self.reserved
            .pop()
            .ok_or_else(|| AppError::Internal("no asset id reserved".into()))
    }

    fn replace_pending(&mut self, id: i64, fields: AssetFields) {
        if let Some(slot) = self.pending.iter_mut().find(|(i, _)| *i == id) {
            slot.1 = fields;
        }
    }

    async fn flush(&mut self, tx: &mut Tx, now: rampart_core::time::Timestamp) -> Result<()> {
        if !self.pending.is_empty() {
            tx.insert_assets(&self.pending, now).await?;
            self.pending.clear();
            self.pending_ids.clear();
        }
        Ok(())
    }
}

fn bytecount_lines(b: &[u8]) -> u64 {
    b.iter().filter(|c| **c == b'\n').count() as u64
}
