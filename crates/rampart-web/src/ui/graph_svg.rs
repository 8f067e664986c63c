//! Server-side SVG drawings of small directed graphs: a service's dependency
//! neighbourhood, a blast radius, an attack path (up to a few hundred nodes).
//!
//! [`render`] turns a [`GraphView`] into one self-contained `<svg>` element.
//! It is CSP-friendly: no script and no `style` attributes; the looks come
//! from CSS classes (`static/graph.css`), with a few SVG presentation
//! attributes as a fallback. All text is XML-escaped, links are limited to
//! relative, `http(s):` and `mailto:` targets, and the same input always gives
//! the same bytes.
//!
//! The layout is a layered (Sugiyama-style) drawing without dependencies:
//! cycles are broken by DFS, nodes are layered by longest path, long edges get
//! dummy nodes, crossings are reduced by barycentric sweeps, positions come
//! from least-squares placement (isotonic regression) and chains are then
//! straightened. A layer too wide for a page wraps into rows; edges reach the
//! inner rows through the channels between the columns.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

/// Which way the layers run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[allow(dead_code, reason = "view vocabulary: not every page uses every variant")]
pub(crate) enum Direction {
    /// Layers stacked top to bottom; edges point down.
    #[default]
    TopDown,
    /// Layers side by side; edges point right.
    LeftRight,
}

/// What a node stands for; picks its shape and CSS class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code, reason = "view vocabulary: not every page uses every variant")]
pub(crate) enum NodeKind {
    /// A city service (rounded rectangle).
    Service,
    /// A technical asset (rectangle).
    Asset,
    /// A network zone (hexagon).
    Zone,
    /// The internet or another untrusted outside (ellipse).
    Internet,
    /// A redundancy or collapsed group (dashed rounded rectangle).
    Group,
}

/// The state a node is shown in: a CSS class and, for some, a badge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[allow(dead_code, reason = "view vocabulary: not every page uses every variant")]
pub(crate) enum NodeStatus {
    /// Nothing special.
    #[default]
    Normal,
    /// Out of service.
    Down,
    /// The node that failed or was compromised first.
    Failed,
    /// A single point of failure.
    Spof,
    /// Business-critical.
    Critical,
    /// The target of an attack path.
    Target,
    /// On the highlighted attack path.
    OnPath,
    /// Context only; drawn faintly.
    Dimmed,
}

/// How an edge is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[allow(dead_code, reason = "view vocabulary: not every page uses every variant")]
pub(crate) enum EdgeStyle {
    /// "Depends on" (solid grey).
    #[default]
    Dependency,
    /// Member of a redundancy group (dashed).
    Redundant,
    /// Data flow (blue).
    Flow,
    /// Conduit between zones (wide, light).
    Conduit,
    /// Attack step (red).
    Attack,
}

/// A graph to draw.
#[derive(Debug, Clone, Default)]
pub(crate) struct GraphView {
    /// Accessible name: the `<title>` and `aria-label`.
    pub(crate) title: String,
    /// The nodes; keys should be unique (later duplicates are ignored).
    pub(crate) nodes: Vec<ViewNode>,
    /// The edges; edges naming an unknown key are skipped.
    pub(crate) edges: Vec<ViewEdge>,
    /// Which way the layers run.
    pub(crate) direction: Direction,
}

/// One node of a [`GraphView`].
#[derive(Debug, Clone)]
pub(crate) struct ViewNode {
    /// Unique key that edges refer to.
    pub(crate) key: String,
    /// Main text; shortened with "…" when too long (the tooltip keeps it whole).
    pub(crate) label: String,
    /// Smaller second line, e.g. "PLC · Siemens S7-1500".
    pub(crate) sublabel: Option<String>,
    /// Shape and base colour.
    pub(crate) kind: NodeKind,
    /// State highlight.
    pub(crate) status: NodeStatus,
    /// Link target: relative, `http(s):` or `mailto:`; anything else is dropped.
    pub(crate) href: Option<String>,
    /// Hover text (`<title>`); defaults to label and sublabel.
    pub(crate) tooltip: Option<String>,
}

/// One edge of a [`GraphView`].
#[derive(Debug, Clone)]
pub(crate) struct ViewEdge {
    /// Key of the source node.
    pub(crate) from: String,
    /// Key of the target node (the arrowhead end).
    pub(crate) to: String,
    /// Short text on the edge, e.g. "2 of 3" or "TCP/502".
    pub(crate) label: Option<String>,
    /// Line style.
    pub(crate) style: EdgeStyle,
    /// Drawn thicker and darker.
    pub(crate) emphasised: bool,
}

#[allow(dead_code, reason = "convenience constructors for callers")]
impl ViewNode {
    /// A normal node without sublabel, link or tooltip.
    pub(crate) fn new(key: impl Into<String>, label: impl Into<String>, kind: NodeKind) -> Self {
        let (key, label, status) = (key.into(), label.into(), NodeStatus::Normal);
        Self {
            key,
            label,
            sublabel: None,
            kind,
            status,
            href: None,
            tooltip: None,
        }
    }
}

#[allow(dead_code, reason = "convenience constructors for callers")]
impl ViewEdge {
    /// A plain edge without label.
    pub(crate) fn new(from: impl Into<String>, to: impl Into<String>, style: EdgeStyle) -> Self {
        Self {
            from: from.into(),
            to: to.into(),
            label: None,
            style,
            emphasised: false,
        }
    }
}

impl NodeKind {
    const ALL: [Self; 5] = [Self::Service, Self::Asset, Self::Zone, Self::Internet, Self::Group];
    fn class(self) -> &'static str {
        ["service", "asset", "zone", "internet", "group"][self as usize]
    }
}

impl NodeStatus {
    const ALL: [Self; 8] = [
        Self::Normal,
        Self::Down,
        Self::Failed,
        Self::Spof,
        Self::Critical,
        Self::Target,
        Self::OnPath,
        Self::Dimmed,
    ];
    fn class(self) -> &'static str {
        [
            "normal", "down", "failed", "spof", "critical", "target", "on-path", "dimmed",
        ][self as usize]
    }
    fn badge(self) -> &'static str {
        ["", "DOWN", "FAILED", "SPOF", "CRITICAL", "TARGET", "", ""][self as usize]
    }
    fn legend(self) -> &'static str {
        let names = [
            "normal",
            "down",
            "failed first",
            "single point of failure",
            "critical",
            "target",
            "on attack path",
        ];
        names.get(self as usize).copied().unwrap_or("context")
    }
}

impl EdgeStyle {
    const ALL: [Self; 5] = [
        Self::Dependency,
        Self::Redundant,
        Self::Flow,
        Self::Conduit,
        Self::Attack,
    ];
    fn class(self) -> &'static str {
        ["dependency", "redundant", "flow", "conduit", "attack"][self as usize]
    }
    fn legend(self) -> &'static str {
        ["depends on", "redundant member", "data flow", "conduit", "attack step"][self as usize]
    }
}

