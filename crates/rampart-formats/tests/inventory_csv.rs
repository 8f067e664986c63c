//! Inventory CSV: reading, row errors, fatal errors, writer round trip, and
//! throughput (1,000,000 rows with RAMPART_SLOW_TESTS=1).
// Test helpers (not only #[test] fns) may unwrap: a failure is a test failure.
#![allow(clippy::unwrap_used)]

// Test names carry `inventory` so that `cargo test -p rampart-formats inventory` selects them.
mod inventory_csv {
    use std::collections::BTreeSet;
    use std::time::Instant;

    use proptest::prelude::*;
    use rampart_formats::inventory::csv::{self, Column, CsvReader};
    use rampart_formats::inventory::{
        AssetRecord, AssetType, Criticality, DataClass, GeoPoint, IotSecurity, MacAddr, OpenPort, OsMatch, Protocol,
        SourceRef,
    };

    const SAMPLE: &str = "\
name,asset_type,vendor,product,model,version,firmware_version,cpes,purls,serial_number,mac,ip,hostname,network_zone,internet_exposed,site,district,lat,lon,owner_org,criticality,data_classes,default_credentials_changed,secure_update_supported,update_channel,encrypted_in_transit,encrypted_at_rest,logging_enabled,end_of_support,open_ports,os_matches,tags
Signal 5th & Main,Traffic Signal Controller,Econolite,Cobalt,ATC-2070,,32.65.10,cpe:2.3:h:econolite:cobalt:-:*:*:*:*:*:*:* cpe:/o:econolite:cobalt_firmware:32.65.10,,EC123456,00-0A-8E-12-34-56,10.20.1.5,sig-5-main.traffic.city.example,ot-traffic,no,5th & Main,Downtown,47.6062,-122.3321,transportation,critical,operational location,yes,no,vendor-usb,no,no,yes,2027-12-31,161/udp/snmp 80/tcp/http,Linux 2.6; VxWorks,pilot; \"phase 2\"
\"Cam, lobby\",CCTV,Axis,P1435-LE,,,10.12.91,,pkg:generic/axis-os@10.12.91,,ACCC8E010203,2001:db8::5,,video,yes,City Hall,,,,police,4,video personal,,,,,,,,,,
";

    #[test]
    fn reads_every_column() {
        let report = csv::parse_all(SAMPLE.as_bytes()).unwrap();
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!(report.assets.len(), 2);
        let (line, a) = &report.assets[0];
        assert_eq!(*line, 2);
        assert_eq!(a.name, "Signal 5th & Main");
        assert_eq!(a.asset_type, Some(AssetType::TrafficController));
        assert_eq!(a.model.as_deref(), Some("ATC-2070"));
        assert_eq!(a.version, None, "empty = unknown");
        assert_eq!(a.firmware_version.as_deref(), Some("32.65.10"));
        assert_eq!(
            a.cpes,
            [
                "cpe:2.3:h:econolite:cobalt:-:*:*:*:*:*:*:*",
                "cpe:2.3:o:econolite:cobalt_firmware:32.65.10:*:*:*:*:*:*:*"
            ]
        );
        assert_eq!(a.mac.unwrap().to_string(), "00:0a:8e:12:34:56");
        assert_eq!(a.ip.unwrap().to_string(), "10.20.1.5");
        assert_eq!(a.internet_exposed, Some(false));
        assert_eq!(a.location, GeoPoint::new(47.6062, -122.3321));
        assert_eq!(a.criticality, Criticality::new(5));
        assert_eq!(
            a.data_classes,
            BTreeSet::from([DataClass::Operational, DataClass::Location])
        );
        assert_eq!(
            a.security,
            IotSecurity {
                default_credentials_changed: Some(true),
                secure_update_supported: Some(false),
                update_channel: Some("vendor-usb".into()),
                encrypted_in_transit: Some(false),
                encrypted_at_rest: Some(false),
                logging_enabled: Some(true),
            }
        );
        assert_eq!(a.end_of_support.unwrap().to_string(), "2027-12-31");
        assert_eq!(a.open_ports.len(), 2);
        assert_eq!(a.open_ports[0].protocol, Protocol::Udp);
        assert_eq!(a.open_ports[1].service.as_deref(), Some("http"));
        assert_eq!(
            a.os_matches.iter().map(|o| o.name.as_str()).collect::<Vec<_>>(),
            ["Linux 2.6", "VxWorks"]
        );
        assert_eq!(a.tags, ["pilot", "\"phase 2\""]);
        assert_eq!(a.source_ref, Some(SourceRef::Line(2)));
        let (_, b) = &report.assets[1];
        assert_eq!(b.name, "Cam, lobby");
        assert_eq!(b.asset_type, Some(AssetType::IpCamera));
        assert_eq!(b.purls, ["pkg:generic/axis-os@10.12.91"]);
        assert_eq!(b.ip.unwrap().to_string(), "2001:db8::5");
        assert_eq!(b.criticality, Criticality::new(4));
    }

