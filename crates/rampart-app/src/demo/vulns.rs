//! The demo city's vulnerabilities: a small bundle of real public feed data
//! (`data/demo_feeds/`, built by `scripts/build_demo_feeds.py`, see its
//! SOURCE.md) compiled into the binary, imported through the ordinary feed
//! import and matched to the estate, so the demo devices carry real findings
//! with SSVC decisions. The bundle holds the NVD records whose
//! configurations apply to the device catalog's models, the CVE 5 records and
//! CISA ICS advisories the catalog was built from, and the KEV entries of
//! those CVEs.

use super::DemoContext;
use crate::error::Result;
use crate::vulns::FeedKind;

/// NVD JSON 1.1 feed (gzip).
const NVD: (&str, &[u8]) = (
    "nvdcve-1.1-demo.json.gz",
    include_bytes!("../../data/demo_feeds/nvdcve-1.1-demo.json.gz"),
);

/// CVE JSON 5 records, one per line (gzip).
const CVE5: (&str, &[u8]) = (
    "cve5-demo.jsonl.gz",
    include_bytes!("../../data/demo_feeds/cve5-demo.jsonl.gz"),
);

/// The CISA KEV entries of the bundle's CVEs.
const KEV: (&str, &[u8]) = ("kev.json", include_bytes!("../../data/demo_feeds/kev.json"));

macro_rules! csaf {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../../data/demo_feeds/csaf/", $name)))),*]
    };
}

/// CISA ICS advisories (CSAF 2.0), as published.
pub(super) const CSAF: &[(&str, &[u8])] = csaf![
    "icsa-17-208-04.json",
    "icsa-19-099-06.json",
    "icsa-19-199-01.json",
    "icsa-21-131-02.json",
    "icsa-21-350-07.json",
    "icsa-22-074-01.json",
    "icsa-22-333-02.json",
    "icsa-23-026-06.json",
    "icsa-23-089-01.json",
    "icsa-24-023-01.json",
    "icsa-24-046-09.json",
    "icsa-24-184-01.json",
];

/// The vulnerability step of the demo city: import the bundle, then a full match.
pub(crate) async fn vulnerabilities(ctx: &mut DemoContext<'_>) -> Result<()> {
    let app = ctx.app;
    let actor = &ctx.actor;
    for (kind, (name, bytes)) in [(FeedKind::Nvd, NVD), (FeedKind::Cve5, CVE5)] {
        app.import_feed_bytes(actor, kind, name, bytes).await?;
    }
    for (name, bytes) in CSAF {
        app.import_feed_bytes(actor, FeedKind::Csaf, name, bytes).await?;
    }
    let kev = app.import_feed_bytes(actor, FeedKind::Kev, KEV.0, KEV.1).await?;
    let matched = app.run_match(actor, true).await?;
    let vulns = app.store.vuln_ids().await?.len();
    for (k, v) in [
        ("vulnerabilities", vulns as u64),
        (
            "known exploited vulnerabilities",
            kev.created + kev.updated + kev.unchanged,
        ),
        ("advisories", CSAF.len() as u64),
        ("findings", matched.opened),
    ] {
        ctx.report.counts.insert(k.to_owned(), v);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::PathBuf;

    /// The advisories compiled in are exactly the bundle's files (the build script may pick others).
    #[test]
    fn csaf_list_matches_the_bundle() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/demo_feeds/csaf");
        let on_disk: BTreeSet<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| n.ends_with(".json"))
            .collect();
        let compiled: BTreeSet<String> = super::CSAF.iter().map(|(n, _)| (*n).to_owned()).collect();
        assert_eq!(
            on_disk, compiled,
            "update CSAF in demo/vulns.rs after running build_demo_feeds.py"
        );
    }
}
