//! Assets: devices and system components.
//!
//! Imports write in batches with multi-row `INSERT`s and ids allocated up
//! front (dialect difference: PostgreSQL draws them from the identity
//! sequence; SQLite counts on from `MAX(id)` under its write lock), so a
//! million-row import is a few thousand statements, not a million.

use rampart_core::time::Timestamp;

use crate::db::{Db, Store, Tx, TxInner, on_pool, on_tx};
use crate::error::{Result, StoreError};
use crate::sql::{Bind, Sql, bind_all};

/// The stored fields of an asset (everything but id and timestamps).
#[derive(Debug, Clone, Default, PartialEq, sqlx::FromRow)]
pub struct AssetFields {
    /// Owning organisation.
    pub org_id: i64,
    /// Name.
    pub name: String,
    /// Type (`plc`, `ip-camera`, … as `rampart_formats::inventory::AssetType::as_str`).
    pub asset_type: String,
    /// Vendor as given.
    pub vendor: Option<String>,
    /// Normalised vendor key (for filtering and matching).
    pub vendor_key: String,
    /// Product.
    pub product: Option<String>,
    /// Model.
    pub model: Option<String>,
    /// Version.
    pub version: Option<String>,
    /// Firmware version.
    pub firmware_version: Option<String>,
    /// CPE 2.3 names, space-separated.
    pub cpes: String,
    /// purls, space-separated.
    pub purls: String,
    /// Serial number.
    pub serial_number: Option<String>,
    /// MAC, lower-case colon form.
    pub mac: Option<String>,
    /// IP address.
    pub ip: Option<String>,
    /// Host name.
    pub hostname: Option<String>,
    /// Network zone.
    pub zone_id: Option<i64>,
    /// Reachable from the internet.
    pub internet_exposed: bool,
    /// Site.
    pub site: Option<String>,
    /// District.
    pub district: Option<String>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// Criticality 1-5, 0 unknown.
    pub criticality: i64,
    /// Data classes, space-separated.
    pub data_classes: String,
    /// IoT property.
    pub default_credentials_changed: Option<bool>,
    /// IoT property.
    pub secure_update_supported: Option<bool>,
    /// IoT property.
    pub update_channel: Option<String>,
    /// IoT property.
    pub encrypted_in_transit: Option<bool>,
    /// IoT property.
    pub encrypted_at_rest: Option<bool>,
    /// IoT property.
    pub logging_enabled: Option<bool>,
    /// End of support, `YYYY-MM-DD`.
    pub end_of_support: Option<String>,
    /// Open ports, `port/proto[/service]` space-separated.
    pub open_ports: String,
    /// Operating system guess.
    pub os: Option<String>,
    /// Tags, `;`-separated.
    pub tags: String,
    /// Where the record came from (file and line, scan).
    pub source: String,
    /// Hash of the fields above, to see whether a re-import changes anything.
    pub content_hash: String,
}

const FIELDS: &str = "org_id, name, asset_type, vendor, vendor_key, product, model, version, firmware_version, cpes, purls, \
    serial_number, mac, ip, hostname, zone_id, internet_exposed, site, district, lat, lon, criticality, data_classes, \
    default_credentials_changed, secure_update_supported, update_channel, encrypted_in_transit, encrypted_at_rest, \
    logging_enabled, end_of_support, open_ports, os, tags, source, content_hash";

impl AssetFields {
    fn binds(&self) -> Vec<Bind> {
        vec![
            self.org_id.into(),
            self.name.clone().into(),
            self.asset_type.clone().into(),
            self.vendor.clone().into(),
            self.vendor_key.clone().into(),
            self.product.clone().into(),
            self.model.clone().into(),
            self.version.clone().into(),
            self.firmware_version.clone().into(),
            self.cpes.clone().into(),
            self.purls.clone().into(),
            self.serial_number.clone().into(),
            self.mac.clone().into(),
            self.ip.clone().into(),
            self.hostname.clone().into(),
            self.zone_id.into(),
            self.internet_exposed.into(),
            self.site.clone().into(),
            self.district.clone().into(),
            self.lat.into(),
            self.lon.into(),
            self.criticality.into(),
            self.data_classes.clone().into(),
            self.default_credentials_changed.into(),
            self.secure_update_supported.into(),
            self.update_channel.clone().into(),
            self.encrypted_in_transit.into(),
            self.encrypted_at_rest.into(),
            self.logging_enabled.into(),
            self.end_of_support.clone().into(),
            self.open_ports.clone().into(),
            self.os.clone().into(),
            self.tags.clone().into(),
            self.source.clone().into(),
            self.content_hash.clone().into(),
        ]
    }
}

