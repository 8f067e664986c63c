//! NVD vulnerability data: the JSON 1.1 data feeds (`CVE_Items[]`, yearly/modified/recent
//! files, `.json` or `.json.gz`, with their `.meta` integrity files) and NVD CVE API 2.0
//! responses (`vulnerabilities[].cve`), both into [`VulnRecord`]s.
//!
//! Memory: the (decompressed) document is held once; the record array is split into borrowed
//! raw slices and each record is deserialized and converted on its own, so a bad record is
//! reported (index, CVE id, JSON path) and skipped without losing the rest, and no JSON tree
//! of the whole feed is ever built. [`for_each_record`] hands records to a callback, so an
//! importer never holds more than one.

mod convert;
mod meta;
mod raw;

use std::path::Path;

use serde::Deserialize;
use serde_json::value::RawValue;

pub use self::meta::FeedMeta;
use crate::feed::{self, FeedError, FeedReport, RecordLocator, Result, VulnRecord};

/// The two NVD JSON formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NvdFormat {
    /// JSON 1.1 data feed (`CVE_Items`).
    Json11,
    /// CVE API 2.0 response (`vulnerabilities`).
    Api20,
}

/// Top level of either format; the records stay raw until converted one by one.
#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(rename = "CVE_Items", borrow, default)]
    cve_items: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    vulnerabilities: Option<Vec<&'a RawValue>>,
}

/// Parses an NVD document (1.1 feed or API 2.0 response, plain or gzip) and collects every
/// record. `file` names the input in problems and errors.
pub fn parse_feed(bytes: &[u8], file: &str) -> Result<FeedReport> {
    let mut records = Vec::new();
    let mut report = for_each_record(bytes, file, |r| records.push(r))?;
    report.records = records;
    Ok(report)
}

/// Like [`parse_feed`], after checking the uncompressed JSON against a 1.1 `.meta`.
pub fn parse_feed_verified(bytes: &[u8], file: &str, meta: &FeedMeta) -> Result<FeedReport> {
    let json = feed::maybe_gunzip(bytes, file)?;
    meta.verify(&json, file)?;
    parse_feed(&json, file)
}

/// Parses an NVD document and hands each record to `sink`; the returned report has no
/// `records` but the rejections, problems and counts.
pub fn for_each_record(bytes: &[u8], file: &str, mut sink: impl FnMut(VulnRecord)) -> Result<FeedReport> {
    let json = feed::maybe_gunzip(bytes, file)?;
    let envelope: Envelope<'_> = feed::from_json(&json).map_err(|e| e.into_error(file, RecordLocator::Document))?;
    let (format, items) = match (envelope.cve_items, envelope.vulnerabilities) {
        (Some(items), None) => (NvdFormat::Json11, items),
        (None, Some(items)) => (NvdFormat::Api20, items),
        (Some(_), Some(_)) => {
            return Err(invalid(file, "both `CVE_Items` and `vulnerabilities` present"));
        }
        (None, None) => {
            return Err(invalid(
                file,
                "not an NVD document: neither `CVE_Items` (JSON 1.1 feed) nor `vulnerabilities` (API 2.0)",
            ));
        }
    };
    let mut report = FeedReport {
        total: items.len(),
        ..FeedReport::default()
    };
    for (index, item) in items.into_iter().enumerate() {
        match format {
            NvdFormat::Json11 => item11(item, index, file, &mut report, &mut sink),
            NvdFormat::Api20 => vuln20(item, index, file, &mut report, &mut sink),
        }
    }
    Ok(report)
}

/// Reads a feed file and, when a sibling `.meta` exists (`nvdcve-1.1-2017.json.gz` →
/// `nvdcve-1.1-2017.meta`), verifies it first.
pub fn read_feed_file(path: &Path) -> Result<FeedReport> {
    let file = path.display().to_string();
    let bytes = feed::read_file(path)?;
    let meta_path = meta_path(path);
    match meta_path.filter(|p| p.is_file()) {
        Some(mp) => {
            let text = feed::read_file(&mp)?;
            let meta = FeedMeta::parse(&String::from_utf8_lossy(&text), &mp.display().to_string())?;
            parse_feed_verified(&bytes, &file, &meta)
        }
        None => parse_feed(&bytes, &file),
    }
}

/// `x.json.gz` / `x.json` → `x.meta`.
fn meta_path(path: &Path) -> Option<std::path::PathBuf> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_suffix(".json.gz").or_else(|| name.strip_suffix(".json"))?;
    Some(path.with_file_name(format!("{stem}.meta")))
}

fn invalid(file: &str, message: &str) -> FeedError {
    FeedError::Invalid {
        file: file.to_owned(),
        path: "$".to_owned(),
        message: message.to_owned(),
    }
}

fn item11(item: &RawValue, index: usize, file: &str, report: &mut FeedReport, sink: &mut impl FnMut(VulnRecord)) {
    let bytes = item.get().as_bytes();
    let locator = || match serde_json::from_slice::<raw::ItemId11>(bytes) {
        Ok(id) => RecordLocator::IndexAndId(index, id.cve.meta.id),
        Err(_) => RecordLocator::Index(index),
    };
    let raw: raw::Item11 = match feed::from_json(bytes) {
        Ok(raw) => raw,
        Err(e) => {
            let problem = e.into_problem(file, locator());
            report.skip(problem);
            return;
        }
    };
    let mut ctx = convert::Ctx {
        file,
        record: RecordLocator::IndexAndId(index, raw.cve.meta.id.clone()),
        problems: &mut report.problems,
    };
    match convert::item11(raw, &mut ctx) {
        Ok(rec) => sink(rec),
        Err(msg) => {
            let record = ctx.record;
            report.skip(skipped(file, record, "cve.CVE_data_meta.ID", msg));
        }
    }
}

fn vuln20(item: &RawValue, index: usize, file: &str, report: &mut FeedReport, sink: &mut impl FnMut(VulnRecord)) {
    let bytes = item.get().as_bytes();
    let locator = || match serde_json::from_slice::<raw::VulnId20>(bytes) {
        Ok(id) => RecordLocator::IndexAndId(index, id.cve.id),
        Err(_) => RecordLocator::Index(index),
    };
    let raw: raw::Vuln20 = match feed::from_json(bytes) {
        Ok(raw) => raw,
        Err(e) => {
            let problem = e.into_problem(file, locator());
            report.skip(problem);
            return;
        }
    };
    let mut ctx = convert::Ctx {
        file,
        record: RecordLocator::IndexAndId(index, raw.cve.id.clone()),
        problems: &mut report.problems,
    };
    match convert::vuln20(raw, &mut ctx) {
        Ok(convert::Converted::Record(rec)) => sink(*rec),
        Ok(convert::Converted::Rejected(r)) => report.rejected.push(r),
        Err(msg) => {
            let record = ctx.record;
            report.skip(skipped(file, record, "cve.id", msg));
        }
    }
}

fn skipped(file: &str, record: RecordLocator, path: &str, message: String) -> feed::RecordProblem {
    feed::RecordProblem {
        file: file.to_owned(),
        record,
        path: Some(path.to_owned()),
        level: feed::ProblemLevel::Skipped,
        message,
    }
}
