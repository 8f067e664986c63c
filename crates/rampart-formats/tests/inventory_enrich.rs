//! Enrichment: MAC vendor from the OUI registry, device identity from banners via Recog.
// Test helpers (not only #[test] fns) may unwrap: a failure is a test failure.
#![allow(clippy::unwrap_used)]

// Test names carry `inventory` so that `cargo test -p rampart-formats inventory` selects them.
mod inventory_enrich {
    use std::path::Path;

    use rampart_formats::inventory::nmap::{self, NmapOptions};
    use rampart_formats::inventory::recog;
    use rampart_formats::inventory::{
        AssetRecord, AssetType, OpenPort, OsMatch, Protocol, ScriptOutput, asset_type_from_device, enrich,
    };

    #[test]
    fn vendor_from_mac_when_missing() {
        let mut r = AssetRecord::named("cam");
        r.mac = Some("00:40:8c:aa:bb:cc".parse().unwrap());
        enrich(&mut r);
        assert_eq!(r.vendor.as_deref(), Some("AXIS COMMUNICATIONS AB"));
        let mut r = AssetRecord::named("cam");
        r.vendor = Some("Axis".into());
        r.mac = Some("00:40:8c:aa:bb:cc".parse().unwrap());
        enrich(&mut r);
        assert_eq!(r.vendor.as_deref(), Some("Axis"), "never overwrites");
    }

    fn port(n: u16, service: &str, scripts: &[(&str, &str)]) -> OpenPort {
        let mut p = OpenPort::new(n, Protocol::Tcp);
        p.service = Some(service.into());
        p.scripts = scripts
            .iter()
            .map(|(id, out)| ScriptOutput {
                id: (*id).into(),
                output: (*out).into(),
            })
            .collect();
        p
    }

    #[test]
    fn device_identity_from_snmp_sysdescr() {
        // A real example banner of recog's snmp_sysdescr.xml.
        let db = recog::embedded("snmp_sysdescr").unwrap();
        let (fp, ex) = db
            .fingerprints
            .iter()
            .flat_map(|f| f.examples.iter().map(move |e| (f, e)))
            .find(|(f, _)| {
                f.params
                    .iter()
                    .any(|p| p.name == "hw.device" && p.value.as_deref() == Some("Switch"))
            })
            .unwrap();
        let banner = String::from_utf8(ex.banner.clone()).unwrap();
        let mut r = AssetRecord::named("sw1");
        let mut p = port(
            161,
            "snmp",
            &[("snmp-sysdescr", &format!("{banner}\n  System uptime: 1 day"))],
        );
        p.protocol = Protocol::Udp;
        r.open_ports.push(p);
        let ids = enrich(&mut r);
        assert!(!ids.is_empty(), "{} did not identify {banner:?}", fp.description);
        assert_eq!(r.asset_type, Some(AssetType::Switch), "{banner}");
        assert!(r.vendor.is_some());
    }

    #[test]
    fn identity_from_http_title_and_ssh_banner() {
        let mut r = AssetRecord::named("x");
        r.open_ports.push(port(22, "ssh", &[("banner", "SSH-2.0-OpenSSH_7.4")]));
        let ids = enrich(&mut r);
        assert_eq!(ids.len(), 1);
        assert_eq!(ids[0].db, "ssh_banners");
        assert_eq!(ids[0].matched.get("service.version"), Some("7.4"));
        assert!(
            r.open_ports[0]
                .cpes
                .iter()
                .any(|c| c.starts_with("cpe:2.3:a:openbsd:openssh:7.4")),
            "{:?}",
            r.open_ports
        );
    }

    #[test]
    fn nmap_version_scan_hosts_get_service_cpes() {
        let bytes =
            std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/nmap/1_os_banner_scripts.xml"))
                .unwrap();
        let report = nmap::parse(&bytes, &NmapOptions::default()).unwrap();
        let mut r = report.asset_records().remove(0);
        let before: usize = r.open_ports.iter().map(|p| p.cpes.len()).sum();
        let ids = enrich(&mut r);
        let after: usize = r.open_ports.iter().map(|p| p.cpes.len()).sum();
        let dbs: Vec<&str> = ids.iter().map(|i| i.db).collect();
        eprintln!(
            "identified: {:?}",
            ids.iter().map(|i| (i.port, i.db, &i.banner)).collect::<Vec<_>>()
        );
        assert!(dbs.contains(&"ssh_banners") && dbs.contains(&"http_servers"), "{dbs:?}");
        assert!(after > before);
    }

    #[test]
    fn device_type_vocabulary() {
        assert_eq!(asset_type_from_device("IP Camera"), Some(AssetType::IpCamera));
        assert_eq!(asset_type_from_device("webcam"), Some(AssetType::IpCamera));
        assert_eq!(asset_type_from_device("Broadband Router"), Some(AssetType::Router));
        assert_eq!(asset_type_from_device("PLC"), Some(AssetType::Plc));
        assert_eq!(asset_type_from_device("general purpose"), None);
        let mut r = AssetRecord::named("x");
        let mut m = OsMatch::named("AXIS camera");
        m.accuracy = Some(95);
        m.device_type = Some("webcam".into());
        r.os_matches.push(m);
        enrich(&mut r);
        assert_eq!(r.asset_type, Some(AssetType::IpCamera), "from nmap's OS class");
    }
}
