//! Never panic on input: arbitrary and mutated bytes into every feed parser.

use proptest::prelude::*;
use rampart_formats::{csaf, cve5, cvss, epss, kev, nvd};

fn all_parsers(bytes: &[u8]) {
    let _ = nvd::parse_feed(bytes, "f");
    let _ = cve5::parse_record(bytes, "f");
    let _ = cve5::parse_jsonl(bytes, "f");
    let _ = kev::parse(bytes, "f");
    let _ = kev::parse_csv(bytes, "f");
    let _ = epss::parse(bytes, "f");
    let _ = csaf::parse_and_check(bytes, "f");
    if let Ok(text) = std::str::from_utf8(bytes) {
        let _ = cvss::parse_vector(text);
        let _ = nvd::FeedMeta::parse(text, "f");
        let _ = csaf::verify_sha512(bytes, text, "f");
        let _ = rampart_formats::feed::parse_timestamp(text);
    }
}

fn seeds() -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/feeds");
    [
        "nvd/nvd-api-2.0-sample.json",
        "cve5/records/2023/20xxx/CVE-2023-20273.json",
        "kev/known_exploited_vulnerabilities-sample.csv",
        "epss/epss_scores-bad-rows.csv",
        "csaf/oasis/examples/csaf/csaf_vex/2022-evd-uc-01-a-001.json",
        "csaf/cisa/2017/icsa-17-038-01.json",
    ]
    .iter()
    .map(|p| std::fs::read(dir.join(p)).expect("fixture"))
    .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn feeds_arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        all_parsers(&bytes);
    }

    #[test]
    fn feeds_json_like_never_panics(s in r#"[{}\[\]":,0-9a-zA-Z_ .\-/\\]{0,200}"#) {
        all_parsers(s.as_bytes());
        let wrapped = format!("{{\"CVE_Items\":[{s}],\"vulnerabilities\":[{s}],\"document\":{s}}}");
        all_parsers(wrapped.as_bytes());
    }

    #[test]
    fn feeds_cvss_vectors_never_panic(s in "(CVSS:(2|3|4)\\.(0|1)/)?([A-Za-z]{1,3}:[A-Za-z0-9]{0,2}/){0,14}[A-Za-z:]{0,4}") {
        if let Ok(score) = cvss::parse_vector(&s) {
            prop_assert!((0.0..=10.0).contains(&score.base_score));
        }
    }

    #[test]
    fn feeds_mutated_real_inputs_never_panic(
        seed in 0usize..6,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = seeds().swap_remove(seed);
        for (at, b) in edits {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        all_parsers(&bytes);
        let end = cut.index(bytes.len());
        all_parsers(&bytes[..end]);
    }
}
