//! What a vulnerability says about the products it affects, normalised from
//! NVD, CVE 5 and CSAF data.

use std::cmp::Ordering;
use std::fmt;

use super::Verdict;
use crate::applicability::Configuration;
use crate::cpe::Cpe;
use crate::purl::{Purl, VersRange};
use crate::version::Version;

/// One vulnerability's applicability, from any number of feeds.
///
/// The rule applies to an asset when one of its NVD `configurations` applies
/// ([`crate::applicability`] semantics) or one of its `products` statements
/// says the asset's version is affected; a vendor statement that the asset's
/// version is not affected (CSAF `known_not_affected`, `fixed`; CVE 5
/// `unaffected`) overrides an NVD configuration unless another vendor
/// statement says affected (see [`super`] for the precedence).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VulnRule {
    /// The vulnerability id (a CVE id, or the advisory's own id when it has
    /// none).
    pub id: String,
    /// NVD applicability configurations; any one applying is enough.
    pub configurations: Vec<Configuration>,
    /// Vendor statements about products (CVE 5 `affected[]`, CSAF product
    /// status), in the order of the source documents.
    pub products: Vec<ProductRule>,
}

impl VulnRule {
    /// An empty rule for `id`.
    pub fn new(id: impl Into<String>) -> VulnRule {
        VulnRule {
            id: id.into(),
            configurations: Vec::new(),
            products: Vec::new(),
        }
    }

    /// Adds the configurations and product statements of `other` (another
    /// feed's view of the same vulnerability). The id stays `self`'s. To
    /// replace a feed's older view, rebuild the rule instead.
    pub fn merge(&mut self, other: VulnRule) {
        self.configurations.extend(other.configurations);
        self.products.extend(other.products);
    }

    /// True when the rule has neither configurations nor product statements
    /// (it can match nothing).
    pub fn is_empty(&self) -> bool {
        self.configurations.is_empty() && self.products.is_empty()
    }
}

/// Status a vendor statement gives a product version (the union of CVE 5
/// `status` and CSAF `product_status` categories).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// CVE 5 `affected`; CSAF `known_affected`, `first_affected`,
    /// `last_affected`.
    Affected,
    /// CVE 5 `unaffected`; CSAF `known_not_affected`.
    NotAffected,
    /// CSAF `fixed`, `first_fixed`.
    Fixed,
    /// CSAF `recommended` (a version the vendor recommends: not affected).
    Recommended,
    /// CSAF `under_investigation`.
    UnderInvestigation,
    /// CVE 5 `unknown` (also CVE 5's default when `defaultStatus` is absent).
    Unknown,
}

impl Status {
    /// What the status means for a finding: affected, not affected (VEX),
    /// undetermined, or nothing (`unknown` says nothing).
    pub fn verdict(self) -> Option<Verdict> {
        match self {
            Status::Affected => Some(Verdict::Affected),
            Status::NotAffected | Status::Fixed | Status::Recommended => Some(Verdict::NotAffected),
            Status::UnderInvestigation => Some(Verdict::Undetermined),
            Status::Unknown => None,
        }
    }

    /// A lowercase name (`affected`, `not affected`, `fixed`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Status::Affected => "affected",
            Status::NotAffected => "not affected",
            Status::Fixed => "fixed",
            Status::Recommended => "recommended",
            Status::UnderInvestigation => "under investigation",
            Status::Unknown => "unknown",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a product statement comes from, for the evidence shown to users.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ProductSource {
    /// A CVE 5 record's `affected[index]` in the container of `provider`
    /// (the CNA's or an ADP's short name, e.g. `CISA-ADP`).
    Cve5 {
        /// Container provider short name.
        provider: Option<String>,
        /// Index in the container's `affected` array.
        index: usize,
    },
    /// A CSAF advisory's product.
    Csaf {
        /// The advisory's `/document/tracking/id`, when known.
        document: Option<String>,
        /// The `product_id`.
        product_id: String,
    },
    /// Anything else (a hand-written or imported statement).
    Other(String),
}

impl fmt::Display for ProductSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProductSource::Cve5 { provider, index } => {
                write!(f, "CVE 5 affected[{index}]")?;
                if let Some(p) = provider {
                    write!(f, " ({p})")?;
                }
                Ok(())
            }
            ProductSource::Csaf { document, product_id } => match document {
                Some(d) => write!(f, "CSAF {d} product {product_id}"),
                None => write!(f, "CSAF product {product_id}"),
            },
            ProductSource::Other(s) => f.write_str(s),
        }
    }
}

