//! The demo city end to end on a real store: it loads the bundled feed data
//! and the matcher finds real vulnerabilities on the demo devices, with KEV
//! entries and SSVC decisions, the same way for the same seed.
#![allow(clippy::unwrap_used)] // test helpers unwrap: a failure is the test failing

use std::collections::{BTreeMap, BTreeSet};

use rampart_app::{Actor, DemoOptions, DemoReport, FindingFilter, FindingQuery, FindingRow};
use rampart_testkit::{TestApp, test_app};

const SYS: Actor = Actor::System("test");

async fn demo(seed: u64) -> (TestApp, DemoReport) {
    let t = test_app().await;
    let report = t
        .app
        .load_demo(DemoOptions {
            seed,
            devices: 500,
            password: Some("demo password 123".into()),
        })
        .await
        .unwrap();
    (t, report)
}

/// Every open finding, page by page.
async fn findings(t: &TestApp) -> Vec<FindingRow> {
    let mut out = Vec::new();
    loop {
        let page = t
            .app
            .list_findings(
                &SYS,
                FindingQuery {
                    filter: FindingFilter::default(),
                    offset: out.len() as i64,
                    limit: 500,
                    ..FindingQuery::default()
                },
            )
            .await
            .unwrap();
        if page.items.is_empty() {
            return out;
        }
        out.extend(page.items);
    }
}

#[tokio::test]
async fn the_demo_city_has_findings_on_its_devices() {
    let (t, report) = demo(1).await;
    let count = |k: &str| report.counts.get(k).copied().unwrap_or(0);
    assert!(count("vulnerabilities") >= 500, "{:?}", report.counts);
    assert!(count("known exploited vulnerabilities") >= 50, "{:?}", report.counts);
    assert!(count("advisories") >= 5, "{:?}", report.counts);
    assert!(count("findings") >= 200, "{:?}", report.counts);

    let all = findings(&t).await;
    assert_eq!(
        all.len() as u64,
        count("findings"),
        "every finding is open after the first match"
    );
    let mut by_type: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &all {
        *by_type.entry(f.asset_type.as_str()).or_default() += 1;
    }
    assert!(by_type.len() >= 8, "findings across device types: {by_type:?}");
    for ty in ["workstation", "ip_camera", "server", "router", "plc"] {
        assert!(by_type.contains_key(ty), "no finding on a {ty}: {by_type:?}");
    }
    assert!(
        all.iter().all(|f| f.ssvc_outcome.is_some()),
        "every finding has an SSVC outcome"
    );
    assert!(all.iter().any(|f| f.kev), "some findings are in KEV");
    let outcomes: BTreeSet<&str> = all.iter().filter_map(|f| f.ssvc_outcome.as_deref()).collect();
    assert!(
        outcomes.contains("defer") && outcomes.contains("scheduled"),
        "{outcomes:?}"
    );
    // The internet-facing VPN appliance runs a model with a known-exploited,
    // automatable vulnerability: patched out of cycle, first in the list.
    let vpn: Vec<&FindingRow> = all.iter().filter(|f| f.asset_name == "VPN-0001" && f.kev).collect();
    assert!(!vpn.is_empty(), "the exposed VPN appliance has a KEV finding");
    assert!(
        vpn.iter()
            .any(|f| matches!(f.ssvc_outcome.as_deref(), Some("out_of_cycle" | "immediate"))),
        "{vpn:?}"
    );
    let top = &all[0];
    assert!(
        matches!(top.ssvc_outcome.as_deref(), Some("out_of_cycle" | "immediate")),
        "patch-first order starts with the urgent finding: {top:?}"
    );
    // Findings explain themselves: evidence and a stored decision.
    let detail = t.app.finding_detail(&SYS, top.id).await.unwrap();
    assert!(!detail.evidence.is_empty());
    assert!(detail.decision.is_some());
    // Matching again, here and in a fresh process with cold caches, changes nothing
    // (the evidence does not depend on the order the index was built in).
    let again = t.app.run_match(&SYS, true).await.unwrap();
    assert_eq!(
        (again.opened, again.updated, again.closed),
        (0, 0, 0),
        "{}",
        again.summary()
    );
    let cold = rampart_app::App::new(
        t.app.store.clone(),
        rampart_app::AppConfig::for_tests(),
        t.clock.clone(),
    );
    let again = cold.run_match(&SYS, true).await.unwrap();
    assert_eq!(
        (again.opened, again.updated, again.closed),
        (0, 0, 0),
        "{}",
        again.summary()
    );
    assert!(
        again.phases.iter().any(|(p, _)| p.starts_with("write findings")),
        "{:?}",
        again.phases
    );
}

#[tokio::test]
async fn the_demo_findings_are_the_same_for_the_same_seed() {
    let key = |f: &FindingRow| {
        (
            f.asset_name.clone(),
            f.cve_id.clone(),
            f.verdict.clone(),
            f.ssvc_outcome.clone(),
            f.due_date.clone(),
        )
    };
    let (a, ra) = demo(7).await;
    let (b, rb) = demo(7).await;
    assert_eq!(ra.counts, rb.counts);
    let fa: BTreeSet<_> = findings(&a).await.iter().map(key).collect();
    let fb: BTreeSet<_> = findings(&b).await.iter().map(key).collect();
    assert_eq!(fa, fb);
}
