//! Failure likelihood of every node, from each node's own failure
//! probability combined through the requirement graph.
//!
//! ```text
//! P(up v) = (1 − q_v) · Π_{requirement G of v} P(at least k_G members of G up)
//! ```
//!
//! `q_v` is the node's own failure probability (for assets, typically the
//! [compromise likelihood](super::compromise); for services, 0 or a
//! caller's figure). Members are treated as independent, so
//! `P(at least k up)` is a Poisson-binomial tail, computed exactly by dynamic
//! programming over the count of failures truncated at the slack `s = n − k`
//! (or over the count of successes truncated at `k − 1`, whichever is
//! smaller): O(n · min(s + 1, k)). When that exceeds
//! [`LikelihoodOptions::exact_budget`] the tail is approximated by a normal
//! law with continuity correction, and the requirement is reported.
//!
//! Independence is exact when the requirement graph below a node is a tree
//! (no node shared by two of its paths). With shared dependencies it is not:
//! two redundant servers behind the same switch are treated as failing
//! independently, which *under*-estimates the failure of a 1-of-2 group
//! (common-mode failure is missed — [SPOF detection](super::spof) finds
//! it), while a node needed twice along different 1-of-1 paths is counted
//! twice, which *over*-estimates failure.
//!
//! Nodes are evaluated component by component in dependency-first order. A
//! cycle needs care: iterating the equations above around a cycle would
//! multiply the same outside failure in again on every lap and drive every
//! probability on the cycle to 0. Instead, with the mutual-support reading
//! used by the blast radius (a cycle on which nothing failed stays up):
//!
//! - a component whose internal requirements are all `k = n` (plain
//!   dependencies) goes down as a whole as soon as any of its nodes does, so
//!   every node gets `Π_{x in component} (1 − q_x) · Π_G P(G met | internal members up)`,
//!   exact under independence;
//! - otherwise each node is evaluated on its *self-avoiding unfolding*: its
//!   requirements are followed around the component until they come back to a
//!   node already on the current path, which counts as up. This is exact for
//!   cycles whose nodes have distinct outside dependencies; it stops at depth
//!   [`LikelihoodOptions::cycle_depth`] or after
//!   [`LikelihoodOptions::cycle_budget`] expansions, where a member counts at
//!   its value with internal requirements taken as met (an optimistic bound),
//!   and the component is reported as truncated.

use super::graph::EstateGraph;
use super::{EstateError, GroupIdx, Result};

/// Tuning of [`failure_likelihood`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LikelihoodOptions {
    /// Largest `n · min(n − k + 1, k)` computed exactly for one requirement;
    /// beyond it the normal approximation is used.
    pub exact_budget: u64,
    /// Deepest self-avoiding unfolding of a cyclic component.
    pub cycle_depth: u32,
    /// Most unfolding steps spent on one node of a cyclic component.
    pub cycle_budget: u64,
}

impl Default for LikelihoodOptions {
    fn default() -> Self {
        LikelihoodOptions {
            exact_budget: 1 << 24,
            cycle_depth: 32,
            cycle_budget: 100_000,
        }
    }
}

/// The result of [`failure_likelihood`].
#[derive(Debug, Clone, PartialEq)]
pub struct LikelihoodReport {
    /// Probability that each node is down, indexed by node.
    pub p_down: Vec<f64>,
    /// Requirements whose tail was approximated (builder order, ascending).
    pub approximated: Vec<GroupIdx>,
    /// Number of components with a cycle.
    pub cyclic_components: u32,
    /// Number of cyclic components whose unfolding hit the depth or budget limit.
    pub truncated_components: u32,
}

