//! `rampart serve`: first start, the demo city through the real login form,
//! and two processes sharing one PostgreSQL database.

use crate::support::{Env, http, login, serve, value_after};

#[test]
fn first_start_explains_how_to_create_the_first_admin() {
    let env = Env::sqlite();
    let s = serve(&env, &[]);
    let out = s.output.join("\n");
    assert!(
        out.contains("rampart user create --username admin --role admin"),
        "{out}"
    );
    assert_eq!(http(&s.addr, "GET", "/healthz", &[], "").status, 200);
    assert_eq!(http(&s.addr, "GET", "/readyz", &[], "").status, 200);
    let page = http(&s.addr, "GET", "/login", &[], "");
    assert!(
        page.body.contains("No accounts exist yet"),
        "the login page says so too"
    );
    // No default password exists.
    assert!(login(&s.addr, "admin", "admin").is_none());
}

#[test]
fn demo_city_logs_in_through_the_form() {
    let env = Env::sqlite();
    let s = serve(
        &env,
        &["--demo", "--devices", "1000", "--demo-password", "riverton demo pass"],
    );
    let out = s.output.join("\n");
    assert!(out.contains("Demo city loaded: City of Riverton"), "{out}");
    assert!(out.contains("admin") && out.contains("riverton demo pass"));
    let cookie = login(&s.addr, "admin", "riverton demo pass").expect("admin logs in");
    let home = http(&s.addr, "GET", "/", &[("Cookie", &cookie)], "");
    assert_eq!(home.status, 200);
    assert!(home.body.contains("City of Riverton"), "{}", home.body);
    assert!(
        home.body.contains("id=\"count-agencies\">10<"),
        "real counts on the home page"
    );
    assert!(login(&s.addr, "admin", "wrong password").is_none());
    // Agency staff sign in too and see their step pages.
    let staff = login(&s.addr, "water.staff", "riverton demo pass").expect("staff logs in");
    assert_eq!(http(&s.addr, "GET", "/risk", &[("Cookie", &staff)], "").status, 200);
    assert_eq!(http(&s.addr, "GET", "/audit", &[("Cookie", &staff)], "").status, 403);
    drop(s);
    // Restarting with --demo on a full database does not load it twice.
    let s2 = serve(&env, &["--demo"]);
    assert!(s2.output.join("\n").contains("not loading the demo city again"));
}

#[test]
fn two_processes_on_one_postgres_database_share_sessions() {
    let Ok(base) = std::env::var("RAMPART_TEST_POSTGRES_URL") else {
        eprintln!("skipped: RAMPART_TEST_POSTGRES_URL is not set (.ci/run sets it)");
        return;
    };
    // A fresh schema for this test in the CI database.
    let schema = format!("e2e_{}", std::process::id());
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = rampart_store::Store::connect(&rampart_store::DatabaseUrl::parse(&base).unwrap(), 1)
            .await
            .unwrap();
        store
            .execute_raw(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
            .await
            .unwrap();
        store.execute_raw(&format!("CREATE SCHEMA {schema}")).await.unwrap();
    });
    let sep = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
    let dir = tempfile::tempdir().unwrap();
    let env = Env { dir, database_url: url };
    let out = env.run_ok(&["user", "create", "--username", "admin", "--role", "admin"]);
    let password = value_after(&out, "password:");
    let a = serve(&env, &[]);
    let b = serve(&env, &[]);
    assert_ne!(a.addr, b.addr);
    let cookie_a = login(&a.addr, "admin", &password).expect("login on A");
    let cookie_b = login(&b.addr, "admin", &password).expect("login on B");
    // A session made by one process is honoured by the other.
    let me = http(&b.addr, "GET", "/api/v1/me", &[("Cookie", &cookie_a)], "");
    assert_eq!(me.status, 200, "{}", me.body);
    let me = http(&a.addr, "GET", "/api/v1/me", &[("Cookie", &cookie_b)], "");
    assert_eq!(me.status, 200, "{}", me.body);
    assert!(env.run_ok(&["audit", "verify"]).contains("audit log OK"));
}
