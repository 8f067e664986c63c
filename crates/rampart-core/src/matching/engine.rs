//! Matching assets against a [`RuleIndex`]: one asset ([`Matcher`]), all of
//! them in parallel ([`match_all`]), or a few changed rules against indexed
//! assets ([`match_rules_against_assets`]).

use std::sync::atomic::{AtomicUsize, Ordering};

use super::asset::{AssetCpe, AssetIndex, AssetPlatform};
use super::evidence::{IdentityVersion, MatchEvidence, Via};
use super::index::{AttrSyms, CNode, CProduct, CriterionId, RuleId, RuleIndex, User};
use super::rule::{VulnRule, index_u32};
use super::{Match, Verdict};
use crate::cpe::Component;
use crate::version::Version;

/// Reusable matching state for one thread: generation-stamped marks over
/// the index's criteria, configurations and statements, so that matching an
/// asset allocates nothing once warm.
#[derive(Debug)]
pub struct Matcher<'i> {
    index: &'i RuleIndex,
    generation: u32,
    crit_mark: Vec<u32>,
    /// The asset CPE that first matched each marked criterion.
    crit_cpe: Vec<u32>,
    /// Marks of the non-simple configurations already queued.
    config_mark: Vec<u32>,
    product_mark: Vec<u32>,
    hits: Vec<u32>,
    /// Non-simple candidate configurations.
    configs: Vec<u32>,
    products: Vec<u32>,
    /// (vendor sym, product sym) of each asset CPE.
    cpe_syms: Vec<(Option<u32>, Option<u32>)>,
    /// Applying configurations: (rule, ordinal, vulnerable criterion).
    nvd: Vec<(u32, u32, u32)>,
    /// Vendor statements with a verdict: (rule, ordinal, verdict, evidence).
    statements: Vec<(u32, u32, Verdict, MatchEvidence)>,
    out: Vec<Match>,
    /// Scratch for lowercasing attribute values.
    buf: String,
}

impl RuleIndex {
    /// A matcher for this index (allocate one per thread and reuse it).
    pub fn matcher(&self) -> Matcher<'_> {
        Matcher::new(self)
    }

    /// The (vendor, product) symbols of each asset CPE, when known.
    pub(crate) fn cpe_syms(&self, asset: &AssetPlatform) -> Vec<(Option<u32>, Option<u32>)> {
        asset
            .cpes
            .iter()
            .map(|ac| {
                (
                    ac.vendor_key().and_then(|k| self.vendors.get(k.as_str())),
                    ac.product_key().and_then(|k| self.names.get(k.as_str())),
                )
            })
            .collect()
    }
}

impl<'i> Matcher<'i> {
    /// A matcher over `index`.
    pub fn new(index: &'i RuleIndex) -> Matcher<'i> {
        Matcher {
            index,
            generation: 0,
            crit_mark: vec![0; index.criteria.len()],
            crit_cpe: vec![0; index.criteria.len()],
            config_mark: vec![0; index.configs.len()],
            product_mark: vec![0; index.products.len()],
            hits: Vec::new(),
            configs: Vec::new(),
            products: Vec::new(),
            cpe_syms: Vec::new(),
            nvd: Vec::new(),
            statements: Vec::new(),
            out: Vec::new(),
            buf: String::new(),
        }
    }

    /// The index matched against.
    pub fn index(&self) -> &'i RuleIndex {
        self.index
    }

    /// Every rule that concerns the asset, one [`Match`] per rule, sorted by
    /// rule id.
    pub fn match_asset(&mut self, asset: &AssetPlatform) -> &[Match] {
        self.run(asset, false);
        &self.out
    }

    /// Whether some rule applies to the asset (verdict
    /// [`Verdict::Affected`]). Stops at the first configuration that applies
    /// to a rule without vendor statements.
    pub fn matches_any(&mut self, asset: &AssetPlatform) -> bool {
        if self.run(asset, true) {
            return true;
        }
        self.out.iter().any(|m| m.verdict == Verdict::Affected)
    }