/// Probability that every node is down, given each node's own failure
/// probability `own_failure` (indexed by node, each in [0, 1]).
///
/// Errors: `own_failure` of the wrong length or with an entry that is not a
/// probability.
pub fn failure_likelihood(
    graph: &EstateGraph,
    own_failure: &[f64],
    options: &LikelihoodOptions,
) -> Result<LikelihoodReport> {
    let n = graph.node_count();
    if own_failure.len() != n {
        return Err(EstateError::LengthMismatch {
            what: "own_failure",
            expected: n,
            got: own_failure.len(),
        });
    }
    if let Some((i, &q)) = own_failure
        .iter()
        .enumerate()
        .find(|(_, q)| !(q.is_finite() && (0.0..=1.0).contains(*q)))
    {
        return Err(EstateError::InvalidNumber {
            what: format!("own failure probability of node id {}", graph.ids[i]),
            value: q,
            expected: "a probability in [0, 1]",
        });
    }

    let mut ev = Ctx {
        graph,
        q: own_failure,
        up: vec![0.0f64; n],
        approximated: vec![false; graph.requirement_count()],
        budget: options.exact_budget,
        dp: Vec::new(),
    };
    let comps = &graph.components;
    let mut cyclic_components = 0;
    let mut truncated_components = 0;
    let mut cycle: Option<Cycle> = None;

    for c in 0..comps.len() {
        let nodes = comps.nodes(c);
        if !comps.cyclic[c] {
            let v = nodes[0] as usize;
            ev.up[v] = ev.acyclic_up(v);
            continue;
        }
        cyclic_components += 1;
        let cy = cycle.get_or_insert_with(|| Cycle::new(n));
        if cy.evaluate(&mut ev, c, options) {
            truncated_components += 1;
        }
    }

    let mut approx: Vec<GroupIdx> = ev
        .approximated
        .iter()
        .enumerate()
        .filter(|(_, a)| **a)
        .map(|(g, _)| GroupIdx(graph.group_orig[g]))
        .collect();
    approx.sort_unstable();
    Ok(LikelihoodReport {
        p_down: ev.up.iter().map(|u| (1.0 - u).clamp(0.0, 1.0)).collect(),
        approximated: approx,
        cyclic_components,
        truncated_components,
    })
}

/// State shared by the evaluation of all components.
struct Ctx<'a> {
    graph: &'a EstateGraph,
    q: &'a [f64],
    /// P(up) of every node evaluated so far.
    up: Vec<f64>,
    approximated: Vec<bool>,
    budget: u64,
    dp: Vec<f64>,
}

impl Ctx<'_> {
    /// `(1 − q_v) · Π_G P(G met)` for a node whose members are all evaluated.
    fn acyclic_up(&mut self, v: usize) -> f64 {
        let graph = self.graph;
        let mut p = 1.0 - self.q[v];
        for g in graph.node_groups(v) {
            if p == 0.0 {
                break;
            }
            let members = graph.group_members(g);
            let up = &self.up;
            let (pg, approx) = tail(
                members.len(),
                graph.group_k[g] as usize,
                |j| up[members[j] as usize],
                self.budget,
                &mut self.dp,
            );
            self.approximated[g] |= approx;
            p *= pg;
        }
        p
    }

    /// `P(G met)` for internal group `g` with member probabilities `values`.
    fn combine(&mut self, g: usize, values: &[f64]) -> f64 {
        let (pg, approx) = tail(
            values.len(),
            self.graph.group_k[g] as usize,
            |j| values[j],
            self.budget,
            &mut self.dp,
        );
        self.approximated[g] |= approx;
        pg
    }
}

/// Scratch for the evaluation of cyclic components.
struct Cycle {
    /// Position of a node inside the component being evaluated.
    pos: Vec<u32>,
    /// Whether the node at a position is on the current unfolding path.
    on_path: Vec<bool>,
    /// Value of the node at a position with its internal requirements taken as met.
    ext: Vec<f64>,
    steps: u64,
    truncated: bool,
}

impl Cycle {
    fn new(n: usize) -> Self {
        Cycle {
            pos: vec![u32::MAX; n],
            on_path: Vec::new(),
            ext: Vec::new(),
            steps: 0,
            truncated: false,
        }
    }

    /// Evaluates component `c` into `ctx.up`; returns whether the unfolding was truncated.
    fn evaluate(&mut self, ctx: &mut Ctx<'_>, c: usize, options: &LikelihoodOptions) -> bool {
        let graph = ctx.graph;
        let comps = &graph.components;
        let nodes = comps.nodes(c);
        for (i, &v) in nodes.iter().enumerate() {
            self.pos[v as usize] = i as u32;
        }
        let internal = |m: u32| comps.of_node[m as usize] as usize == c;

        // Outside-only values: internal members count as up.
        self.ext.clear();
        let mut values = Vec::new();
        let mut all_plain = true;
        for &v in nodes {
            let v = v as usize;
            let mut p = 1.0 - ctx.q[v];
            for g in graph.node_groups(v) {
                let members = graph.group_members(g);
                let has_internal = members.iter().any(|&m| internal(m));
                if has_internal && graph.group_k[g] as usize != members.len() {
                    all_plain = false;
                }
                values.clear();
                values.extend(
                    members
                        .iter()
                        .map(|&m| if internal(m) { 1.0 } else { ctx.up[m as usize] }),
                );
                p *= ctx.combine(g, &values);
            }
            self.ext.push(p);
        }

        if all_plain {
            // Any failure on a cycle of plain dependencies takes the whole component down.
            let p: f64 = self.ext.iter().product();
            for &v in nodes {
                ctx.up[v as usize] = p;
            }
            return false;
        }

        self.on_path.clear();
        self.on_path.resize(nodes.len(), false);
        self.truncated = false;
        let mut results = Vec::with_capacity(nodes.len());
        for (i, &v) in nodes.iter().enumerate() {
            self.steps = 0;
            self.on_path[i] = true;
            let p = self.unfold(ctx, c, v as usize, 0, options);
            self.on_path[i] = false;
            results.push(p);
        }
        for (i, &v) in nodes.iter().enumerate() {
            ctx.up[v as usize] = results[i];
        }
        self.truncated
    }

