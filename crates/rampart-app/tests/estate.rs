//! The estate use cases end to end on a real store: imports of real sample
//! files, identity on re-import, rejection reports, and the analyses on a
//! small water utility whose answers are known.
#![allow(clippy::unwrap_used)] // test helpers unwrap: a failure is the test failing

use std::path::PathBuf;

use rampart_app::{Actor, AppError, AssetQuery, EstateCsvKind, InventoryFormat, NoProgress, OrgInput};
use rampart_testkit::{TestApp, seeded_app};

const SYS: Actor = Actor::System("test");

fn fixture(rel: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn formats_fixture(rel: &str) -> Vec<u8> {
    fixture(&format!("../rampart-formats/tests/fixtures/{rel}"))
}

/// A seeded app with the water utility's organisations, structure and assets.
async fn water() -> TestApp {
    let (t, _) = seeded_app().await;
    for (slug, name) in [("water-utility", "Water Utility"), ("finance", "Finance")] {
        t.app
            .create_org(
                &SYS,
                &OrgInput {
                    slug: slug.into(),
                    name: name.into(),
                    kind: "agency".into(),
                    ..OrgInput::default()
                },
            )
            .await
            .unwrap();
    }
    let zones = t
        .app
        .import_structure(&SYS, "zones.csv", None, &formats_fixture("estate/zones.csv"))
        .await
        .unwrap();
    assert_eq!((zones.created, zones.rejected_count), (6, 0), "{zones:?}");
    let conduits = t
        .app
        .import_structure(&SYS, "conduits.csv", None, &formats_fixture("estate/conduits.csv"))
        .await
        .unwrap();
    assert_eq!(
        (conduits.created, conduits.rejected_count),
        (7, 0),
        "bidirectional counts twice: {conduits:?}"
    );
    let services = t
        .app
        .import_structure(&SYS, "services.csv", None, &formats_fixture("estate/services.csv"))
        .await
        .unwrap();
    assert_eq!((services.created, services.rejected_count), (4, 0), "{services:?}");
    let assets = t
        .app
        .import_inventory(
            &SYS,
            "assets.csv",
            InventoryFormat::Csv,
            &fixture("tests/fixtures/water/assets.csv"),
            None,
            &NoProgress,
        )
        .await
        .unwrap();
    assert_eq!(assets.created, 15, "{assets:?}");
    assert_eq!(assets.rejected_count, 1);
    let deps = t
        .app
        .import_structure(
            &SYS,
            "dependencies.csv",
            None,
            &formats_fixture("estate/dependencies.csv"),
        )
        .await
        .unwrap();
    assert_eq!(deps.rejected_count, 0, "{deps:?}");
    let flows = t
        .app
        .import_structure(&SYS, "flows.csv", None, &formats_fixture("estate/flows.csv"))
        .await
        .unwrap();
    assert_eq!(flows.rejected_count, 0, "{flows:?}");
    t
}

async fn asset_id(t: &TestApp, name: &str) -> i64 {
    let q = AssetQuery {
        filter: rampart_app::AssetFilter {
            q: Some(name.into()),
            ..Default::default()
        },
        limit: 10,
        ..Default::default()
    };
    t.app
        .list_assets(&SYS, q, false)
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|a| a.name == name)
        .unwrap()
        .id
}

#[tokio::test]
async fn csv_import_reports_every_row_and_reimport_changes_nothing() {
    let t = water().await;
    let bytes = fixture("tests/fixtures/water/assets.csv");
    let again = t
        .app
        .import_inventory(&SYS, "assets.csv", InventoryFormat::Csv, &bytes, None, &NoProgress)
        .await
        .unwrap();
    assert_eq!(
        (again.created, again.updated, again.unchanged, again.rejected_count),
        (0, 0, 15, 1),
        "{again:?}"
    );
    // The bad row is named by file and line, with every reason.
    let r = &again.rejected[0];
    assert_eq!(r.location, "assets.csv: line 17");
    for needle in ["asset_type", "mac", "ip", "internet_exposed", "criticality"] {
        assert!(r.reason.contains(needle), "{needle} missing from {}", r.reason);
    }
    let version = t.app.store.estate_version().await.unwrap();
    let again = t
        .app
        .import_inventory(&SYS, "assets.csv", InventoryFormat::Csv, &bytes, None, &NoProgress)
        .await
        .unwrap();
    assert_eq!(again.unchanged, 15);
    assert_eq!(
        t.app.store.estate_version().await.unwrap(),
        version,
        "an unchanged re-import does not touch the estate"
    );

    // A changed firmware version updates the one asset, found by its serial number.
    let changed = String::from_utf8(bytes).unwrap().replace(
        "MicroLogix 1400,1766-L32BWA,21.003,,RA-HLP-0002",
        "MicroLogix 1400,1766-L32BWA,21.004,,RA-HLP-0002",
    );
    let r = t
        .app
        .import_inventory(
            &SYS,
            "assets.csv",
            InventoryFormat::Csv,
            changed.as_bytes(),
            None,
            &NoProgress,
        )
        .await
        .unwrap();
    assert_eq!((r.created, r.updated, r.unchanged), (0, 1, 14), "{r:?}");
    assert_eq!(t.app.store.asset_count().await.unwrap(), 15);
}