    fn next_generation(&mut self) {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            for v in [&mut self.crit_mark, &mut self.config_mark, &mut self.product_mark] {
                v.fill(0);
            }
            self.generation = 1;
        }
        self.hits.clear();
        self.configs.clear();
        self.products.clear();
        self.cpe_syms.clear();
        self.nvd.clear();
        self.statements.clear();
        self.out.clear();
    }

    /// Runs the phases; returns true early when `stop_early` and a rule
    /// without vendor statements applies.
    fn run(&mut self, asset: &AssetPlatform, stop_early: bool) -> bool {
        self.next_generation();
        let ix = self.index;
        self.find_hits(asset);
        // Phase 2: the configurations using the matched criteria as
        // vulnerable ones. A simple (all-OR) configuration applies through
        // the criterion itself; the others are queued once and evaluated on
        // the hit marks.
        for h in 0..self.hits.len() {
            let c = self.hits[h];
            for u in &ix.crit_users[c as usize] {
                if u.ordinal & User::SIMPLE != 0 {
                    if stop_early && u.ordinal & User::NO_PRODUCTS != 0 {
                        return true;
                    }
                    self.nvd.push((u.rule, u.ordinal & User::ORDINAL, c));
                } else {
                    let mark = &mut self.config_mark[u.config as usize];
                    if *mark != self.generation {
                        *mark = self.generation;
                        self.configs.push(u.config);
                    }
                }
            }
        }
        for k in 0..self.configs.len() {
            let cfg = ix.configs[self.configs[k] as usize];
            let (satisfied, vulnerable, first) = eval(ix, cfg.root, &self.crit_mark, self.generation);
            let (true, true, Some(crit)) = (satisfied, vulnerable, first) else {
                continue;
            };
            if stop_early && ix.rules[cfg.rule as usize].products.is_empty() {
                return true;
            }
            self.nvd.push((cfg.rule, cfg.ordinal, crit));
        }
        // Phase 3: vendor statements.
        for k in 0..self.products.len() {
            let cp = &ix.products[self.products[k] as usize];
            if let Some((ev, verdict)) = eval_product(ix, cp, asset, &self.cpe_syms) {
                self.statements.push((cp.rule, cp.ordinal, verdict, ev));
            }
        }
        self.resolve();
        false
    }

    /// One match per rule from the applying configurations and statements,
    /// by the precedence of the module documentation.
    fn resolve(&mut self) {
        self.nvd.sort_unstable();
        self.statements.sort_unstable_by_key(|s| (s.0, s.1));
        let (mut i, mut j) = (0, 0);
        while i < self.nvd.len() || j < self.statements.len() {
            let rule = match (self.nvd.get(i), self.statements.get(j)) {
                (Some(a), Some(b)) => a.0.min(b.0),
                (Some(a), None) => a.0,
                (None, Some(b)) => b.0,
                (None, None) => break,
            };
            let mut nvd = None;
            if let Some(&(r, ordinal, first)) = self.nvd.get(i)
                && r == rule
            {
                // Several criteria of the first applying configuration may
                // match; the evidence names the one first in text order, so
                // it does not depend on the order the index interned them in
                // (which differs between processes and as rules come and go).
                let mut crit = first;
                let mut k = i + 1;
                while let Some(&(r2, o2, c2)) = self.nvd.get(k) {
                    if r2 != rule || o2 != ordinal {
                        break;
                    }
                    if criterion_key(self.index, c2) < criterion_key(self.index, crit) {
                        crit = c2;
                    }
                    k += 1;
                }
                nvd = Some(MatchEvidence::Configuration {
                    configuration: ordinal,
                    criterion: CriterionId(crit),
                    asset_cpe: self.crit_cpe[crit as usize],
                });
                while self.nvd.get(i).is_some_and(|x| x.0 == rule) {
                    i += 1;
                }
            }
            let (mut affected, mut not_affected, mut undetermined) = (None, None, None);
            while let Some(&(r, _, verdict, ev)) = self.statements.get(j)
                && r == rule
            {
                let slot = match verdict {
                    Verdict::Affected => &mut affected,
                    Verdict::NotAffected => &mut not_affected,
                    Verdict::Undetermined => &mut undetermined,
                };
                slot.get_or_insert(ev);
                j += 1;
            }
            // Precedence (see the module documentation): a vendor statement
            // "affected" wins; else a vendor "not affected" overrides NVD;
            // else NVD; else an undetermined vendor statement.
            let (verdict, evidence, superseded) = match (nvd, affected, not_affected, undetermined) {
                (nvd, Some(a), _, _) => (Verdict::Affected, nvd.unwrap_or(a), None),
                (nvd, None, Some(n), _) => (Verdict::NotAffected, n, nvd),
                (Some(nvd), None, None, _) => (Verdict::Affected, nvd, None),
                (None, None, None, Some(u)) => (Verdict::Undetermined, u, None),
                (None, None, None, None) => continue,
            };
            self.out.push(Match {
                rule: RuleId(rule),
                verdict,
                evidence,
                superseded,
            });
        }
    }

    fn candidate_product(&mut self, pid: u32) {
        let mark = &mut self.product_mark[pid as usize];
        if *mark != self.generation {
            *mark = self.generation;
            self.products.push(pid);
        }
    }

    /// Phase 1: the criteria matching some asset CPE (marked, with the CPE
    /// that matched) and the candidate product statements.
    fn find_hits(&mut self, asset: &AssetPlatform) {
        let ix = self.index;
        let mut buf = std::mem::take(&mut self.buf);
        for (i, ac) in asset.cpes.iter().enumerate() {
            let i = index_u32(i);
            let attrs = ix.asset_attr_syms(ac.cpe(), &mut buf);
            for &c in &ix.fallback {
                self.try_hit(c, i, ac, &attrs);
            }
            let vs = ac.vendor_key().and_then(|k| ix.vendors.get(k.as_str()));
            let ps = ac.product_key().and_then(|k| ix.names.get(k.as_str()));
            self.cpe_syms.push((vs, ps));
            let (Some(v), Some(p)) = (vs, ps) else { continue };
            let Some(&b) = ix.buckets.get(&super::hash::pair(v, p)) else {
                continue;
            };
            let bucket = &ix.bucket_data[b as usize];
            match ac.cpe().version() {
                Component::Value(val) if !val.has_wildcards() => {
                    if let Some(list) = ac
                        .version_key()
                        .and_then(|k| ix.versions.get(k))
                        .and_then(|vs| ix.exact.get(&super::hash::pair(b, vs)))
                    {
                        for &c in list {
                            self.try_hit_names(c, i, ac, &attrs);
                        }
                    }
                    match (&bucket.ranged_tree, ac.version()) {
                        (Some(tree), Some(v)) => tree.stab(v, |c| self.try_hit_names(c, i, ac, &attrs)),
                        _ => {
                            for &c in &bucket.ranged {
                                self.try_hit(c, i, ac, &attrs);
                            }
                        }
                    }
                }
                Component::Na => {
                    for &c in &bucket.na {
                        self.try_hit_names(c, i, ac, &attrs);
                    }
                }
                _ => {}
            }
            for &c in &bucket.any {
                self.try_hit_names(c, i, ac, &attrs);
            }
            for &c in &bucket.other {
                self.try_hit(c, i, ac, &attrs);
            }
            for &pid in &bucket.products {
                self.candidate_product(pid);
            }
        }
        self.buf = buf;
        if let Some(id) = &asset.identity
            && let Some(v) = id.vendor_key().and_then(|k| ix.vendors.get(k.as_str()))
        {
            for key in [id.product_key(), id.model_key()].into_iter().flatten() {
                if let Some(&b) = ix
                    .names
                    .get(key.as_str())
                    .and_then(|p| ix.buckets.get(&super::hash::pair(v, p)))
                {
                    for &pid in &ix.bucket_data[b as usize].products {
                        self.candidate_product(pid);
                    }
                }
            }
        }
        for p in &asset.purls {
            if let Some(list) = ix.purls.get(p.package_key()) {
                for &pid in list {
                    self.candidate_product(pid);
                }
            }
        }
        for &pid in &ix.product_fallback {
            self.candidate_product(pid);
        }
    }

    /// Marks criterion `c` when it matches the asset CPE number
    /// `cpe_index` (`ac`, with attribute symbols `attrs`): the full test of
    /// [`criterion_matches`], names on symbols.
    #[inline]
    fn try_hit(&mut self, c: u32, cpe_index: u32, ac: &AssetCpe, attrs: &AttrSyms) {
        let ci = c as usize;
        if self.crit_mark[ci] == self.generation {
            return;
        }
        let ix = self.index;
        if ix.crit_names_match(c, ac.cpe(), attrs)
            && (!ix.crit_has_range(c) || ac.version().is_some_and(|v| ix.crit_contains(c, v)))
        {
            self.mark(c, cpe_index);
        }
    }

    /// [`Matcher::try_hit`] for a criterion known to have no version range
    /// or whose range is known to contain the asset's version (the exact,
    /// ANY and NA lists, and range-tree results): names only.
    #[inline]
    fn try_hit_names(&mut self, c: u32, cpe_index: u32, ac: &AssetCpe, attrs: &AttrSyms) {
        let ci = c as usize;
        if self.crit_mark[ci] == self.generation {
            return;
        }
        if self.index.crit_names_match(c, ac.cpe(), attrs) {
            self.mark(c, cpe_index);
        }
    }

    #[inline]
    fn mark(&mut self, c: u32, cpe_index: u32) {
        self.crit_mark[c as usize] = self.generation;
        self.crit_cpe[c as usize] = cpe_index;
        self.hits.push(c);
    }
}