const LABEL_PX: f64 = 13.0 * 1.12; // semibold
const SUB_PX: f64 = 11.0;
const EDGE_PX: f64 = 11.0;
const DUMMY_W: f64 = 10.0;
const DUMMY_GAP: f64 = 8.0;
const ROW_GAP: f64 = 26.0;
const MARGIN: f64 = 16.0;
const LOOP: f64 = 26.0;
/// Most dummy nodes a layout may add; bounds time and size on dense graphs with long edges.
const MAX_DUMMIES: usize = 4000;

/// A point in layout space: `u` runs along a layer, `v` across layers.
type Pt = (f64, f64);
/// A box on screen: x, y, width, height.
type Rect = (f64, f64, f64, f64);
/// An edge at a node side: where it heads, whether it shares a channel, its chain.
type SideEdge = (f64, bool, usize);

/// Sizes shared by all nodes.
struct Geo {
    /// Node extent along `u` and along `v`.
    eu: f64,
    ev: f64,
    /// Gap between neighbours in a layer, and between layers.
    gap_u: f64,
    gap_v: f64,
    /// Longest a layer row may get along `u` before it wraps.
    max_row: f64,
    lr: bool,
}

impl Geo {
    /// Layout space to screen space.
    fn screen(&self, (u, v): Pt) -> Pt {
        if self.lr { (v, u) } else { (u, v) }
    }
}

/// A drawable edge as a chain of layout nodes, lower layer first.
struct Chain {
    edge: usize,
    nodes: Vec<usize>,
    reversed: bool,
}

/// What the layout decided. Indices below `n` are real nodes, the rest dummies.
struct Layout {
    n: usize,
    layer: Vec<usize>,
    order: Vec<Vec<usize>>,
    preds: Vec<Vec<usize>>,
    succs: Vec<Vec<usize>>,
    chains: Vec<Chain>,
    u: Vec<f64>,
    row: Vec<usize>,
    /// Per layer: nodes per wrapped row (0 = not wrapped), rows, band start and extent along `v`.
    per_row: Vec<usize>,
    rows: Vec<usize>,
    top: Vec<f64>,
    ext: Vec<f64>,
}

impl Layout {
    /// Centre of node `v` along `v`-axis.
    fn vc(&self, g: &Geo, v: usize) -> f64 {
        self.top[self.layer[v]] + self.row[v] as f64 * (g.ev + ROW_GAP) + g.ev / 2.0
    }
    /// Row and row count of real node `v` if its layer is wrapped.
    fn wrapped(&self, v: usize) -> Option<(usize, usize)> {
        let l = self.layer[v];
        (v < self.n && self.per_row[l] > 0).then(|| (self.row[v], self.rows[l]))
    }
    /// Minimum centre distance between neighbours `a` and `b` of one layer.
    fn sep(&self, g: &Geo, a: usize, b: usize) -> f64 {
        let w = |v: usize| if v < self.n { g.eu } else { DUMMY_W };
        (w(a) + w(b)) / 2.0 + if a < self.n && b < self.n { g.gap_u } else { DUMMY_GAP }
    }
}

