//! Every `<example>` of every embedded Recog database is a test case: it must
//! match its own fingerprint and yield the params the example asserts
//! (`<example service.version="2.3">...`), exactly as Recog's own
//! `recog_verify` checks them. Runs on the embedded copy, no /work/shared.
// Test helpers (not only #[test] fns) may unwrap: a failure is a test failure.
#![allow(clippy::unwrap_used)]

// Test names carry `inventory` so that `cargo test -p rampart-formats inventory` selects them.
mod inventory_recog {
    use std::collections::BTreeMap;

    use rampart_formats::inventory::recog::{self, EMBEDDED_DBS, RecogDb};

    /// Fingerprints known not to pass in Rust, by (database, fingerprint line), with the reason.
    /// Empty: every pattern of the embedded databases compiles (after the Ruby → Rust
    /// rewrite in `recog/pattern.rs`) and every example passes. A new Recog release that
    /// adds an untranslatable pattern is listed here, e.g.
    /// `("ftp_banners", 1542, "Unicode \\w{1,512} outgrows the regex size limit")`.
    const KNOWN_FAILURES: &[(&str, u64, &str)] = &[];

    #[derive(Default, Debug)]
    struct Tally {
        total: usize,
        passed: usize,
        external: usize,
        uncompiled: usize,
        failed: Vec<String>,
    }

    fn run_db(name: &str, db: &RecogDb) -> Tally {
        let mut t = Tally::default();
        for (i, fp) in db.fingerprints.iter().enumerate() {
            for ex in &fp.examples {
                if ex.external_file.is_some() {
                    t.external += 1;
                    continue;
                }
                t.total += 1;
                if let Some(err) = fp.compile_error() {
                    t.uncompiled += 1;
                    t.failed.push(format!(
                        "{name}:{} `{}` does not compile: {err}",
                        fp.line, fp.description
                    ));
                    continue;
                }
                let Some(m) = db.match_fingerprint(i, &ex.banner) else {
                    t.failed.push(format!(
                        "{name}:{} `{}` [{}] did not match {:?} with /{}/",
                        fp.line,
                        fp.description,
                        fp.engine().unwrap_or("-"),
                        String::from_utf8_lossy(&ex.banner),
                        fp.pattern
                    ));
                    continue;
                };
                let wrong: Vec<String> = ex
                    .expected
                    .iter()
                    .filter(|(k, v)| m.params.get(k) != Some(v))
                    .map(|(k, v)| format!("{k}: want {v:?}, got {:?}", m.params.get(k)))
                    .collect();
                if wrong.is_empty() {
                    t.passed += 1;
                } else {
                    t.failed
                        .push(format!("{name}:{} `{}`: {}", fp.line, fp.description, wrong.join("; ")));
                }
            }
        }
        t
    }

    #[test]
    fn recog_examples_match_their_fingerprints() {
        let mut by_db = BTreeMap::new();
        let (mut total, mut passed) = (0, 0);
        let mut unexpected = Vec::new();
        let (mut plain, mut fancy) = (0, 0);
        for name in EMBEDDED_DBS {
            let start = std::time::Instant::now();
            let db = recog::embedded(name).unwrap_or_else(|| panic!("embedded db {name} did not load"));
            let load = start.elapsed();
            let t = run_db(name, db);
            plain += db.fingerprints.iter().filter(|f| f.engine() == Some("regex")).count();
            fancy += db
                .fingerprints
                .iter()
                .filter(|f| f.engine() == Some("fancy-regex"))
                .count();
            total += t.total;
            passed += t.passed;
            for f in &t.failed {
                let known = KNOWN_FAILURES
                    .iter()
                    .any(|(db, line, _)| f.starts_with(&format!("{db}:{line} ")));
                if !known {
                    unexpected.push(f.clone());
                }
            }
            by_db.insert(name, (t, load, db.fingerprints.len()));
        }
        for (name, (t, load, fps)) in &by_db {
            eprintln!(
                "recog {name:22} {:4}/{:4} examples pass, {fps:4} fingerprints loaded in {:6.1} ms \
                 ({} external-file examples skipped, {} on uncompilable patterns)",
                t.passed,
                t.total,
                load.as_secs_f64() * 1000.0,
                t.external,
                t.uncompiled
            );
        }
        eprintln!(
            "recog total: {passed}/{total} = {:.2} %",
            100.0 * passed as f64 / total as f64
        );
        eprintln!("recog engines: {plain} fingerprints compiled by `regex`, {fancy} needed `fancy-regex`");
        for u in &unexpected {
            eprintln!("UNEXPECTED: {u}");
        }
        assert!(unexpected.is_empty(), "{} unexpected failures", unexpected.len());
        assert!(passed * 100 > total * 98, "pass rate below 98 %");
    }

    /// All 50 Recog databases of the shared data folder, not just the embedded
    /// ones (big data: skipped when /work/shared is absent).
    #[test]
    fn recog_examples_all_shared_dbs() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/fingerprints/recog");
        if !dir.is_dir() {
            eprintln!("SKIP recog_examples_all_shared_dbs: {} not present", dir.display());
            return;
        }
        if std::env::var_os("RAMPART_SLOW_TESTS").is_none() {
            eprintln!("SKIP recog_examples_all_shared_dbs: set RAMPART_SLOW_TESTS=1 to run it (~1 min in debug)");
            return;
        }
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "xml"))
            .collect();
        files.sort();
        let (mut total, mut passed, mut external) = (0, 0, 0);
        for f in &files {
            let name = f.file_stem().unwrap().to_string_lossy().into_owned();
            let db = RecogDb::from_xml(&name, &std::fs::read_to_string(f).unwrap()).unwrap();
            let t = run_db(&name, &db);
            eprintln!(
                "recog(all) {name:24} {:4}/{:4} ({} external-file examples skipped)",
                t.passed, t.total, t.external
            );
            for fail in &t.failed {
                eprintln!("  {fail}");
            }
            total += t.total;
            passed += t.passed;
            external += t.external;
        }
        eprintln!(
            "recog(all) {} databases: {passed}/{total} = {:.2} % ({external} external-file examples skipped)",
            files.len(),
            100.0 * passed as f64 / total as f64
        );
        assert!(passed * 100 > total * 98);
    }
}
