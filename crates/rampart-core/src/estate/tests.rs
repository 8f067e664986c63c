//! Cross-cutting tests of the estate analyses: a deliberately naive reference
//! implementation (fixpoint propagation, exhaustive enumeration, all simple
//! paths) compared with the real one on random graphs, and metamorphic
//! properties (adding redundancy, failing more, removing edges).

use std::collections::HashMap;

use proptest::prelude::*;

use super::blast::blast_radius;
use super::likelihood::{LikelihoodOptions, failure_likelihood};
use super::paths::{AttackGraph, AttackNode, k_shortest_paths};
use super::spof::single_points_of_failure;
use super::*;

// ---------------------------------------------------------------- helpers

pub(crate) fn asset(zone: ZoneIdx) -> AssetProfile {
    AssetProfile {
        asset_type: AssetType::Plc,
        zone,
        exposure: Exposure::Internal,
        vulns: VulnSummary::default(),
        iot: IotSecurity::HARDENED,
    }
}

pub(crate) fn service(population: u64) -> ServiceProfile {
    ServiceProfile {
        criticality: Criticality {
            population_served: population,
            ..Criticality::default()
        },
        rto_minutes: 240,
    }
}

/// A small estate: nodes `0..n_assets` are assets (ids 100+i), the rest
/// services; `reqs` = (owner, k, members).
pub(crate) fn small(n_assets: u32, n_services: u32, reqs: &[(u32, u32, &[u32])]) -> EstateGraph {
    let spec = Spec {
        n_assets,
        n_services,
        groups: reqs.iter().map(|(o, k, m)| (*o, *k, m.to_vec())).collect(),
    };
    spec.build()
}

/// A random requirement graph.
#[derive(Debug, Clone)]
pub(crate) struct Spec {
    pub(crate) n_assets: u32,
    pub(crate) n_services: u32,
    pub(crate) groups: Vec<(u32, u32, Vec<u32>)>,
}

impl Spec {
    fn n(&self) -> usize {
        (self.n_assets + self.n_services) as usize
    }

    pub(crate) fn build(&self) -> EstateGraph {
        let mut b = EstateBuilder::new();
        let z = b.add_zone(Zone::new(1, ZoneKind::ControlOt));
        for i in 0..self.n_assets {
            b.add_asset(100 + i64::from(i), asset(z));
        }
        for i in 0..self.n_services {
            b.add_service(100 + i64::from(self.n_assets + i), service(10 * u64::from(i + 1)));
        }
        for (o, k, m) in &self.groups {
            let m: Vec<NodeIdx> = m.iter().map(|&x| NodeIdx(x)).collect();
            b.require(NodeIdx(*o), *k, &m);
        }
        b.build().unwrap()
    }
}

/// Tiny deterministic generator for test graphs (proptest draws the seed).
struct TestRng(u64);

impl TestRng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// `tree`: each node is a member of at most one group, and members have
/// higher indices than owners (a forest, where independence is exact).
/// `acyclic`: members have higher indices than owners.
fn random_spec(seed: u64, max_nodes: u64, tree: bool, acyclic: bool) -> Spec {
    let mut r = TestRng(seed | 1);
    let n = 2 + r.below(max_nodes - 1) as u32;
    let n_services = r.below(u64::from(n) / 2 + 1) as u32;
    let n_assets = n - n_services;
    let mut groups = Vec::new();
    let mut used = vec![false; n as usize];
    for owner in 0..n {
        let n_groups = r.below(3);
        for _ in 0..n_groups {
            let size = 1 + r.below(4) as u32;
            let mut members = Vec::new();
            for _ in 0..size * 3 {
                if members.len() as u32 == size {
                    break;
                }
                let m = if tree || acyclic {
                    if owner + 1 >= n {
                        break;
                    }
                    owner + 1 + r.below(u64::from(n - owner - 1)) as u32
                } else {
                    r.below(u64::from(n)) as u32
                };
                if members.contains(&m) || (tree && used[m as usize]) {
                    continue;
                }
                members.push(m);
            }
            if members.is_empty() {
                continue;
            }
            if tree {
                for &m in &members {
                    used[m as usize] = true;
                }
            }
            let k = 1 + r.below(members.len() as u64) as u32;
            groups.push((owner, k, members));
        }
    }
    Spec {
        n_assets,
        n_services,
        groups,
    }
}

