//! Vulnerability intelligence end to end on a real store: feed imports of
//! the real samples (NVD 1.1 and 2.0, CVE 5 with the CISA ADP, KEV, EPSS,
//! CSAF), idempotent re-imports, matching to an inventory with evidence,
//! SSVC decisions, re-matching that closes findings, triage, exports and
//! agency scoping.
#![allow(clippy::unwrap_used)] // test helpers unwrap: a failure is the test failing

use std::path::{Path, PathBuf};

use rampart_app::{
    Actor, AppError, FeedKind, FindingExport, FindingFilter, FindingQuery, InventoryFormat, NoProgress, VulnFilter,
    VulnQuery,
};
use rampart_testkit::{TestApp, seeded_app};

const SYS: Actor = Actor::System("test");

fn feeds() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../rampart-formats/tests/fixtures/feeds")
}

async fn user(t: &TestApp, name: &str) -> Actor {
    let u = t.app.find_user(name).await.unwrap();
    Actor::User(rampart_core::authz::Principal {
        user_id: u.id,
        username: u.username,
        org_id: u.org_id,
        roles: u.roles,
        token_scopes: None,
    })
}

/// Three devices of the water agency and one of transport, with CPEs NVD names.
const INVENTORY: &str = "name,asset_type,vendor,product,cpes,owner_org,internet_exposed,network_zone\n\
FS-01,server,Microsoft,Windows Server 2012,cpe:2.3:o:microsoft:windows_server_2012:r2:*:*:*:*:*:*:*,water,yes,DMZ\n\
SMB-02,server,Microsoft,SMB,cpe:2.3:a:microsoft:server_message_block:1.0:*:*:*:*:*:*:* cpe:2.3:o:microsoft:windows_10_1507:-:*:*:*:*:*:*:*,water,no,Corporate IT\n\
AP-03,gateway,Siemens,SCALANCE W1750D,cpe:2.3:o:siemens:scalance_w1750d_firmware:8.6.0:*:*:*:*:*:*:* cpe:2.3:h:siemens:scalance_w1750d:-:*:*:*:*:*:*:*,transport,no,Field IoT\n\
PRN-04,printer,HP,LaserJet,,water,no,Corporate IT\n";

async fn loaded() -> TestApp {
    let (t, _) = seeded_app().await;
    let r = t
        .app
        .import_inventory(
            &SYS,
            "inv.csv",
            InventoryFormat::Csv,
            INVENTORY.as_bytes(),
            None,
            &NoProgress,
        )
        .await
        .unwrap();
    assert_eq!((r.created, r.rejected_count), (4, 0), "{r:?}");
    let nvd = t
        .app
        .import_feed_path(&SYS, FeedKind::Nvd, &feeds().join("nvd/nvdcve-1.1-sample.json"))
        .await
        .unwrap();
    assert!(nvd.created >= 6, "{}", nvd.summary());
    t
}

#[tokio::test]
async fn nvd_import_is_idempotent_and_verifies_the_meta_file() {
    let t = loaded().await;
    let again = t
        .app
        .import_feed_path(&SYS, FeedKind::Nvd, &feeds().join("nvd/nvdcve-1.1-sample.json"))
        .await
        .unwrap();
    assert_eq!((again.created, again.updated), (0, 0), "{}", again.summary());
    assert_eq!(again.unchanged, again.total - again.skipped, "{}", again.summary());
    // The gzip copy of the same feed (checked against its .meta SHA-256) changes nothing either.
    let gz = t
        .app
        .import_feed_path(&SYS, FeedKind::Nvd, &feeds().join("nvd/nvdcve-1.1-sample.json.gz"))
        .await
        .unwrap();
    assert_eq!(
        (gz.created, gz.updated, gz.problem_count),
        (0, 0, 0),
        "{}",
        gz.summary()
    );
    // The API 2.0 format imports too and merges into the same vulnerabilities.
    let api = t
        .app
        .import_feed_path(&SYS, FeedKind::Nvd, &feeds().join("nvd/nvd-api-2.0-sample.json"))
        .await
        .unwrap();
    // The sample holds one record NVD would reject as malformed: it is skipped and named.
    assert!(
        api.created + api.updated > 0 && api.problems.iter().all(|p| p.contains("nvd-api-2.0-sample.json")),
        "{api:?}"
    );
}

