//! Administrative commands: organisations, users, tokens, audit, demo.

use std::io::{Read, Write};
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use rampart_app::{Actor, App, AuditFilter, DemoOptions, OrgInput, UserInput};
use rampart_core::authz::{Role, TokenScope};
use rampart_core::ids::TokenId;

use crate::cli::{AuditCmd, DemoOpts, OrgCmd, TokenCmd, UserCmd};

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
