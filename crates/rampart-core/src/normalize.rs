//! Vendor and product name normalisation, and an editable alias table, so
//! that the names used by inventories, CSAF advisories and NVD CPEs meet.
//!
//! `Schneider Electric`, `schneider-electric`, `schneider_electric` and
//! `Schneider Electric Software, LLC` all normalise to the key
//! `schneiderelectric`:
//!
//! 1. lowercase (Unicode), drop `.` and `'` (so `S.A.` is `sa`, `Co.` is
//!    `co`) and parenthesised text (`General Electric (GE)`);
//! 2. split into words at every other non-alphanumeric character;
//! 3. drop trailing legal-form words ([`LEGAL_SUFFIXES`]: inc, llc, ltd,
//!    gmbh, co, corp, ag, ...) and then trailing descriptor words
//!    ([`DESCRIPTOR_SUFFIXES`]: software, technologies, technology), never
//!    dropping the last word;
//! 4. join the words without separator, so `rockwell automation` and NVD's
//!    `rockwellautomation`, `d-link` and `dlink` meet by themselves.
//!
//! What rules cannot decide (`General Electric` is NVD's `ge`, Delta
//! Electronics is `deltaww`) goes into an [`AliasTable`].

use std::collections::HashMap;
use std::fmt;

/// Legal-form words removed from the end of vendor names.
pub const LEGAL_SUFFIXES: &[&str] = &[
    "inc",
    "incorporated",
    "llc",
    "llp",
    "lp",
    "ltd",
    "limited",
    "gmbh",
    "mbh",
    "co",
    "corp",
    "corporation",
    "company",
    "ag",
    "kg",
    "sa",
    "sas",
    "sarl",
    "spa",
    "srl",
    "bv",
    "nv",
    "plc",
    "pty",
    "oy",
    "ab",
    "as",
    "kk",
    "se",
];

/// Descriptor words removed from the end of vendor names after the legal
/// form (`Schneider Electric Software, LLC` is Schneider Electric).
pub const DESCRIPTOR_SUFFIXES: &[&str] = &["software", "technologies", "technology"];

/// A normalised vendor name: lowercase letters and digits only.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VendorKey(String);

impl VendorKey {
    /// The key text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for VendorKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A normalised product name: lowercase letters and digits only.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProductKey(String);

impl ProductKey {
    /// The key text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ProductKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Lowercased words of `name` without parenthesised text, `.` or `'`.
fn words(name: &str) -> Vec<String> {
    let mut cleaned = String::with_capacity(name.len());
    let mut depth = 0usize;
    for c in name.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            '.' | '\'' | '’' => {}
            _ if depth > 0 => {}
            _ => cleaned.extend(c.to_lowercase()),
        }
    }
    let mut out: Vec<String> = cleaned
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    if out.is_empty() && depth == 0 && name.contains('(') {
        // The whole name was in parentheses: keep its content.
        return name
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
    }
    out.shrink_to_fit();
    out
}

fn drop_trailing(words: &mut Vec<String>, list: &[&str]) {
    while words.len() > 1 && words.last().is_some_and(|w| list.contains(&w.as_str())) {
        words.pop();
    }
}

/// Normalises a vendor name (rules in the module documentation).
pub fn normalize_vendor(name: &str) -> VendorKey {
    let mut w = words(name);
    drop_trailing(&mut w, LEGAL_SUFFIXES);
    drop_trailing(&mut w, DESCRIPTOR_SUFFIXES);
    drop_trailing(&mut w, LEGAL_SUFFIXES);
    VendorKey(w.concat())
}

/// Normalises a product name: lowercase, separators and parenthesised text
/// removed (`SIMATIC S7-1500` and NVD's `simatic_s7-1500` give
/// `simatics71500`).
pub fn normalize_product(name: &str) -> ProductKey {
    ProductKey(words(name).concat())
}

/// An error in alias table text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AliasError {
    /// A line is not `alias ~ canonical`.
    #[error("line {line}: expected `alias ~ canonical`, found {text:?}")]
    MalformedLine {
        /// 1-based line number.
        line: usize,
        /// The line.
        text: String,
    },
    /// One side of a line normalises to nothing.
    #[error("line {line}: a name normalises to the empty key")]
    EmptyName {
        /// 1-based line number.
        line: usize,
    },
}

/// Vendor aliases: an equivalence over [`VendorKey`]s, each class with one
/// canonical key (the side given as canonical when the class was formed).
///
/// Editable data: [`AliasTable::insert`], [`AliasTable::remove`], or the
/// text form read by [`AliasTable::parse`] (`alias ~ canonical` per line,
/// `#` comments). [`AliasTable::default`] holds a small built-in list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasTable {
    /// alias key -> canonical key; always points at a canonical key (never
    /// at another alias).
    map: HashMap<VendorKey, VendorKey>,
}