/// A vendor statement about one product: how to recognise it on an asset
/// and the status of its versions.
///
/// Recognition, tried in this order (the first route that yields a status
/// wins): one of `cpes`, compared with its version attribute set to ANY, is
/// a NISTIR 7696 superset of one of the asset's CPEs (the version then comes
/// from that CPE); one of `purls` names the same package as one of the
/// asset's purls; the normalised `vendor` and `product` (or one of
/// `model_numbers`) equal the normalised vendor and product of one of the
/// asset's CPEs, or the asset's inventory vendor and product or model (the
/// version is then the asset's firmware version, else its version).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProductRule {
    /// Where the statement comes from.
    pub source: Option<ProductSource>,
    /// Vendor name as the source gives it.
    pub vendor: Option<String>,
    /// Product name as the source gives it.
    pub product: Option<String>,
    /// Model numbers (CSAF `product_identification_helper.model_numbers`),
    /// matched like product names.
    pub model_numbers: Vec<String>,
    /// CPE names of the product (CVE 5 `cpes`, CSAF helper `cpe`).
    pub cpes: Vec<Cpe>,
    /// Package URLs of the product (CSAF helper `purl`).
    pub purls: Vec<Purl>,
    /// Version statements, evaluated in order: the first whose selector
    /// contains the version decides (the CVE 5 schema's algorithm).
    pub versions: Vec<VersionEntry>,
    /// Status of versions no entry selects (CVE 5 `defaultStatus`; `None`
    /// means unknown).
    pub default_status: Option<Status>,
}

/// Why a product statement decided: the entry and its status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Decision {
    /// The entry that selected the version; `None` for the default status.
    pub(crate) entry: Option<u32>,
    pub(crate) status: Status,
    /// The entry's selector could not be read: the status is not certain.
    pub(crate) unreadable: bool,
}

impl ProductRule {
    /// A statement about `vendor`'s `product`, all versions `status`.
    pub fn named(vendor: &str, product: &str, status: Status) -> ProductRule {
        ProductRule {
            vendor: Some(vendor.to_owned()),
            product: Some(product.to_owned()),
            versions: vec![VersionEntry::new(VersionSel::All, status)],
            ..ProductRule::default()
        }
    }

    /// The status of `version` of this product: the first entry whose
    /// selector contains it, else the default status. With no version known
    /// only an entry for all versions, or the default status of a statement
    /// without entries, decides. `None` when nothing decides, or when the
    /// first entry that might contain the version cannot be read (matching
    /// then reports an "affected" entry as undetermined).
    pub fn status_of(&self, version: Option<&Version>) -> Option<Status> {
        self.decide(version).filter(|d| !d.unreadable).map(|d| d.status)
    }

    pub(crate) fn decide(&self, version: Option<&Version>) -> Option<Decision> {
        let Some(v) = version else {
            if let Some((i, e)) = self.versions.iter().enumerate().find(|(_, e)| e.selector.is_all()) {
                return Some(Decision {
                    entry: Some(index_u32(i)),
                    status: e.status,
                    unreadable: false,
                });
            }
            return if self.versions.is_empty() {
                self.default_status.map(|status| Decision {
                    entry: None,
                    status,
                    unreadable: false,
                })
            } else {
                None
            };
        };
        for (i, e) in self.versions.iter().enumerate() {
            match e.selector.contains(v) {
                Some(true) => {
                    return Some(Decision {
                        entry: Some(index_u32(i)),
                        status: e.status_at(v),
                        unreadable: false,
                    });
                }
                Some(false) => {}
                None => {
                    return Some(Decision {
                        entry: Some(index_u32(i)),
                        status: e.status,
                        unreadable: true,
                    });
                }
            }
        }
        self.default_status.map(|status| Decision {
            entry: None,
            status,
            unreadable: false,
        })
    }