// ---------------------------------------------------------------- naive reference

/// Nodes down when `failed` fail: iterate "a node is down if failed or some
/// group has more than n − k members down" until nothing changes.
fn naive_down(spec: &Spec, failed: &[bool]) -> Vec<bool> {
    let mut down = failed.to_vec();
    loop {
        let mut changed = false;
        for (o, k, m) in &spec.groups {
            let d = m.iter().filter(|&&x| down[x as usize]).count();
            if !down[*o as usize] && d > m.len() - *k as usize {
                down[*o as usize] = true;
                changed = true;
            }
        }
        if !changed {
            return down;
        }
    }
}

/// Exact P(down) of every node by enumerating all 2^n own-failure combinations.
fn naive_likelihood(spec: &Spec, q: &[f64]) -> Vec<f64> {
    let n = spec.n();
    let mut p_down = vec![0.0; n];
    for mask in 0u32..1 << n {
        let failed: Vec<bool> = (0..n).map(|i| mask >> i & 1 == 1).collect();
        let p: f64 = (0..n).map(|i| if failed[i] { q[i] } else { 1.0 - q[i] }).product();
        for (i, d) in naive_down(spec, &failed).iter().enumerate() {
            if *d {
                p_down[i] += p;
            }
        }
    }
    p_down
}

// ---------------------------------------------------------------- properties

fn failed_set(seed: u64, n: usize) -> Vec<bool> {
    let mut r = TestRng(seed | 1);
    (0..n).map(|_| r.below(4) == 0).collect()
}

fn q_vector(seed: u64, n: usize) -> Vec<f64> {
    let mut r = TestRng(seed | 1);
    (0..n)
        .map(|_| match r.below(5) {
            0 => 0.0,
            1 => 1.0,
            _ => r.unit(),
        })
        .collect()
}