/// A stored asset.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AssetRow {
    /// Id.
    pub id: i64,
    /// Fields.
    #[sqlx(flatten)]
    pub fields: AssetFields,
    /// Created.
    pub created_at: String,
    /// Last changed.
    pub updated_at: String,
}

/// What identifies an existing asset on re-import.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AssetIdentity {
    /// Id.
    pub id: i64,
    /// Serial number.
    pub serial_number: Option<String>,
    /// MAC.
    pub mac: Option<String>,
    /// IP.
    pub ip: Option<String>,
    /// Host name.
    pub hostname: Option<String>,
    /// CPEs.
    pub cpes: String,
    /// Name.
    pub name: String,
    /// Organisation.
    pub org_id: i64,
    /// Content hash.
    pub content_hash: String,
}

/// Filters for the inventory list.
#[derive(Debug, Clone, Default)]
pub struct AssetFilter {
    /// Only this organisation (agency roles always set it).
    pub org_id: Option<i64>,
    /// Name prefix, or an exact host name, IP, MAC or serial number.
    pub q: Option<String>,
    /// Asset type.
    pub asset_type: Option<String>,
    /// Normalised vendor key.
    pub vendor_key: Option<String>,
    /// Zone.
    pub zone_id: Option<i64>,
    /// Internet exposure.
    pub exposed: Option<bool>,
    /// Criticality.
    pub criticality: Option<i64>,
    /// Baseline conformance: only assets with this many or more missing IoT protections.
    pub min_missing_protections: Option<i64>,
}

/// Sort orders of the inventory list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AssetSort {
    /// By name.
    #[default]
    Name,
    /// By type, then name.
    Type,
    /// By vendor, then name.
    Vendor,
    /// By criticality, then name.
    Criticality,
}

impl AssetSort {
    /// Parses `name`, `type`, `vendor`, `criticality`.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "name" => AssetSort::Name,
            "type" => AssetSort::Type,
            "vendor" => AssetSort::Vendor,
            "criticality" => AssetSort::Criticality,
            _ => return None,
        })
    }

    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            AssetSort::Name => "name",
            AssetSort::Type => "type",
            AssetSort::Vendor => "vendor",
            AssetSort::Criticality => "criticality",
        }
    }

    fn lead(self) -> Option<&'static str> {
        match self {
            AssetSort::Name => None,
            AssetSort::Type => Some("asset_type"),
            AssetSort::Vendor => Some("vendor_key"),
            AssetSort::Criticality => Some("criticality"),
        }
    }
}

/// Where a page of the inventory list starts: after this row.
#[derive(Debug, Clone, PartialEq)]
pub struct AssetCursor {
    /// The sort column's value of the last row (text, or the criticality as text).
    pub lead: Option<String>,
    /// Its name.
    pub name: String,
    /// Its id.
    pub id: i64,
}

/// A row of the inventory list.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AssetListItem {
    /// Id.
    pub id: i64,
    /// Organisation.
    pub org_id: i64,
    /// Name.
    pub name: String,
    /// Type.
    pub asset_type: String,
    /// Vendor.
    pub vendor: Option<String>,
    /// Vendor key.
    pub vendor_key: String,
    /// Product.
    pub product: Option<String>,
    /// Model.
    pub model: Option<String>,
    /// Firmware or software version.
    pub version: Option<String>,
    /// Firmware version.
    pub firmware_version: Option<String>,
    /// IP.
    pub ip: Option<String>,
    /// Zone.
    pub zone_id: Option<i64>,
    /// Exposed.
    pub internet_exposed: bool,
    /// Criticality.
    pub criticality: i64,
}

const LIST_COLUMNS: &str = "id, org_id, name, asset_type, vendor, vendor_key, product, model, version, firmware_version, ip, zone_id, internet_exposed, criticality";

/// How many IoT protections are known missing (`= false`), as SQL.
const MISSING_PROTECTIONS: &str = "(CASE WHEN default_credentials_changed = FALSE THEN 1 ELSE 0 END + CASE WHEN secure_update_supported = FALSE THEN 1 ELSE 0 END \
    + CASE WHEN encrypted_in_transit = FALSE THEN 1 ELSE 0 END + CASE WHEN encrypted_at_rest = FALSE THEN 1 ELSE 0 END + CASE WHEN logging_enabled = FALSE THEN 1 ELSE 0 END)";

