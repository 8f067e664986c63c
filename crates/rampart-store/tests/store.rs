//! The store suite. Runs on SQLite by default and on PostgreSQL when
//! RAMPART_TEST_POSTGRES_URL is set (`.ci/run` does both).
#![allow(clippy::unwrap_used)] // test helpers unwrap: a failure is the test failing

use std::collections::HashSet;

use rampart_core::audit::{ChainVerifier, GENESIS_HASH};
use rampart_core::authz::{Role, TokenScope};
use rampart_core::ids::{OrgId, UserId};
use rampart_core::org::OrgKind;
use rampart_core::time::Timestamp;
use rampart_store::{
    AssetFields, AuditFilter, FindingWrite, JobState, NewAuditEntry, NewJob, NewOrg, NewToken, NewUser, SessionRecord,
    StoreError, VulnFields,
};
use rampart_testkit::{t0, test_store};
use serde_json::json;

fn org(slug: &str, kind: OrgKind) -> NewOrg {
    NewOrg {
        slug: slug.into(),
        name: slug.to_uppercase(),
        kind,
        partner_type: None,
        sector: None,
        parent_id: None,
        description: String::new(),
    }
}

fn audit(action: &str, at: Timestamp) -> NewAuditEntry {
    NewAuditEntry {
        at,
        actor_user_id: None,
        actor: "test".into(),
        action: action.into(),
        object_type: "thing".into(),
        object_id: Some("1".into()),
        org_id: None,
        details: json!({ "b": 2, "a": 1 }),
    }
}

#[tokio::test]
async fn migrations_are_idempotent_and_known() {
    let s = test_store().await;
    assert!(s.migrate().await.unwrap().is_empty(), "second run applies nothing");
    assert_eq!(s.applied_migrations().await.unwrap(), s.known_migrations());
    s.ping().await.unwrap();
}

#[tokio::test]
async fn organisations_round_trip_and_slugs_are_unique() {
    let s = test_store().await;
    let mut tx = s.begin().await.unwrap();
    let city = tx.insert_org(&org("city", OrgKind::City), t0()).await.unwrap();
    let mut water = org("water", OrgKind::Agency);
    water.parent_id = Some(city);
    water.sector = Some("water".into());
    let w = tx.insert_org(&water, t0()).await.unwrap();
    tx.commit().await.unwrap();

    let got = s.get_org(w).await.unwrap();
    assert_eq!(got.slug, "water");
    assert_eq!(got.parent_id, Some(city));
    assert_eq!(got.sector.as_deref(), Some("water"));
    assert_eq!(got.created_at, t0());
    assert_eq!(s.list_orgs().await.unwrap().len(), 2);
    assert_eq!(s.find_city().await.unwrap().unwrap().id, city);
    assert!(matches!(s.get_org(OrgId(999)).await, Err(StoreError::NotFound(_))));

    let mut tx = s.begin().await.unwrap();
    let dup = tx.insert_org(&org("water", OrgKind::Agency), t0()).await;
    assert!(matches!(dup, Err(StoreError::Conflict(_))), "{dup:?}");
}