    /// A short description: `Vendor Product` (or the first CPE or purl).
    pub fn describe(&self) -> String {
        match (&self.vendor, &self.product) {
            (Some(v), Some(p)) => format!("{v} {p}"),
            (None, Some(p)) => p.clone(),
            (Some(v), None) => v.clone(),
            (None, None) => self
                .cpes
                .first()
                .map(Cpe::to_fs)
                .or_else(|| self.purls.first().map(|p| p.to_string()))
                .unwrap_or_else(|| "(unnamed product)".to_owned()),
        }
    }
}

pub(crate) fn index_u32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// One version statement: which versions, their status, and (for a range)
/// where the status changes inside it (CVE 5 `changes[]`).
#[derive(Debug, Clone, PartialEq)]
pub struct VersionEntry {
    /// Which versions.
    pub selector: VersionSel,
    /// Their status.
    pub status: Status,
    /// Status changes inside the range: from each version on, the status is
    /// the change's. Kept sorted by version ([`VersionEntry::with_changes`]
    /// sorts, as the CVE 5 schema asks clients to).
    changes: Vec<(Version, Status)>,
}

impl VersionEntry {
    /// An entry without changes.
    pub fn new(selector: VersionSel, status: Status) -> VersionEntry {
        VersionEntry {
            selector,
            status,
            changes: Vec::new(),
        }
    }

    /// An entry with status changes (sorted here by version).
    pub fn with_changes(selector: VersionSel, status: Status, mut changes: Vec<(Version, Status)>) -> VersionEntry {
        changes.sort_by(|a, b| a.0.cmp(&b.0));
        VersionEntry {
            selector,
            status,
            changes,
        }
    }

    /// The status changes, sorted by version.
    pub fn changes(&self) -> &[(Version, Status)] {
        &self.changes
    }

    /// The status of `v`, a version the selector contains: the entry's
    /// status, replaced by each change at or below `v`.
    pub fn status_at(&self, v: &Version) -> Status {
        let mut status = self.status;
        for (at, s) in &self.changes {
            if at <= v {
                status = *s;
            }
        }
        status
    }
}

/// Which versions a statement is about.
#[derive(Debug, Clone, PartialEq)]
pub enum VersionSel {
    /// Every version (`All versions`, `vers:all/*`, CVE 5 `*`/`n/a`/
    /// `unspecified`).
    All,
    /// One version, compared with [`crate::version`] order (`V2.3` = `2.3`).
    Exact(Version),
    /// Versions between two bounds (either may be open).
    Range {
        /// Lower bound; `None` for no lower bound.
        start: Option<Bound>,
        /// Upper bound; `None` for no upper bound.
        end: Option<Bound>,
    },
    /// A purl-spec `vers:` range (CISA's `vers:all/<V1.1` included, see
    /// [`crate::purl::vers`]).
    Vers(VersRange),
    /// A range text that could not be read (`distributed < april 1, 2018`):
    /// a version cannot be placed, so a statement with it is undetermined.
    Unreadable(String),
}

impl VersionSel {
    /// True when the selector contains every version ([`VersionSel::All`],
    /// a `vers:<scheme>/*` other than `vers:none/*`): it decides even when
    /// the asset's version is not known.
    pub fn is_all(&self) -> bool {
        match self {
            VersionSel::All => true,
            VersionSel::Vers(r) => r.is_star() && r.scheme() != "none",
            _ => false,
        }
    }