#[tokio::test]
async fn every_feed_at_hand_imports_and_bad_records_are_reported() {
    let t = loaded().await;
    for (kind, rel) in [
        (FeedKind::Cve5, "cve5/records"),
        (FeedKind::Cve5, "cve5/vulnrichment-sample.jsonl.gz"),
        (FeedKind::Kev, "kev/known_exploited_vulnerabilities-sample.json"),
        (FeedKind::Kev, "kev/known_exploited_vulnerabilities-sample.csv"),
        (FeedKind::Epss, "epss/epss_scores-2099-01-15.csv.gz"),
        (FeedKind::Csaf, "csaf/cisa"),
    ] {
        let r = t.app.import_feed_path(&SYS, kind, &feeds().join(rel)).await.unwrap();
        assert!(r.total > 0, "{rel}: {}", r.summary());
        assert_eq!(
            r.total,
            r.created + r.updated + r.unchanged + r.skipped,
            "{rel}: {}",
            r.summary()
        );
    }
    // Malformed EPSS rows are skipped and named, the rest imported.
    let bad = t
        .app
        .import_feed_path(&SYS, FeedKind::Epss, &feeds().join("epss/epss_scores-bad-rows.csv"))
        .await
        .unwrap();
    assert!(
        bad.skipped > 0 && bad.problems.iter().all(|p| p.contains("line")),
        "{bad:?}"
    );
    // A file of the wrong kind is refused with its name.
    let err = t
        .app
        .import_feed_bytes(&SYS, FeedKind::Nvd, "oops.json", b"{\"not\": \"nvd\"}")
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Invalid { .. }), "{err:?}");
    assert!(err.to_string().contains("oops.json"), "{err}");
    let (imports, _, counts) = t.app.feed_activity(&SYS).await.unwrap();
    assert!(imports.len() >= 8 && counts.iter().all(|c| *c > 0), "{counts:?}");
}

#[tokio::test]
async fn matching_opens_findings_with_evidence_and_an_ssvc_decision() {
    let t = loaded().await;
    let kev = t
        .app
        .import_feed_path(
            &SYS,
            FeedKind::Kev,
            &feeds().join("kev/known_exploited_vulnerabilities-sample.json"),
        )
        .await
        .unwrap();
    assert!(kev.created > 0);
    t.app
        .import_feed_path(&SYS, FeedKind::Epss, &feeds().join("epss/epss_scores-2099-01-15.csv"))
        .await
        .unwrap();
    let m = t.app.run_match(&SYS, false).await.unwrap();
    assert!(m.full, "a first run is full");
    assert!(m.opened >= 3, "{}", m.summary());
    let page = t
        .app
        .list_findings(
            &SYS,
            FindingQuery {
                limit: 100,
                ..FindingQuery::default()
            },
        )
        .await
        .unwrap();
    let by = |asset: &str, cve: &str| {
        page.items
            .iter()
            .find(|f| f.asset_name == asset && f.cve_id == cve)
            .cloned()
    };
    // An exact CPE in an OR configuration.
    let fs = by("FS-01", "CVE-2017-0001").expect("FS-01 matches CVE-2017-0001");
    // The AND of firmware and hardware: the gateway carries both CPEs.
    assert!(
        by("AP-03", "CVE-2002-20001").is_some(),
        "AND configuration: {:?}",
        page.items
    );
    // SMB 1.0 is vulnerable only running on Windows (an AND with a non-vulnerable platform).
    let smb = by("SMB-02", "CVE-2017-0143").expect("SMB-02 matches CVE-2017-0143");
    assert_eq!(smb.epss, Some(0.97565));
    assert!(
        page.items.iter().all(|f| f.asset_name != "PRN-04"),
        "no CPE, no finding"
    );
    // Why it matched and why it got its priority.
    let d = t.app.finding_detail(&SYS, fs.id).await.unwrap();
    assert!(d.evidence.contains("windows_server_2012"), "{}", d.evidence);
    let decision = d.decision.expect("SSVC decision stored");
    let rows = decision.explain();
    assert_eq!(rows.len(), 6, "{rows:?}");
    assert_eq!(
        decision.exposure().value,
        rampart_core::ssvc::Exposure::Open,
        "internet-exposed"
    );
    assert_eq!(
        fs.due_date.is_some(),
        fs.ssvc_outcome.as_deref() != Some("defer"),
        "{fs:?}"
    );
    // The outcome the matcher compares (worked out from the inputs' values) is the
    // stored decision's (worked out with every reason written).
    for f in &page.items {
        let d = t.app.finding_detail(&SYS, f.id).await.unwrap();
        let decision = d.decision.expect("SSVC decision stored");
        assert_eq!(Some(decision.outcome().as_str()), f.ssvc_outcome.as_deref(), "{f:?}");
    }
    // Re-running a month later changes nothing: deadlines count from when a finding was first seen.
    t.clock.advance(time::Duration::days(30));
    let again = t.app.run_match(&SYS, true).await.unwrap();
    assert_eq!(
        t.app.finding_detail(&SYS, fs.id).await.unwrap().finding.due_date,
        fs.due_date
    );
    assert_eq!(
        (again.opened, again.updated, again.closed),
        (0, 0, 0),
        "{}",
        again.summary()
    );
    assert!(again.unchanged >= 3);
}

