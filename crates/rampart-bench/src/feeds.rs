//! Feed import and matching benchmarks (issue 4).
//!
//! Real data: every NVD 1.1 feed and subset and every CSAF file under
//! `../shared/data` (or `$RAMPART_SHARED_DATA`) when present; the
//! benchmark says so when it is absent. Generated data: NVD 1.1 records
//! in NVD's own shape, clones of real records under new ids — of the 27,569
//! records of the 2016 and 2017 yearly feeds at hand (NVD's own mix of
//! configuration shapes and sizes; the demo bundle's 971 records when the
//! feeds are absent) with their vendors renamed (`cisco` → `cisco-g17`),
//! like the many CVEs about products a city does not own; and `--hits` of
//! them clones of the demo bundle's records about the catalog's models,
//! which keep their vendor and product and so match demo devices.

use std::io::{BufWriter, Read};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use rampart_app::{App, DemoOptions, FeedImportReport, FeedKind};
use serde_json::{Value, json};

use crate::{SYS, fresh_app, open_app, peak_rss_mib};

const DEMO_NVD: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../rampart-app/data/demo_feeds/nvdcve-1.1-demo.json.gz"
);

/// `../shared/data` next to the repository, or `$RAMPART_SHARED_DATA`.
fn shared_data() -> Option<PathBuf> {
    let p = std::env::var_os("RAMPART_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    p.is_dir().then_some(p)
}

/// The NVD feed files at hand: yearly feeds and subsets first, then modified and recent.
fn nvd_files(shared: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = ["nvd/feeds-1.1", "nvd/subsets"]
        .iter()
        .filter_map(|d| std::fs::read_dir(shared.join(d)).ok())
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".json.gz"))
        .collect();
    files.sort_by_key(|p| {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        (name.contains("modified") || name.contains("recent"), name)
    });
    files
}

/// The templates of generated records.
struct Templates {
    /// For records that match devices: the demo bundle's real NVD records
    /// about the catalog's models.
    hits: Vec<Value>,
    /// For the others: the real yearly NVD feeds at hand (NVD's own mix of
    /// configuration shapes and sizes), or the demo bundle when absent.
    misses: Vec<Value>,
}

fn feed_items(path: &Path) -> Result<Vec<Value>> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).with_context(|| path.display().to_string())?)
        .read_to_string(&mut text)?;
    let mut feed: Value = serde_json::from_str(&text)?;
    match feed.get_mut("CVE_Items").map(Value::take) {
        Some(Value::Array(items)) if !items.is_empty() => Ok(items),
        _ => anyhow::bail!("{}: no CVE_Items", path.display()),
    }
}

fn templates() -> Result<Templates> {
    let hits = feed_items(Path::new(DEMO_NVD))?;
    let mut misses = Vec::new();
    if let Some(shared) = shared_data() {
        for year in ["2016", "2017"] {
            let f = shared.join(format!("nvd/feeds-1.1/nvdcve-1.1-{year}.json.gz"));
            if f.is_file() {
                misses.extend(feed_items(&f)?);
            }
        }
    }
    if misses.is_empty() {
        misses = hits.clone();
    }
    Ok(Templates { hits, misses })
}

/// Renames the vendor of every CPE in a configuration node tree.
fn rename_vendors(node: &mut Value, suffix: &str) {
    if let Some(Value::Array(ms)) = node.get_mut("cpe_match") {
        for m in ms {
            if let Some(Value::String(uri)) = m.get_mut("cpe23Uri") {
                let parts: Vec<&str> = uri.splitn(5, ':').collect();
                if parts.len() == 5 {
                    *uri = format!(
                        "{}:{}:{}:{}{suffix}:{}",
                        parts[0], parts[1], parts[2], parts[3], parts[4]
                    );
                }
            }
        }
    }
    if let Some(Value::Array(children)) = node.get_mut("children") {
        for c in children {
            rename_vendors(c, suffix);
        }
    }
}

/// Id of the `i`-th generated record.
fn gen_id(i: usize) -> String {
    format!("CVE-2090-{i:07}")
}