    /// Whether the selector contains `v`; `None` when it cannot tell
    /// ([`VersionSel::Unreadable`]).
    pub fn contains(&self, v: &Version) -> Option<bool> {
        match self {
            VersionSel::All => Some(true),
            VersionSel::Exact(x) => Some(x == v),
            VersionSel::Range { start, end } => Some(
                start.as_ref().is_none_or(|b| b.admits_from_below(v))
                    && end.as_ref().is_none_or(|b| b.admits_from_above(v)),
            ),
            VersionSel::Vers(r) => Some(r.contains(v.as_str())),
            VersionSel::Unreadable(_) => None,
        }
    }
}

impl fmt::Display for VersionSel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VersionSel::All => f.write_str("all versions"),
            VersionSel::Exact(v) => write!(f, "version {v}"),
            VersionSel::Range { start, end } => {
                f.write_str("versions ")?;
                match start {
                    Some(Bound::Including(v)) => write!(f, "[{v}, ")?,
                    Some(Bound::Excluding(v)) => write!(f, "({v}, ")?,
                    Some(Bound::Prefix(p)) => write!(f, "[{}.*, ", p.prefix())?,
                    None => f.write_str("(-∞, ")?,
                }
                match end {
                    Some(Bound::Including(v)) => write!(f, "{v}]"),
                    Some(Bound::Excluding(v)) => write!(f, "{v})"),
                    Some(Bound::Prefix(p)) => write!(f, "{}.*]", p.prefix()),
                    None => f.write_str("∞)"),
                }
            }
            VersionSel::Vers(r) => write!(f, "versions {r}"),
            VersionSel::Unreadable(t) => write!(f, "versions {t:?} (not machine-readable)"),
        }
    }
}

/// One end of a version range.
#[derive(Debug, Clone, PartialEq)]
pub enum Bound {
    /// The version itself is in the range.
    Including(Version),
    /// The version itself is not in the range.
    Excluding(Version),
    /// Every version starting with a prefix (CVE 5 `lessThan: "5.10.*"`: "an
    /// arbitrarily large number in the version ordering"). As an upper bound
    /// it admits every version of the `5.10` line; as a lower bound it is
    /// the prefix itself, included.
    Prefix(PrefixBound),
}

impl Bound {
    fn admits_from_below(&self, v: &Version) -> bool {
        match self {
            Bound::Including(b) => v >= b,
            Bound::Excluding(b) => v > b,
            Bound::Prefix(p) => v >= &p.prefix,
        }
    }

    fn admits_from_above(&self, v: &Version) -> bool {
        match self {
            Bound::Including(b) => v <= b,
            Bound::Excluding(b) => v < b,
            Bound::Prefix(p) => v.cmp(&p.limit) == Ordering::Less,
        }
    }
}

/// A version prefix bound (`5.10.*`), with the precomputed limit that every
/// version of the line sorts below.
#[derive(Debug, Clone, PartialEq)]
pub struct PrefixBound {
    prefix: Version,
    limit: Version,
}

impl PrefixBound {
    /// The bound for the versions starting with `prefix` (given without the
    /// trailing `.*`).
    pub fn new(prefix: &str) -> PrefixBound {
        // A 40-digit number exceeds every u64 token, so it sorts above every
        // realistic next token of the line (`5.10.999`, `5.10.4a`).
        let limit = Version::parse(&format!("{prefix}.{}", "9".repeat(40)));
        PrefixBound {
            prefix: Version::parse(prefix),
            limit,
        }
    }

    /// The prefix.
    pub fn prefix(&self) -> &Version {
        &self.prefix
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse(s)
    }

    fn range(start: Option<Bound>, end: Option<Bound>) -> VersionSel {
        VersionSel::Range { start, end }
    }