    /// P(up) of `v` on its self-avoiding unfolding inside component `c`.
    fn unfold(&mut self, ctx: &mut Ctx<'_>, c: usize, v: usize, depth: u32, options: &LikelihoodOptions) -> f64 {
        let graph = ctx.graph;
        let comps = &graph.components;
        self.steps += 1;
        let mut p = 1.0 - ctx.q[v];
        let mut values = Vec::new();
        for g in graph.node_groups(v) {
            if p == 0.0 {
                break;
            }
            values.clear();
            for &m in graph.group_members(g) {
                let m = m as usize;
                let x = if comps.of_node[m] as usize != c {
                    ctx.up[m]
                } else {
                    let i = self.pos[m] as usize;
                    if self.on_path[i] {
                        1.0
                    } else if depth >= options.cycle_depth || self.steps >= options.cycle_budget {
                        self.truncated = true;
                        self.ext[i]
                    } else {
                        self.on_path[i] = true;
                        let r = self.unfold(ctx, c, m, depth + 1, options);
                        self.on_path[i] = false;
                        r
                    }
                };
                values.push(x);
            }
            p *= ctx.combine(g, &values);
        }
        p
    }
}

/// Probability that at least `k` of independent events with probabilities
/// `p_up` happen (a Poisson-binomial tail), computed exactly whenever
/// `n · min(n − k + 1, k)` is at most `exact_budget`, else by the normal
/// approximation. `k = 0` gives 1 and `k > n` gives 0. Returns the
/// probability and whether it was approximated. Probabilities outside
/// [0, 1] are clamped (NaN counts as 0).
pub fn at_least_k(p_up: &[f64], k: usize, exact_budget: u64) -> (f64, bool) {
    let clamp = |p: f64| if p.is_nan() { 0.0 } else { p.clamp(0.0, 1.0) };
    if k > p_up.len() {
        return (0.0, false);
    }
    if k == 0 {
        return (1.0, false);
    }
    tail(p_up.len(), k, |j| clamp(p_up[j]), exact_budget, &mut Vec::new())
}

/// Core of [`at_least_k`], for `1 <= k <= n`, members read through `up(j)`.
fn tail(n: usize, k: usize, up: impl Fn(usize) -> f64, budget: u64, dp: &mut Vec<f64>) -> (f64, bool) {
    let slack = n - k;
    if slack == 0 {
        return ((0..n).map(&up).product(), false);
    }
    if k == 1 {
        return (1.0 - (0..n).map(|j| 1.0 - up(j)).product::<f64>(), false);
    }
    let by_failures = slack < k;
    let width = if by_failures { slack + 1 } else { k };
    if (n as u64).saturating_mul(width as u64) > budget {
        return (normal_tail(n, slack, &up), true);
    }
    // dp[c] = P(exactly c counted events so far), counting failures (truncated
    // at the slack) or successes (truncated at k − 1).
    dp.clear();
    dp.resize(width, 0.0);
    dp[0] = 1.0;
    for j in 0..n {
        let u = up(j);
        let (stay, step) = if by_failures { (u, 1.0 - u) } else { (1.0 - u, u) };
        for c in (1..width).rev() {
            dp[c] = dp[c] * stay + dp[c - 1] * step;
        }
        dp[0] *= stay;
    }
    let mass: f64 = dp.iter().sum();
    let p = if by_failures { mass } else { 1.0 - mass };
    (p.clamp(0.0, 1.0), false)
}

/// Normal approximation of P(failures ≤ slack) with continuity correction.
fn normal_tail(n: usize, slack: usize, up: &impl Fn(usize) -> f64) -> f64 {
    let mut mean = 0.0;
    let mut var = 0.0;
    for j in 0..n {
        let f = 1.0 - up(j);
        mean += f;
        var += f * (1.0 - f);
    }
    let x = slack as f64 + 0.5 - mean;
    if var <= 0.0 {
        return if x >= 0.0 { 1.0 } else { 0.0 };
    }
    normal_cdf(x / var.sqrt())
}

/// Standard normal CDF, Φ(z) = erfc(−z/√2)/2.
fn normal_cdf(z: f64) -> f64 {
    0.5 * erfc(-z / std::f64::consts::SQRT_2)
}

