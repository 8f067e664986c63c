//! Agreement of the estate analyses with an independent oracle
//! (`scripts/oracles/estate_oracle.py`: networkx and brute force) on
//! thousands of small random estates checked in under
//! `tests/fixtures/oracles/estate/`. See the README there to regenerate.

// Test code: a malformed fixture should fail the test loudly.
#![allow(clippy::unwrap_used)]

use rampart_core::estate::blast::blast_radius;
use rampart_core::estate::likelihood::{LikelihoodOptions, failure_likelihood};
use rampart_core::estate::paths::{AttackGraph, AttackNode, k_shortest_paths, shortest_path};
use rampart_core::estate::spof::single_points_of_failure;
use rampart_core::estate::{
    AssetProfile, AssetType, Conduit, DataClasses, DataFlow, EstateBuilder, EstateGraph, Exposure, IotSecurity,
    NodeIdx, ServiceProfile, VulnSummary, Zone, ZoneIdx, ZoneKind,
};
use serde_json::Value;

const BLAST_IN: &str = include_str!("fixtures/oracles/estate/blast.input.jsonl");
const BLAST_OUT: &str = include_str!("fixtures/oracles/estate/blast.expected.jsonl");
const SPOF_IN: &str = include_str!("fixtures/oracles/estate/spof.input.jsonl");
const SPOF_OUT: &str = include_str!("fixtures/oracles/estate/spof.expected.jsonl");
const LIKELIHOOD_IN: &str = include_str!("fixtures/oracles/estate/likelihood.input.jsonl");
const LIKELIHOOD_OUT: &str = include_str!("fixtures/oracles/estate/likelihood.expected.jsonl");
const PATHS_IN: &str = include_str!("fixtures/oracles/estate/paths.input.jsonl");
const PATHS_OUT: &str = include_str!("fixtures/oracles/estate/paths.expected.jsonl");

/// (input, expected) pairs, checked to carry the same id.
fn cases(input: &str, expected: &str) -> Vec<(Value, Value)> {
    let a: Vec<Value> = input.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let b: Vec<Value> = expected.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(a.len(), b.len());
    assert!(a.len() >= 1000, "expected thousands of cases, got {}", a.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x["id"], y["id"]);
    }
    a.into_iter().zip(b).collect()
}

fn u32s(v: &Value) -> Vec<u32> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap() as u32)
        .collect()
}

fn nodes(v: &Value) -> Vec<NodeIdx> {
    u32s(v).into_iter().map(NodeIdx).collect()
}

fn asset(zone: ZoneIdx, exposure: Exposure) -> AssetProfile {
    AssetProfile {
        asset_type: AssetType::Other,
        zone,
        exposure,
        vulns: VulnSummary::default(),
        iot: IotSecurity::HARDENED,
    }
}

/// A requirement-graph case: assets first, then services, then the groups.
fn requirement_graph(case: &Value) -> EstateGraph {
    let mut b = EstateBuilder::new();
    let z = b.add_zone(Zone::new(1, ZoneKind::Other));
    let n_assets = case["n_assets"].as_u64().unwrap() as i64;
    let n_services = case["n_services"].as_u64().unwrap() as i64;
    for i in 0..n_assets {
        b.add_asset(i, asset(z, Exposure::Internal));
    }
    for i in 0..n_services {
        b.add_service(n_assets + i, ServiceProfile::default());
    }
    for g in case["groups"].as_array().unwrap() {
        let owner = NodeIdx(g[0].as_u64().unwrap() as u32);
        b.require(owner, g[1].as_u64().unwrap() as u32, &nodes(&g[2]));
    }
    b.build().unwrap()
}

#[test]
fn estate_oracle_blast_radius() {
    let mut by_method = [0usize; 2];
    for (case, expected) in cases(BLAST_IN, BLAST_OUT) {
        let g = requirement_graph(&case);
        let r = blast_radius(&g, &nodes(&case["failed"])).unwrap();
        assert_eq!(r.down_nodes(), nodes(&expected["down"]), "case {}", case["id"]);
        by_method[usize::from(case["method"] == "fixpoint")] += 1;
    }
    assert!(by_method[0] >= 500 && by_method[1] >= 500, "{by_method:?}");
    eprintln!(
        "estate oracle blast: {} networkx + {} fixpoint cases agree",
        by_method[0], by_method[1]
    );
}

#[test]
fn estate_oracle_single_points_of_failure() {
    let (mut n_cases, mut n_targets, mut n_killers) = (0, 0, 0);
    for (case, expected) in cases(SPOF_IN, SPOF_OUT) {
        n_cases += 1;
        let g = requirement_graph(&case);
        let r = single_points_of_failure(&g, &nodes(&case["targets"])).unwrap();
        let exp = expected["spof"].as_array().unwrap();
        assert_eq!(r.targets.len(), exp.len(), "case {}", case["id"]);
        for (got, e) in r.targets.iter().zip(exp) {
            assert_eq!(got.target, NodeIdx(e[0].as_u64().unwrap() as u32));
            assert_eq!(got.killers, nodes(&e[1]), "case {} target {:?}", case["id"], got.target);
            n_targets += 1;
            n_killers += got.killers.len();
        }
    }
    eprintln!("estate oracle SPOF: {n_cases} cases, {n_targets} targets, {n_killers} SPOFs agree");
}

