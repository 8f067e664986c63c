//! Configuration: typed defaults → `rampart.toml` → `RAMPART_*` environment
//! variables (`__` for nesting, e.g. `RAMPART_AUTH__LOCKOUT_MINUTES`) →
//! command-line flags. This is the only module that reads the environment
//! and config files.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use rampart_app::{AppConfig, Argon2Params, DatabaseUrl};
use serde::{Deserialize, Serialize};

/// Environment variables with the `RAMPART_` prefix that are not settings.
const NOT_SETTINGS: &[&str] = &[
    "RAMPART_TEST_POSTGRES_URL",
    "RAMPART_DEMO_PASSWORD",
    "RAMPART_CONFIG",
    "RAMPART_LOG",
];

/// Vulnerability management settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct VulnSettings {
    /// Days to remediate a finding whose SSVC outcome is Immediate.
    pub(crate) deadline_immediate_days: u32,
    /// Days for Out-of-Cycle.
    pub(crate) deadline_out_of_cycle_days: u32,
    /// Days for Scheduled.
    pub(crate) deadline_scheduled_days: u32,
    /// Days for Defer; 0 for no deadline.
    pub(crate) deadline_defer_days: u32,
    /// Assets matched, compared and written per step (and transaction) of a match.
    pub(crate) match_chunk: usize,
}

impl Default for VulnSettings {
    fn default() -> Self {
        let d = rampart_core::ssvc::DeadlinePolicy::default();
        Self {
            deadline_immediate_days: d.immediate_days,
            deadline_out_of_cycle_days: d.out_of_cycle_days,
            deadline_scheduled_days: d.scheduled_days,
            deadline_defer_days: d.defer_days.unwrap_or(0),
            match_chunk: AppConfig::default().match_chunk,
        }
    }
}

/// Authentication settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct AuthSettings {
    /// Minutes a session lasts without activity.
    pub(crate) session_ttl_minutes: i64,
    /// Failed logins before an account is locked.
    pub(crate) login_max_failures: i64,
    /// Minutes an account stays locked.
    pub(crate) lockout_minutes: i64,
    /// Login attempts per client IP per minute.
    pub(crate) login_per_minute: u32,
    /// Default API token lifetime in days.
    pub(crate) token_default_days: i64,
    /// Longest API token lifetime in days.
    pub(crate) token_max_days: i64,
    /// Minimum password length.
    pub(crate) min_password_len: usize,
    /// Password hashing cost (argon2id).
    pub argon2: Argon2Params,
}

impl Default for AuthSettings {
    fn default() -> Self {
        let d = AppConfig::default();
        Self {
            session_ttl_minutes: d.session_ttl.whole_minutes(),
            login_max_failures: d.login_max_failures,
            lockout_minutes: d.lockout.whole_minutes(),
            login_per_minute: 10,
            token_default_days: d.token_default_ttl.whole_days(),
            token_max_days: d.token_max_ttl.whole_days(),
            min_password_len: d.min_password_len,
            argon2: d.argon2,
        }
    }
}

/// All settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct Config {
    /// Where Rampart keeps its files (the SQLite database by default).
    pub(crate) data_dir: PathBuf,
    /// `sqlite://PATH?mode=rwc` or `postgres://USER:PASSWORD@HOST/DB`; default: `rampart.db` in the data directory.
    pub(crate) database_url: Option<String>,
    /// Database connections per process.
    pub(crate) database_max_connections: u32,
    /// Address to listen on.
    pub(crate) addr: SocketAddr,
    /// TLS certificate chain (PEM); with `tls_key`, serve HTTPS.
    pub(crate) tls_cert: Option<PathBuf>,
    /// TLS private key (PEM).
    pub(crate) tls_key: Option<PathBuf>,
    /// Mark cookies Secure. Browsers send Secure cookies over HTTPS and to localhost.
    pub(crate) cookie_secure: bool,
    /// Trust X-Forwarded-For (only behind a reverse proxy you run).
    pub(crate) trust_proxy: bool,
    /// Largest request body in bytes.
    pub(crate) max_body_bytes: usize,
    /// Largest upload (imports) in bytes.
    pub(crate) max_upload_bytes: usize,
    /// Log filter (e.g. `info`, `rampart=debug`); RUST_LOG overrides.
    pub(crate) log_level: String,
    /// `text` or `json`.
    pub(crate) log_format: String,
    /// Run a background-job worker inside `rampart serve`.
    pub(crate) worker: bool,
    /// Authentication.
    pub(crate) auth: AuthSettings,
    /// Vulnerability management: remediation deadlines per SSVC outcome, matching.
    pub(crate) vulns: VulnSettings,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("rampart-data"),
            database_url: None,
            database_max_connections: 8,
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            tls_cert: None,
            tls_key: None,
            cookie_secure: true,
            trust_proxy: false,
            max_body_bytes: 1024 * 1024,
            max_upload_bytes: 512 * 1024 * 1024,
            log_level: "info,sqlx=error".into(),
            log_format: "text".into(),
            worker: true,
            auth: AuthSettings::default(),
            vulns: VulnSettings::default(),
        }
    }
}

