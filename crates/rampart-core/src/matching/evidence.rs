//! Why a rule matched (or, for VEX statements, does not apply): compact
//! evidence kept with each match, its human-readable form, and a full
//! explanation with [`crate::applicability::Evidence`].

use std::fmt;

use super::asset::{AssetCpe, AssetPlatform};
use super::engine::criterion_matches;
use super::index::{AttrSyms, CProduct, CriterionId, ROLES, RuleId, RuleIndex};
use super::rule::{ProductRule, Status};
use super::{Match, Verdict};
use crate::applicability::{CpeMatch, Evidence};
use crate::cpe::Cpe;
use crate::version::Version;

/// Which of the asset's versions a statement was checked against when it
/// was recognised by the asset's inventory identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdentityVersion {
    /// The firmware version.
    Firmware,
    /// The software version.
    Software,
    /// No version recorded (only an "all versions" statement decides).
    None,
}

/// How a vendor statement recognised the asset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Via {
    /// A CPE of the statement (version set to ANY) is a superset of the
    /// asset's CPE number `n`; its version was checked.
    Cpe(u32),
    /// The statement's purl package is that of the asset's purl number `n`.
    Purl(u32),
    /// The statement's vendor and product (or model) names equal the
    /// normalised names of the asset's CPE number `n`.
    CpeName(u32),
    /// The statement's names equal the asset's inventory vendor and product
    /// (or model, when `model`).
    Identity {
        /// Matched on the model rather than the product name.
        model: bool,
        /// Which version was checked.
        version: IdentityVersion,
    },
}

/// Why a match was made: compact (ids only) so that millions of matches
/// stay small; render with [`Match::display`] or expand with
/// [`RuleIndex::explain`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchEvidence {
    /// An NVD configuration applies.
    Configuration {
        /// Index of the configuration in the rule (0-based; shown 1-based).
        configuration: u32,
        /// The first vulnerable criterion that matched.
        criterion: CriterionId,
        /// The asset CPE it matched (index in [`AssetPlatform::cpes`]).
        asset_cpe: u32,
    },
    /// A vendor statement (CVE 5 `affected` entry, CSAF product status)
    /// gives the asset's version a status.
    Product {
        /// Index of the statement in the rule's `products`.
        product: u32,
        /// Index of the deciding version entry; `None` for the statement's
        /// default status.
        entry: Option<u32>,
        /// How the asset was recognised.
        via: Via,
        /// The status.
        status: Status,
    },
}

impl Match {
    /// The human-readable evidence, e.g. `firmware cpe:2.3:o:siemens:… version
    /// 2.1 is in [2.0, 2.4) of CVE-2023-… configuration 1 (criterion …; AND
    /// with hardware cpe:2.3:h:siemens:…)`. `index` and `asset` must be the
    /// ones matched.
    pub fn display<'a>(&'a self, index: &'a RuleIndex, asset: &'a AssetPlatform) -> MatchDisplay<'a> {
        MatchDisplay {
            found: self,
            index,
            asset,
        }
    }
}

/// [`Match::display`]'s `Display` value.
#[derive(Debug, Clone, Copy)]
pub struct MatchDisplay<'a> {
    found: &'a Match,
    index: &'a RuleIndex,
    asset: &'a AssetPlatform,
}

impl fmt::Display for MatchDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.found;
        write_evidence(f, self.index, self.asset, m.rule, m.verdict, &m.evidence)?;
        if let Some(s) = &m.superseded {
            f.write_str("; this overrides NVD: ")?;
            write_evidence(f, self.index, self.asset, m.rule, Verdict::Affected, s)?;
        }
        Ok(())
    }
}