fn down_of(g: &EstateGraph, failed: &[bool]) -> Vec<bool> {
    let f: Vec<NodeIdx> = (0..failed.len())
        .filter(|&i| failed[i])
        .map(|i| NodeIdx(i as u32))
        .collect();
    let r = blast_radius(g, &f).unwrap();
    let mut d = vec![false; failed.len()];
    for v in r.down_nodes() {
        d[v.index()] = true;
    }
    d
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 400,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// Blast radius agrees with naive fixpoint propagation (k-of-n groups, cycles).
    #[test]
    fn estate_blast_matches_naive_fixpoint(seed in any::<u64>(), fseed in any::<u64>()) {
        let spec = random_spec(seed, 14, false, false);
        let g = spec.build();
        let failed = failed_set(fseed, spec.n());
        prop_assert_eq!(down_of(&g, &failed), naive_down(&spec, &failed));
    }

    /// Failing a superset never shrinks the blast radius.
    #[test]
    fn estate_blast_is_monotone_in_the_failed_set(seed in any::<u64>(), f1 in any::<u64>(), f2 in any::<u64>()) {
        let spec = random_spec(seed, 14, false, false);
        let g = spec.build();
        let small = failed_set(f1, spec.n());
        let more: Vec<bool> = small.iter().zip(failed_set(f2, spec.n())).map(|(a, b)| *a || b).collect();
        let (d1, d2) = (down_of(&g, &small), down_of(&g, &more));
        prop_assert!(d1.iter().zip(&d2).all(|(a, b)| !*a || *b));
    }

    /// SPOF sets agree with failing each node alone and propagating naively.
    #[test]
    fn estate_spof_matches_naive_single_failures(seed in any::<u64>()) {
        let spec = random_spec(seed, 14, false, false);
        let g = spec.build();
        let n = spec.n();
        let targets: Vec<NodeIdx> = (0..n as u32).map(NodeIdx).collect();
        let report = single_points_of_failure(&g, &targets).unwrap();
        for t in &report.targets {
            let expected: Vec<NodeIdx> = (0..n)
                .filter(|&x| x != t.target.index())
                .filter(|&x| {
                    let mut f = vec![false; n];
                    f[x] = true;
                    naive_down(&spec, &f)[t.target.index()]
                })
                .map(|x| NodeIdx(x as u32))
                .collect();
            prop_assert_eq!(&t.killers, &expected, "target {:?}", t.target);
        }
    }

    /// Adding a member to a requirement (redundancy) never adds a SPOF.
    #[test]
    fn estate_spof_redundancy_never_adds(seed in any::<u64>(), pick in any::<u64>()) {
        let spec = random_spec(seed, 12, false, false);
        prop_assume!(!spec.groups.is_empty());
        let mut more = spec.clone();
        more.n_assets += 1;
        // shift services up by one so the new asset gets index n_assets
        let new = spec.n_assets;
        let shift = |x: u32| if x >= new { x + 1 } else { x };
        for (o, _, m) in &mut more.groups {
            *o = shift(*o);
            for x in m.iter_mut() { *x = shift(*x); }
        }
        let gi = (pick % spec.groups.len() as u64) as usize;
        more.groups[gi].2.push(new);
        let targets: Vec<NodeIdx> = (0..spec.n() as u32).map(NodeIdx).collect();
        let targets_more: Vec<NodeIdx> = targets.iter().map(|t| NodeIdx(shift(t.0))).collect();
        let a = single_points_of_failure(&spec.build(), &targets).unwrap();
        let b = single_points_of_failure(&more.build(), &targets_more).unwrap();
        for (x, y) in a.targets.iter().zip(&b.targets) {
            for k in &y.killers {
                prop_assert!(k.0 == new || x.killers.iter().any(|kx| shift(kx.0) == k.0));
            }
        }
    }

    /// On forests the independence assumption is exact: agreement with
    /// exhaustive enumeration of all failure combinations.
    #[test]
    fn estate_likelihood_exact_on_trees(seed in any::<u64>(), qseed in any::<u64>()) {
        let spec = random_spec(seed, 11, true, true);
        let q = q_vector(qseed, spec.n());
        let r = failure_likelihood(&spec.build(), &q, &LikelihoodOptions::default()).unwrap();
        let exact = naive_likelihood(&spec, &q);
        for (i, (got, exp)) in r.p_down.iter().zip(&exact).enumerate() {
            prop_assert!((got - exp).abs() < 1e-9, "node {}: {} vs {}", i, got, exp);
        }
    }

    /// Adding redundancy (a member, or lowering k) or hardening a node never
    /// raises a failure likelihood (requirement DAGs, see docs/analysis.md).
    #[test]
    fn estate_likelihood_redundancy_never_raises(seed in any::<u64>(), qseed in any::<u64>(), pick in any::<u64>()) {
        let spec = random_spec(seed, 12, false, true);
        prop_assume!(!spec.groups.is_empty());
        let n = spec.n();
        let q = q_vector(qseed, n + 1);
        let opts = LikelihoodOptions::default();
        let base = failure_likelihood(&spec.build(), &q[..n], &opts).unwrap();
        let gi = (pick % spec.groups.len() as u64) as usize;

        // a: lower k
        let mut lower = spec.clone();
        if lower.groups[gi].1 > 1 { lower.groups[gi].1 -= 1; }
        let a = failure_likelihood(&lower.build(), &q[..n], &opts).unwrap();
        // b: add a member: an existing node after the owner not yet in the group
        let mut wider = spec.clone();
        let owner = wider.groups[gi].0;
        if let Some(m) = (owner + 1..n as u32).find(|m| !wider.groups[gi].2.contains(m)) {
            wider.groups[gi].2.push(m);
        }
        let b = failure_likelihood(&wider.build(), &q[..n], &opts).unwrap();
        // c: harden a node
        let mut q2 = q[..n].to_vec();
        let hv = (pick / 7 % n as u64) as usize;
        q2[hv] *= 0.5;
        let c = failure_likelihood(&spec.build(), &q2, &opts).unwrap();
        for i in 0..n {
            prop_assert!(a.p_down[i] <= base.p_down[i] + 1e-12);
            prop_assert!(b.p_down[i] <= base.p_down[i] + 1e-12);
            prop_assert!(c.p_down[i] <= base.p_down[i] + 1e-12);
        }
    }

    /// Probabilities stay in [0, 1] on arbitrary graphs, cycles included.
    #[test]
    fn estate_likelihood_is_a_probability(seed in any::<u64>(), qseed in any::<u64>()) {
        let spec = random_spec(seed, 16, false, false);
        let q = q_vector(qseed, spec.n());
        let r = failure_likelihood(&spec.build(), &q, &LikelihoodOptions::default()).unwrap();
        for (i, p) in r.p_down.iter().enumerate() {
            prop_assert!((0.0..=1.0).contains(p));
            prop_assert!(*p >= q[i] - 1e-12);
        }
    }
}

