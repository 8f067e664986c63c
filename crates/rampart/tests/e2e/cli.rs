//! The administrative CLI: users, tokens, the audit log and its tamper check.

use crate::support::{Env, value_after};

#[test]
fn first_admin_tokens_and_audit_verify() {
    let env = Env::sqlite();
    let out = env.run_ok(&[
        "user",
        "create",
        "--username",
        "Admin",
        "--role",
        "admin",
        "--city-name",
        "City of Testville",
    ]);
    assert!(
        out.contains("created the city organisation `City of Testville`"),
        "{out}"
    );
    let password = value_after(&out, "password:");
    assert_eq!(password.len(), 20);

    let o = env.run_stdin(
        &[
            "user",
            "create",
            "--username",
            "ana",
            "--role",
            "auditor",
            "--password-stdin",
        ],
        "short\n",
    );
    assert!(!o.status.success(), "a short password is refused");
    assert!(String::from_utf8_lossy(&o.stderr).contains("at least 12 characters"));
    let o = env.run_stdin(
        &[
            "user",
            "create",
            "--username",
            "ana",
            "--role",
            "auditor",
            "--password-stdin",
        ],
        "a long enough passphrase\n",
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let out = env.run_ok(&[
        "token",
        "create",
        "--username",
        "ana",
        "--name",
        "siem",
        "--scope",
        "read",
    ]);
    let secret = out
        .lines()
        .find(|l| l.starts_with("rmp_"))
        .expect("token printed")
        .to_owned();
    let list = env.run_ok(&["token", "list"]);
    assert!(
        list.contains("active") && list.contains("siem") && !list.contains(&secret),
        "{list}"
    );
    let id = list.split_whitespace().next().unwrap().to_owned();
    env.run_ok(&["token", "revoke", &id]);
    assert!(env.run_ok(&["token", "list"]).contains("revoked"));

    let orgs = env.run_ok(&["org", "list"]);
    assert!(orgs.contains("City of Testville"));
    let users = env.run_ok(&["user", "list"]);
    assert!(users.contains("admin") && users.contains("ana"), "{users}");

    let verify = env.run_ok(&["audit", "verify"]);
    assert!(verify.starts_with("audit log OK:"), "{verify}");
    let export = env.run_ok(&["audit", "export"]);
    let lines: Vec<serde_json::Value> = export.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let actions: Vec<&str> = lines.iter().map(|l| l["action"].as_str().unwrap()).collect();
    assert_eq!(
        actions,
        [
            "org.create",
            "user.create",
            "user.create",
            "token.create",
            "token.revoke"
        ]
    );
    assert!(!export.contains(&password) && !export.contains(secret.splitn(3, '_').nth(2).unwrap()));

    let bad = env.run(&["user", "create", "--username", "x", "--role", "root"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown role `root`"));
}

#[test]
fn audit_verify_names_an_edited_row() {
    let env = Env::sqlite();
    env.run_ok(&["user", "create", "--username", "admin", "--role", "admin"]);
    env.run_ok(&["user", "create", "--username", "bob", "--role", "trainer"]);
    env.run_ok(&["token", "create", "--username", "bob", "--name", "t"]);
    assert!(env.run_ok(&["audit", "verify"]).contains("4 entries verified"));

    // Edit row 3 directly in the database file, as an intruder with sqlite3 would.
    let db = env.db_path();
    let edit = "UPDATE audit_log SET details = '{\"roles\":[\"trainer\"],\"username\":\"mallory\"}' WHERE seq = 3";
    let status = std::process::Command::new("sqlite3").arg(&db).arg(edit).status();
    match status {
        Ok(s) if s.success() => {}
        // No sqlite3 command on this machine: make the same edit through the driver.
        _ => {
            let rt = tokio::runtime::Runtime::new().unwrap();
            rt.block_on(async {
                let store =
                    rampart_store::Store::connect(&rampart_store::DatabaseUrl::parse(&env.database_url).unwrap(), 1)
                        .await
                        .unwrap();
                store.execute_raw(edit).await.unwrap();
            });
        }
    }
    let o = env.run(&["audit", "verify"]);
    assert_eq!(o.status.code(), Some(2), "verify fails");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("audit entry 3 was modified"), "{out}");

    // Deleting a row is named too.
    let env2 = Env::sqlite();
    env2.run_ok(&["user", "create", "--username", "admin", "--role", "admin"]);
    env2.run_ok(&["user", "create", "--username", "bob", "--role", "trainer"]);
    env2.run_ok(&["user", "create", "--username", "carol", "--role", "trainer"]);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = rampart_store::Store::connect(&rampart_store::DatabaseUrl::parse(&env2.database_url).unwrap(), 1)
            .await
            .unwrap();
        store.execute_raw("DELETE FROM audit_log WHERE seq = 2").await.unwrap();
    });
    let o = env2.run(&["audit", "verify"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("audit entry 3 follows entry 1"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

#[test]
fn config_check_redacts_and_rejects_unknown_settings() {
    let env = Env::sqlite();
    let o = env
        .cmd()
        .args(["config", "check"])
        .env("RAMPART_DATABASE_URL", "postgres://rampart:hunter2@db.example/rampart")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("postgres://rampart:***@db.example/rampart") && !out.contains("hunter2"),
        "{out}"
    );
    assert!(out.contains("[auth]") && out.contains("lockout_minutes"));

    let o = env
        .cmd()
        .args(["config", "check"])
        .env("RAMPART_LOCKOUT", "5")
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown environment variable(s): RAMPART_LOCKOUT"));

    std::fs::write(
        env.dir.path().join("rampart.toml"),
        "addr = \"127.0.0.1:9999\"\n[auth]\nlockout_minutes = 42\n",
    )
    .unwrap();
    let out = env.run_ok(&["config", "check"]);
    assert!(
        out.contains("addr = \"127.0.0.1:9999\"") && out.contains("lockout_minutes = 42"),
        "{out}"
    );
    std::fs::write(env.dir.path().join("rampart.toml"), "colour = \"red\"\n").unwrap();
    let o = env.run(&["config", "check"]);
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("colour"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn demo_is_deterministic_and_refuses_a_non_empty_database() {
    let env = Env::sqlite();
    let out = env.run_ok(&[
        "demo",
        "--devices",
        "1000",
        "--demo-password",
        "demo password 123",
        "--json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["city"], "City of Riverton");
    let creds = report["credentials"].as_array().unwrap();
    let roles: std::collections::BTreeSet<&str> = creds
        .iter()
        .flat_map(|c| c["roles"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()))
        .collect();
    assert_eq!(roles.len(), 8, "every role has a demo user: {roles:?}");
    assert!(creds.iter().all(|c| c["password"] == "demo password 123"));
    let again = env.run(&["demo"]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("only into an empty database"));
    let m = env.run_ok(&["migrate"]);
    assert!(m.contains("up to date"), "{m}");
    let doc = env.run_ok(&["openapi"]);
    assert!(doc.contains("\"openapi\": \"3.1"));
}

#[test]
fn estate_imports_and_analyses_from_the_command_line() {
    let env = Env::sqlite();
    env.run_ok(&["user", "create", "--username", "admin", "--role", "admin"]);
    env.run_ok(&[
        "org",
        "create",
        "--name",
        "Water Utility",
        "--kind",
        "agency",
        "--slug",
        "water-utility",
    ]);
    env.run_ok(&[
        "org", "create", "--name", "Finance", "--kind", "agency", "--slug", "finance",
    ]);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let estate = |f: &str| {
        root.join("rampart-formats/tests/fixtures/estate")
            .join(f)
            .display()
            .to_string()
    };
    let out = env.run_ok(&[
        "estate",
        "import",
        &estate("zones.csv"),
        &estate("conduits.csv"),
        &estate("services.csv"),
    ]);
    assert!(out.contains("zones.csv (zones): created 6"), "{out}");
    let assets = root
        .join("rampart-app/tests/fixtures/water/assets.csv")
        .display()
        .to_string();
    let out = env.run_ok(&["assets", "import", &assets]);
    assert!(out.contains("created 15, updated 0, unchanged 0, rejected 1"), "{out}");
    assert!(out.contains("rejected assets.csv: line 17"), "{out}");
    let out = env.run_ok(&["assets", "import", "--format", "csv", &assets]);
    assert!(
        out.contains("created 0, updated 0, unchanged 15, rejected 1"),
        "re-import changes nothing: {out}"
    );
    let out = env.run_ok(&["estate", "import", &estate("dependencies.csv"), &estate("flows.csv")]);
    assert!(out.contains("rejected 0"), "{out}");
    let spof = env.run_ok(&["analyze", "spof"]);
    assert!(
        spof.contains("Plant core switch") && spof.contains("Drinking water treatment"),
        "{spof}"
    );
    let blast = env.run_ok(&["analyze", "blast-radius", "Plant core switch"]);
    assert!(
        blast.contains("1 service(s) stop") && blast.contains("Drinking water treatment"),
        "{blast}"
    );
    let paths = env.run_ok(&["analyze", "paths", "--service", "Drinking water treatment", "--k", "2"]);
    assert!(paths.contains("path 1") && paths.contains("the internet"), "{paths}");
    let failure = env.run_ok(&["analyze", "failure"]);
    assert!(failure.contains("Drinking water treatment"), "{failure}");
    // The nmap entity-attack sample is refused with a clear message.
    let evil = root
        .join("rampart-formats/tests/fixtures/nmap/defused_et_local_includer.xml")
        .display()
        .to_string();
    let o = env.run(&["assets", "import", &evil]);
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("refused"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(env.run_ok(&["audit", "verify"]).contains("audit log OK"));
}