/// Lays out `n` nodes joined by `links` (edge index, from, to; no self-loops).
fn build(n: usize, links: &[(usize, usize, usize)], g: &Geo) -> Layout {
    // 1. Break cycles: DFS from the sources first; back edges get reversed.
    let mut out: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    let mut indeg = vec![0usize; n];
    for (i, &(_, a, b)) in links.iter().enumerate() {
        out[a].push((b, i));
        indeg[b] += 1;
    }
    let (mut state, mut pre, mut rev, mut seen) = (vec![0u8; n], vec![0usize; n], vec![false; links.len()], 0);
    let roots: Vec<usize> = (0..n)
        .filter(|&i| indeg[i] == 0)
        .chain((0..n).filter(|&i| indeg[i] != 0))
        .collect();
    for r in roots {
        if state[r] != 0 {
            continue;
        }
        (state[r], pre[r], seen) = (1, seen, seen + 1);
        let mut stack = vec![(r, 0usize)];
        while let Some(top) = stack.last_mut() {
            let (v, i) = *top;
            let Some(&(w, e)) = out[v].get(i) else {
                state[v] = 2;
                stack.pop();
                continue;
            };
            top.1 += 1;
            match state[w] {
                0 => {
                    (state[w], pre[w], seen) = (1, seen, seen + 1);
                    stack.push((w, 0));
                }
                1 => rev[e] = true,
                _ => {}
            }
        }
    }
    // 2. Longest-path layering in Kahn order; sources then move down next to their successors.
    let dag: Vec<(usize, usize)> = links
        .iter()
        .zip(&rev)
        .map(|(&(_, a, b), &r)| if r { (b, a) } else { (a, b) })
        .collect();
    let (mut dsucc, mut din) = (vec![Vec::new(); n], vec![0usize; n]);
    for &(lo, hi) in &dag {
        dsucc[lo].push(hi);
        din[hi] += 1;
    }
    let source: Vec<bool> = din.iter().map(|&d| d == 0).collect();
    let mut layer = vec![0usize; n];
    let mut queue: Vec<usize> = (0..n).filter(|&i| source[i]).collect();
    let mut k = 0;
    while let Some(&v) = queue.get(k) {
        k += 1;
        for &w in &dsucc[v] {
            layer[w] = layer[w].max(layer[v] + 1);
            din[w] -= 1;
            if din[w] == 0 {
                queue.push(w);
            }
        }
    }
    for v in (0..n).filter(|&v| source[v]) {
        if let Some(m) = dsucc[v].iter().map(|&w| layer[w]).min() {
            layer[v] = layer[v].max(m.saturating_sub(1));
        }
    }
    // 3. Split long edges with dummy nodes (within a budget: past it, long edges cut across layers).
    let (mut preds, mut succs) = (vec![Vec::new(); n], vec![Vec::new(); n]);
    let mut key: Vec<f64> = pre.iter().map(|&p| p as f64).collect();
    let mut chains = Vec::with_capacity(links.len());
    for (i, &(lo, hi)) in dag.iter().enumerate() {
        let mut seq = vec![lo];
        let span = if layer.len() - n + layer[hi].saturating_sub(layer[lo]) > MAX_DUMMIES {
            0
        } else {
            layer[hi]
        };
        for l in layer[lo] + 1..span {
            seq.push(layer.len());
            layer.push(l);
            key.push(pre[lo] as f64 + 0.5);
            preds.push(Vec::new());
            succs.push(Vec::new());
        }
        seq.push(hi);
        for w in seq.windows(2) {
            succs[w[0]].push(w[1]);
            preds[w[1]].push(w[0]);
        }
        chains.push(Chain {
            edge: links[i].0,
            nodes: seq,
            reversed: rev[i],
        });
    }
    let total = layer.len();
    let nl = layer.iter().max().map_or(1, |m| m + 1);
    let mut order = vec![Vec::new(); nl];
    for (v, &l) in layer.iter().enumerate() {
        order[l].push(v);
    }
    for o in &mut order {
        o.sort_by(|&a, &b| key[a].total_cmp(&key[b]));
    }
    // 4. Crossing reduction: barycentric sweeps, keeping the best order seen.
    let mut pos = vec![0usize; total];
    let set_pos = |o: &[usize], pos: &mut [usize]| o.iter().enumerate().for_each(|(i, &v)| pos[v] = i);
    order.iter().for_each(|o| set_pos(o, &mut pos));
    let small = succs.iter().map(Vec::len).sum::<usize>() <= 2500;
    let mut best = (if small { crossings(&order, &succs, &pos) } else { 0 }, order.clone());
    for it in 0..if small { 16 } else { 2 } {
        let down = it % 2 == 0;
        let nb = if down { &preds } else { &succs };
        let layers: Vec<usize> = if down {
            (1..nl).collect()
        } else {
            (0..nl.saturating_sub(1)).rev().collect()
        };
        for l in layers {
            let bary = |(i, &v): (usize, &usize)| (mean(nb[v].iter().map(|&w| pos[w] as f64)).unwrap_or(i as f64), v);
            let mut keyed: Vec<(f64, usize)> = order[l].iter().enumerate().map(bary).collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            order[l] = keyed.into_iter().map(|x| x.1).collect();
            set_pos(&order[l], &mut pos);
        }
        let c = if small { crossings(&order, &succs, &pos) } else { 0 };
        if c < best.0 || !small {
            best = (c, order.clone());
        }
    }
    let mut lay = Layout {
        n,
        layer,
        order: best.1,
        preds,
        succs,
        chains,
        u: vec![0.0; total],
        row: vec![0; total],
        per_row: vec![0; nl],
        rows: vec![1; nl],
        top: vec![0.0; nl],
        ext: vec![g.ev; nl],
    };
    // 5. Wrap wide layers into rows; stack the layer bands.
    let slot = g.eu + g.gap_u;
    for l in 0..nl {
        let reals: Vec<usize> = lay.order[l].iter().copied().filter(|&v| v < n).collect();
        let dummies = (lay.order[l].len() - reals.len()) as f64;
        if reals.len() > 1 && reals.len() as f64 * slot + dummies * (DUMMY_W + DUMMY_GAP) > g.max_row {
            let mut pr = (((g.max_row + g.gap_u) / slot) as usize).max(2);
            if g.lr {
                pr = pr.max(reals.len().div_ceil(4)); // rows become columns: keep them few, pages scroll down
            }
            (lay.per_row[l], lay.rows[l]) = (pr, reals.len().div_ceil(pr));
            reals.iter().enumerate().for_each(|(k, &v)| lay.row[v] = k / pr);
        }
        lay.ext[l] = lay.rows[l] as f64 * (g.ev + ROW_GAP) - ROW_GAP;
        if l + 1 < nl {
            lay.top[l + 1] = lay.top[l] + lay.ext[l] + g.gap_v;
        }
    }
    // 6. Positions along the layers: sweeps towards the neighbours' mean, then straighten chains.
    for l in 0..nl {
        let zeros = vec![0.0; lay.order[l].len()];
        place(&mut lay, g, l, &zeros);
    }
    for it in 0..10 {
        let (down, both) = (it % 2 == 0, it >= 6);
        let layers: Vec<usize> = if down {
            (0..nl).collect()
        } else {
            (0..nl).rev().collect()
        };
        for l in layers {
            let want: Vec<f64> = lay.order[l]
                .iter()
                .map(|&v| {
                    let nb = lay.preds[v].iter().filter(|_| down || both);
                    mean(
                        nb.chain(lay.succs[v].iter().filter(|_| !down || both))
                            .map(|&w| lay.u[w]),
                    )
                    .unwrap_or(lay.u[v])
                })
                .collect();
            place(&mut lay, g, l, &want);
        }
    }
    for l in (1..nl).filter(|&l| lay.per_row[l] == 0) {
        let ord = lay.order[l].clone();
        for (i, &v) in ord.iter().enumerate() {
            let [p] = lay.preds[v][..] else { continue };
            if lay.succs[p].len() == 1 || (v >= n && p >= n) {
                let lo = i
                    .checked_sub(1)
                    .map_or(f64::MIN, |j| lay.u[ord[j]] + lay.sep(g, ord[j], v));
                let hi = ord.get(i + 1).map_or(f64::MAX, |&r| lay.u[r] - lay.sep(g, v, r));
                if (lo..=hi).contains(&lay.u[p]) {
                    lay.u[v] = lay.u[p];
                }
            }
        }
    }
    lay
}

/// Mean of an iterator, `None` when empty.
fn mean(it: impl Iterator<Item = f64>) -> Option<f64> {
    let (s, c) = it.fold((0.0, 0usize), |(s, c), x| (s + x, c + 1));
    (c > 0).then(|| s / c as f64)
}

/// Number of edge crossings between consecutive layers.
fn crossings(order: &[Vec<usize>], succs: &[Vec<usize>], pos: &[usize]) -> usize {
    let mut total = 0;
    for o in order {
        let mut e: Vec<(usize, usize)> = o
            .iter()
            .flat_map(|&a| succs[a].iter().map(move |&b| (pos[a], pos[b])))
            .collect();
        e.sort_unstable();
        for (i, x) in e.iter().enumerate() {
            total += e[i + 1..].iter().filter(|y| x.0 < y.0 && x.1 > y.1).count();
        }
    }
    total
}

