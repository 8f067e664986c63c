//! nmap XML import against the python-libnmap test files, with python-libnmap
//! itself as the oracle (tests/fixtures/nmap/oracle/*.json, written by
//! scripts/oracles/nmap_oracle.py).
// Test helpers (not only #[test] fns) may unwrap: a failure is a test failure.
#![allow(clippy::unwrap_used)]

// Test names carry `inventory` so that `cargo test -p rampart-formats inventory` selects them.
mod inventory_nmap {
    use std::fs;
    use std::path::{Path, PathBuf};

    use rampart_formats::inventory::nmap::{self, NmapAddress, NmapError, NmapOptions};
    use rampart_formats::inventory::syntax::normalize_cpe;
    use serde_json::Value;

    fn fixtures() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/nmap")
    }

    fn xml_files() -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = fs::read_dir(fixtures())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "xml"))
            .collect();
        v.sort();
        assert!(v.len() >= 16, "fixtures missing");
        v
    }

    #[test]
    fn defused_samples_are_refused_everything_else_parses() {
        let mut parsed = 0;
        for path in xml_files() {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = fs::read(&path).unwrap();
            let res = nmap::parse(&bytes, &NmapOptions::default());
            if name.starts_with("defused_et_") {
                let err = res.expect_err(&name);
                assert!(
                    matches!(err, NmapError::Refused { .. } | NmapError::NotNmap { .. }),
                    "{name}: {err}"
                );
                eprintln!("{name}: {err}");
            } else {
                let report = res.unwrap_or_else(|e| panic!("{name}: {e}"));
                // test_osclass.xml has an anonymised `<address addr="IP">`: skipped with a warning.
                let expected_warnings = usize::from(name == "test_osclass.xml");
                assert_eq!(
                    report.warnings.len(),
                    expected_warnings,
                    "{name}: {:?}",
                    report.warnings
                );
                parsed += 1;
            }
        }
        assert_eq!(parsed, 14);
    }

    #[test]
    fn entity_declaration_refusal_message() {
        let bytes = fs::read(fixtures().join("defused_et_local_includer.xml")).unwrap();
        let err = nmap::parse(&bytes, &NmapOptions::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "nmap XML refused: document type declaration defines entities (XML entity attack?) at line 2"
        );
    }

    fn s(v: &Value) -> &str {
        v.as_str().unwrap()
    }

    fn opt(v: &Option<String>) -> &str {
        v.as_deref().unwrap_or("")
    }

    /// python-libnmap keeps the last address of each type.
    fn last_ip(host: &nmap::NmapHost, v4: bool) -> String {
        host.addresses
            .iter()
            .filter_map(|a| match a {
                NmapAddress::Ip(ip) if ip.is_ipv4() == v4 => Some(ip.to_string()),
                _ => None,
            })
            .next_back()
            .unwrap_or_default()
    }

    #[test]
    fn agrees_with_python_libnmap() {
        let mut hosts_compared = 0;
        let mut ports_compared = 0;
        let mut files = 0;
        for path in xml_files() {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            let oracle: Value = serde_json::from_str(
                &fs::read_to_string(fixtures().join("oracle").join(format!("{name}.json"))).unwrap(),
            )
            .unwrap();
            let bytes = fs::read(&path).unwrap();
            let ours = nmap::parse(
                &bytes,
                &NmapOptions {
                    include_down: true,
                    ..NmapOptions::default()
                },
            );
            if oracle["refused"].as_bool().unwrap() {
                assert!(ours.is_err(), "{name}: libnmap refused, we accepted");
                continue;
            }
            files += 1;
            let ours = ours.unwrap();
            let theirs = oracle["hosts"].as_array().unwrap();
            assert_eq!(ours.hosts.len(), theirs.len(), "{name}: host count");
            for (h, t) in ours.hosts.iter().zip(theirs) {
                let ctx = format!("{name} {}", h.path);
                assert_eq!(h.status, s(&t["status"]), "{ctx}: status");
                let their_v4 = Some(s(&t["ipv4"]))
                    .filter(|a| a.parse::<std::net::IpAddr>().is_ok())
                    .unwrap_or("");
                assert_eq!(last_ip(h, true), their_v4, "{ctx}: ipv4");
                assert_eq!(last_ip(h, false), s(&t["ipv6"]).to_lowercase(), "{ctx}: ipv6");
                let (mac, vendor) = h
                    .mac()
                    .map(|(m, v)| (m.to_string(), v.unwrap_or("")))
                    .unwrap_or_default();
                assert_eq!(mac, s(&t["mac"]).to_lowercase(), "{ctx}: mac");
                assert_eq!(vendor, s(&t["vendor"]), "{ctx}: vendor");
                let mut their_names: Vec<&str> = Vec::new();
                for n in t["hostnames"].as_array().unwrap() {
                    if !their_names.contains(&s(n)) {
                        their_names.push(s(n));
                    }
                }
                assert_eq!(h.hostnames, their_names, "{ctx}: hostnames");
                let tp = t["open_ports"].as_array().unwrap();
                assert_eq!(h.open_ports.len(), tp.len(), "{ctx}: open port count");
                for (p, q) in h.open_ports.iter().zip(tp) {
                    assert_eq!(u64::from(p.port), q["port"].as_u64().unwrap(), "{ctx}");
                    assert_eq!(p.protocol.as_str(), s(&q["protocol"]), "{ctx}");
                    assert_eq!(opt(&p.service), s(&q["service"]), "{ctx} {}", p.port);
                    assert_eq!(opt(&p.product), s(&q["product"]), "{ctx} {}", p.port);
                    assert_eq!(opt(&p.version), s(&q["version"]), "{ctx} {}", p.port);
                    let their_cpes: Vec<String> = q["cpes"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|c| normalize_cpe(s(c)).unwrap())
                        .collect();
                    assert_eq!(p.cpes, their_cpes, "{ctx} {}", p.port);
                    ports_compared += 1;
                }
                // For XML output < 1.04 (<osclass> directly under <os>) libnmap
                // invents "type:vendor:family" matches from the classes; we keep the
                // classes on the real matches instead, so compare the real matches only.
                let text = String::from_utf8_lossy(&bytes);
                let host_xml = text
                    .lines()
                    .skip(usize::try_from(h.line).unwrap() - 1)
                    .take_while(|l| !l.contains("</host>"));
                let has_osmatch = host_xml.into_iter().any(|l| l.contains("<osmatch"));
                let to: Vec<Value> = t["os_matches"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|o| s(&o["name"]).matches(':').count() != 2)
                    .cloned()
                    .collect();
                let ours_os = if has_osmatch { h.os_matches.clone() } else { Vec::new() };
                assert_eq!(ours_os.len(), to.len(), "{ctx}: os matches");
                for (m, o) in ours_os.iter().zip(&to) {
                    assert_eq!(m.name, s(&o["name"]), "{ctx}");
                    assert_eq!(m.accuracy.map(u64::from), o["accuracy"].as_u64(), "{ctx}");
                }
                hosts_compared += 1;
            }
        }
        eprintln!(
            "nmap oracle agreement: {files} files, {hosts_compared} hosts, {ports_compared} open ports identical"
        );
        assert!(hosts_compared > 700 && ports_compared > 70);
    }

    #[test]
    fn up_only_by_default_and_asset_records() {
        let bytes = fs::read(fixtures().join("fullscan.xml")).unwrap();
        let report = nmap::parse(&bytes, &NmapOptions::default()).unwrap();
        assert_eq!(report.hosts.len(), 2);
        assert_eq!(report.hosts_skipped, 254);
        let assets = report.asset_records();
        assert!(assets.iter().all(|a| a.ip.is_some() && !a.name.is_empty()));
    }

    #[test]
    fn service_cpes_are_converted_to_cpe23() {
        let bytes = fs::read(fixtures().join("full_sudo6.xml")).unwrap();
        let report = nmap::parse(&bytes, &NmapOptions::default()).unwrap();
        let cpes: Vec<&String> = report
            .hosts
            .iter()
            .flat_map(|h| &h.open_ports)
            .flat_map(|p| &p.cpes)
            .collect();
        assert!(!cpes.is_empty());
        assert!(cpes.iter().all(|c| c.starts_with("cpe:2.3:")), "{cpes:?}");
        let os_cpes: Vec<&String> = report
            .hosts
            .iter()
            .flat_map(|h| &h.os_matches)
            .flat_map(|m| &m.cpes)
            .collect();
        assert!(
            os_cpes.iter().any(|c| c.starts_with("cpe:2.3:o:linux:linux_kernel")),
            "{os_cpes:?}"
        );
    }

    const HEAD: &str = "<?xml version=\"1.0\"?>\n";

    fn parse_str(s: &str) -> Result<nmap::NmapReport, NmapError> {
        nmap::parse(s.as_bytes(), &NmapOptions::default())
    }

    #[test]
    fn hostile_documents_are_refused() {
        let cases = [
            // billion laughs
            "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]>\n<nmaprun>&lol2;</nmaprun>",
            // external DTD
            "<!DOCTYPE nmaprun SYSTEM \"http://example.invalid/evil.dtd\">\n<nmaprun/>",
            "<!DOCTYPE nmaprun PUBLIC \"-//x//y\" \"http://example.invalid/evil.dtd\">\n<nmaprun/>",
            // parameter entity
            "<!DOCTYPE nmaprun [ %pe; ]>\n<nmaprun/>",
            // undeclared entity in text and in an attribute
            "<nmaprun>&xxe;</nmaprun>",
            "<nmaprun args=\"&xxe;\"/>",
        ];
        for c in cases {
            let doc = format!("{HEAD}{c}");
            let err = parse_str(&doc).expect_err(c);
            assert!(matches!(err, NmapError::Refused { .. }), "{c}: {err}");
            assert!(err.to_string().starts_with("nmap XML refused: "), "{err}");
        }
        // A plain DOCTYPE, as nmap writes it, is fine; so are predefined and numeric references.
        let ok = format!("{HEAD}<!DOCTYPE nmaprun>\n<nmaprun args=\"a &amp; b &#x41;\"></nmaprun>");
        assert_eq!(parse_str(&ok).unwrap().args.as_deref(), Some("a & b A"));
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = format!(
            "{HEAD}<nmaprun>{}{}</nmaprun>",
            "<a>".repeat(100_000),
            "</a>".repeat(100_000)
        );
        let err = parse_str(&deep).unwrap_err();
        assert!(err.to_string().contains("nested deeper than 32"), "{err}");
    }

    #[test]
    fn broken_documents_name_the_line() {
        let cases = [
            ("", "no <nmaprun>"),
            ("<root/>", "root element is <root>"),
            ("<nmaprun>\n<host>\n</nmaprun>", "line"),
            ("<nmaprun>\n<host>", "truncated"),
            ("\u{0}\u{1}\u{2}", ""),
        ];
        for (doc, want) in cases {
            let err = parse_str(doc).expect_err(doc);
            assert!(err.to_string().contains(want), "{doc:?}: {err}");
            assert!(err.line() >= 1);
        }
    }
}
