//! The command line.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Rampart: the open cybersecurity operations platform for cities.
#[derive(Debug, Parser)]
#[command(name = "rampart", version, about, long_about = None)]
pub(crate) struct Cli {
    /// Configuration file (default: ./rampart.toml when present).
    #[arg(long, global = true, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// Database URL (overrides the configuration).
    #[arg(long, global = true, value_name = "URL")]
    pub(crate) database_url: Option<String>,
    /// Data directory (overrides the configuration).
    #[arg(long, global = true, value_name = "DIR")]
    pub(crate) data_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Run the web UI and API.
    Serve(ServeArgs),
    /// Apply database migrations.
    Migrate,
    /// Configuration.
    #[command(subcommand)]
    Config(ConfigCmd),
    /// Load the demo city into an empty database.
    Demo(DemoArgs),
    /// Organisations.
    #[command(subcommand)]
    Org(OrgCmd),
    /// User accounts.
    #[command(subcommand)]
    User(UserCmd),
    /// API tokens.
    #[command(subcommand)]
    Token(TokenCmd),
    /// The audit log.
    #[command(subcommand)]
    Audit(AuditCmd),
    /// Print the OpenAPI document of the REST API.
    Openapi,
    /// The asset inventory.
    #[command(subcommand)]
    Assets(AssetsCmd),
    /// The estate's structure: zones, conduits, services, dependencies, flows.
    #[command(subcommand)]
    Estate(EstateCmd),
    /// Analyse the estate: blast radius, single points of failure, attack paths, failure likelihood.
    #[command(subcommand)]
    Analyze(AnalyzeCmd),
    /// Vulnerability feeds: NVD, CVE 5, KEV, EPSS, CSAF.
    #[command(subcommand)]
    Feeds(FeedsCmd),
    /// Match the stored vulnerabilities to the inventory (incremental unless --full).
    Match {
        /// Re-match everything instead of what changed since the last run.
        #[arg(long)]
        full: bool,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Vulnerabilities.
    #[command(subcommand)]
    Vulns(VulnsCmd),
    /// Findings (asset × vulnerability).
    #[command(subcommand)]
    Findings(FindingsCmd),
}

#[derive(Debug, Subcommand)]
pub(crate) enum FeedsCmd {
    /// Import a feed file or directory (idempotent; a newer snapshot updates what changed).
    Import {
        /// nvd, cve5, kev, epss or csaf.
        kind: String,
        /// A file, or a directory of them (CSAF: a provider mirror; `.sha512` and NVD `.meta` files are checked).
        path: PathBuf,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Recent imports and match runs, and what is stored.
    Status,
    /// The vendor alias table (names that mean the same vendor).
    #[command(subcommand)]
    Aliases(AliasesCmd),
}

#[derive(Debug, Subcommand)]
pub(crate) enum AliasesCmd {
    /// List the city's aliases and the built-in ones.
    List,
    /// Declare that ALIAS means the vendor CANONICAL (the next match is a full one).
    Set {
        /// The other name, e.g. `Telemecanique`.
        alias: String,
        /// The vendor it means, e.g. `Schneider Electric`.
        canonical: String,
    },
    /// Remove one of the city's aliases.
    Delete {
        /// The alias.
        alias: String,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum VulnsCmd {
    /// List vulnerabilities, most severe first.
    List {
        /// Only those in CISA KEV.
        #[arg(long)]
        kev: bool,
        /// EPSS at least.
        #[arg(long)]
        epss_min: Option<f64>,
        /// Normalised vendor (e.g. `siemens`).
        #[arg(long)]
        vendor: Option<String>,
        /// CWE id (e.g. `CWE-79`).
        #[arg(long)]
        cwe: Option<String>,
        /// Only those with open findings.
        #[arg(long)]
        with_findings: bool,
        /// How many.
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// One vulnerability: scores, KEV, EPSS, advisories, affected assets and services.
    Show {
        /// CVE id.
        id: String,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum FindingsCmd {
    /// Patch-first list of open findings.
    List {
        /// Organisation slug.
        #[arg(long)]
        org: Option<String>,
        /// SSVC outcome: immediate, out_of_cycle, scheduled, defer.
        #[arg(long)]
        outcome: Option<String>,
        /// Only this asset's findings (asset id).
        #[arg(long)]
        asset: Option<i64>,
        /// Only findings on the assets this service needs (service id).
        #[arg(long)]
        service: Option<i64>,
        /// How many.
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// One finding: why it matched and why it got its priority.
    Show {
        /// Finding id.
        id: i64,
    },
    /// Export findings (all statuses) as CSV, JSON or CycloneDX VEX.
    Export {
        /// csv, json or vex.
        #[arg(long, default_value = "csv")]
        format: String,
        /// Organisation slug.
        #[arg(long)]
        org: Option<String>,
        /// Write to a file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum AssetsCmd {
    /// Import assets from a file (transactional; prints a report).
    Import {
        /// csv, cyclonedx or nmap (detected from the file when absent).
        #[arg(long)]
        format: Option<String>,
        /// Owner organisation (slug) for rows that name none (default: the city).
        #[arg(long)]
        org: Option<String>,
        /// The file.
        file: PathBuf,
    },
    /// List assets (first 50 by name; filter with --q).
    List {
        /// Name prefix, IP, MAC or serial.
        #[arg(long)]
        q: Option<String>,
        /// How many.
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum EstateCmd {
    /// Import zones.csv, conduits.csv, services.csv, dependencies.csv or flows.csv (kind detected from the header).
    Import {
        /// zones, conduits, services, dependencies or flows.
        #[arg(long)]
        kind: Option<String>,
        /// The file(s), imported in the order given.
        files: Vec<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum AnalyzeCmd {
    /// What stops if these assets (ids or names) fail.
    BlastRadius {
        /// Asset ids or exact names.
        #[arg(required = true)]
        assets: Vec<String>,
    },
    /// Single points of failure of the critical services.
    Spof,
    /// The most likely attack paths to a service's assets.
    Paths {
        /// Service id or name.
        #[arg(long)]
        service: String,
        /// How many paths.
        #[arg(long, default_value_t = 5)]
        k: usize,
    },
    /// Every service's likelihood of failure.
    Failure,
}

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// Address to listen on (default 127.0.0.1:8080).
    #[arg(long)]
    pub(crate) addr: Option<SocketAddr>,
    /// Load the demo city when the database is empty.
    #[arg(long)]
    pub(crate) demo: bool,
    #[command(flatten)]
    pub(crate) demo_opts: DemoOpts,
    /// TLS certificate chain (PEM).
    #[arg(long, requires = "tls_key")]
    pub(crate) tls_cert: Option<PathBuf>,
    /// TLS private key (PEM).
    #[arg(long, requires = "tls_cert")]
    pub(crate) tls_key: Option<PathBuf>,
    /// Do not run a background-job worker in this process.
    #[arg(long)]
    pub(crate) no_worker: bool,
    /// Allow cookies without the Secure attribute (plain HTTP on a non-localhost address).
    #[arg(long)]
    pub(crate) insecure_cookies: bool,
}

#[derive(Debug, Args, Clone)]
pub(crate) struct DemoOpts {
    /// Seed of the demo generator: the same seed gives the same city.
    #[arg(long = "seed", default_value_t = 1)]
    pub(crate) seed: u64,
    /// Number of demo devices.
    #[arg(long = "devices", default_value_t = 20_000)]
    pub(crate) devices: u64,
    /// One password for every demo user (default: a random one each). Also RAMPART_DEMO_PASSWORD.
    #[arg(long = "demo-password", env = "RAMPART_DEMO_PASSWORD", hide_env_values = true)]
    pub(crate) password: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct DemoArgs {
    #[command(flatten)]
    pub(crate) opts: DemoOpts,
    /// Print the report as JSON.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum ConfigCmd {
    /// Print the effective configuration (secrets redacted) and check it.
    Check,
}

#[derive(Debug, Subcommand)]
pub(crate) enum OrgCmd {
    /// List organisations.
    List,
    /// Create an organisation.
    Create {
        /// Display name.
        #[arg(long)]
        name: String,
        /// city, agency or partner.
        #[arg(long)]
        kind: String,
        /// Slug (derived from the name by default).
        #[arg(long)]
        slug: Option<String>,
        /// public, private or academic (partners).
        #[arg(long)]
        partner_type: Option<String>,
        /// Sector.
        #[arg(long)]
        sector: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum UserCmd {
    /// Create a user. Prints a generated password unless --password-stdin.
    Create {
        #[arg(long)]
        username: String,
        /// Role(s): admin, security-analyst, incident-responder, agency-manager, agency-staff, partner-analyst, auditor, trainer.
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        /// Organisation slug (default: the city; created when the database has none).
        #[arg(long)]
        org: Option<String>,
        /// Name of the city organisation if it must be created.
        #[arg(long, default_value = "City")]
        city_name: String,
        #[arg(long)]
        display_name: Option<String>,
        #[arg(long)]
        email: Option<String>,
        /// Read the password from standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set a user's password (prints a generated one unless --password-stdin). Ends their sessions.
    SetPassword {
        #[arg(long)]
        username: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// List users.
    List,
}

#[derive(Debug, Subcommand)]
pub(crate) enum TokenCmd {
    /// Create an API token; the secret is printed once.
    Create {
        /// Owner.
        #[arg(long)]
        username: String,
        /// Label.
        #[arg(long)]
        name: String,
        /// Scope(s): read, write, taxii.
        #[arg(long = "scope", default_value = "read")]
        scopes: Vec<String>,
        /// Lifetime in days (default from the configuration).
        #[arg(long)]
        days: Option<i64>,
    },
    /// Revoke a token by id.
    Revoke {
        /// Token id (see `rampart token list`).
        id: String,
    },
    /// List tokens.
    List {
        /// Only this user's.
        #[arg(long)]
        username: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum AuditCmd {
    /// Verify the hash chain; exits non-zero and names the entry when it is broken.
    Verify,
    /// Export entries as JSON lines.
    Export {
        /// Output file (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Actions starting with this.
        #[arg(long)]
        action: Option<String>,
        /// Actor.
        #[arg(long)]
        actor: Option<String>,
    },
}