/// Places layer `l` as close as possible to `want` (aligned with its order).
fn place(lay: &mut Layout, g: &Geo, l: usize, want: &[f64]) {
    let ord = lay.order[l].clone();
    let at = |i: usize| want.get(i).copied().unwrap_or(0.0);
    let pr = lay.per_row[l];
    if pr == 0 {
        // Least squares under minimum separations: isotonic regression (pool adjacent violators)
        // on want - offset. Dummies weigh more so that long edges stay straight.
        let mut off = vec![0.0; ord.len()];
        for i in 1..ord.len() {
            off[i] = off[i - 1] + lay.sep(g, ord[i - 1], ord[i]);
        }
        let mut blocks: Vec<(f64, f64, usize)> = Vec::new();
        for (i, &v) in ord.iter().enumerate() {
            let w = if v < lay.n { 1.0 } else { 2.0 };
            blocks.push((w * (at(i) - off[i]), w, 1));
            while let [.., a, b] = blocks[..] {
                if a.0 / a.1 <= b.0 / b.1 {
                    break;
                }
                blocks.pop();
                if let Some(last) = blocks.last_mut() {
                    *last = (a.0 + b.0, a.1 + b.1, a.2 + b.2);
                }
            }
        }
        let mut i = 0;
        for (s, w, len) in blocks {
            for _ in 0..len {
                lay.u[ord[i]] = s / w + off[i];
                i += 1;
            }
        }
        return;
    }
    // Wrapped layer: a grid centred on the mean wish; dummies run in the channels between columns.
    let slot = g.eu + g.gap_u;
    let reals: Vec<usize> = ord.iter().copied().filter(|&v| v < lay.n).collect();
    let c = mean(ord.iter().enumerate().filter(|(_, v)| **v < lay.n).map(|(i, _)| at(i))).unwrap_or(0.0);
    for (k, &v) in reals.iter().enumerate() {
        let in_row = pr.min(reals.len() - k / pr * pr);
        lay.u[v] = c + ((k % pr + (pr - in_row) / 2) as f64 - (pr - 1) as f64 / 2.0) * slot;
    }
    for (i, &v) in ord.iter().enumerate().filter(|(_, v)| **v >= lay.n) {
        let j = ((at(i) - c) / slot + pr as f64 / 2.0).round().clamp(0.0, pr as f64);
        lay.u[v] = c + (j - pr as f64 / 2.0) * slot;
    }
}

/// How far inside its bounding box a node's border lies, `d` off the centre of a port side.
fn inset(kind: NodeKind, g: &Geo, d: f64) -> f64 {
    match kind {
        NodeKind::Internet => {
            let r = (d / (g.eu / 2.0)).clamp(-1.0, 1.0);
            g.ev / 2.0 * (1.0 - (1.0 - r * r).sqrt())
        }
        NodeKind::Zone if g.lr => (g.eu / 3.0).min(10.0) * d.abs() / (g.eu / 2.0),
        _ => 0.0,
    }
}

/// Routes `chain`; returns its points in arrow direction, each flagged `true` when reached by a curve.
fn route(lay: &Layout, g: &Geo, kinds: &[NodeKind], chain: &Chain, (d_start, d_end): (f64, f64)) -> Vec<(Pt, bool)> {
    let half = (g.eu + g.gap_u) / 2.0;
    let kind = |v: usize| kinds.get(v).copied().unwrap_or(NodeKind::Asset);
    let mut pts: Vec<(Pt, bool)> = Vec::new();
    for (k, w) in chain.nodes.windows(2).enumerate() {
        let (a, b) = (w[0], w[1]);
        let (ua, va, ub, vb, lb) = (lay.u[a], lay.vc(g, a), lay.u[b], lay.vc(g, b), lay.layer[b]);
        if k == 0 {
            match lay.wrapped(a) {
                Some((r, rows)) if r + 1 < rows => {
                    let (ch, end) = (ua + half, lay.top[lay.layer[a]] + lay.ext[lay.layer[a]]);
                    pts.extend([((ua + g.eu / 2.0, va), false), ((ch, va), false), ((ch, end), false)]);
                }
                _ => pts.push(((ua + d_start, va + g.ev / 2.0 - inset(kind(a), g, d_start)), false)),
            }
        }
        if b >= lay.n {
            pts.extend([((ub, lay.top[lb]), true), ((ub, lay.top[lb] + lay.ext[lb]), false)]);
            continue;
        }
        match lay.wrapped(b) {
            Some((r, _)) if r > 0 => {
                let ch = ub - half;
                pts.extend([
                    ((ch, lay.top[lb]), true),
                    ((ch, vb), false),
                    ((ub - g.eu / 2.0, vb), false),
                ]);
            }
            _ => pts.push(((ub + d_end, vb - g.ev / 2.0 + inset(kind(b), g, d_end)), true)),
        }
    }
    if chain.reversed {
        let curved: Vec<bool> = pts.iter().map(|p| p.1).collect();
        pts.reverse();
        for (i, p) in pts.iter_mut().enumerate() {
            p.1 = i > 0 && curved.get(curved.len() - i).copied().unwrap_or(false);
        }
    }
    pts
}

/// Control points of the curve from `p` to `q`: tangents run along the `v` axis.
fn controls(p: Pt, q: Pt) -> (Pt, Pt) {
    let m = (p.1 + q.1) / 2.0;
    ((p.0, m), (q.0, m))
}

/// A number formatted for SVG: at most one decimal, never NaN.
#[derive(Clone, Copy)]
struct F(f64);

impl fmt::Display for F {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = if self.0.is_finite() {
            (self.0 * 10.0).round() / 10.0
        } else {
            0.0
        };
        if v.fract() == 0.0 {
            write!(f, "{}", v as i64)
        } else {
            write!(f, "{v:.1}")
        }
    }
}

/// XML-escapes `s` for text and attributes, on one line; drops characters XML cannot carry.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(' '),
            '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'.. => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// Rough rendered width of `s` at `px` pixels in a system sans-serif font.
fn text_w(s: &str, px: f64) -> f64 {
    // Calibrated on DejaVu Sans, the widest common fallback; narrower fonts just leave more room.
    let em = |c: char| match c {
        'i' | 'l' | 'j' | 'I' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | ' ' | '·' | 'f' | 't' | 'r' => 0.32,
        'm' | 'w' | 'M' | 'W' => 0.95,
        'A'..='Z' => 0.68,
        '0'..='9' => 0.64,
        _ if c.is_ascii() => 0.6,
        _ => 0.95,
    };
    s.chars().map(em).sum::<f64>() * px
}

/// `s` shortened with "…" to fit `max` pixels at `px`.
fn fit(s: &str, px: f64, max: f64) -> String {
    let s = s.trim();
    if text_w(s, px) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        if text_w(&out, px) + text_w(&format!("{c}…"), px) > max {
            break;
        }
        out.push(c);
    }
    format!("{}…", out.trim_end())
}

/// `href` if it is a safe link target: relative, `http(s):` or `mailto:`.
fn safe_href(href: &str) -> Option<&str> {
    let (h, lower) = (href.trim(), href.trim().to_ascii_lowercase());
    let relative = !h.is_empty() && !h.split(['/', '?', '#']).next().unwrap_or("").contains(':');
    (relative || ["http://", "https://", "mailto:"].iter().any(|p| lower.starts_with(p))).then_some(h)
}

/// A short deterministic id prefix, so markers of several graphs on one page do not clash.
fn id_prefix(view: &GraphView) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for s in std::iter::once(&view.title).chain(view.nodes.iter().map(|n| &n.key)) {
        for b in s.bytes().chain([0]) {
            h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
        }
    }
    format!("g{h:08x}")
}