    #[test]
    fn bad_rows_are_reported_and_skipped() {
        let input = "name,asset_type,mac,ip,lat,lon,internet_exposed,cpes,criticality,end_of_support,open_ports\n\
        ok-1,plc,,,,,,,,,\n\
        bad-1,toaster,zz:zz,10.0.0.300,,,maybe,cpe:2.3:a:x,9,2024-02-30,80/tcpp\n\
        \"multi\nline\",,,,91,0,,,,,\n\
        ,rtu,,,,,,,,,\n\
        only-lat,,,,45,,,,,,\n\
        short,plc\n\
        ok-2,,,,,,,,,,\n\
        ,,,,,,,,,,\n";
        let report = csv::parse_all(input.as_bytes()).unwrap();
        let good: Vec<(u64, &str)> = report.assets.iter().map(|(l, a)| (*l, a.name.as_str())).collect();
        assert_eq!(good, [(2, "ok-1"), (9, "ok-2")]);
        let errs: Vec<(u64, Option<&str>)> = report.errors.iter().map(|e| (e.line, e.column.as_deref())).collect();
        assert_eq!(
            errs,
            [
                (3, Some("asset_type")),
                (3, Some("mac")),
                (3, Some("ip")),
                (3, Some("internet_exposed")),
                (3, Some("cpes")),
                (3, Some("criticality")),
                (3, Some("end_of_support")),
                (3, Some("open_ports")),
                (4, Some("lat")),
                (6, Some("name")),
                (7, Some("lon")),
                (8, None),
            ]
        );
        let msg = report.errors[0].to_string();
        assert!(
            msg.starts_with("line 3, column `asset_type`: unknown asset type `toaster`"),
            "{msg}"
        );
        assert!(
            report.errors[11].message.contains("expected 11 fields"),
            "{}",
            report.errors[11].message
        );
    }

    #[test]
    fn structural_errors_are_fatal_and_name_the_line() {
        let check = |input: &[u8], want: &str, line: u64| {
            let e = csv::parse_all(input).unwrap_err();
            assert_eq!(e.line(), line, "{e}");
            assert!(e.to_string().contains(want), "{e}");
        };
        check(b"", "no header row", 1);
        check(b"vendor,model\nx,y\n", "no `name` column", 1);
        check(b"name,colour\nx,red\n", "unknown column `colour` (header cell 2)", 1);
        check(b"name,cpe,cpes\n", "column `cpes` appears more than once", 1);
        check(b"name,vendor\nok,fine\nbad,\xff\xfe\n", "not UTF-8", 3);
        check(b"nam\xe9\n", "not UTF-8", 1);
        assert!(matches!(csv::parse_all(b"name\n").map(|r| r.assets.len()), Ok(0)));
    }

    #[test]
    fn header_aliases_bom_and_case() {
        let input = "\u{feff}Name,Type,Manufacturer,MAC Address,IP-Address,Latitude,Longitude\nx,Router,Cisco,00:11:22:33:44:55,192.0.2.1,1.5,2.5\n";
        let r = csv::parse_all(input.as_bytes()).unwrap();
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert_eq!(r.assets[0].1.vendor.as_deref(), Some("Cisco"));
        assert_eq!(r.assets[0].1.asset_type, Some(AssetType::Router));
        let reader = CsvReader::new(input.as_bytes()).unwrap();
        assert_eq!(reader.columns()[3], Column::Mac);
    }

    fn strip_source(mut r: AssetRecord) -> AssetRecord {
        r.source_ref = None;
        r
    }

