//! Times the estate analyses on a synthetic city (default: one million
//! assets, two thousand services, more than five million dependency and flow
//! edges). Not a benchmark harness; a one-shot measurement:
//!
//! ```text
//! cargo run --release -p rampart-core --example estate_scale -- [n_assets] [n_services] [seed]
//! ```

use std::time::Instant;

use rampart_core::estate::blast::blast_radius;
use rampart_core::estate::compromise::CompromiseModel;
use rampart_core::estate::likelihood::{LikelihoodOptions, failure_likelihood};
use rampart_core::estate::paths::{AttackGraph, k_shortest_paths};
use rampart_core::estate::spof::single_points_of_failure;
use rampart_core::estate::synthetic::synthetic_city_builder;
use rampart_core::estate::{CriticalityPolicy, EstateError, NodeIdx};

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn main() -> Result<(), EstateError> {
    let args: Vec<String> = std::env::args().collect();
    let arg = |i: usize, d: usize| args.get(i).and_then(|s| s.parse().ok()).unwrap_or(d);
    let (n_assets, n_services, seed) = (arg(1, 1_000_000), arg(2, 2_000), arg(3, 42) as u64);

    let t = Instant::now();
    let builder = synthetic_city_builder(n_assets, n_services, seed)?;
    let t_gen = ms(t);
    let t = Instant::now();
    let g = builder.build()?;
    let t_build = ms(t);
    println!(
        "estate: {} assets, {} services, {} zones, {} requirements, {} dependency edges, {} flows ({} edges in all)",
        n_assets,
        n_services,
        g.zone_count(),
        g.requirement_count(),
        g.dependency_edge_count(),
        g.flow_count(),
        g.dependency_edge_count() + g.flow_count()
    );
    println!("generate (builder calls)         {t_gen:9.1} ms");
    println!("build (validate, CSR, SCC)       {t_build:9.1} ms");

    let t = Instant::now();
    let (exploit, compromise) = CompromiseModel::default().assess_estate(&g);
    let t_assess = ms(t);
    println!("compromise model, all assets     {t_assess:9.1} ms");

    let t = Instant::now();
    let lik = failure_likelihood(&g, &compromise, &LikelihoodOptions::default())?;
    let t_lik = ms(t);
    let services: Vec<NodeIdx> = g.services().collect();
    let mean: f64 = services.iter().map(|s| lik.p_down[s.index()]).sum::<f64>() / services.len().max(1) as f64;
    println!(
        "likelihood, every node           {t_lik:9.1} ms  (mean service P(down) {mean:.4}, {} approximated requirements, {} cyclic components)",
        lik.approximated.len(),
        lik.cyclic_components
    );

    let t = Instant::now();
    let critical = g.critical_services(&CriticalityPolicy::default());
    let spof = single_points_of_failure(&g, &critical)?;
    let t_spof = ms(t);
    let killers: usize = spof.targets.iter().map(|t| t.killers.len()).sum();
    println!(
        "SPOF, {} critical services      {t_spof:9.1} ms  ({} (target, SPOF) pairs, {} distinct SPOF nodes)",
        critical.len(),
        killers,
        spof.by_node().len()
    );
    println!("likelihood + SPOF                {:9.1} ms", t_assess + t_lik + t_spof);

    // blast radius: the worst of the node that is a SPOF of most critical
    // services, a core router, a switch and two endpoints
    let by_node = spof.by_node();
    let top_spof = by_node.first().map_or(0, |(v, _)| v.0);
    let mut worst = 0.0f64;
    for probe in [top_spof, 0u32, 2, 1000, (n_assets / 2) as u32] {
        let v = NodeIdx(probe.min(g.node_count().saturating_sub(1) as u32));
        let t = Instant::now();
        let b = blast_radius(&g, &[v])?;
        let e = ms(t);
        worst = worst.max(e);
        println!(
            "blast radius of node {:>7}       {e:9.2} ms  ({} nodes down, {} services, population ≤ {})",
            v.0,
            b.stopped.len() + 1,
            b.services.len(),
            b.population_sum
        );
    }
    println!("blast radius, worst probe        {worst:9.2} ms");

    let t = Instant::now();
    let ag = AttackGraph::new(&g, &exploit)?;
    let t_ag = ms(t);
    println!("attack graph costs               {t_ag:9.1} ms");
    for &target in critical.iter().take(3) {
        let t = Instant::now();
        let assets = g.service_assets(target)?;
        let paths = k_shortest_paths(&ag, &ag.default_sources(), &assets, 5)?;
        let e = ms(t);
        println!(
            "k=5 attack paths to service {:>7} ({} assets)  {e:9.1} ms  (likelihoods {:?}, hops {:?})",
            target.0,
            assets.len(),
            paths
                .iter()
                .map(|p| format!("{:.2e}", p.likelihood))
                .collect::<Vec<_>>(),
            paths.iter().map(|p| p.hops.len()).collect::<Vec<_>>()
        );
    }
    Ok(())
}
