//! Feed records → [`rampart_core::matching`] rules.
//!
//! - NVD configurations: criteria strings parsed into
//!   [`rampart_core::applicability`] configurations. An empty version
//!   bound beside a real one is ignored (reported). A criterion that does
//!   not parse (or whose only bounds are empty) is reported and made to match
//!   nothing: it is replaced by an empty node, which fails an AND and adds
//!   nothing to an OR. Under a negated node that would turn "not on X" into
//!   "always", so there the whole configuration is dropped instead (and
//!   reported).
//! - CVE 5 `affected[]` entries and CSAF product status become
//!   [`ProductRule`]s. CVE 5 ranges (`version` + `lessThan`/
//!   `lessThanOrEqual`, `*` and `5.10.*` limits, `changes`) map directly;
//!   `versionType: git` entries are skipped (commit ids cannot be compared
//!   with release versions). Free-text ranges — CISA's `vers:all/<V3.2.16`,
//!   `<= 2.0.00`, `>= 8.3.0 | <= 8.4.2`, `All versions < V1.04.01`,
//!   `CP31 | CP33`, `7.2.x` — are read by [`read_versions`]; what cannot be
//!   read becomes [`VersionSel::Unreadable`] (an undetermined statement).
//! - [`csaf_rules`] reads an advisory directly and keeps what the neutral
//!   record flattens: `first_affected` (that version and later),
//!   `last_affected` (that version and earlier) and `first_fixed` (that
//!   version and later, fixed).

use std::fmt;

use rampart_core::applicability::{self, CpeMatch};
use rampart_core::cpe::{Component, Cpe};
use rampart_core::matching::{
    Bound, PrefixBound, ProductRule, ProductSource, Status, VersionEntry, VersionSel, VulnRule,
};
use rampart_core::purl::{Purl, VersRange};
use rampart_core::version::Version;

use super::{
    AffectedProduct, AffectedVersion, ApplicabilityRecord, ConfigNode, Configuration, CpeMatchRaw, Operator,
    ProblemLevel, RecordLocator, RecordProblem, VersionStatus, VulnRecord,
};
use crate::csaf::{CsafAdvisory, CsafProduct};

/// Something in a record that could not be turned into matching data: the
/// record, where, the text and why. The rest of the record is converted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConversionProblem {
    /// The record (CVE id or advisory id).
    pub record: String,
    /// Path inside the record (`configurations[0].nodes[1].cpe_match[3]`,
    /// `affected[2].cpes[0]`, `product_tree/CSAFPID-0001`).
    pub path: String,
    /// The text that could not be used.
    pub text: String,
    /// Why, and what was done instead.
    pub reason: String,
}

impl fmt::Display for ConversionProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {}: {:?}: {}", self.record, self.path, self.text, self.reason)
    }
}

impl ConversionProblem {
    /// The problem as a feed [`RecordProblem`] (a warning: the record is
    /// kept).
    pub fn to_record_problem(&self, file: &str) -> RecordProblem {
        RecordProblem {
            file: file.to_owned(),
            record: RecordLocator::Id(self.record.clone()),
            path: Some(self.path.clone()),
            level: ProblemLevel::Warning,
            message: format!("{:?}: {}", self.text, self.reason),
        }
    }
}

/// The rule of one record: its configurations and its `affected` entries.
/// Problems are appended to `problems`.
pub fn vuln_rule(record: &VulnRecord, problems: &mut Vec<ConversionProblem>) -> VulnRule {
    applicability_rule(record.id.as_str(), &record.configurations, &record.affected, problems)
}

/// The rule of a record read as an [`ApplicabilityRecord`] (the same as
/// [`vuln_rule`] of the whole record).
pub fn applicability_rule_of(record: &ApplicabilityRecord, problems: &mut Vec<ConversionProblem>) -> VulnRule {
    applicability_rule(record.id.as_str(), &record.configurations, &record.affected, problems)
}

fn applicability_rule(
    id: &str,
    configs: &[Configuration],
    affected: &[AffectedProduct],
    problems: &mut Vec<ConversionProblem>,
) -> VulnRule {
    let mut rule = VulnRule::new(id);
    rule.configurations = configurations(id, configs, problems);
    rule.products = affected
        .iter()
        .enumerate()
        .map(|(i, a)| product_rule(id, i, a, problems))
        .collect();
    rule
}

