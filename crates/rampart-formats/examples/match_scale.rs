//! Times the vulnerability matching engine at city scale (issue 4's
//! benchmark): a 250,000-CVE database — every real NVD record at hand
//! (`../shared/data/nvd`), the CVE 5 and CISA CSAF records at hand, and
//! generated records in NVD's shape (real records' configurations with
//! versions redrawn from the versions NVD names for the same products, so
//! vendor/product distributions and AND/OR shapes are NVD's) — against a
//! million synthetic assets built from real CPE names (devices with a
//! firmware and a hardware CPE taken from NVD's "running on" pairs,
//! servers with an OS and applications, inventory-only devices named as in
//! CISA advisories).
//!
//! A one-shot measurement, not a benchmark harness:
//!
//! ```text
//! cargo run --release -p rampart-formats --example match_scale -- [n_rules] [n_assets] [threads] [seed]
//! ```

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use rampart_core::applicability::{CpeMatch, Node, Operator};
use rampart_core::cpe::{Attribute, Component, Cpe, Part};
use rampart_core::matching::{
    AssetCpe, AssetIdentity, AssetIndex, AssetPlatform, RuleIndex, Verdict, VulnRule, match_all,
    match_rules_against_assets,
};
use rampart_core::normalize::AliasTable;
use rampart_core::version::Version;
use rampart_formats::feed::to_core;
use rampart_formats::{csaf, cve5, nvd};

/// SplitMix64: a small deterministic generator (no dependency).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

fn secs(t: Instant) -> f64 {
    t.elapsed().as_secs_f64()
}

fn status_kib(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn literal(c: &Component) -> Option<&str> {
    match c {
        Component::Value(v) if !v.has_wildcards() => Some(v.text()),
        _ => None,
    }
}

/// (part, vendor, product) of a CPE with literal names.
fn product_key(c: &Cpe) -> Option<(u8, String, String)> {
    let part = match c.part()? {
        Part::Application => b'a',
        Part::OperatingSystem => b'o',
        Part::Hardware => b'h',
    };
    Some((part, literal(c.vendor())?.to_owned(), literal(c.product())?.to_owned()))
}

/// What the real data says about products, for generating rules and assets.
#[derive(Default)]
struct Pools {
    /// Literal versions NVD names per product.
    versions: HashMap<(u8, String, String), Vec<String>>,
    /// Exact CPEs (literal version or NA) named in criteria, by part.
    exact: [Vec<Cpe>; 3],
    /// (firmware or OS criterion, hardware criterion) of AND configurations.
    pairs: Vec<(CpeMatch, CpeMatch)>,
    /// Vendor and product names of CSAF statements.
    named: Vec<(String, String, String)>,
}

fn part_slot(part: u8) -> usize {
    match part {
        b'a' => 0,
        b'o' => 1,
        _ => 2,
    }
}

fn walk_nodes<'a>(nodes: &'a [Node], out: &mut Vec<&'a CpeMatch>) {
    for n in nodes {
        out.extend(n.matches.iter());
        walk_nodes(&n.children, out);
    }
}

impl Pools {
    fn learn(&mut self, rule: &VulnRule) {
        for c in &rule.configurations {
            let mut all = Vec::new();
            walk_nodes(&c.nodes, &mut all);
            for m in &all {
                let Some(key) = product_key(&m.criteria) else { continue };
                if !m.has_version_range() {
                    match m.criteria.version() {
                        Component::Value(v) if !v.has_wildcards() => {
                            let list = self.versions.entry(key.clone()).or_default();
                            if list.len() < 400 && !list.iter().any(|x| x == v.text()) {
                                list.push(v.text().to_owned());
                            }
                            self.exact[part_slot(key.0)].push(m.criteria.clone());
                        }
                        Component::Na => self.exact[part_slot(key.0)].push(m.criteria.clone()),
                        _ => {}
                    }
                }
            }
            // "Firmware running on hardware": a vulnerable o/a criterion
            // and a non-vulnerable h criterion in one AND configuration.
            let is_and = c.operator == Operator::And || c.nodes.iter().any(|n| n.operator == Operator::And);
            if is_and && self.pairs.len() < 200_000 {
                let fw = all
                    .iter()
                    .find(|m| m.vulnerable && m.criteria.part() != Some(Part::Hardware));
                let hw = all
                    .iter()
                    .find(|m| !m.vulnerable && m.criteria.part() == Some(Part::Hardware));
                if let (Some(fw), Some(hw)) = (fw, hw) {
                    self.pairs.push(((*fw).clone(), (*hw).clone()));
                }
            }
        }
    }

