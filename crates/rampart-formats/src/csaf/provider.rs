//! Reading CSAF advisories from disk: a directory tree, or a provider mirror (CSAF 2.0 §7:
//! `provider-metadata.json`, ROLIE feeds listing the advisories, `.sha512` beside each file).
//!
//! Integrity: when `x.json.sha512` exists beside `x.json`, the advisory is read only if the
//! hash matches; a mismatch is a [`FeedError::IntegrityMismatch`] naming the file (reported
//! and skipped in a directory read).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha512};

use super::{CsafAdvisory, CsafProblem, parse_and_check};
use crate::feed::{self, FeedError, ProblemLevel, RecordLocator, RecordProblem, Result};

/// Checks `json` against the content of a `.sha512` file (`<hex>  <name>` as `sha512sum`
/// writes it, or the bare hex).
pub fn verify_sha512(json: &[u8], sha512_file: &str, file: &str) -> Result<()> {
    let expected = sha512_file.split_whitespace().next().unwrap_or("").to_ascii_lowercase();
    if expected.len() != 128 || !expected.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(FeedError::Invalid {
            file: format!("{file}.sha512"),
            path: "line 1".to_owned(),
            message: "expected 128 hex digits".to_owned(),
        });
    }
    let actual = hex::encode(Sha512::digest(json));
    if actual == expected {
        Ok(())
    } else {
        Err(FeedError::IntegrityMismatch {
            file: file.to_owned(),
            check: "sha512",
            expected,
            actual,
        })
    }
}

/// One advisory read from disk.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadAdvisory {
    /// The file it came from.
    pub file: String,
    /// Whether a `.sha512` was present and matched.
    pub sha512_verified: bool,
    /// The advisory.
    pub advisory: CsafAdvisory,
    /// Problems found in it (failed mandatory tests, unreadable parts).
    pub problems: Vec<CsafProblem>,
}

/// The outcome of reading a directory or provider mirror.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProviderReport {
    /// Advisories read.
    pub advisories: Vec<ReadAdvisory>,
    /// File-level problems: unreadable documents, hash mismatches, feed entries not mirrored.
    pub problems: Vec<RecordProblem>,
    /// Advisory files seen.
    pub total: usize,
    /// Advisory files skipped.
    pub skipped: usize,
    /// Entries listed by the ROLIE feeds found (0 for a plain directory).
    pub listed_in_feeds: usize,
    /// Feed entries with no local file.
    pub not_mirrored: usize,
}

/// Reads every CSAF document (`*.json` with a top-level `document`) under `dir`, in path
/// order, checking `.sha512` files where present.
pub fn read_dir(dir: &Path) -> Result<ProviderReport> {
    let mut files = Vec::new();
    collect_json(dir, &mut files, 0)?;
    files.sort();
    let mut report = ProviderReport::default();
    for path in files {
        let bytes = feed::read_file(&path)?;
        if !looks_like_csaf(&bytes) {
            continue;
        }
        read_one(&path, &bytes, &mut report);
    }
    Ok(report)
}

/// Reads a provider mirror: finds `provider-metadata.json` and the ROLIE feeds (by the
/// metadata's feed URLs, else any `*.json` that is a ROLIE feed), reads each listed advisory
/// that is present locally, and also any advisory under `dir` that no feed lists (with a
/// warning). Feed entries without a local file are counted in `not_mirrored`.
pub fn read_provider_mirror(dir: &Path) -> Result<ProviderReport> {
    let mut files = Vec::new();
    collect_json(dir, &mut files, 0)?;
    files.sort();
    let mut by_name: BTreeMap<String, PathBuf> = BTreeMap::new();
    for f in &files {
        if let Some(name) = f.file_name().and_then(|n| n.to_str()) {
            by_name.entry(name.to_owned()).or_insert_with(|| f.clone());
        }
    }
    // Feed file names named by provider-metadata.json, if any.
    let mut feed_names: Vec<String> = Vec::new();
    if let Some(pm) = by_name.get("provider-metadata.json") {
        let bytes = feed::read_file(pm)?;
        let file = pm.display().to_string();
        let meta: ProviderMetadata =
            feed::from_json(&bytes).map_err(|e| e.into_error(&file, RecordLocator::Document))?;
        for d in meta.distributions {
            for f in d.rolie.map(|r| r.feeds).unwrap_or_default() {
                if let Some(name) = f.url.rsplit('/').next() {
                    feed_names.push(name.to_owned());
                }
            }
        }
    }
    let mut report = ProviderReport::default();
    let mut listed: Vec<PathBuf> = Vec::new();
    let mut advisories: Vec<PathBuf> = Vec::new();
    for path in &files {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name == "provider-metadata.json" {
            continue;
        }
        let bytes = feed::read_file(path)?;
        if looks_like_csaf(&bytes) {
            advisories.push(path.clone());
            continue;
        }
        let named = feed_names.iter().any(|n| n == name);
        let Ok(rolie) = serde_json::from_slice::<Rolie>(&bytes) else {
            if named {
                return Err(FeedError::Invalid {
                    file: path.display().to_string(),
                    path: "feed".to_owned(),
                    message: "provider-metadata.json names this file as a ROLIE feed, but it is not one".to_owned(),
                });
            }
            continue;
        };
        for entry in rolie.feed.entry {
            report.listed_in_feeds += 1;
            let href = entry
                .link
                .iter()
                .find(|l| l.rel == "self")
                .map(|l| l.href.as_str())
                .or(entry.content.as_ref().map(|c| c.src.as_str()));
            match href.and_then(|h| h.rsplit('/').next()).and_then(|n| by_name.get(n)) {
                Some(local) => listed.push(local.clone()),
                None => report.not_mirrored += 1,
            }
        }
    }
    if report.not_mirrored > 0 {
        report.problems.push(RecordProblem {
            file: dir.display().to_string(),
            record: RecordLocator::Document,
            path: Some("feed.entry".to_owned()),
            level: ProblemLevel::Warning,
            message: format!(
                "{} of {} feed entries have no local file",
                report.not_mirrored, report.listed_in_feeds
            ),
        });
    }
    listed.sort();
    listed.dedup();
    for path in &advisories {
        let bytes = feed::read_file(path)?;
        if report.listed_in_feeds > 0 && listed.binary_search(path).is_err() {
            report.problems.push(RecordProblem {
                file: path.display().to_string(),
                record: RecordLocator::Document,
                path: None,
                level: ProblemLevel::Warning,
                message: "advisory is not listed in any ROLIE feed of the mirror".to_owned(),
            });
        }
        read_one(path, &bytes, &mut report);
    }
    Ok(report)
}

