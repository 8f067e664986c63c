//! Services, their dependencies (with k-of-n redundancy groups), and data flows.

use rampart_core::time::Timestamp;

use crate::db::{Store, Tx, on_pool, on_tx};
use crate::error::{Result, StoreError};
use crate::zones::Upserted;

/// The stored fields of a service.
#[derive(Debug, Clone, Default, PartialEq, sqlx::FromRow)]
pub struct ServiceFields {
    /// Owning organisation.
    pub org_id: i64,
    /// Unique name.
    pub name: String,
    /// Free text.
    pub description: String,
    /// Life-safety impact, 0 (none) to 5 (critical).
    pub life_safety: i64,
    /// People relying on it.
    pub population_served: i64,
    /// Economic impact, 0-5.
    pub economic_impact: i64,
    /// Privacy impact, 0-5.
    pub privacy_impact: i64,
    /// Recovery time objective in minutes.
    pub rto_minutes: Option<i64>,
    /// Explicit critical flag (overrides the policy).
    pub critical: Option<bool>,
}

/// A stored service.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ServiceRow {
    /// Id.
    pub id: i64,
    /// Fields.
    #[sqlx(flatten)]
    pub fields: ServiceFields,
}

/// A redundancy group: the dependent works while `min_up` of its members work.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct GroupRow {
    /// Id.
    pub id: i64,
    /// `service` or `asset`.
    pub dependent_kind: String,
    /// The dependent's id.
    pub dependent_id: i64,
    /// Group name.
    pub name: String,
    /// k.
    pub min_up: i64,
}

/// A dependency edge.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Deserialize)]
pub struct DependencyRow {
    /// Id.
    pub id: i64,
    /// `service` or `asset`.
    pub dependent_kind: String,
    /// Dependent id.
    pub dependent_id: i64,
    /// `service` or `asset`.
    pub target_kind: String,
    /// Target id.
    pub target_id: i64,
    /// Redundancy group, when the target is one of several.
    pub group_id: Option<i64>,
    /// Note.
    pub note: String,
}

/// A data flow between assets.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct FlowRow {
    /// Id.
    pub id: i64,
    /// Sender.
    pub from_asset_id: i64,
    /// Receiver.
    pub to_asset_id: i64,
    /// Data classes, space-separated.
    pub data_classes: String,
    /// Encrypted in transit.
    pub encrypted_in_transit: Option<bool>,
    /// Protocol.
    pub protocol: String,
    /// Port.
    pub port: Option<i64>,
    /// Free text.
    pub description: String,
}

/// A data flow as the estate graph sees it.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct FlowEdgeRow {
    /// Id.
    pub id: i64,
    /// Sender.
    pub from_asset_id: i64,
    /// Receiver.
    pub to_asset_id: i64,
    /// Data classes, space-separated.
    pub data_classes: String,
    /// Encrypted in transit.
    #[serde(deserialize_with = "crate::packed::sql_opt_bool")]
    pub encrypted_in_transit: Option<bool>,
}

const SERVICE_COLUMNS: &str = "id, org_id, name, description, life_safety, population_served, economic_impact, privacy_impact, rto_minutes, critical";

