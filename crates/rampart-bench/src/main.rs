//! City-scale benchmarks. Run in release:
//!
//! ```text
//! cargo run --release -p rampart-bench -- import --rows 1000000
//! cargo run --release -p rampart-bench -- estate --devices 1000000
//! cargo run --release -p rampart-bench -- feeds
//! cargo run --release -p rampart-bench -- match --devices 1000000 --cves 250000
//! ```
//!
//! Each prints its figures (and the process's peak RSS) so they can be
//! copied into notes; `scripts/bench.sh` runs them all. `import`, `estate`
//! and `match` use only data they generate or the repository holds; `feeds`
//! and `match` also import the real NVD and CSAF files in `../shared/data`
//! when present and say so when they are absent.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use rampart_app::{
    Actor, App, AppConfig, AssetQuery, DatabaseUrl, DemoOptions, InventoryFormat, NoProgress, OrgInput, Store,
    SystemClock,
};

#[derive(Parser)]
#[command(name = "rampart-bench", about = "City-scale benchmarks of Rampart")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Import N devices from a generated CSV into a fresh SQLite database (and re-import it).
    Import {
        #[arg(long, default_value_t = 1_000_000)]
        rows: usize,
    },
    /// Load the demo city with N devices, then time the estate analysis and the inventory page.
    Estate {
        #[arg(long, default_value_t = 1_000_000)]
        devices: u64,
        /// Requests per inventory query.
        #[arg(long, default_value_t = 40)]
        requests: usize,
    },
    /// Import every NVD and CSAF file at hand (../shared/data) and a generated NVD feed.
    Feeds {
        /// Generated NVD-shaped records to import as well.
        #[arg(long, default_value_t = 100_000)]
        generated: usize,
    },
    /// Full and incremental matching: the demo city with N devices against a database of M CVEs.
    Match {
        #[arg(long, default_value_t = 1_000_000)]
        devices: u64,
        /// Vulnerabilities in the database (real ones at hand, the rest generated in NVD's shape).
        #[arg(long, default_value_t = 250_000)]
        cves: usize,
        /// Generated records cloned from the demo's real CVEs about the catalog's models, so
        /// matching devices. Default none: every real CVE about those models is in the database
        /// already (the demo's 1,259), and the generated ones stand for the many CVEs about
        /// products the city does not own.
        #[arg(long, default_value_t = 0)]
        hits: usize,
        /// New or changed records for the incremental match.
        #[arg(long, default_value_t = 1_000)]
        changed: usize,
        /// Keep the prepared database in DIR and reuse it when it is there (the demo
        /// city and 250,000 CVEs take minutes to prepare).
        #[arg(long)]
        db: Option<std::path::PathBuf>,
    },
    /// One timed step of `match`, run by it in a fresh process (so each peak RSS is its own).
    #[command(hide = true)]
    MatchStep {
        #[arg(long)]
        db: std::path::PathBuf,
        /// `full` or `incremental`.
        #[arg(long)]
        step: String,
        /// Feed file to import before the incremental match.
        #[arg(long)]
        changes: Option<std::path::PathBuf>,
    },
}

/// The allocator the `rampart` binary uses (see its `main.rs`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod feeds;

pub(crate) const SYS: Actor = Actor::System("bench");

/// Peak resident set size of this process, from /proc (Linux).
pub(crate) fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_owned))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()))
        .map_or(0.0, |kb| kb / 1024.0)
}

pub(crate) async fn fresh_app(dir: &Path) -> Result<Arc<App>> {
    open_app(&dir.join("bench.db")).await
}

/// An application over the SQLite file `db` (created and migrated when new).
pub(crate) async fn open_app(db: &Path) -> Result<Arc<App>> {
    let store = Store::connect(&DatabaseUrl::sqlite_file(db), 4).await?;
    store.migrate().await?;
    Ok(Arc::new(App::new(store, AppConfig::default(), Arc::new(SystemClock))))
}

const TYPES: &[(&str, &str, &str, &str)] = &[
    ("smart_meter", "Itron", "OpenWay Riva", "4.5.12"),
    ("sensor", "Signify", "Interact City", "2.3.1"),
    ("ip_camera", "Axis Communications", "AXIS P1455-LE", "10.12.153"),
    ("traffic_controller", "Econolite", "Cobalt", "32.66.40"),
    ("workstation", "Dell", "OptiPlex 7090", "1.18.0"),
    ("plc", "Siemens", "SIMATIC S7-1500", "2.9.4"),
    ("switch", "Cisco", "Catalyst 9300", "17.9.4"),
    ("gateway", "Sierra Wireless", "AirLink RV50X", "4.13.0"),
];

