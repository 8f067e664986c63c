//! CycloneDX import on the official 1.6 conformance vectors and example BOMs
//! (tests/fixtures/cyclonedx, see SOURCE.md there); with /work/shared present,
//! also on every example BOM there.
// Test helpers (not only #[test] fns) may unwrap: a failure is a test failure.
#![allow(clippy::unwrap_used)]

// Test names carry `inventory` so that `cargo test -p rampart-formats inventory` selects them.
mod inventory_cyclonedx {
    use std::fs;
    use std::path::{Path, PathBuf};

    use rampart_formats::inventory::SourceRef;
    use rampart_formats::inventory::cyclonedx::{self, CycloneDxError};

    fn fixtures() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cyclonedx")
    }

    fn json_files(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.extend(json_files(&p));
            } else if p.extension().is_some_and(|x| x == "json") {
                out.push(p);
            }
        }
        out.sort();
        out
    }

    #[test]
    fn spec_1_6_valid_vectors_parse() {
        let files: Vec<PathBuf> = json_files(&fixtures().join("spec-1.6"))
            .into_iter()
            .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("valid-"))
            .collect();
        assert_eq!(files.len(), 45);
        let mut with_assets = Vec::new();
        for f in &files {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            let r = cyclonedx::parse(&fs::read(f).unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(r.errors.is_empty(), "{name}: {:?}", r.errors);
            assert_eq!(r.spec_version, "1.6");
            if !r.assets.is_empty() {
                with_assets.push((name, r.assets));
            }
        }
        // Only valid-component-types-1.6.json has device/firmware components.
        assert_eq!(with_assets.len(), 1, "{with_assets:?}");
        let (name, assets) = &with_assets[0];
        assert_eq!(name, "valid-component-types-1.6.json");
        let names: Vec<&str> = assets.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["firmware-a", "device-a"]);
        assert_eq!(
            assets[0].firmware_version.as_deref(),
            Some("1.0"),
            "lone firmware keeps its version as firmware"
        );
        assert_eq!(assets[1].version.as_deref(), Some("1.0"));
        assert_eq!(assets[1].source_ref, Some(SourceRef::Path("components[6]".into())));
    }

    #[test]
    fn spec_1_6_invalid_vectors() {
        let read = |n: &str| fs::read(fixtures().join("spec-1.6").join(n)).unwrap();
        // Fatal: not CycloneDX.
        let e = cyclonedx::parse(&read("invalid-bomformat-1.6.json")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "not a CycloneDX BOM: `bomFormat` is \"AnotherFormat\" (expected \"CycloneDX\")"
        );
        // Component-level problems the importer checks, each with its JSON path.
        for (file, path, msg) in [
            (
                "invalid-component-type-1.6.json",
                "components[0].type",
                "unknown component type `foo`",
            ),
            (
                "invalid-missing-component-type-1.6.json",
                "components[0]",
                "missing field `type`",
            ),
            (
                "invalid-empty-component-1.6.json",
                "components[0]",
                "missing field `name`",
            ),
        ] {
            let r = cyclonedx::parse(&read(file)).unwrap();
            assert_eq!(r.errors.len(), 1, "{file}");
            assert_eq!(r.errors[0].path, path, "{file}");
            assert!(r.errors[0].message.contains(msg), "{file}: {}", r.errors[0].message);
        }
        // The other invalid vectors break schema rules the importer does not read
        // (hashes, licenses, dependencies...): they must still not panic.
        for f in json_files(&fixtures().join("spec-1.6")) {
            let _ = cyclonedx::parse(&fs::read(f).unwrap());
        }
    }

    #[test]
    fn hbom_example() {
        let r = cyclonedx::parse(&fs::read(fixtures().join("bom-examples/hbom-pcie-sata-adapter-board.json")).unwrap())
            .unwrap();
        assert_eq!(r.spec_version, "1.4");
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        // the board itself (metadata.component) plus its parts
        assert_eq!(r.assets[0].name, "pcie-sata-adaptor-board");
        assert_eq!(
            r.assets[0].source_ref,
            Some(SourceRef::Path("metadata.component".into()))
        );
        assert_eq!(r.assets[0].version.as_deref(), Some("rev-1"));
        let samtec = r.assets.iter().find(|a| a.name == "PCIE-098-02-F-D-EMS2").unwrap();
        assert_eq!(samtec.vendor.as_deref(), Some("Samtec"), "supplier.name → vendor");
        assert_eq!(samtec.version.as_deref(), Some("2.9.10"));
        assert_eq!(r.assets.len(), 7, "the board and its six parts");
    }

    #[test]
    fn software_boms_have_no_devices() {
        for f in ["sbom-laravel-7.12.0.bom.1.4.json", "saasbom-apigateway.json"] {
            let r = cyclonedx::parse(&fs::read(fixtures().join("bom-examples").join(f)).unwrap()).unwrap();
            assert!(r.assets.is_empty() && r.errors.is_empty(), "{f}: {:?}", r.errors);
        }
    }

    #[test]
    fn malformed_input_gives_clear_errors() {
        let e = cyclonedx::parse(b"{\n  \"bomFormat\": \"CycloneDX\",\n  \"specVersion\": \"1.6\",\n  oops\n}")
            .unwrap_err();
        assert!(matches!(e, CycloneDxError::Json { line: 4, .. }), "{e}");
        assert!(e.to_string().starts_with("not valid JSON at line 4"), "{e}");
        let e = cyclonedx::parse(br#"{"bomFormat":"CycloneDX","specVersion":"2.0"}"#).unwrap_err();
        assert!(e.to_string().contains("`specVersion` \"2.0\" is not supported"), "{e}");
        let e = cyclonedx::parse(br#"{"bomFormat":"CycloneDX","specVersion":1.5}"#).unwrap_err();
        assert!(matches!(e, CycloneDxError::UnsupportedSpecVersion { .. }), "{e}");
        let r = cyclonedx::parse(
            br#"{"bomFormat":"CycloneDX","specVersion":"1.5","components":[
            {"type":"device","name":"cam","purl":"not a purl"},
            {"type":"device","name":"cam2","supplier":"Axis"},
            {"type":"device","name":"cam3","properties":[{"name":"cdx:device:macAddress","value":"zz"}]}]}"#,
        )
        .unwrap();
        let paths: Vec<&str> = r.errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "components[0].purl",
                "components[1].supplier",
                "components[2].properties[0].value"
            ]
        );
        assert!(r.assets.is_empty());
    }

    /// Every example BOM in the shared data folder parses (big-data test).
    #[test]
    fn shared_bom_examples_parse() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/sbom/cyclonedx/bom-examples");
        if !dir.is_dir() {
            eprintln!("SKIP shared_bom_examples_parse: {} not present", dir.display());
            return;
        }
        let mut n = 0;
        for f in json_files(&dir) {
            let r = cyclonedx::parse(&fs::read(&f).unwrap());
            match r {
                Ok(r) => assert!(r.errors.is_empty(), "{}: {:?}", f.display(), r.errors),
                // Anything older than 1.4 must fail cleanly.
                Err(e) => assert!(
                    matches!(e, CycloneDxError::UnsupportedSpecVersion { .. }),
                    "{}: {e}",
                    f.display()
                ),
            }
            n += 1;
        }
        eprintln!("parsed {n} shared CycloneDX example BOMs");
    }
}
