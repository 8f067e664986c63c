//! Network zones and the conduits between them.

use rampart_core::time::Timestamp;

use crate::db::{Store, Tx, on_pool, on_tx};
use crate::error::Result;

/// A stored zone.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ZoneRow {
    /// Id.
    pub id: i64,
    /// Unique name.
    pub name: String,
    /// Kind (`internet`, `dmz`, `corporate`, `ot`, `field`, `guest`, `partner`, `management`, `other`).
    pub kind: String,
    /// Whether attackers are assumed present (attack-path sources).
    pub untrusted: bool,
    /// Free text.
    pub description: String,
}

/// A stored conduit.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ConduitRow {
    /// Id.
    pub id: i64,
    /// From zone.
    pub from_zone_id: i64,
    /// To zone.
    pub to_zone_id: i64,
    /// Protocol notes.
    pub protocols: String,
    /// Probability an attacker gets through, in (0, 1].
    pub traversal: f64,
    /// Free text.
    pub description: String,
}

/// Whether an upsert created, changed or left a row alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upserted {
    /// A new row.
    Created(i64),
    /// An existing row that changed.
    Updated(i64),
    /// An existing row that already matched.
    Unchanged(i64),
}

impl Upserted {
    /// The row id.
    pub fn id(self) -> i64 {
        match self {
            Upserted::Created(i) | Upserted::Updated(i) | Upserted::Unchanged(i) => i,
        }
    }
}

impl Store {
    /// Every zone, by name.
    pub async fn list_zones(&self) -> Result<Vec<ZoneRow>> {
        let rows = on_pool!(self, p => sqlx::query_as(
            "SELECT id, name, kind, untrusted, description FROM network_zones ORDER BY name").fetch_all(p).await)?;
        Ok(rows)
    }

    /// Every conduit.
    pub async fn list_conduits(&self) -> Result<Vec<ConduitRow>> {
        let rows = on_pool!(self, p => sqlx::query_as(
            "SELECT id, from_zone_id, to_zone_id, protocols, traversal, description FROM zone_conduits ORDER BY id").fetch_all(p).await)?;
        Ok(rows)
    }
}

impl Tx {
    /// Every zone (inside the transaction).
    pub async fn zones(&mut self) -> Result<Vec<ZoneRow>> {
        let rows = on_tx!(self, c => sqlx::query_as(
            "SELECT id, name, kind, untrusted, description FROM network_zones ORDER BY name").fetch_all(&mut *c).await)?;
        Ok(rows)
    }

    /// Creates or updates a zone by name.
    pub async fn upsert_zone(
        &mut self,
        name: &str,
        kind: &str,
        untrusted: bool,
        description: &str,
        now: Timestamp,
    ) -> Result<Upserted> {
        let existing: Option<ZoneRow> = on_tx!(self, c => sqlx::query_as(
            "SELECT id, name, kind, untrusted, description FROM network_zones WHERE name = $1").bind(name).fetch_optional(&mut *c).await)?;
        let now = now.to_string();
        match existing {
            Some(z) if z.kind == kind && z.untrusted == untrusted && z.description == description => {
                Ok(Upserted::Unchanged(z.id))
            }
            Some(z) => {
                on_tx!(self, c => sqlx::query("UPDATE network_zones SET kind = $2, untrusted = $3, description = $4, updated_at = $5 WHERE id = $1")
                    .bind(z.id).bind(kind).bind(untrusted).bind(description).bind(&now).execute(&mut *c).await.map(|_| ()))?;
                Ok(Upserted::Updated(z.id))
            }
            None => {
                let (id,): (i64,) = on_tx!(self, c => sqlx::query_as(
                    "INSERT INTO network_zones (name, kind, untrusted, description, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id")
                    .bind(name).bind(kind).bind(untrusted).bind(description).bind(&now).fetch_one(&mut *c).await)?;
                Ok(Upserted::Created(id))
            }
        }
    }

    /// Creates or updates the conduit from one zone to another.
    pub async fn upsert_conduit(
        &mut self,
        from: i64,
        to: i64,
        protocols: &str,
        traversal: f64,
        description: &str,
    ) -> Result<Upserted> {
        let existing: Option<ConduitRow> = on_tx!(self, c => sqlx::query_as(
            "SELECT id, from_zone_id, to_zone_id, protocols, traversal, description FROM zone_conduits WHERE from_zone_id = $1 AND to_zone_id = $2")
            .bind(from).bind(to).fetch_optional(&mut *c).await)?;
        match existing {
            Some(z)
                if z.protocols == protocols
                    && (z.traversal - traversal).abs() < 1e-9
                    && z.description == description =>
            {
                Ok(Upserted::Unchanged(z.id))
            }
            Some(z) => {
                on_tx!(self, c => sqlx::query("UPDATE zone_conduits SET protocols = $2, traversal = $3, description = $4 WHERE id = $1")
                    .bind(z.id).bind(protocols).bind(traversal).bind(description).execute(&mut *c).await.map(|_| ()))?;
                Ok(Upserted::Updated(z.id))
            }
            None => {
                let (id,): (i64,) = on_tx!(self, c => sqlx::query_as(
                    "INSERT INTO zone_conduits (from_zone_id, to_zone_id, protocols, traversal, description) VALUES ($1, $2, $3, $4, $5) RETURNING id")
                    .bind(from).bind(to).bind(protocols).bind(traversal).bind(description).fetch_one(&mut *c).await)?;
                Ok(Upserted::Created(id))
            }
        }
    }

    /// Marks the estate as changed (analysis caches rebuild).
    pub async fn bump_estate_version(&mut self) -> Result<i64> {
        let (v,): (i64,) = on_tx!(self, c => sqlx::query_as(
            "UPDATE estate_version SET version = version + 1 WHERE id = 1 RETURNING version").fetch_one(&mut *c).await)?;
        Ok(v)
    }
}

impl Store {
    /// The estate's change counter.
    pub async fn estate_version(&self) -> Result<i64> {
        let (v,): (i64,) =
            on_pool!(self, p => sqlx::query_as("SELECT version FROM estate_version WHERE id = 1").fetch_one(p).await)?;
        Ok(v)
    }
}
