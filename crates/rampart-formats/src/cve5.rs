//! CVE JSON 5.x records (CVE Record Format 5.0/5.1, as published by the CVE List and CISA's
//! Vulnrichment): single record files, directories of them, and JSON lines (`.jsonl`,
//! `.jsonl.gz`, one record per line), into [`VulnRecord`]s.
//!
//! Kept: the CNA container (title, English description, `affected` vendor/product/versions
//! with `status`, `lessThan`, `lessThanOrEqual`, `versionType`, `changes`, `cpes`,
//! `defaultStatus`; CVSS v2.0/3.0/3.1/4.0 metrics; `problemTypes` CWEs; references) and every
//! ADP container (CVSS, CWEs, `affected`), with the CISA ADP "Vulnrichment" `other` metrics
//! of type `ssvc` (Exploitation / Automatable / Technical Impact) and `kev` (dateAdded,
//! reference). `REJECTED` records become [`Rejection`](crate::feed::Rejection)s.

mod convert;
mod raw;

use std::path::Path;

use crate::feed::{self, FeedError, FeedReport, RecordLocator, RecordProblem, Result, VulnRecord};

/// Parses one CVE 5 record (a whole JSON document, plain or gzip). The report holds one
/// record or one rejection, plus warnings. A record that cannot be read is an error.
pub fn parse_record(bytes: &[u8], file: &str) -> Result<FeedReport> {
    let json = feed::maybe_gunzip(bytes, file)?;
    let mut report = FeedReport {
        total: 1,
        ..FeedReport::default()
    };
    let mut records = Vec::new();
    match one(&json, file, RecordLocator::Document, &mut report, &mut |r| {
        records.push(r)
    }) {
        Ok(()) => {
            report.records = records;
            Ok(report)
        }
        Err(e) => Err(e),
    }
}

/// Parses JSON lines (plain or gzip), one record per line; blank lines are ignored and bad
/// lines are reported by line number and skipped.
pub fn parse_jsonl(bytes: &[u8], file: &str) -> Result<FeedReport> {
    let mut records = Vec::new();
    let mut report = for_each_jsonl(bytes, file, |r| records.push(r))?;
    report.records = records;
    Ok(report)
}

/// Like [`parse_jsonl`], handing each record to `sink`; the report has no `records`.
pub fn for_each_jsonl(bytes: &[u8], file: &str, mut sink: impl FnMut(VulnRecord)) -> Result<FeedReport> {
    let text = feed::maybe_gunzip(bytes, file)?;
    let mut report = FeedReport::default();
    for (i, line) in text.split(|&b| b == b'\n').enumerate() {
        let line = line.trim_ascii();
        if line.is_empty() {
            continue;
        }
        report.total += 1;
        if let Err(e) = one(line, file, RecordLocator::Line(i + 1), &mut report, &mut sink) {
            report.skip(error_problem(file, RecordLocator::Line(i + 1), e));
        }
    }
    Ok(report)
}

/// Reads a record file (`.json`), a JSON-lines file (`.jsonl`, `.jsonl.gz`), or a directory
/// tree of them (in path order). In a directory, a file that cannot be read is reported and
/// skipped.
pub fn read_path(path: &Path) -> Result<FeedReport> {
    if path.is_dir() {
        let mut files = Vec::new();
        collect_files(path, &mut files)?;
        files.sort();
        let mut report = FeedReport::default();
        for f in files {
            match read_file(&f) {
                Ok(r) => report.merge(r),
                Err(e) => {
                    report.total += 1;
                    let name = f.display().to_string();
                    report.skip(error_problem(&name, RecordLocator::Document, e));
                }
            }
        }
        Ok(report)
    } else {
        read_file(path)
    }
}

fn read_file(path: &Path) -> Result<FeedReport> {
    let name = path.display().to_string();
    let bytes = feed::read_file(path)?;
    if name.ends_with(".jsonl") || name.ends_with(".jsonl.gz") {
        parse_jsonl(&bytes, &name)
    } else {
        parse_record(&bytes, &name)
    }
}

fn collect_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> Result<()> {
    let io = |source| FeedError::Io {
        file: dir.display().to_string(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.is_dir() {
            collect_files(&path, out)?;
        } else if path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.ends_with(".json") || n.ends_with(".jsonl") || n.ends_with(".jsonl.gz"))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// Parses one record's JSON into the report (or the sink).
fn one(
    json: &[u8],
    file: &str,
    locator: RecordLocator,
    report: &mut FeedReport,
    sink: &mut impl FnMut(VulnRecord),
) -> Result<()> {
    let named = |id: String| match &locator {
        RecordLocator::Line(l) => RecordLocator::Id(format!("{id} (line {l})")),
        _ => RecordLocator::Id(id),
    };
    let raw: raw::Record = match feed::from_json(json) {
        Ok(r) => r,
        Err(e) => {
            let record = match serde_json::from_slice::<raw::RecordId>(json) {
                Ok(id) => named(id.cve_metadata.cve_id),
                Err(_) => locator.clone(),
            };
            return Err(e.into_error(file, record));
        }
    };
    let mut ctx = convert::Ctx {
        file,
        record: named(raw.cve_metadata.cve_id.clone()),
        problems: &mut report.problems,
    };
    match convert::record(raw, &mut ctx) {
        Ok(convert::Converted::Record(r)) => sink(*r),
        Ok(convert::Converted::Rejected(r)) => report.rejected.push(r),
        Err(message) => {
            return Err(FeedError::Invalid {
                file: file.to_owned(),
                path: "cveMetadata".to_owned(),
                message: format!("{}: {message}", ctx.record),
            });
        }
    }
    Ok(())
}

fn error_problem(file: &str, record: RecordLocator, e: FeedError) -> RecordProblem {
    let (record, path, message) = match e {
        FeedError::Json {
            record,
            path,
            line,
            column,
            message,
            ..
        } => (record, Some(path), format!("{message} (line {line}, column {column})")),
        other => (record, None, other.to_string()),
    };
    RecordProblem {
        file: file.to_owned(),
        record,
        path,
        level: feed::ProblemLevel::Skipped,
        message,
    }
}