/// A vendor statement against the asset: the first recognition route
/// that yields a status (see [`super::ProductRule`]).
pub(crate) fn eval_product(
    ix: &RuleIndex,
    cp: &CProduct,
    asset: &AssetPlatform,
    cpe_syms: &[(Option<u32>, Option<u32>)],
) -> Option<(MatchEvidence, Verdict)> {
    let decide = |version: Option<&Version>, via: Via| -> Option<(MatchEvidence, Verdict)> {
        let d = cp.decide(version)?;
        let mut verdict = d.status.verdict()?;
        if d.unreadable {
            if verdict != Verdict::Affected {
                return None;
            }
            verdict = Verdict::Undetermined;
        }
        Some((
            MatchEvidence::Product {
                product: cp.ordinal,
                entry: d.entry,
                via,
                status: d.status,
            },
            verdict,
        ))
    };
    for (i, ac) in asset.cpes.iter().enumerate() {
        if cp.identity.iter().any(|c| c.is_superset_of(ac.cpe()))
            && let Some(r) = decide(ac.version(), Via::Cpe(index_u32(i)))
        {
            return Some(r);
        }
    }
    for (i, ap) in asset.purls.iter().enumerate() {
        if cp.purl_keys.iter().any(|k| **k == *ap.package_key())
            && let Some(r) = decide(ap.version(), Via::Purl(index_u32(i)))
        {
            return Some(r);
        }
    }
    let v = cp.vendor?;
    for (i, &(vs, ps)) in cpe_syms.iter().enumerate() {
        if vs == Some(v)
            && ps.is_some_and(|p| cp.names.contains(&p))
            && let Some(r) = decide(asset.cpes[i].version(), Via::CpeName(index_u32(i)))
        {
            return Some(r);
        }
    }
    let id = asset.identity.as_deref()?;
    if id.vendor_key().and_then(|k| ix.vendors.get(k.as_str())) != Some(v) {
        return None;
    }
    let hit = |k: Option<&crate::normalize::ProductKey>| {
        k.and_then(|k| ix.names.get(k.as_str()))
            .is_some_and(|s| cp.names.contains(&s))
    };
    let model = if hit(id.product_key()) {
        false
    } else if hit(id.model_key()) {
        true
    } else {
        return None;
    };
    let versions = [
        (id.firmware_version.as_ref(), IdentityVersion::Firmware),
        (id.version.as_ref(), IdentityVersion::Software),
    ];
    let mut any_version = false;
    for (version, which) in versions {
        if let Some(version) = version {
            any_version = true;
            if let Some(r) = decide(Some(version), Via::Identity { model, version: which }) {
                return Some(r);
            }
        }
    }
    if any_version {
        return None;
    }
    decide(
        None,
        Via::Identity {
            model,
            version: IdentityVersion::None,
        },
    )
}

