//! Test support: fresh databases and a ready application.
//!
//! [`test_store`] gives every test its own empty, migrated database: a SQLite
//! file in a temporary directory by default, or — when
//! `RAMPART_TEST_POSTGRES_URL` is set (`.ci/run` sets it) — a fresh schema
//! in that PostgreSQL database, so the same tests run on both backends.

use std::ops::Deref;
use std::str::FromStr;
use std::sync::Arc;

use rampart_app::{App, AppConfig, FixedClock};
use rampart_core::authz::Role;
use rampart_core::time::Timestamp;
use rampart_store::{DatabaseUrl, Store};

/// The environment variable naming the PostgreSQL database for tests.
pub const POSTGRES_ENV: &str = "RAMPART_TEST_POSTGRES_URL";

/// A migrated store that lives as long as this value.
pub struct TestStore {
    /// The store.
    pub store: Store,
    _dir: Option<tempfile::TempDir>,
}

impl Deref for TestStore {
    type Target = Store;
    fn deref(&self) -> &Store {
        &self.store
    }
}

/// The backend the tests run on, for messages.
pub fn backend_name() -> &'static str {
    if std::env::var_os(POSTGRES_ENV).is_some() {
        "postgres"
    } else {
        "sqlite"
    }
}

/// A fresh, migrated, empty store.
pub async fn test_store() -> TestStore {
    match std::env::var(POSTGRES_ENV) {
        Ok(url) if !url.is_empty() => {
            let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
            let admin = Store::connect(&DatabaseUrl::parse(&url).expect("RAMPART_TEST_POSTGRES_URL"), 1)
                .await
                .expect("connect to RAMPART_TEST_POSTGRES_URL");
            admin
                .execute_raw(&format!("CREATE SCHEMA {schema}"))
                .await
                .expect("create test schema");
            admin.close().await;
            let opts = sqlx::postgres::PgConnectOptions::from_str(&url)
                .expect("RAMPART_TEST_POSTGRES_URL")
                .options([("search_path", schema.as_str())]);
            let store = Store::connect_postgres(opts, 8).await.expect("connect test schema");
            store.migrate().await.expect("migrate");
            TestStore { store, _dir: None }
        }
        _ => {
            let dir = tempfile::tempdir().expect("tempdir");
            let url = DatabaseUrl::sqlite_file(&dir.path().join("test.db"));
            let store = Store::connect(&url, 4).await.expect("connect sqlite");
            store.migrate().await.expect("migrate");
            TestStore { store, _dir: Some(dir) }
        }
    }
}

/// The instant test applications start at.
pub fn t0() -> Timestamp {
    Timestamp::parse("2026-11-27T12:00:00Z").expect("valid")
}

/// An application on a fresh store with cheap password hashing and a clock
/// the test controls.
pub struct TestApp {
    /// The application.
    pub app: Arc<App>,
    /// The clock.
    pub clock: Arc<FixedClock>,
    _store: TestStore,
}

impl Deref for TestApp {
    type Target = App;
    fn deref(&self) -> &App {
        &self.app
    }
}

/// A fresh application (no data).
pub async fn test_app() -> TestApp {
    let store = test_store().await;
    let clock = Arc::new(FixedClock::new(t0()));
    let app = Arc::new(App::new(store.store.clone(), AppConfig::for_tests(), clock.clone()));
    TestApp {
        app,
        clock,
        _store: store,
    }
}

/// The password every seeded test user has.
pub const PASSWORD: &str = "correct horse battery staple";

/// Ids of the organisations and users [`seeded_app`] creates.
#[derive(Debug, Clone)]
pub struct Seed {
    /// The city.
    pub city: rampart_core::ids::OrgId,
    /// An agency ("water").
    pub water: rampart_core::ids::OrgId,
    /// Another agency ("transport").
    pub transport: rampart_core::ids::OrgId,
    /// A partner ("uni").
    pub partner: rampart_core::ids::OrgId,
    /// One user per role: (role, username). Agency roles are in "water",
    /// the partner analyst in "uni", the rest in the city.
    pub users: Vec<(Role, String)>,
}

/// An application with a city, two agencies, a partner and one user per role
/// (username = role name, password [`PASSWORD`]).
pub async fn seeded_app() -> (TestApp, Seed) {
    let t = test_app().await;
    let seed = t.app.seed_for_tests(PASSWORD).await.expect("seed");
    (t, seed_ids(seed))
}

fn seed_ids(s: rampart_app::TestSeed) -> Seed {
    Seed {
        city: s.city,
        water: s.water,
        transport: s.transport,
        partner: s.partner,
        users: s.users,
    }
}
