//! What an asset carries for matching, and an index of assets by vendor and
//! product for incremental matching.

use std::sync::Arc;

use super::hash::{FxMap, Interner, pair};
use crate::cpe::{Component, Cpe, CpeError, Part};
use crate::normalize::{AliasTable, ProductKey, VendorKey, normalize_product, normalize_vendor};
use crate::purl::{Purl, PurlError};
use crate::version::Version;

/// One CPE of an asset, prepared once for matching: its version parsed and
/// its vendor and product normalised. Assets carrying the same CPE should
/// share one `Arc<AssetCpe>` (a city has hundreds of identical devices).
#[derive(Debug, Clone, PartialEq)]
pub struct AssetCpe {
    cpe: Cpe,
    /// The version attribute, parsed, when it is a literal value (the same
    /// rule as [`crate::applicability::Platform`]).
    version: Option<Version>,
    /// The version attribute's literal text, ASCII-lowercased (the key of
    /// exact-version criteria).
    version_key: Option<Box<str>>,
    vendor_key: Option<VendorKey>,
    product_key: Option<ProductKey>,
}

fn literal_text(c: &Component) -> Option<&str> {
    match c {
        Component::Value(v) if !v.has_wildcards() => Some(v.text()),
        _ => None,
    }
}

impl AssetCpe {
    /// Prepares a CPE.
    pub fn new(cpe: Cpe) -> AssetCpe {
        let version_text = literal_text(cpe.version());
        let version = version_text.map(Version::parse);
        let version_key = version_text.map(|t| t.to_ascii_lowercase().into_boxed_str());
        let vendor_key = literal_text(cpe.vendor()).map(normalize_vendor);
        let product_key = literal_text(cpe.product()).map(normalize_product);
        AssetCpe {
            cpe,
            version,
            version_key,
            vendor_key,
            product_key,
        }
    }

    /// Parses and prepares a CPE in any form [`Cpe::parse`] accepts.
    pub fn parse(s: &str) -> Result<AssetCpe, CpeError> {
        Cpe::parse(s).map(AssetCpe::new)
    }

    /// The CPE.
    pub fn cpe(&self) -> &Cpe {
        &self.cpe
    }

    /// The parsed version, when the version attribute is a literal value.
    pub fn version(&self) -> Option<&Version> {
        self.version.as_ref()
    }

    pub(crate) fn version_key(&self) -> Option<&str> {
        self.version_key.as_deref()
    }

    /// The normalised vendor (no alias applied), when the vendor is a
    /// literal value.
    pub fn vendor_key(&self) -> Option<&VendorKey> {
        self.vendor_key.as_ref()
    }

    /// The normalised product, when the product is a literal value.
    pub fn product_key(&self) -> Option<&ProductKey> {
        self.product_key.as_ref()
    }

    /// What the CPE names, for evidence: `firmware` (an `o` whose product
    /// ends in `firmware`), `operating system`, `hardware`, `application`,
    /// or `platform`.
    pub fn role(&self) -> &'static str {
        role(&self.cpe)
    }
}

pub(crate) fn role(cpe: &Cpe) -> &'static str {
    match cpe.part() {
        Some(Part::OperatingSystem) => {
            if literal_text(cpe.product()).is_some_and(|p| p.to_ascii_lowercase().ends_with("firmware")) {
                "firmware"
            } else {
                "operating system"
            }
        }
        Some(Part::Hardware) => "hardware",
        Some(Part::Application) => "application",
        None => "platform",
    }
}

/// One package URL of an asset, prepared for matching.
#[derive(Debug, Clone, PartialEq)]
pub struct AssetPurl {
    purl: Purl,
    key: String,
    version: Option<Version>,
}

impl AssetPurl {
    /// Prepares a purl.
    pub fn new(purl: Purl) -> AssetPurl {
        AssetPurl {
            key: purl.package_key(),
            version: purl.version().map(Version::parse),
            purl,
        }
    }

    /// Parses and prepares a purl.
    pub fn parse(s: &str) -> Result<AssetPurl, PurlError> {
        Purl::parse(s).map(AssetPurl::new)
    }

    /// The purl.
    pub fn purl(&self) -> &Purl {
        &self.purl
    }

    /// The package key (`pkg:type/namespace/name`).
    pub fn package_key(&self) -> &str {
        &self.key
    }

    /// The parsed version.
    pub fn version(&self) -> Option<&Version> {
        self.version.as_ref()
    }
}