#[tokio::test]
async fn rematching_after_an_inventory_change_closes_findings() {
    let t = loaded().await;
    t.app.run_match(&SYS, true).await.unwrap();
    let open = |t: &TestApp| {
        let app = t.app.clone();
        async move {
            app.list_findings(
                &SYS,
                FindingQuery {
                    limit: 100,
                    ..FindingQuery::default()
                },
            )
            .await
            .unwrap()
            .items
        }
    };
    let before = open(&t).await;
    assert!(before.iter().any(|f| f.asset_name == "FS-01"));
    // FS-01 is upgraded to an OS the feed does not name.
    let csv = "name,asset_type,vendor,product,cpes,owner_org,internet_exposed,network_zone\n\
FS-01,server,Microsoft,Windows Server 2022,cpe:2.3:o:microsoft:windows_server_2022:-:*:*:*:*:*:*:*,water,yes,DMZ\n";
    let r = t
        .app
        .import_inventory(&SYS, "inv.csv", InventoryFormat::Csv, csv.as_bytes(), None, &NoProgress)
        .await
        .unwrap();
    assert_eq!(r.updated, 1, "{r:?}");
    let m = t.app.run_match(&SYS, true).await.unwrap();
    assert!(m.closed >= 1, "{}", m.summary());
    let after = open(&t).await;
    assert!(after.iter().all(|f| f.asset_name != "FS-01"), "{after:?}");
    let all = t
        .app
        .list_findings(
            &SYS,
            FindingQuery {
                filter: FindingFilter {
                    status: Some("fixed".into()),
                    ..FindingFilter::default()
                },
                limit: 100,
                ..FindingQuery::default()
            },
        )
        .await
        .unwrap();
    assert!(
        all.items
            .iter()
            .any(|f| f.asset_name == "FS-01" && f.closed_at.is_some())
    );
}

#[tokio::test]
async fn triage_exports_and_agency_scope() {
    let t = loaded().await;
    t.app.run_match(&SYS, true).await.unwrap();
    let analyst = user(&t, "security-analyst").await;
    let staff = user(&t, "agency-staff").await; // water
    let page = t
        .app
        .list_findings(
            &staff,
            FindingQuery {
                limit: 100,
                ..FindingQuery::default()
            },
        )
        .await
        .unwrap();
    assert!(!page.items.is_empty());
    assert!(
        page.items.iter().all(|f| f.org_slug == "water"),
        "agency staff see their agency only"
    );
    let transport = t
        .app
        .list_findings(
            &analyst,
            FindingQuery {
                limit: 100,
                ..FindingQuery::default()
            },
        )
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|f| f.org_slug == "transport")
        .unwrap();
    assert!(matches!(
        t.app.finding_detail(&staff, transport.id).await,
        Err(AppError::Forbidden(_))
    ));
    // Staff may not triage; the analyst may, and `not_affected` needs a VEX justification.
    let id = page.items[0].id;
    assert!(matches!(
        t.app.update_finding(&staff, id, "in_progress", None, "").await,
        Err(AppError::Forbidden(_))
    ));
    assert!(matches!(
        t.app.update_finding(&analyst, id, "not_affected", None, "").await,
        Err(AppError::Invalid { .. })
    ));
    let f = t
        .app
        .update_finding(
            &analyst,
            id,
            "not_affected",
            Some("protected_at_perimeter"),
            "behind the firewall",
        )
        .await
        .unwrap();
    assert_eq!((f.status.as_str(), f.closed_at.is_some()), ("not_affected", true));
    // The matcher keeps people's triage.
    let m = t.app.run_match(&SYS, true).await.unwrap();
    assert_eq!(m.opened, 0);
    let f = t.app.finding_detail(&SYS, id).await.unwrap().finding;
    assert_eq!(f.status, "not_affected");
    // Exports.
    let all = FindingFilter {
        status: Some("all".into()),
        ..FindingFilter::default()
    };
    let csv = t
        .app
        .export_findings(&analyst, all.clone(), FindingExport::Csv)
        .await
        .unwrap();
    assert!(
        csv.starts_with("id,asset_id,asset,") && csv.lines().count() > 2,
        "{csv}"
    );
    let json: serde_json::Value = serde_json::from_str(
        &t.app
            .export_findings(&analyst, all.clone(), FindingExport::Json)
            .await
            .unwrap(),
    )
    .unwrap();
    assert!(json.as_array().unwrap().len() >= 3);
    let vex: serde_json::Value = serde_json::from_str(
        &t.app
            .export_findings(&analyst, all, FindingExport::CycloneDxVex)
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(vex["bomFormat"], "CycloneDX");
    assert_eq!(vex["specVersion"], "1.6");
    let states: Vec<&str> = vex["vulnerabilities"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v["analysis"]["state"].as_str())
        .collect();
    assert!(
        states.contains(&"not_affected") && states.contains(&"exploitable"),
        "{states:?}"
    );
}

