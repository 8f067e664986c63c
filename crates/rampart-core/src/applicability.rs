//! NVD applicability statements ("configurations") and their evaluation
//! against the CPEs an asset carries, with the evidence for each match.
//!
//! The model follows the NVD CVE API 2.0 (`configurations[].nodes[].cpeMatch[]`
//! with `operator`, `negate`, `vulnerable`, `criteria` and
//! `versionStart/End{Including,Excluding}`) and also holds the nested
//! `children` of the legacy 1.1 feeds. It is independent of any JSON layout;
//! parsing NVD documents into it belongs to `rampart-formats`.
//!
//! Semantics:
//! - A [`CpeMatch`] matches a platform CPE when its `criteria` is a NISTIR
//!   7696 superset of it ([`Cpe::is_superset_of`]) and, if any version bound
//!   is set, the platform CPE's version is a concrete value inside the
//!   bounds under [`crate::version`] ordering. NVD writes range criteria with
//!   version `*`; a platform CPE whose version is ANY, NA or a wildcard
//!   cannot be placed in a range and does not match a ranged criterion.
//! - A node combines its `matches` and `children` with its operator (AND:
//!   all, OR: any); `negate` inverts the result. A node with nothing in it
//!   matches nothing. A configuration combines its nodes the same way.
//! - "Vulnerable" (NVD: `vulnerable: true`) marks the criteria naming the
//!   vulnerable product; `vulnerable: false` marks platform context ("running
//!   on hardware X"). A configuration applies to an asset only when it is
//!   satisfied *and* at least one satisfied vulnerable criterion took part:
//!   an AND of a vulnerable firmware criterion and a non-vulnerable hardware
//!   criterion applies only to an asset carrying both, and a satisfied node
//!   of non-vulnerable criteria alone applies to nothing. A negated node
//!   contributes no vulnerable criterion.
//!
//! Evaluation has two paths: [`Configuration::is_vulnerable`] short-circuits
//! and allocates nothing (for bulk matching), [`Configuration::evaluate`]
//! collects [`Evidence`] and is meant for the (few) matches found.

use std::fmt;

use crate::cpe::{Component, Cpe};
use crate::version::Version;

/// How a node combines its parts (NVD `operator`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operator {
    /// All parts must match.
    And,
    /// At least one part must match.
    Or,
}

/// One applicability configuration of a CVE (NVD API 2.0
/// `configurations[]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Configuration {
    /// How the nodes combine (NVD defaults to OR when absent).
    pub operator: Operator,
    /// Inverts the configuration's result.
    pub negate: bool,
    /// The nodes.
    pub nodes: Vec<Node>,
}

/// A node of a configuration (NVD `nodes[]`; `children` is the nesting of
/// the 1.1 feeds and is empty in API 2.0 data).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// How `matches` and `children` combine.
    pub operator: Operator,
    /// Inverts the node's result.
    pub negate: bool,
    /// Nested nodes.
    pub children: Vec<Node>,
    /// The node's CPE match criteria (NVD `cpeMatch[]`).
    pub matches: Vec<CpeMatch>,
}

/// A CPE match criterion (NVD API 2.0 `cpeMatch` object).
#[derive(Debug, Clone, PartialEq)]
pub struct CpeMatch {
    /// The CPE pattern (NVD `criteria`).
    pub criteria: Cpe,
    /// True when this criterion names the vulnerable product (NVD
    /// `vulnerable`).
    pub vulnerable: bool,
    /// NVD `matchCriteriaId`, when known: a stable id the UI can link to.
    pub match_criteria_id: Option<String>,
    /// NVD `versionStartIncluding`.
    pub version_start_including: Option<Version>,
    /// NVD `versionStartExcluding`.
    pub version_start_excluding: Option<Version>,
    /// NVD `versionEndIncluding`.
    pub version_end_including: Option<Version>,
    /// NVD `versionEndExcluding`.
    pub version_end_excluding: Option<Version>,
}