fn read_one(path: &Path, bytes: &[u8], report: &mut ProviderReport) {
    report.total += 1;
    let file = path.display().to_string();
    let mut sha_path = path.as_os_str().to_owned();
    sha_path.push(".sha512");
    let sha_path = PathBuf::from(sha_path);
    let mut verified = false;
    if sha_path.is_file() {
        let checked =
            feed::read_file(&sha_path).and_then(|sha| verify_sha512(bytes, &String::from_utf8_lossy(&sha), &file));
        if let Err(e) = checked {
            report.skipped += 1;
            report.problems.push(RecordProblem {
                file,
                record: RecordLocator::Document,
                path: None,
                level: ProblemLevel::Skipped,
                message: e.to_string(),
            });
            return;
        }
        verified = true;
    }
    match parse_and_check(bytes, &file) {
        Ok((advisory, problems)) => report.advisories.push(ReadAdvisory {
            file,
            sha512_verified: verified,
            advisory,
            problems,
        }),
        Err(e) => {
            report.skipped += 1;
            let path = match &e {
                FeedError::Json { path, .. } | FeedError::Invalid { path, .. } => Some(path.clone()),
                _ => None,
            };
            report.problems.push(RecordProblem {
                file,
                record: RecordLocator::Document,
                path,
                level: ProblemLevel::Skipped,
                message: e.to_string(),
            });
        }
    }
}

fn collect_json(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) -> Result<()> {
    if depth > 32 {
        return Ok(());
    }
    let io = |source| FeedError::Io {
        file: dir.display().to_string(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.is_dir() {
            collect_json(&path, out, depth + 1)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    Ok(())
}

/// A CSAF document has a top-level `document` object; cheap check without a full parse.
fn looks_like_csaf(bytes: &[u8]) -> bool {
    #[derive(Deserialize)]
    struct Probe<'a> {
        #[serde(borrow)]
        document: Option<&'a serde_json::value::RawValue>,
    }
    serde_json::from_slice::<Probe<'_>>(bytes).is_ok_and(|p| p.document.is_some())
}

#[derive(Deserialize)]
struct ProviderMetadata {
    #[serde(default)]
    distributions: Vec<Distribution>,
}

#[derive(Deserialize)]
struct Distribution {
    rolie: Option<RolieDistribution>,
}

#[derive(Deserialize)]
struct RolieDistribution {
    #[serde(default)]
    feeds: Vec<RolieFeedRef>,
}

#[derive(Deserialize)]
struct RolieFeedRef {
    url: String,
}

#[derive(Deserialize)]
struct Rolie {
    feed: RolieFeed,
}

#[derive(Deserialize)]
struct RolieFeed {
    #[serde(default)]
    entry: Vec<RolieEntry>,
}

#[derive(Deserialize)]
struct RolieEntry {
    #[serde(default)]
    link: Vec<RolieLink>,
    content: Option<RolieContent>,
}

#[derive(Deserialize)]
struct RolieLink {
    #[serde(default)]
    rel: String,
    href: String,
}

#[derive(Deserialize)]
struct RolieContent {
    src: String,
}