/// Writes the opening `<svg>` tag with title and description.
fn open_svg(out: &mut String, title: &str, desc: &str, w: f64, h: f64) {
    let (t, d, w, h) = (esc(title), esc(desc), F(w), F(h));
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graph-svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"{t}\" font-family=\"system-ui, sans-serif\" font-size=\"13\"><title>{t}</title><desc>{d}</desc>"
    );
}

/// Writes the shape of a `kind` node filling the box `r`.
fn shape(out: &mut String, kind: NodeKind, (x, y, w, h): Rect) {
    let a = "class=\"shape\" fill=\"#fff\" stroke=\"#64748b\"";
    let (x0, y0, x1, y1, xm, ym) = (F(x), F(y), F(x + w), F(y + h), F(x + w / 2.0), F(y + h / 2.0));
    let _ = match kind {
        NodeKind::Zone => {
            let t = (h / 3.0).min(10.0);
            let (xa, xb) = (F(x + t), F(x + w - t));
            write!(
                out,
                "<polygon {a} points=\"{xa},{y0} {xb},{y0} {x1},{ym} {xb},{y1} {xa},{y1} {x0},{ym}\"/>"
            )
        }
        NodeKind::Internet => {
            let (rx, ry) = (F(w / 2.0), F(h / 2.0));
            write!(out, "<ellipse {a} cx=\"{xm}\" cy=\"{ym}\" rx=\"{rx}\" ry=\"{ry}\"/>")
        }
        _ => {
            let r = F(match kind {
                NodeKind::Service => 8.0,
                NodeKind::Group => (h / 4.0).min(12.0),
                _ => 2.0,
            });
            let (w, h) = (F(w), F(h));
            write!(
                out,
                "<rect {a} x=\"{x0}\" y=\"{y0}\" width=\"{w}\" height=\"{h}\" rx=\"{r}\"/>"
            )
        }
    };
}