#[tokio::test]
async fn structural_errors_are_all_or_nothing() {
    let (t, _) = seeded_app().await;
    let err = t
        .app
        .import_inventory(
            &SYS,
            "x.csv",
            InventoryFormat::Csv,
            b"hostname,ip\nfoo,1.2.3.4\n",
            None,
            &NoProgress,
        )
        .await;
    match err {
        Err(AppError::Invalid { field, message }) => {
            assert!(field.contains("x.csv") && field.contains("line 1"), "{field}");
            assert!(message.contains("name"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(t.app.store.asset_count().await.unwrap(), 0);
    let err = t
        .app
        .import_structure(&SYS, "who.csv", None, b"colour,taste\nred,sweet\n")
        .await;
    assert!(matches!(err, Err(AppError::Invalid { .. })), "{err:?}");
}

#[tokio::test]
async fn nmap_samples_import_and_entity_attacks_are_refused() {
    let (t, _) = seeded_app().await;
    let mut hosts = 0;
    for f in [
        "1_hosts.xml",
        "2_hosts_version.xml",
        "fullscan.xml",
        "1_os_banner_scripts.xml",
        "test_osclass.xml",
    ] {
        let r = t
            .app
            .import_inventory(
                &SYS,
                f,
                InventoryFormat::Nmap,
                &formats_fixture(&format!("nmap/{f}")),
                None,
                &NoProgress,
            )
            .await
            .unwrap();
        assert_eq!(r.rejected_count, 0, "{f}: {r:?}");
        hosts += r.created + r.updated + r.unchanged;
        let again = t
            .app
            .import_inventory(
                &SYS,
                f,
                InventoryFormat::Nmap,
                &formats_fixture(&format!("nmap/{f}")),
                None,
                &NoProgress,
            )
            .await
            .unwrap();
        assert_eq!(
            again.created + again.updated,
            0,
            "{f}: re-import changes nothing: {again:?}"
        );
    }
    assert!(hosts >= 5, "{hosts}");
    for f in ["defused_et_included.xml", "defused_et_local_includer.xml"] {
        let before = t.app.store.asset_count().await.unwrap();
        let err = t
            .app
            .import_inventory(
                &SYS,
                f,
                InventoryFormat::Nmap,
                &formats_fixture(&format!("nmap/{f}")),
                None,
                &NoProgress,
            )
            .await;
        match err {
            Err(AppError::Invalid { message, .. }) => assert!(
                message.contains("refused") || message.contains("not an nmap"),
                "{f}: {message}"
            ),
            other => panic!("{f}: {other:?}"),
        }
        assert_eq!(t.app.store.asset_count().await.unwrap(), before);
    }
}

#[tokio::test]
async fn cyclonedx_hbom_imports_devices() {
    let (t, _) = seeded_app().await;
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../rampart-formats/tests/fixtures/cyclonedx");
    let mut imported = 0;
    for entry in walk(&dir) {
        if entry.extension().is_some_and(|e| e == "json") && entry.to_string_lossy().contains("bom-examples") {
            let bytes = std::fs::read(&entry).unwrap();
            let name = entry.file_name().unwrap().to_string_lossy().into_owned();
            if let Ok(r) = t
                .app
                .import_inventory(&SYS, &name, InventoryFormat::CycloneDx, &bytes, None, &NoProgress)
                .await
            {
                imported += r.created;
                let again = t
                    .app
                    .import_inventory(&SYS, &name, InventoryFormat::CycloneDx, &bytes, None, &NoProgress)
                    .await
                    .unwrap();
                assert_eq!(again.created + again.updated, 0, "{name}: {again:?}");
            }
        }
    }
    assert!(imported >= 7, "the HBOM example alone has 7 devices; got {imported}");
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() { out.extend(walk(&p)) } else { out.push(p) }
        }
    }
    out.sort();
    out
}

#[tokio::test]
async fn blast_radius_spof_and_redundancy_on_the_water_utility() {
    let t = water().await;
    let switch = asset_id(&t, "Plant core switch").await;
    let b = t.app.blast_radius(&SYS, &[switch]).await.unwrap();
    let down: Vec<&str> = b.services.iter().map(|(s, _, _)| s.name.as_str()).collect();
    assert_eq!(
        down,
        ["Drinking water treatment"],
        "the switch carries Filter PLC 1: {b:#?}"
    );
    assert_eq!(b.population_max, 120_000);
    assert!(
        b.stopped
            .iter()
            .any(|s| s.node.name == "Filter PLC 1" && s.tipped_by.name == "Plant core switch")
    );

    // One of three high-lift pumps may fail (2 of 3 suffice); two may not.
    let p1 = asset_id(&t, "High-lift pump 1").await;
    let p2 = asset_id(&t, "High-lift pump 2").await;
    assert!(t.app.blast_radius(&SYS, &[p1]).await.unwrap().services.is_empty());
    assert_eq!(t.app.blast_radius(&SYS, &[p1, p2]).await.unwrap().services.len(), 1);

    let spofs = t.app.spofs(&SYS).await.unwrap();
    let names: Vec<&str> = spofs.iter().map(|e| e.node.name.as_str()).collect();
    for n in ["Filter PLC 1", "Treatment HMI", "Plant core switch"] {
        assert!(names.contains(&n), "{n} is a single point of failure: {names:?}");
    }
    assert!(
        !names.iter().any(|n| n.starts_with("High-lift pump")),
        "redundant pumps are not: {names:?}"
    );

    let f = t.app.failure_likelihoods(&SYS).await.unwrap();
    assert_eq!(f.services.len(), 4);
    assert!(f.services.iter().all(|s| (0.0..=1.0).contains(&s.p_down)));
    let water = f
        .services
        .iter()
        .find(|s| s.service.name == "Drinking water treatment")
        .unwrap();
    assert!(water.critical && water.p_down > 0.0, "{water:?}");
}

#[tokio::test]
async fn attack_paths_start_untrusted_and_explain_each_hop() {
    let t = water().await;
    let services = t.app.list_services(&SYS).await.unwrap();
    let water = services
        .iter()
        .find(|(s, _, _)| s.fields.name == "Drinking water treatment")
        .unwrap()
        .0
        .id;
    let paths = t.app.attack_paths(&SYS, water, 3).await.unwrap();
    assert!(!paths.is_empty(), "the exposed jump host leads into the plant");
    for p in &paths {
        let first = &p.hops[0];
        assert!(
            first.from == "the internet" || first.from.contains("Integrator VPN"),
            "{p:#?}"
        );
        assert!(p.hops.iter().all(|h| !h.explanation.is_empty()));
        assert!(p.likelihood > 0.0 && p.likelihood <= 1.0);
    }
    // Most likely first.
    assert!(paths.windows(2).all(|w| w[0].likelihood >= w[1].likelihood));
}

#[tokio::test]
async fn agency_roles_import_only_for_their_agency() {
    let (t, seed) = seeded_app().await;
    let manager = t.app.find_user("agency-manager").await.unwrap();
    let actor = Actor::User(rampart_core::authz::Principal {
        user_id: manager.id,
        username: manager.username.clone(),
        org_id: manager.org_id,
        roles: manager.roles.clone(),
        token_scopes: None,
    });
    let csv = b"name,owner_org\nPump A,water\nCamera B,transport\n";
    let r = t
        .app
        .import_inventory(&actor, "a.csv", InventoryFormat::Csv, csv, None, &NoProgress)
        .await
        .unwrap();
    assert_eq!((r.created, r.rejected_count), (1, 1), "{r:?}");
    assert!(r.rejected[0].reason.contains("your own organisation"));
    let err = t
        .app
        .import_inventory(
            &actor,
            "a.csv",
            InventoryFormat::Csv,
            csv,
            Some(seed.transport),
            &NoProgress,
        )
        .await;
    assert!(matches!(err, Err(AppError::Forbidden(_))));
    let staff = t.app.find_user("agency-staff").await.unwrap();
    let staff = Actor::User(rampart_core::authz::Principal {
        user_id: staff.id,
        username: staff.username,
        org_id: staff.org_id,
        roles: staff.roles,
        token_scopes: None,
    });
    assert!(matches!(
        t.app
            .import_inventory(&staff, "a.csv", InventoryFormat::Csv, csv, None, &NoProgress)
            .await,
        Err(AppError::Forbidden(_))
    ));
    assert!(matches!(
        t.app
            .import_structure(&staff, "z.csv", Some(EstateCsvKind::Zones), b"name,kind\nx,dmz\n")
            .await,
        Err(AppError::Forbidden(_))
    ));
}
