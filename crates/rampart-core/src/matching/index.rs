//! The rule index: rules compiled into a compact form, with postings keyed
//! by canonical (vendor, product) so that matching one asset touches only
//! the criteria and statements that can concern it.
//!
//! Layout:
//! - every distinct NVD criterion ([`CpeMatch`], equal criteria of different
//!   CVEs stored once) gets a [`CriterionId`]; it sits in exactly one
//!   posting list, chosen by its vendor/product and version attributes. It
//!   is kept compact ([`Crit`]: its CPE as text, attribute symbols, version
//!   bounds interned) — a 250,000-CVE database has 1.6M distinct criteria,
//!   and as `CpeMatch` values they alone took 1.2 GB;
//! - each configuration is a small tree over criterion ids (`nodes`,
//!   `uses`), evaluated with the same semantics as
//!   [`crate::applicability`];
//! - each criterion lists the configurations that use it as a *vulnerable*
//!   criterion: a configuration can only apply through a matched vulnerable
//!   criterion, so those lists give the candidate configurations;
//! - product statements sit in the buckets of their names, CPEs and purls.

use std::ops::Range;

use super::hash::{FxMap, Interner, fx_hash, pair};
use super::ranges::RangeTree;
use super::rule::{Decision, ProductRule, VersionSel, VulnRule, index_u32};
use crate::applicability::{Configuration, CpeMatch, Node, Operator};
use crate::cpe::{Attribute, Component, Cpe};
use crate::normalize::{AliasTable, normalize_product};
use crate::version::Version;

/// Deepest configuration nesting compiled; deeper nodes are compiled as
/// empty nodes (which match nothing). NVD data nests two levels.
const MAX_DEPTH: usize = 64;

/// A rule's number in a [`RuleIndex`] (insertion order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RuleId(pub(crate) u32);

impl RuleId {
    /// The rule at a position in insertion order.
    pub fn from_index(index: usize) -> RuleId {
        RuleId(index_u32(index))
    }

    /// The position of the rule in insertion order.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A distinct NVD criterion in a [`RuleIndex`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CriterionId(pub(crate) u32);

impl CriterionId {
    /// The position of the criterion in the index's table.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A distinct criterion, compactly: what matching and evidence need.
#[derive(Debug, Clone)]
pub(crate) struct Crit {
    /// The CPE, bound as a formatted string (as the evidence shows it).
    pub(crate) cpe: Box<str>,
    /// Its version bounds: an index into `RuleIndex::ranges`, or [`NONE`].
    pub(crate) range: u32,
    /// For a CPE with wildcard values: an index into
    /// `RuleIndex::wild_cpes` (the parsed name, for the full superset test).
    pub(crate) wild: u32,
    /// NVD `vulnerable`.
    pub(crate) vulnerable: bool,
    /// The role of its CPE ([`ROLES`]), for the evidence.
    pub(crate) role: u8,
}

/// Roles of a criterion's CPE, as the evidence names them.
pub(crate) const ROLES: [&str; 5] = ["firmware", "operating system", "hardware", "application", "platform"];

fn role_index(cpe: &Cpe) -> u8 {
    let r = super::asset::role(cpe);
    ROLES.iter().position(|x| *x == r).map_or(4, |i| i as u8)
}

#[derive(Debug, Clone)]
pub(crate) struct RuleEntry {
    pub(crate) id: Box<str>,
    pub(crate) configs: Range<u32>,
    pub(crate) products: Range<u32>,
}

/// A compiled configuration.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CConfig {
    pub(crate) rule: u32,
    /// Index of the configuration in the rule's `configurations`.
    pub(crate) ordinal: u32,
    pub(crate) root: u32,
}

/// A configuration using a criterion as a vulnerable criterion, with what
/// matching needs without looking the configuration up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct User {
    pub(crate) config: u32,
    pub(crate) rule: u32,
    /// The configuration's ordinal in its rule, with [`User::SIMPLE`] and
    /// [`User::NO_PRODUCTS`] in the high bits.
    pub(crate) ordinal: u32,
}

impl User {
    /// The configuration holds only OR nodes, none negated (the root may be
    /// an AND of one node): it applies exactly when one of its vulnerable
    /// criteria matches, so a candidate needs no evaluation. Most NVD
    /// configurations are of this shape.
    pub(crate) const SIMPLE: u32 = 1 << 31;
    /// The rule has no product statements.
    pub(crate) const NO_PRODUCTS: u32 = 1 << 30;
    /// Mask of the ordinal bits.
    pub(crate) const ORDINAL: u32 = (1 << 30) - 1;
}

/// A compiled node: children are `nodes[children]`, criteria
/// `uses[uses]`.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct CNode {
    pub(crate) and: bool,
    pub(crate) negate: bool,
    pub(crate) children: (u32, u32),
    pub(crate) uses: (u32, u32),
}