/// Renders `view` as a complete, self-contained `<svg>` element.
pub(crate) fn render(view: &GraphView) -> String {
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut nodes: Vec<&ViewNode> = Vec::new();
    for node in &view.nodes {
        if !index.contains_key(node.key.as_str()) {
            index.insert(&node.key, nodes.len());
            nodes.push(node);
        }
    }
    let mut out = String::new();
    if nodes.is_empty() {
        open_svg(&mut out, &view.title, "Empty graph", 320.0, 64.0);
        out.push_str(
            "<text class=\"graph-empty\" x=\"160\" y=\"37\" text-anchor=\"middle\">Nothing to show</text></svg>",
        );
        return out;
    }
    let (mut links, mut loops) = (Vec::new(), Vec::new());
    for (i, e) in view.edges.iter().enumerate() {
        match (index.get(e.from.as_str()), index.get(e.to.as_str())) {
            (Some(&a), Some(&b)) if a == b => loops.push((i, a)),
            (Some(&a), Some(&b)) => links.push((i, a, b)),
            _ => {}
        }
    }
    // One node size for all, from the longest texts (clamped; longer texts are shortened).
    let sub_w = |n: &ViewNode| n.sublabel.as_deref().map_or(0.0, |s| text_w(s, SUB_PX));
    let widest = nodes
        .iter()
        .map(|n| text_w(&n.label, LABEL_PX).max(sub_w(n)))
        .fold(0.0, f64::max);
    let w = (widest + 28.0).clamp(120.0, 224.0);
    let h = if nodes.iter().any(|n| n.sublabel.is_some()) {
        50.0
    } else {
        38.0
    };
    let lr = view.direction == Direction::LeftRight;
    let edge_text = |e: &ViewEdge| {
        e.label
            .as_deref()
            .map(|l| fit(l, EDGE_PX, 150.0))
            .filter(|l| !l.is_empty())
    };
    let labelled = links.iter().filter_map(|l| view.edges.get(l.0).and_then(edge_text));
    let label_w = labelled.map(|l| text_w(&l, EDGE_PX)).fold(0.0, f64::max);
    let g = match lr {
        true => Geo {
            eu: h,
            ev: w,
            gap_u: 22.0,
            gap_v: (label_w + 44.0).max(64.0),
            max_row: 980.0,
            lr,
        },
        false => Geo {
            eu: w,
            ev: h,
            gap_u: 34.0,
            gap_v: if label_w > 0.0 { 72.0 } else { 58.0 },
            max_row: 1500.0,
            lr,
        },
    };
    let lay = build(nodes.len(), &links, &g);
    let kinds: Vec<NodeKind> = nodes.iter().map(|n| n.kind).collect();

    // Several edges on one node side get spread out, ordered by where they head; edges that
    // use the same channel of a wrapped layer share a port.
    let half = (g.eu + g.gap_u) / 2.0;
    let exit = |a: usize| match lay.wrapped(a) {
        Some((r, rows)) if r + 1 < rows => (lay.u[a] + half, true),
        _ => (lay.u[a], false),
    };
    let entry = |b: usize| match lay.wrapped(b) {
        Some((r, _)) if r > 0 => (lay.u[b] - half, true),
        _ => (lay.u[b], false),
    };
    let mut sides: BTreeMap<(usize, bool), Vec<SideEdge>> = BTreeMap::new();
    for (ci, c) in lay.chains.iter().enumerate() {
        if let ([lo, next, ..], [.., prev, hi]) = (&c.nodes[..], &c.nodes[..]) {
            let ((ue, se), (ux, sx)) = (entry(*next), exit(*prev));
            sides.entry((*lo, true)).or_default().push((ue, se, ci));
            sides.entry((*hi, false)).or_default().push((ux, sx, ci));
        }
    }
    let mut ports = vec![(0.0, 0.0); lay.chains.len()];
    for ((_, out_side), mut list) in sides {
        list.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.2.cmp(&y.2)));
        let mut slot = vec![0usize; list.len()];
        for i in 1..list.len() {
            let same = list[i].1 && list[i - 1].1 && list[i].0 == list[i - 1].0;
            slot[i] = slot[i - 1] + usize::from(!same);
        }
        let k = slot.last().copied().unwrap_or(0) as f64;
        let step = if k > 0.0 { (g.eu * 0.5 / k).min(14.0) } else { 0.0 };
        for (&(_, _, ci), &sl) in list.iter().zip(&slot) {
            let d = (sl as f64 - k / 2.0) * step;
            if let Some(p) = ports.get_mut(ci) {
                if out_side { p.0 = d } else { p.1 = d }
            }
        }
    }

    // Node boxes on screen; routes; label spots on the curves that avoid boxes and other labels.
    let boxes: Vec<Rect> = (0..lay.n)
        .map(|v| {
            let (x, y) = g.screen((lay.u[v], lay.vc(&g, v)));
            (x - w / 2.0, y - h / 2.0, w, h)
        })
        .collect();
    let hit = |a: &Rect, b: &Rect| a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3;
    let (mut routes, mut labels): (Vec<_>, Vec<(Rect, String)>) = (Vec::new(), Vec::new());
    for (chain, &port) in lay.chains.iter().zip(&ports) {
        let pts = route(&lay, &g, &kinds, chain, port);
        if let Some(text) = view.edges.get(chain.edge).and_then(edge_text) {
            let (lw, lh) = (text_w(&text, EDGE_PX) + 10.0, 16.0);
            let curves: Vec<(Pt, Pt)> = pts.windows(2).filter(|p| p[1].1).map(|p| (p[0].0, p[1].0)).collect();
            let mut spots = Vec::new();
            for t in [0.5, 0.32, 0.68, 0.2, 0.8] {
                for &(p, q) in curves.iter().rev().chain(curves.first()) {
                    let (c1, c2) = controls(p, q);
                    let s = 1.0 - t;
                    let at =
                        |a: f64, b: f64, c: f64, d: f64| s * s * (s * a + 3.0 * t * b) + t * t * (3.0 * s * c + t * d);
                    let (x, y) = g.screen((at(p.0, c1.0, c2.0, q.0), at(p.1, c1.1, c2.1, q.1)));
                    spots.push((x - lw / 2.0, y - lh / 2.0, lw, lh));
                }
            }
            let taken = |s: &&Rect| boxes.iter().chain(labels.iter().map(|l| &l.0)).any(|b| hit(s, b));
            if let Some(&spot) = spots.iter().find(|s| !taken(s)).or(spots.first()) {
                labels.push((spot, text));
            }
        }
        routes.push((chain.edge, pts));
    }

    // Canvas: bounds of boxes, labels, routes and self-loops; the legend goes below.
    let mut bb = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    let mut grow = |r: Rect| bb = (bb.0.min(r.0), bb.1.min(r.1), bb.2.max(r.0 + r.2), bb.3.max(r.1 + r.3));
    boxes.iter().chain(labels.iter().map(|l| &l.0)).for_each(|&r| grow(r));
    routes
        .iter()
        .flat_map(|r| &r.1)
        .map(|&(p, _)| g.screen(p))
        .for_each(|(x, y)| grow((x, y, 0.0, 0.0)));
    loops
        .iter()
        .filter_map(|&(_, v)| boxes.get(v))
        .for_each(|r| grow((r.0, r.1, r.2 + LOOP, r.3)));
    let (cw, ch) = (bb.2 - bb.0 + 2.0 * MARGIN, (bb.3 - bb.1 + 2.0 * MARGIN).ceil());
    let width = cw.max(420.0).ceil();
    let (ox, oy) = (F(MARGIN - bb.0 + (width - cw) / 2.0), F(MARGIN - bb.1));
    let prefix = id_prefix(view);
    let mut legend = String::new();
    let legend_h = draw_legend(&mut legend, view, &nodes, &prefix, width, ch);
    let desc = format!(
        "Directed graph: {} nodes, {} edges",
        nodes.len(),
        routes.len() + loops.len()
    );
    open_svg(&mut out, &view.title, &desc, width, ch + legend_h);
    markers(&mut out, &prefix);
    let _ = write!(out, "<g transform=\"translate({ox},{oy})\"><g class=\"edges\">");

    // Edges first, then nodes, then edge labels on top.
    let name = |k: &str| {
        index
            .get(k)
            .and_then(|&i| nodes.get(i))
            .map_or_else(|| k.to_string(), |n| n.label.clone())
    };
    let dimmed = |k: &str| {
        index
            .get(k)
            .and_then(|&i| nodes.get(i))
            .is_some_and(|n| n.status == NodeStatus::Dimmed)
    };
    let edge = |out: &mut String, e: &ViewEdge, d: &str| {
        let class = format!(
            "{}{}{}",
            e.style.class(),
            if e.emphasised { " emph" } else { "" },
            if dimmed(&e.from) || dimmed(&e.to) {
                " dimmed"
            } else {
                ""
            }
        );
        let tip = esc(&format!(
            "{} → {}{}",
            name(&e.from),
            name(&e.to),
            e.label.as_deref().map(|l| format!(": {l}")).unwrap_or_default()
        ));
        let marker = format!("{prefix}-{}", e.style.class());
        let _ = write!(
            out,
            "<g class=\"edge {class}\"><title>{tip}</title><path class=\"edge-line\" fill=\"none\" stroke=\"#64748b\" marker-end=\"url(#{marker})\" d=\"{d}\"/></g>"
        );
    };
    for (ei, pts) in &routes {
        let Some(e) = view.edges.get(*ei) else { continue };
        let mut d = String::new();
        let mut prev: Option<Pt> = None;
        for &(p, curve) in pts {
            let (x, y) = g.screen(p);
            let _ = match (prev, curve) {
                (None, _) => write!(d, "M{},{}", F(x), F(y)),
                (Some(q), true) => {
                    let ((x1, y1), (x2, y2)) = (g.screen(controls(q, p).0), g.screen(controls(q, p).1));
                    write!(d, " C{},{} {},{} {},{}", F(x1), F(y1), F(x2), F(y2), F(x), F(y))
                }
                (Some(_), false) => write!(d, " L{},{}", F(x), F(y)),
            };
            prev = Some(p);
        }
        edge(&mut out, e, &d);
    }
    for &(ei, v) in &loops {
        let (Some(e), Some(b)) = (view.edges.get(ei), boxes.get(v)) else {
            continue;
        };
        let (x, y, xl, xe) = (b.0 + b.2, b.1 + b.3 / 2.0, F(b.0 + b.2 + LOOP), F(b.0 + b.2 + 1.0));
        let d = format!(
            "M{},{} C{xl},{} {xl},{} {xe},{}",
            F(x),
            F(y - 8.0),
            F(y - 22.0),
            F(y + 22.0),
            F(y + 8.0)
        );
        edge(&mut out, e, &d);
    }
    out.push_str("</g><g class=\"nodes\">");
    for (node, &rect) in nodes.iter().zip(&boxes) {
        draw_node(&mut out, node, rect);
    }
    out.push_str("</g><g class=\"edge-labels\">");
    for ((x, y, lw, lh), text) in &labels {
        let (tx, ty, text) = (F(x + lw / 2.0), F(y + 12.0), esc(text));
        let (x, y, lw, lh) = (F(*x), F(*y), F(*lw), F(*lh));
        let _ = write!(
            out,
            "<g class=\"edge-label\"><rect x=\"{x}\" y=\"{y}\" width=\"{lw}\" height=\"{lh}\" rx=\"3\" fill=\"#fff\"/><text x=\"{tx}\" y=\"{ty}\" text-anchor=\"middle\" font-size=\"11\">{text}</text></g>"
        );
    }
    out.push_str("</g></g>");
    out.push_str(&legend);
    out.push_str("</svg>");
    out
}