/// NVD configurations → core configurations (see the module documentation
/// for unparseable criteria).
pub fn configurations(
    record: &str,
    configs: &[Configuration],
    problems: &mut Vec<ConversionProblem>,
) -> Vec<applicability::Configuration> {
    let mut out = Vec::with_capacity(configs.len());
    for (i, c) in configs.iter().enumerate() {
        let mut ctx = NodeCtx {
            record,
            problems,
            drop: false,
        };
        let nodes: Vec<applicability::Node> = c
            .nodes
            .iter()
            .enumerate()
            .map(|(j, n)| node(n, &format!("configurations[{i}].nodes[{j}]"), c.negate, &mut ctx))
            .collect();
        if ctx.drop {
            ctx.problems.push(ConversionProblem {
                record: record.to_owned(),
                path: format!("configurations[{i}]"),
                text: String::new(),
                reason: "configuration dropped: an unusable criterion sits under a negated node".to_owned(),
            });
            continue;
        }
        out.push(applicability::Configuration {
            operator: op(c.operator.unwrap_or(Operator::Or)),
            negate: c.negate,
            nodes,
        });
    }
    out
}

struct NodeCtx<'a> {
    record: &'a str,
    problems: &'a mut Vec<ConversionProblem>,
    drop: bool,
}

fn op(o: Operator) -> applicability::Operator {
    match o {
        Operator::And => applicability::Operator::And,
        Operator::Or => applicability::Operator::Or,
    }
}

fn node(n: &ConfigNode, path: &str, negated: bool, ctx: &mut NodeCtx<'_>) -> applicability::Node {
    let negated = negated || n.negate;
    let mut matches = Vec::with_capacity(n.cpe_match.len());
    let mut children: Vec<applicability::Node> = n
        .children
        .iter()
        .enumerate()
        .map(|(k, c)| node(c, &format!("{path}.children[{k}]"), negated, ctx))
        .collect();
    let mut notes = Vec::new();
    for (k, m) in n.cpe_match.iter().enumerate() {
        let parsed = cpe_match(m, &mut notes);
        for note in notes.drain(..) {
            ctx.problems.push(ConversionProblem {
                record: ctx.record.to_owned(),
                path: format!("{path}.cpe_match[{k}]"),
                text: m.criteria.clone(),
                reason: note,
            });
        }
        match parsed {
            Ok(m) => matches.push(m),
            Err(reason) => {
                ctx.problems.push(ConversionProblem {
                    record: ctx.record.to_owned(),
                    path: format!("{path}.cpe_match[{k}]"),
                    text: m.criteria.clone(),
                    reason: format!("{reason}; the criterion matches nothing"),
                });
                if negated {
                    ctx.drop = true;
                }
                // An empty node matches nothing.
                children.push(applicability::Node::new(applicability::Operator::Or, Vec::new()));
            }
        }
    }
    applicability::Node {
        operator: op(n.operator),
        negate: n.negate,
        children,
        matches,
    }
}

/// One NVD criterion: the CPE parsed, the version bounds read. An empty
/// bound is ignored when another bound remains (NVD writes
/// `versionStartIncluding: ""` before a real `versionEndExcluding`), with a
/// note in `notes`; fails on an unparseable CPE or when every bound given is
/// empty (the criterion would otherwise match every version).
pub fn cpe_match(raw: &CpeMatchRaw, notes: &mut Vec<String>) -> Result<CpeMatch, String> {
    let criteria = Cpe::parse(&raw.criteria).map_err(|e| format!("invalid CPE: {e}"))?;
    let bounds = [
        ("versionStartIncluding", &raw.version_start_including),
        ("versionStartExcluding", &raw.version_start_excluding),
        ("versionEndIncluding", &raw.version_end_including),
        ("versionEndExcluding", &raw.version_end_excluding),
    ];
    let given = bounds.iter().filter(|(_, v)| v.is_some()).count();
    let empty: Vec<&str> = bounds
        .iter()
        .filter(|(_, v)| v.as_deref().is_some_and(|s| s.trim().is_empty()))
        .map(|(n, _)| *n)
        .collect();
    if !empty.is_empty() && empty.len() == given {
        return Err(format!("empty {}", empty.join(" and ")));
    }
    for n in &empty {
        notes.push(format!("empty {n} ignored"));
    }
    let bound = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(Version::parse)
    };
    Ok(CpeMatch {
        version_start_including: bound(&raw.version_start_including),
        version_start_excluding: bound(&raw.version_start_excluding),
        version_end_including: bound(&raw.version_end_including),
        version_end_excluding: bound(&raw.version_end_excluding),
        match_criteria_id: raw.match_criteria_id.clone(),
        vulnerable: raw.vulnerable,
        criteria,
    })
}