    #[test]
    fn writer_round_trip_on_sample() {
        let first = csv::parse_all(SAMPLE.as_bytes()).unwrap();
        let records: Vec<AssetRecord> = first.assets.into_iter().map(|(_, r)| strip_source(r)).collect();
        let out = csv::write_all(&records).unwrap();
        let second = csv::parse_all(&out).unwrap();
        assert!(
            second.errors.is_empty(),
            "{:?}\n{}",
            second.errors,
            String::from_utf8_lossy(&out)
        );
        let again: Vec<AssetRecord> = second.assets.into_iter().map(|(_, r)| strip_source(r)).collect();
        assert_eq!(records, again);
        // and the output is stable
        assert_eq!(out, csv::write_all(&again).unwrap());
    }

    fn text() -> impl Strategy<Value = Option<String>> {
        proptest::option::of("[A-Za-z0-9][A-Za-z0-9 ,.\"'&/-]{0,20}[A-Za-z0-9]")
    }

    fn tok() -> impl Strategy<Value = String> {
        "[a-z0-9][a-z0-9._-]{0,10}"
    }

    prop_compose! {
        fn record()(
            name in "[A-Za-z0-9][A-Za-z0-9 ,\"'-]{0,30}[A-Za-z0-9]",
            asset_type in proptest::option::of(proptest::sample::select(AssetType::ALL.to_vec())),
            vendor in text(), product in text(), model in text(), version in text(), fw in text(),
            cpes in proptest::collection::vec((tok(), tok(), tok()), 0..3),
            purls in proptest::collection::vec((tok(), tok()), 0..3),
            serial in text(),
            mac in proptest::option::of(any::<[u8; 6]>()),
            ip in proptest::option::of(any::<std::net::IpAddr>()),
            hostname in proptest::option::of(tok()),
            zone in text(), exposed in any::<Option<bool>>(), site in text(), district in text(),
            geo in proptest::option::of((-90.0f64..=90.0, -180.0f64..=180.0)),
            owner in text(), crit in proptest::option::of(1u8..=5),
            classes in proptest::collection::btree_set(proptest::sample::select(vec![
                DataClass::Personal, DataClass::Video, DataClass::Location, DataClass::Health,
                DataClass::Payment, DataClass::Operational, DataClass::Credentials, DataClass::Other]), 0..4),
            sec in (any::<Option<bool>>(), any::<Option<bool>>(), proptest::option::of(tok()),
                    any::<Option<bool>>(), any::<Option<bool>>(), any::<Option<bool>>()),
            eos in proptest::option::of(0i32..40_000),
            ports in proptest::collection::vec((any::<u16>(), proptest::sample::select(vec![Protocol::Tcp, Protocol::Udp, Protocol::Sctp]), proptest::option::of("[a-z][a-z-]{0,8}")), 0..4),
            oses in proptest::collection::vec("[A-Za-z0-9][A-Za-z0-9 .()-]{0,15}[A-Za-z0-9)]", 0..3),
            tags in proptest::collection::vec("[A-Za-z0-9][A-Za-z0-9 ,-]{0,10}[A-Za-z0-9]", 0..3),
        ) -> AssetRecord {
            let mac = mac.map(MacAddr::from_octets).filter(|m| m.octets() != [0; 6] && m.octets() != [0xff; 6]);
            AssetRecord {
                name, asset_type, vendor, product, model, version, firmware_version: fw,
                cpes: cpes.into_iter().map(|(v, p, ver)| format!("cpe:2.3:a:{v}:{p}:{ver}:*:*:*:*:*:*:*")).collect(),
                purls: purls.into_iter().map(|(n, v)| format!("pkg:generic/{n}@{v}")).collect(),
                serial_number: serial, mac, ip, hostname, network_zone: zone, internet_exposed: exposed,
                site, district, location: geo.and_then(|(a, b)| GeoPoint::new(a, b)), owner_org: owner,
                criticality: crit.and_then(Criticality::new), data_classes: classes,
                security: IotSecurity {
                    default_credentials_changed: sec.0, secure_update_supported: sec.1, update_channel: sec.2,
                    encrypted_in_transit: sec.3, encrypted_at_rest: sec.4, logging_enabled: sec.5,
                },
                end_of_support: eos.and_then(|d| time::Date::from_julian_day(2_440_000 + d).ok()),
                open_ports: ports.into_iter().map(|(n, p, s)| { let mut o = OpenPort::new(n, p); o.service = s; o }).collect(),
                os_matches: oses.into_iter().map(OsMatch::named).collect(),
                tags,
                source_ref: None,
            }
        }
    }