async fn seed_user(s: &rampart_store::Store) -> (OrgId, UserId) {
    let mut tx = s.begin().await.unwrap();
    let o = tx.insert_org(&org("city", OrgKind::City), t0()).await.unwrap();
    let u = tx
        .insert_user(
            &NewUser {
                org_id: o,
                username: "ana".into(),
                display_name: "Ana".into(),
                email: None,
                password_hash: Some("$argon2id$x".into()),
                roles: vec![Role::Auditor, Role::Trainer],
            },
            t0(),
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    (o, u)
}

#[tokio::test]
async fn users_roles_and_lockout_counters() {
    let s = test_store().await;
    let (o, u) = seed_user(&s).await;
    let got = s.find_user_by_username("ana").await.unwrap().unwrap();
    assert_eq!(got.id, u);
    assert_eq!(got.org_id, o);
    assert_eq!(got.roles, vec![Role::Auditor, Role::Trainer]);
    assert!(!got.disabled);

    let lock = t0().plus(time::Duration::minutes(15));
    let mut tx = s.begin().await.unwrap();
    assert_eq!(tx.record_login_failure(u, 3, lock).await.unwrap(), 1);
    assert_eq!(tx.record_login_failure(u, 3, lock).await.unwrap(), 2);
    assert_eq!(tx.record_login_failure(u, 3, lock).await.unwrap(), 3);
    tx.commit().await.unwrap();
    assert_eq!(s.get_user(u).await.unwrap().locked_until, Some(lock));

    let mut tx = s.begin().await.unwrap();
    tx.record_login_success(u, t0()).await.unwrap();
    tx.set_roles(u, &[Role::Admin]).await.unwrap();
    tx.commit().await.unwrap();
    let got = s.get_user(u).await.unwrap();
    assert_eq!(got.failed_logins, 0);
    assert_eq!(got.locked_until, None);
    assert_eq!(got.roles, vec![Role::Admin]);

    let mut tx = s.begin().await.unwrap();
    let dup = tx
        .insert_user(
            &NewUser {
                org_id: o,
                username: "ana".into(),
                display_name: "x".into(),
                email: None,
                password_hash: None,
                roles: vec![],
            },
            t0(),
        )
        .await;
    assert!(matches!(dup, Err(StoreError::Conflict(_))));
}

#[tokio::test]
async fn sessions_expire() {
    let s = test_store().await;
    let (_, u) = seed_user(&s).await;
    let rec = SessionRecord {
        id_hash: "h1".into(),
        user_id: u,
        csrf_token: "c".into(),
        created_at: t0(),
        expires_at: t0().plus(time::Duration::hours(1)),
    };
    let mut tx = s.begin().await.unwrap();
    tx.insert_session(&rec, Some("127.0.0.1"), None).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(s.get_session("h1", t0()).await.unwrap(), Some(rec.clone()));
    let later = t0().plus(time::Duration::hours(2));
    assert_eq!(s.get_session("h1", later).await.unwrap(), None);
    s.touch_session("h1", t0(), later.plus(time::Duration::hours(1)))
        .await
        .unwrap();
    assert!(s.get_session("h1", later).await.unwrap().is_some());
    assert_eq!(
        s.delete_expired_sessions(later.plus(time::Duration::hours(5)))
            .await
            .unwrap(),
        1
    );
}

#[tokio::test]
async fn tokens_store_only_hashes_and_revoke_once() {
    let s = test_store().await;
    let (_, u) = seed_user(&s).await;
    let mut tx = s.begin().await.unwrap();
    let id = tx
        .insert_token(
            &NewToken {
                user_id: u,
                name: "siem".into(),
                prefix: "0123456789abcdef".into(),
                secret_hash: "ab".repeat(32),
                scopes: vec![TokenScope::Read, TokenScope::Taxii],
                expires_at: t0().plus(time::Duration::days(1)),
            },
            t0(),
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let t = s.find_token_by_prefix("0123456789abcdef").await.unwrap().unwrap();
    assert_eq!(t.id, id);
    assert_eq!(t.username, "ana");
    assert_eq!(t.scopes, vec![TokenScope::Read, TokenScope::Taxii]);
    let mut tx = s.begin().await.unwrap();
    assert!(tx.revoke_token(id, t0()).await.unwrap());
    assert!(!tx.revoke_token(id, t0()).await.unwrap());
    tx.commit().await.unwrap();
    assert!(s.get_token(id).await.unwrap().revoked_at.is_some());
}

#[tokio::test]
async fn audit_chain_appends_pages_and_verifies() {
    let s = test_store().await;
    for i in 0..7 {
        let mut tx = s.begin().await.unwrap();
        let action = if i % 2 == 0 { "user.create" } else { "org.update" };
        tx.append_audit(audit(action, t0().plus(time::Duration::seconds(i))))
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    // A rolled-back transaction leaves no entry and no gap.
    let mut tx = s.begin().await.unwrap();
    tx.append_audit(audit("user.create", t0())).await.unwrap();
    tx.rollback().await.unwrap();

    let all = s.audit_chunk(&AuditFilter::default(), 0, 100).await.unwrap();
    assert_eq!(all.len(), 7);
    assert_eq!(all[0].prev_hash, GENESIS_HASH);
    assert_eq!(all[0].details, r#"{"a":1,"b":2}"#, "details are stored canonically");
    let mut v = ChainVerifier::new();
    for e in &all {
        v.push(e).unwrap();
    }
    let (seq, hash) = s.audit_head().await.unwrap();
    v.finish(seq, &hash).unwrap();

    let f = AuditFilter {
        action_prefix: Some("user.".into()),
        ..AuditFilter::default()
    };
    let page1 = s.list_audit(&f, None, 2).await.unwrap();
    assert_eq!(page1.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![7, 5]);
    let page2 = s.list_audit(&f, Some(5), 2).await.unwrap();
    assert_eq!(page2.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![3, 1]);
    let since = AuditFilter {
        since: Some(t0().plus(time::Duration::seconds(5))),
        ..AuditFilter::default()
    };
    assert_eq!(s.list_audit(&since, None, 100).await.unwrap().len(), 2);
    assert_eq!(s.count_audit().await.unwrap(), 7);
}

#[tokio::test]
async fn concurrent_audit_appends_never_fork_the_chain() {
    let s = test_store().await;
    let mut tasks = Vec::new();
    for i in 0..16 {
        let store = s.store.clone();
        tasks.push(tokio::spawn(async move {
            let mut tx = store.begin().await.unwrap();
            tx.append_audit(audit("org.update", t0().plus(time::Duration::seconds(i))))
                .await
                .unwrap();
            tx.commit().await.unwrap();
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let all = s.audit_chunk(&AuditFilter::default(), 0, 100).await.unwrap();
    assert_eq!(all.len(), 16);
    let mut v = ChainVerifier::new();
    for e in &all {
        v.push(e).unwrap();
    }
}

fn job(kind: &str) -> NewJob {
    NewJob {
        kind: kind.into(),
        payload: json!({"n": 1}),
        priority: 100,
        run_at: t0(),
        max_attempts: 2,
        created_by: None,
        org_id: None,
    }
}

#[tokio::test]
async fn job_queue_claims_each_job_once_across_workers() {
    let s = test_store().await;
    for _ in 0..40 {
        s.enqueue_job(&job("test.echo"), t0()).await.unwrap();
    }
    let lease = t0().plus(time::Duration::minutes(5));
    let mut workers = Vec::new();
    for w in 0..4 {
        let store = s.store.clone();
        workers.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            while let Some(j) = store.claim_job(&format!("w{w}"), t0(), lease).await.unwrap() {
                assert_eq!(j.state, JobState::Running);
                mine.push(j.id);
            }
            mine
        }));
    }
    let mut seen = HashSet::new();
    for w in workers {
        for id in w.await.unwrap() {
            assert!(seen.insert(id), "job {id} claimed twice");
        }
    }
    assert_eq!(seen.len(), 40);
}

#[tokio::test]
async fn job_queue_leases_retries_and_results() {
    let s = test_store().await;
    let id = s.enqueue_job(&job("test.flaky"), t0()).await.unwrap();
    let later = |m| t0().plus(time::Duration::minutes(m));
    // A job not yet due is not claimed.
    let mut future = job("test.later");
    future.run_at = later(60);
    s.enqueue_job(&future, t0()).await.unwrap();

    let j = s.claim_job("w1", t0(), later(5)).await.unwrap().unwrap();
    assert_eq!((j.id, j.attempts), (id, 1));
    assert!(
        s.claim_job("w2", t0(), later(5)).await.unwrap().is_none(),
        "leased and the other is not due"
    );
    // The worker died: after the lease, another worker takes it over.
    let j = s.claim_job("w2", later(6), later(11)).await.unwrap().unwrap();
    assert_eq!((j.id, j.attempts, j.locked_by.as_deref()), (id, 2, Some("w2")));
    s.job_progress(id, 5, Some(10), Some("halfway"), later(7), later(12))
        .await
        .unwrap();
    let p = s.get_job(id).await.unwrap();
    assert_eq!(
        (p.progress_done, p.progress_total, p.message.as_deref()),
        (5, Some(10), Some("halfway"))
    );
    // Out of attempts: the failure is final.
    s.fail_job(id, "boom", later(8), later(9)).await.unwrap();
    let f = s.get_job(id).await.unwrap();
    assert_eq!(f.state, JobState::Failed);
    assert_eq!(f.last_error.as_deref(), Some("boom"));

    let id2 = s.enqueue_job(&job("test.ok"), later(8)).await.unwrap();
    let j = s.claim_job("w1", later(9), later(14)).await.unwrap().unwrap();
    assert_eq!(j.id, id2);
    s.complete_job(id2, &json!({"ok": true}), later(10)).await.unwrap();
    let done = s.get_job(id2).await.unwrap();
    assert_eq!(done.state, JobState::Succeeded);
    assert_eq!(done.result, Some(json!({"ok": true})));
    assert_eq!(s.list_jobs(None, 10).await.unwrap().len(), 3);
}

#[tokio::test]
async fn counts_reflect_the_tables() {
    let s = test_store().await;
    seed_user(&s).await;
    let c = s.counts().await.unwrap();
    assert_eq!((c.cities, c.agencies, c.partners, c.users), (1, 0, 0, 1));
}

/// The whole-table reads come back packed (one JSON array per chunk, built by
/// the database): texts with quotes, NULLs, booleans and extreme integers
/// survive on either backend.
#[tokio::test]
async fn bulk_reads_come_back_packed_and_whole() {
    let s = test_store().await;
    let mut tx = s.begin().await.unwrap();
    let city = tx.insert_org(&org("city", OrgKind::City), t0()).await.unwrap();
    let ids = tx.reserve_asset_ids(3).await.unwrap();
    let asset = |i: usize| AssetFields {
        org_id: city.0,
        name: format!("A-{i}"),
        asset_type: "plc".into(),
        vendor: (i != 1).then(|| "Schneider \"Electric\" \\ Ünïcode".to_owned()),
        vendor_key: "schneider".into(),
        cpes: "cpe:2.3:o:schneider-electric:m340_firmware:3.01:*:*:*:*:*:*:*".into(),
        internet_exposed: i == 2,
        default_credentials_changed: [None, Some(true), Some(false)][i],
        end_of_support: (i == 0).then(|| "2020-01-01".to_owned()),
        ..AssetFields::default()
    };
    let rows: Vec<(i64, AssetFields)> = ids.iter().enumerate().map(|(i, id)| (*id, asset(i))).collect();
    tx.insert_assets(&rows, t0()).await.unwrap();
    let vulns = tx
        .insert_vulns(
            &[VulnFields {
                cve_id: "CVE-2024-0001".into(),
                ..VulnFields::default()
            }],
            t0(),
        )
        .await
        .unwrap();
    let vuln = vulns["CVE-2024-0001"];
    let hashes = [i64::MIN, -1, i64::MAX];
    let findings: Vec<FindingWrite> = ids
        .iter()
        .zip(hashes)
        .map(|(&asset_id, match_hash)| FindingWrite {
            asset_id,
            vuln_id: vuln,
            org_id: city.0,
            status: "open".into(),
            verdict: "affected".into(),
            evidence: "{}".into(),
            ssvc_outcome: Some("defer".into()),
            ssvc: "{}".into(),
            due_date: None,
            justification: None,
            match_hash,
        })
        .collect();
    tx.insert_findings(&findings, t0()).await.unwrap();
    tx.commit().await.unwrap();

    let platforms = s.asset_platforms_chunk(0, 10).await.unwrap();
    assert_eq!(platforms.iter().map(|p| p.id).collect::<Vec<_>>(), ids, "in id order");
    assert_eq!(platforms[0].vendor, asset(0).vendor);
    assert_eq!(platforms[1].vendor, None);
    assert_eq!(
        platforms.iter().map(|p| p.internet_exposed).collect::<Vec<_>>(),
        [false, false, true]
    );
    assert_eq!(platforms[0].cpes, asset(0).cpes);
    assert_eq!(
        s.asset_platforms_chunk(ids[1], 1).await.unwrap()[0].id,
        ids[2],
        "after and limit"
    );
    let profiles = s.asset_profiles_chunk(0, 10).await.unwrap();
    assert_eq!(
        profiles
            .iter()
            .map(|p| p.default_credentials_changed)
            .collect::<Vec<_>>(),
        [None, Some(true), Some(false)]
    );
    assert_eq!(profiles[0].end_of_support.as_deref(), Some("2020-01-01"));
    let mut keys = s.finding_keys_for_assets(ids[0], ids[2]).await.unwrap();
    keys.sort_by_key(|k| k.asset_id);
    assert_eq!(keys.iter().map(|k| k.match_hash).collect::<Vec<_>>(), hashes.map(Some));
    assert!(keys.iter().all(|k| k.status == "open" && k.vuln_id == vuln));
    assert!(
        s.finding_keys_for_assets(-5, 0).await.unwrap().is_empty(),
        "no rows: an empty array"
    );
    assert!(s.dependencies_chunk(0, 10).await.unwrap().is_empty());
    assert!(s.flow_edges_chunk(0, 10).await.unwrap().is_empty());
}
