//! Organisations: the city, its agencies, and partners.

use rampart_core::authz::{Grant, Permission};
use rampart_core::ids::OrgId;
use rampart_core::org::{OrgKind, PartnerType, Slug};
use rampart_store::{NewOrg, OrgRecord, OrgUpdate};
use serde_json::json;

use crate::App;
use crate::actor::Actor;
use crate::audit::entry;
use crate::error::{AppError, Result};

/// Input for creating or updating an organisation.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct OrgInput {
    /// Slug; derived from the name when empty (creation only).
    #[serde(default)]
    pub slug: String,
    /// Display name.
    pub name: String,
    /// `city`, `agency` or `partner` (creation only).
    #[serde(default)]
    pub kind: String,
    /// For partners: `public`, `private` or `academic`.
    #[serde(default)]
    pub partner_type: Option<String>,
    /// Sector.
    #[serde(default)]
    pub sector: Option<String>,
    /// Free text.
    #[serde(default)]
    pub description: String,
}

fn clean(s: Option<&str>) -> Option<String> {
    s.map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

fn check_name(name: &str) -> Result<String> {
    let n = name.trim();
    if n.is_empty() || n.chars().count() > 200 {
        return Err(AppError::invalid("name", "must be 1-200 characters"));
    }
    Ok(n.to_owned())
}

fn parse_partner_type(kind: OrgKind, pt: Option<&str>) -> Result<Option<PartnerType>> {
    let pt = clean(pt)
        .map(|s| s.parse::<PartnerType>())
        .transpose()
        .map_err(|e| AppError::invalid("partner_type", e.to_string()))?;
    match (kind, pt) {
        (OrgKind::Partner, None) => Err(AppError::invalid(
            "partner_type",
            "a partner needs a type: public, private or academic",
        )),
        (OrgKind::Partner, Some(p)) => Ok(Some(p)),
        (_, Some(_)) => Err(AppError::invalid(
            "partner_type",
            "only partner organisations have a partner type",
        )),
        (_, None) => Ok(None),
    }
}

impl App {
    /// The organisations the actor may see: everyone with a city-wide grant
    /// sees all; agency and partner roles see their own and the city.
    pub async fn list_orgs(&self, actor: &Actor) -> Result<Vec<OrgRecord>> {
        let grant = actor.require(Permission::OrgView)?;
        let all = self.store.list_orgs().await?;
        Ok(match grant {
            Grant::City => all,
            Grant::Org(own) => all
                .into_iter()
                .filter(|o| o.id == own || o.kind == OrgKind::City)
                .collect(),
        })
    }

    /// One organisation, if visible to the actor.
    pub async fn get_org(&self, actor: &Actor, id: OrgId) -> Result<OrgRecord> {
        let grant = actor.require(Permission::OrgView)?;
        let org = self.store.get_org(id).await?;
        if grant.covers(id) || org.kind == OrgKind::City {
            Ok(org)
        } else {
            Err(AppError::Forbidden("see another organisation".into()))
        }
    }

    /// Creates an organisation. There is exactly one city; agencies hang under it.
    pub async fn create_org(&self, actor: &Actor, input: &OrgInput) -> Result<OrgRecord> {
        actor.require(Permission::OrgManage)?;
        let name = check_name(&input.name)?;
        let slug = if input.slug.trim().is_empty() {
            Slug::from_name(&name)
                .ok_or_else(|| AppError::invalid("slug", "cannot derive a slug from this name; give one"))?
        } else {
            Slug::parse(input.slug.trim()).map_err(|e| AppError::invalid("slug", e.to_string()))?
        };
        let kind: OrgKind = input
            .kind
            .trim()
            .parse()
            .map_err(|e: rampart_core::org::UnknownName| AppError::invalid("kind", e.to_string()))?;
        let partner_type = parse_partner_type(kind, input.partner_type.as_deref())?;
        let city = self.store.find_city().await?;
        let parent_id = match (kind, &city) {
            (OrgKind::City, Some(_)) => return Err(AppError::Conflict("a city organisation already exists".into())),
            (OrgKind::City, None) => None,
            (_, c) => c.as_ref().map(|c| c.id),
        };
        let new = NewOrg {
            slug: slug.as_str().to_owned(),
            name,
            kind,
            partner_type,
            sector: clean(input.sector.as_deref()),
            parent_id,
            description: input.description.trim().to_owned(),
        };
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let id = tx.insert_org(&new, now).await?;
        tx.append_audit(entry(
            actor,
            now,
            "org.create",
            "organisation",
            Some(id.0.to_string()),
            Some(id.0),
            json!({ "slug": new.slug, "name": new.name, "kind": kind.as_str(), "partner_type": partner_type.map(|p| p.as_str()), "sector": new.sector }),
        ))
        .await?;
        tx.commit().await?;
        Ok(self.store.get_org(id).await?)
    }

    /// Updates an organisation's name, partner type, sector and description.
    pub async fn update_org(&self, actor: &Actor, id: OrgId, input: &OrgInput) -> Result<OrgRecord> {
        actor.require(Permission::OrgManage)?;
        let current = self.store.get_org(id).await?;
        let update = OrgUpdate {
            name: check_name(&input.name)?,
            partner_type: parse_partner_type(current.kind, input.partner_type.as_deref())?,
            sector: clean(input.sector.as_deref()),
            description: input.description.trim().to_owned(),
        };
        let now = self.now();
        let mut tx = self.store.begin().await?;
        tx.update_org(id, &update, now).await?;
        tx.append_audit(entry(
            actor,
            now,
            "org.update",
            "organisation",
            Some(id.0.to_string()),
            Some(id.0),
            json!({ "name": update.name, "partner_type": update.partner_type.map(|p| p.as_str()), "sector": update.sector }),
        ))
        .await?;
        tx.commit().await?;
        Ok(self.store.get_org(id).await?)
    }
}