impl CpeMatch {
    /// A criterion without version bounds.
    pub fn new(criteria: Cpe, vulnerable: bool) -> CpeMatch {
        CpeMatch {
            criteria,
            vulnerable,
            match_criteria_id: None,
            version_start_including: None,
            version_start_excluding: None,
            version_end_including: None,
            version_end_excluding: None,
        }
    }

    /// True when any of the four version bounds is set.
    pub fn has_version_range(&self) -> bool {
        self.version_start_including.is_some()
            || self.version_start_excluding.is_some()
            || self.version_end_including.is_some()
            || self.version_end_excluding.is_some()
    }

    /// True when `version` satisfies every bound that is set.
    pub fn contains_version(&self, version: &Version) -> bool {
        self.version_start_including.as_ref().is_none_or(|b| version >= b)
            && self.version_start_excluding.as_ref().is_none_or(|b| version > b)
            && self.version_end_including.as_ref().is_none_or(|b| version <= b)
            && self.version_end_excluding.as_ref().is_none_or(|b| version < b)
    }

    /// The bounds, for display.
    pub fn version_range(&self) -> VersionRange<'_> {
        VersionRange {
            start: (self.version_start_including.as_ref().map(|v| (v, true)))
                .or(self.version_start_excluding.as_ref().map(|v| (v, false))),
            end: (self.version_end_including.as_ref().map(|v| (v, true)))
                .or(self.version_end_excluding.as_ref().map(|v| (v, false))),
        }
    }

    /// Whether this criterion matches one CPE (parsing its version when a
    /// range must be checked). For many checks build a [`Platform`] once.
    pub fn matches(&self, cpe: &Cpe) -> bool {
        self.matches_entry(&PlatformEntry::new(cpe.clone()))
    }

    fn matches_entry(&self, entry: &PlatformEntry) -> bool {
        if !self.criteria.is_superset_of(&entry.cpe) {
            return false;
        }
        if !self.has_version_range() {
            return true;
        }
        entry.version.as_ref().is_some_and(|v| self.contains_version(v))
    }

    fn matches_platform(&self, platform: &Platform) -> bool {
        platform.entries.iter().any(|e| self.matches_entry(e))
    }
}

/// The version bounds of a criterion; `Display` writes interval notation
/// such as `[2.0, 2.4)` or `(-∞, 3.1]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VersionRange<'a> {
    /// Lower bound and whether it is included.
    pub start: Option<(&'a Version, bool)>,
    /// Upper bound and whether it is included.
    pub end: Option<(&'a Version, bool)>,
}

impl fmt::Display for VersionRange<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.start {
            Some((v, true)) => write!(f, "[{v}, ")?,
            Some((v, false)) => write!(f, "({v}, ")?,
            None => f.write_str("(-∞, ")?,
        }
        match self.end {
            Some((v, true)) => write!(f, "{v}]"),
            Some((v, false)) => write!(f, "{v})"),
            None => f.write_str("∞)"),
        }
    }
}

/// The set of CPEs one asset carries (a device usually has a firmware
/// `cpe:2.3:o:` and a hardware `cpe:2.3:h:` name). Versions are parsed once
/// here.
#[derive(Debug, Clone, Default)]
pub struct Platform {
    entries: Vec<PlatformEntry>,
}

#[derive(Debug, Clone)]
struct PlatformEntry {
    cpe: Cpe,
    /// The parsed version attribute, when it is a concrete value.
    version: Option<Version>,
}

impl PlatformEntry {
    fn new(cpe: Cpe) -> PlatformEntry {
        let version = match cpe.version() {
            Component::Value(v) if !v.has_wildcards() => Some(Version::parse(v.text())),
            _ => None,
        };
        PlatformEntry { cpe, version }
    }
}

impl Platform {
    /// A platform from the asset's CPEs.
    pub fn new(cpes: impl IntoIterator<Item = Cpe>) -> Platform {
        Platform {
            entries: cpes.into_iter().map(PlatformEntry::new).collect(),
        }
    }