#[tokio::test]
async fn vulnerability_list_filters_and_detail() {
    let t = loaded().await;
    t.app
        .import_feed_path(&SYS, FeedKind::Epss, &feeds().join("epss/epss_scores-2099-01-15.csv"))
        .await
        .unwrap();
    t.app.run_match(&SYS, true).await.unwrap();
    let list = t
        .app
        .list_vulns(
            &SYS,
            VulnQuery {
                limit: 500,
                ..VulnQuery::default()
            },
        )
        .await
        .unwrap();
    assert!(list.items.len() >= 6);
    assert!(
        list.items
            .windows(2)
            .all(|w| w[0].cvss_score.unwrap_or(-1.0) >= w[1].cvss_score.unwrap_or(-1.0))
    );
    let hot = t
        .app
        .list_vulns(
            &SYS,
            VulnQuery {
                filter: VulnFilter {
                    epss_min: Some(0.9),
                    ..VulnFilter::default()
                },
                limit: 50,
                ..VulnQuery::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        hot.items.iter().map(|v| v.cve_id.as_str()).collect::<Vec<_>>(),
        ["CVE-2017-0143"]
    );
    let ms = t
        .app
        .list_vulns(
            &SYS,
            VulnQuery {
                filter: VulnFilter {
                    vendor: Some("siemens".into()),
                    ..VulnFilter::default()
                },
                limit: 50,
                ..VulnQuery::default()
            },
        )
        .await
        .unwrap();
    assert!(ms.items.iter().any(|v| v.cve_id == "CVE-2002-20001"), "{:?}", ms.items);
    let d = t.app.vuln_detail(&SYS, "cve-2017-0143").await.unwrap();
    assert!(d.vuln.cvss_score.is_some() && !d.metrics.is_empty());
    assert!(d.findings.iter().any(|f| f.asset_name == "SMB-02"));
    assert!(matches!(
        t.app.vuln_detail(&SYS, "CVE-1900-0001").await,
        Err(AppError::NotFound(_))
    ));
    let _ = Path::new("");
}

#[tokio::test]
async fn vendor_aliases_join_names_and_make_the_next_match_full() {
    let t = loaded().await;
    // Moxa's CVE 5 record names `Moxa` / `PT-G503 Series`; the inventory tool says `MoxaNet`.
    t.app
        .import_feed_path(
            &SYS,
            FeedKind::Cve5,
            &feeds().join("cve5/records/2023/4xxx/CVE-2023-4217.json"),
        )
        .await
        .unwrap();
    let csv = "name,asset_type,vendor,product,firmware_version,owner_org\n\
        FS-09,switch,MoxaNet,PT-G503 Series,5.1,water\n";
    t.app
        .import_inventory(
            &SYS,
            "more.csv",
            InventoryFormat::Csv,
            csv.as_bytes(),
            None,
            &NoProgress,
        )
        .await
        .unwrap();
    let first = t.app.run_match(&SYS, true).await.unwrap();
    let on_fs09 = |t: &TestApp| {
        let app = t.app.clone();
        async move {
            app.list_findings(
                &SYS,
                FindingQuery {
                    limit: 100,
                    ..FindingQuery::default()
                },
            )
            .await
            .unwrap()
            .items
            .into_iter()
            .filter(|f| f.asset_name == "FS-09" && f.status == "open")
            .count()
        }
    };
    assert_eq!(on_fs09(&t).await, 0, "{}", first.summary());
    let analyst = user(&t, "security-analyst").await;
    let staff = user(&t, "agency-staff").await;
    assert!(matches!(
        t.app.set_vendor_alias(&staff, "MoxaNet", "Moxa").await,
        Err(AppError::Forbidden(_))
    ));
    // Names that already meet by normalisation, and empty names, are refused with the reason.
    let same = t
        .app
        .set_vendor_alias(&analyst, "Schneider Electric", "schneider_electric")
        .await;
    assert!(
        matches!(&same, Err(AppError::Invalid { field, .. }) if field == "canonical"),
        "{same:?}"
    );
    let empty = t.app.set_vendor_alias(&analyst, " -- ", "Moxa").await;
    assert!(
        matches!(&empty, Err(AppError::Invalid { field, .. }) if field == "alias"),
        "{empty:?}"
    );
    let a = t.app.set_vendor_alias(&analyst, "MoxaNet", "Moxa Inc.").await.unwrap();
    assert_eq!(
        (a.alias.as_str(), a.canonical.as_str(), a.built_in),
        ("moxanet", "moxa", false)
    );
    let listed = t.app.vendor_aliases(&staff).await.unwrap();
    assert_eq!(listed.first(), Some(&a), "the city's own aliases come first");
    assert!(
        listed
            .iter()
            .any(|x| x.built_in && x.alias == "allenbradley" && x.canonical == "rockwellautomation")
    );
    assert!(listed.iter().all(|x| x.alias != x.canonical), "{listed:?}");
    // An incremental match after an alias change is a full one, and the server now matches.
    let m = t.app.run_match(&analyst, false).await.unwrap();
    assert!(m.full, "{}", m.summary());
    assert!(on_fs09(&t).await >= 1, "{}", m.summary());
    assert!(!t.app.run_match(&analyst, false).await.unwrap().full);
    // Built-in aliases cannot be removed; the city's can, and the finding closes again.
    let built_in = t.app.delete_vendor_alias(&analyst, "Allen-Bradley").await;
    assert!(matches!(built_in, Err(AppError::Invalid { .. })), "{built_in:?}");
    assert!(matches!(
        t.app.delete_vendor_alias(&analyst, "nobody").await,
        Err(AppError::NotFound(_))
    ));
    t.app.delete_vendor_alias(&analyst, "moxanet").await.unwrap();
    let m = t.app.run_match(&analyst, false).await.unwrap();
    assert!(m.full && m.closed >= 1, "{}", m.summary());
    assert_eq!(on_fs09(&t).await, 0);
    let audit = t
        .app
        .store
        .list_audit(&rampart_app::AuditFilter::default(), None, 10)
        .await
        .unwrap();
    assert!(audit.iter().any(|e| e.action == "vulns.alias.set"));
    assert!(audit.iter().any(|e| e.action == "vulns.alias.delete"));
}

#[tokio::test]
async fn a_feed_upload_runs_as_a_job_with_progress_then_matches() {
    let t = loaded().await;
    let analyst = user(&t, "security-analyst").await;
    let bytes = std::fs::read(feeds().join("kev/known_exploited_vulnerabilities-sample.json")).unwrap();
    // The system actor (CLI) cannot queue: a job runs as the user who queued it.
    assert!(
        t.app
            .queue_feed_import(&SYS, FeedKind::Kev, "kev.json", &bytes, true)
            .await
            .is_err()
    );
    assert!(matches!(
        t.app
            .queue_feed_import(&user(&t, "agency-staff").await, FeedKind::Kev, "kev.json", &bytes, true)
            .await,
        Err(AppError::Forbidden(_))
    ));
    let job = t
        .app
        .queue_feed_import(&analyst, FeedKind::Kev, "kev.json", &bytes, true)
        .await
        .unwrap();
    let worker = rampart_app::Worker::new("test");
    assert_eq!(worker.run_once(&t.app).await.unwrap(), Some(job));
    let done = t.app.get_job(&analyst, job).await.unwrap();
    assert_eq!(done.state, rampart_app::JobState::Succeeded, "{done:?}");
    let result = done.result.unwrap();
    assert!(
        result["summary"].as_str().unwrap().starts_with("kev kev.json"),
        "{result}"
    );
    assert!(result["import"]["created"].as_u64().unwrap() > 0, "{result}");
    assert!(result["match_summary"].as_str().unwrap().contains("match"), "{result}");
    // A bad file fails the job with the parser's reason; nothing is half-stored.
    let job = t
        .app
        .queue_feed_import(&analyst, FeedKind::Nvd, "broken.json", b"{\"CVE_Items\": [", false)
        .await
        .unwrap();
    worker.run_once(&t.app).await.unwrap();
    let failed = t.app.get_job(&analyst, job).await.unwrap();
    assert!(
        failed.last_error.as_deref().unwrap_or("").contains("broken.json"),
        "{failed:?}"
    );
}

#[tokio::test]
async fn an_older_record_never_replaces_a_newer_one() {
    let t = loaded().await;
    let text = std::fs::read_to_string(feeds().join("nvd/nvdcve-1.1-sample.json")).unwrap();
    let feed: serde_json::Value = serde_json::from_str(&text).unwrap();
    let first = feed["CVE_Items"][0].clone();
    let id = first["cve"]["CVE_data_meta"]["ID"].as_str().unwrap().to_owned();
    let before = t.app.store.get_vuln(&id).await.unwrap().unwrap();
    let with = |modified: &str, description: &str| {
        let mut item = first.clone();
        item["lastModifiedDate"] = serde_json::json!(modified);
        item["cve"]["description"]["description_data"][0]["value"] = serde_json::json!(description);
        let mut f = feed.clone();
        f["CVE_Items"] = serde_json::json!([item]);
        f["CVE_data_numberOfCVEs"] = serde_json::json!("1");
        serde_json::to_vec(&f).unwrap()
    };
    // An old snapshot of the record (say, a yearly feed imported after `modified`): kept out.
    let old = t
        .app
        .import_feed_bytes(
            &SYS,
            FeedKind::Nvd,
            "old.json",
            &with("2001-01-01T00:00Z", "An old text."),
        )
        .await
        .unwrap();
    assert_eq!(
        (old.created, old.updated, old.unchanged),
        (0, 0, 1),
        "{}",
        old.summary()
    );
    let after = t.app.store.get_vuln(&id).await.unwrap().unwrap();
    assert_eq!(after.description, before.description);
    // A newer one replaces it.
    let new = t
        .app
        .import_feed_bytes(
            &SYS,
            FeedKind::Nvd,
            "new.json",
            &with("2099-01-01T00:00Z", "A newer text."),
        )
        .await
        .unwrap();
    assert_eq!(new.updated, 1, "{}", new.summary());
    let after = t.app.store.get_vuln(&id).await.unwrap().unwrap();
    assert_eq!(after.description.as_deref(), Some("A newer text."));
}

#[tokio::test]
async fn the_deadline_policy_is_the_citys() {
    let t = loaded().await;
    let policy = rampart_core::ssvc::DeadlinePolicy {
        immediate_days: 1,
        out_of_cycle_days: 7,
        scheduled_days: 30,
        defer_days: Some(180),
    };
    let app = rampart_app::App::new(
        t.app.store.clone(),
        rampart_app::AppConfig {
            deadlines: policy,
            ..rampart_app::AppConfig::for_tests()
        },
        t.clock.clone(),
    );
    app.run_match(&SYS, true).await.unwrap();
    let page = app
        .list_findings(
            &SYS,
            FindingQuery {
                limit: 100,
                ..FindingQuery::default()
            },
        )
        .await
        .unwrap();
    let today = t.app.now().as_datetime().date();
    assert!(!page.items.is_empty());
    for f in &page.items {
        let outcome = rampart_core::ssvc::Outcome::parse(f.ssvc_outcome.as_deref().unwrap()).unwrap();
        let days = policy.days(outcome).map(|d| today + time::Duration::days(i64::from(d)));
        assert_eq!(f.due_date, days.map(|d| d.to_string()), "{f:?}");
    }
}