    #[test]
    fn selectors() {
        let check = |sel: &VersionSel, version: &str, expected: Option<bool>| {
            assert_eq!(sel.contains(&v(version)), expected, "{sel} ∋ {version}");
        };
        let r = range(Some(Bound::Including(v("2.0"))), Some(Bound::Excluding(v("2.4"))));
        check(&r, "2.0", Some(true));
        check(&r, "V2.3 SP1", Some(true));
        check(&r, "2.4", Some(false));
        check(&r, "1.9", Some(false));
        let lines = range(
            Some(Bound::Including(v("5.10.37"))),
            Some(Bound::Prefix(PrefixBound::new("5.10"))),
        );
        check(&lines, "5.10.37", Some(true));
        check(&lines, "5.10.999", Some(true));
        check(&lines, "5.10.4a", Some(false));
        check(&lines, "5.11", Some(false));
        check(&VersionSel::All, "anything", Some(true));
        assert!(VersionSel::Vers(VersRange::parse("vers:all/*").unwrap()).is_all());
        assert!(!VersionSel::Vers(VersRange::parse("vers:none/*").unwrap()).is_all());
        check(&VersionSel::Exact(v("V2.3")), "2.3.0", Some(true));
        check(&VersionSel::Unreadable("soon".into()), "1", None);
        let vers = VersionSel::Vers(VersRange::parse("vers:all/<V3.2.16").unwrap());
        check(&vers, "V3.2.15", Some(true));
        check(&vers, "3.2.16", Some(false));
        assert_eq!(lines.to_string(), "versions [5.10.37, 5.10.*]");
        assert_eq!(r.to_string(), "versions [2.0, 2.4)");
    }

    #[test]
    fn cve5_first_match_algorithm() {
        // Linux CNA style: affected by default, unaffected before 2.6.12 and
        // on the 5.10 line from 5.10.37.
        let rule = ProductRule {
            versions: vec![
                VersionEntry::new(VersionSel::Exact(v("2.6.12")), Status::Affected),
                VersionEntry::new(range(None, Some(Bound::Excluding(v("2.6.12")))), Status::NotAffected),
                VersionEntry::new(
                    range(
                        Some(Bound::Including(v("5.10.37"))),
                        Some(Bound::Prefix(PrefixBound::new("5.10"))),
                    ),
                    Status::NotAffected,
                ),
            ],
            default_status: Some(Status::Affected),
            ..ProductRule::default()
        };
        let check = |version: &str, expected: Option<Status>| {
            assert_eq!(rule.status_of(Some(&v(version))), expected, "{version}");
        };
        check("2.6.12", Some(Status::Affected));
        check("2.6.11", Some(Status::NotAffected));
        check("5.10.36", Some(Status::Affected));
        check("5.10.37", Some(Status::NotAffected));
        check("5.11", Some(Status::Affected));
        assert_eq!(rule.status_of(None), None);
    }

    #[test]
    fn changes_inside_a_range() {
        let e = VersionEntry::with_changes(
            range(Some(Bound::Including(v("1.0"))), None),
            Status::Affected,
            vec![(v("1.4"), Status::NotAffected), (v("1.2"), Status::Affected)],
        );
        assert_eq!(e.changes()[0].0, v("1.2"));
        assert_eq!(e.status_at(&v("1.1")), Status::Affected);
        assert_eq!(e.status_at(&v("1.5")), Status::NotAffected);
    }

    #[test]
    fn unknown_version_and_defaults() {
        let all = ProductRule::named("Siemens", "SIMATIC S7-1500", Status::Affected);
        assert_eq!(all.status_of(None), Some(Status::Affected));
        let default_only = ProductRule {
            default_status: Some(Status::Affected),
            ..ProductRule::default()
        };
        assert_eq!(default_only.status_of(None), Some(Status::Affected));
        assert_eq!(default_only.status_of(Some(&v("1"))), Some(Status::Affected));
        let unreadable = ProductRule {
            versions: vec![VersionEntry::new(VersionSel::Unreadable("x".into()), Status::Affected)],
            ..ProductRule::default()
        };
        let d = unreadable.decide(Some(&v("1"))).unwrap();
        assert!(d.unreadable);
        assert_eq!(unreadable.status_of(Some(&v("1"))), None);
        assert_eq!(all.describe(), "Siemens SIMATIC S7-1500");
    }
}