    #[test]
    fn round_trip_property() {
        // The record strategy is a deep type: run on a thread with a big stack (debug builds).
        let worker = std::thread::Builder::new()
            .stack_size(256 << 20)
            .spawn(|| {
                let config = ProptestConfig {
                    cases: 256,
                    failure_persistence: None,
                    ..ProptestConfig::default()
                };
                let mut runner = proptest::test_runner::TestRunner::new(config);
                runner
                    .run(&proptest::collection::vec(record(), 0..8), |records| {
                        let out = csv::write_all(&records).unwrap();
                        let back = csv::parse_all(&out).unwrap();
                        prop_assert!(
                            back.errors.is_empty(),
                            "{:?}\n{}",
                            back.errors,
                            String::from_utf8_lossy(&out)
                        );
                        let back: Vec<AssetRecord> = back.assets.into_iter().map(|(_, r)| strip_source(r)).collect();
                        prop_assert_eq!(records, back);
                        Ok(())
                    })
                    .unwrap();
            })
            .unwrap();
        worker.join().unwrap();
    }

    /// A synthetic inventory row generator (deterministic).
    fn generated(rows: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(rows * 200);
        out.extend_from_slice(b"name,asset_type,vendor,product,firmware_version,cpes,mac,ip,hostname,network_zone,internet_exposed,district,lat,lon,criticality,data_classes,open_ports,tags\n");
        let types = [
            "plc",
            "ip camera",
            "smart meter",
            "traffic controller",
            "router",
            "sensor",
        ];
        for i in 0..rows {
            let line = format!(
                "device-{i},{},Vendor{},Product {},{}.{}.{},cpe:2.3:h:vendor{}:product_{}:-:*:*:*:*:*:*:*,02:00:{:02x}:{:02x}:{:02x}:{:02x},10.{}.{}.{},dev{i}.city.example,zone-{},{},District {},{:.5},{:.5},{},operational location,502/tcp/modbus 80/tcp/http,batch; generated\n",
                types[i % types.len()],
                i % 97,
                i % 31,
                i % 7,
                i % 13,
                i % 101,
                i % 97,
                i % 31,
                (i >> 24) & 0xff,
                (i >> 16) & 0xff,
                (i >> 8) & 0xff,
                i & 0xff,
                (i >> 16) & 0xff,
                (i >> 8) & 0xff,
                i & 0xff,
                i % 12,
                if i % 10 == 0 { "yes" } else { "no" },
                i % 9,
                47.0 + (i % 1000) as f64 / 1000.0,
                -122.0 - (i % 1000) as f64 / 1000.0,
                1 + i % 5,
            );
            out.extend_from_slice(line.as_bytes());
        }
        out
    }

    /// CPU seconds used by this thread so far (Linux; `None` elsewhere). The
    /// machine is shared, so wall-clock time alone says little.
    fn thread_cpu_secs() -> Option<f64> {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
        let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
        let utime: f64 = fields.get(11)?.parse().ok()?;
        let stime: f64 = fields.get(12)?.parse().ok()?;
        Some((utime + stime) / 100.0) // USER_HZ is 100 on Linux
    }

    #[test]
    fn throughput() {
        let slow = std::env::var_os("RAMPART_SLOW_TESTS").is_some();
        let rows = if slow { 1_000_000 } else { 20_000 };
        let input = generated(rows);
        let start = Instant::now();
        let cpu_start = thread_cpu_secs();
        let mut good = 0u64;
        let mut batch = Vec::with_capacity(1000);
        let (g, b) = csv::parse_with(
            input.as_slice(),
            |_, r| {
                batch.push(r);
                if batch.len() == 1000 {
                    good += batch.len() as u64;
                    batch.clear();
                }
            },
            |e| panic!("{e:?}"),
        )
        .unwrap();
        let secs = start.elapsed().as_secs_f64();
        let cpu = cpu_start.zip(thread_cpu_secs()).map(|(a, b)| b - a);
        assert_eq!((g, b), (rows as u64, 0));
        assert_eq!(good + batch.len() as u64, rows as u64);
        eprintln!(
            "inventory CSV: {rows} rows ({:.1} MiB) in {secs:.2} s wall, {} CPU = {:.0} rows/s wall ({} build)",
            input.len() as f64 / 1048576.0,
            cpu.map_or("?".into(), |c| format!("{c:.2} s")),
            rows as f64 / secs,
            if cfg!(debug_assertions) { "debug" } else { "release" }
        );
        if slow && !cfg!(debug_assertions) {
            let spent = cpu.unwrap_or(secs);
            assert!(spent < 10.0, "1M rows took {spent:.1} s of CPU");
        }
    }
}
