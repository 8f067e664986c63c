//! "Never panic on input": arbitrary and mutated inputs into every inventory
//! parser. The same entry points are the cargo-fuzz targets to write:
//! `inventory::csv::parse_all(&[u8])`, `inventory::cyclonedx::parse(&[u8])`,
//! `inventory::nmap::parse(&[u8], &NmapOptions)`, `inventory::recog::RecogDb::from_xml(&str, &str)`,
//! `RecogDb::match_bytes(&[u8])`, `inventory::syntax::{normalize_cpe, check_purl}(&str)`,
//! `"...".parse::<MacAddr>()`.
// Test helpers (not only #[test] fns) may unwrap: a failure is a test failure.
#![allow(clippy::unwrap_used)]

// Test names carry `inventory` so that `cargo test -p rampart-formats inventory` selects them.
mod inventory_fuzz {
    use proptest::prelude::*;
    use rampart_formats::inventory::nmap::{self, NmapOptions};
    use rampart_formats::inventory::syntax::{check_cpe23, check_purl, cpe_uri_to_fs, normalize_cpe};
    use rampart_formats::inventory::{AssetType, Criticality, DataClass, MacAddr, csv, cyclonedx, recog};

    const NMAP: &[u8] = include_bytes!("fixtures/nmap/1_os_banner_scripts.xml");
    const CDX: &[u8] = include_bytes!("fixtures/cyclonedx/bom-examples/hbom-pcie-sata-adapter-board.json");
    const CSV: &[u8] = b"name,asset_type,mac,ip,cpes,lat,lon,open_ports,tags\nx,plc,00:11:22:33:44:55,10.0.0.1,cpe:/h:a:b,1,2,80/tcp/http,a; b\n";

    /// A valid document with a few random byte edits (overwrite, insert, delete).
    fn mutated(base: &'static [u8]) -> impl Strategy<Value = Vec<u8>> {
        proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..8).prop_map(move |edits| {
            let mut v = base.to_vec();
            for (at, byte, kind) in edits {
                if v.is_empty() {
                    v.push(byte);
                    continue;
                }
                let i = at.index(v.len());
                match kind {
                    0 => v[i] = byte,
                    1 => v.insert(i, byte),
                    _ => {
                        v.remove(i);
                    }
                }
            }
            v
        })
    }

    fn config() -> ProptestConfig {
        ProptestConfig {
            cases: 300,
            failure_persistence: None,
            ..ProptestConfig::default()
        }
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn csv_never_panics(input in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = csv::parse_all(&input);
        }

        #[test]
        fn csv_mutated(input in mutated(CSV)) {
            let _ = csv::parse_all(&input);
        }

        #[test]
        fn cyclonedx_never_panics(input in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = cyclonedx::parse(&input);
        }

        #[test]
        fn cyclonedx_mutated(input in mutated(CDX)) {
            let _ = cyclonedx::parse(&input);
        }

        #[test]
        fn nmap_never_panics(input in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = nmap::parse(&input, &NmapOptions::default());
        }

        #[test]
        fn nmap_mutated(input in mutated(NMAP)) {
            let _ = nmap::parse(&input, &NmapOptions { include_down: true, ..NmapOptions::default() });
        }

        #[test]
        fn nmap_xmlish(input in "(<[a-z]{1,6}( [a-z]{1,4}=\"[^\"<]{0,8}\")*/?>|</[a-z]{1,6}>|&[a-z#0-9x]{0,5};?|<!DOCTYPE[^>]{0,20}>|[^<&]{0,10}){0,40}") {
            let doc = format!("<?xml version=\"1.0\"?><nmaprun>{input}</nmaprun>");
            let _ = nmap::parse(doc.as_bytes(), &NmapOptions::default());
        }

        #[test]
        fn recog_db_never_panics(input in "\\PC{0,300}") {
            let _ = recog::RecogDb::from_xml("fuzz", &input);
            let doc = format!("<fingerprints><fingerprint pattern=\"{}\"><description>x</description><param pos=\"1\" name=\"a\"/><param pos=\"0\" name=\"b.cpe23\" value=\"cpe:/a:{{a}}:{{c.version}}\"/></fingerprint></fingerprints>", input.replace('"', "&quot;").replace('<', "&lt;").replace('&', "&amp;"));
            if let Ok(db) = recog::RecogDb::from_xml("fuzz", &doc) {
                let _ = db.match_str(&input);
            }
        }

        #[test]
        fn recog_match_never_panics(input in proptest::collection::vec(any::<u8>(), 0..200)) {
            let db = recog::embedded("ssh_banners").unwrap();
            if let Some(m) = db.match_bytes(&input) {
                let _ = (m.vendor(), m.product(), m.version(), m.device_type(), m.os(), m.cpe23());
            }
        }

        #[test]
        fn identifiers_never_panic(s in "\\PC{0,64}") {
            let _ = normalize_cpe(&s);
            let _ = check_cpe23(&s);
            let _ = check_purl(&s);
            let _ = cpe_uri_to_fs(&format!("cpe:/{s}"));
            let _ = s.parse::<MacAddr>();
            let _ = s.parse::<AssetType>();
            let _ = s.parse::<DataClass>();
            let _ = s.parse::<Criticality>();
        }

        /// Converted CPE URIs are always valid 2.3 formatted strings.
        #[test]
        fn uri_conversion_yields_valid_fs(parts in proptest::collection::vec("[a-z0-9._~%!-]{0,6}", 1..7), part in "[aoh]") {
            let uri = format!("cpe:/{part}:{}", parts.join(":"));
            if let Ok(fs) = cpe_uri_to_fs(&uri) {
                prop_assert!(check_cpe23(&fs).is_ok(), "{uri} -> {fs}");
            }
        }

        /// MAC display form always parses back to the same address.
        #[test]
        fn mac_display_round_trip(o in any::<[u8; 6]>()) {
            let m = MacAddr::from_octets(o);
            if o != [0; 6] && o != [0xff; 6] {
                prop_assert_eq!(m.to_string().parse::<MacAddr>().unwrap(), m);
            }
        }
    }
}