fn where_clause(f: &AssetFilter, sql: &mut Sql) {
    sql.push(" WHERE 1 = 1");
    if let Some(o) = f.org_id {
        sql.push(" AND org_id = ").bind(o);
    }
    if let Some(q) = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        sql.push(" AND ((name >= ")
            .bind(q)
            .push(" AND name < ")
            .bind(format!("{q}\u{10ffff}"));
        sql.push(") OR hostname = ")
            .bind(q)
            .push(" OR ip = ")
            .bind(q)
            .push(" OR serial_number = ")
            .bind(q);
        sql.push(" OR mac = ").bind(q.to_ascii_lowercase()).push(")");
    }
    if let Some(t) = &f.asset_type {
        sql.push(" AND asset_type = ").bind(t.as_str());
    }
    if let Some(v) = &f.vendor_key {
        sql.push(" AND vendor_key = ").bind(v.as_str());
    }
    if let Some(z) = f.zone_id {
        sql.push(" AND zone_id = ").bind(z);
    }
    if let Some(e) = f.exposed {
        sql.push(" AND internet_exposed = ").bind(e);
    }
    if let Some(c) = f.criticality {
        sql.push(" AND criticality = ").bind(c);
    }
    if let Some(m) = f.min_missing_protections {
        sql.push(" AND ").push(MISSING_PROTECTIONS).push(" >= ").bind(m);
    }
}

impl Store {
    /// A page of the inventory, keyset-paginated after `after`.
    pub async fn list_assets(
        &self,
        f: &AssetFilter,
        sort: AssetSort,
        descending: bool,
        after: Option<&AssetCursor>,
        limit: i64,
    ) -> Result<Vec<AssetListItem>> {
        let mut sql = Sql::new(&format!("SELECT {LIST_COLUMNS} FROM assets"));
        where_clause(f, &mut sql);
        let cmp = if descending { "<" } else { ">" };
        let dir = if descending { "DESC" } else { "ASC" };
        if let Some(c) = after {
            match sort.lead() {
                None => {
                    sql.push(&format!(" AND (name, id) {cmp} ("))
                        .bind(c.name.as_str())
                        .push(", ")
                        .bind(c.id)
                        .push(")");
                }
                Some(col) => {
                    sql.push(&format!(" AND ({col}, name, id) {cmp} ("));
                    if sort == AssetSort::Criticality {
                        sql.bind(c.lead.as_deref().and_then(|l| l.parse::<i64>().ok()).unwrap_or(0));
                    } else {
                        sql.bind(c.lead.clone().unwrap_or_default());
                    }
                    sql.push(", ").bind(c.name.as_str()).push(", ").bind(c.id).push(")");
                }
            }
        }
        match sort.lead() {
            None => sql.push(&format!(" ORDER BY name {dir}, id {dir}")),
            Some(col) => sql.push(&format!(" ORDER BY {col} {dir}, name {dir}, id {dir}")),
        };
        sql.push(" LIMIT ").bind(limit.clamp(1, 1000));
        let rows: Vec<AssetListItem> = on_pool!(self, p => bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(sql.text_for(self.backend()))), &sql.binds).fetch_all(p).await)?;
        Ok(rows)
    }

    /// How many assets match, counting at most `cap` (so a huge inventory stays fast).
    pub async fn count_assets(&self, f: &AssetFilter, cap: i64) -> Result<i64> {
        let mut sql = Sql::new("SELECT COUNT(*) FROM (SELECT 1 FROM assets");
        where_clause(f, &mut sql);
        sql.push(" LIMIT ").bind(cap).push(") AS capped");
        let (n,): (i64,) = on_pool!(self, p => bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(sql.text_for(self.backend()))), &sql.binds).fetch_one(p).await)?;
        Ok(n)
    }

    /// One asset.
    pub async fn get_asset(&self, id: i64) -> Result<AssetRow> {
        let sql = format!("SELECT id, {FIELDS}, created_at, updated_at FROM assets WHERE id = $1");
        let row: Option<AssetRow> =
            on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(p).await)?;
        row.ok_or(StoreError::NotFound("asset"))
    }

    /// Assets by id (for graph views and reports).
    pub async fn get_assets(&self, ids: &[i64]) -> Result<Vec<AssetRow>> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let mut sql = Sql::new(&format!(
                "SELECT id, {FIELDS}, created_at, updated_at FROM assets WHERE id IN ("
            ));
            for (i, id) in chunk.iter().enumerate() {
                if i > 0 {
                    sql.push(", ");
                }
                sql.bind(*id);
            }
            sql.push(")");
            let rows: Vec<AssetRow> = on_pool!(self, p => bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(sql.text_for(self.backend()))), &sql.binds).fetch_all(p).await)?;
            out.extend(rows);
        }
        Ok(out)
    }

    /// Asset counts grouped by a column (`asset_type`, `vendor_key`, `zone_id`, `org_id`), largest first.
    pub async fn asset_facets(&self, column: &str, org: Option<i64>, limit: i64) -> Result<Vec<(Option<String>, i64)>> {
        let col = match column {
            "asset_type" | "vendor_key" => column,
            "zone_id" => "CAST(zone_id AS TEXT)",
            "org_id" => "CAST(org_id AS TEXT)",
            _ => return Err(StoreError::Config(format!("no facet {column}"))),
        };
        let sql = format!(
            "SELECT {col} AS v, COUNT(*) AS n FROM assets WHERE ($1 IS NULL OR org_id = $1) GROUP BY {col} ORDER BY n DESC LIMIT $2"
        );
        let rows: Vec<(Option<String>, i64)> =
            on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(org).bind(limit).fetch_all(p).await)?;
        Ok(rows)
    }

    /// Streams the identity columns of every asset (for matching re-imports), in id order.
    pub async fn asset_identities(&self, after_id: i64, limit: i64) -> Result<Vec<AssetIdentity>> {
        let rows = on_pool!(self, p => sqlx::query_as(
            "SELECT id, serial_number, mac, ip, hostname, cpes, name, org_id, content_hash FROM assets WHERE id > $1 ORDER BY id LIMIT $2")
            .bind(after_id).bind(limit).fetch_all(p).await)?;
        Ok(rows)
    }

    /// Streams assets in id order (for building the analysis graph).
    pub async fn assets_chunk(&self, after_id: i64, limit: i64) -> Result<Vec<AssetRow>> {
        let sql = format!("SELECT id, {FIELDS}, created_at, updated_at FROM assets WHERE id > $1 ORDER BY id LIMIT $2");
        let rows = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(after_id).bind(limit).fetch_all(p).await)?;
        Ok(rows)
    }
}

