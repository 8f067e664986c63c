//! Strongly connected components of the requirement graph (edges from a node
//! to the members of its requirements), computed once when the graph is
//! built. Tarjan's algorithm emits a component only after every component it
//! can reach, so the emission order lists dependencies before dependants —
//! the order in which likelihood and SPOF sets are computed bottom-up.

/// Marks a node Tarjan has not visited yet.
const UNVISITED: u32 = u32::MAX;

/// Components in dependency-first order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Components {
    /// Nodes, grouped by component, components in dependency-first order.
    pub(crate) order: Vec<u32>,
    /// Component `c` is `order[start[c]..start[c + 1]]`.
    pub(crate) start: Vec<u32>,
    /// Whether component `c` has a cycle (more than one node, or a node that
    /// requires itself).
    pub(crate) cyclic: Vec<bool>,
    /// Component of each node.
    pub(crate) of_node: Vec<u32>,
}

impl Components {
    /// Number of components.
    pub(crate) fn len(&self) -> usize {
        self.cyclic.len()
    }

    /// The nodes of component `c`.
    pub(crate) fn nodes(&self, c: usize) -> &[u32] {
        &self.order[self.start[c] as usize..self.start[c + 1] as usize]
    }
}

/// Iterative Tarjan over a graph given as `adj(v) = targets[range(v)]`.
/// `range_of(v)` returns the half-open range of `v`'s out-edges in `targets`.
pub(crate) fn tarjan(n: usize, targets: &[u32], range_of: impl Fn(usize) -> (usize, usize)) -> Components {
    let mut index = vec![UNVISITED; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<u32> = Vec::new();
    // (node, next edge position, end of its edges)
    let mut call: Vec<(u32, usize, usize)> = Vec::new();
    let mut next_index: u32 = 0;
    let mut out = Components {
        order: Vec::with_capacity(n),
        start: vec![0],
        cyclic: Vec::new(),
        of_node: vec![0; n],
    };

    for root in 0..n {
        if index[root] != UNVISITED {
            continue;
        }
        let (s, e) = range_of(root);
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root as u32);
        on_stack[root] = true;
        call.push((root as u32, s, e));

        while let Some(frame) = call.last_mut() {
            let v = frame.0 as usize;
            if frame.1 < frame.2 {
                let w = targets[frame.1] as usize;
                frame.1 += 1;
                if index[w] == UNVISITED {
                    let (ws, we) = range_of(w);
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w as u32);
                    on_stack[w] = true;
                    call.push((w as u32, ws, we));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            call.pop();
            if let Some(parent) = call.last() {
                let p = parent.0 as usize;
                low[p] = low[p].min(low[v]);
            }
            if low[v] == index[v] {
                let comp = out.cyclic.len() as u32;
                let first = out.order.len();
                while let Some(w) = stack.pop() {
                    on_stack[w as usize] = false;
                    out.of_node[w as usize] = comp;
                    out.order.push(w);
                    if w as usize == v {
                        break;
                    }
                }
                let size = out.order.len() - first;
                let self_loop = size == 1 && {
                    let (s, e) = range_of(v);
                    targets[s..e].iter().any(|&t| t as usize == v)
                };
                out.cyclic.push(size > 1 || self_loop);
                out.start.push(out.order.len() as u32);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(n: usize, edges: &[(u32, u32)], expected: &[&[u32]], cyclic: &[bool]) {
        let mut start = vec![0usize; n + 1];
        for &(a, _) in edges {
            start[a as usize + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut sorted = edges.to_vec();
        sorted.sort();
        let targets: Vec<u32> = sorted.iter().map(|e| e.1).collect();
        let c = tarjan(n, &targets, |v| (start[v], start[v + 1]));
        let mut got: Vec<Vec<u32>> = (0..c.len())
            .map(|i| {
                let mut v = c.nodes(i).to_vec();
                v.sort();
                v
            })
            .collect();
        let exp: Vec<Vec<u32>> = expected.iter().map(|s| s.to_vec()).collect();
        assert_eq!(got, exp);
        assert_eq!(c.cyclic, cyclic);
        got.clear();
    }

    #[test]
    fn estate_scc_dependencies_come_first() {
        // 0 -> 1 -> 2, 2 -> 1 (cycle {1,2}), 3 -> 3 (self loop)
        check(
            4,
            &[(0, 1), (1, 2), (2, 1), (3, 3)],
            &[&[1, 2], &[0], &[3]],
            &[true, false, true],
        );
        check(3, &[(2, 1), (1, 0)], &[&[0], &[1], &[2]], &[false, false, false]);
    }
}