/// Writes an NVD 1.1 feed of generated records `ids`; `hit(i)` keeps the template's vendors.
fn write_generated(
    path: &Path,
    templates: &Templates,
    ids: impl Iterator<Item = usize>,
    hit: impl Fn(usize) -> bool,
    modified: &str,
) -> Result<usize> {
    let mut items = Vec::new();
    for i in ids {
        let set = if hit(i) { &templates.hits } else { &templates.misses };
        let mut item = set[i % set.len()].clone();
        let template_id = item
            .pointer("/cve/CVE_data_meta/ID")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_owned();
        if let Some(id) = item.pointer_mut("/cve/CVE_data_meta/ID") {
            *id = json!(gen_id(i));
        }
        if let Some(d) = item.pointer_mut("/cve/description/description_data/0/value") {
            *d = json!(format!("Generated for the benchmark from {template_id}."));
        }
        item["lastModifiedDate"] = json!(modified);
        if !hit(i)
            && let Some(Value::Array(nodes)) = item.pointer_mut("/configurations/nodes")
        {
            let suffix = format!("-g{}", i % 2000);
            for n in nodes {
                rename_vendors(n, &suffix);
            }
        }
        items.push(item);
    }
    let n = items.len();
    let feed = json!({
        "CVE_data_type": "CVE", "CVE_data_format": "MITRE", "CVE_data_version": "4.0",
        "CVE_data_numberOfCVEs": n.to_string(), "CVE_data_timestamp": modified,
        "CVE_Items": items,
    });
    let mut w = BufWriter::new(std::fs::File::create(path)?);
    serde_json::to_writer(&mut w, &feed)?;
    std::io::Write::flush(&mut w)?;
    Ok(n)
}

async fn import(app: &App, kind: FeedKind, path: &Path) -> Result<(FeedImportReport, f64)> {
    let t = Instant::now();
    let r = app.import_feed_path(&SYS, kind, path).await?;
    Ok((r, t.elapsed().as_secs_f64()))
}

fn line(label: &str, r: &FeedImportReport, secs: f64, unit: &str) {
    println!(
        "  {label:<44} {:>7} {unit} in {secs:>6.2} s = {:>7.0} {unit}/s  (created {}, updated {}, unchanged {}, skipped {}, problems {})",
        r.total,
        r.total as f64 / secs,
        r.created,
        r.updated,
        r.unchanged,
        r.skipped,
        r.problem_count
    );
}

/// Imports the real NVD feeds at hand; returns (records, seconds).
async fn import_real_nvd(app: &App, shared: &Path) -> Result<(u64, f64)> {
    let (mut n, mut secs) = (0, 0.0);
    for f in nvd_files(shared) {
        let (r, s) = import(app, FeedKind::Nvd, &f).await?;
        line(
            &f.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            &r,
            s,
            "CVEs",
        );
        n += r.total;
        secs += s;
    }
    Ok((n, secs))
}

/// `rampart-bench feeds`.
pub(crate) async fn feeds(generated: usize) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let app = fresh_app(dir.path()).await?;
    println!("feed imports into SQLite (release build; each file one transaction):");
    match shared_data() {
        Some(shared) => {
            // One import of the whole directory (`rampart feeds import nvd ../shared/data/nvd`):
            // the next file is parsed while the current one is stored.
            let (r, secs) = import(&app, FeedKind::Nvd, &shared.join("nvd")).await?;
            line("nvd/ (every feed and subset, one import)", &r, secs, "CVEs");
            println!(
                "NVD feeds at hand: {} files, {} CVE records in {secs:.1} s = {:.0} CVEs/s  [target ≥ 10,000/s]",
                r.files,
                r.total,
                r.total as f64 / secs
            );
            println!("the same files one by one, into a fresh database:");
            let other = tempfile::tempdir()?;
            let (n, secs) = import_real_nvd(&*fresh_app(other.path()).await?, &shared).await?;
            println!("  {n} records in {secs:.1} s = {:.0} CVEs/s", n as f64 / secs);
            let csaf = shared.join("csaf");
            let (r, s) = import(&app, FeedKind::Csaf, &csaf).await?;
            line("CSAF (every file under csaf/)", &r, s, "advisories");
            println!(
                "CSAF at hand: {} advisories in {s:.1} s = {:.0} advisories/s  [target ≥ 200/s]",
                r.total,
                r.total as f64 / s
            );
            let (r, s) = import(&app, FeedKind::Csaf, &csaf).await?;
            line("CSAF again (all unchanged)", &r, s, "advisories");
        }
        None => println!(
            "../shared/data not found (set RAMPART_SHARED_DATA): the real NVD and CSAF imports are skipped; only the generated feed is timed"
        ),
    }
    let templates = templates()?;
    let file = dir.path().join("generated.json");
    let t = Instant::now();
    let n = write_generated(
        &file,
        &templates,
        0..generated,
        |i| i.is_multiple_of(200),
        "2026-11-01T00:00Z",
    )?;
    println!(
        "generated {n} NVD 1.1 records from {} real ones in {:.1} s ({:.0} MiB)",
        templates.misses.len(),
        t.elapsed().as_secs_f64(),
        std::fs::metadata(&file)?.len() as f64 / 1048576.0
    );
    let (r, s) = import(&app, FeedKind::Nvd, &file).await?;
    line("generated NVD feed", &r, s, "CVEs");
    let (r, s) = import(&app, FeedKind::Nvd, &file).await?;
    line("generated NVD feed again (all unchanged)", &r, s, "CVEs");
    println!("peak RSS {:.0} MiB", peak_rss_mib());
    Ok(())
}