impl Store {
    /// Every service, by name (optionally one organisation's).
    pub async fn list_services(&self, org: Option<i64>) -> Result<Vec<ServiceRow>> {
        let sql = format!("SELECT {SERVICE_COLUMNS} FROM services WHERE ($1 IS NULL OR org_id = $1) ORDER BY name");
        let rows = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(org).fetch_all(p).await)?;
        Ok(rows)
    }

    /// One service.
    pub async fn get_service(&self, id: i64) -> Result<ServiceRow> {
        let sql = format!("SELECT {SERVICE_COLUMNS} FROM services WHERE id = $1");
        let row: Option<ServiceRow> =
            on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(p).await)?;
        row.ok_or(StoreError::NotFound("service"))
    }

    /// Every redundancy group.
    pub async fn list_groups(&self) -> Result<Vec<GroupRow>> {
        let rows = on_pool!(self, p => sqlx::query_as(
            "SELECT id, dependent_kind, dependent_id, name, min_up FROM redundancy_groups ORDER BY id").fetch_all(p).await)?;
        Ok(rows)
    }

    /// Dependencies in id order after `after_id` (streaming for the graph).
    pub async fn dependencies_chunk(&self, after_id: i64, limit: i64) -> Result<Vec<DependencyRow>> {
        const COLUMNS: [&str; 7] = [
            "id",
            "dependent_kind",
            "dependent_id",
            "target_kind",
            "target_id",
            "group_id",
            "note",
        ];
        // Millions of rows for the estate graph: packed (see `packed.rs`).
        self.packed_chunk("dependencies", &COLUMNS, after_id, limit, |r: &DependencyRow| r.id)
            .await
    }

    /// Dependencies of one dependent.
    pub async fn dependencies_of(&self, kind: &str, id: i64) -> Result<Vec<DependencyRow>> {
        let rows = on_pool!(self, p => sqlx::query_as(
            "SELECT id, dependent_kind, dependent_id, target_kind, target_id, group_id, note FROM dependencies WHERE dependent_kind = $1 AND dependent_id = $2 ORDER BY id")
            .bind(kind).bind(id).fetch_all(p).await)?;
        Ok(rows)
    }

    /// What depends on a target.
    pub async fn dependents_of(&self, kind: &str, id: i64) -> Result<Vec<DependencyRow>> {
        let rows = on_pool!(self, p => sqlx::query_as(
            "SELECT id, dependent_kind, dependent_id, target_kind, target_id, group_id, note FROM dependencies WHERE target_kind = $1 AND target_id = $2 ORDER BY id")
            .bind(kind).bind(id).fetch_all(p).await)?;
        Ok(rows)
    }

    /// What the estate graph needs of data flows, in id order after `after_id`.
    pub async fn flow_edges_chunk(&self, after_id: i64, limit: i64) -> Result<Vec<FlowEdgeRow>> {
        const COLUMNS: [&str; 5] = [
            "id",
            "from_asset_id",
            "to_asset_id",
            "data_classes",
            "encrypted_in_transit",
        ];
        // Millions of rows for the estate graph: packed (see `packed.rs`).
        self.packed_chunk("data_flows", &COLUMNS, after_id, limit, |r: &FlowEdgeRow| r.id)
            .await
    }

    /// Flows from or to an asset.
    pub async fn flows_of(&self, asset_id: i64) -> Result<Vec<FlowRow>> {
        let rows = on_pool!(self, p => sqlx::query_as(
            "SELECT id, from_asset_id, to_asset_id, data_classes, encrypted_in_transit, protocol, port, description FROM data_flows WHERE from_asset_id = $1 OR to_asset_id = $1 ORDER BY id")
            .bind(asset_id).fetch_all(p).await)?;
        Ok(rows)
    }

    /// Counts of services, dependencies, flows, zones.
    pub async fn estate_counts(&self) -> Result<(i64, i64, i64, i64, i64)> {
        let r: (i64, i64, i64, i64, i64) = on_pool!(self, p => sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM assets), (SELECT COUNT(*) FROM services), (SELECT COUNT(*) FROM dependencies), \
             (SELECT COUNT(*) FROM data_flows), (SELECT COUNT(*) FROM network_zones)").fetch_one(p).await)?;
        Ok(r)
    }
}

