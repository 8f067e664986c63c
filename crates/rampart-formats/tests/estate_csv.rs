//! Estate CSV (zones, conduits, services, dependencies, flows): the water
//! utility fixtures, every error path, header detection, writer round trips
//! and "never panic" properties.
// Test helpers (not only #[test] fns) may unwrap: a failure is a test failure.
#![allow(clippy::unwrap_used)]

// Test names carry `estate` so that `cargo test -p rampart-formats estate` selects them.
mod estate_csv {
    use std::collections::BTreeSet;

    use proptest::prelude::*;
    use rampart_formats::estate::dependencies::{self, Requirement};
    use rampart_formats::estate::{
        self, BareName, ConduitRecord, CsvError, DependencyRecord, DependentKind, EntityRef, EstateCsvKind,
        EstateCsvReader, EstateRecord, FlowRecord, ImpactLevel, RowError, ServiceRecord, ZoneKind, ZoneRecord,
        conduits, detect_kind, flows, services, zones,
    };
    use rampart_formats::inventory::{DataClass, MacAddr};

    const ZONES: &[u8] = include_bytes!("fixtures/estate/zones.csv");
    const CONDUITS: &[u8] = include_bytes!("fixtures/estate/conduits.csv");
    const SERVICES: &[u8] = include_bytes!("fixtures/estate/services.csv");
    const DEPENDENCIES: &[u8] = include_bytes!("fixtures/estate/dependencies.csv");
    const FLOWS: &[u8] = include_bytes!("fixtures/estate/flows.csv");

