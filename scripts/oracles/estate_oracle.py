#!/usr/bin/env python3
"""Independent oracle for the estate analyses of rampart-core (crates/rampart-core/src/estate).

Generates thousands of small random estates (JSON lines) and computes, without any Rampart
code, what the Rust implementation must answer:

- blast radius: networkx reachability (nx.ancestors over "needs" edges) for graphs of plain
  1-of-1 dependencies; naive fixpoint propagation for graphs with k-of-n groups and cycles;
- single points of failure: brute force, failing every node alone and propagating;
- failure likelihood: exact enumeration of all 2^n failure combinations, on forests (each
  node is a member of at most one requirement), where the independence assumption is exact;
- attack paths: networkx shortest_path_length and shortest_simple_paths (Yen) over the
  attack graph built here from the documented edge rules (docs/analysis.md section 5).

Usage (see crates/rampart-core/tests/fixtures/oracles/estate/README.md):

    python3 -m venv /tmp/venv-nx && /tmp/venv-nx/bin/pip install networkx
    /tmp/venv-nx/bin/python scripts/oracles/estate_oracle.py generate crates/rampart-core/tests/fixtures/oracles/estate
    /tmp/venv-nx/bin/python scripts/oracles/estate_oracle.py solve crates/rampart-core/tests/fixtures/oracles/estate

`generate` writes <kind>.input.jsonl, `solve` reads them and writes <kind>.expected.jsonl.
"""

import itertools
import json
import math
import random
import sys
from pathlib import Path

import networkx as nx

KINDS = ("blast", "spof", "likelihood", "paths")
CASES = {"blast": 1200, "spof": 1000, "likelihood": 1000, "paths": 1200}
SEED = 20250601


# ----------------------------------------------------------------------------- generation


def random_groups(rng, n, *, plain=False, tree=False, acyclic=False, max_groups=2, max_size=4):
    """Requirement groups [owner, k, members]. plain: every group is 1-of-1.
    tree: each node is a member of at most one group and members come after owners."""
    groups = []
    used = set()
    for owner in range(n):
        for _ in range(rng.randint(0, max_groups)):
            size = 1 if plain else rng.randint(1, max_size)
            if tree or acyclic:
                pool = [m for m in range(owner + 1, n) if not (tree and m in used)]
            else:
                pool = list(range(n))
            if not pool:
                continue
            members = rng.sample(pool, min(size, len(pool)))
            if tree:
                used.update(members)
            k = 1 if plain else rng.randint(1, len(members))
            groups.append([owner, k, members])
    return groups