    fn finish(&mut self) {
        for list in &mut self.exact {
            list.sort_by_key(Cpe::to_fs);
            list.dedup();
        }
    }

    /// A version for a criterion's product: a known one, else one of its
    /// bounds, else `1.0`.
    fn version_for(&self, rng: &mut Rng, m: &CpeMatch) -> String {
        if let Some(list) = product_key(&m.criteria).and_then(|k| self.versions.get(&k))
            && let Some(v) = rng.pick(list)
        {
            return v.clone();
        }
        [
            &m.version_start_including,
            &m.version_end_including,
            &m.version_start_excluding,
            &m.version_end_excluding,
        ]
        .into_iter()
        .flatten()
        .map(|v| v.as_str().to_owned())
        .next()
        .unwrap_or_else(|| "1.0".to_owned())
    }
}

/// A rule in NVD's shape from a real template: exact versions redrawn from
/// the product's known versions, range bounds redrawn and ordered.
fn generate(template: &VulnRule, id: String, pools: &Pools, rng: &mut Rng) -> VulnRule {
    let mut rule = VulnRule {
        id,
        configurations: template.configurations.clone(),
        products: Vec::new(),
    };
    fn mutate(nodes: &mut [Node], pools: &Pools, rng: &mut Rng) {
        for n in nodes {
            for m in &mut n.matches {
                let Some(known) = product_key(&m.criteria).and_then(|k| pools.versions.get(&k)) else {
                    continue;
                };
                if known.len() < 2 {
                    continue;
                }
                if m.has_version_range() {
                    let (a, b) = (
                        Version::parse(&known[rng.below(known.len())]),
                        Version::parse(&known[rng.below(known.len())]),
                    );
                    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
                    if m.version_start_including.is_some() || m.version_start_excluding.is_some() {
                        m.version_start_including = Some(lo);
                        m.version_start_excluding = None;
                    }
                    m.version_end_excluding = Some(hi);
                    m.version_end_including = None;
                } else if matches!(m.criteria.version(), Component::Value(_))
                    && let Some(v) = rng.pick(known)
                    && let Ok(c) = Component::literal(v)
                    && let Ok(cpe) = m.criteria.with(Attribute::Version, c)
                {
                    m.criteria = cpe;
                }
            }
            mutate(&mut n.children, pools, rng);
        }
    }
    for c in &mut rule.configurations {
        mutate(&mut c.nodes, pools, rng);
    }
    rule
}

/// Shares `AssetCpe`s between assets.
#[derive(Default)]
struct CpeCache(HashMap<String, Arc<AssetCpe>>);

impl CpeCache {
    fn get(&mut self, cpe: Cpe) -> Arc<AssetCpe> {
        self.0
            .entry(cpe.to_fs())
            .or_insert_with(|| Arc::new(AssetCpe::new(cpe)))
            .clone()
    }
}

fn with_version(c: &Cpe, v: &str) -> Option<Cpe> {
    c.with(Attribute::Version, Component::literal(v).ok()?).ok()
}