impl Tx {
    /// Reserves `n` new asset ids.
    pub async fn reserve_asset_ids(&mut self, n: usize) -> Result<Vec<i64>> {
        if n == 0 {
            return Ok(Vec::new());
        }
        match &mut self.inner {
            TxInner::Sqlite(t) => {
                // The transaction holds SQLite's write lock (BEGIN IMMEDIATE), so nobody else inserts meanwhile.
                let (max,): (i64,) = sqlx::query_as("SELECT COALESCE(MAX(id), 0) FROM assets")
                    .fetch_one(&mut **t)
                    .await?;
                let start = max.max(self.reserved_asset_max) + 1;
                self.reserved_asset_max = start + n as i64 - 1;
                Ok((start..start + n as i64).collect())
            }
            TxInner::Postgres(t) => {
                let ids: Vec<(i64,)> = sqlx::query_as(
                    "SELECT nextval(pg_get_serial_sequence('assets', 'id')) FROM generate_series(1, $1)",
                )
                .bind(n as i64)
                .fetch_all(&mut **t)
                .await?;
                Ok(ids.into_iter().map(|(i,)| i).collect())
            }
        }
    }

    /// Inserts assets with the given ids, in multi-row statements.
    pub async fn insert_assets(&mut self, rows: &[(i64, AssetFields)], now: Timestamp) -> Result<()> {
        let now = now.to_string();
        // 38 values a row; 400 rows stay under SQLite's 32,766 parameters.
        for chunk in rows.chunks(400) {
            let mut sql = Sql::new(&format!(
                "INSERT INTO assets (id, {FIELDS}, created_at, updated_at) VALUES "
            ));
            for (i, (id, f)) in chunk.iter().enumerate() {
                if i > 0 {
                    sql.push(", ");
                }
                let mut values = vec![Bind::from(*id)];
                values.extend(f.binds());
                values.push(now.clone().into());
                values.push(now.clone().into());
                sql.row(values);
            }
            let text = sql.text_for(self.backend());
            on_tx!(self, c => bind_all!(sqlx::query(sqlx::AssertSqlSafe(text)), &sql.binds).execute(&mut *c).await.map(|_| ()))?;
        }
        Ok(())
    }