fn write_csv(path: &Path, rows: usize) -> Result<u64> {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(
        w,
        "name,asset_type,vendor,product,firmware_version,serial_number,mac,ip,network_zone,owner_org,criticality,internet_exposed,default_credentials_changed,encrypted_in_transit"
    )?;
    for i in 0..rows {
        let (t, v, p, f) = TYPES[i % TYPES.len()];
        let zone = ["Field IoT", "Traffic Field", "CCTV", "Corporate IT", "Water SCADA"][i % 5];
        writeln!(
            w,
            "DEV-{i:07},{t},{v},{p},{f},SN{i:09},02:{:02x}:{:02x}:{:02x}:{:02x}:{:02x},10.{}.{}.{},{zone},city,{},{},{},{}",
            (i >> 32) & 0xff,
            (i >> 24) & 0xff,
            (i >> 16) & 0xff,
            (i >> 8) & 0xff,
            i & 0xff,
            (i >> 16) & 0xff,
            (i >> 8) & 0xff,
            i & 0xff,
            1 + i % 5,
            if i % 97 == 0 { "yes" } else { "no" },
            if i % 3 == 0 { "no" } else { "yes" },
            if i % 2 == 0 { "yes" } else { "no" },
        )?;
    }
    w.flush()?;
    Ok(std::fs::metadata(path)?.len())
}

async fn import(rows: usize) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let csv = dir.path().join("devices.csv");
    let t = Instant::now();
    let size = write_csv(&csv, rows)?;
    println!(
        "generated {rows} rows, {:.1} MiB of CSV in {:.1} s",
        size as f64 / 1048576.0,
        t.elapsed().as_secs_f64()
    );
    let app = fresh_app(dir.path()).await?;
    app.create_org(
        &SYS,
        &OrgInput {
            slug: "city".into(),
            name: "City".into(),
            kind: "city".into(),
            ..OrgInput::default()
        },
    )
    .await?;
    let bytes = std::fs::read(&csv)?;
    let t = Instant::now();
    let r = app
        .import_inventory(&SYS, "devices.csv", InventoryFormat::Csv, &bytes, None, &NoProgress)
        .await?;
    let secs = t.elapsed().as_secs_f64();
    println!(
        "import {rows} devices from CSV into SQLite: {secs:.1} s ({:.0} rows/s); {}; peak RSS {:.0} MiB  [target ≤ 60 s, ≤ 1536 MiB]",
        rows as f64 / secs,
        r.summary(),
        peak_rss_mib()
    );
    let t = Instant::now();
    let r = app
        .import_inventory(&SYS, "devices.csv", InventoryFormat::Csv, &bytes, None, &NoProgress)
        .await?;
    println!(
        "re-import of the same file: {:.1} s; {}; peak RSS {:.0} MiB",
        t.elapsed().as_secs_f64(),
        r.summary(),
        peak_rss_mib()
    );
    Ok(())
}