fn write_evidence(
    f: &mut fmt::Formatter<'_>,
    ix: &RuleIndex,
    asset: &AssetPlatform,
    rule: RuleId,
    verdict: Verdict,
    ev: &MatchEvidence,
) -> fmt::Result {
    let id = ix.rule_id(rule);
    match *ev {
        MatchEvidence::Configuration {
            configuration,
            criterion,
            asset_cpe,
        } => {
            let (Some(crit), Some(ac)) = (ix.criteria.get(criterion.index()), asset.cpes.get(asset_cpe as usize))
            else {
                return write!(f, "{id} configuration {}", configuration + 1);
            };
            let c = criterion.0;
            let context = platform_context(ix, rule, configuration, asset);
            let role = |c: u32| {
                ROLES
                    .get(usize::from(ix.criteria[c as usize].role))
                    .copied()
                    .unwrap_or("platform")
            };
            write!(f, "{} {}", ac.role(), ac.cpe())?;
            if ix.crit_has_range(c) {
                match ac.version() {
                    Some(v) => write!(f, " version {v} is in {}", ix.crit_range(c))?,
                    None => write!(f, " is in {}", ix.crit_range(c))?,
                }
                write!(
                    f,
                    " of {id} configuration {} (criterion {}",
                    configuration + 1,
                    crit.cpe
                )?;
                for (c, cpe) in &context {
                    write!(f, "; AND with {} {}", role(*c), cpe)?;
                }
                f.write_str(")")
            } else {
                write!(f, " matches {} of {id} configuration {}", crit.cpe, configuration + 1)?;
                for (k, (c, cpe)) in context.iter().enumerate() {
                    let sep = if k == 0 { " (" } else { "; " };
                    write!(f, "{sep}AND with {} {}", role(*c), cpe)?;
                }
                if !context.is_empty() {
                    f.write_str(")")?;
                }
                Ok(())
            }
        }
        MatchEvidence::Product {
            product,
            entry,
            via,
            status,
        } => {
            let Some(st) = ix.product_statement(rule, product) else {
                return write!(f, "{id} product statement {}", product + 1);
            };
            write_subject(f, asset, via)?;
            let phrase = match verdict {
                Verdict::Affected => "is affected by",
                Verdict::NotAffected => "is not affected by",
                Verdict::Undetermined => "may be affected by",
            };
            write!(f, " {phrase} {id}: ")?;
            match &st.source {
                Some(s) => write!(f, "{s} lists ")?,
                None => f.write_str("the vendor lists ")?,
            }
            write!(f, "{}, ", st.describe())?;
            match entry.and_then(|e| st.versions.get(e as usize)) {
                Some(e) => write!(f, "{}", e.selector)?,
                None => f.write_str("versions not listed otherwise")?,
            }
            write!(f, ", as {status}")
        }
    }
}

fn write_subject(f: &mut fmt::Formatter<'_>, asset: &AssetPlatform, via: Via) -> fmt::Result {
    let version = |f: &mut fmt::Formatter<'_>, v: Option<&Version>| match v {
        Some(v) => write!(f, " version {v}"),
        None => Ok(()),
    };
    match via {
        Via::Cpe(i) | Via::CpeName(i) => match asset.cpes.get(i as usize) {
            Some(c) => {
                write!(f, "{} {}", c.role(), c.cpe())?;
                version(f, c.version())?;
                if matches!(via, Via::CpeName(_)) {
                    f.write_str(" (by vendor and product name)")?;
                }
                Ok(())
            }
            None => f.write_str("the asset"),
        },
        Via::Purl(i) => match asset.purls.get(i as usize) {
            Some(p) => write!(f, "package {}", p.purl()),
            None => f.write_str("the asset"),
        },
        Via::Identity { model, version: which } => {
            let Some(id) = asset.identity.as_deref() else {
                return f.write_str("the asset");
            };
            f.write_str(id.vendor.as_deref().unwrap_or("?"))?;
            let name = if model { &id.model } else { &id.product };
            if let Some(n) = name {
                write!(f, " {n}")?;
            }
            if model {
                f.write_str(" (model)")?;
            }
            match which {
                IdentityVersion::Firmware => {
                    f.write_str(" firmware")?;
                    version(f, id.firmware_version.as_ref())
                }
                IdentityVersion::Software => version(f, id.version.as_ref()),
                IdentityVersion::None => f.write_str(" (no version recorded)"),
            }
        }
    }
}

/// The non-vulnerable criteria that took part in a configuration applying,
/// with the asset CPE each matched: the "running on" context of an AND.
fn platform_context<'p>(ix: &RuleIndex, rule: RuleId, ordinal: u32, asset: &'p AssetPlatform) -> Vec<(u32, &'p Cpe)> {
    let Some(ev) = configuration_evidence(ix, rule, ordinal, asset) else {
        return Vec::new();
    };
    ev.into_iter()
        .filter(|(c, _)| !ix.criteria[*c as usize].vulnerable)
        .map(|(c, ac)| (c, ac.cpe()))
        .collect()
}

/// Full evidence of one configuration of a rule (every criterion/asset-CPE
/// pair in its satisfied part, as [`crate::applicability::Configuration::evaluate`]
/// gives), when it applies.
fn configuration_evidence<'p>(
    ix: &RuleIndex,
    rule: RuleId,
    ordinal: u32,
    asset: &'p AssetPlatform,
) -> Option<Vec<(u32, &'p AssetCpe)>> {
    let r = ix.rules.get(rule.index())?;
    let cfg = ix.configs.get(r.configs.start.checked_add(ordinal)? as usize)?;
    if cfg.rule != rule.0 {
        return None;
    }
    let mut buf = String::new();
    let syms: Vec<AttrSyms> = asset
        .cpes
        .iter()
        .map(|ac| ix.asset_attr_syms(ac.cpe(), &mut buf))
        .collect();
    let mut out = Vec::new();
    let (satisfied, vulnerable) = collect(ix, cfg.root, asset, &syms, &mut out);
    (satisfied && vulnerable).then_some(out)
}