    /// Replaces the fields of an existing asset.
    pub async fn update_asset(&mut self, id: i64, f: &AssetFields, now: Timestamp) -> Result<()> {
        let mut sql = Sql::new("UPDATE assets SET ");
        for (i, (col, v)) in FIELDS.split(", ").map(str::trim).zip(f.binds()).enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.push(col).push(" = ").bind(v);
        }
        sql.push(", updated_at = ")
            .bind(now.to_string())
            .push(" WHERE id = ")
            .bind(id);
        let text = sql.text_for(self.backend());
        on_tx!(self, c => bind_all!(sqlx::query(sqlx::AssertSqlSafe(text)), &sql.binds).execute(&mut *c).await.map(|_| ()))?;
        Ok(())
    }

    /// Deletes an asset and its dependencies and flows.
    pub async fn delete_asset(&mut self, id: i64) -> Result<bool> {
        on_tx!(self, c => sqlx::query("DELETE FROM dependencies WHERE (dependent_kind = 'asset' AND dependent_id = $1) OR (target_kind = 'asset' AND target_id = $1)")
            .bind(id).execute(&mut *c).await.map(|_| ()))?;
        let n = on_tx!(self, c => sqlx::query("DELETE FROM assets WHERE id = $1").bind(id).execute(&mut *c).await.map(|r| r.rows_affected()))?;
        Ok(n > 0)
    }
}

impl Store {
    /// Number of assets.
    pub async fn asset_count(&self) -> Result<i64> {
        let (n,): (i64,) = on_pool!(self, p => sqlx::query_as("SELECT COUNT(*) FROM assets").fetch_one(p).await)?;
        Ok(n)
    }

    /// Whether this store runs on SQLite.
    pub fn is_sqlite(&self) -> bool {
        matches!(self.db, Db::Sqlite(_))
    }
}

/// The columns the estate analysis needs of an asset.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct AssetProfileRow {
    /// Id.
    pub id: i64,
    /// Type.
    pub asset_type: String,
    /// Zone.
    pub zone_id: Option<i64>,
    /// Internet exposure.
    #[serde(deserialize_with = "crate::packed::sql_bool")]
    pub internet_exposed: bool,
    /// IoT property.
    #[serde(deserialize_with = "crate::packed::sql_opt_bool")]
    pub default_credentials_changed: Option<bool>,
    /// IoT property.
    #[serde(deserialize_with = "crate::packed::sql_opt_bool")]
    pub secure_update_supported: Option<bool>,
    /// IoT property.
    #[serde(deserialize_with = "crate::packed::sql_opt_bool")]
    pub encrypted_in_transit: Option<bool>,
    /// IoT property.
    #[serde(deserialize_with = "crate::packed::sql_opt_bool")]
    pub encrypted_at_rest: Option<bool>,
    /// IoT property.
    #[serde(deserialize_with = "crate::packed::sql_opt_bool")]
    pub logging_enabled: Option<bool>,
    /// End of support date.
    pub end_of_support: Option<String>,
}

impl Store {
    /// Streams asset profiles in id order (for the analysis graph).
    pub async fn asset_profiles_chunk(&self, after_id: i64, limit: i64) -> Result<Vec<AssetProfileRow>> {
        const COLUMNS: [&str; 10] = [
            "id",
            "asset_type",
            "zone_id",
            "internet_exposed",
            "default_credentials_changed",
            "secure_update_supported",
            "encrypted_in_transit",
            "encrypted_at_rest",
            "logging_enabled",
            "end_of_support",
        ];
        // A million rows for the estate graph: packed (see `packed.rs`).
        self.packed_chunk("assets", &COLUMNS, after_id, limit, |r: &AssetProfileRow| r.id)
            .await
    }

    /// Names of assets by id (for labelling analysis results).
    pub async fn asset_names(&self, ids: &[i64]) -> Result<Vec<(i64, String, String, Option<String>)>> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let mut sql = Sql::new("SELECT id, name, asset_type, vendor FROM assets WHERE id IN (");
            for (i, id) in chunk.iter().enumerate() {
                if i > 0 {
                    sql.push(", ");
                }
                sql.bind(*id);
            }
            sql.push(")");
            let rows: Vec<(i64, String, String, Option<String>)> = on_pool!(self, p => bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(sql.text_for(self.backend()))), &sql.binds).fetch_all(p).await)?;
            out.extend(rows);
        }
        Ok(out)
    }
}

impl Tx {
    /// Ids of the assets whose `field` (`name`, `serial_number`, `mac`, `hostname`, `ip`) equals `value`.
    pub async fn find_asset_ids(&mut self, field: &str, value: &str) -> Result<Vec<i64>> {
        let col = match field {
            "name" | "serial_number" | "mac" | "hostname" | "ip" => field,
            _ => return Err(StoreError::Config(format!("cannot look assets up by {field}"))),
        };
        let sql = format!("SELECT id FROM assets WHERE {col} = $1 ORDER BY id LIMIT 3");
        let rows: Vec<(i64,)> =
            on_tx!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(value).fetch_all(&mut *c).await)?;
        Ok(rows.into_iter().map(|(i,)| i).collect())
    }
}