/// Flattens the keys of the default configuration into `RAMPART_*` names.
fn known_env_names() -> Vec<String> {
    fn walk(prefix: &str, v: &serde_json::Value, out: &mut Vec<String>) {
        if let serde_json::Value::Object(m) = v {
            for (k, v) in m {
                let name = if prefix.is_empty() {
                    k.to_uppercase()
                } else {
                    format!("{prefix}__{}", k.to_uppercase())
                };
                if v.is_object() {
                    walk(&name, v, out);
                }
                out.push(name);
            }
        }
    }
    let mut out = Vec::new();
    walk(
        "",
        &serde_json::to_value(Config::default()).unwrap_or_default(),
        &mut out,
    );
    out.into_iter().map(|n| format!("RAMPART_{n}")).collect()
}

impl Config {
    /// Loads the layered configuration. `file` is the `--config` path; without
    /// it, `./rampart.toml` is read when present.
    pub(crate) fn load(file: Option<&Path>) -> Result<Self> {
        let known = known_env_names();
        let mut unknown: Vec<String> = std::env::vars_os()
            .filter_map(|(k, _)| k.into_string().ok())
            .filter(|k| k.starts_with("RAMPART_") && !NOT_SETTINGS.contains(&k.as_str()) && !known.contains(k))
            .collect();
        if !unknown.is_empty() {
            unknown.sort();
            bail!(
                "unknown environment variable(s): {} (settings are RAMPART_<KEY>, nested with __, e.g. RAMPART_AUTH__LOCKOUT_MINUTES; see rampart.example.toml)",
                unknown.join(", ")
            );
        }
        let mut fig = Figment::from(Serialized::defaults(Config::default()));
        let file = file
            .map(Path::to_path_buf)
            .or_else(|| std::env::var_os("RAMPART_CONFIG").map(PathBuf::from))
            .or_else(|| Some(PathBuf::from("rampart.toml")).filter(|p| p.exists()));
        if let Some(f) = &file {
            if !f.exists() {
                bail!("config file {} does not exist", f.display());
            }
            fig = fig.merge(Toml::file_exact(f));
        }
        fig = fig.merge(
            Env::prefixed("RAMPART_")
                .ignore(&["TEST_POSTGRES_URL", "DEMO_PASSWORD", "CONFIG", "LOG"])
                .split("__"),
        );
        let cfg: Config = fig.extract().context("invalid configuration")?;
        cfg.validate()?;
        Ok(cfg)
    }

    fn validate(&self) -> Result<()> {
        if self.tls_cert.is_some() != self.tls_key.is_some() {
            bail!("tls_cert and tls_key go together: give both or neither");
        }
        if !matches!(self.log_format.as_str(), "text" | "json") {
            bail!("log_format must be `text` or `json`, not `{}`", self.log_format);
        }
        if self.auth.argon2.memory_kib < 8 * self.auth.argon2.parallelism.max(1) {
            bail!("auth.argon2.memory_kib must be at least 8 × parallelism");
        }
        let v = &self.vulns;
        for (name, days) in [
            ("deadline_immediate_days", v.deadline_immediate_days),
            ("deadline_out_of_cycle_days", v.deadline_out_of_cycle_days),
            ("deadline_scheduled_days", v.deadline_scheduled_days),
        ] {
            if !(1..=3650).contains(&days) {
                bail!("vulns.{name} must be between 1 and 3650 days, not {days}");
            }
        }
        if v.deadline_defer_days > 3650 {
            bail!("vulns.deadline_defer_days must be at most 3650 (0: no deadline)");
        }
        if !(v.deadline_immediate_days <= v.deadline_out_of_cycle_days
            && v.deadline_out_of_cycle_days <= v.deadline_scheduled_days)
        {
            bail!(
                "vulns deadlines must not shrink as the outcome gets less urgent (immediate ≤ out-of-cycle ≤ scheduled)"
            );
        }
        if !(100..=10_000_000).contains(&v.match_chunk) {
            bail!("vulns.match_chunk must be between 100 and 10,000,000 assets");
        }
        self.database()?;
        Ok(())
    }