/// Writes one node (shape, texts, badge, optional link) into the box `rect`.
fn draw_node(out: &mut String, node: &ViewNode, rect: Rect) {
    let (x, y, w, h) = rect;
    let href = node.href.as_deref().and_then(safe_href);
    if let Some(href) = href {
        let _ = write!(out, "<a href=\"{}\">", esc(href));
    }
    let tip = match (&node.tooltip, &node.sublabel) {
        (Some(t), _) => esc(t),
        (None, Some(s)) => esc(&format!("{} — {s}", node.label)),
        (None, None) => esc(&node.label),
    };
    let (kind, status, key) = (node.kind.class(), node.status.class(), esc(&node.key));
    let _ = write!(
        out,
        "<g class=\"node {kind} {status}\" data-key=\"{key}\"><title>{tip}</title>"
    );
    shape(out, node.kind, rect);
    let inner = w - if matches!(node.kind, NodeKind::Zone | NodeKind::Internet) {
        30.0
    } else {
        18.0
    };
    let sub = node
        .sublabel
        .as_deref()
        .map(|s| fit(s, SUB_PX, inner))
        .filter(|s| !s.is_empty());
    let (cx, ly) = (F(x + w / 2.0), F(y + h / 2.0 + if sub.is_some() { -3.0 } else { 4.5 }));
    let label = esc(&fit(&node.label, LABEL_PX, inner));
    let _ = write!(
        out,
        "<text class=\"label\" x=\"{cx}\" y=\"{ly}\" text-anchor=\"middle\">{label}</text>"
    );
    if let Some(s) = sub {
        let (sy, s) = (F(y + h / 2.0 + 13.0), esc(&s));
        let _ = write!(
            out,
            "<text class=\"sublabel\" x=\"{cx}\" y=\"{sy}\" text-anchor=\"middle\" font-size=\"11\">{s}</text>"
        );
    }
    let badge = node.status.badge();
    if !badge.is_empty() {
        let bw = text_w(badge, 9.5) + 10.0;
        let (bx, tx, by, ty, bw) = (
            F(x + w - bw - 6.0),
            F(x + w - bw / 2.0 - 6.0),
            F(y - 7.0),
            F(y + 3.5),
            F(bw),
        );
        let _ = write!(
            out,
            "<g class=\"badge\"><rect x=\"{bx}\" y=\"{by}\" width=\"{bw}\" height=\"14\" rx=\"7\" fill=\"#334155\"/><text x=\"{tx}\" y=\"{ty}\" text-anchor=\"middle\" font-size=\"9.5\" fill=\"#fff\">{badge}</text></g>"
        );
    }
    out.push_str(if href.is_some() { "</g></a>" } else { "</g>" });
}

/// Draws a legend of the kinds, statuses and edge styles in the graph below `top`,
/// wrapping at `width`; returns its height.
fn draw_legend(out: &mut String, view: &GraphView, nodes: &[&ViewNode], prefix: &str, width: f64, top: f64) -> f64 {
    let mut items: Vec<(String, &str)> = Vec::new();
    let swatch = |k: NodeKind, s: NodeStatus| {
        let mut o = format!("<g class=\"node {} {}\">", k.class(), s.class());
        shape(&mut o, k, (0.0, 2.0, 26.0, 14.0));
        o + "</g>"
    };
    for k in NodeKind::ALL.into_iter().filter(|k| nodes.iter().any(|n| n.kind == *k)) {
        items.push((swatch(k, NodeStatus::Normal), k.class()));
    }
    for s in NodeStatus::ALL
        .into_iter()
        .skip(1)
        .filter(|s| nodes.iter().any(|n| n.status == *s))
    {
        items.push((swatch(NodeKind::Asset, s), s.legend()));
    }
    for e in EdgeStyle::ALL
        .into_iter()
        .filter(|e| view.edges.iter().any(|x| x.style == *e))
    {
        let c = e.class();
        let path = format!(
            "<path class=\"edge-line\" fill=\"none\" stroke=\"#64748b\" marker-end=\"url(#{prefix}-{c})\" d=\"M0,9 h26\"/>"
        );
        items.push((format!("<g class=\"edge {c}\">{path}</g>"), e.legend()));
    }
    if items.is_empty() {
        return 0.0;
    }
    let (m, x1, t) = (F(MARGIN), F(width - MARGIN), F(top));
    let _ = write!(
        out,
        "<g class=\"legend\" font-size=\"12\"><line x1=\"{m}\" x2=\"{x1}\" y1=\"{t}\" y2=\"{t}\" stroke=\"#d9dee5\"/>"
    );
    let (mut x, mut y) = (MARGIN, top + 12.0);
    for (icon, text) in items {
        let iw = 32.0 + text_w(text, 12.0) + 18.0;
        if x + iw > width - MARGIN && x > MARGIN {
            (x, y) = (MARGIN, y + 22.0);
        }
        let (fx, fy) = (F(x), F(y));
        let _ = write!(
            out,
            "<g transform=\"translate({fx},{fy})\">{icon}<text x=\"32\" y=\"13.5\">{}</text></g>",
            esc(text)
        );
        x += iw;
    }
    out.push_str("</g>");
    y + 30.0 - top
}