/// A compiled product statement.
#[derive(Debug, Clone)]
pub(crate) struct CProduct {
    pub(crate) rule: u32,
    /// Index of the statement in the rule's `products`.
    pub(crate) ordinal: u32,
    pub(crate) statement: ProductRule,
    pub(crate) vendor: Option<u32>,
    /// Product name and model number symbols.
    pub(crate) names: Vec<u32>,
    /// The statement's CPEs with version ANY.
    pub(crate) identity: Vec<Cpe>,
    pub(crate) purl_keys: Vec<Box<str>>,
    /// For statements with many entries (Cisco lists thousands of exact
    /// versions): the first exact entry of each version, and the indices of
    /// the other entries, so that deciding is a lookup plus a short scan.
    pub(crate) exact: Option<(FxMap<Version, u32>, Vec<u32>)>,
}

/// Range criteria in one bucket from which [`RuleIndex::finish`] builds a
/// [`RangeTree`] (tiny in unit tests, so that the oracle tests cover it).
const RANGE_TREE_MIN: usize = if cfg!(test) { 2 } else { 48 };

/// Entries above which a statement gets an exact-version map.
const EXACT_MAP_MIN: usize = 16;

impl CProduct {
    /// [`ProductRule::decide`], faster for long entry lists; the same
    /// result (the first entry containing the version, else the default).
    pub(crate) fn decide(&self, version: Option<&Version>) -> Option<Decision> {
        let (Some(v), Some((map, others))) = (version, &self.exact) else {
            return self.statement.decide(version);
        };
        let entries = &self.statement.versions;
        let exact = map.get(v).copied();
        let other = others
            .iter()
            .copied()
            .find(|&i| entries[i as usize].selector.contains(v) != Some(false));
        let first = match (exact, other) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let Some(i) = first else {
            return self.statement.default_status.map(|status| Decision {
                entry: None,
                status,
                unreadable: false,
            });
        };
        let e = &entries[i as usize];
        Some(match e.selector.contains(v) {
            None => Decision {
                entry: Some(i),
                status: e.status,
                unreadable: true,
            },
            _ => Decision {
                entry: Some(i),
                status: e.status_at(v),
                unreadable: false,
            },
        })
    }
}

/// The posting lists of one (vendor, product) key.
#[derive(Debug, Clone, Default)]
pub(crate) struct Bucket {
    pub(crate) vendor: u32,
    pub(crate) product: u32,
    /// Criteria with version ANY and no range.
    pub(crate) any: Vec<u32>,
    /// Criteria with version ANY and a version range.
    pub(crate) ranged: Vec<u32>,
    /// Criteria with version NA.
    pub(crate) na: Vec<u32>,
    /// Criteria whose version is neither (wildcards, a literal with a range).
    pub(crate) other: Vec<u32>,
    /// Product statements.
    pub(crate) products: Vec<u32>,
    /// Stabbing index over `ranged`, built by [`RuleIndex::finish`] for
    /// long lists (dropped when the list changes; the list is then scanned).
    pub(crate) ranged_tree: Option<RangeTree>,
    /// Holds a vulnerable criterion or a product statement (a bucket of
    /// platform context only cannot make a rule apply).
    pub(crate) relevant: bool,
}

/// Counts describing an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IndexStats {
    /// Rules.
    pub rules: usize,
    /// Configurations.
    pub configurations: usize,
    /// Criterion uses in all configurations.
    pub criterion_uses: usize,
    /// Distinct criteria.
    pub distinct_criteria: usize,
    /// Product statements.
    pub product_statements: usize,
    /// (vendor, product) buckets.
    pub buckets: usize,
    /// Criteria whose vendor or product is not a literal (checked against
    /// every asset CPE).
    pub fallback_criteria: usize,
    /// Product statements whose CPE vendor or product is not a literal.
    pub fallback_products: usize,
    /// Interned canonical vendor keys (and aliases).
    pub vendor_symbols: usize,
    /// Interned product keys.
    pub product_symbols: usize,
    /// Longest posting list of version-range criteria in one bucket (all
    /// checked for an asset CPE in that bucket).
    pub max_ranged: usize,
    /// Longest list of ANY/NA/other criteria in one bucket.
    pub max_unversioned: usize,
    /// Most configurations using one criterion as vulnerable.
    pub max_users: usize,
    /// Most version entries in one product statement.
    pub max_entries: usize,
}