fn make_asset(pools: &Pools, rng: &mut Rng, cache: &mut CpeCache) -> AssetPlatform {
    let roll = rng.below(100);
    let mut a = AssetPlatform::default();
    if roll < 35 {
        // A device: firmware (or OS) plus hardware.
        if let Some((fw, hw)) = rng.pick(&pools.pairs) {
            let v = pools.version_for(rng, fw);
            let base = fw
                .criteria
                .with(Attribute::Version, Component::Any)
                .unwrap_or_else(|_| fw.criteria.clone());
            if let Some(c) = with_version(&base, &v) {
                a.cpes.push(cache.get(c));
            }
            a.cpes.push(cache.get(hw.criteria.clone()));
        }
    } else if roll < 75 {
        // A server or workstation: an OS and one to three applications.
        if let Some(os) = rng.pick(&pools.exact[1]) {
            a.cpes.push(cache.get(os.clone()));
        }
        for _ in 0..1 + rng.below(3) {
            if let Some(app) = rng.pick(&pools.exact[0]) {
                a.cpes.push(cache.get(app.clone()));
            }
        }
    } else if roll < 90 {
        // One CPE of any kind.
        let slot = rng.below(3);
        if let Some(c) = rng.pick(&pools.exact[slot]) {
            a.cpes.push(cache.get(c.clone()));
        }
    } else if let Some((vendor, product, version)) = rng.pick(&pools.named) {
        // An inventory-only device named as in an advisory.
        let v = if rng.chance(50) {
            version.clone()
        } else {
            format!("{version}.{}", rng.below(9))
        };
        a.identity = Some(Arc::new(AssetIdentity::new(
            Some(vendor),
            Some(product),
            None,
            None,
            Some(&v),
        )));
    }
    a
}

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |i: usize, d: usize| args.get(i).and_then(|s| s.parse().ok()).unwrap_or(d);
    let (n_rules, n_assets, threads, seed) = (arg(1, 250_000), arg(2, 1_000_000), arg(3, 2), arg(4, 42) as u64);
    let mut rng = Rng(seed);
    let data = shared();
    if !data.join("nvd").is_dir() {
        eprintln!("match_scale needs ../shared/data/nvd (real NVD feeds); not found");
        return;
    }

    // 1. Real records.
    let t = Instant::now();
    let mut problems = Vec::new();
    let mut by_id: HashMap<String, VulnRule> = HashMap::new();
    let mut files: Vec<PathBuf> = ["nvd/feeds-1.1", "nvd/subsets"]
        .iter()
        .filter_map(|d| std::fs::read_dir(data.join(d)).ok())
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".json.gz"))
        .collect();
    files.sort_by_key(|p| {
        let n = p.to_string_lossy().into_owned();
        (n.contains("modified") || n.contains("recent"), n)
    });
    let mut n_records = 0;
    for f in &files {
        match nvd::read_feed_file(f) {
            Ok(report) => {
                n_records += report.records.len();
                for r in &report.records {
                    let rule = to_core::vuln_rule(r, &mut problems);
                    by_id.insert(rule.id.clone(), rule);
                }
            }
            Err(e) => eprintln!("{e}"),
        }
    }
    let mut nvd_rules: Vec<VulnRule> = by_id.into_values().collect();
    nvd_rules.sort_by(|a, b| a.id.cmp(&b.id));
    let mut other_rules = Vec::new();
    if let Ok(report) = cve5::read_path(&data.join("cve5/vulnrichment-cve5-sample.shared.jsonl.gz")) {
        other_rules.extend(report.records.iter().map(|r| to_core::vuln_rule(r, &mut problems)));
    }
    let mut pools = Pools::default();
    if let Ok(report) = csaf::read_dir(&data.join("csaf/cisa-ics")) {
        for a in &report.advisories {
            for rule in to_core::csaf_rules(&a.advisory, &mut problems) {
                for p in &rule.products {
                    if let (Some(v), Some(pr), Some(ver)) = (
                        &p.vendor,
                        &p.product,
                        p.versions.iter().find_map(|e| match &e.selector {
                            rampart_core::matching::VersionSel::Exact(v) => Some(v.as_str().to_owned()),
                            rampart_core::matching::VersionSel::Range {
                                end: Some(rampart_core::matching::Bound::Excluding(v)),
                                ..
                            } => Some(v.as_str().to_owned()),
                            _ => None,
                        }),
                    ) {
                        pools.named.push((v.clone(), pr.clone(), ver));
                    }
                }
                other_rules.push(rule);
            }
        }
    }
    let t_load = secs(t);
    println!(
        "real data: {} NVD files, {n_records} NVD records -> {} CVEs, {} CVE 5 / CSAF rules, {} conversion problems ({t_load:.1} s)",
        files.len(),
        nvd_rules.len(),
        other_rules.len(),
        problems.len()
    );
    drop(problems);

    // 2. Pools from the real data.
    for r in &nvd_rules {
        pools.learn(r);
    }
    pools.finish();
    println!(
        "pools: {} products with known versions, exact CPEs a/o/h {}/{}/{}, {} firmware-on-hardware pairs, {} named CSAF products",
        pools.versions.len(),
        pools.exact[0].len(),
        pools.exact[1].len(),
        pools.exact[2].len(),
        pools.pairs.len(),
        pools.named.len()
    );

    // 3. The rule index: real rules, then generated ones up to n_rules.
    let t_all = Instant::now();
    let mut t_add = 0.0;
    let mut ix = RuleIndex::new(AliasTable::default());
    for r in nvd_rules.iter().chain(&other_rules) {
        let t = Instant::now();
        ix.add(r);
        t_add += secs(t);
    }
    let real = ix.len();
    let templates: Vec<usize> = (0..nvd_rules.len())
        .filter(|&i| !nvd_rules[i].configurations.is_empty())
        .collect();
    let mut g = 0usize;
    while ix.len() < n_rules && !templates.is_empty() {
        let template = &nvd_rules[templates[rng.below(templates.len())]];
        let rule = generate(template, format!("CVE-2099-{g:07}"), &pools, &mut rng);
        g += 1;
        let t = Instant::now();
        ix.add(&rule);
        t_add += secs(t);
    }
    let t = Instant::now();
    ix.finish();
    t_add += secs(t);
    let t_rules = secs(t_all);
    let s = ix.stats();
    println!(
        "rules: {} ({real} real, {g} generated); {} configurations, {} criterion uses, {} distinct criteria, {} product statements, {} buckets, {} fallback criteria, {} vendor / {} product symbols",
        s.rules,
        s.configurations,
        s.criterion_uses,
        s.distinct_criteria,
        s.product_statements,
        s.buckets,
        s.fallback_criteria,
        s.vendor_symbols,
        s.product_symbols
    );
    println!(
        "largest lists: {} range criteria in one bucket, {} unversioned, {} configurations per criterion, {} entries per statement",
        s.max_ranged, s.max_unversioned, s.max_users, s.max_entries
    );
    println!("index build (compile + index, add() calls)      {t_add:8.2} s   (with generation {t_rules:.2} s)");
    println!(
        "  RSS after index                              {:8.0} MiB",
        mib(status_kib("VmRSS:"))
    );

    // 4. Assets.
    let t = Instant::now();
    let mut cache = CpeCache::default();
    let assets: Vec<AssetPlatform> = (0..n_assets)
        .map(|_| make_asset(&pools, &mut rng, &mut cache))
        .collect();
    let distinct = cache.0.len();
    drop(cache);
    let n_cpes: usize = assets.iter().map(|a| a.cpes.len()).sum();
    println!(
        "assets: {n_assets} ({n_cpes} CPEs, {distinct} distinct; {} inventory-only) generated in {:.2} s",
        assets.iter().filter(|a| a.identity.is_some()).count(),
        secs(t)
    );
    println!(
        "  RSS after assets                             {:8.0} MiB",
        mib(status_kib("VmRSS:"))
    );

    // 5a. Where the time goes: the slowest of a sample of assets.
    {
        let mut m = ix.matcher();
        let mut timed: Vec<(f64, usize, usize)> = assets
            .iter()
            .take(20_000)
            .enumerate()
            .map(|(i, a)| {
                let t = Instant::now();
                let n = m.match_asset(a).len();
                (secs(t), i, n)
            })
            .collect();
        let total: f64 = timed.iter().map(|x| x.0).sum();
        timed.sort_by(|a, b| b.0.total_cmp(&a.0));
        let top: f64 = timed.iter().take(200).map(|x| x.0).sum();
        println!(
            "sample of {} assets: {:.1} µs/asset single-threaded; the slowest 1% take {:.0}% of the time",
            timed.len(),
            total * 1e6 / timed.len().max(1) as f64,
            100.0 * top / total.max(1e-9)
        );
        for (t, i, n) in timed.iter().take(8) {
            let a = &assets[*i];
            println!(
                "  {:8.1} µs {n:5} matches  {}",
                t * 1e6,
                a.cpes
                    .iter()
                    .map(|c| c.cpe().to_string())
                    .chain(a.identity.iter().map(|id| format!("{:?} {:?}", id.vendor, id.product)))
                    .collect::<Vec<_>>()
                    .join(" + ")
            );
        }
    }

    // 5. Full match on `threads` threads.
    let t = Instant::now();
    let n_rules_ix = ix.len();
    let sinks = match_all(
        &ix,
        &assets,
        threads,
        || ([0u64; 3], 0u64, vec![0u32; n_rules_ix]),
        |(counts, assets_hit, per_rule), _, found| {
            if !found.is_empty() {
                *assets_hit += 1;
            }
            for m in found {
                let k = match m.verdict {
                    Verdict::Affected => 0,
                    Verdict::NotAffected => 1,
                    Verdict::Undetermined => 2,
                };
                counts[k] += 1;
                per_rule[m.rule.index()] += 1;
            }
        },
    );
    let t_full = secs(t);
    let mut counts = [0u64; 3];
    let mut assets_hit = 0;
    let mut per_rule = vec![0u32; n_rules_ix];
    for (c, h, p) in sinks {
        for k in 0..3 {
            counts[k] += c[k];
        }
        assets_hit += h;
        for (a, b) in per_rule.iter_mut().zip(p) {
            *a += b;
        }
    }
    println!(
        "full match {n_assets} assets x {n_rules_ix} rules on {threads} threads  {t_full:8.2} s   ({:.1} µs/asset/thread; {assets_hit} assets with matches; {} affected, {} not affected, {} undetermined)",
        t_full * 1e6 * threads as f64 / n_assets as f64,
        counts[0],
        counts[1],
        counts[2]
    );

    // 6. Incremental: 1,000 new or changed rules.
    let t = Instant::now();
    let asset_index = AssetIndex::new(&assets, ix.aliases().clone());
    let t_aix = secs(t);
    let mut changed: Vec<VulnRule> = Vec::new();
    let mut changed_from: Vec<Option<usize>> = Vec::new();
    for _ in 0..500 {
        let i = rng.below(nvd_rules.len());
        changed.push(nvd_rules[i].clone());
        changed_from.push(Some(i));
    }
    for k in 0..500 {
        if templates.is_empty() {
            break;
        }
        let template = &nvd_rules[templates[rng.below(templates.len())]];
        changed.push(generate(template, format!("CVE-2100-{k:07}"), &pools, &mut rng));
        changed_from.push(None);
    }
    let t = Instant::now();
    let (small, found) = match_rules_against_assets(&changed, &asset_index, threads);
    let t_inc = secs(t);
    // The re-matched real rules must give what the full match gave them.
    let mut inc_per_rule = vec![0u32; small.len()];
    for m in &found {
        inc_per_rule[m.found.rule.index()] += 1;
    }
    let mismatches = changed_from
        .iter()
        .enumerate()
        .filter(|(k, from)| from.is_some_and(|i| per_rule[i] != inc_per_rule[*k]))
        .count();
    println!(
        "asset index ({} keys)                          {t_aix:8.2} s",
        asset_index.key_count()
    );
    println!(
        "incremental {} changed rules vs {n_assets} assets        {t_inc:8.3} s   ({} matches; {mismatches} of 500 re-matched real rules disagree with the full match)",
        changed.len(),
        found.len()
    );
    println!(
        "peak RSS (VmHWM)                             {:8.0} MiB",
        mib(status_kib("VmHWM:"))
    );
}