/// An asset's inventory identity: vendor, product and model names as the
/// inventory records them (normalised here) and its versions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AssetIdentity {
    /// Vendor name as recorded.
    pub vendor: Option<String>,
    /// Product name as recorded.
    pub product: Option<String>,
    /// Model name or number as recorded.
    pub model: Option<String>,
    /// Software version.
    pub version: Option<Version>,
    /// Firmware version (preferred over `version` for device advisories).
    pub firmware_version: Option<Version>,
    vendor_key: Option<VendorKey>,
    product_key: Option<ProductKey>,
    model_key: Option<ProductKey>,
}

impl AssetIdentity {
    /// An identity from inventory fields (empty strings are absent).
    pub fn new(
        vendor: Option<&str>,
        product: Option<&str>,
        model: Option<&str>,
        version: Option<&str>,
        firmware_version: Option<&str>,
    ) -> AssetIdentity {
        fn present(s: Option<&str>) -> Option<&str> {
            s.map(str::trim).filter(|s| !s.is_empty())
        }
        let vendor = present(vendor);
        let product = present(product);
        let model = present(model);
        AssetIdentity {
            vendor_key: vendor.map(normalize_vendor).filter(|k| !k.as_str().is_empty()),
            product_key: product.map(normalize_product).filter(|k| !k.as_str().is_empty()),
            model_key: model.map(normalize_product).filter(|k| !k.as_str().is_empty()),
            vendor: vendor.map(str::to_owned),
            product: product.map(str::to_owned),
            model: model.map(str::to_owned),
            version: present(version).map(Version::parse),
            firmware_version: present(firmware_version).map(Version::parse),
        }
    }

    /// The normalised vendor (no alias applied).
    pub fn vendor_key(&self) -> Option<&VendorKey> {
        self.vendor_key.as_ref()
    }

    /// The normalised product.
    pub fn product_key(&self) -> Option<&ProductKey> {
        self.product_key.as_ref()
    }

    /// The normalised model.
    pub fn model_key(&self) -> Option<&ProductKey> {
        self.model_key.as_ref()
    }
}

/// Everything one asset carries for matching: CPEs (a device's firmware
/// `o:` and hardware `h:` names, its applications' `a:` names), purls, and
/// its inventory identity.
///
/// The parts are behind `Arc`s so that a million assets built from a few
/// hundred thousand distinct CPEs stay small.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AssetPlatform {
    /// The CPEs.
    pub cpes: Vec<Arc<AssetCpe>>,
    /// The purls.
    pub purls: Vec<Arc<AssetPurl>>,
    /// The inventory identity.
    pub identity: Option<Arc<AssetIdentity>>,
}

impl AssetPlatform {
    /// A platform of CPEs only.
    pub fn from_cpes(cpes: impl IntoIterator<Item = Cpe>) -> AssetPlatform {
        AssetPlatform {
            cpes: cpes.into_iter().map(|c| Arc::new(AssetCpe::new(c))).collect(),
            ..AssetPlatform::default()
        }
    }

    /// Adds a CPE.
    pub fn with_cpe(mut self, cpe: Arc<AssetCpe>) -> AssetPlatform {
        self.cpes.push(cpe);
        self
    }

    /// Adds a purl.
    pub fn with_purl(mut self, purl: Arc<AssetPurl>) -> AssetPlatform {
        self.purls.push(purl);
        self
    }

    /// Sets the identity.
    pub fn with_identity(mut self, identity: Arc<AssetIdentity>) -> AssetPlatform {
        self.identity = Some(identity);
        self
    }

    /// The CPEs as an [`crate::applicability::Platform`] (for the
    /// reference evaluation; clones them).
    pub fn applicability_platform(&self) -> crate::applicability::Platform {
        self.cpes.iter().map(|c| c.cpe.clone()).collect()
    }
}

/// Assets by canonical (vendor, product) key and by purl package, so that a
/// few changed rules find their candidate assets without scanning all.
///
/// Keys are taken from every CPE with a literal vendor and product, from the
/// identity's (vendor, product) and (vendor, model), and from every purl.
/// An asset index borrows the assets; asset numbers are positions in that
/// slice.
#[derive(Debug)]
pub struct AssetIndex<'a> {
    pub(crate) assets: &'a [AssetPlatform],
    pub(crate) aliases: AliasTable,
    pub(crate) vendors: Interner,
    pub(crate) products: Interner,
    /// (vendor sym, product sym) → asset numbers, ascending, unique.
    pub(crate) by_key: FxMap<u64, Vec<u32>>,
    /// purl package key → asset numbers.
    pub(crate) by_purl: FxMap<Box<str>, Vec<u32>>,
}