def sizes(rng, lo, hi):
    n = rng.randint(lo, hi)
    n_services = rng.randint(0, n // 2)
    return n - n_services, n_services


def gen_blast(rng, i):
    plain = i % 2 == 0
    n_assets, n_services = sizes(rng, 2, 16)
    n = n_assets + n_services
    groups = random_groups(rng, n, plain=plain)
    failed = sorted(rng.sample(range(n), rng.randint(1, min(3, n))))
    return {"id": i, "n_assets": n_assets, "n_services": n_services, "groups": groups, "failed": failed,
            "method": "networkx" if plain else "fixpoint"}


def gen_spof(rng, i):
    n_assets, n_services = sizes(rng, 2, 14)
    n = n_assets + n_services
    groups = random_groups(rng, n, acyclic=(i % 3 == 0))
    targets = list(range(n_assets, n)) or [n - 1]
    return {"id": i, "n_assets": n_assets, "n_services": n_services, "groups": groups, "targets": targets}


def gen_likelihood(rng, i):
    n_assets, n_services = sizes(rng, 2, 12)
    n = n_assets + n_services
    groups = random_groups(rng, n, tree=True, max_size=4)
    q = [rng.choice([0.0, 1.0, round(rng.random(), 6), round(rng.random(), 6)]) for _ in range(n)]
    return {"id": i, "n_assets": n_assets, "n_services": n_services, "groups": groups, "q": q}


def gen_paths(rng, i):
    nz = rng.randint(1, 5)
    na = rng.randint(1, 10)

    def p():
        r = rng.random()
        if r < 0.15:
            return 1.0
        if r < 0.25:
            return 0.0
        return round(0.05 + 0.9 * rng.random(), 6)

    zones = [rng.random() < 0.34 for _ in range(nz)]
    assets = []
    for _ in range(na):
        z = rng.randrange(nz)
        extra = rng.randrange(nz) if rng.random() < 0.25 else None
        assets.append([z, extra, rng.random() < 0.25, p()])
    conduits = [[rng.randrange(nz), rng.randrange(nz), p()] for _ in range(rng.randint(0, 7))]
    flows = [[a, b] for a, b in ((rng.randrange(na), rng.randrange(na)) for _ in range(rng.randint(0, 13))) if a != b]
    deps = sorted({(a, b) for a, b in ((rng.randrange(na), rng.randrange(na)) for _ in range(rng.randint(0, 5))) if a != b})
    sources = ["internet"] + [z for z in range(nz) if zones[z]]
    targets = sorted(set(rng.randrange(na) for _ in range(rng.randint(1, 2))))
    return {"id": i, "zones": zones, "assets": assets, "conduits": conduits, "flows": flows,
            "deps": [list(d) for d in deps], "sources": sources, "targets": targets, "k": rng.randint(1, 8)}


GENERATORS = {"blast": gen_blast, "spof": gen_spof, "likelihood": gen_likelihood, "paths": gen_paths}


def generate(out: Path):
    out.mkdir(parents=True, exist_ok=True)
    for kind in KINDS:
        rng = random.Random(f"{SEED}-{kind}")
        with open(out / f"{kind}.input.jsonl", "w") as f:
            for i in range(CASES[kind]):
                f.write(json.dumps(GENERATORS[kind](rng, i), separators=(",", ":")) + "\n")


# ----------------------------------------------------------------------------- oracles


def propagate(n, groups, failed):
    """Down set: a node is down if it failed or some group has more than n - k members down."""
    down = [False] * n
    for f in failed:
        down[f] = True
    changed = True
    while changed:
        changed = False
        for owner, k, members in groups:
            if not down[owner] and sum(down[m] for m in members) > len(members) - k:
                down[owner] = True
                changed = True
    return down


def solve_blast(case):
    n = case["n_assets"] + case["n_services"]
    if case["method"] == "networkx":
        g = nx.DiGraph()
        g.add_nodes_from(range(n))
        for owner, k, members in case["groups"]:
            assert k == 1 and len(members) == 1
            g.add_edge(owner, members[0])  # owner needs member
        down = set(case["failed"])
        for f in case["failed"]:
            down |= nx.ancestors(g, f)  # everything that needs f, transitively
        return {"id": case["id"], "down": sorted(down)}
    down = propagate(n, case["groups"], case["failed"])
    return {"id": case["id"], "down": [i for i in range(n) if down[i]]}


def solve_spof(case):
    n = case["n_assets"] + case["n_services"]
    kills = [propagate(n, case["groups"], [x]) for x in range(n)]
    out = [[t, [x for x in range(n) if x != t and kills[x][t]]] for t in case["targets"]]
    return {"id": case["id"], "spof": out}


def solve_likelihood(case):
    n = case["n_assets"] + case["n_services"]
    q = case["q"]
    p_down = [0.0] * n
    for failed in itertools.product((False, True), repeat=n):
        p = 1.0
        for i in range(n):
            p *= q[i] if failed[i] else 1.0 - q[i]
        if p == 0.0:
            continue
        down = propagate(n, case["groups"], [i for i in range(n) if failed[i]])
        for i in range(n):
            if down[i]:
                p_down[i] += p
    return {"id": case["id"], "p_down": p_down}


def cost(p):
    return None if p <= 0.0 else max(-math.log(p), 0.0)


def attack_graph(case):
    g = nx.DiGraph()

    def add(u, v, c):
        if c is None:
            return
        if g.has_edge(u, v):
            g[u][v]["weight"] = min(g[u][v]["weight"], c)
        else:
            g.add_edge(u, v, weight=c)

    assets = case["assets"]
    for a, (z, extra, exposed, p) in enumerate(assets):
        for zz in {z, extra} - {None}:
            add(("Z", zz), ("A", a), cost(p))  # in zone
            add(("A", a), ("Z", zz), 0.0)  # pivot
        if exposed:
            add("I", ("A", a), cost(p))
    for f, t, p in case["conduits"]:
        add(("Z", f), ("Z", t), cost(p))
    for f, t in case["flows"]:
        add(("A", f), ("A", t), cost(assets[t][3]))
    for owner, member in case["deps"]:
        add(("A", member), ("A", owner), cost(assets[owner][3]))

    sources = ["I" if s == "internet" else ("Z", s) for s in case["sources"]]
    targets = [("A", t) for t in case["targets"]]
    # sources are only entered from S, targets end a path
    for s in sources:
        if s in g:
            g.remove_edges_from(list(g.in_edges(s)))
    for t in targets:
        if t in g:
            g.remove_edges_from(list(g.out_edges(t)))
    for s in sources:
        g.add_edge("S", s, weight=0.0)
    for t in targets:
        g.add_edge(t, "T", weight=0.0)
    return g


def solve_paths(case):
    g = attack_graph(case)
    if not nx.has_path(g, "S", "T"):
        return {"id": case["id"], "shortest": None, "costs": []}
    shortest = nx.shortest_path_length(g, "S", "T", weight="weight")
    costs = [nx.path_weight(g, path, "weight")
             for path in itertools.islice(nx.shortest_simple_paths(g, "S", "T", weight="weight"), case["k"])]
    return {"id": case["id"], "shortest": shortest, "costs": costs}


SOLVERS = {"blast": solve_blast, "spof": solve_spof, "likelihood": solve_likelihood, "paths": solve_paths}


def solve(out: Path):
    for kind in KINDS:
        with open(out / f"{kind}.input.jsonl") as f, open(out / f"{kind}.expected.jsonl", "w") as g:
            for line in f:
                g.write(json.dumps(SOLVERS[kind](json.loads(line)), separators=(",", ":")) + "\n")


def main(argv):
    if len(argv) != 3 or argv[1] not in ("generate", "solve"):
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[2])
    (generate if argv[1] == "generate" else solve)(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