#[test]
fn estate_oracle_failure_likelihood_on_trees() {
    let mut worst: f64 = 0.0;
    let (mut n_cases, mut n_nodes) = (0, 0);
    for (case, expected) in cases(LIKELIHOOD_IN, LIKELIHOOD_OUT) {
        n_cases += 1;
        n_nodes += expected["p_down"].as_array().unwrap().len();
        let g = requirement_graph(&case);
        let q: Vec<f64> = case["q"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect();
        let r = failure_likelihood(&g, &q, &LikelihoodOptions::default()).unwrap();
        let exp: Vec<f64> = expected["p_down"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect();
        for (i, (a, b)) in r.p_down.iter().zip(&exp).enumerate() {
            worst = worst.max((a - b).abs());
            assert!((a - b).abs() < 1e-9, "case {} node {i}: {a} vs {b}", case["id"]);
        }
    }
    assert!(worst < 1e-9);
    eprintln!("estate oracle likelihood: {n_cases} trees, {n_nodes} nodes, max |difference| {worst:.2e}");
}

/// An attack-path case: zones, assets (zone, extra zone, exposed, p_exploit),
/// conduits, flows, asset dependencies; returns the graph and p_exploit.
fn attack_estate(case: &Value) -> (EstateGraph, Vec<f64>) {
    let mut b = EstateBuilder::new();
    for (i, u) in case["zones"].as_array().unwrap().iter().enumerate() {
        b.add_zone(Zone {
            id: i as i64,
            kind: ZoneKind::Other,
            untrusted: u.as_bool().unwrap(),
        });
    }
    let mut p = Vec::new();
    for (i, a) in case["assets"].as_array().unwrap().iter().enumerate() {
        let zone = ZoneIdx(a[0].as_u64().unwrap() as u32);
        let exposure = if a[2].as_bool().unwrap() {
            Exposure::Internet
        } else {
            Exposure::Internal
        };
        let v = b.add_asset(i as i64, asset(zone, exposure));
        if let Some(extra) = a[1].as_u64() {
            b.add_interface(v, ZoneIdx(extra as u32));
        }
        p.push(a[3].as_f64().unwrap());
    }
    for (i, c) in case["conduits"].as_array().unwrap().iter().enumerate() {
        b.add_conduit(Conduit {
            from: ZoneIdx(c[0].as_u64().unwrap() as u32),
            to: ZoneIdx(c[1].as_u64().unwrap() as u32),
            protocol_note: i as u32,
            traversal_likelihood: c[2].as_f64().unwrap(),
        });
    }
    for f in case["flows"].as_array().unwrap() {
        let e = u32s(f);
        b.add_flow(DataFlow {
            from: NodeIdx(e[0]),
            to: NodeIdx(e[1]),
            data_classes: DataClasses::TELEMETRY,
            encrypted: false,
        });
    }
    for d in case["deps"].as_array().unwrap() {
        let e = u32s(d);
        b.depends_on(NodeIdx(e[0]), NodeIdx(e[1]));
    }
    (b.build().unwrap(), p)
}

#[test]
fn estate_oracle_attack_paths() {
    let (mut compared, mut n_cases, mut worst) = (0usize, 0usize, 0.0f64);
    for (case, expected) in cases(PATHS_IN, PATHS_OUT) {
        n_cases += 1;
        let (g, p) = attack_estate(&case);
        let ag = AttackGraph::new(&g, &p).unwrap();
        let sources: Vec<AttackNode> = case["sources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| match s.as_u64() {
                Some(z) => AttackNode::Zone(ZoneIdx(z as u32)),
                None => AttackNode::Internet,
            })
            .collect();
        let targets = nodes(&case["targets"]);
        let k = case["k"].as_u64().unwrap() as usize;
        let id = &case["id"];

        let best = shortest_path(&ag, &sources, &targets).unwrap();
        match expected["shortest"].as_f64() {
            Some(c) => {
                let best = best.unwrap_or_else(|| panic!("case {id}: no path, oracle has {c}"));
                assert!((best.cost - c).abs() < 1e-9, "case {id}: {} vs {c}", best.cost);
            }
            None => assert!(best.is_none(), "case {id}: oracle has no path"),
        }

        let paths = k_shortest_paths(&ag, &sources, &targets, k).unwrap();
        let exp: Vec<f64> = expected["costs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect();
        assert_eq!(paths.len(), exp.len(), "case {id}");
        for (path, c) in paths.iter().zip(&exp) {
            assert!((path.cost - c).abs() < 1e-9, "case {id}: {} vs {c}", path.cost);
            worst = worst.max((path.cost - c).abs());
            // the explanation adds up
            let sum: f64 = path.hops.iter().map(|h| h.cost).sum();
            assert!((sum - path.cost).abs() < 1e-12);
            compared += 1;
        }
    }
    assert!(compared > 2000, "{compared}");
    eprintln!(
        "estate oracle attack paths: {n_cases} cases, {compared} k-shortest path costs, max |difference| {worst:.2e}"
    );
}