/// The built-in aliases (`alias`, `canonical`), canonical sides being NVD
/// CPE vendor names. Pairs that normalisation already joins
/// (`rockwell automation` ~ `rockwellautomation`, `d-link` ~ `dlink`,
/// `schneider electric` ~ `schneider-electric`) are listed anyway, as
/// documentation and as a regression check.
pub const DEFAULT_ALIASES: &[(&str, &str)] = &[
    ("rockwell automation", "rockwellautomation"),
    ("allen-bradley", "rockwellautomation"),
    ("general electric (ge)", "ge"),
    ("general electric", "ge"),
    ("d-link", "dlink"),
    ("schneider electric", "schneider-electric"),
    ("schneider electric software, llc", "schneider-electric"),
    ("hewlett packard enterprise", "hpe"),
    ("hewlett-packard", "hp"),
    ("delta electronics", "deltaww"),
    ("becton, dickinson and company (bd)", "bd"),
    ("becton dickinson", "bd"),
    ("yokogawa electric", "yokogawa"),
    ("juniper networks", "juniper"),
    ("cisco systems", "cisco"),
    ("axis communications", "axis"),
    ("phoenix contact", "phoenixcontact"),
    ("johnson controls", "johnsoncontrols"),
    ("mitsubishi electric", "mitsubishielectric"),
    ("hitachi energy", "hitachienergy"),
];

impl Default for AliasTable {
    fn default() -> AliasTable {
        let mut t = AliasTable::new();
        for (alias, canonical) in DEFAULT_ALIASES {
            t.insert(alias, canonical);
        }
        t
    }
}

impl AliasTable {
    /// An empty table.
    pub fn new() -> AliasTable {
        AliasTable { map: HashMap::new() }
    }

    /// Declares `alias` equivalent to `canonical` (both raw names, normalised
    /// here). The classes of both are merged under `canonical`'s canonical
    /// key. Returns false when a name normalises to nothing.
    pub fn insert(&mut self, alias: &str, canonical: &str) -> bool {
        let (a, c) = (normalize_vendor(alias), normalize_vendor(canonical));
        if a.0.is_empty() || c.0.is_empty() {
            return false;
        }
        let root = self.resolve_key(&c).clone();
        let old_root = self.resolve_key(&a).clone();
        if old_root == root {
            return true;
        }
        // Re-point the old class to the new root, keeping the map flat.
        for v in self.map.values_mut() {
            if *v == old_root {
                *v = root.clone();
            }
        }
        self.map.insert(old_root, root.clone());
        if a != root {
            self.map.insert(a, root);
        }
        true
    }

    /// Removes an alias entry (the name stops being an alias; names that
    /// pointed to it as canonical are unaffected). Returns whether it was
    /// present.
    pub fn remove(&mut self, alias: &str) -> bool {
        self.map.remove(&normalize_vendor(alias)).is_some()
    }

    /// The canonical key of a vendor name: normalised, then mapped through
    /// the table.
    pub fn canonical_vendor(&self, name: &str) -> VendorKey {
        let key = normalize_vendor(name);
        match self.map.get(&key) {
            Some(root) => root.clone(),
            None => key,
        }
    }

    /// True when two vendor names meet (same canonical key).
    pub fn same_vendor(&self, a: &str, b: &str) -> bool {
        self.canonical_vendor(a) == self.canonical_vendor(b)
    }

    /// The entries `(alias, canonical)`, sorted.
    pub fn entries(&self) -> Vec<(&VendorKey, &VendorKey)> {
        let mut v: Vec<_> = self.map.iter().collect();
        v.sort();
        v
    }