// ---------------------------------------------------------------- likelihood on cycles

proptest! {
    #![proptest_config(config())]

    /// A ring of plain dependencies, each node with its own outside asset:
    /// exact (any failure takes the whole ring down).
    #[test]
    fn estate_likelihood_exact_on_plain_rings(len in 1u32..6, qseed in any::<u64>()) {
        // services 0..len in a ring, asset len+i for service i
        let mut groups = Vec::new();
        for i in 0..len {
            groups.push((len + i, 1, vec![len + (i + 1) % len]));
            groups.push((len + i, 1, vec![i]));
        }
        let spec = Spec { n_assets: len, n_services: len, groups };
        let q = q_vector(qseed, spec.n());
        let r = failure_likelihood(&spec.build(), &q, &LikelihoodOptions::default()).unwrap();
        let exact = naive_likelihood(&spec, &q);
        for (got, exp) in r.p_down.iter().zip(&exact) {
            prop_assert!((got - exp).abs() < 1e-9);
        }
    }
}

// ---------------------------------------------------------------- attack paths

/// A random attack estate: zones, assets with exploit probabilities,
/// conduits, flows and asset dependencies.
#[derive(Debug, Clone)]
struct AttackSpec {
    zones: Vec<bool>,
    /// (zone, extra zone, internet exposed, p_exploit)
    assets: Vec<(u32, Option<u32>, bool, f64)>,
    conduits: Vec<(u32, u32, f64)>,
    flows: Vec<(u32, u32)>,
    deps: Vec<(u32, u32)>,
}

fn random_attack(seed: u64) -> AttackSpec {
    let mut r = TestRng(seed | 1);
    let nz = 1 + r.below(5) as u32;
    let na = 1 + r.below(10) as u32;
    let zones = (0..nz).map(|_| r.below(3) == 0).collect();
    let p = |r: &mut TestRng| match r.below(6) {
        0 => 1.0,
        1 => 0.0,
        _ => 0.05 + 0.9 * r.unit(),
    };
    let assets = (0..na)
        .map(|_| {
            let z = r.below(u64::from(nz)) as u32;
            let extra = (r.below(4) == 0).then(|| r.below(u64::from(nz)) as u32);
            (z, extra, r.below(4) == 0, p(&mut r))
        })
        .collect();
    let conduits = (0..r.below(8))
        .map(|_| (r.below(u64::from(nz)) as u32, r.below(u64::from(nz)) as u32, p(&mut r)))
        .collect();
    let pairs = |r: &mut TestRng, count: u64| -> Vec<(u32, u32)> {
        (0..count)
            .map(|_| (r.below(u64::from(na)) as u32, r.below(u64::from(na)) as u32))
            .filter(|(a, b)| a != b)
            .collect()
    };
    let nf = r.below(14);
    let flows = pairs(&mut r, nf);
    let nd = r.below(6);
    let mut deps = pairs(&mut r, nd);
    deps.sort();
    deps.dedup();
    AttackSpec {
        zones,
        assets,
        conduits,
        flows,
        deps,
    }
}

impl AttackSpec {
    fn build(&self) -> (EstateGraph, Vec<f64>) {
        let mut b = EstateBuilder::new();
        for (i, &u) in self.zones.iter().enumerate() {
            b.add_zone(Zone {
                id: i as i64,
                kind: ZoneKind::Other,
                untrusted: u,
            });
        }
        for (i, a) in self.assets.iter().enumerate() {
            let mut p = asset(ZoneIdx(a.0));
            if a.2 {
                p.exposure = Exposure::Internet;
            }
            let v = b.add_asset(i as i64, p);
            if let Some(z) = a.1 {
                b.add_interface(v, ZoneIdx(z));
            }
        }
        for (i, c) in self.conduits.iter().enumerate() {
            b.add_conduit(Conduit {
                from: ZoneIdx(c.0),
                to: ZoneIdx(c.1),
                protocol_note: i as u32,
                traversal_likelihood: c.2,
            });
        }
        for f in &self.flows {
            b.add_flow(DataFlow {
                from: NodeIdx(f.0),
                to: NodeIdx(f.1),
                data_classes: DataClasses::NONE,
                encrypted: false,
            });
        }
        for &(owner, member) in &self.deps {
            b.depends_on(NodeIdx(owner), NodeIdx(member));
        }
        (b.build().unwrap(), self.assets.iter().map(|a| a.3).collect())
    }

