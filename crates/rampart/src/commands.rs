//! Administrative commands: organisations, users, tokens, audit, demo.

use std::io::{Read, Write};
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use rampart_app::{Actor, App, AssetQuery, AuditFilter, DemoOptions, InventoryFormat, OrgInput, UserInput};
use rampart_core::authz::{Role, TokenScope};
use rampart_core::ids::TokenId;

use crate::cli::{
    AliasesCmd, AnalyzeCmd, AssetsCmd, AuditCmd, DemoOpts, EstateCmd, FeedsCmd, FindingsCmd, OrgCmd, TokenCmd, UserCmd,
    VulnsCmd,
};

/// The CLI acts with full authority: whoever runs it holds the database.
const CLI: Actor = Actor::System("cli");

fn read_password_stdin() -> Result<String> {
    let mut s = String::new();
    std::io::stdin()
        .read_to_string(&mut s)
        .context("reading the password from standard input")?;
    let p = s.trim_end_matches(['\n', '\r']).to_owned();
    if p.is_empty() {
        bail!("no password on standard input");
    }
    Ok(p)
}

pub(crate) async fn demo(app: &App, opts: &DemoOpts, json: bool) -> Result<ExitCode> {
    let report = app
        .load_demo(DemoOptions {
            seed: opts.seed,
            devices: opts.devices,
            password: opts.password.clone(),
        })
        .await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_demo(&report);
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn print_demo(report: &rampart_app::DemoReport) {
    println!(
        "Demo city loaded: {} ({} organisations)",
        report.city, report.organisations
    );
    for (k, v) in &report.counts {
        println!("  {k}: {v}");
    }
    println!();
    println!("Demo logins (demo data only — never use these accounts in production):");
    println!("  {:<20} {:<22} {:<20} organisation", "username", "password", "role");
    for c in &report.credentials {
        println!(
            "  {:<20} {:<22} {:<20} {}",
            c.username,
            c.password,
            c.roles.join(","),
            c.org
        );
    }
}

pub(crate) async fn org(app: &App, cmd: OrgCmd) -> Result<ExitCode> {
    match cmd {
        OrgCmd::List => {
            for o in app.list_orgs(&CLI).await? {
                println!(
                    "{:>4}  {:<28} {:<8} {:<9} {}",
                    o.id,
                    o.slug,
                    o.kind.as_str(),
                    o.partner_type.map_or("", |p| p.as_str()),
                    o.name
                );
            }
        }
        OrgCmd::Create {
            name,
            kind,
            slug,
            partner_type,
            sector,
        } => {
            let o = app
                .create_org(
                    &CLI,
                    &OrgInput {
                        slug: slug.unwrap_or_default(),
                        name,
                        kind,
                        partner_type,
                        sector,
                        description: String::new(),
                    },
                )
                .await?;
            println!("created organisation {} ({}) with id {}", o.name, o.slug, o.id);
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) async fn user(app: &App, cmd: UserCmd) -> Result<ExitCode> {
    match cmd {
        UserCmd::Create {
            username,
            roles,
            org,
            city_name,
            display_name,
            email,
            password_stdin,
        } => {
            let roles = roles.iter().map(|r| r.parse::<Role>()).collect::<Result<Vec<_>, _>>()?;
            let org_id = match org {
                Some(slug) => {
                    app.store
                        .find_org_by_slug(&slug)
                        .await?
                        .ok_or_else(|| anyhow!("no organisation with slug `{slug}`"))?
                        .id
                }
                None => match app.store.find_city().await? {
                    Some(c) => c.id,
                    None => {
                        let c = app
                            .create_org(
                                &CLI,
                                &OrgInput {
                                    name: city_name.clone(),
                                    kind: "city".into(),
                                    ..OrgInput::default()
                                },
                            )
                            .await?;
                        println!("created the city organisation `{}` ({})", c.name, c.slug);
                        c.id
                    }
                },
            };
            let password = if password_stdin {
                Some(read_password_stdin()?)
            } else {
                None
            };
            let created = app
                .create_user(
                    &CLI,
                    UserInput {
                        username,
                        display_name: display_name.unwrap_or_default(),
                        email,
                        org_id,
                        roles,
                        password,
                    },
                )
                .await?;
            println!("created user {} (id {})", created.user.username, created.user.id);
            if let Some(p) = created.generated_password {
                println!("password: {p}");
                println!("(shown once; change it after signing in, under Your account)");
            }
        }
        UserCmd::SetPassword {
            username,
            password_stdin,
        } => {
            let u = app.find_user(&username).await?;
            let password = if password_stdin {
                Some(read_password_stdin()?)
            } else {
                None
            };
            let generated = app.set_password(&CLI, u.id, password).await?;
            println!("password of {} changed; their sessions have ended", u.username);
            if let Some(p) = generated {
                println!("password: {p}");
            }
        }
        UserCmd::List => {
            for u in app.list_users(&CLI).await? {
                let roles: Vec<&str> = u.roles.iter().map(|r| r.as_str()).collect();
                println!(
                    "{:>4}  {:<20} {:<30} {}{}",
                    u.id,
                    u.username,
                    roles.join(","),
                    u.display_name,
                    if u.disabled { " (disabled)" } else { "" }
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) async fn token(app: &App, cmd: TokenCmd) -> Result<ExitCode> {
    match cmd {
        TokenCmd::Create {
            username,
            name,
            scopes,
            days,
        } => {
            let u = app.find_user(&username).await?;
            let scopes = scopes
                .iter()
                .map(|s| s.parse::<TokenScope>())
                .collect::<Result<Vec<_>, _>>()?;
            let t = app.create_token(&CLI, u.id, &name, &scopes, days).await?;
            println!(
                "token {} for {} (scopes: {}; expires {})",
                t.record.id,
                u.username,
                scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(","),
                t.record.expires_at
            );
            println!("{}", t.secret);
            eprintln!("(the token is shown once and stored only as a hash)");
        }
        TokenCmd::Revoke { id } => {
            let id: TokenId = id.parse()?;
            let t = app.revoke_token(&CLI, id).await?;
            println!("revoked token {} ({}) of {}", t.id, t.name, t.username);
        }
        TokenCmd::List { username } => {
            let owner = match username {
                Some(u) => Some(app.find_user(&u).await?.id),
                None => None,
            };
            let now = app.now();
            for t in app.list_tokens(&CLI, owner).await? {
                let state = if t.revoked_at.is_some() {
                    "revoked"
                } else if t.expires_at <= now {
                    "expired"
                } else {
                    "active"
                };
                let scopes: Vec<&str> = t.scopes.iter().map(|s| s.as_str()).collect();
                println!(
                    "{:>4}  {:<8} rmp_{}_…  {:<16} {:<14} expires {}  {}",
                    t.id,
                    state,
                    t.prefix,
                    t.username,
                    scopes.join(","),
                    t.expires_at,
                    t.name
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) async fn audit(app: &App, cmd: AuditCmd) -> Result<ExitCode> {
    match cmd {
        AuditCmd::Verify => {
            let r = app.audit_verify(&CLI).await?;
            match r.problem {
                None => {
                    println!("audit log OK: {} entries verified", r.checked);
                    println!("head: #{} {}", r.head_seq, r.head_hash);
                    Ok(ExitCode::SUCCESS)
                }
                Some(p) => {
                    println!("audit log BROKEN: {p}");
                    println!("{} entries verified before the break", r.checked);
                    Ok(ExitCode::from(2))
                }
            }
        }
        AuditCmd::Export { out, action, actor } => {
            let filter = AuditFilter {
                action_prefix: action,
                actor,
                ..AuditFilter::default()
            };
            let n = match out {
                Some(path) => {
                    let f =
                        std::fs::File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
                    let mut w = std::io::BufWriter::new(f);
                    let n = app.audit_export(&CLI, &filter, &mut w).await?;
                    w.flush()?;
                    n
                }
                None => {
                    let mut w = std::io::stdout();
                    app.audit_export(&CLI, &filter, &mut w).await?
                }
            };
            eprintln!("exported {n} entries");
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// A progress bar on standard error (hidden when not a terminal).
struct Bar(indicatif::ProgressBar);

impl rampart_app::Progress for Bar {
    fn total(&self, total: u64) {
        self.0.set_length(total);
    }
    fn done(&self, done: u64) {
        self.0.set_position(done);
    }
}

fn print_rejected(rejected: &[rampart_app::Rejected], count: u64) {
    for r in rejected.iter().take(50) {
        println!("  rejected {}: {}", r.location, r.reason);
    }
    if count > 50 {
        println!("  … and {} more", count - 50);
    }
}

pub(crate) async fn assets(app: &App, cmd: AssetsCmd) -> Result<ExitCode> {
    match cmd {
        AssetsCmd::Import { format, org, file } => {
            let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let name = file
                .file_name()
                .map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into_owned());
            let format = match format {
                Some(f) => InventoryFormat::parse(&f)?,
                None => InventoryFormat::detect(&name, &bytes)
                    .ok_or_else(|| anyhow!("cannot tell the format of {name}: pass --format csv|cyclonedx|nmap"))?,
            };
            let org = match org {
                Some(slug) => Some(
                    app.store
                        .find_org_by_slug(&slug)
                        .await?
                        .ok_or_else(|| anyhow!("no organisation with slug `{slug}`"))?
                        .id,
                ),
                None => None,
            };
            let bar = indicatif::ProgressBar::new(bytes.len() as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{spinner} {msg} [{bar:40}] {bytes}/{total_bytes} ({eta})")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar.set_message(format!("importing {name}"));
            let progress = Bar(bar);
            let r = app
                .import_inventory(&CLI, &name, format, &bytes, org, &progress)
                .await?;
            progress.0.finish_and_clear();
            println!(
                "{name} ({}): {} in {:.1} s",
                r.format,
                r.summary(),
                r.millis as f64 / 1000.0
            );
            if !r.zones_created.is_empty() {
                println!("  new zones: {}", r.zones_created.join(", "));
            }
            if r.enriched > 0 {
                println!(
                    "  {} records identified from MAC prefixes or service banners",
                    r.enriched
                );
            }
            print_rejected(&r.rejected, r.rejected_count);
        }
        AssetsCmd::List { q, limit } => {
            let query = AssetQuery {
                filter: rampart_app::AssetFilter {
                    q,
                    ..Default::default()
                },
                limit,
                ..Default::default()
            };
            let page = app.list_assets(&CLI, query, true).await?;
            for a in &page.items {
                println!(
                    "{:>8}  {:<24} {:<18} {:<20} {:<16} {}",
                    a.id,
                    a.name,
                    a.asset_type,
                    a.vendor.as_deref().unwrap_or(""),
                    a.ip.as_deref().unwrap_or(""),
                    a.firmware_version.as_deref().unwrap_or("")
                );
            }
            if let Some(n) = page.total_capped {
                eprintln!(
                    "{} shown of {}{}",
                    page.items.len(),
                    n,
                    if n >= 10_000 { "+" } else { "" }
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) async fn estate(app: &App, cmd: EstateCmd) -> Result<ExitCode> {
    let EstateCmd::Import { kind, files } = cmd;
    if files.is_empty() {
        bail!("give at least one file");
    }
    let kind = match kind {
        Some(k) => Some(k.parse::<rampart_app::EstateCsvKind>().map_err(|e| anyhow!("{e}"))?),
        None => None,
    };
    let mut failed = false;
    for file in files {
        let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
        let name = file
            .file_name()
            .map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into_owned());
        let r = app.import_structure(&CLI, &name, kind, &bytes).await?;
        println!("{name} ({}): {}", r.kind, r.summary());
        print_rejected(&r.rejected, r.rejected_count);
        failed |= r.rejected_count > 0;
    }
    Ok(if failed { ExitCode::from(3) } else { ExitCode::SUCCESS })
}

async fn asset_id(app: &App, s: &str) -> Result<i64> {
    if let Ok(id) = s.parse::<i64>() {
        return Ok(id);
    }
    let query = AssetQuery {
        filter: rampart_app::AssetFilter {
            q: Some(s.to_owned()),
            ..Default::default()
        },
        limit: 5,
        ..Default::default()
    };
    let page = app.list_assets(&CLI, query, false).await?;
    page.items
        .iter()
        .find(|a| a.name == s)
        .map(|a| a.id)
        .ok_or_else(|| anyhow!("no asset named `{s}`"))
}

async fn service_id(app: &App, s: &str) -> Result<i64> {
    if let Ok(id) = s.parse::<i64>() {
        return Ok(id);
    }
    app.list_services(&CLI)
        .await?
        .into_iter()
        .find(|(r, _, _)| r.fields.name.eq_ignore_ascii_case(s))
        .map(|(r, _, _)| r.id)
        .ok_or_else(|| anyhow!("no service named `{s}`"))
}

pub(crate) async fn analyze(app: &App, cmd: AnalyzeCmd) -> Result<ExitCode> {
    let started = std::time::Instant::now();
    match cmd {
        AnalyzeCmd::BlastRadius { assets } => {
            let mut ids = Vec::new();
            for a in &assets {
                ids.push(asset_id(app, a).await?);
            }
            let b = app.blast_radius(&CLI, &ids).await?;
            let names: Vec<&str> = b.failed.iter().map(|f| f.name.as_str()).collect();
            println!(
                "If {} fail(s): {} service(s) stop, {} nodes down, {}–{} people affected",
                names.join(", "),
                b.services.len(),
                b.stopped_total,
                b.population_max,
                b.population_sum
            );
            for (s, p, c) in &b.services {
                println!(
                    "  {:<40} population {:>8}{}",
                    s.name,
                    p,
                    if *c { "  CRITICAL" } else { "" }
                );
            }
        }
        AnalyzeCmd::Spof => {
            let list = app.spofs(&CLI).await?;
            println!("{} single points of failure of critical services", list.len());
            for e in list.iter().take(100) {
                let services: Vec<&str> = e.services.iter().map(|s| s.name.as_str()).collect();
                println!(
                    "  {:<8} {:<28} {:<30} stops: {}",
                    e.node.kind,
                    e.node.name,
                    e.node.detail,
                    services.join(", ")
                );
            }
        }
        AnalyzeCmd::Paths { service, k } => {
            let id = service_id(app, &service).await?;
            let paths = app.attack_paths(&CLI, id, k).await?;
            if paths.is_empty() {
                println!("no attack path reaches this service's assets from an untrusted zone");
            }
            for (i, p) in paths.iter().enumerate() {
                println!("path {} ({:.2} % likely):", i + 1, p.likelihood * 100.0);
                for h in &p.hops {
                    println!(
                        "    {} → {}: {} ({:.0} %)",
                        h.from,
                        h.to,
                        h.explanation,
                        h.likelihood * 100.0
                    );
                }
            }
        }
        AnalyzeCmd::Failure => {
            let v = app.failure_likelihoods(&CLI).await?;
            for s in &v.services {
                println!(
                    "  {:>6.2} %  {:<40}{}",
                    s.p_down * 100.0,
                    s.service.name,
                    if s.critical { "  critical" } else { "" }
                );
            }
            if v.approximated > 0 {
                println!(
                    "({} large redundancy groups used the normal approximation; see docs/analysis.md)",
                    v.approximated
                );
            }
        }
    }
    eprintln!("({:.2} s)", started.elapsed().as_secs_f64());
    Ok(ExitCode::SUCCESS)
}

async fn org_id(app: &App, slug: Option<String>) -> Result<Option<i64>> {
    match slug {
        Some(slug) => Ok(Some(
            app.store
                .find_org_by_slug(&slug)
                .await?
                .ok_or_else(|| anyhow!("no organisation with slug `{slug}`"))?
                .id
                .0,
        )),
        None => Ok(None),
    }
}

pub(crate) async fn feeds(app: &App, cmd: FeedsCmd) -> Result<ExitCode> {
    match cmd {
        FeedsCmd::Import { kind, path, json } => {
            let kind = rampart_app::FeedKind::parse(&kind)
                .ok_or_else(|| anyhow!("unknown feed `{kind}`: use nvd, cve5, kev, epss or csaf"))?;
            let bar = indicatif::ProgressBar::new(0);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{spinner} {msg} [{bar:40}] {pos}/{len} ({eta})")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar.set_message(format!("importing {} from {}", kind.as_str(), path.display()));
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            let progress = Bar(bar);
            let r = app.import_feed_path_with(&CLI, kind, &path, &progress).await;
            progress.0.finish_and_clear();
            let r = r?;
            if json {
                println!("{}", serde_json::to_string_pretty(&r)?);
            } else {
                println!("{}", r.summary());
                for p in &r.problems {
                    println!("  {p}");
                }
                if r.problem_count > r.problems.len() as u64 {
                    println!("  … and {} more", r.problem_count - r.problems.len() as u64);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        FeedsCmd::Aliases(AliasesCmd::List) => {
            for a in app.vendor_aliases(&CLI).await? {
                println!(
                    "{:<32} → {}{}",
                    a.alias,
                    a.canonical,
                    if a.built_in { "  (built in)" } else { "" }
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        FeedsCmd::Aliases(AliasesCmd::Set { alias, canonical }) => {
            let a = app.set_vendor_alias(&CLI, &alias, &canonical).await?;
            println!(
                "{} → {} (the next `rampart match` re-matches everything)",
                a.alias, a.canonical
            );
            Ok(ExitCode::SUCCESS)
        }
        FeedsCmd::Aliases(AliasesCmd::Delete { alias }) => {
            app.delete_vendor_alias(&CLI, &alias).await?;
            println!("removed {alias}");
            Ok(ExitCode::SUCCESS)
        }
        FeedsCmd::Status => {
            let (imports, runs, [vulns, advisories, kev, epss]) = app.feed_activity(&CLI).await?;
            println!("{vulns} vulnerabilities, {advisories} CSAF advisories, {kev} KEV entries, {epss} EPSS scores");
            for i in imports {
                println!(
                    "  {} {:<5} {}: {} records, created {}, updated {}, unchanged {}, skipped {}",
                    i.finished_at, i.kind, i.source, i.total, i.created, i.updated, i.unchanged, i.skipped
                );
            }
            for r in runs {
                println!(
                    "  {} {} match: {} rules × {} assets, opened {}, updated {}, closed {} ({} ms)",
                    r.finished_at,
                    if r.full_match { "full" } else { "incremental" },
                    r.rules,
                    r.assets,
                    r.opened,
                    r.updated,
                    r.closed,
                    r.millis
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

pub(crate) async fn run_match(app: &App, full: bool, json: bool) -> Result<ExitCode> {
    let r = app.run_match(&CLI, full).await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&r)?);
    } else {
        println!("{}", r.summary());
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) async fn vulns(app: &App, cmd: VulnsCmd) -> Result<ExitCode> {
    match cmd {
        VulnsCmd::List {
            kev,
            epss_min,
            vendor,
            cwe,
            with_findings,
            limit,
        } => {
            let q = rampart_app::VulnQuery {
                filter: rampart_app::VulnFilter {
                    kev: kev.then_some(true),
                    epss_min,
                    vendor,
                    cwe,
                    with_findings,
                    ..rampart_app::VulnFilter::default()
                },
                after: None,
                limit,
            };
            let page = app.list_vulns(&CLI, q).await?;
            for v in &page.items {
                println!(
                    "{:<18} {:>4} {:<8} {:<4} epss {:<7} {:>4} open  {}",
                    v.cve_id,
                    v.cvss_score.map(|s| format!("{s:.1}")).unwrap_or_default(),
                    v.severity.clone().unwrap_or_default(),
                    if v.kev { "KEV" } else { "" },
                    v.epss.map(|e| format!("{e:.4}")).unwrap_or_default(),
                    v.open_findings,
                    v.title
                        .clone()
                        .or_else(|| v.description.clone())
                        .unwrap_or_default()
                        .chars()
                        .take(70)
                        .collect::<String>()
                );
            }
            println!("{} of {} shown", page.items.len(), page.total_capped);
            Ok(ExitCode::SUCCESS)
        }
        VulnsCmd::Show { id } => {
            let d = app.vuln_detail(&CLI, &id).await?;
            let v = &d.vuln;
            println!("{} {}", v.cve_id, v.title.clone().unwrap_or_default());
            println!("  {}", v.description.clone().unwrap_or_default());
            for (ver, vector, score, src) in &d.metrics {
                println!("  CVSS {ver} {score:.1} {vector} ({src})");
            }
            if v.kev {
                println!(
                    "  CISA KEV: added {}, due {}, ransomware {}",
                    v.kev_date_added.clone().unwrap_or_default(),
                    v.kev_due_date.clone().unwrap_or_default(),
                    v.kev_ransomware.clone().unwrap_or_default()
                );
            }
            if let Some(e) = v.epss {
                println!(
                    "  EPSS {e:.5} (percentile {:.3})",
                    v.epss_percentile.unwrap_or_default()
                );
            }
            println!("  CWE: {}  sources: {}", d.cwes.join(" "), d.sources.join(" "));
            for a in &d.advisories {
                println!("  advisory {} ({}) {}", a.tracking_id, a.publisher, a.title);
            }
            for (s, n) in &d.services {
                println!("  service {s}: {n} affected asset(s)");
            }
            for f in &d.findings {
                println!(
                    "  finding #{} {} [{}] {}",
                    f.id,
                    f.asset_name,
                    f.status,
                    f.ssvc_outcome.clone().unwrap_or_default()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

pub(crate) async fn findings(app: &App, cmd: FindingsCmd) -> Result<ExitCode> {
    match cmd {
        FindingsCmd::List {
            org,
            outcome,
            asset,
            service,
            limit,
        } => {
            let q = rampart_app::FindingQuery {
                filter: rampart_app::FindingFilter {
                    org_id: org_id(app, org).await?,
                    outcome,
                    asset_id: asset,
                    ..rampart_app::FindingFilter::default()
                },
                service,
                limit,
                ..rampart_app::FindingQuery::default()
            };
            let page = app.list_findings(&CLI, q).await?;
            for f in &page.items {
                println!(
                    "#{:<6} {:<13} due {:<10} {:<16} {:<24} {:<10} cvss {:<4}{}",
                    f.id,
                    f.ssvc_outcome.clone().unwrap_or_default(),
                    f.due_date.clone().unwrap_or_else(|| "-".into()),
                    f.cve_id,
                    f.asset_name,
                    f.org_slug,
                    f.cvss_score.map(|s| format!("{s:.1}")).unwrap_or_default(),
                    if f.kev { " KEV" } else { "" }
                );
            }
            println!("{} of {} open findings shown", page.items.len(), page.total_capped);
            Ok(ExitCode::SUCCESS)
        }
        FindingsCmd::Show { id } => {
            let d = app.finding_detail(&CLI, id).await?;
            let f = &d.finding;
            println!(
                "finding #{}: {} on {} ({}) — {}",
                f.id, f.cve_id, f.asset_name, f.org_slug, f.status
            );
            println!("  why it matched: {}", d.evidence);
            if let Some(dec) = &d.decision {
                println!(
                    "  SSVC: {} (due {})",
                    dec.outcome().label(),
                    f.due_date.clone().unwrap_or_else(|| "-".into())
                );
                for (point, value, why) in dec.explain() {
                    println!("    {point}: {value} — {why}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        FindingsCmd::Export { format, org, output } => {
            let fmt = rampart_app::FindingExport::parse(&format)
                .ok_or_else(|| anyhow!("unknown export format `{format}`: use csv, json or vex"))?;
            let filter = rampart_app::FindingFilter {
                org_id: org_id(app, org).await?,
                status: Some("all".into()),
                ..rampart_app::FindingFilter::default()
            };
            let text = app.export_findings(&CLI, filter, fmt).await?;
            match output {
                Some(p) => std::fs::write(&p, text).with_context(|| format!("cannot write {}", p.display()))?,
                None => std::io::stdout().write_all(text.as_bytes())?,
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