    /// Number of alias entries.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when the table has no entry.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Reads the text form: one `alias ~ canonical` per line; blank lines
    /// and lines starting with `#` are skipped.
    pub fn parse(text: &str) -> Result<AliasTable, AliasError> {
        let mut t = AliasTable::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((alias, canonical)) = line.split_once('~') else {
                return Err(AliasError::MalformedLine {
                    line: i + 1,
                    text: raw.to_owned(),
                });
            };
            if !t.insert(alias.trim(), canonical.trim()) {
                return Err(AliasError::EmptyName { line: i + 1 });
            }
        }
        Ok(t)
    }

    fn resolve_key<'a>(&'a self, key: &'a VendorKey) -> &'a VendorKey {
        self.map.get(key).unwrap_or(key)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn key(s: &str) -> String {
        normalize_vendor(s).0
    }

    #[test]
    fn vendor_spellings_meet() {
        for s in [
            "Schneider Electric",
            "schneider-electric",
            "schneider_electric",
            "Schneider Electric Software, LLC",
            "SCHNEIDER ELECTRIC SE",
        ] {
            assert_eq!(key(s), "schneiderelectric", "{s}");
        }
        assert_eq!(key("Rockwell Automation "), "rockwellautomation");
        assert_eq!(key("rockwellautomation"), "rockwellautomation");
        assert_eq!(key("D-Link"), "dlink");
        assert_eq!(key("Johnson Controls, Inc."), "johnsoncontrols");
        assert_eq!(key("Johnson Controls Inc"), "johnsoncontrols");
        assert_eq!(key("Mitsubishi Electric Corporation"), "mitsubishielectric");
        assert_eq!(key("AVEVA Software, LLC"), "aveva");
        assert_eq!(key("3S-Smart Software Solutions GmbH"), "3ssmartsoftwaresolutions");
        assert_eq!(key("General Electric (GE)"), "generalelectric");
        assert_eq!(key("(GE)"), "ge");
        assert_eq!(key("Siemens AG"), "siemens");
        assert_eq!(key("AG"), "ag", "never drop the last word");
        assert_eq!(key(""), "");
    }

    #[test]
    fn product_spellings_meet() {
        assert_eq!(normalize_product("SIMATIC S7-1500").as_str(), "simatics71500");
        assert_eq!(normalize_product("simatic_s7-1500").as_str(), "simatics71500");
    }

    #[test]
    fn default_aliases() {
        let t = AliasTable::default();
        assert!(t.same_vendor("General Electric (GE)", "ge"));
        assert!(t.same_vendor("General Electric", "GE"));
        assert!(t.same_vendor("Rockwell Automation", "rockwellautomation"));
        assert!(t.same_vendor("Allen-Bradley", "Rockwell Automation, Inc."));
        assert!(t.same_vendor("D-Link Corporation", "dlink"));
        assert!(t.same_vendor("Schneider Electric Software, LLC", "schneider-electric"));
        assert!(t.same_vendor("Delta Electronics", "deltaww"));
        assert!(!t.same_vendor("Siemens", "ge"));
        assert_eq!(t.canonical_vendor("Cisco Systems, Inc.").as_str(), "cisco");
    }

    #[test]
    fn table_is_editable_and_merges_classes() {
        let mut t = AliasTable::new();
        assert!(t.insert("Acme Widgets", "acme"));
        assert!(t.insert("acme", "acme_corp_intl"));
        // Both names now resolve to the newest canonical key in one step.
        assert_eq!(t.canonical_vendor("Acme Widgets").as_str(), "acmecorpintl");
        assert_eq!(t.canonical_vendor("acme").as_str(), "acmecorpintl");
        // A cycle is absorbed, not followed forever.
        assert!(t.insert("acme_corp_intl", "Acme Widgets"));
        assert!(t.same_vendor("acme", "acme widgets"));
        assert!(t.remove("acme widgets"));
        assert!(!t.remove("never there"));
        assert!(!t.insert("...", "x"));
    }

    #[test]
    fn text_form() {
        let t = AliasTable::parse("# city aliases\n\nFoo Bar ~ foobarcorp\n  Baz~qux  \n").unwrap();
        assert_eq!(t.len(), 2);
        assert!(t.same_vendor("FOO-BAR", "foobarcorp"));
        assert_eq!(
            AliasTable::parse("ok ~ fine\nbroken line"),
            Err(AliasError::MalformedLine {
                line: 2,
                text: "broken line".into()
            })
        );
        assert_eq!(AliasTable::parse("() ~ x"), Err(AliasError::EmptyName { line: 1 }));
    }

    proptest! {
        #[test]
        fn normalisation_is_idempotent_and_total(s in any::<String>()) {
            let k = normalize_vendor(&s);
            prop_assert_eq!(normalize_vendor(k.as_str()).as_str().len() <= k.as_str().len(), true);
            prop_assert!(k.as_str().chars().all(char::is_alphanumeric));
            let p = normalize_product(&s);
            prop_assert_eq!(normalize_product(p.as_str()), p);
        }

        #[test]
        fn separators_and_case_do_not_matter(words in proptest::collection::vec("[a-z]{2,8}", 1..4),
                                             sep in prop_oneof![Just(" "), Just("-"), Just("_")]) {
            let a = words.join(" ");
            let b = words.join(sep).to_uppercase();
            prop_assert_eq!(normalize_vendor(&a), normalize_vendor(&b));
        }
    }
}