impl Tx {
    /// Creates or updates a service by name.
    pub async fn upsert_service(&mut self, f: &ServiceFields, now: Timestamp) -> Result<Upserted> {
        let sql = format!("SELECT {SERVICE_COLUMNS} FROM services WHERE name = $1");
        let existing: Option<ServiceRow> =
            on_tx!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(&f.name).fetch_optional(&mut *c).await)?;
        let now = now.to_string();
        match existing {
            Some(s) if s.fields == *f => Ok(Upserted::Unchanged(s.id)),
            Some(s) => {
                on_tx!(self, c => sqlx::query(
                    "UPDATE services SET org_id = $2, description = $3, life_safety = $4, population_served = $5, economic_impact = $6, \
                     privacy_impact = $7, rto_minutes = $8, critical = $9, updated_at = $10 WHERE id = $1")
                    .bind(s.id).bind(f.org_id).bind(&f.description).bind(f.life_safety).bind(f.population_served)
                    .bind(f.economic_impact).bind(f.privacy_impact).bind(f.rto_minutes).bind(f.critical).bind(&now)
                    .execute(&mut *c).await.map(|_| ()))?;
                Ok(Upserted::Updated(s.id))
            }
            None => {
                let (id,): (i64,) = on_tx!(self, c => sqlx::query_as(
                    "INSERT INTO services (org_id, name, description, life_safety, population_served, economic_impact, privacy_impact, \
                     rto_minutes, critical, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id")
                    .bind(f.org_id).bind(&f.name).bind(&f.description).bind(f.life_safety).bind(f.population_served)
                    .bind(f.economic_impact).bind(f.privacy_impact).bind(f.rto_minutes).bind(f.critical).bind(&now)
                    .fetch_one(&mut *c).await)?;
                Ok(Upserted::Created(id))
            }
        }
    }

    /// Every service id by name (inside the transaction).
    pub async fn service_ids(&mut self) -> Result<Vec<(i64, String, i64)>> {
        let rows = on_tx!(self, c => sqlx::query_as("SELECT id, name, org_id FROM services").fetch_all(&mut *c).await)?;
        Ok(rows)
    }

    /// Creates or updates a redundancy group of a dependent.
    pub async fn upsert_group(
        &mut self,
        dependent_kind: &str,
        dependent_id: i64,
        name: &str,
        min_up: i64,
    ) -> Result<Upserted> {
        let existing: Option<(i64, i64)> = on_tx!(self, c => sqlx::query_as(
            "SELECT id, min_up FROM redundancy_groups WHERE dependent_kind = $1 AND dependent_id = $2 AND name = $3")
            .bind(dependent_kind).bind(dependent_id).bind(name).fetch_optional(&mut *c).await)?;
        match existing {
            Some((id, k)) if k == min_up => Ok(Upserted::Unchanged(id)),
            Some((id, _)) => {
                on_tx!(self, c => sqlx::query("UPDATE redundancy_groups SET min_up = $2 WHERE id = $1").bind(id).bind(min_up).execute(&mut *c).await.map(|_| ()))?;
                Ok(Upserted::Updated(id))
            }
            None => {
                let (id,): (i64,) = on_tx!(self, c => sqlx::query_as(
                    "INSERT INTO redundancy_groups (dependent_kind, dependent_id, name, min_up) VALUES ($1, $2, $3, $4) RETURNING id")
                    .bind(dependent_kind).bind(dependent_id).bind(name).bind(min_up).fetch_one(&mut *c).await)?;
                Ok(Upserted::Created(id))
            }
        }
    }

    /// Creates or updates a dependency edge.
    pub async fn upsert_dependency(
        &mut self,
        dependent: (&str, i64),
        target: (&str, i64),
        group_id: Option<i64>,
        note: &str,
    ) -> Result<Upserted> {
        let existing: Option<(i64, Option<i64>, String)> = on_tx!(self, c => sqlx::query_as(
            "SELECT id, group_id, note FROM dependencies WHERE dependent_kind = $1 AND dependent_id = $2 AND target_kind = $3 AND target_id = $4")
            .bind(dependent.0).bind(dependent.1).bind(target.0).bind(target.1).fetch_optional(&mut *c).await)?;
        match existing {
            Some((id, g, n)) if g == group_id && n == note => Ok(Upserted::Unchanged(id)),
            Some((id, _, _)) => {
                on_tx!(self, c => sqlx::query("UPDATE dependencies SET group_id = $2, note = $3 WHERE id = $1")
                    .bind(id).bind(group_id).bind(note).execute(&mut *c).await.map(|_| ()))?;
                Ok(Upserted::Updated(id))
            }
            None => {
                let (id,): (i64,) = on_tx!(self, c => sqlx::query_as(
                    "INSERT INTO dependencies (dependent_kind, dependent_id, target_kind, target_id, group_id, note) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
                    .bind(dependent.0).bind(dependent.1).bind(target.0).bind(target.1).bind(group_id).bind(note)
                    .fetch_one(&mut *c).await)?;
                Ok(Upserted::Created(id))
            }
        }
    }

    /// Inserts dependency edges in bulk (demo and benchmarks): `(dependent_kind, dependent_id, target_kind, target_id, group_id)`.
    pub async fn insert_dependencies(&mut self, rows: &[(&str, i64, &str, i64, Option<i64>)]) -> Result<()> {
        for chunk in rows.chunks(1000) {
            let mut sql = crate::sql::Sql::new(
                "INSERT INTO dependencies (dependent_kind, dependent_id, target_kind, target_id, group_id) VALUES ",
            );
            for (i, r) in chunk.iter().enumerate() {
                if i > 0 {
                    sql.push(", ");
                }
                sql.row(vec![r.0.into(), r.1.into(), r.2.into(), r.3.into(), r.4.into()]);
            }
            sql.push(" ON CONFLICT DO NOTHING");
            let text = sql.text_for(self.backend());
            on_tx!(self, c => crate::sql::bind_all!(sqlx::query(sqlx::AssertSqlSafe(text)), &sql.binds).execute(&mut *c).await.map(|_| ()))?;
        }
        Ok(())
    }

    /// Creates or updates a data flow (identified by sender, receiver, protocol and port).
    pub async fn upsert_flow(&mut self, f: &FlowRow) -> Result<Upserted> {
        let existing: Option<FlowRow> = on_tx!(self, c => sqlx::query_as(
            "SELECT id, from_asset_id, to_asset_id, data_classes, encrypted_in_transit, protocol, port, description FROM data_flows \
             WHERE from_asset_id = $1 AND to_asset_id = $2 AND protocol = $3 AND (port = $4 OR (port IS NULL AND $4 IS NULL))")
            .bind(f.from_asset_id).bind(f.to_asset_id).bind(&f.protocol).bind(f.port).fetch_optional(&mut *c).await)?;
        match existing {
            Some(e)
                if e.data_classes == f.data_classes
                    && e.encrypted_in_transit == f.encrypted_in_transit
                    && e.description == f.description =>
            {
                Ok(Upserted::Unchanged(e.id))
            }
            Some(e) => {
                on_tx!(self, c => sqlx::query("UPDATE data_flows SET data_classes = $2, encrypted_in_transit = $3, description = $4 WHERE id = $1")
                    .bind(e.id).bind(&f.data_classes).bind(f.encrypted_in_transit).bind(&f.description).execute(&mut *c).await.map(|_| ()))?;
                Ok(Upserted::Updated(e.id))
            }
            None => {
                let (id,): (i64,) = on_tx!(self, c => sqlx::query_as(
                    "INSERT INTO data_flows (from_asset_id, to_asset_id, data_classes, encrypted_in_transit, protocol, port, description) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
                    .bind(f.from_asset_id).bind(f.to_asset_id).bind(&f.data_classes).bind(f.encrypted_in_transit).bind(&f.protocol)
                    .bind(f.port).bind(&f.description).fetch_one(&mut *c).await)?;
                Ok(Upserted::Created(id))
            }
        }
    }

    /// Inserts flows in bulk (demo and benchmarks): `(from, to, data_classes, encrypted)`.
    pub async fn insert_flows(&mut self, rows: &[(i64, i64, String, bool)]) -> Result<()> {
        for chunk in rows.chunks(1000) {
            let mut sql = crate::sql::Sql::new(
                "INSERT INTO data_flows (from_asset_id, to_asset_id, data_classes, encrypted_in_transit, protocol) VALUES ",
            );
            for (i, r) in chunk.iter().enumerate() {
                if i > 0 {
                    sql.push(", ");
                }
                sql.row(vec![r.0.into(), r.1.into(), r.2.clone().into(), r.3.into(), "".into()]);
            }
            sql.push(" ON CONFLICT DO NOTHING");
            let text = sql.text_for(self.backend());
            on_tx!(self, c => crate::sql::bind_all!(sqlx::query(sqlx::AssertSqlSafe(text)), &sql.binds).execute(&mut *c).await.map(|_| ()))?;
        }
        Ok(())
    }
}
