//! CPE name matching (NISTIR 7696 §6): attribute comparison and name
//! comparison.
//!
//! NISTIR 7696 §6.1: "the source and target attribute values are compared
//! ... the result is one of the set relations SUPERSET, SUBSET, EQUAL,
//! DISJOINT", or UNDEFINED "if the target contains unquoted wildcards". The
//! functions follow the pseudo-code of §6.1.2 (`compare`, Figure 6-2) and
//! §6.1.3 (`compare_strings`, Figure 6-3), with the deviations listed on
//! [`compare_attribute`].

use super::{Attribute, Component, Cpe, Value, Wildcard};

/// The relation of a source attribute value to a target value
/// (NISTIR 7696 §6.1, Table 6-1 and 6-2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relation {
    /// The source denotes a strict superset of the target (e.g. ANY vs `x`,
    /// `foo*` vs `foobar`).
    Superset,
    /// The source denotes a strict subset of the target (`x` vs ANY).
    Subset,
    /// Both denote the same set.
    Equal,
    /// The sets do not intersect.
    Disjoint,
    /// "the target contains unquoted special characters: undefined"
    /// (NISTIR 7696 §6.1.2).
    Undefined,
}

impl Relation {
    /// SUPERSET or EQUAL: the source covers the target.
    pub fn is_superset_or_equal(self) -> bool {
        matches!(self, Relation::Superset | Relation::Equal)
    }

    /// SUBSET or EQUAL.
    pub fn is_subset_or_equal(self) -> bool {
        matches!(self, Relation::Subset | Relation::Equal)
    }
}

/// NISTIR 7696 §6.1.2 `compare(source, target)`.
///
/// In the pseudo-code order: string values are compared case-insensitively
/// ("lowercase string values"); a target with unquoted wildcards gives
/// UNDEFINED; equal values give EQUAL; a source ANY gives SUPERSET; a target
/// ANY gives SUBSET; an NA on either side gives DISJOINT; two strings go to
/// `compare_strings`.
///
/// `compare_strings` (§6.1.3, Figure 6-3) is evaluated on *logical*
/// characters (quoting removed), so the pseudo-code's escape bookkeeping
/// (`count_escapes`) becomes exact positions. Two places need a reading of
/// the pseudo-code, both documented here and tested:
///
/// 1. `leftover := strlen(target) - index - escapes - strlen(source)` with
///    `escapes := count_escapes(target, index+1, strlen(target))` subtracts
///    the escapes *inside* the matched region twice, so the literal
///    pseudo-code finds source `12\.2\(18\)` a superset of target
///    `12\.2\(18\)se`. We count only the characters after the match, which
///    is what `leftover` is meant to be ("characters left over").
/// 2. A source made only of `?` (e.g. `???`): the leading loop consumes all
///    of them and the trailing loop would consume them again, making
///    `substr(source, start, end)` undefined (start > end). The trailing loop
///    stops at `start`, so `???` matches targets of at most three
///    characters.
pub fn compare_attribute(source: &Component, target: &Component) -> Relation {
    if let Component::Value(t) = target
        && t.has_wildcards()
    {
        return Relation::Undefined;
    }
    match (source, target) {
        (Component::Any, Component::Any) | (Component::Na, Component::Na) => Relation::Equal,
        (Component::Value(s), Component::Value(t)) if !s.has_wildcards() && eq_fold(s.text(), t.text()) => {
            Relation::Equal
        }
        (Component::Any, _) => Relation::Superset,
        (_, Component::Any) => Relation::Subset,
        (Component::Na, _) | (_, Component::Na) => Relation::Disjoint,
        (Component::Value(s), Component::Value(t)) => compare_strings(s, t),
    }
}

/// ASCII case-insensitive equality with a byte-equality fast path (CPE data
/// is almost always lowercase already).
#[inline]
fn eq_fold(a: &str, b: &str) -> bool {
    a.len() == b.len() && (a == b || a.eq_ignore_ascii_case(b))
}