/// Vulnerability rules compiled for matching. Build with [`RuleIndex::new`]
/// and [`RuleIndex::add`] (one rule at a time, so a caller streaming a feed
/// never holds every [`VulnRule`]), then match with
/// [`RuleIndex::matcher`] or the functions of [`super`].
#[derive(Debug, Clone)]
pub struct RuleIndex {
    pub(crate) aliases: AliasTable,
    pub(crate) vendors: Interner,
    pub(crate) names: Interner,
    pub(crate) versions: Interner,
    pub(crate) rules: Vec<RuleEntry>,
    pub(crate) configs: Vec<CConfig>,
    pub(crate) nodes: Vec<CNode>,
    pub(crate) uses: Vec<u32>,
    pub(crate) criteria: Vec<Crit>,
    /// Version bounds of criteria with a range: symbols into `bounds` (start
    /// including, start excluding, end including, end excluding), [`NONE`]
    /// when absent.
    pub(crate) ranges: Vec<[u32; 4]>,
    /// Distinct bound versions (by their text, so `1.0` and `1.0.0` stay as
    /// written).
    pub(crate) bounds: Vec<Version>,
    bound_ids: FxMap<Box<str>, u32>,
    /// Parsed CPEs of the criteria with wildcard values.
    pub(crate) wild_cpes: Vec<Cpe>,
    /// NVD `matchCriteriaId`s, for the criteria that have one.
    pub(crate) match_ids: FxMap<u32, Box<str>>,
    /// Per criterion: its eleven attributes as [`AttrSyms`] symbols.
    pub(crate) crit_attrs: Vec<AttrSyms>,
    /// Interned ASCII-lowercased literal attribute values.
    pub(crate) attr_values: Interner,
    /// Per criterion: configurations using it as a vulnerable criterion.
    pub(crate) crit_users: Vec<Vec<User>>,
    crit_dedup: FxMap<u64, u32>,
    crit_chain: Vec<u32>,
    pub(crate) buckets: FxMap<u64, u32>,
    pub(crate) bucket_data: Vec<Bucket>,
    /// (bucket, version symbol) → criteria with that literal version.
    pub(crate) exact: FxMap<u64, Vec<u32>>,
    pub(crate) fallback: Vec<u32>,
    pub(crate) products: Vec<CProduct>,
    pub(crate) product_fallback: Vec<u32>,
    pub(crate) purls: FxMap<Box<str>, Vec<u32>>,
}

pub(crate) const NONE: u32 = u32::MAX;

/// The eleven attributes of a CPE as symbols, for an allocation-free,
/// integer-only NISTIR 7696 superset test: a literal value is the symbol of
/// its ASCII-lowercased text (literal values match exactly when equal
/// ignoring ASCII case), the logical values and wildcard values have
/// reserved symbols.
pub(crate) type AttrSyms = [u32; 11];

/// The logical value ANY.
pub(crate) const SYM_ANY: u32 = u32::MAX;
/// The logical value NA.
pub(crate) const SYM_NA: u32 = u32::MAX - 1;
/// A value with wildcards (a criterion needing the full test; an asset
/// value for which every relation is UNDEFINED).
pub(crate) const SYM_WILD: u32 = u32::MAX - 2;
/// An asset literal that no criterion of the index holds.
pub(crate) const SYM_UNKNOWN: u32 = u32::MAX - 3;

/// A criterion's bound versions, from the index's tables.
fn crit_bounds<'a>(criteria: &[Crit], ranges: &[[u32; 4]], bounds: &'a [Version], c: u32) -> [Option<&'a Version>; 4] {
    match criteria.get(c as usize).map(|x| x.range) {
        Some(r) if r != NONE => ranges
            .get(r as usize)
            .map_or([None; 4], |syms| syms.map(|s| bounds.get(s as usize))),
        _ => [None; 4],
    }
}

/// The superset test on symbols: `Some(answer)`, or `None` when the
/// criterion has a wildcard value and needs [`Cpe::is_superset_of`].
#[inline]
pub(crate) fn attrs_superset(criterion: &AttrSyms, asset: &AttrSyms) -> Option<bool> {
    let mut wild = false;
    for (&c, &a) in criterion.iter().zip(asset) {
        if a == SYM_WILD {
            return Some(false);
        }
        if c == SYM_ANY {
            continue;
        }
        if c == SYM_WILD {
            wild = true;
        } else if c != a {
            return Some(false);
        }
    }
    if wild { None } else { Some(true) }
}

fn literal_text(c: &Component) -> Option<&str> {
    match c {
        Component::Value(v) if !v.has_wildcards() => Some(v.text()),
        _ => None,
    }
}

/// The bound versions of a criterion in the order of [`RuleIndex::ranges`].
fn bounds_of(m: &CpeMatch) -> [Option<&Version>; 4] {
    [
        m.version_start_including.as_ref(),
        m.version_start_excluding.as_ref(),
        m.version_end_including.as_ref(),
        m.version_end_excluding.as_ref(),
    ]
}

impl Default for RuleIndex {
    fn default() -> RuleIndex {
        RuleIndex::new(AliasTable::default())
    }
}