/// The core status of a feed status.
pub fn status(s: VersionStatus) -> Status {
    match s {
        VersionStatus::Affected => Status::Affected,
        VersionStatus::Unaffected => Status::NotAffected,
        VersionStatus::Fixed => Status::Fixed,
        VersionStatus::Recommended => Status::Recommended,
        VersionStatus::UnderInvestigation => Status::UnderInvestigation,
        VersionStatus::Unknown => Status::Unknown,
    }
}

/// A CVE 5 (or CSAF-derived) `affected` entry → a product statement.
/// `index` is the entry's position in the record's `affected` list.
pub fn product_rule(
    record: &str,
    index: usize,
    a: &AffectedProduct,
    problems: &mut Vec<ConversionProblem>,
) -> ProductRule {
    let path = format!("affected[{index}]");
    let source = match &a.product_id {
        Some(id) => ProductSource::Csaf {
            document: None,
            product_id: id.clone(),
        },
        None => ProductSource::Cve5 {
            provider: a.source.clone(),
            index,
        },
    };
    let mut rule = ProductRule {
        source: Some(source),
        vendor: a.vendor.clone(),
        product: a.product.clone().or_else(|| a.package_name.clone()),
        default_status: a.default_status.map(status),
        ..ProductRule::default()
    };
    for (j, c) in a.cpes.iter().enumerate() {
        match Cpe::parse(c) {
            Ok(cpe) => rule.cpes.push(cpe),
            Err(e) => problems.push(problem(
                record,
                format!("{path}.cpes[{j}]"),
                c,
                format!("invalid CPE: {e}; ignored"),
            )),
        }
    }
    for (j, p) in a.purls.iter().enumerate() {
        match Purl::parse(p) {
            Ok(purl) => rule.purls.push(purl),
            Err(e) => problems.push(problem(
                record,
                format!("{path}.purls[{j}]"),
                p,
                format!("{e}; ignored"),
            )),
        }
    }
    for (j, v) in a.versions.iter().enumerate() {
        entries(
            record,
            &format!("{path}.versions[{j}]"),
            v,
            &mut rule.versions,
            problems,
        );
    }
    rule
}

fn problem(record: &str, path: String, text: &str, reason: String) -> ConversionProblem {
    ConversionProblem {
        record: record.to_owned(),
        path,
        text: text.to_owned(),
        reason,
    }
}

/// Words meaning "every version" or "no version named" as a range start.
fn is_open_start(s: &str) -> bool {
    matches!(
        s.trim().to_ascii_lowercase().as_str(),
        "" | "0" | "*" | "-" | "n/a" | "na" | "unspecified" | "unknown" | "all"
    )
}

fn is_every_version(s: &str) -> bool {
    matches!(
        s.trim().to_ascii_lowercase().as_str(),
        "*" | "n/a" | "unspecified" | "all" | "all versions" | "any" | "any version"
    )
}

/// A CVE 5 `lessThan`/`lessThanOrEqual` limit: `*` is none, `5.10.*` a
/// prefix; `None` inside `Some` means unbounded.
fn upper(s: &str, inclusive: bool) -> Option<Option<Bound>> {
    let t = s.trim();
    if t == "*" {
        return Some(None);
    }
    if let Some(prefix) = t
        .strip_suffix(".*")
        .or_else(|| t.strip_suffix(".x"))
        .or_else(|| t.strip_suffix(".X"))
    {
        return Some(Some(Bound::Prefix(PrefixBound::new(prefix))));
    }
    if !readable_version(t) {
        return None;
    }
    let v = Version::parse(t);
    Some(Some(if inclusive {
        Bound::Including(v)
    } else {
        Bound::Excluding(v)
    }))
}