/// Mirrors `applicability::collect` on a compiled node.
fn collect<'p>(
    ix: &RuleIndex,
    node: u32,
    asset: &'p AssetPlatform,
    syms: &[AttrSyms],
    out: &mut Vec<(u32, &'p AssetCpe)>,
) -> (bool, bool) {
    let n = ix.nodes[node as usize];
    let uses = &ix.uses[n.uses.0 as usize..n.uses.1 as usize];
    let finish = |satisfied: bool, vulnerable: bool| {
        if n.negate {
            (!satisfied, false)
        } else {
            (satisfied, vulnerable)
        }
    };
    if uses.is_empty() && n.children.0 == n.children.1 {
        return finish(false, false);
    }
    let mut local = Vec::new();
    let (mut any, mut all, mut vulnerable) = (false, true, false);
    for &c in uses {
        let before = local.len();
        for (ac, attrs) in asset.cpes.iter().zip(syms) {
            if criterion_matches(ix, c, ac, attrs) {
                local.push((c, &**ac));
            }
        }
        let hit = local.len() > before;
        any |= hit;
        all &= hit;
        vulnerable |= hit && ix.criteria[c as usize].vulnerable;
    }
    for child in n.children.0..n.children.1 {
        let mut sub = Vec::new();
        let (s, v) = collect(ix, child, asset, syms, &mut sub);
        any |= s;
        all &= s;
        vulnerable |= s && v;
        if s {
            local.append(&mut sub);
        }
    }
    let (satisfied, vulnerable) = finish(if n.and { all } else { any }, vulnerable);
    if satisfied && !n.negate {
        out.append(&mut local);
    }
    (satisfied, vulnerable)
}

/// One criterion/asset-CPE pair of an applying configuration: an
/// [`Evidence`] owning its criterion (the index keeps criteria compact).
#[derive(Debug, Clone, PartialEq)]
pub struct CriterionEvidence<'p> {
    /// The criterion.
    pub criterion: CpeMatch,
    /// The asset's CPE it matched.
    pub platform_cpe: &'p Cpe,
    /// The asset's version, when the criterion has a version range.
    pub platform_version: Option<&'p Version>,
}

impl CriterionEvidence<'_> {
    /// As the [`Evidence`] of [`crate::applicability`].
    pub fn as_evidence(&self) -> Evidence<'_, '_> {
        Evidence {
            criterion: &self.criterion,
            platform_cpe: self.platform_cpe,
            platform_version: self.platform_version,
        }
    }
}

impl fmt::Display for CriterionEvidence<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_evidence().fmt(f)
    }
}

/// One NVD configuration that applies, with its full evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigurationEvidence<'p> {
    /// Index of the configuration in the rule (0-based).
    pub configuration: u32,
    /// Every criterion/asset-CPE pair of its satisfied part.
    pub evidence: Vec<CriterionEvidence<'p>>,
}

/// One vendor statement that gives the asset a status.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductFinding<'i> {
    /// The statement.
    pub statement: &'i ProductRule,
    /// What decided.
    pub evidence: MatchEvidence,
    /// The verdict it gives.
    pub verdict: Verdict,
}

/// Everything that concerns one rule and one asset (for a finding's page):
/// every configuration that applies and every vendor statement that gives
/// a status, including those that [`Match`]'s precedence set aside.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation<'i, 'p> {
    /// The vulnerability id.
    pub id: &'i str,
    /// The configurations that apply.
    pub configurations: Vec<ConfigurationEvidence<'p>>,
    /// The vendor statements that give a status.
    pub products: Vec<ProductFinding<'i>>,
}

impl RuleIndex {
    /// Everything that concerns `rule` and `asset` (slow path: evaluates
    /// every configuration and statement of the rule).
    pub fn explain<'i, 'p>(&'i self, rule: RuleId, asset: &'p AssetPlatform) -> Explanation<'i, 'p> {
        let mut ex = Explanation {
            id: self.rule_id(rule),
            configurations: Vec::new(),
            products: Vec::new(),
        };
        let Some(r) = self.rules.get(rule.index()) else {
            return ex;
        };
        for ordinal in 0..(r.configs.end - r.configs.start) {
            if let Some(pairs) = configuration_evidence(self, rule, ordinal, asset) {
                let evidence = pairs
                    .into_iter()
                    .filter_map(|(c, ac)| {
                        let criterion = self.criterion(CriterionId(c))?;
                        let platform_version = if criterion.has_version_range() {
                            ac.version()
                        } else {
                            None
                        };
                        Some(CriterionEvidence {
                            criterion,
                            platform_cpe: ac.cpe(),
                            platform_version,
                        })
                    })
                    .collect();
                ex.configurations.push(ConfigurationEvidence {
                    configuration: ordinal,
                    evidence,
                });
            }
        }
        let syms = self.cpe_syms(asset);
        for p in r.products.clone() {
            let cp: &CProduct = &self.products[p as usize];
            if let Some((evidence, verdict)) = super::engine::eval_product(self, cp, asset, &syms) {
                ex.products.push(ProductFinding {
                    statement: &cp.statement,
                    evidence,
                    verdict,
                });
            }
        }
        ex
    }
}