    /// The CPEs.
    pub fn cpes(&self) -> impl Iterator<Item = &Cpe> {
        self.entries.iter().map(|e| &e.cpe)
    }

    /// Number of CPEs.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the platform has no CPE.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl FromIterator<Cpe> for Platform {
    fn from_iter<I: IntoIterator<Item = Cpe>>(iter: I) -> Platform {
        Platform::new(iter)
    }
}

/// Why a configuration applies: one criterion that matched one platform CPE.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evidence<'c, 'p> {
    /// The criterion (with its `vulnerable` flag and version bounds).
    pub criterion: &'c CpeMatch,
    /// The asset's CPE it matched.
    pub platform_cpe: &'p Cpe,
    /// The asset's version, when the criterion has a version range (the
    /// version was checked against [`CpeMatch::version_range`]).
    pub platform_version: Option<&'p Version>,
}

impl fmt::Display for Evidence<'_, '_> {
    /// E.g. `cpe:2.3:o:siemens:x_firmware:2.1:*:*:*:*:*:*:* matched criterion
    /// cpe:2.3:o:siemens:x_firmware:*:*:*:*:*:*:*:*, version 2.1 in [2.0, 2.4)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if self.criterion.vulnerable {
            "criterion"
        } else {
            "platform criterion (not vulnerable)"
        };
        write!(f, "{} matched {kind} {}", self.platform_cpe, self.criterion.criteria)?;
        if let Some(v) = self.platform_version {
            write!(f, ", version {v} in {}", self.criterion.version_range())?;
        }
        Ok(())
    }
}

/// A configuration that applies, with its evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigurationMatch<'c, 'p> {
    /// Index of the configuration in the slice given to [`evaluate`].
    pub configuration_index: usize,
    /// The criteria that matched (vulnerable ones and platform context), in
    /// document order.
    pub evidence: Vec<Evidence<'c, 'p>>,
}

impl ConfigurationMatch<'_, '_> {
    /// Evidence from vulnerable criteria only.
    pub fn vulnerable_evidence(&self) -> impl Iterator<Item = &Evidence<'_, '_>> {
        self.evidence.iter().filter(|e| e.criterion.vulnerable)
    }
}

impl Node {
    /// A node with criteria and no children.
    pub fn new(operator: Operator, matches: Vec<CpeMatch>) -> Node {
        Node {
            operator,
            negate: false,
            children: Vec::new(),
            matches,
        }
    }
}

impl Configuration {
    /// A configuration of the given nodes, not negated.
    pub fn new(operator: Operator, nodes: Vec<Node>) -> Configuration {
        Configuration {
            operator,
            negate: false,
            nodes,
        }
    }

    /// Fast path: whether the configuration applies to the platform
    /// (satisfied through at least one vulnerable criterion). Short-circuits,
    /// allocates nothing.
    pub fn is_vulnerable(&self, platform: &Platform) -> bool {
        let (satisfied, vulnerable) = fast(self.operator, self.negate, &[], &self.nodes, platform);
        satisfied && vulnerable
    }

    /// Whether the configuration applies and, if so, the evidence: every
    /// criterion/platform-CPE pair that matched in the satisfied part of
    /// the tree.
    pub fn evaluate<'c, 'p>(&'c self, platform: &'p Platform) -> Option<Vec<Evidence<'c, 'p>>> {
        if !self.is_vulnerable(platform) {
            return None;
        }
        let mut evidence = Vec::new();
        let (satisfied, vulnerable) = collect(self.operator, self.negate, &[], &self.nodes, platform, &mut evidence);
        (satisfied && vulnerable).then_some(evidence)
    }

    /// Every criterion in the configuration, depth first (for building
    /// vendor/product indexes).
    pub fn criteria(&self) -> Vec<&CpeMatch> {
        fn walk<'a>(n: &'a Node, out: &mut Vec<&'a CpeMatch>) {
            out.extend(n.matches.iter());
            for c in &n.children {
                walk(c, out);
            }
        }
        let mut out = Vec::new();
        for n in &self.nodes {
            walk(n, &mut out);
        }
        out
    }
}