/// `rampart-bench match`: prepares the database (or reuses `--db`), then
/// times each step in a fresh process.
pub(crate) async fn matching(
    devices: u64,
    cves: usize,
    hits: usize,
    changed: usize,
    db: Option<PathBuf>,
) -> Result<()> {
    let temp = tempfile::tempdir()?;
    let dir = db.unwrap_or_else(|| temp.path().to_path_buf());
    std::fs::create_dir_all(&dir)?;
    // Named for the preparation's version: a database prepared by an older bench is prepared again.
    let marker = dir.join("prepared-v2.txt");
    if marker.is_file() {
        println!(
            "reusing the database prepared in {}: {}",
            dir.display(),
            std::fs::read_to_string(&marker)?.trim()
        );
    } else {
        let _ = std::fs::remove_file(dir.join("bench.db"));
        let summary = prepare(&dir, devices, cves, hits, changed).await?;
        std::fs::write(&marker, summary)?;
    }
    // Every run starts from the prepared state: the steps work on a copy.
    for suffix in ["", "-wal", "-shm"] {
        let (from, to) = (
            dir.join(format!("bench.db{suffix}")),
            dir.join(format!("work.db{suffix}")),
        );
        let _ = std::fs::remove_file(&to);
        if from.is_file() {
            std::fs::copy(&from, &to)?;
            // Written out before timing, so the steps do not share the disk with it.
            std::fs::File::open(&to)?.sync_all()?;
        }
    }
    let exe = std::env::current_exe()?;
    let step = |args: &[&str]| -> Result<()> {
        let out = std::process::Command::new(&exe)
            .arg("match-step")
            .arg("--db")
            .arg(&dir)
            .args(args)
            .output()?;
        print!("{}", String::from_utf8_lossy(&out.stdout));
        anyhow::ensure!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        Ok(())
    };
    step(&["--step", "full"])?;
    let changes = dir.join("changed.json");
    step(&["--step", "incremental", "--changes", &changes.to_string_lossy()])?;
    Ok(())
}