fn entries(
    record: &str,
    path: &str,
    v: &AffectedVersion,
    out: &mut Vec<VersionEntry>,
    problems: &mut Vec<ConversionProblem>,
) {
    if v.version_type.as_deref().is_some_and(|t| t.eq_ignore_ascii_case("git")) {
        return;
    }
    let st = status(v.status);
    let changes: Vec<(Version, Status)> = v
        .changes
        .iter()
        .map(|c| (Version::parse(&c.at), status(c.status)))
        .collect();
    let push = |out: &mut Vec<VersionEntry>, sel: VersionSel| {
        out.push(VersionEntry::with_changes(sel, st, changes.clone()));
    };
    let mut note_unreadable = |sel: &VersionSel, text: &str| {
        if let VersionSel::Unreadable(_) = sel {
            problems.push(problem(
                record,
                path.to_owned(),
                text,
                "version range not machine-readable; statement undetermined".to_owned(),
            ));
        }
    };
    if let Some(range) = &v.range {
        for sel in read_versions(range) {
            note_unreadable(&sel, range);
            push(out, sel);
        }
        return;
    }
    let limit = v
        .less_than
        .as_deref()
        .map(|l| (l, false))
        .or(v.less_than_or_equal.as_deref().map(|l| (l, true)));
    if let Some((limit, inclusive)) = limit {
        let start = match v.version.as_deref() {
            // `5.1.x` as a start: the line's first version.
            Some(s) if !is_open_start(s) => {
                let s = s
                    .trim()
                    .strip_suffix(".x")
                    .or_else(|| s.trim().strip_suffix(".X"))
                    .or_else(|| s.trim().strip_suffix(".*"))
                    .unwrap_or(s);
                if !readable_version(s) {
                    let sel = VersionSel::Unreadable(format!("{s} .. {limit}"));
                    note_unreadable(&sel, s);
                    push(out, sel);
                    return;
                }
                Some(Bound::Including(Version::parse(s.trim())))
            }
            _ => None,
        };
        let sel = match upper(limit, inclusive) {
            Some(end) => VersionSel::Range { start, end },
            None => VersionSel::Unreadable(format!("{} .. {limit}", v.version.as_deref().unwrap_or(""))),
        };
        note_unreadable(&sel, limit);
        push(out, sel);
        return;
    }
    match v.version.as_deref() {
        Some(text) => {
            for sel in read_versions(text) {
                note_unreadable(&sel, text);
                push(out, sel);
            }
        }
        None => push(out, VersionSel::All),
    }
}

/// Words that may appear in a version (`V14 SP1 Update 14`, `V4.4 HF26`).
const VERSION_WORDS: &[&str] = &[
    "update", "upd", "build", "patch", "beta", "alpha", "release", "service", "pack", "hotfix", "fix", "rev",
    "revision", "version", "firmware", "preview",
];

/// Whether free text can be read as a version: it has a digit and no long
/// word outside [`VERSION_WORDS`] (so `the_first_5_digits_of_serial_number`
/// and `april 1, 2018` are not).
fn readable_version(s: &str) -> bool {
    if !s.bytes().any(|b| b.is_ascii_digit()) || s.contains(['<', '>', ',']) {
        return false;
    }
    s.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 4)
        .all(|w| VERSION_WORDS.contains(&w.to_ascii_lowercase().as_str()))
}

/// Reads a free-text version or range as CSAF and CVE 5 data write it.
/// Several selectors come back for a `|`-separated list of versions.
pub fn read_versions(text: &str) -> Vec<VersionSel> {
    let t = text.trim();
    if t.is_empty() {
        return vec![VersionSel::Unreadable(String::new())];
    }
    if t.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("vers:")) {
        return vec![read_vers(t)];
    }
    let rest = strip_all_versions(t);
    let Some(rest) = rest else {
        return vec![VersionSel::All];
    };
    if is_every_version(rest) {
        return vec![VersionSel::All];
    }
    // `11.0.0 - 11.2.6`: an inclusive range written with a spaced hyphen.
    if let Some((a, b)) = rest.split_once(" - ")
        && readable_version(a)
        && readable_version(b)
        && !a.contains('|')
        && !b.contains('|')
    {
        return vec![VersionSel::Range {
            start: Some(Bound::Including(Version::parse(a.trim()))),
            end: Some(Bound::Including(Version::parse(b.trim()))),
        }];
    }
    let mut parts: Vec<&str> = rest.split('|').map(str::trim).filter(|p| !p.is_empty()).collect();
    // `22.1R1-S2, 22.1R2`: a comma-separated list of versions.
    if let [one] = parts[..]
        && one.contains(',')
    {
        let items: Vec<&str> = one.split(',').map(str::trim).filter(|p| !p.is_empty()).collect();
        if items.iter().all(|i| readable_version(i)) {
            parts = items;
        }
    }
    if parts.is_empty() {
        return vec![VersionSel::Unreadable(t.to_owned())];
    }
    let with_comparator = parts.iter().filter(|p| comparator(p).is_some()).count();
    if with_comparator == parts.len() {
        return vec![read_constraints(&parts).unwrap_or_else(|| VersionSel::Unreadable(t.to_owned()))];
    }
    if with_comparator > 0 {
        return vec![VersionSel::Unreadable(t.to_owned())];
    }
    parts
        .into_iter()
        .map(|p| {
            if is_every_version(p) {
                VersionSel::All
            } else if let Some(prefix) = p
                .strip_suffix(".x")
                .or_else(|| p.strip_suffix(".X"))
                .or_else(|| p.strip_suffix(".*"))
                && readable_version(prefix)
            {
                VersionSel::Range {
                    start: Some(Bound::Including(Version::parse(prefix))),
                    end: Some(Bound::Prefix(PrefixBound::new(prefix))),
                }
            } else if let Some(sel) = read_phrase(p) {
                sel
            } else if has_range_words(p) {
                VersionSel::Unreadable(p.to_owned())
            } else {
                // A label (`R16A`, `Snapdragon 680`): compared as a version,
                // it selects exactly that label.
                VersionSel::Exact(Version::parse(p))
            }
        })
        .collect()
}