impl RuleIndex {
    /// An empty index whose vendor keys are canonicalised through
    /// `aliases`.
    pub fn new(aliases: AliasTable) -> RuleIndex {
        let mut vendors = Interner::default();
        for (alias, canonical) in aliases.entries() {
            let sym = vendors.intern(canonical.as_str());
            vendors.alias(alias.as_str(), sym);
        }
        RuleIndex {
            aliases,
            vendors,
            names: Interner::default(),
            versions: Interner::default(),
            rules: Vec::new(),
            configs: Vec::new(),
            nodes: Vec::new(),
            uses: Vec::new(),
            criteria: Vec::new(),
            ranges: Vec::new(),
            bounds: Vec::new(),
            bound_ids: FxMap::default(),
            wild_cpes: Vec::new(),
            match_ids: FxMap::default(),
            crit_attrs: Vec::new(),
            attr_values: Interner::default(),
            crit_users: Vec::new(),
            crit_dedup: FxMap::default(),
            crit_chain: Vec::new(),
            buckets: FxMap::default(),
            bucket_data: Vec::new(),
            exact: FxMap::default(),
            fallback: Vec::new(),
            products: Vec::new(),
            product_fallback: Vec::new(),
            purls: FxMap::default(),
        }
    }

    /// An index of `rules` (rule ids follow the iteration order).
    pub fn from_rules<'r>(rules: impl IntoIterator<Item = &'r VulnRule>, aliases: AliasTable) -> RuleIndex {
        let mut ix = RuleIndex::new(aliases);
        for r in rules {
            ix.add(r);
        }
        ix.finish();
        ix
    }

    /// Compiles and adds one rule.
    pub fn add(&mut self, rule: &VulnRule) -> RuleId {
        let r = index_u32(self.rules.len());
        let c0 = index_u32(self.configs.len());
        for (i, c) in rule.configurations.iter().enumerate() {
            self.add_config(r, index_u32(i), c, rule.products.is_empty());
        }
        let p0 = index_u32(self.products.len());
        for (i, p) in rule.products.iter().enumerate() {
            self.add_product(r, index_u32(i), p);
        }
        self.rules.push(RuleEntry {
            id: rule.id.as_str().into(),
            configs: c0..index_u32(self.configs.len()),
            products: p0..index_u32(self.products.len()),
        });
        RuleId(r)
    }

    /// Finishes the index after the last [`RuleIndex::add`]: builds the
    /// version-range indexes of buckets with many range criteria and
    /// releases spare capacity. Matching works without it (scanning those
    /// lists), and rules may still be added after it (the affected range
    /// indexes are dropped until the next call).
    pub fn finish(&mut self) {
        let (criteria, ranges, bounds) = (&self.criteria, &self.ranges, &self.bounds);
        let bounds_of = |c: u32| crit_bounds(criteria, ranges, bounds, c);
        for b in &mut self.bucket_data {
            if b.ranged.len() >= RANGE_TREE_MIN && b.ranged_tree.is_none() {
                b.ranged_tree = Some(RangeTree::build(&b.ranged, bounds_of));
            }
        }
        self.ranges.shrink_to_fit();
        self.bounds.shrink_to_fit();
        self.bound_ids.shrink_to_fit();
        self.wild_cpes.shrink_to_fit();
        self.match_ids.shrink_to_fit();
        self.vendors.shrink_to_fit();
        self.names.shrink_to_fit();
        self.versions.shrink_to_fit();
        self.rules.shrink_to_fit();
        self.configs.shrink_to_fit();
        self.nodes.shrink_to_fit();
        self.uses.shrink_to_fit();
        self.criteria.shrink_to_fit();
        self.crit_attrs.shrink_to_fit();
        self.attr_values.shrink_to_fit();
        for u in &mut self.crit_users {
            u.shrink_to_fit();
        }
        self.crit_users.shrink_to_fit();
        self.crit_dedup.shrink_to_fit();
        self.crit_chain.shrink_to_fit();
        self.buckets.shrink_to_fit();
        for b in &mut self.bucket_data {
            b.any.shrink_to_fit();
            b.ranged.shrink_to_fit();
            b.na.shrink_to_fit();
            b.other.shrink_to_fit();
            b.products.shrink_to_fit();
        }
        self.bucket_data.shrink_to_fit();
        for e in self.exact.values_mut() {
            e.shrink_to_fit();
        }
        self.exact.shrink_to_fit();
        self.fallback.shrink_to_fit();
        self.products.shrink_to_fit();
        self.product_fallback.shrink_to_fit();
        self.purls.shrink_to_fit();
    }

    /// Number of rules.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// True when the index has no rule.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The vulnerability id of a rule (empty for an id not in the index).
    pub fn rule_id(&self, rule: RuleId) -> &str {
        self.rules.get(rule.index()).map_or("", |r| &r.id)
    }

    /// A distinct criterion (rebuilt from its compact form).
    pub fn criterion(&self, id: CriterionId) -> Option<CpeMatch> {
        let c = self.criteria.get(id.index())?;
        let criteria = match c.wild {
            NONE => Cpe::parse(&c.cpe).ok()?,
            w => self.wild_cpes.get(w as usize)?.clone(),
        };
        let [si, se, ei, ee] = self.crit_bounds(id.0).map(|b| b.cloned());
        Some(CpeMatch {
            criteria,
            vulnerable: c.vulnerable,
            match_criteria_id: self.match_ids.get(&id.0).map(|m| m.to_string()),
            version_start_including: si,
            version_start_excluding: se,
            version_end_including: ei,
            version_end_excluding: ee,
        })
    }

    /// A criterion's version bounds (start including, start excluding, end
    /// including, end excluding).
    pub(crate) fn crit_bounds(&self, c: u32) -> [Option<&Version>; 4] {
        crit_bounds(&self.criteria, &self.ranges, &self.bounds, c)
    }

    /// True when the criterion has a version range.
    #[inline]
    pub(crate) fn crit_has_range(&self, c: u32) -> bool {
        self.criteria[c as usize].range != NONE
    }

    /// [`CpeMatch::contains_version`] of a criterion.
    pub(crate) fn crit_contains(&self, c: u32, version: &Version) -> bool {
        let [si, se, ei, ee] = self.crit_bounds(c);
        si.is_none_or(|b| version >= b)
            && se.is_none_or(|b| version > b)
            && ei.is_none_or(|b| version <= b)
            && ee.is_none_or(|b| version < b)
    }

    /// [`CpeMatch::version_range`] of a criterion.
    pub(crate) fn crit_range(&self, c: u32) -> crate::applicability::VersionRange<'_> {
        let [si, se, ei, ee] = self.crit_bounds(c);
        crate::applicability::VersionRange {
            start: si.map(|v| (v, true)).or(se.map(|v| (v, false))),
            end: ei.map(|v| (v, true)).or(ee.map(|v| (v, false))),
        }
    }

    /// The name test of a criterion against an asset CPE with symbols
    /// `attrs` (NISTIR 7696 superset; on symbols unless the criterion has
    /// wildcards).
    #[inline]
    pub(crate) fn crit_names_match(&self, c: u32, asset: &Cpe, attrs: &AttrSyms) -> bool {
        match attrs_superset(&self.crit_attrs[c as usize], attrs) {
            Some(answer) => answer,
            None => {
                let w = self.criteria[c as usize].wild;
                self.wild_cpes
                    .get(w as usize)
                    .is_some_and(|cpe| cpe.is_superset_of(asset))
            }
        }
    }

    /// The `ordinal`-th product statement of a rule.
    pub fn product_statement(&self, rule: RuleId, ordinal: u32) -> Option<&ProductRule> {
        let r = self.rules.get(rule.index())?;
        let i = r.products.start.checked_add(ordinal)?;
        (i < r.products.end).then(|| &self.products[i as usize].statement)
    }

    /// The alias table vendor keys are canonicalised with.
    pub fn aliases(&self) -> &AliasTable {
        &self.aliases
    }

    /// Counts describing the index.
    pub fn stats(&self) -> IndexStats {
        IndexStats {
            rules: self.rules.len(),
            configurations: self.configs.len(),
            criterion_uses: self.uses.len(),
            distinct_criteria: self.criteria.len(),
            product_statements: self.products.len(),
            buckets: self.bucket_data.len(),
            fallback_criteria: self.fallback.len(),
            fallback_products: self.product_fallback.len(),
            vendor_symbols: self.vendors.len(),
            product_symbols: self.names.len(),
            max_ranged: self.bucket_data.iter().map(|b| b.ranged.len()).max().unwrap_or(0),
            max_unversioned: self
                .bucket_data
                .iter()
                .map(|b| b.any.len() + b.na.len() + b.other.len())
                .max()
                .unwrap_or(0),
            max_users: self.crit_users.iter().map(Vec::len).max().unwrap_or(0),
            max_entries: self
                .products
                .iter()
                .map(|p| p.statement.versions.len())
                .max()
                .unwrap_or(0),
        }
    }

    fn attr_syms(&mut self, cpe: &Cpe) -> AttrSyms {
        let mut out = [SYM_ANY; 11];
        for (o, c) in out.iter_mut().zip(cpe.components()) {
            *o = match c {
                Component::Any => SYM_ANY,
                Component::Na => SYM_NA,
                Component::Value(v) if v.has_wildcards() => SYM_WILD,
                Component::Value(v) => {
                    let t = v.text();
                    if t.bytes().any(|b| b.is_ascii_uppercase()) {
                        self.attr_values.intern(&t.to_ascii_lowercase())
                    } else {
                        self.attr_values.intern(t)
                    }
                }
            };
        }
        out
    }

    /// The symbols of an asset's CPE (lookups only; `buf` is scratch for
    /// lowercasing).
    pub(crate) fn asset_attr_syms(&self, cpe: &Cpe, buf: &mut String) -> AttrSyms {
        let mut out = [SYM_ANY; 11];
        for (o, c) in out.iter_mut().zip(cpe.components()) {
            *o = match c {
                Component::Any => SYM_ANY,
                Component::Na => SYM_NA,
                Component::Value(v) if v.has_wildcards() => SYM_WILD,
                Component::Value(v) => {
                    let t = v.text();
                    let found = if t.bytes().any(|b| b.is_ascii_uppercase()) {
                        buf.clear();
                        buf.extend(t.chars().map(|ch| ch.to_ascii_lowercase()));
                        self.attr_values.get(buf)
                    } else {
                        self.attr_values.get(t)
                    };
                    found.unwrap_or(SYM_UNKNOWN)
                }
            };
        }
        out
    }

    fn canonical_vendor_sym(&mut self, vendor: &str) -> u32 {
        let key = self.aliases.canonical_vendor(vendor);
        self.vendors.intern(key.as_str())
    }

    fn bucket(&mut self, vendor: u32, product: u32) -> u32 {
        let next = index_u32(self.bucket_data.len());
        let b = *self.buckets.entry(pair(vendor, product)).or_insert(next);
        if b == next {
            self.bucket_data.push(Bucket {
                vendor,
                product,
                ..Bucket::default()
            });
        }
        b
    }

    /// The bucket of a literal vendor and product text.
    fn bucket_of_text(&mut self, vendor: &str, product: &str) -> u32 {
        let v = self.canonical_vendor_sym(vendor);
        let p = self.names.intern(normalize_product(product).as_str());
        self.bucket(v, p)
    }

    /// The id of a criterion, adding it (and placing it in its posting
    /// list) when new.
    fn criterion_id(&mut self, m: &CpeMatch) -> u32 {
        let text = m.criteria.to_fs();
        let bounds = bounds_of(m);
        let raw = bounds.map(|b| b.map(Version::as_str));
        let h = fx_hash(&(&text, m.vulnerable, &m.match_criteria_id, raw));
        let mut at = self.crit_dedup.get(&h).copied().unwrap_or(NONE);
        while at != NONE {
            let c = &self.criteria[at as usize];
            if *c.cpe == *text
                && c.vulnerable == m.vulnerable
                && self.match_ids.get(&at).map(|x| &**x) == m.match_criteria_id.as_deref()
                && self.crit_bounds(at).map(|b| b.map(Version::as_str)) == raw
            {
                return at;
            }
            at = self.crit_chain[at as usize];
        }
        let id = index_u32(self.criteria.len());
        let head = self.crit_dedup.insert(h, id).unwrap_or(NONE);
        self.crit_chain.push(head);
        let attrs = self.attr_syms(&m.criteria);
        self.crit_attrs.push(attrs);
        let range = if m.has_version_range() {
            let syms = bounds.map(|b| b.map_or(NONE, |v| self.bound_sym(v)));
            self.ranges.push(syms);
            index_u32(self.ranges.len() - 1)
        } else {
            NONE
        };
        let wild = if m.criteria.has_wildcards() {
            self.wild_cpes.push(m.criteria.clone());
            index_u32(self.wild_cpes.len() - 1)
        } else {
            NONE
        };
        if let Some(mid) = &m.match_criteria_id {
            self.match_ids.insert(id, mid.as_str().into());
        }
        self.criteria.push(Crit {
            cpe: text.into_boxed_str(),
            range,
            wild,
            vulnerable: m.vulnerable,
            role: role_index(&m.criteria),
        });
        self.crit_users.push(Vec::new());
        self.place_criterion(id, m);
        id
    }

    fn bound_sym(&mut self, v: &Version) -> u32 {
        if let Some(&s) = self.bound_ids.get(v.as_str()) {
            return s;
        }
        let s = index_u32(self.bounds.len());
        self.bounds.push(v.clone());
        self.bound_ids.insert(v.as_str().into(), s);
        s
    }

    fn place_criterion(&mut self, id: u32, m: &CpeMatch) {
        let (Some(vendor), Some(product)) = (literal_text(m.criteria.vendor()), literal_text(m.criteria.product()))
        else {
            self.fallback.push(id);
            return;
        };
        let b = self.bucket_of_text(vendor, product);
        let ranged = m.has_version_range();
        let bucket = &mut self.bucket_data[b as usize];
        bucket.relevant |= m.vulnerable;
        match m.criteria.version() {
            Component::Any if ranged => {
                bucket.ranged.push(id);
                bucket.ranged_tree = None;
            }
            Component::Any => bucket.any.push(id),
            Component::Na if !ranged => bucket.na.push(id),
            Component::Value(v) if !ranged && !v.has_wildcards() => {
                let key = v.text().to_ascii_lowercase();
                let vs = self.versions.intern(&key);
                self.exact.entry(pair(b, vs)).or_default().push(id);
            }
            _ => bucket.other.push(id),
        }
    }

    fn add_config(&mut self, rule: u32, ordinal: u32, c: &Configuration, no_products: bool) {
        let cid = index_u32(self.configs.len());
        let root = index_u32(self.nodes.len());
        self.nodes.push(CNode::default());
        let mut vulnerable = Vec::new();
        let or_tree = self.fill_node(root, Operator::Or, c.negate, &[], &c.nodes, &mut vulnerable, 0);
        if c.operator == Operator::And
            && let Some(n) = self.nodes.get_mut(root as usize)
        {
            n.and = true;
        }
        let simple = or_tree && (c.operator == Operator::Or || c.nodes.len() <= 1);
        let flags = if simple { User::SIMPLE } else { 0 } | if no_products { User::NO_PRODUCTS } else { 0 };
        for crit in vulnerable {
            let users = &mut self.crit_users[crit as usize];
            if users.last().is_none_or(|u| u.config != cid) {
                users.push(User {
                    config: cid,
                    rule,
                    ordinal: (ordinal & User::ORDINAL) | flags,
                });
            }
        }
        self.configs.push(CConfig { rule, ordinal, root });
    }

    /// Compiles a node into `slot`; returns whether its subtree holds only
    /// OR nodes, none negated.
    #[allow(clippy::too_many_arguments)]
    fn fill_node(
        &mut self,
        slot: u32,
        op: Operator,
        negate: bool,
        matches: &[CpeMatch],
        children: &[Node],
        vulnerable: &mut Vec<u32>,
        depth: usize,
    ) -> bool {
        let (matches, children) = if depth > MAX_DEPTH {
            (&[][..], &[][..])
        } else {
            (matches, children)
        };
        let u0 = index_u32(self.uses.len());
        for m in matches {
            let crit = self.criterion_id(m);
            self.uses.push(crit);
            if m.vulnerable {
                vulnerable.push(crit);
            }
        }
        let u1 = index_u32(self.uses.len());
        let c0 = index_u32(self.nodes.len());
        self.nodes.extend(std::iter::repeat_n(CNode::default(), children.len()));
        let c1 = index_u32(self.nodes.len());
        let mut or_tree = op == Operator::Or && !negate;
        for (k, child) in children.iter().enumerate() {
            or_tree &= self.fill_node(
                c0 + index_u32(k),
                child.operator,
                child.negate,
                &child.matches,
                &child.children,
                vulnerable,
                depth + 1,
            );
        }
        if let Some(n) = self.nodes.get_mut(slot as usize) {
            *n = CNode {
                and: op == Operator::And,
                negate,
                children: (c0, c1),
                uses: (u0, u1),
            };
        }
        or_tree
    }

    fn add_product(&mut self, rule: u32, ordinal: u32, p: &ProductRule) {
        let pid = index_u32(self.products.len());
        let vendor = p
            .vendor
            .as_deref()
            .map(|v| self.aliases.canonical_vendor(v))
            .filter(|k| !k.as_str().is_empty())
            .map(|k| self.vendors.intern(k.as_str()));
        let mut names = Vec::new();
        for n in p.product.iter().chain(&p.model_numbers) {
            let key = normalize_product(n);
            if key.as_str().is_empty() {
                continue;
            }
            let sym = self.names.intern(key.as_str());
            if !names.contains(&sym) {
                names.push(sym);
            }
        }
        // CISA ADP lists one CPE per version; with the version set to ANY
        // they collapse to a few identities.
        let mut identity: Vec<Cpe> = Vec::new();
        for c in &p.cpes {
            let id = c.with(Attribute::Version, Component::Any).unwrap_or_else(|_| c.clone());
            if !identity.contains(&id) {
                identity.push(id);
            }
        }
        let purl_keys: Vec<Box<str>> = p.purls.iter().map(|u| u.package_key().into_boxed_str()).collect();
        let place = |ix: &mut RuleIndex, b: u32| {
            let bucket = &mut ix.bucket_data[b as usize];
            bucket.relevant = true;
            if bucket.products.last() != Some(&pid) {
                bucket.products.push(pid);
            }
        };
        if let Some(v) = vendor {
            for &n in &names {
                let b = self.bucket(v, n);
                place(self, b);
            }
        }
        for c in &identity {
            match (literal_text(c.vendor()), literal_text(c.product())) {
                (Some(v), Some(pr)) => {
                    let b = self.bucket_of_text(v, pr);
                    place(self, b);
                }
                _ => {
                    if self.product_fallback.last() != Some(&pid) {
                        self.product_fallback.push(pid);
                    }
                }
            }
        }
        for k in &purl_keys {
            let list = self.purls.entry(k.clone()).or_default();
            if list.last() != Some(&pid) {
                list.push(pid);
            }
        }
        let exact = (p.versions.len() > EXACT_MAP_MIN).then(|| {
            let mut map = FxMap::default();
            let mut others = Vec::new();
            for (i, e) in p.versions.iter().enumerate() {
                match &e.selector {
                    VersionSel::Exact(v) => {
                        map.entry(v.clone()).or_insert(index_u32(i));
                    }
                    _ => others.push(index_u32(i)),
                }
            }
            (map, others)
        });
        self.products.push(CProduct {
            rule,
            ordinal,
            statement: p.clone(),
            vendor,
            names,
            identity,
            purl_keys,
            exact,
        });
    }

    /// The (canonical vendor, product) keys and purl package keys of the
    /// buckets that can make a rule apply, and whether some criterion or
    /// statement is outside every bucket (then every asset is a candidate).
    pub(crate) fn relevant_keys(&self) -> (Vec<(&str, &str)>, Vec<&str>, bool) {
        let keys = self
            .bucket_data
            .iter()
            .filter(|b| b.relevant)
            .map(|b| (self.vendors.resolve(b.vendor), self.names.resolve(b.product)))
            .collect();
        let purls = self.purls.keys().map(|k| &**k).collect();
        let everything =
            self.fallback.iter().any(|&c| self.criteria[c as usize].vulnerable) || !self.product_fallback.is_empty();
        (keys, purls, everything)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::applicability::CpeMatch;

    fn cpe(s: &str) -> Cpe {
        Cpe::parse(s).unwrap()
    }

    #[test]
    fn criteria_are_shared_and_placed() {
        let fw = CpeMatch::new(cpe("cpe:2.3:o:cisco:ios:12.2\\(18\\)se:*:*:*:*:*:*:*"), true);
        let any = CpeMatch::new(cpe("cpe:2.3:o:cisco:ios:*:*:*:*:*:*:*:*"), true);
        let ranged = CpeMatch {
            version_end_excluding: Some(Version::parse("15.0")),
            ..any.clone()
        };
        let na = CpeMatch::new(cpe("cpe:2.3:h:cisco:asr_1001:-:*:*:*:*:*:*:*"), false);
        let wild = CpeMatch::new(cpe("cpe:2.3:a:*:log4j:*:*:*:*:*:*:*:*"), true);
        let config = |ms: Vec<CpeMatch>| Configuration::new(Operator::Or, vec![Node::new(Operator::Or, ms)]);
        let mut a = VulnRule::new("CVE-1");
        a.configurations.push(config(vec![fw.clone(), any, ranged]));
        let mut b = VulnRule::new("CVE-2");
        b.configurations.push(config(vec![fw, na, wild]));
        let ix = RuleIndex::from_rules([&a, &b], AliasTable::default());
        let s = ix.stats();
        assert_eq!(
            (s.rules, s.configurations, s.criterion_uses, s.distinct_criteria),
            (2, 2, 6, 5)
        );
        assert_eq!((s.buckets, s.fallback_criteria), (2, 1));
        let ios = &ix.bucket_data[0];
        assert_eq!(
            (ios.any.len(), ios.ranged.len(), ios.na.len(), ios.other.len()),
            (1, 1, 0, 0)
        );
        assert_eq!(ix.exact.len(), 1);
        let users: Vec<u32> = ix.crit_users[0].iter().map(|u| u.config).collect();
        assert_eq!(users, vec![0, 1], "fw is vulnerable in both configurations");
        assert!(ix.crit_users[0].iter().all(|u| u.ordinal & User::SIMPLE != 0));
        assert_eq!(ix.rule_id(RuleId(1)), "CVE-2");
        let (keys, purls, everything) = ix.relevant_keys();
        assert_eq!(keys, vec![("cisco", "ios")], "asr_1001 holds platform context only");
        assert!(purls.is_empty());
        assert!(everything, "a vulnerable wildcard-vendor criterion");
    }

    #[test]
    fn versions_are_kept_as_written() {
        let one = CpeMatch {
            version_end_excluding: Some(Version::parse("1.0")),
            ..CpeMatch::new(cpe("cpe:2.3:a:x:y:*:*:*:*:*:*:*:*"), true)
        };
        let other = CpeMatch {
            version_end_excluding: Some(Version::parse("1.0.0")),
            ..one.clone()
        };
        let mut ix = RuleIndex::default();
        assert_eq!(ix.criterion_id(&one), 0);
        assert_eq!(ix.criterion_id(&other), 1);
        assert_eq!(ix.criterion_id(&one), 0);
    }
}