/// Whether a criterion matches one asset CPE: exactly
/// [`crate::applicability::CpeMatch::matches`], with the version parsed
/// once in the [`AssetCpe`].
#[inline]
pub(crate) fn criterion_matches(ix: &RuleIndex, c: u32, ac: &AssetCpe, attrs: &AttrSyms) -> bool {
    ix.crit_names_match(c, ac.cpe(), attrs)
        && (!ix.crit_has_range(c) || ac.version().is_some_and(|v| ix.crit_contains(c, v)))
}

#[inline]
fn finish(negate: bool, satisfied: bool, vulnerable: bool, first: Option<u32>) -> (bool, bool, Option<u32>) {
    if negate {
        (!satisfied, false, None)
    } else {
        (satisfied, vulnerable, first)
    }
}

/// A criterion's text (CPE and range), to choose among ties the same way
/// in every process.
fn criterion_key(ix: &RuleIndex, c: u32) -> (String, String) {
    let v = |x: Option<&crate::version::Version>| x.map(|v| v.to_string()).unwrap_or_default();
    let [si, se, ei, ee] = ix.crit_bounds(c);
    (
        ix.criteria[c as usize].cpe.to_string(),
        format!("{}|{}|{}|{}", v(si), v(se), v(ei), v(ee)),
    )
}

