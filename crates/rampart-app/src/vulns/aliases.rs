//! The editable vendor alias table: names that mean the same vendor
//! (`Schneider Electric`, `schneider-electric`, `schneider_electric` meet
//! by normalisation already; `Telemecanique` → `schneider electric` needs an
//! alias). Built-in aliases ship with Rampart
//! ([`rampart_core::normalize::DEFAULT_ALIASES`]); the city adds its own.
//! A change makes the next match a full one (the match run records a hash
//! of the table).

use rampart_core::authz::Permission;
use rampart_core::normalize::{DEFAULT_ALIASES, normalize_vendor};
use serde_json::json;

use crate::App;
use crate::actor::Actor;
use crate::audit::entry;
use crate::error::{AppError, Result};

/// One alias: a vendor name and the vendor it means, both normalised.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct VendorAlias {
    /// The alias (normalised key).
    pub alias: String,
    /// The vendor it stands for (normalised key).
    pub canonical: String,
    /// Shipped with Rampart (read-only) rather than added by the city.
    pub built_in: bool,
}

impl App {
    /// The alias table: the city's own entries, then the built-in ones.
    pub async fn vendor_aliases(&self, actor: &Actor) -> Result<Vec<VendorAlias>> {
        actor.require(Permission::VulnView)?;
        let mut out: Vec<VendorAlias> = self
            .store
            .vendor_aliases()
            .await?
            .into_iter()
            .map(|(alias, canonical)| VendorAlias {
                alias,
                canonical,
                built_in: false,
            })
            .collect();
        let mut built_in: Vec<VendorAlias> = DEFAULT_ALIASES
            .iter()
            .map(|(a, c)| VendorAlias {
                alias: normalize_vendor(a).as_str().to_owned(),
                canonical: normalize_vendor(c).as_str().to_owned(),
                built_in: true,
            })
            .filter(|a| a.alias != a.canonical) // spellings normalisation joins anyway
            .collect();
        built_in.sort_by(|a, b| a.alias.cmp(&b.alias));
        built_in.dedup_by(|a, b| a.alias == b.alias); // `General Electric (GE)` and `General Electric`
        out.extend(built_in);
        Ok(out)
    }

    /// Adds or changes an alias: `alias` means the vendor `canonical`.
    pub async fn set_vendor_alias(&self, actor: &Actor, alias: &str, canonical: &str) -> Result<VendorAlias> {
        actor.require(Permission::FeedManage)?;
        let a = normalize_vendor(alias);
        let c = normalize_vendor(canonical);
        if a.as_str().is_empty() {
            return Err(AppError::invalid(
                "alias",
                "a vendor name is required (letters or digits)",
            ));
        }
        if c.as_str().is_empty() {
            return Err(AppError::invalid(
                "canonical",
                "a vendor name is required (letters or digits)",
            ));
        }
        if a == c {
            return Err(AppError::invalid(
                "canonical",
                format!(
                    "`{alias}` and `{canonical}` already meet: both normalise to `{}`",
                    a.as_str()
                ),
            ));
        }
        let now = self.now();
        let mut tx = self.store.begin().await?;
        tx.put_vendor_alias(a.as_str(), c.as_str(), now).await?;
        tx.append_audit(entry(
            actor,
            now,
            "vulns.alias.set",
            "vendor_alias",
            Some(a.as_str().to_owned()),
            None,
            json!({ "alias": a.as_str(), "canonical": c.as_str() }),
        ))
        .await?;
        tx.commit().await?;
        Ok(VendorAlias {
            alias: a.as_str().to_owned(),
            canonical: c.as_str().to_owned(),
            built_in: false,
        })
    }

    /// Removes one of the city's aliases; built-in ones cannot be removed.
    pub async fn delete_vendor_alias(&self, actor: &Actor, alias: &str) -> Result<()> {
        actor.require(Permission::FeedManage)?;
        let a = normalize_vendor(alias);
        let now = self.now();
        let mut tx = self.store.begin().await?;
        if !tx.delete_vendor_alias(a.as_str()).await? {
            let built_in = DEFAULT_ALIASES.iter().any(|(x, _)| normalize_vendor(x) == a);
            return Err(if built_in {
                AppError::invalid("alias", format!("`{}` is built in and cannot be removed", a.as_str()))
            } else {
                AppError::NotFound("vendor alias")
            });
        }
        tx.append_audit(entry(
            actor,
            now,
            "vulns.alias.delete",
            "vendor_alias",
            Some(a.as_str().to_owned()),
            None,
            json!({ "alias": a.as_str() }),
        ))
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