/// NISTIR 7696 §6.1.3 `compare_strings` on logical characters; `target`
/// has no wildcards.
fn compare_strings(source: &Value, target: &Value) -> Relation {
    // `begins`: how many target characters may precede the match (-1 = any).
    let begins: Option<usize> = match source.leading() {
        Wildcard::Star => None,
        Wildcard::Questions(n) => Some(n as usize),
        Wildcard::None => Some(0),
    };
    // `ends`: how many may follow it.
    let ends: Option<usize> = match source.trailing() {
        Wildcard::Star => None,
        Wildcard::Questions(n) => Some(n as usize),
        Wildcard::None => Some(0),
    };
    let body = source.text().as_bytes();
    let t = target.text().as_bytes();
    let mut from = 0usize;
    // `while (leftover > 0)`: leftover starts as strlen(target) and is
    // positive whenever the loop continues.
    if t.is_empty() {
        return Relation::Disjoint;
    }
    while let Some(index) = find_ignore_case(t, body, from) {
        if index > 0 && begins.is_some_and(|b| b < index) {
            break;
        }
        let leftover = t.len() - index - body.len();
        if leftover > 0 && ends.is_some_and(|e| leftover > e) {
            from = index + 1;
            continue;
        }
        return Relation::Superset;
    }
    Relation::Disjoint
}

/// `strpos(haystack, needle, from)`, ASCII case-insensitive.
fn find_ignore_case(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.len() > haystack.len() {
        return None;
    }
    let last = haystack.len() - needle.len();
    (from..=last).find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// The eleven attribute relations of a source name to a target name
/// (NISTIR 7696 §6.2 `compare_wfns`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NameComparison {
    /// Relation per attribute, in WFN order.
    pub relations: [Relation; 11],
}

/// The name-level relation derived from the attribute relations
/// (NISTIR 7696 §6.2, Table 6-4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameRelation {
    /// Every attribute EQUAL (`cpe_equal`).
    Equal,
    /// Every attribute SUPERSET or EQUAL, not all EQUAL (`cpe_superset`).
    Superset,
    /// Every attribute SUBSET or EQUAL, not all EQUAL (`cpe_subset`).
    Subset,
    /// Some attribute DISJOINT (`cpe_disjoint`).
    Disjoint,
    /// None of the above: mixed SUPERSET and SUBSET, or an UNDEFINED
    /// attribute without a DISJOINT one.
    Undefined,
}

impl NameComparison {
    /// The relation of one attribute.
    pub fn get(&self, attribute: Attribute) -> Relation {
        self.relations[attribute.index()]
    }

    /// `cpe_disjoint`: "if any pairwise attribute comparison returned
    /// DISJOINT then the names are disjoint".
    pub fn is_disjoint(&self) -> bool {
        self.relations.contains(&Relation::Disjoint)
    }

    /// `cpe_equal`: every attribute EQUAL.
    pub fn is_equal(&self) -> bool {
        self.relations.iter().all(|r| *r == Relation::Equal)
    }

    /// `cpe_subset`: every attribute SUBSET or EQUAL (non-proper subset).
    pub fn is_subset(&self) -> bool {
        self.relations.iter().all(|r| r.is_subset_or_equal())
    }

    /// `cpe_superset`: every attribute SUPERSET or EQUAL (non-proper
    /// superset). This is the "source matches target" test.
    pub fn is_superset(&self) -> bool {
        self.relations.iter().all(|r| r.is_superset_or_equal())
    }

    /// One name-level relation, checked in the order disjoint, equal,
    /// superset, subset.
    pub fn relation(&self) -> NameRelation {
        if self.is_disjoint() {
            NameRelation::Disjoint
        } else if self.is_equal() {
            NameRelation::Equal
        } else if self.is_superset() {
            NameRelation::Superset
        } else if self.is_subset() {
            NameRelation::Subset
        } else {
            NameRelation::Undefined
        }
    }
}

pub(crate) fn compare_wfns(source: &Cpe, target: &Cpe) -> NameComparison {
    let s = source.components();
    let t = target.components();
    NameComparison {
        relations: std::array::from_fn(|i| compare_attribute(&s[i], &t[i])),
    }
}