/// Words that make a text a range rather than a version label.
const RANGE_WORDS: &[&str] = &[
    "prior", "earlier", "later", "before", "after", "newer", "older", "through", "until", "below", "above", "lower",
    "higher",
];

fn has_range_words(p: &str) -> bool {
    p.contains(['<', '>'])
        || p.split(|c: char| !c.is_ascii_alphabetic())
            .any(|w| RANGE_WORDS.contains(&w.to_ascii_lowercase().as_str()))
}

/// `1.042 and prior`, `v1.13 and earlier`, `versions 33 and prior`, `3.0
/// or later`: an open range.
fn read_phrase(p: &str) -> Option<VersionSel> {
    const DOWN: &[&str] = &[
        " and prior",
        " or prior",
        " and earlier",
        " or earlier",
        " and before",
        " and below",
        " or below",
        " and lower",
        " or lower",
        " and older",
        " or older",
    ];
    const UP: &[&str] = &[
        " and later",
        " or later",
        " and newer",
        " or newer",
        " and above",
        " or above",
        " and higher",
        " or higher",
        " and after",
    ];
    let lower = p.to_ascii_lowercase();
    let (cut, up) = DOWN
        .iter()
        .map(|s| (s, false))
        .chain(UP.iter().map(|s| (s, true)))
        .find_map(|(suffix, up)| lower.strip_suffix(suffix).map(|head| (head.len(), up)))?;
    let mut v = p.get(..cut)?.trim();
    for prefix in ["versions ", "version "] {
        if v.len() > prefix.len() && v.get(..prefix.len()).is_some_and(|h| h.eq_ignore_ascii_case(prefix)) {
            v = v[prefix.len()..].trim();
        }
    }
    if !readable_version(v) {
        return None;
    }
    let bound = Some(Bound::Including(Version::parse(v)));
    Some(if up {
        VersionSel::Range {
            start: bound,
            end: None,
        }
    } else {
        VersionSel::Range {
            start: None,
            end: bound,
        }
    })
}

/// Strips `All versions`, `All BIOS versions`, ...: `None` when nothing is
/// left (every version), else the rest.
fn strip_all_versions(t: &str) -> Option<&str> {
    let lower = t.to_ascii_lowercase();
    if !lower.starts_with("all") {
        return Some(t);
    }
    let words: Vec<&str> = lower.split_whitespace().take(4).collect();
    let Some(k) = words.iter().position(|w| *w == "versions" || *w == "version") else {
        return Some(t);
    };
    // Byte offset just after the k-th word.
    let mut offset = 0;
    for (i, w) in lower.split_whitespace().enumerate() {
        let at = lower[offset..].find(w).map_or(offset, |p| offset + p);
        offset = at + w.len();
        if i == k {
            break;
        }
    }
    let rest = t.get(offset..).unwrap_or("").trim();
    if rest.is_empty() { None } else { Some(rest) }
}

fn comparator(p: &str) -> Option<(&'static str, &str)> {
    ["<=", ">=", "<", ">", "=", "≤", "≥"]
        .iter()
        .find_map(|c| p.strip_prefix(c).map(|rest| (*c, rest.trim())))
}