/// Evaluates a compiled node on the criterion marks with the semantics of
/// [`crate::applicability`] (`fast`): (satisfied, satisfied through a
/// vulnerable criterion, the first such criterion).
pub(crate) fn eval(ix: &RuleIndex, node: u32, marks: &[u32], generation: u32) -> (bool, bool, Option<u32>) {
    eval_with(ix, node, &|c| marks[c as usize] == generation)
}

pub(crate) fn eval_with<F: Fn(u32) -> bool>(ix: &RuleIndex, node: u32, hit: &F) -> (bool, bool, Option<u32>) {
    let n: CNode = ix.nodes[node as usize];
    let uses = &ix.uses[n.uses.0 as usize..n.uses.1 as usize];
    if uses.is_empty() && n.children.0 == n.children.1 {
        return finish(n.negate, false, false, None);
    }
    if n.and {
        let mut vulnerable = false;
        let mut first = None;
        for &c in uses {
            if !hit(c) {
                return finish(n.negate, false, false, None);
            }
            if ix.criteria[c as usize].vulnerable {
                vulnerable = true;
                first = first.or(Some(c));
            }
        }
        for child in n.children.0..n.children.1 {
            let (s, v, f) = eval_with(ix, child, hit);
            if !s {
                return finish(n.negate, false, false, None);
            }
            if v {
                vulnerable = true;
                first = first.or(f);
            }
        }
        finish(n.negate, true, vulnerable, first)
    } else {
        let mut satisfied = false;
        for &c in uses {
            if hit(c) {
                satisfied = true;
                if ix.criteria[c as usize].vulnerable {
                    return finish(n.negate, true, true, Some(c));
                }
            }
        }
        for child in n.children.0..n.children.1 {
            let (s, v, f) = eval_with(ix, child, hit);
            satisfied |= s;
            if s && v {
                return finish(n.negate, true, true, f);
            }
        }
        finish(n.negate, satisfied, false, None)
    }
}

/// Matches one asset (allocates a [`Matcher`]; in a loop, reuse one).
pub fn match_asset(index: &RuleIndex, asset: &AssetPlatform) -> Vec<Match> {
    index.matcher().match_asset(asset).to_vec()
}

/// Whether some rule applies to the asset (allocates a [`Matcher`]; in a
/// loop, reuse one).
pub fn matches_any(index: &RuleIndex, asset: &AssetPlatform) -> bool {
    index.matcher().matches_any(asset)
}

/// Assets handed to each thread at a time.
const CHUNK: usize = 256;

/// Matches every asset on `threads` threads (at least one), handing each
/// asset's matches to `on_asset(state, asset_number, matches)` with a
/// per-thread state made by `init`. Returns the states (one per thread).
/// Assets are shared out in chunks as threads become free, so which state
/// sees which asset varies from run to run; each asset's matches do not.
pub fn match_all<S, I, F>(index: &RuleIndex, assets: &[AssetPlatform], threads: usize, init: I, on_asset: F) -> Vec<S>
where
    S: Send,
    I: Fn() -> S + Sync,
    F: Fn(&mut S, usize, &[Match]) + Sync,
{
    run_parallel(index, assets.len(), threads, init, |m, s, i| {
        let found = m.match_asset(&assets[i]);
        on_asset(s, i, found);
    })
}