/// Attribute order for the early-exit superset test: the most
/// discriminating attributes first.
const SUPERSET_ORDER: [usize; 11] = [2, 1, 0, 3, 4, 5, 6, 7, 8, 9, 10];

pub(crate) fn is_superset(source: &Cpe, target: &Cpe) -> bool {
    // An ANY source attribute covers the target unless the target value has
    // wildcards (UNDEFINED).
    if source.any_mask() & target.wild_mask() != 0 {
        return false;
    }
    let s = source.components();
    let t = target.components();
    SUPERSET_ORDER
        .iter()
        .all(|&i| source.any_mask() & (1 << i) != 0 || compare_attribute(&s[i], &t[i]).is_superset_or_equal())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cpe::wfn;

    fn v(s: &str) -> Component {
        Component::from_wfn_value(s).unwrap()
    }

    fn check(source: &Component, target: &Component, expected: Relation) {
        assert_eq!(compare_attribute(source, target), expected, "{source:?} vs {target:?}");
    }

    /// NISTIR 7696 §6.1 Table 6-2, the enumeration of attribute comparison
    /// set relations: each combination of ANY, NA, a string `i`, a string
    /// with wildcards `m*` and another string `k`.
    #[test]
    fn nistir_7696_table_6_2() {
        use Component::{Any, Na};
        use Relation::*;
        check(&Any, &Any, Equal);
        check(&Any, &Na, Superset);
        check(&Any, &v("i"), Superset);
        check(&Any, &v("m*"), Undefined);
        check(&Na, &Any, Subset);
        check(&Na, &Na, Equal);
        check(&Na, &v("i"), Disjoint);
        check(&Na, &v("m*"), Undefined);
        check(&v("i"), &Any, Subset);
        check(&v("i"), &Na, Disjoint);
        check(&v("i"), &v("i"), Equal);
        check(&v("i"), &v("k"), Disjoint);
        check(&v("m*"), &v("m*"), Undefined);
        check(&v("m*"), &v("mo"), Superset);
        check(&v("m*"), &v("x"), Disjoint);
        check(&v("i"), &v("m*"), Undefined);
        check(&v("m*"), &Any, Subset);
        check(&v("m*"), &Na, Disjoint);
    }

    fn name(s: &str) -> Cpe {
        Cpe::parse(s).unwrap()
    }

    /// NISTIR 7696 §6.2 name comparison examples (the four worked examples,
    /// as also reproduced by the MITRE reference implementation).
    #[test]
    fn nistir_7696_name_examples() {
        // Example 1: source is a SUPERSET of the target only in version.
        let s = name(
            r#"wfn:[part="a",vendor="microsoft",product="internet_explorer",version="8\.0\.6001",update="beta",edition=ANY]"#,
        );
        let t = name(r#"wfn:[part="a",vendor="microsoft",product="internet_explorer",version=ANY,update="beta"]"#);
        let r = s.compare(&t);
        assert_eq!(r.get(Attribute::Version), Relation::Subset);
        assert_eq!(r.relation(), NameRelation::Subset);
        // Example 2: source version 9.* and edition PalmOS vs target reader 9.3.2 with NA update/edition.
        let s = name(r#"wfn:[part="a",vendor="adobe",product=ANY,version="9\.*",update=ANY,edition="PalmOS"]"#);
        let t = name(r#"wfn:[part="a",vendor=ANY,product="reader",version="9\.3\.2",update=NA,edition=NA]"#);
        let r = s.compare(&t);
        assert_eq!(r.get(Attribute::Version), Relation::Superset);
        assert_eq!(r.get(Attribute::Edition), Relation::Disjoint);
        assert_eq!(r.relation(), NameRelation::Disjoint);
        // Example 3: 9.* vs 8.3.2.
        let s = name(r#"wfn:[part="a",vendor="adobe",product="reader",version="9\.*",update=NA,edition=NA]"#);
        let t = name(r#"wfn:[part="a",vendor="adobe",product="reader",version="8\.3\.2",update=NA,edition=NA]"#);
        assert!(s.compare(&t).is_disjoint());
        // Example 4: windows_? / home* / x64 vs windows_7 / home_basic / x32.
        let s = name(
            r#"wfn:[part="o",vendor="microsoft",product="windows_?",version=ANY,sw_edition="home*",target_sw=NA,target_hw="x64",other=NA,language="en\-us"]"#,
        );
        let t = name(
            r#"wfn:[part="o",vendor="microsoft",product="windows_7",version="6\.1",update="sp1",sw_edition="home_basic",target_sw=NA,target_hw="x32",other=ANY,language="en\-us"]"#,
        );
        let r = s.compare(&t);
        assert_eq!(r.get(Attribute::Product), Relation::Superset);
        assert_eq!(r.get(Attribute::SwEdition), Relation::Superset);
        assert_eq!(r.get(Attribute::TargetHw), Relation::Disjoint);
        assert_eq!(r.get(Attribute::Other), Relation::Subset);
        assert!(r.is_disjoint());
    }

    #[test]
    fn question_mark_semantics() {
        use Relation::*;
        check(&v("?icrosoft"), &v("microsoft"), Superset);
        check(&v("?crosoft"), &v("microsoft"), Disjoint);
        check(&v("??icrosoft"), &v(r"\!\#icrosoft"), Superset);
        check(&v("microso??"), &v(r"microso\!\#"), Superset);
        check(&v("microso??"), &v(r"microso\!\#ft"), Disjoint);
        check(&v("?"), &v("a"), Superset);
        check(&v("?"), &v("ab"), Disjoint);
        check(&v("???"), &v("ab"), Superset);
        check(&v("?*"), &v("ab"), Superset);
        // A run of ? matches *up to* that many characters (begins/ends are
        // upper bounds in the pseudo-code).
        check(&v("??icrosoft"), &v("microsoft"), Superset);
        check(&v("*soft"), &v("microsoft"), Superset);
        check(&v("*dows*"), &v("windows_7"), Superset);
        check(&v("3"), &v(r"33\.0\.1750\.126"), Disjoint);
    }

    #[test]
    fn matching_is_case_insensitive() {
        check(&v("Microsoft"), &v("microSOFT"), Relation::Equal);
        check(&v("WIN*"), &v("windows"), Relation::Superset);
    }

    /// Deviation 1 on `compare_attribute`: escapes inside the match are not
    /// subtracted twice.
    #[test]
    fn escaped_literal_does_not_cover_longer_target() {
        check(&v(r"12\.2\(18\)"), &v(r"12\.2\(18\)se"), Relation::Disjoint);
        check(&v(r"a\!b"), &v(r"a\!b\!"), Relation::Disjoint);
        check(&v(r"foo?"), &v(r"foo\!"), Relation::Superset);
    }

    #[test]
    fn superset_fast_path_agrees_with_compare() {
        let pairs = [
            (
                "cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*",
                "cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*",
            ),
            (
                "cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*",
                "cpe:2.3:a:apache:log4j:2.*:*:*:*:*:*:*:*",
            ),
            (
                "cpe:2.3:o:cisco:ios:12.2\\(18\\):*:*:*:*:*:*:*",
                "cpe:2.3:o:cisco:ios:12.2\\(18\\)se:*:*:*:*:*:*:*",
            ),
            ("cpe:2.3:*:*:*:*:*:*:*:*:*:*:*", "cpe:2.3:h:siemens:s7:-:*:*:*:*:*:*:*"),
            (
                "cpe:2.3:o:siemens:*:*:*:*:*:*:*:*:*",
                "cpe:2.3:h:siemens:s7:-:*:*:*:*:*:*:*",
            ),
        ];
        for (s, t) in pairs {
            let (s, t) = (name(s), name(t));
            assert_eq!(s.is_superset_of(&t), s.compare(&t).is_superset(), "{s} vs {t}");
        }
        assert!(name(pairs[0].0).is_superset_of(&name(pairs[0].1)));
        assert!(!name(pairs[1].0).is_superset_of(&name(pairs[1].1)));
        let _ = wfn::bind(&Cpe::any());
    }
}