/// Builds the demo city, imports the real NVD feeds at hand and generated
/// records up to `cves`, and writes the changes file of the incremental step.
async fn prepare(dir: &Path, devices: u64, cves: usize, hits: usize, changed: usize) -> Result<String> {
    let app = fresh_app(dir).await?;
    let t = Instant::now();
    let demo = app
        .load_demo(DemoOptions {
            seed: 7,
            devices,
            password: Some("benchmark password".into()),
        })
        .await?;
    println!(
        "demo city with {devices} devices loaded in {:.1} s (including its 1,259 real CVEs and a first full match): {:?}",
        t.elapsed().as_secs_f64(),
        demo.counts
    );
    match shared_data() {
        Some(shared) => {
            println!("importing the real NVD feeds at hand:");
            let (n, secs) = import_real_nvd(&app, &shared).await?;
            println!("  {n} records in {secs:.1} s");
        }
        None => println!(
            "../shared/data not found (set RAMPART_SHARED_DATA): no real NVD feeds; all but the demo's CVEs are generated"
        ),
    }
    let real = usize::try_from(app.store.vuln_count().await?)?;
    let need = cves.saturating_sub(real);
    let step = (need / hits.max(1)).max(1);
    let is_hit = move |i: usize| hits > 0 && i.is_multiple_of(step) && i / step < hits;
    let templates = templates()?;
    let t = Instant::now();
    let (mut imported, mut import_secs) = (0, 0.0);
    for start in (0..need).step_by(50_000) {
        let file = dir.join(format!("gen-{start}.json"));
        write_generated(
            &file,
            &templates,
            start..(start + 50_000).min(need),
            is_hit,
            "2026-11-01T00:00Z",
        )?;
        let (r, s) = import(&app, FeedKind::Nvd, &file).await?;
        imported += r.total;
        import_secs += s;
        std::fs::remove_file(&file)?;
    }
    let total = app.store.vuln_count().await?;
    println!(
        "{real} real + {need} generated CVEs ({hits} of them on real products): {total} vulnerabilities; generated import {imported} records in {import_secs:.1} s ({:.0}/s), {:.1} s with generation",
        imported as f64 / import_secs.max(1e-9),
        t.elapsed().as_secs_f64()
    );
    // The first full match against the whole database opens the findings
    // of the real records; the timed steps then start from a matched city.
    let t = Instant::now();
    let r = app.run_match(&SYS, true).await?;
    println!(
        "first full match after the import: {:.1} s; {}; peak RSS so far {:.0} MiB",
        t.elapsed().as_secs_f64(),
        r.summary(),
        peak_rss_mib()
    );
    // A day's worth of changes: half revise generated records (1% of them
    // ones that match devices), half are new (1% on real products).
    let k = (changed / 100).max(1);
    let half = changed / 2;
    let revised: Vec<usize> = (0..need)
        .filter(|i| is_hit(*i))
        .take(k)
        .chain((0..need).filter(|i| !is_hit(*i)).take(half.saturating_sub(k)))
        .collect();
    let fresh = need..need + (changed - revised.len());
    write_generated(
        &dir.join("changed.json"),
        &templates,
        revised.into_iter().chain(fresh),
        |i| is_hit(i) || (need..need + k).contains(&i),
        "2026-11-20T00:00Z",
    )?;
    app.store.close().await; // checkpoints the WAL into the file
    Ok(format!(
        "{devices} devices, {total} vulnerabilities, {changed} changes prepared"
    ))
}

/// One timed step in this (fresh) process.
pub(crate) async fn match_step(dir: &Path, step: &str, changes: Option<&Path>) -> Result<()> {
    let app = open_app(&dir.join("work.db")).await?;
    let phases = |r: &rampart_app::MatchReport| {
        r.phases
            .iter()
            .map(|(p, ms)| format!("{p} {:.1} s", *ms as f64 / 1000.0))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match step {
        "full" => {
            let t = Instant::now();
            let r = app.run_match(&SYS, true).await?;
            println!(
                "full match, fresh process (reads the estate and builds the matcher's inventory): {:.1} s; {}\n    phases: {}; peak RSS {:.0} MiB  [target ≤ 30 s, ≤ 2048 MiB]",
                t.elapsed().as_secs_f64(),
                r.summary(),
                phases(&r),
                peak_rss_mib()
            );
            let t = Instant::now();
            let r = app.run_match(&SYS, true).await?;
            println!(
                "full match again in the same process (a running server): {:.1} s; {}\n    phases: {}; peak RSS {:.0} MiB",
                t.elapsed().as_secs_f64(),
                r.summary(),
                phases(&r),
                peak_rss_mib()
            );
        }
        "incremental" => {
            // A running server: its caches are warm before the feed update arrives.
            let t = Instant::now();
            let r = app.run_match(&SYS, false).await?;
            println!(
                "warm-up (a server's first incremental match, nothing changed): {:.1} s; {}",
                t.elapsed().as_secs_f64(),
                r.summary()
            );
            let file = changes.context("--changes is required")?;
            let (r, s) = import(&app, FeedKind::Nvd, file).await?;
            line("changed + new records", &r, s, "CVEs");
            let t = Instant::now();
            let r = app.run_match(&SYS, false).await?;
            println!(
                "incremental match of {} new or changed CVEs: {:.2} s; {}\n    phases: {}; peak RSS {:.0} MiB  [target ≤ 2 s]",
                r.rules,
                t.elapsed().as_secs_f64(),
                r.summary(),
                phases(&r),
                peak_rss_mib()
            );
        }
        other => anyhow::bail!("unknown step `{other}`"),
    }
    Ok(())
}