impl<'a> AssetIndex<'a> {
    /// Indexes `assets`, canonicalising vendors through `aliases` (use the
    /// rule index's table).
    pub fn new(assets: &'a [AssetPlatform], aliases: AliasTable) -> AssetIndex<'a> {
        let mut ix = AssetIndex {
            assets,
            aliases,
            vendors: Interner::default(),
            products: Interner::default(),
            by_key: FxMap::default(),
            by_purl: FxMap::default(),
        };
        for (i, a) in assets.iter().enumerate() {
            let n = super::rule::index_u32(i);
            for c in &a.cpes {
                if let (Some(v), Some(p)) = (&c.vendor_key, &c.product_key) {
                    ix.add_key(v.as_str(), p.as_str(), n);
                }
            }
            if let Some(id) = &a.identity
                && let Some(v) = &id.vendor_key
            {
                for p in [&id.product_key, &id.model_key].into_iter().flatten() {
                    ix.add_key(v.as_str(), p.as_str(), n);
                }
            }
            for p in &a.purls {
                let list = ix.by_purl.entry(p.key.as_str().into()).or_default();
                if list.last() != Some(&n) {
                    list.push(n);
                }
            }
        }
        ix.by_key.shrink_to_fit();
        ix.by_purl.shrink_to_fit();
        ix
    }

    fn add_key(&mut self, vendor_key: &str, product_key: &str, n: u32) {
        let v = match self.vendors.get(vendor_key) {
            Some(v) => v,
            None => {
                let canonical = self.aliases.canonical_vendor(vendor_key);
                let v = self.vendors.intern(canonical.as_str());
                self.vendors.alias(vendor_key, v);
                v
            }
        };
        let p = self.products.intern(product_key);
        let list = self.by_key.entry(pair(v, p)).or_default();
        if list.last() != Some(&n) {
            list.push(n);
        }
    }

    /// The assets.
    pub fn assets(&self) -> &'a [AssetPlatform] {
        self.assets
    }

    /// The alias table the keys were canonicalised with.
    pub fn aliases(&self) -> &AliasTable {
        &self.aliases
    }

    /// Number of distinct (vendor, product) keys.
    pub fn key_count(&self) -> usize {
        self.by_key.len()
    }

    /// The assets under a canonical vendor key and a product key.
    pub(crate) fn lookup(&self, vendor: &str, product: &str) -> &[u32] {
        match (self.vendors.get(vendor), self.products.get(product)) {
            (Some(v), Some(p)) => self.by_key.get(&pair(v, p)).map_or(&[], Vec::as_slice),
            _ => &[],
        }
    }

    pub(crate) fn lookup_purl(&self, key: &str) -> &[u32] {
        self.by_purl.get(key).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asset_cpe_prepares_keys_and_version() {
        let c = AssetCpe::parse("cpe:2.3:o:Schneider-Electric:Modicon_M580_Firmware:V2.30:*:*:*:*:*:*:*").unwrap();
        assert_eq!(c.vendor_key().unwrap().as_str(), "schneiderelectric");
        assert_eq!(c.product_key().unwrap().as_str(), "modiconm580firmware");
        assert_eq!(c.version(), Some(&Version::parse("2.30")));
        assert_eq!(c.version_key(), Some("v2.30"));
        assert_eq!(c.role(), "firmware");
        let any = AssetCpe::parse("cpe:2.3:h:siemens:*:*:*:*:*:*:*:*:*").unwrap();
        assert!(any.product_key().is_none() && any.version().is_none());
        assert_eq!(any.role(), "hardware");
    }

    #[test]
    fn asset_index_keys() {
        let id = AssetIdentity::new(
            Some("Schneider Electric"),
            Some("Modicon M580"),
            Some("BMEP582040"),
            None,
            Some("3.1"),
        );
        let assets = vec![
            AssetPlatform::default().with_identity(Arc::new(id)),
            AssetPlatform::from_cpes(
                [Cpe::parse("cpe:2.3:h:schneider-electric:modicon_m580:-:*:*:*:*:*:*:*").unwrap()],
            ),
            AssetPlatform::default().with_purl(Arc::new(AssetPurl::parse("pkg:npm/lodash@4.17.20").unwrap())),
        ];
        let ix = AssetIndex::new(&assets, AliasTable::default());
        assert_eq!(ix.lookup("schneiderelectric", "modiconm580"), &[0, 1]);
        assert_eq!(ix.lookup("schneiderelectric", "bmep582040"), &[0]);
        assert_eq!(ix.lookup_purl("pkg:npm/lodash"), &[2]);
        assert_eq!(ix.key_count(), 2);
    }
}