    /// The database URL (default: a SQLite file in the data directory).
    pub(crate) fn database(&self) -> Result<DatabaseUrl> {
        match &self.database_url {
            Some(u) => DatabaseUrl::parse(u).map_err(|e| anyhow::anyhow!("{e}")),
            None => Ok(DatabaseUrl::sqlite_file(&self.data_dir.join("rampart.db"))),
        }
    }

    /// The use-case settings.
    pub(crate) fn app_config(&self) -> AppConfig {
        let a = &self.auth;
        AppConfig {
            session_ttl: time::Duration::minutes(a.session_ttl_minutes.max(1)),
            login_max_failures: a.login_max_failures.max(1),
            lockout: time::Duration::minutes(a.lockout_minutes.max(0)),
            token_default_ttl: time::Duration::days(a.token_default_days.max(1)),
            token_max_ttl: time::Duration::days(a.token_max_days.max(1)),
            argon2: a.argon2,
            min_password_len: a.min_password_len.max(8),
            deadlines: rampart_core::ssvc::DeadlinePolicy {
                immediate_days: self.vulns.deadline_immediate_days,
                out_of_cycle_days: self.vulns.deadline_out_of_cycle_days,
                scheduled_days: self.vulns.deadline_scheduled_days,
                defer_days: (self.vulns.deadline_defer_days > 0).then_some(self.vulns.deadline_defer_days),
            },
            match_chunk: self.vulns.match_chunk,
        }
    }

    /// The effective configuration as TOML, with the database password redacted.
    pub(crate) fn to_redacted_toml(&self) -> Result<String> {
        let mut shown = self.clone();
        shown.database_url = Some(self.database()?.to_string());
        let v = serde_json::to_value(&shown)?;
        Ok(toml_from_json(&v, ""))
    }
}

/// Writes a JSON object as TOML (tables after plain keys), enough for the config.
fn toml_from_json(v: &serde_json::Value, table: &str) -> String {
    let serde_json::Value::Object(m) = v else {
        return String::new();
    };
    let mut plain = String::new();
    let mut tables = String::new();
    for (k, v) in m {
        match v {
            serde_json::Value::Object(_) => {
                let name = if table.is_empty() {
                    k.clone()
                } else {
                    format!("{table}.{k}")
                };
                tables.push_str(&format!("\n[{name}]\n{}", toml_from_json(v, &name)));
            }
            serde_json::Value::Null => plain.push_str(&format!("# {k} = (not set)\n")),
            other => plain.push_str(&format!("{k} = {other}\n")),
        }
    }
    plain + &tables
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_redacted() {
        let mut c = Config::default();
        c.validate().unwrap();
        assert!(
            c.database()
                .unwrap()
                .expose()
                .starts_with("sqlite://rampart-data/rampart.db")
        );
        c.database_url = Some("postgres://rampart:hunter2@db/rampart".into());
        let shown = c.to_redacted_toml().unwrap();
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("[auth.argon2]"), "{shown}");
    }

    #[test]
    fn env_names_cover_nested_keys() {
        let names = known_env_names();
        assert!(names.contains(&"RAMPART_DATABASE_URL".to_owned()));
        assert!(names.contains(&"RAMPART_AUTH__LOCKOUT_MINUTES".to_owned()));
        assert!(names.contains(&"RAMPART_AUTH__ARGON2__MEMORY_KIB".to_owned()));
        assert!(names.contains(&"RAMPART_VULNS__DEADLINE_SCHEDULED_DAYS".to_owned()));
    }

    #[test]
    fn deadlines_reach_the_app_and_bad_ones_are_refused() {
        let mut c = Config::default();
        c.vulns.deadline_scheduled_days = 60;
        c.vulns.deadline_defer_days = 365;
        c.validate().unwrap();
        let d = c.app_config().deadlines;
        assert_eq!((d.immediate_days, d.scheduled_days, d.defer_days), (2, 60, Some(365)));
        assert_eq!(Config::default().app_config().deadlines.defer_days, None);
        c.vulns.deadline_immediate_days = 0;
        assert!(
            c.validate()
                .unwrap_err()
                .to_string()
                .contains("deadline_immediate_days")
        );
        c.vulns.deadline_immediate_days = 30;
        assert!(c.validate().unwrap_err().to_string().contains("shrink"));
    }
}