/// Complementary error function (Numerical Recipes `erfcc`, Chebyshev
/// fit; fractional error below 1.2e-7 everywhere).
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98 + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let r = t * poly.exp();
    if x >= 0.0 { r } else { 2.0 - r }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estate::tests::small;
    use proptest::prelude::*;

    fn brute_at_least_k(p: &[f64], k: usize) -> f64 {
        let n = p.len();
        (0u32..1 << n)
            .filter(|mask| mask.count_ones() as usize >= k)
            .map(|mask| {
                (0..n)
                    .map(|j| if mask >> j & 1 == 1 { p[j] } else { 1.0 - p[j] })
                    .product::<f64>()
            })
            .sum()
    }

    #[test]
    fn estate_likelihood_tail_table() {
        let p = [0.9, 0.8, 0.7, 0.95, 0.5];
        for k in 0..=6 {
            let (got, approx) = at_least_k(&p, k, u64::MAX);
            let exp = if k > 5 { 0.0 } else { brute_at_least_k(&p, k) };
            assert!((got - exp).abs() < 1e-12, "k={k}: {got} vs {exp}");
            assert!(!approx);
        }
    }

    #[test]
    fn estate_likelihood_normal_approximation_is_close() {
        let p: Vec<f64> = (0..2000)
            .map(|i| 0.9 + 0.09 * ((i * 37 % 100) as f64 / 100.0))
            .collect();
        for k in [1700, 1800, 1850, 1900] {
            let (exact, a1) = at_least_k(&p, k, u64::MAX);
            let (approx, a2) = at_least_k(&p, k, 10);
            assert!(!a1 && a2);
            assert!((exact - approx).abs() < 0.01, "k={k}: {exact} vs {approx}");
        }
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-7);
        assert!((normal_cdf(1.959_963_984_540_054) - 0.975).abs() < 1e-7);
    }

    #[test]
    fn estate_likelihood_on_a_small_estate() {
        // service 3 needs 1 of {0, 1}; asset 1 needs asset 2
        let g = small(3, 1, &[(3, 1, &[0, 1]), (1, 1, &[2])]);
        let q = [0.1, 0.2, 0.5, 0.0];
        let r = failure_likelihood(&g, &q, &LikelihoodOptions::default()).unwrap();
        let up1 = 0.8 * 0.5;
        let exp = 0.1 * (1.0 - up1);
        assert!((r.p_down[3] - exp).abs() < 1e-15);
        assert!(failure_likelihood(&g, &q[..3], &LikelihoodOptions::default()).is_err());
        assert!(failure_likelihood(&g, &[0.1, 0.2, f64::NAN, 0.0], &LikelihoodOptions::default()).is_err());
        assert!(failure_likelihood(&g, &[0.1, 0.2, 1.5, 0.0], &LikelihoodOptions::default()).is_err());
    }

    #[test]
    fn estate_likelihood_cycles_use_mutual_support() {
        // 1 <-> 2, each also needs asset 0 (q = 0.3): the shared asset is
        // counted once per node on the cycle, as independence dictates, so
        // P(up) = 0.7² (the truth is 0.7), but the cycle does not collapse to 0.
        let g = small(1, 2, &[(1, 1, &[2]), (2, 1, &[1]), (1, 1, &[0]), (2, 1, &[0])]);
        let r = failure_likelihood(&g, &[0.3, 0.0, 0.0], &LikelihoodOptions::default()).unwrap();
        assert!((r.p_down[1] - 0.51).abs() < 1e-12, "{r:?}");
        assert_eq!((r.cyclic_components, r.truncated_components), (1, 0));
        // the same with a redundant pair inside the cycle: 1 needs 1 of {2, 3}, 2 and 3 need 1;
        // each of 1, 2, 3 needs its own asset 0, 4, 5 (distinct), so the unfolding is exact:
        // up(1) = a0 · (1 − (1 − a4)(1 − a5))
        let g = small(
            3,
            3,
            &[
                (3, 1, &[4, 5]),
                (4, 1, &[3]),
                (5, 1, &[3]),
                (3, 1, &[0]),
                (4, 1, &[1]),
                (5, 1, &[2]),
            ],
        );
        let r = failure_likelihood(&g, &[0.1, 0.2, 0.3, 0.0, 0.0, 0.0], &LikelihoodOptions::default()).unwrap();
        let exp = 0.9 * (1.0 - 0.2 * 0.3);
        assert!((1.0 - r.p_down[3] - exp).abs() < 1e-12, "{r:?}");
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn estate_likelihood_tail_matches_brute_force(p in prop::collection::vec(0.0f64..=1.0, 1..12), k in 0usize..13) {
            let (got, _) = at_least_k(&p, k, u64::MAX);
            let exp = if k > p.len() { 0.0 } else { brute_at_least_k(&p, k) };
            prop_assert!((got - exp).abs() < 1e-12);
        }
    }
}