    /// Costs of all simple paths from sources to targets, ascending, found by
    /// exhaustive search over an independently built edge map.
    fn naive_costs(&self, sources: &[AttackNode], targets: &[u32]) -> Vec<f64> {
        let cost = |p: f64| -> Option<f64> { (p > 0.0).then(|| (-p.ln()).max(0.0)) };
        let mut edges: HashMap<AttackNode, HashMap<AttackNode, f64>> = HashMap::new();
        let mut add = |u: AttackNode, v: AttackNode, c: Option<f64>| {
            if let Some(c) = c {
                let e = edges.entry(u).or_default().entry(v).or_insert(c);
                *e = e.min(c);
            }
        };
        let a_node = |i: u32| AttackNode::Asset(NodeIdx(i));
        for (i, a) in self.assets.iter().enumerate() {
            let i = i as u32;
            let mut zs = vec![a.0];
            zs.extend(a.1);
            for z in zs {
                add(AttackNode::Zone(ZoneIdx(z)), a_node(i), cost(a.3));
                add(a_node(i), AttackNode::Zone(ZoneIdx(z)), Some(0.0));
            }
            if a.2 {
                add(AttackNode::Internet, a_node(i), cost(a.3));
            }
        }
        for c in &self.conduits {
            add(
                AttackNode::Zone(ZoneIdx(c.0)),
                AttackNode::Zone(ZoneIdx(c.1)),
                cost(c.2),
            );
        }
        for f in &self.flows {
            add(a_node(f.0), a_node(f.1), cost(self.assets[f.1 as usize].3));
        }
        for &(owner, member) in &self.deps {
            add(a_node(member), a_node(owner), cost(self.assets[owner as usize].3));
        }
        let is_target = |v: &AttackNode| matches!(v, AttackNode::Asset(x) if targets.contains(&x.0));
        let mut out = Vec::new();
        fn dfs(
            v: AttackNode,
            acc: f64,
            path: &mut Vec<AttackNode>,
            edges: &HashMap<AttackNode, HashMap<AttackNode, f64>>,
            sources: &[AttackNode],
            is_target: &dyn Fn(&AttackNode) -> bool,
            out: &mut Vec<f64>,
        ) {
            if is_target(&v) {
                out.push(acc);
                return;
            }
            if let Some(next) = edges.get(&v) {
                for (w, c) in next {
                    if path.contains(w) || sources.contains(w) {
                        continue;
                    }
                    path.push(*w);
                    dfs(*w, acc + c, path, edges, sources, is_target, out);
                    path.pop();
                }
            }
        }
        for &s in sources {
            dfs(s, 0.0, &mut vec![s], &edges, sources, &is_target, &mut out);
        }
        out.sort_by(f64::total_cmp);
        out
    }
}

fn attack_query(spec: &AttackSpec, tseed: u64) -> (Vec<AttackNode>, Vec<u32>) {
    let mut r = TestRng(tseed | 1);
    let mut sources = vec![AttackNode::Internet];
    for (i, &u) in spec.zones.iter().enumerate() {
        if u {
            sources.push(AttackNode::Zone(ZoneIdx(i as u32)));
        }
    }
    let na = spec.assets.len() as u64;
    let mut targets: Vec<u32> = (0..1 + r.below(2)).map(|_| r.below(na) as u32).collect();
    targets.sort();
    targets.dedup();
    (sources, targets)
}