fn percentile(v: &mut [Duration], p: f64) -> f64 {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

async fn estate(devices: u64, requests: usize) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let app = fresh_app(dir.path()).await?;
    let t = Instant::now();
    let report = app
        .load_demo(DemoOptions {
            seed: 7,
            devices,
            password: Some("benchmark password".into()),
        })
        .await?;
    println!(
        "demo city with {devices} devices loaded in {:.1} s: {:?}",
        t.elapsed().as_secs_f64(),
        report.counts
    );

    let t = Instant::now();
    let snap = app.estate_snapshot().await?;
    let load = t.elapsed().as_secs_f64();
    let g = &snap.graph;
    let edges = g.dependency_edge_count() + g.flow_count();
    println!(
        "estate graph: {} nodes, {} dependency edges + {} flows = {edges} edges, {} critical services; snapshot built in {load:.2} s (database read + analysis)",
        g.node_count(),
        g.dependency_edge_count(),
        g.flow_count(),
        snap.critical.len()
    );
    // The analysis alone, on the loaded graph.
    let t = Instant::now();
    let (_, p_comp) = rampart_core::estate::compromise::CompromiseModel::default().assess_estate(g);
    let lik = rampart_core::estate::likelihood::failure_likelihood(g, &p_comp, &Default::default())?;
    let t_lik = t.elapsed().as_secs_f64();
    let t2 = Instant::now();
    let spof = rampart_core::estate::spof::single_points_of_failure(g, &snap.critical)?;
    let t_spof = t2.elapsed().as_secs_f64();
    println!(
        "failure likelihood of every node ({} services): {t_lik:.2} s; SPOF of {} critical services ({} SPOFs): {t_spof:.2} s; together {:.2} s  [target ≤ 5 s]",
        g.services().count(),
        snap.critical.len(),
        spof.by_node().len(),
        t_lik + t_spof
    );
    let _ = lik;

    // Blast radius: the worst asset (the one that is a SPOF of most services) and a sample of others.
    let assets: Vec<_> = g.assets().collect();
    let mut probes: Vec<_> = snap
        .spofs
        .iter()
        .filter(|(n, _)| g.node(*n).is_some_and(|d| d.is_asset()))
        .map(|(n, _)| *n)
        .take(5)
        .collect();
    probes.extend(assets.iter().step_by((assets.len() / 50).max(1)).take(50));
    let mut core_times = Vec::new();
    let mut app_times = Vec::new();
    let mut worst = (0usize, 0.0f64);
    for n in &probes {
        let t = Instant::now();
        let b = rampart_core::estate::blast::blast_radius(g, &[*n])?;
        core_times.push(t.elapsed());
        let id = g.id(*n).unwrap_or(0);
        let t = Instant::now();
        let v = app.blast_radius(&SYS, &[id]).await?;
        let e = t.elapsed();
        app_times.push(e);
        if b.stopped.len() > worst.0 {
            worst = (b.stopped.len(), e.as_secs_f64() * 1000.0);
        }
        let _ = v;
    }
    println!(
        "blast radius of one asset over {} probes: analysis p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms; with the API's labelling p95 {:.1} ms (largest blast: {} nodes down, {:.1} ms)  [target ≤ 50 ms]",
        probes.len(),
        percentile(&mut core_times.clone(), 0.5),
        percentile(&mut core_times.clone(), 0.95),
        percentile(&mut core_times, 1.0),
        percentile(&mut app_times, 0.95),
        worst.0,
        worst.1
    );
    if let Some(s) = snap.critical.first().and_then(|n| g.id(*n)) {
        let t = Instant::now();
        let paths = app.attack_paths(&SYS, -s, 5).await?;
        println!(
            "k=5 attack paths to a critical service: {} paths in {:.2} s",
            paths.len(),
            t.elapsed().as_secs_f64()
        );
    }

    // The inventory page through the real router, as a signed-in admin.
    let router = rampart_web::router(rampart_web::AppState::new(
        app.clone(),
        rampart_web::WebConfig {
            cookie_secure: false,
            ..Default::default()
        },
    ));
    let admin = app.find_user("admin").await?;
    let token = app
        .create_token(&SYS, admin.id, "bench", &[rampart_core::authz::TokenScope::Read], None)
        .await?
        .secret;
    let vendor = app
        .asset_facets(&SYS)
        .await?
        .vendors
        .first()
        .map(|(v, _)| v.clone())
        .unwrap_or_default();
    let zone = app.store.list_zones().await?.first().map_or(1, |z| z.id);
    let second_page = {
        let p = app
            .list_assets(
                &SYS,
                AssetQuery {
                    limit: 50,
                    ..Default::default()
                },
                false,
            )
            .await?;
        p.next
            .map(|c| format!("cursor={}", cursor_param(&c)))
            .unwrap_or_default()
    };
    let queries = [
        "/assets".to_owned(),
        "/assets?sort=vendor&order=desc".to_owned(),
        "/assets?type=ip_camera".to_owned(),
        format!("/assets?vendor={vendor}&sort=criticality"),
        format!("/assets?zone={zone}&exposed=true"),
        "/assets?q=CAM-00".to_owned(),
        "/assets?missing=3&sort=type".to_owned(),
        format!("/assets?{second_page}"),
    ];
    println!(
        "inventory page (GET, HTML, {} devices), {requests} requests each after one warm-up:",
        app.store.asset_count().await?
    );
    let mut all = Vec::new();
    for q in &queries {
        let mut times = Vec::new();
        for i in 0..=requests {
            let req = axum::http::Request::builder()
                .uri(q.as_str())
                .header("authorization", format!("Bearer {token}"))
                .body(axum::body::Body::empty())?;
            let t = Instant::now();
            let resp = tower::ServiceExt::oneshot(router.clone(), req)
                .await
                .context("request")?;
            let status = resp.status();
            let _ = http_body_util::BodyExt::collect(resp.into_body()).await;
            if i > 0 {
                times.push(t.elapsed());
            }
            anyhow::ensure!(status.is_success(), "{q}: {status}");
        }
        all.extend(times.iter().copied());
        println!(
            "  {q:<48} p50 {:>6.1} ms  p95 {:>6.1} ms",
            percentile(&mut times.clone(), 0.5),
            percentile(&mut times, 0.95)
        );
    }
    println!(
        "inventory page overall p95 {:.1} ms  [target ≤ 100 ms]; peak RSS {:.0} MiB",
        percentile(&mut all, 0.95),
        peak_rss_mib()
    );
    Ok(())
}

fn cursor_param(c: &rampart_app::AssetCursor) -> String {
    // The same opaque encoding the web layer uses: base64url of [lead, name, id].
    let v = serde_json::json!([c.lead, c.name, c.id]).to_string();
    base64url(v.as_bytes())
}

fn base64url(b: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in b.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, x)| acc | (u32::from(*x) << (16 - 8 * i)));
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async {
        match cli.cmd {
            Cmd::Import { rows } => import(rows).await,
            Cmd::Estate { devices, requests } => estate(devices, requests).await,
            Cmd::Feeds { generated } => feeds::feeds(generated).await,
            Cmd::Match {
                devices,
                cves,
                hits,
                changed,
                db,
            } => feeds::matching(devices, cves, hits, changed, db).await,
            Cmd::MatchStep { db, step, changes } => feeds::match_step(&db, &step, changes.as_deref()).await,
        }
    })
}