/// `<= 2.0`, `>= 8.3.0 | <= 8.4.2`: one range (or one exact version).
fn read_constraints(parts: &[&str]) -> Option<VersionSel> {
    let mut start = None;
    let mut end = None;
    let mut exact = None;
    for p in parts {
        let (c, v) = comparator(p)?;
        let bound = if let Some(prefix) = v
            .strip_suffix(".x")
            .or_else(|| v.strip_suffix(".X"))
            .or_else(|| v.strip_suffix(".*"))
        {
            if !readable_version(prefix) {
                return None;
            }
            Bound::Prefix(PrefixBound::new(prefix))
        } else {
            if !readable_version(v) {
                return None;
            }
            let version = Version::parse(v);
            match c {
                "<=" | "≤" | ">=" | "≥" => Bound::Including(version),
                "=" => {
                    exact = Some(version);
                    continue;
                }
                _ => Bound::Excluding(version),
            }
        };
        let slot = if matches!(c, "<" | "<=" | "≤") {
            &mut end
        } else {
            &mut start
        };
        if slot.is_some() {
            return None;
        }
        *slot = Some(bound);
    }
    match (exact, &start, &end) {
        (Some(v), None, None) => Some(VersionSel::Exact(v)),
        (Some(_), _, _) => None,
        _ => Some(VersionSel::Range { start, end }),
    }
}

/// A `vers:` range; a missing `|` between constraints (CISA's
/// `vers:all/>=V2022.4<V2023.1`) is repaired.
fn read_vers(t: &str) -> VersionSel {
    let Some((scheme, list)) = t.split_once('/') else {
        return VersionSel::Unreadable(t.to_owned());
    };
    let mut repaired = String::with_capacity(t.len() + 4);
    let bytes = list.as_bytes();
    for (i, ch) in list.char_indices() {
        let starts_comparator =
            matches!(ch, '<' | '>' | '!') && i > 0 && !matches!(bytes[i - 1], b'|' | b'<' | b'>' | b'!' | b'=');
        if starts_comparator {
            repaired.push('|');
        }
        repaired.push(ch);
    }
    match VersRange::parse(&format!("{scheme}/{repaired}")) {
        // `vers:<scheme>/*`: every version.
        Ok(r) if r.is_star() && r.scheme() != "none" => VersionSel::All,
        Ok(r) => VersionSel::Vers(r),
        Err(_) => VersionSel::Unreadable(t.to_owned()),
    }
}

/// Which CSAF status list a product id is in, and how its version reads.
#[derive(Clone, Copy)]
enum CsafList {
    /// The product's versions have the status.
    Plain,
    /// The version and later (`first_affected`, `first_fixed`).
    From,
    /// The version and earlier (`last_affected`).
    UpTo,
}

/// The rules of a CSAF advisory: one per vulnerability (its CVE id, else
/// its first `ids[]` text, else `<tracking id>#<index>`), one product
/// statement per product id in its product status.
pub fn csaf_rules(advisory: &CsafAdvisory, problems: &mut Vec<ConversionProblem>) -> Vec<VulnRule> {
    let doc = advisory.document.tracking.id.as_str();
    let mut out = Vec::with_capacity(advisory.vulnerabilities.len());
    for (i, v) in advisory.vulnerabilities.iter().enumerate() {
        let id = v
            .cve
            .as_ref()
            .map(|c| c.as_str().to_owned())
            .or_else(|| v.ids.first().map(|(_, t)| t.clone()))
            .unwrap_or_else(|| format!("{doc}#{i}"));
        let mut rule = VulnRule::new(id.as_str());
        let ps = &v.product_status;
        for (ids, st, list) in [
            (&ps.known_affected, Status::Affected, CsafList::Plain),
            (&ps.first_affected, Status::Affected, CsafList::From),
            (&ps.last_affected, Status::Affected, CsafList::UpTo),
            (&ps.fixed, Status::Fixed, CsafList::Plain),
            (&ps.first_fixed, Status::Fixed, CsafList::From),
            (&ps.known_not_affected, Status::NotAffected, CsafList::Plain),
            (&ps.under_investigation, Status::UnderInvestigation, CsafList::Plain),
            (&ps.recommended, Status::Recommended, CsafList::Plain),
        ] {
            for pid in ids {
                match advisory.products.get(pid) {
                    Some(p) => rule.products.push(csaf_product(doc, &id, p, st, list, problems)),
                    None => problems.push(problem(
                        &id,
                        format!("vulnerabilities[{i}].product_status"),
                        pid,
                        "product id not defined in the product tree; ignored".to_owned(),
                    )),
                }
            }
        }
        out.push(rule);
    }
    out
}