proptest! {
    #![proptest_config(config())]

    /// Yen's k shortest loopless paths agree with exhaustive enumeration.
    #[test]
    fn estate_paths_match_exhaustive_enumeration(seed in any::<u64>(), tseed in any::<u64>(), k in 1usize..9) {
        let spec = random_attack(seed);
        let (g, p) = spec.build();
        let ag = AttackGraph::new(&g, &p).unwrap();
        let (sources, targets) = attack_query(&spec, tseed);
        let t: Vec<NodeIdx> = targets.iter().map(|&x| NodeIdx(x)).collect();
        let got = k_shortest_paths(&ag, &sources, &t, k).unwrap();
        let all = spec.naive_costs(&sources, &targets);
        prop_assert_eq!(got.len(), all.len().min(k));
        for (path, exp) in got.iter().zip(&all) {
            prop_assert!((path.cost - exp).abs() < 1e-9, "{} vs {}", path.cost, exp);
            // every path is loopless and runs from a source to a target
            prop_assert!(sources.contains(&path.start));
            prop_assert!(matches!(path.end(), AttackNode::Asset(x) if targets.contains(&x.0)));
            let mut seen = vec![path.start];
            for h in &path.hops {
                prop_assert!(!seen.contains(&h.to));
                seen.push(h.to);
            }
        }
        for w in got.windows(2) {
            prop_assert!(w[0].cost <= w[1].cost + 1e-12);
        }
    }

    /// Removing an edge (a conduit, a flow, a dependency or an internet
    /// exposure) never adds a path nor makes the i-th best one cheaper.
    #[test]
    fn estate_paths_removing_an_edge_never_helps(seed in any::<u64>(), tseed in any::<u64>(), pick in any::<u64>()) {
        let spec = random_attack(seed);
        let (sources, targets) = attack_query(&spec, tseed);
        let t: Vec<NodeIdx> = targets.iter().map(|&x| NodeIdx(x)).collect();
        let mut less = spec.clone();
        match pick % 4 {
            0 if !less.conduits.is_empty() => { let i = (pick / 4) as usize % less.conduits.len(); less.conduits.remove(i); }
            1 if !less.flows.is_empty() => { let i = (pick / 4) as usize % less.flows.len(); less.flows.remove(i); }
            2 if !less.deps.is_empty() => { let i = (pick / 4) as usize % less.deps.len(); less.deps.remove(i); }
            _ => { let i = (pick / 4) as usize % less.assets.len(); less.assets[i].2 = false; }
        }
        let (g1, p1) = spec.build();
        let (g2, p2) = less.build();
        let a = k_shortest_paths(&AttackGraph::new(&g1, &p1).unwrap(), &sources, &t, 5).unwrap();
        let b = k_shortest_paths(&AttackGraph::new(&g2, &p2).unwrap(), &sources, &t, 5).unwrap();
        prop_assert!(b.len() <= a.len());
        for (x, y) in a.iter().zip(&b) {
            prop_assert!(y.cost >= x.cost - 1e-12);
        }
    }
}

#[test]
fn estate_paths_explain_each_hop() {
    // internet -> web server (DMZ) -> pivot DMZ -> conduit DMZ->OT -> PLC
    let mut b = EstateBuilder::new();
    let dmz = b.add_zone(Zone::new(1, ZoneKind::Dmz));
    let ot = b.add_zone(Zone::new(2, ZoneKind::ControlOt));
    let c = b.add_conduit(Conduit {
        from: dmz,
        to: ot,
        protocol_note: 42,
        traversal_likelihood: 0.5,
    });
    let mut web = asset(dmz);
    web.exposure = Exposure::Internet;
    b.add_asset(1, web);
    let plc = b.add_asset(2, asset(ot));
    let svc = b.add_service(3, service(1000));
    b.depends_on(svc, plc);
    let g = b.build().unwrap();
    let ag = AttackGraph::new(&g, &[0.8, 0.25, 0.0]).unwrap();
    let targets = g.service_assets(svc).unwrap();
    assert_eq!(targets, vec![plc]);
    let paths = k_shortest_paths(&ag, &ag.default_sources(), &targets, 3).unwrap();
    assert_eq!(paths.len(), 1);
    let kinds: Vec<paths::HopKind> = paths[0].hops.iter().map(|h| h.kind).collect();
    assert_eq!(
        kinds,
        vec![
            paths::HopKind::ExposedToInternet,
            paths::HopKind::PivotToZone,
            paths::HopKind::ConduitZoneToZone {
                conduit: c,
                protocol_note: 42
            },
            paths::HopKind::InZone,
        ]
    );
    assert!((paths[0].likelihood - 0.8 * 0.5 * 0.25).abs() < 1e-12);
    // a service is not a valid target; an unknown zone is not a valid source
    assert!(k_shortest_paths(&ag, &[AttackNode::Internet], &[svc], 1).is_err());
    assert!(k_shortest_paths(&ag, &[AttackNode::Zone(ZoneIdx(9))], &[plc], 1).is_err());
    assert!(AttackGraph::new(&g, &[0.8, 1.5, 0.0]).is_err());
    assert!(AttackGraph::new(&g, &[0.8]).is_err());
}

