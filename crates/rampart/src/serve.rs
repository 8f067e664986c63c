//! `rampart serve`: the web UI, the API and a background-job worker.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use rampart_app::{App, DemoOptions, Worker};
use rampart_web::{AppState, WebConfig};

use crate::cli::ServeArgs;
use crate::config::Config;

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}

pub(crate) async fn serve(mut cfg: Config, args: ServeArgs) -> Result<ExitCode> {
    if let Some(a) = args.addr {
        cfg.addr = a;
    }
    if args.tls_cert.is_some() {
        cfg.tls_cert = args.tls_cert.clone();
        cfg.tls_key = args.tls_key.clone();
    }
    if args.insecure_cookies {
        cfg.cookie_secure = false;
    }
    let app = crate::open(&cfg).await?;

    if args.demo {
        if app.is_empty().await? {
            let report = app
                .load_demo(DemoOptions {
                    seed: args.demo_opts.seed,
                    devices: args.demo_opts.devices,
                    password: args.demo_opts.password.clone(),
                })
                .await?;
            crate::commands::print_demo(&report);
        } else {
            println!("The database already holds data: not loading the demo city again.");
            println!(
                "(Demo passwords were printed when it was first loaded; reset one with `rampart user set-password --username admin`.)"
            );
        }
    }
    if app.store.counts().await?.users == 0 {
        println!("This Rampart has no users yet. Create the first administrator with:");
        println!("    rampart user create --username admin --role admin");
        println!("(it prints a generated password), or start with the demo city: rampart serve --demo");
    }

    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let mut background = Vec::new();
    if cfg.worker && !args.no_worker {
        let worker = Worker::new(format!("{}-{}", hostname(), std::process::id()));
        let app2 = app.clone();
        let rx = stop_rx.clone();
        background.push(tokio::spawn(async move {
            worker.run(app2, Duration::from_secs(2), rx).await
        }));
    }
    background.push(tokio::spawn(housekeeping(app.clone(), stop_rx.clone())));

    let web = WebConfig {
        cookie_secure: cfg.cookie_secure,
        max_body_bytes: cfg.max_body_bytes,
        max_upload_bytes: cfg.max_upload_bytes,
        login_per_minute: cfg.auth.login_per_minute,
        hsts: cfg.tls_cert.is_some(),
        trust_proxy: cfg.trust_proxy,
    };
    let router = rampart_web::router(AppState::new(app.clone(), web));
    let service = router.into_make_service_with_connect_info::<SocketAddr>();

    match (&cfg.tls_cert, &cfg.tls_key) {
        (Some(cert), Some(key)) => {
            let _ = rustls::crypto::ring::default_provider().install_default();
            let tls = axum_server::tls_rustls::RustlsConfig::from_pem_file(cert, key)
                .await
                .with_context(|| format!("cannot load TLS certificate {} / key {}", cert.display(), key.display()))?;
            let handle = axum_server::Handle::new();
            let h2 = handle.clone();
            tokio::spawn(async move {
                shutdown_signal().await;
                h2.graceful_shutdown(Some(Duration::from_secs(10)));
            });
            println!("Rampart listening on https://{}", cfg.addr);
            axum_server::bind_rustls(cfg.addr, tls)
                .handle(handle)
                .serve(service)
                .await
                .context("server error")?;
        }
        _ => {
            let listener = tokio::net::TcpListener::bind(cfg.addr)
                .await
                .with_context(|| format!("cannot listen on {}", cfg.addr))?;
            println!(
                "Rampart listening on http://{}",
                listener.local_addr().unwrap_or(cfg.addr)
            );
            axum::serve(listener, service)
                .with_graceful_shutdown(shutdown_signal())
                .await
                .context("server error")?;
        }
    }
    let _ = stop_tx.send(true);
    for b in background {
        let _ = b.await;
    }
    app.store.close().await;
    Ok(ExitCode::SUCCESS)
}

fn hostname() -> String {
    std::fs::read_to_string("/etc/hostname")
        .map(|s| s.trim().to_owned())
        .unwrap_or_else(|_| "rampart".into())
}

/// Periodic upkeep: expired sessions.
async fn housekeeping(app: Arc<App>, mut stop: tokio::sync::watch::Receiver<bool>) {
    loop {
        if let Err(e) = app.store.delete_expired_sessions(app.now()).await {
            tracing::warn!(error = %e, "session cleanup failed");
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(3600)) => {}
            _ = stop.changed() => break,
        }
    }
}