/// The version text of a CSAF product: its `product_version`, with a
/// `service_pack`/`patch_level` that is itself a full version (Cisco's
/// `12.2SE` → `12.2(55)SE`) taking its place, or appended (`V14` + `SP1`).
fn csaf_version_text(p: &CsafProduct) -> Option<String> {
    match (&p.version, &p.patch_level) {
        (Some(v), Some(patch)) => {
            let lead = |s: &str| {
                s.split(|c: char| !c.is_ascii_digit())
                    .find(|w| !w.is_empty())
                    .map(str::to_owned)
            };
            if lead(patch).is_some() && lead(patch) == lead(v) {
                Some(patch.clone())
            } else {
                Some(format!("{v} {patch}"))
            }
        }
        (Some(v), None) => Some(v.clone()),
        (None, Some(patch)) => Some(patch.clone()),
        (None, None) => None,
    }
}

fn csaf_product(
    doc: &str,
    record: &str,
    p: &CsafProduct,
    st: Status,
    list: CsafList,
    problems: &mut Vec<ConversionProblem>,
) -> ProductRule {
    let path = format!("product_tree/{}", p.product_id);
    let mut rule = ProductRule {
        source: Some(ProductSource::Csaf {
            document: Some(doc.to_owned()),
            product_id: p.product_id.clone(),
        }),
        vendor: p.vendor.clone(),
        product: p
            .product
            .clone()
            .or_else(|| p.family.clone())
            .or_else(|| Some(p.name.clone())),
        model_numbers: p.model_numbers.clone(),
        ..ProductRule::default()
    };
    if let Some(c) = &p.cpe {
        match Cpe::parse(c) {
            Ok(cpe) => rule.cpes.push(cpe),
            Err(e) => problems.push(problem(
                record,
                format!("{path}.cpe"),
                c,
                format!("invalid CPE: {e}; ignored"),
            )),
        }
    }
    for u in &p.purls {
        match Purl::parse(u) {
            Ok(purl) => rule.purls.push(purl),
            Err(e) => problems.push(problem(record, format!("{path}.purl"), u, format!("{e}; ignored"))),
        }
    }
    let selectors: Vec<VersionSel> = if let Some(range) = &p.version_range {
        read_versions(range)
    } else if let Some(v) = csaf_version_text(p) {
        read_versions(&v)
    } else if let Some(v) = rule.cpes.first().and_then(|c| match c.version() {
        Component::Value(v) if !v.has_wildcards() => Some(v.text().to_owned()),
        _ => None,
    }) {
        vec![VersionSel::Exact(Version::parse(&v))]
    } else if let Some(v) = rule.purls.iter().find_map(|u| u.version()) {
        vec![VersionSel::Exact(Version::parse(v))]
    } else {
        vec![VersionSel::All]
    };
    for sel in selectors {
        if let VersionSel::Unreadable(t) = &sel {
            problems.push(problem(
                record,
                path.clone(),
                t,
                "version range not machine-readable; statement undetermined".to_owned(),
            ));
        }
        let sel = match (list, sel) {
            (CsafList::From, VersionSel::Exact(v)) => VersionSel::Range {
                start: Some(Bound::Including(v)),
                end: None,
            },
            (CsafList::UpTo, VersionSel::Exact(v)) => VersionSel::Range {
                start: None,
                end: Some(Bound::Including(v)),
            },
            (_, sel) => sel,
        };
        rule.versions.push(VersionEntry::new(sel, st));
    }
    rule
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str) -> Vec<String> {
        read_versions(text).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn free_text_ranges_from_cisa_and_cve5() {
        let check = |text: &str, expected: &[&str]| assert_eq!(show(text), expected, "{text}");
        check("vers:all/*", &["all versions"]);
        check("vers:none/*", &["versions vers:none/*"]);
        check("vers:all/<V3.2.16", &["versions vers:all/<V3.2.16"]);
        check("vers:all/>=V2022.4<V2023.1", &["versions vers:all/>=V2022.4|<V2023.1"]);
        check("<=20081", &["versions (-∞, 20081]"]);
        check(" <1.000.HW00.21.20190812", &["versions (-∞, 1.000.HW00.21.20190812)"]);
        check("< V4.92", &["versions (-∞, V4.92)"]);
        check(">= 8.3.0 | <= 8.4.2", &["versions [8.3.0, 8.4.2]"]);
        check(">=V0|<=V3", &["versions [V0, V3]"]);
        check("All versions < V1.04.01", &["versions (-∞, V1.04.01)"]);
        check("All BIOS versions < V22.01.08", &["versions (-∞, V22.01.08)"]);
        check("All Versions", &["all versions"]);
        check("All versions <= V5.x", &["versions (-∞, V5.*]"]);
        check("All versions < V4.4 HF26", &["versions (-∞, V4.4 HF26)"]);
        check("< V14 SP1 Update 14", &["versions (-∞, V14 SP1 Update 14)"]);
        check(
            "CP31 | CP33  | CP345",
            &["version CP31", "version CP33", "version CP345"],
        );
        check("7.2.x", &["versions [7.2, 7.2.*]"]);
        check("29.011", &["version 29.011"]);
        check("11.0.0 - 11.2.6", &["versions [11.0.0, 11.2.6]"]);
        check("1.042 and prior", &["versions (-∞, 1.042]"]);
        check("versions 33 and prior", &["versions (-∞, 33]"]);
        check("v1.13 and earlier", &["versions (-∞, v1.13]"]);
        check("3.0 or later", &["versions [3.0, ∞)"]);
        check("22.1R1-S2, 22.1R2", &["version 22.1R1-S2", "version 22.1R2"]);
        check(
            "Snapdragon 680 4G Mobile Platform",
            &["version Snapdragon 680 4G Mobile Platform"],
        );
        check(
            r#"The first 5 digits of serial No. "26061" and prior"#,
            &[r#"versions "The first 5 digits of serial No. \"26061\" and prior" (not machine-readable)"#],
        );
        check("R16A", &["version R16A"]);
        check("n/a", &["all versions"]);
        check(
            "<=the_first_5_digits_of_serial_number_24031",
            &["versions \"<=the_first_5_digits_of_serial_number_24031\" (not machine-readable)"],
        );
        check(
            "distributed  < april 1, 2018",
            &["versions \"distributed  < april 1, 2018\" (not machine-readable)"],
        );
        check("<=V", &["versions \"<=V\" (not machine-readable)"]);
        check("", &["versions \"\" (not machine-readable)"]);
    }

    #[test]
    fn never_panics_on_odd_text() {
        for t in [
            "All",
            "all versions |",
            "|||",
            "<",
            "vers:",
            "vers:x",
            ">= | <=",
            "≤1",
            "All  versions   <  V1",
            "é < ü",
        ] {
            let _ = read_versions(t);
        }
    }

    #[test]
    fn cve5_limits() {
        let entry = |version: &str, lt: Option<&str>, le: Option<&str>| {
            let v = AffectedVersion {
                version: Some(version.to_owned()),
                status: VersionStatus::Affected,
                less_than: lt.map(str::to_owned),
                less_than_or_equal: le.map(str::to_owned),
                version_type: Some("semver".into()),
                range: None,
                changes: Vec::new(),
            };
            let mut out = Vec::new();
            let mut problems = Vec::new();
            entries("CVE-X", "p", &v, &mut out, &mut problems);
            out.iter().map(|e| e.selector.to_string()).collect::<Vec<_>>()
        };
        assert_eq!(entry("0", Some("1.1.21"), None), ["versions (-∞, 1.1.21)"]);
        assert_eq!(entry("5.10.37", None, Some("5.10.*")), ["versions [5.10.37, 5.10.*]"]);
        assert_eq!(entry("2.0", Some("*"), None), ["versions [2.0, ∞)"]);
        assert_eq!(entry("unspecified", Some("5.2.24"), None), ["versions (-∞, 5.2.24)"]);
        assert_eq!(
            entry("10.0.0", Some("publication"), None),
            ["versions \"10.0.0 .. publication\" (not machine-readable)"]
        );
        assert_eq!(
            entry("All versions < V01.01.01", None, None),
            ["versions (-∞, V01.01.01)"]
        );
        assert_eq!(entry("12.5(1)SU4", None, None), ["version 12.5(1)SU4"]);
        assert_eq!(
            entry("5.1.x", Some("5.1.7.2770 build 20240520"), None),
            ["versions [5.1, 5.1.7.2770 build 20240520)"]
        );
        assert_eq!(entry("1.0.0", None, Some("2.*")), ["versions [1.0.0, 2.*]"]);
    }
}