// ---------------------------------------------------------------- builder validation

#[test]
fn estate_builder_rejects_bad_input() {
    let z = ZoneIdx(0);
    let check = |f: &dyn Fn(&mut EstateBuilder), expected: &str| {
        let mut b = EstateBuilder::new();
        b.add_zone(Zone::new(1, ZoneKind::Corporate));
        b.add_asset(10, asset(z));
        b.add_service(11, service(1));
        f(&mut b);
        let err = b.build().unwrap_err().to_string();
        assert!(err.contains(expected), "{err}");
    };
    check(
        &|b| {
            b.add_asset(10, asset(z));
        },
        "node id 10 is used by more than one node",
    );
    check(
        &|b| {
            b.add_zone(Zone::new(1, ZoneKind::Dmz));
        },
        "zone id 1",
    );
    check(
        &|b| {
            b.require(NodeIdx(1), 2, &[NodeIdx(0)]);
        },
        "needs 2 of 1 members",
    );
    check(
        &|b| {
            b.require(NodeIdx(1), 0, &[NodeIdx(0)]);
        },
        "needs 0 of 1 members",
    );
    check(
        &|b| {
            b.require(NodeIdx(1), 1, &[]);
        },
        "needs 1 of 0 members",
    );
    check(
        &|b| {
            b.require(NodeIdx(1), 1, &[NodeIdx(0), NodeIdx(0)]);
        },
        "lists member id 10 more than once",
    );
    check(
        &|b| {
            b.depends_on(NodeIdx(1), NodeIdx(5));
        },
        "node index 5 is out of range",
    );
    check(
        &|b| {
            b.depends_on(NodeIdx(7), NodeIdx(0));
        },
        "node index 7 is out of range",
    );
    check(
        &|b| {
            b.add_asset(12, asset(ZoneIdx(3)));
        },
        "zone index 3 is out of range",
    );
    check(
        &|b| {
            b.add_flow(DataFlow {
                from: NodeIdx(0),
                to: NodeIdx(1),
                data_classes: DataClasses::NONE,
                encrypted: true,
            });
        },
        "data flow 0 destination: node id 11 is a service",
    );
    check(
        &|b| b.add_interface(NodeIdx(1), z),
        "interface: node id 11 is a service",
    );
    check(
        &|b| {
            b.add_conduit(Conduit {
                from: z,
                to: z,
                protocol_note: 0,
                traversal_likelihood: 1.5,
            });
        },
        "traversal_likelihood of conduit 0",
    );
    check(
        &|b| {
            let mut a = asset(z);
            a.vulns.max_cvss = f32::NAN;
            b.add_asset(12, a);
        },
        "max_cvss of node id 12",
    );
}

#[test]
fn estate_graph_lookups() {
    let g = small(2, 1, &[(2, 1, &[0, 1]), (0, 1, &[1])]);
    assert_eq!(g.node_by_id(102), Some(NodeIdx(2)));
    assert_eq!(g.node_by_id(7), None);
    assert_eq!(g.id(NodeIdx(1)), Some(101));
    assert_eq!(g.services().collect::<Vec<_>>(), vec![NodeIdx(2)]);
    let reqs: Vec<(GroupIdx, u32, Vec<NodeIdx>)> = g
        .requirements(NodeIdx(2))
        .map(|r| (r.group, r.k, r.members().collect()))
        .collect();
    assert_eq!(reqs, vec![(GroupIdx(0), 1, vec![NodeIdx(0), NodeIdx(1)])]);
    assert_eq!(g.requirement_cone(&[NodeIdx(0)]).unwrap(), vec![NodeIdx(0), NodeIdx(1)]);
    assert_eq!(g.requirements(NodeIdx(99)).count(), 0);
    let policy = CriticalityPolicy {
        min_population: 5,
        ..CriticalityPolicy::default()
    };
    assert_eq!(g.critical_services(&policy), vec![NodeIdx(2)]);
    assert!(
        g.critical_services(&CriticalityPolicy {
            max_rto_minutes: 0,
            ..CriticalityPolicy::default()
        })
        .is_empty()
    );
}