    fn fixtures() -> [(EstateCsvKind, &'static [u8]); 5] {
        [
            (EstateCsvKind::Zones, ZONES),
            (EstateCsvKind::Conduits, CONDUITS),
            (EstateCsvKind::Services, SERVICES),
            (EstateCsvKind::Dependencies, DEPENDENCIES),
            (EstateCsvKind::Flows, FLOWS),
        ]
    }

    /// (line, column) of each error.
    fn places(errors: &[RowError]) -> Vec<(u64, Option<&str>)> {
        errors.iter().map(|e| (e.line, e.column.as_deref())).collect()
    }

    fn records<T>(rows: Vec<(u64, T)>) -> Vec<T> {
        rows.into_iter().map(|(_, r)| r).collect()
    }

    // ---------------------------------------------------------------- fixtures

    #[test]
    fn estate_fixture_zones() {
        let report = zones::parse_all(ZONES).unwrap();
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        let got: Vec<(u64, &str, ZoneKind, bool)> = report
            .rows
            .iter()
            .map(|(l, z)| (*l, z.name.as_str(), z.kind, z.is_untrusted()))
            .collect();
        assert_eq!(
            got,
            [
                (2, "Internet", ZoneKind::Internet, true),
                (3, "Corporate IT", ZoneKind::Corporate, false),
                (4, "Plant DMZ", ZoneKind::Dmz, false),
                (5, "Treatment OT", ZoneKind::Ot, false),
                (6, "Field network", ZoneKind::Field, false),
                (7, "Integrator VPN", ZoneKind::Partner, true),
            ]
        );
        assert_eq!(report.rows[0].1.untrusted, None, "default by kind");
        assert_eq!(report.rows[5].1.untrusted, Some(true), "explicit");
        assert_eq!(
            report.rows[3].1.description.as_deref(),
            Some("Treatment plant control network: PLCs, HMIs, SCADA servers")
        );
        assert_eq!(
            rampart_core::estate::ZoneKind::from(report.rows[3].1.kind),
            rampart_core::estate::ZoneKind::ControlOt
        );
    }

    #[test]
    fn estate_fixture_conduits() {
        let report = conduits::parse_all(CONDUITS).unwrap();
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        let rows = records(report.rows);
        assert_eq!(rows.len(), 6);
        assert_eq!(rows[0].from_zone, "Internet");
        assert_eq!(rows[0].to_zone, "Plant DMZ");
        assert_eq!(rows[0].traversal_likelihood, Some(0.2));
        assert!(!rows[0].bidirectional);
        assert_eq!(rows[4].protocols.as_deref(), Some("TCP/502 Modbus; TCP/20000 DNP3"));
        assert_eq!(rows[4].traversal_likelihood, None);
        assert_eq!(rows[4].likelihood(), 1.0, "default");
        assert!(rows[4].bidirectional);
        assert_eq!(rows[5].traversal_likelihood, Some(0.3), "30%");
    }

    #[test]
    fn estate_fixture_services() {
        let report = services::parse_all(SERVICES).unwrap();
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        let rows = records(report.rows);
        let water = &rows[0];
        assert_eq!(water.name, "Drinking water treatment");
        assert_eq!(water.owner_org.as_deref(), Some("water-utility"));
        assert_eq!(water.life_safety, Some(ImpactLevel::CRITICAL));
        assert_eq!(water.population_served, Some(120_000));
        assert_eq!(water.economic_impact, Some(ImpactLevel::HIGH));
        assert_eq!(water.privacy_impact, Some(ImpactLevel::NONE));
        assert_eq!(water.rto_minutes, Some(240));
        assert_eq!(water.critical, None);
        assert_eq!(rows[1].population_served, Some(118_000), "118k");
        assert_eq!(rows[1].rto_minutes, Some(1_440), "1d");
        assert_eq!(rows[2].name, "SCADA historian");
        assert_eq!(rows[2].population_served, None);
        assert_eq!(rows[2].critical, Some(false));
        assert_eq!(rows[3].economic_impact, Some(ImpactLevel::MEDIUM), "moderate");
        assert_eq!(rows[3].rto_minutes, Some(4_320), "3 days");
        assert_eq!(
            ImpactLevel::CRITICAL.to_core_level(),
            rampart_core::estate::Level::Severe
        );
    }

    #[test]
    fn estate_fixture_dependencies() {
        let report = dependencies::parse_all(DEPENDENCIES).unwrap();
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!(report.rows.len(), 12);
        let (line, pump1) = &report.rows[2];
        assert_eq!(*line, 4);
        assert_eq!(pump1.dependent_kind, DependentKind::Service);
        assert_eq!(pump1.target, EntityRef::Asset("High-lift pump 1".into()));
        assert_eq!(pump1.group.as_deref(), Some("high-lift pumps"));
        assert_eq!(pump1.min_up, Some(2));
        let targets: Vec<String> = report.rows.iter().map(|(_, d)| d.target.to_string()).collect();
        assert_eq!(targets[5], "host:historian.water.example");
        assert_eq!(targets[6], "serial:RTU-LS07-4411");
        assert_eq!(targets[7], "ip:10.40.0.1");
        assert_eq!(targets[8], "mac:00:0a:dc:12:34:56");
        assert_eq!(targets[9], "service:SCADA historian", "a bare target is a service");
        assert_eq!(report.rows[10].1.dependent_kind, DependentKind::Asset);

        let reqs = dependencies::requirements(&report.rows);
        let shape: Vec<(&str, Option<&str>, u32, Vec<u64>)> = reqs
            .iter()
            .map(|r| {
                (
                    r.dependent.as_str(),
                    r.group.as_deref(),
                    r.min_up,
                    r.members.iter().map(|(l, _)| *l).collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            [
                ("Drinking water treatment", None, 1, vec![2]),
                ("Drinking water treatment", None, 1, vec![3]),
                ("Drinking water treatment", Some("high-lift pumps"), 2, vec![4, 5, 6]),
                ("SCADA historian", None, 1, vec![7]),
                ("Wastewater collection", None, 1, vec![8]),
                ("Wastewater collection", Some("lift station 7 backhaul"), 1, vec![9, 10]),
                ("Wastewater collection", None, 1, vec![11]),
                ("Filter PLC 1", None, 1, vec![12]),
                ("Customer billing", None, 1, vec![13]),
            ]
        );
    }

    #[test]
    fn estate_fixture_flows() {
        let report = flows::parse_all(FLOWS).unwrap();
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        let rows = records(report.rows);
        assert_eq!(rows[0].from_asset, EntityRef::Host("historian.water.example".into()));
        assert_eq!(
            rows[0].to_asset,
            EntityRef::Asset("Filter PLC 1".into()),
            "a bare end is an asset"
        );
        assert_eq!(rows[0].data_classes, BTreeSet::from([DataClass::Operational]));
        assert_eq!(rows[0].encrypted_in_transit, Some(false));
        assert_eq!(rows[0].protocol.as_deref(), Some("Modbus/TCP"));
        assert_eq!(rows[0].port, Some(502));
        assert_eq!(rows[3].from_asset, EntityRef::Ip("10.20.0.15".parse().unwrap()));
        assert_eq!(
            rows[3].data_classes,
            BTreeSet::from([DataClass::Operational, DataClass::Location])
        );
        assert_eq!(
            rows[4].data_classes,
            BTreeSet::from([DataClass::Personal, DataClass::Payment]),
            "`;`-separated"
        );
        assert_eq!(rows[2].description, None);
    }

    #[test]
    fn estate_streaming_reader_matches_parse_all() {
        let mut reader = EstateCsvReader::<_, DependencyRecord>::new(DEPENDENCIES).unwrap();
        assert_eq!(reader.columns().len(), 6);
        let mut lines = Vec::new();
        for row in &mut reader {
            let row = row.unwrap();
            assert!(row.result.is_ok(), "{:?}", row.result);
            lines.push(row.line);
        }
        assert!(reader.finish().is_empty());
        assert_eq!(lines, (2..=13).collect::<Vec<u64>>());
        let zones: Vec<u64> = zones::ZonesReader::new(ZONES)
            .unwrap()
            .map(|r| r.unwrap().line)
            .collect();
        assert_eq!(zones, [2, 3, 4, 5, 6, 7]);
    }

    // ---------------------------------------------------------- kind detection

    #[test]
    fn estate_detect_kind_from_headers() {
        for (kind, bytes) in fixtures() {
            let text = std::str::from_utf8(bytes).unwrap();
            let header = text.lines().next().unwrap();
            assert_eq!(detect_kind(header), Some(kind), "{header}");
            assert_eq!(detect_kind(text), Some(kind), "whole file");
            assert_eq!(kind.file_name(), format!("{kind}.csv"));
            assert_eq!(kind.as_str().parse::<EstateCsvKind>().unwrap(), kind);
            assert_eq!(kind.columns().join(","), header, "fixtures use canonical order");
        }
        let cases = [
            ("Name,Kind", Some(EstateCsvKind::Zones)),
            ("\u{feff}zone,type,notes", Some(EstateCsvKind::Zones)),
            ("name", Some(EstateCsvKind::Services)),
            ("Service Name,Population,RTO", Some(EstateCsvKind::Services)),
            ("name,description", Some(EstateCsvKind::Services)),
            ("from,to,protocol", Some(EstateCsvKind::Conduits)),
            ("dependent,target", Some(EstateCsvKind::Dependencies)),
            ("Dependent, Depends On, Group, k", Some(EstateCsvKind::Dependencies)),
            ("source,destination,port", Some(EstateCsvKind::Flows)),
            ("\"from_asset\",\"to_asset\"", Some(EstateCsvKind::Flows)),
            ("", None),
            ("name,kind,population", None),
            ("from_zone", None),
            ("name,asset_type,vendor", None),
            ("name,name", None),
            ("dependent,target,colour", None),
        ];
        for (header, want) in cases {
            assert_eq!(detect_kind(header), want, "{header:?}");
        }
        assert_eq!("Zone".parse::<EstateCsvKind>().unwrap(), EstateCsvKind::Zones);
        assert_eq!("flows.CSV".parse::<EstateCsvKind>().unwrap(), EstateCsvKind::Flows);
        assert!("assets".parse::<EstateCsvKind>().is_err());
        assert_eq!(ZoneRecord::KIND, EstateCsvKind::Zones);
    }

    // ------------------------------------------------------------ fatal errors

    #[test]
    fn estate_fatal_errors_name_the_line() {
        let check = |e: CsvError, want: &str, line: u64| {
            assert_eq!(e.line(), line, "{e}");
            assert!(e.to_string().contains(want), "{e}");
        };
        check(zones::parse_all(b"").unwrap_err(), "no header row", 1);
        check(zones::parse_all(b"\n\n").unwrap_err(), "no header row", 1);
        check(
            zones::parse_all(b"name,description\nx,y\n").unwrap_err(),
            "no `kind` column, which zones.csv requires (the header looks like services.csv)",
            1,
        );
        check(
            conduits::parse_all(b"from_zone\na\n").unwrap_err(),
            "no `to_zone` column",
            1,
        );
        check(
            services::parse_all(b"name,colour\nx,red\n").unwrap_err(),
            "unknown column `colour` (header cell 2) for services.csv; expected: name, owner_org,",
            1,
        );
        check(
            flows::parse_all(b"from_zone,to_zone\na,b\n").unwrap_err(),
            "unknown column `from_zone` (header cell 1) for flows.csv; expected: from_asset, to_asset, \
             data_classes, encrypted_in_transit, protocol, port, description (the header looks like conduits.csv)",
            1,
        );
        check(
            dependencies::parse_all(b"dependent,target,note,notes\n").unwrap_err(),
            "column `note` appears more than once",
            1,
        );
        check(
            zones::parse_all(b"name,kind\nok,dmz\nbad,\xff\xfe\n").unwrap_err(),
            "not UTF-8",
            3,
        );
        check(flows::parse_all(b"from_asset,to_\xe9\n").unwrap_err(), "not UTF-8", 1);
        let e = services::parse_all(b"name,kind\n").unwrap_err();
        assert!(
            matches!(
                e,
                CsvError::UnknownColumn {
                    index: 2,
                    kind: EstateCsvKind::Services,
                    looks_like: Some(EstateCsvKind::Zones),
                    ..
                }
            ),
            "{e:?}"
        );
        // A header alone is an empty file, not an error.
        assert!(zones::parse_all(b"name,kind\n").unwrap().rows.is_empty());
    }

    // -------------------------------------------------------------- row errors

    #[test]
    fn estate_zone_row_errors() {
        let input = "name,kind,untrusted,description\n\
            ok,dmz,,\n\
            ,ot,,no name\n\
            no kind,,,\n\
            bad kind,moon base,,\n\
            bad bool,guest,maybe,\n\
            short,dmz\n\
            OK,field,,duplicate of line 2 by name_key\n\
            ,,,\n\
            last,other,no,\n";
        let report = zones::parse_all(input.as_bytes()).unwrap();
        let good: Vec<(u64, &str)> = report.rows.iter().map(|(l, z)| (*l, z.name.as_str())).collect();
        assert_eq!(good, [(2, "ok"), (10, "last")]);
        assert_eq!(
            places(&report.errors),
            [
                (3, Some("name")),
                (4, Some("kind")),
                (5, Some("kind")),
                (6, Some("untrusted")),
                (7, None),
                (8, Some("name")),
            ]
        );
        assert_eq!(report.errors[0].to_string(), "line 3, column `name`: name is required");
        assert!(report.errors[2].message.contains("unknown zone kind `moon base`"));
        assert!(report.errors[4].message.contains("expected 4 fields"));
        assert_eq!(report.errors[5].message, "zone `OK` is already defined on line 2");
    }

    #[test]
    fn estate_conduit_row_errors() {
        let input = "from_zone,to_zone,traversal_likelihood,bidirectional\n\
            a,b,0,\n\
            a,b,1.5,\n\
            a,b,lots,\n\
            a,b,150%,\n\
            a,,,\n\
            a,A,,\n\
            a,b,,sometimes\n\
            a,b,1,yes\n";
        let report = conduits::parse_all(input.as_bytes()).unwrap();
        assert_eq!(report.rows.len(), 1);
        assert_eq!(report.rows[0].0, 9);
        assert_eq!(
            places(&report.errors),
            [
                (2, Some("traversal_likelihood")),
                (3, Some("traversal_likelihood")),
                (4, Some("traversal_likelihood")),
                (5, Some("traversal_likelihood")),
                (6, Some("to_zone")),
                (7, Some("to_zone")),
                (8, Some("bidirectional")),
            ]
        );
        assert!(
            report.errors[0].message.contains("greater than 0"),
            "{}",
            report.errors[0]
        );
        assert!(report.errors[5].message.contains("two different zones"));
    }

    #[test]
    fn estate_service_row_errors() {
        let input = "name,life_safety,population_served,economic_impact,privacy_impact,rto_minutes,critical\n\
            ok,5,\"1,000\",0,none,30,\n\
            bad,6,-1,huge,7,4x,perhaps\n\
            ,,,,,,\n\
            pop,,\"12,34\",,,,\n\
            rto,,,,,1h30,\n\
            Ok,,,,,,\n";
        let report = services::parse_all(input.as_bytes()).unwrap();
        assert_eq!(report.rows.len(), 1);
        let ok = &report.rows[0].1;
        assert_eq!(ok.life_safety, ImpactLevel::new(5));
        assert_eq!(ok.population_served, Some(1_000));
        assert_eq!(ok.economic_impact, Some(ImpactLevel::NONE));
        assert_eq!(ok.rto_minutes, Some(30));
        assert_eq!(
            places(&report.errors),
            [
                (3, Some("life_safety")),
                (3, Some("population_served")),
                (3, Some("economic_impact")),
                (3, Some("privacy_impact")),
                (3, Some("rto_minutes")),
                (3, Some("critical")),
                (5, Some("population_served")),
                (6, Some("rto_minutes")),
                (7, Some("name")),
            ]
        );
        assert!(
            report.errors[0].message.contains("unknown impact level `6`"),
            "{}",
            report.errors[0]
        );
        assert_eq!(report.errors[8].message, "service `Ok` is already defined on line 2");
    }

    #[test]
    fn estate_flow_row_errors() {
        let input = "from_asset,to_asset,data_classes,encrypted_in_transit,port\n\
            a,b,video,yes,554\n\
            service:Water,b,,,\n\
            mac:zz,ip:10.0.0.300,,,\n\
            a,asset:a,,,\n\
            a,b,gossip,,\n\
            a,b,,,0\n\
            a,b,,,502/tcp\n\
            a,b,,perhaps,\n\
            ,b,,,\n";
        let report = flows::parse_all(input.as_bytes()).unwrap();
        assert_eq!(report.rows.len(), 1);
        assert_eq!(
            places(&report.errors),
            [
                (3, Some("from_asset")),
                (4, Some("from_asset")),
                (4, Some("to_asset")),
                (5, Some("to_asset")),
                (6, Some("data_classes")),
                (7, Some("port")),
                (8, Some("port")),
                (9, Some("encrypted_in_transit")),
                (10, Some("from_asset")),
            ]
        );
        assert!(
            report.errors[0]
                .message
                .contains("is a service; a data flow connects assets")
        );
        assert!(
            report.errors[1].message.contains("invalid MAC address"),
            "{}",
            report.errors[1]
        );
        assert!(report.errors[3].message.contains("two different assets"));
        assert!(
            report.errors[6]
                .message
                .contains("put the protocol in the `protocol` column")
        );
    }

    #[test]
    fn estate_dependency_row_errors() {
        let input = "dependent,dependent_kind,target,group,min_up\n\
            S,,asset:P1,,\n\
            S,,asset:P1,,\n\
            S,machine,asset:P2,,\n\
            S,,asset:P3,,2\n\
            S,,asset:P4,g,0\n\
            S,,service:s,,\n\
            X,asset,asset:x,,\n\
            ,,asset:P5,,\n\
            S,,,,\n\
            S,,mac:nope,,\n";
        let report = dependencies::parse_all(input.as_bytes()).unwrap();
        assert_eq!(report.rows.len(), 1);
        assert_eq!(
            places(&report.errors),
            [
                (3, Some("target")),
                (4, Some("dependent_kind")),
                (5, Some("min_up")),
                (6, Some("min_up")),
                (7, Some("target")),
                (8, Some("target")),
                (9, Some("dependent")),
                (10, Some("target")),
                (11, Some("target")),
            ]
        );
        assert_eq!(
            report.errors[0].message,
            "service `S` already needs `asset:P1` on line 2"
        );
        assert!(report.errors[2].message.contains("name the group"));
        assert!(report.errors[4].message.contains("cannot depend on itself"));
    }

    #[test]
    fn estate_dependency_min_up_must_agree() {
        let input = "dependent,target,group,min_up\n\
            Water,asset:Pump 1,pumps,2\n\
            Water,asset:Pump 2,Pumps,\n\
            Water,asset:Pump 3,pumps,3\n\
            Water,asset:Pump 4,pumps,2\n\
            Water,asset:Pump 4,pumps,\n";
        let report = dependencies::parse_all(input.as_bytes()).unwrap();
        assert_eq!(report.rows.iter().map(|(l, _)| *l).collect::<Vec<_>>(), [2, 3, 5]);
        assert_eq!(places(&report.errors), [(4, Some("min_up")), (6, Some("target"))]);
        assert_eq!(
            report.errors[0].message,
            "min_up 3 on line 4 disagrees with min_up 2 on line 2 for group `pumps` of service `Water`"
        );
        assert_eq!(
            report.errors[1].message,
            "service `Water` already needs `asset:Pump 4` in group `pumps` on line 5"
        );
        let reqs = dependencies::requirements(&report.rows);
        assert_eq!(
            reqs,
            [Requirement {
                dependent_kind: DependentKind::Service,
                dependent: "Water".into(),
                group: Some("pumps".into()),
                min_up: 2,
                members: vec![
                    (2, EntityRef::Asset("Pump 1".into())),
                    (3, EntityRef::Asset("Pump 2".into())),
                    (5, EntityRef::Asset("Pump 4".into())),
                ],
            }]
        );
    }

    #[test]
    fn estate_dependency_group_larger_than_its_members() {
        let input = "dependent,target,group,min_up\n\
            Water,asset:Pump 1,pumps,\n\
            Water,asset:Pump 2,pumps,3\n\
            Water,asset:Filter PLC,,\n\
            Sewer,asset:Radio,backhaul,2\n\
            Sewer,asset:LTE,backhaul,\n";
        let report = dependencies::parse_all(input.as_bytes()).unwrap();
        assert_eq!(
            report.rows.iter().map(|(l, _)| *l).collect::<Vec<_>>(),
            [4, 5, 6],
            "rows of the bad group are dropped"
        );
        assert_eq!(places(&report.errors), [(3, Some("min_up"))]);
        assert_eq!(
            report.errors[0].message,
            "group `pumps` of service `Water` needs 3 up (min_up on line 3) but has only 2 members (lines 2, 3)"
        );
        // The streaming reader yields the rows and reports the group at the end.
        let mut reader = dependencies::DependenciesReader::new(input.as_bytes()).unwrap();
        let good = (&mut reader).filter(|r| r.as_ref().unwrap().result.is_ok()).count();
        assert_eq!(good, 5);
        let file_errors = reader.finish();
        assert_eq!(file_errors.len(), 1);
        assert_eq!(file_errors[0].lines, [2, 3]);
        assert_eq!(file_errors[0].error, report.errors[0]);
        // One member and min_up 2: singular wording.
        let one = dependencies::parse_all(b"dependent,target,group,min_up\nW,asset:a,g,2\n").unwrap();
        assert!(one.rows.is_empty());
        assert!(
            one.errors[0].message.ends_with("has only 1 member (line 2)"),
            "{}",
            one.errors[0]
        );
    }

    #[test]
    fn estate_header_aliases_and_case() {
        let input = "\u{feff}Service Name, Population ,RTO,Owner\nWater,1.2M,1h30m,water-utility\n";
        let report = services::parse_all(input.as_bytes()).unwrap();
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        let s = &report.rows[0].1;
        assert_eq!(s.population_served, Some(1_200_000));
        assert_eq!(s.rto_minutes, Some(90));
        assert_eq!(s.owner_org.as_deref(), Some("water-utility"));
        let reader = services::ServicesReader::new(input.as_bytes()).unwrap();
        assert_eq!(
            reader.columns(),
            [
                services::Column::Name,
                services::Column::PopulationServed,
                services::Column::RtoMinutes,
                services::Column::OwnerOrg
            ]
        );
        let deps = dependencies::parse_all(
            b"Dependent,Dependent-Kind,Depends On,Redundancy Group,K\nPLC,Asset,asset:Switch,,\n",
        )
        .unwrap();
        assert!(deps.errors.is_empty(), "{:?}", deps.errors);
        assert_eq!(deps.rows[0].1.dependent_kind, DependentKind::Asset);
    }

    // ------------------------------------------------------------- round trips

    fn round_trip<T: EstateRecord + PartialEq + std::fmt::Debug>(
        parse: fn(&[u8]) -> Result<estate::EstateCsvReport<T>, CsvError>,
        input: &[u8],
    ) {
        let first = records(parse(input).unwrap().rows);
        let out = estate::write_all(&first).unwrap();
        let second = parse(&out).unwrap();
        assert!(
            second.errors.is_empty(),
            "{:?}\n{}",
            second.errors,
            String::from_utf8_lossy(&out)
        );
        let again = records(second.rows);
        assert_eq!(first, again);
        assert_eq!(out, estate::write_all(&again).unwrap(), "stable output");
    }

    #[test]
    fn estate_writer_round_trip_on_fixtures() {
        round_trip(zones::parse_all, ZONES);
        round_trip(conduits::parse_all, CONDUITS);
        round_trip(services::parse_all, SERVICES);
        round_trip(dependencies::parse_all, DEPENDENCIES);
        round_trip(flows::parse_all, FLOWS);
        let out = services::write_all(&records(services::parse_all(SERVICES).unwrap().rows)).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("Drinking water treatment,water-utility,5,120000,4,0,4h,,"),
            "{text}"
        );
        let out = flows::write_all(&records(flows::parse_all(FLOWS).unwrap().rows)).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("host:historian.water.example,Filter PLC 1,operational,no,Modbus/TCP,502,"),
            "bare asset names stay bare: {text}"
        );
    }

    #[test]
    fn estate_streaming_writer() {
        let mut w = estate::EstateCsvWriter::<_, ZoneRecord>::new(Vec::new()).unwrap();
        let mut z = ZoneRecord::new("Guest Wi-Fi", ZoneKind::Guest);
        z.description = Some("Library, \"public\"\nsecond line".into());
        w.write(&z).unwrap();
        let out = w.finish().unwrap();
        let back = zones::parse_all(&out).unwrap();
        assert_eq!(back.rows, [(2, z)]);
    }

    // -------------------------------------------------------- property tests

    fn config(cases: u32) -> ProptestConfig {
        ProptestConfig {
            cases,
            failure_persistence: None,
            ..ProptestConfig::default()
        }
    }

    /// Trimmed text without a leading `prefix:` that could read as an identity.
    fn name() -> impl Strategy<Value = String> {
        "[A-Za-z0-9][A-Za-z0-9 ,.\"'&/()-]{0,20}[A-Za-z0-9]"
    }

    fn text() -> impl Strategy<Value = Option<String>> {
        proptest::option::of("[A-Za-z0-9][A-Za-z0-9 ,.;:\"'&/()\n-]{0,30}[A-Za-z0-9.]")
    }

    fn level() -> impl Strategy<Value = Option<ImpactLevel>> {
        proptest::option::of((0u8..=5).prop_map(|l| ImpactLevel::new(l).unwrap()))
    }

    fn entity(services: bool) -> impl Strategy<Value = EntityRef> {
        let mut options = vec![
            name().prop_map(EntityRef::Asset).boxed(),
            "[A-Za-z0-9][A-Za-z0-9-]{0,12}".prop_map(EntityRef::Serial).boxed(),
            any::<[u8; 6]>()
                .prop_filter("not all-zero or broadcast", |m| *m != [0; 6] && *m != [0xff; 6])
                .prop_map(|m| EntityRef::Mac(MacAddr::from_octets(m)))
                .boxed(),
            "[a-z0-9][a-z0-9.-]{0,20}".prop_map(EntityRef::Host).boxed(),
            any::<std::net::IpAddr>().prop_map(EntityRef::Ip).boxed(),
            // Names that look like identities must survive too.
            "(ip|mac|host|serial|asset|service):[a-z]{1,5}"
                .prop_map(EntityRef::Asset)
                .boxed(),
        ];
        if services {
            options.push(name().prop_map(EntityRef::Service).boxed());
        }
        proptest::strategy::Union::new(options)
    }

    prop_compose! {
        fn zone()(name in name(), kind in proptest::sample::select(ZoneKind::ALL.to_vec()),
                  untrusted in any::<Option<bool>>(), description in text()) -> ZoneRecord {
            ZoneRecord { name, kind, untrusted, description }
        }
    }

    prop_compose! {
        fn conduit()(from_zone in name(), to_zone in name(), protocols in text(),
                     likelihood in proptest::option::of(prop_oneof![Just(1.0), 1e-9f64..=1.0]),
                     bidirectional in any::<bool>(), description in text()) -> ConduitRecord {
            ConduitRecord { from_zone, to_zone, protocols, traversal_likelihood: likelihood, bidirectional, description }
        }
    }

    prop_compose! {
        fn service()(name in name(), owner_org in text(), description in text(),
                     life_safety in level(), population_served in any::<Option<u64>>(),
                     economic_impact in level(), privacy_impact in level(),
                     rto_minutes in any::<Option<u32>>(), critical in any::<Option<bool>>()) -> ServiceRecord {
            ServiceRecord { name, owner_org, description, life_safety, population_served, economic_impact,
                            privacy_impact, rto_minutes, critical }
        }
    }

    prop_compose! {
        fn flow()(from_asset in entity(false), to_asset in entity(false),
                  data_classes in proptest::collection::btree_set(proptest::sample::select(vec![
                      DataClass::Personal, DataClass::Video, DataClass::Location, DataClass::Health,
                      DataClass::Payment, DataClass::Operational, DataClass::Credentials, DataClass::Other]), 0..4),
                  encrypted_in_transit in any::<Option<bool>>(), protocol in text(),
                  port in proptest::option::of(1u16..), description in text()) -> FlowRecord {
            FlowRecord { from_asset, to_asset, data_classes, encrypted_in_transit, protocol, port, description }
        }
    }

    /// A consistent dependencies file: one dependent per index, some groups
    /// with min_up ≤ members, no repeated target.
    fn dependency_file() -> impl Strategy<Value = Vec<DependencyRecord>> {
        proptest::collection::vec(
            (
                proptest::sample::select(vec![DependentKind::Service, DependentKind::Asset]),
                proptest::collection::vec((entity(true), text()), 1..5),
                proptest::option::of("[a-z][a-z ]{0,8}[a-z]"),
                any::<prop::sample::Index>(),
                any::<bool>(),
            ),
            0..6,
        )
        .prop_map(|deps| {
            let mut out = Vec::new();
            for (i, (kind, targets, group, k, repeat_k)) in deps.into_iter().enumerate() {
                let dependent = format!("Dependent {i}");
                let mut seen = BTreeSet::new();
                let targets: Vec<_> = targets
                    .into_iter()
                    .filter(|(t, _)| {
                        let me = match kind {
                            DependentKind::Service => EntityRef::Service(dependent.clone()),
                            DependentKind::Asset => EntityRef::Asset(dependent.clone()),
                        };
                        t.key() != me.key() && seen.insert(t.key())
                    })
                    .collect();
                let n = targets.len();
                let min_up = (n > 0).then(|| u32::try_from(k.index(n) + 1).unwrap());
                for (j, (target, note)) in targets.into_iter().enumerate() {
                    out.push(DependencyRecord {
                        dependent: dependent.clone(),
                        dependent_kind: kind,
                        target,
                        group: group.clone(),
                        min_up: if group.is_some() && (j == 0 || repeat_k) {
                            min_up
                        } else {
                            None
                        },
                        note,
                    });
                }
            }
            out
        })
    }

    fn check_round_trip<T: EstateRecord + PartialEq + std::fmt::Debug>(
        records_in: &[T],
        parse: fn(&[u8]) -> Result<estate::EstateCsvReport<T>, CsvError>,
    ) -> Result<(), TestCaseError> {
        let out = estate::write_all(records_in).unwrap();
        let back = parse(&out).unwrap();
        prop_assert!(
            back.errors.is_empty(),
            "{:?}\n{}",
            back.errors,
            String::from_utf8_lossy(&out)
        );
        let back = records(back.rows);
        prop_assert_eq!(records_in, back.as_slice());
        Ok(())
    }

    /// Drop records whose name repeats (by name_key): duplicates are row errors.
    fn unique_by<T>(mut v: Vec<T>, key: impl Fn(&T) -> String) -> Vec<T> {
        let mut seen = BTreeSet::new();
        v.retain(|r| seen.insert(estate::name_key(&key(r))));
        v
    }

    proptest! {
        #![proptest_config(config(128))]

        #[test]
        fn estate_zones_round_trip(v in proptest::collection::vec(zone(), 0..8)) {
            let v = unique_by(v, |z| z.name.clone());
            check_round_trip(&v, zones::parse_all)?;
        }

        #[test]
        fn estate_conduits_round_trip(v in proptest::collection::vec(conduit(), 0..8)) {
            let v: Vec<_> = v.into_iter()
                .filter(|c| estate::name_key(&c.from_zone) != estate::name_key(&c.to_zone))
                .collect();
            check_round_trip(&v, conduits::parse_all)?;
        }

        #[test]
        fn estate_services_round_trip(v in proptest::collection::vec(service(), 0..8)) {
            let v = unique_by(v, |s| s.name.clone());
            check_round_trip(&v, services::parse_all)?;
        }

        #[test]
        fn estate_dependencies_round_trip(v in dependency_file()) {
            check_round_trip(&v, dependencies::parse_all)?;
        }

        #[test]
        fn estate_flows_round_trip(v in proptest::collection::vec(flow(), 0..8)) {
            let v: Vec<_> = v.into_iter().filter(|f| f.from_asset.key() != f.to_asset.key()).collect();
            check_round_trip(&v, flows::parse_all)?;
        }

        #[test]
        fn estate_entity_ref_display_round_trip(r in entity(true)) {
            prop_assert_eq!(&r.to_string().parse::<EntityRef>().unwrap(), &r);
            for bare in [BareName::Asset, BareName::Service] {
                prop_assert_eq!(&EntityRef::parse(&r.to_cell(bare), bare).unwrap(), &r);
            }
        }

        #[test]
        fn estate_rto_and_population_round_trip(m in any::<u32>(), p in any::<u64>()) {
            prop_assert_eq!(estate::parse_rto_minutes(&estate::format_rto_minutes(m)).unwrap(), m);
            prop_assert_eq!(estate::parse_population(&p.to_string()).unwrap(), p);
        }
    }

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

    /// Every parser on the same bytes; none may panic.
    fn parse_everything(input: &[u8]) {
        let _ = zones::parse_all(input);
        let _ = conduits::parse_all(input);
        let _ = services::parse_all(input);
        if let Ok(r) = dependencies::parse_all(input) {
            let _ = dependencies::requirements(&r.rows);
        }
        let _ = flows::parse_all(input);
        let _ = detect_kind(&String::from_utf8_lossy(input));
    }

    proptest! {
        #![proptest_config(config(300))]

        #[test]
        fn estate_parsers_never_panic(input in proptest::collection::vec(any::<u8>(), 0..512)) {
            parse_everything(&input);
        }

        #[test]
        fn estate_parsers_never_panic_on_csv_like_text(
            input in "[a-z_,\"\n:;%.0-9 ]{0,200}",
            kind in proptest::sample::select(EstateCsvKind::ALL.to_vec()),
        ) {
            let with_header = format!("{}\n{input}", kind.columns().join(","));
            parse_everything(with_header.as_bytes());
        }

        #[test]
        fn estate_parsers_never_panic_on_mutated_fixtures(
            zones in mutated(ZONES), conduits in mutated(CONDUITS), services in mutated(SERVICES),
            deps in mutated(DEPENDENCIES), flows in mutated(FLOWS),
        ) {
            for input in [zones, conduits, services, deps, flows] {
                parse_everything(&input);
            }
        }

        #[test]
        fn estate_cell_parsers_never_panic(s in "\\PC{0,40}") {
            let _ = estate::parse_population(&s);
            let _ = estate::parse_rto_minutes(&s);
            let _ = estate::parse_likelihood(&s);
            let _ = s.parse::<ZoneKind>();
            let _ = s.parse::<ImpactLevel>();
            let _ = s.parse::<EntityRef>();
            let _ = EntityRef::parse(&s, BareName::Asset);
        }
    }
}