fn run_parallel<S, I, W>(index: &RuleIndex, n: usize, threads: usize, init: I, work: W) -> Vec<S>
where
    S: Send,
    I: Fn() -> S + Sync,
    W: Fn(&mut Matcher<'_>, &mut S, usize) + Sync,
{
    let threads = threads.clamp(1, 256).min(n.div_ceil(CHUNK).max(1));
    let next = AtomicUsize::new(0);
    let worker = || {
        let mut m = index.matcher();
        let mut state = init();
        loop {
            let start = next.fetch_add(CHUNK, Ordering::Relaxed);
            if start >= n {
                break;
            }
            for i in start..(start + CHUNK).min(n) {
                work(&mut m, &mut state, i);
            }
        }
        state
    };
    if threads == 1 {
        return vec![worker()];
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads).map(|_| scope.spawn(worker)).collect();
        handles
            .into_iter()
            .map(|h| match h.join() {
                Ok(s) => s,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    })
}

/// A match of one asset (its number in the asset slice).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AssetMatch {
    /// The asset's number.
    pub asset: u32,
    /// The match.
    pub found: Match,
}

/// Every match of every asset, sorted by asset then rule (a convenience
/// over [`match_all`]; for a million assets prefer a sink).
pub fn collect_matches(index: &RuleIndex, assets: &[AssetPlatform], threads: usize) -> Vec<AssetMatch> {
    let parts = match_all(
        index,
        assets,
        threads,
        Vec::new,
        |out: &mut Vec<AssetMatch>, i, found| {
            out.extend(found.iter().map(|&m| AssetMatch {
                asset: index_u32(i),
                found: m,
            }));
        },
    );
    let mut all: Vec<AssetMatch> = parts.into_iter().flatten().collect();
    all.sort_unstable_by_key(|m| (m.asset, m.found.rule));
    all
}

/// Incremental matching: the matches of a few new or changed `rules`
/// against indexed assets. Only assets sharing a canonical (vendor,
/// product) key or a purl package with a vulnerable criterion or a product
/// statement of the rules are examined (all assets when a vulnerable
/// criterion has a wildcard vendor or product). Rule ids in the result are
/// positions in `rules`; matches are sorted by asset then rule. Also
/// returns the index of `rules` built for the purpose, for evidence.
pub fn match_rules_against_assets(
    rules: &[VulnRule],
    assets: &AssetIndex<'_>,
    threads: usize,
) -> (RuleIndex, Vec<AssetMatch>) {
    let index = RuleIndex::from_rules(rules, assets.aliases.clone());
    let candidates = candidate_assets(&index, assets);
    let parts = run_parallel(
        &index,
        candidates.len(),
        threads,
        Vec::new,
        |m, out: &mut Vec<AssetMatch>, k| {
            let a = candidates[k];
            let found = m.match_asset(&assets.assets[a as usize]);
            out.extend(found.iter().map(|&f| AssetMatch { asset: a, found: f }));
        },
    );
    let mut all: Vec<AssetMatch> = parts.into_iter().flatten().collect();
    all.sort_unstable_by_key(|m| (m.asset, m.found.rule));
    (index, all)
}

/// The assets that can match some rule of `index`, ascending.
pub(crate) fn candidate_assets(index: &RuleIndex, assets: &AssetIndex<'_>) -> Vec<u32> {
    let n = assets.assets.len();
    let (keys, purls, everything) = index.relevant_keys();
    if everything {
        return (0..index_u32(n)).collect();
    }
    let mut seen = vec![0u64; n.div_ceil(64)];
    let mut out = Vec::new();
    let lists = keys
        .iter()
        .map(|(v, p)| assets.lookup(v, p))
        .chain(purls.iter().map(|k| assets.lookup_purl(k)));
    for list in lists {
        for &a in list {
            let (w, b) = ((a / 64) as usize, a % 64);
            if seen[w] & (1 << b) == 0 {
                seen[w] |= 1 << b;
                out.push(a);
            }
        }
    }
    out.sort_unstable();
    out
}