/// Evaluates all configurations of a CVE: the ones that apply, with
/// evidence. Empty when the CVE does not apply to the platform.
pub fn evaluate<'c, 'p>(
    configurations: &'c [Configuration],
    platform: &'p Platform,
) -> Vec<ConfigurationMatch<'c, 'p>> {
    configurations
        .iter()
        .enumerate()
        .filter_map(|(configuration_index, c)| {
            c.evaluate(platform).map(|evidence| ConfigurationMatch {
                configuration_index,
                evidence,
            })
        })
        .collect()
}

/// Fast path over all configurations of a CVE.
pub fn is_vulnerable(configurations: &[Configuration], platform: &Platform) -> bool {
    configurations.iter().any(|c| c.is_vulnerable(platform))
}

fn finish(negate: bool, satisfied: bool, vulnerable: bool) -> (bool, bool) {
    if negate {
        (!satisfied, false)
    } else {
        (satisfied, vulnerable)
    }
}

/// (satisfied, satisfied through a vulnerable criterion), short-circuiting.
fn fast(op: Operator, negate: bool, matches: &[CpeMatch], children: &[Node], platform: &Platform) -> (bool, bool) {
    if matches.is_empty() && children.is_empty() {
        return finish(negate, false, false);
    }
    match op {
        Operator::Or => {
            let mut satisfied = false;
            for m in matches {
                if m.matches_platform(platform) {
                    satisfied = true;
                    if m.vulnerable {
                        return finish(negate, true, true);
                    }
                }
            }
            for c in children {
                let (s, v) = fast(c.operator, c.negate, &c.matches, &c.children, platform);
                satisfied |= s;
                if s && v {
                    return finish(negate, true, true);
                }
            }
            finish(negate, satisfied, false)
        }
        Operator::And => {
            let mut vulnerable = false;
            for m in matches {
                if !m.matches_platform(platform) {
                    return finish(negate, false, false);
                }
                vulnerable |= m.vulnerable;
            }
            for c in children {
                let (s, v) = fast(c.operator, c.negate, &c.matches, &c.children, platform);
                if !s {
                    return finish(negate, false, false);
                }
                vulnerable |= v;
            }
            finish(negate, true, vulnerable)
        }
    }
}

/// Like [`fast`] but visits every part and appends the evidence of the
/// satisfied, non-negated parts to `out`.
fn collect<'c, 'p>(
    op: Operator,
    negate: bool,
    matches: &'c [CpeMatch],
    children: &'c [Node],
    platform: &'p Platform,
    out: &mut Vec<Evidence<'c, 'p>>,
) -> (bool, bool) {
    if matches.is_empty() && children.is_empty() {
        return finish(negate, false, false);
    }
    let mut local = Vec::new();
    let mut any_satisfied = false;
    let mut all_satisfied = true;
    let mut vulnerable = false;
    for m in matches {
        let before = local.len();
        for e in &platform.entries {
            if m.matches_entry(e) {
                local.push(Evidence {
                    criterion: m,
                    platform_cpe: &e.cpe,
                    platform_version: if m.has_version_range() {
                        e.version.as_ref()
                    } else {
                        None
                    },
                });
            }
        }
        let hit = local.len() > before;
        any_satisfied |= hit;
        all_satisfied &= hit;
        vulnerable |= hit && m.vulnerable;
    }
    for c in children {
        let mut child = Vec::new();
        let (s, v) = collect(c.operator, c.negate, &c.matches, &c.children, platform, &mut child);
        any_satisfied |= s;
        all_satisfied &= s;
        vulnerable |= s && v;
        if s {
            local.append(&mut child);
        }
    }
    let satisfied = match op {
        Operator::Or => any_satisfied,
        Operator::And => all_satisfied,
    };
    let (satisfied, vulnerable) = finish(negate, satisfied, vulnerable);
    if satisfied && !negate {
        out.append(&mut local);
    }
    (satisfied, vulnerable)
}

#[cfg(test)]
mod tests;