/// Writes arrowhead markers, one per edge style so that each can take its colour from CSS.
fn markers(out: &mut String, prefix: &str) {
    out.push_str("<defs>");
    for c in EdgeStyle::ALL.map(EdgeStyle::class) {
        let _ = write!(
            out,
            "<marker id=\"{prefix}-{c}\" class=\"arrow {c}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"9\" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0,1 L10,5 L0,9 z\" fill=\"#64748b\"/></marker>"
        );
    }
    out.push_str("</defs>");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small XML well-formedness check: balanced tags, quoted attributes, known entities, one root.
    fn check_xml(s: &str) -> Result<(), String> {
        let (mut stack, mut rest): (Vec<String>, &str) = (Vec::new(), s);
        while let Some(i) = rest.find(['<', '&']) {
            if rest[..i].contains('>') {
                return Err(format!("stray '>' before {:?}", &rest[i..(i + 30).min(rest.len())]));
            }
            rest = &rest[i..];
            if rest.starts_with('&') {
                if !["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
                    .iter()
                    .any(|e| rest.starts_with(e))
                {
                    return Err(format!("bad entity at {:?}", &rest[..rest.len().min(20)]));
                }
                rest = &rest[1..];
                continue;
            }
            let (mut quote, mut end) = (None, None);
            for (j, c) in rest.char_indices().skip(1) {
                match (quote, c) {
                    (_, '<') => return Err("'<' inside a tag".into()),
                    (None, '"' | '\'') => quote = Some(c),
                    (Some(q), c) if c == q => quote = None,
                    (None, '>') => {
                        end = Some(j);
                        break;
                    }
                    _ => {}
                }
            }
            let end = end.ok_or("unterminated tag")?;
            let tag = &rest[1..end];
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_alphanumeric())
                .collect();
            if name.is_empty() {
                return Err(format!("bad tag <{tag}>"));
            }
            if tag.starts_with('/') {
                if stack.pop().as_deref() != Some(name.as_str()) {
                    return Err(format!("unbalanced </{name}>"));
                }
            } else if !tag.ends_with('/') {
                stack.push(name);
            }
            rest = &rest[end + 1..];
            if stack.is_empty() && !rest.trim().is_empty() {
                return Err("content after the root element".into());
            }
        }
        if stack.is_empty() {
            Ok(())
        } else {
            Err(format!("unclosed {stack:?}"))
        }
    }

    fn dims(svg: &str) -> (f64, f64) {
        let vb = svg
            .split("viewBox=\"0 0 ")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or("");
        let v: Vec<f64> = vb.split(' ').filter_map(|x| x.parse().ok()).collect();
        (v[0], v[1])
    }

    fn graph(n: usize, edges: &[(usize, usize)], direction: Direction) -> GraphView {
        let nodes = (0..n)
            .map(|i| ViewNode::new(format!("n{i}"), format!("Node {i}"), NodeKind::ALL[i % 5]))
            .collect();
        let edges = edges
            .iter()
            .map(|(a, b)| ViewEdge::new(format!("n{a}"), format!("n{b}"), EdgeStyle::ALL[a % 5]));
        GraphView {
            title: "test".into(),
            nodes,
            edges: edges.collect(),
            direction,
        }
    }

    /// A tree with fan-out 4, plus cross edges that make it deep (which only suits top-down).
    fn big(n: usize, direction: Direction) -> GraphView {
        let mut edges: Vec<(usize, usize)> = (1..n).map(|i| ((i - 1) / 4, i)).collect();
        if direction == Direction::TopDown {
            edges.extend((7..n).step_by(5).map(|i| (i, i / 3)));
        }
        graph(n, &edges, direction)
    }

    #[test]
    fn escapes_text_and_stays_well_formed() {
        let mut g = graph(3, &[(0, 1), (1, 2)], Direction::TopDown);
        g.title = "A <b> & \"c\"".into();
        g.nodes[0].label = "<script>alert('x')</script> & co".into();
        g.nodes[0].tooltip = Some("a\u{1}b</title>".into());
        g.nodes[1] = ViewNode {
            sublabel: Some("PLC · S7 <1500>".into()),
            status: NodeStatus::Spof,
            ..g.nodes[1].clone()
        };
        g.nodes[2].key = "k<&>\"".into();
        g.nodes[2].href = Some("/assets/1?a=1&b=2".into());
        g.edges.push(ViewEdge {
            label: Some("<b>&amp;</b>".into()),
            ..ViewEdge::new("n0", "k<&>\"", EdgeStyle::Flow)
        });
        let svg = render(&g);
        check_xml(&svg).unwrap();
        assert!(!svg.contains("<script") && !svg.contains("<b>") && !svg.contains("style="));
        assert!(svg.contains("&lt;script&gt;") && svg.contains("&amp; co") && svg.contains("&amp;amp;"));
        assert!(svg.starts_with("<svg ") && svg.contains("role=\"img\"") && svg.contains("aria-label=\"A &lt;b&gt;"));
        assert!(svg.contains("class=\"node asset spof\"") && svg.contains("<a href=\"/assets/1?a=1&amp;b=2\">"));
        assert!(svg.contains("<marker id=") && svg.contains("class=\"legend\""));
    }

    #[test]
    fn checker_rejects_bad_xml() {
        for bad in [
            "<svg><g></svg>",
            "<svg>a & b</svg>",
            "<svg><t a=\"<\"/></svg>",
            "<svg></svg><x/>",
            "<svg>",
        ] {
            assert!(check_xml(bad).is_err(), "{bad}");
        }
        assert!(check_xml("<svg><t a=\"x>\"/>&lt;</svg>").is_ok());
    }

    #[test]
    fn deterministic() {
        let g = big(150, Direction::TopDown);
        assert_eq!(render(&g), render(&g.clone()));
    }

    #[test]
    fn empty_graph() {
        let svg = render(&GraphView {
            title: "Nothing".into(),
            ..Default::default()
        });
        check_xml(&svg).unwrap();
        assert!(svg.contains("Nothing to show") && svg.contains("<title>Nothing</title>"));
    }

    #[test]
    fn cycles_self_loops_unknown_keys_and_duplicates() {
        for direction in [Direction::TopDown, Direction::LeftRight] {
            let mut g = graph(
                3,
                &[(0, 1), (1, 2), (2, 0), (0, 0), (1, 0), (0, 2), (0, 7), (9, 1)],
                direction,
            );
            g.nodes.push(ViewNode::new("n0", "duplicate", NodeKind::Group));
            let svg = render(&g);
            check_xml(&svg).unwrap();
            assert_eq!(svg.matches("data-key=").count(), 3);
            assert_eq!(svg.matches(" → ").count(), 6, "two unknown-key edges skipped");
            assert!(!svg.contains("duplicate"));
        }
    }

    #[test]
    fn unsafe_links_are_dropped() {
        for bad in [
            "javascript:alert(1)",
            " JavaScript:x",
            "java\nscript:x",
            "data:text/html,x",
            "",
        ] {
            assert_eq!(safe_href(bad), None, "{bad:?}");
        }
        for good in [
            "/a/b?c=d:e",
            "https://x.example/",
            "assets/1#x",
            "?page=2",
            "mailto:soc@city.example",
        ] {
            assert!(safe_href(good).is_some(), "{good:?}");
        }
    }

    #[test]
    fn large_graph_stays_reasonable() {
        for direction in [Direction::TopDown, Direction::LeftRight] {
            let start = std::time::Instant::now();
            let svg = render(&big(300, direction));
            assert!(start.elapsed().as_secs() < 10);
            check_xml(&svg).unwrap();
            let (w, h) = dims(&svg);
            assert!(w <= 3000.0 && h <= 8000.0, "{direction:?}: {w}x{h}");
            assert!(!svg.contains("NaN") && !svg.contains("inf"));
        }
    }

    #[test]
    fn wide_layers_wrap() {
        for direction in [Direction::TopDown, Direction::LeftRight] {
            let svg = render(&graph(501, &(1..501).map(|i| (0, i)).collect::<Vec<_>>(), direction));
            check_xml(&svg).unwrap();
            let (w, h) = dims(&svg);
            assert!(w <= 1800.0 && h <= 30000.0, "{direction:?}: {w}x{h}");
        }
    }
}
