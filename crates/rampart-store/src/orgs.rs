//! Organisations.

use rampart_core::ids::OrgId;
use rampart_core::org::{OrgKind, PartnerType};
use rampart_core::time::Timestamp;

use crate::db::{Store, Tx, on_pool, on_tx};
use crate::error::{Result, StoreError};

/// A stored organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgRecord {
    /// Id.
    pub id: OrgId,
    /// URL-safe short name, unique.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// City, agency or partner.
    pub kind: OrgKind,
    /// For partners: public, private or academic.
    pub partner_type: Option<PartnerType>,
    /// Sector (e.g. water, energy, education, healthcare).
    pub sector: Option<String>,
    /// The parent organisation (an agency's city).
    pub parent_id: Option<OrgId>,
    /// Free text.
    pub description: String,
    /// Created.
    pub created_at: Timestamp,
    /// Last changed.
    pub updated_at: Timestamp,
}

/// A new organisation.
#[derive(Debug, Clone)]
pub struct NewOrg {
    /// Slug (validated by the caller).
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Kind.
    pub kind: OrgKind,
    /// Partner type.
    pub partner_type: Option<PartnerType>,
    /// Sector.
    pub sector: Option<String>,
    /// Parent.
    pub parent_id: Option<OrgId>,
    /// Free text.
    pub description: String,
}

/// Changes to an organisation.
#[derive(Debug, Clone)]
pub struct OrgUpdate {
    /// Display name.
    pub name: String,
    /// Partner type.
    pub partner_type: Option<PartnerType>,
    /// Sector.
    pub sector: Option<String>,
    /// Free text.
    pub description: String,
}

#[derive(sqlx::FromRow)]
struct OrgRow {
    id: i64,
    slug: String,
    name: String,
    kind: String,
    partner_type: Option<String>,
    sector: Option<String>,
    parent_id: Option<i64>,
    description: String,
    created_at: String,
    updated_at: String,
}

pub(crate) fn ts(what: &'static str, s: &str) -> Result<Timestamp> {
    Timestamp::parse(s).map_err(|e| StoreError::Corrupt {
        what,
        detail: e.to_string(),
    })
}

pub(crate) fn opt_ts(what: &'static str, s: Option<&str>) -> Result<Option<Timestamp>> {
    s.map(|s| ts(what, s)).transpose()
}

impl TryFrom<OrgRow> for OrgRecord {
    type Error = StoreError;
    fn try_from(r: OrgRow) -> Result<Self> {
        let corrupt = |e: rampart_core::org::UnknownName| StoreError::Corrupt {
            what: "organisations",
            detail: e.to_string(),
        };
        Ok(Self {
            id: OrgId(r.id),
            slug: r.slug,
            name: r.name,
            kind: r.kind.parse().map_err(corrupt)?,
            partner_type: r.partner_type.as_deref().map(str::parse).transpose().map_err(corrupt)?,
            sector: r.sector,
            parent_id: r.parent_id.map(OrgId),
            description: r.description,
            created_at: ts("organisations.created_at", &r.created_at)?,
            updated_at: ts("organisations.updated_at", &r.updated_at)?,
        })
    }
}

const COLUMNS: &str = "id, slug, name, kind, partner_type, sector, parent_id, description, created_at, updated_at";

impl Store {
    /// Every organisation, city first, then agencies, then partners, by name.
    pub async fn list_orgs(&self) -> Result<Vec<OrgRecord>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM organisations ORDER BY CASE kind WHEN 'city' THEN 0 WHEN 'agency' THEN 1 ELSE 2 END, name"
        );
        let rows: Vec<OrgRow> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(p).await)?;
        rows.into_iter().map(OrgRecord::try_from).collect()
    }

    /// One organisation by id.
    pub async fn get_org(&self, id: OrgId) -> Result<OrgRecord> {
        let sql = format!("SELECT {COLUMNS} FROM organisations WHERE id = $1");
        let row: Option<OrgRow> =
            on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id.0).fetch_optional(p).await)?;
        row.ok_or(StoreError::NotFound("organisation"))?.try_into()
    }

    /// One organisation by slug.
    pub async fn find_org_by_slug(&self, slug: &str) -> Result<Option<OrgRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM organisations WHERE slug = $1");
        let row: Option<OrgRow> =
            on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(slug).fetch_optional(p).await)?;
        row.map(OrgRecord::try_from).transpose()
    }

    /// The city organisation, if one exists.
    pub async fn find_city(&self) -> Result<Option<OrgRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM organisations WHERE kind = 'city' ORDER BY id LIMIT 1");
        let row: Option<OrgRow> =
            on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_optional(p).await)?;
        row.map(OrgRecord::try_from).transpose()
    }
}

impl Tx {
    /// Inserts an organisation.
    pub async fn insert_org(&mut self, o: &NewOrg, now: Timestamp) -> Result<OrgId> {
        let now = now.to_string();
        let (id,): (i64,) = on_tx!(self, c => sqlx::query_as(
            "INSERT INTO organisations (slug, name, kind, partner_type, sector, parent_id, description, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
        )
        .bind(&o.slug)
        .bind(&o.name)
        .bind(o.kind.as_str())
        .bind(o.partner_type.map(|t| t.as_str()))
        .bind(&o.sector)
        .bind(o.parent_id.map(|p| p.0))
        .bind(&o.description)
        .bind(&now)
        .fetch_one(&mut *c)
        .await)?;
        Ok(OrgId(id))
    }

    /// Updates an organisation.
    pub async fn update_org(&mut self, id: OrgId, u: &OrgUpdate, now: Timestamp) -> Result<()> {
        let now = now.to_string();
        let done = on_tx!(self, c => sqlx::query(
            "UPDATE organisations SET name = $2, partner_type = $3, sector = $4, description = $5, updated_at = $6 WHERE id = $1",
        )
        .bind(id.0)
        .bind(&u.name)
        .bind(u.partner_type.map(|t| t.as_str()))
        .bind(&u.sector)
        .bind(&u.description)
        .bind(&now)
        .execute(&mut *c)
        .await
        .map(|r| r.rows_affected()))?;
        if done == 0 {
            Err(StoreError::NotFound("organisation"))
        } else {
            Ok(())
        }
    }

    /// Whether any organisation exists (read inside the transaction).
    pub async fn count_orgs(&mut self) -> Result<i64> {
        let (n,): (i64,) =
            on_tx!(self, c => sqlx::query_as("SELECT COUNT(*) FROM organisations").fetch_one(&mut *c).await)?;
        Ok(n)
    }
}
