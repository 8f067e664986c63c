//! FIRST EPSS daily scores CSV (`epss_scores-YYYY-MM-DD.csv[.gz]`):
//!
//! ```text
//! #model_version:v2025.03.14,score_date:2025-08-25T00:00:00+0000
//! cve,epss,percentile
//! CVE-1999-0001,0.01141,0.78311
//! ```
//!
//! The first line (model version and score date) and the header are required; a bad row is
//! reported by line number and skipped.

use serde::Serialize;
use time::OffsetDateTime;

use crate::feed::{self, CveId, FeedError, ProblemLevel, RecordLocator, RecordProblem, Result};

/// One row: the probability of exploitation activity in the next 30 days, and its percentile.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EpssRow {
    /// The CVE.
    pub cve: CveId,
    /// EPSS probability, 0–1.
    pub epss: f64,
    /// Percentile among all scored CVEs, 0–1.
    pub percentile: f64,
}

/// A parsed EPSS file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EpssReport {
    /// `model_version` from the first line, e.g. `v2025.03.14`.
    pub model_version: String,
    /// `score_date` from the first line.
    #[serde(with = "time::serde::rfc3339")]
    pub score_date: OffsetDateTime,
    /// The rows read.
    pub rows: Vec<EpssRow>,
    /// Problems, by line.
    pub problems: Vec<RecordProblem>,
    /// Data rows seen.
    pub total: usize,
    /// Data rows skipped.
    pub skipped: usize,
}

/// Parses an EPSS CSV, plain or gzip.
pub fn parse(bytes: &[u8], file: &str) -> Result<EpssReport> {
    let data = feed::maybe_gunzip(bytes, file)?;
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&data);
    let invalid = |line: usize, message: String| FeedError::Invalid {
        file: file.to_owned(),
        path: format!("line {line}"),
        message,
    };
    let mut lines = data.split(|&b| b == b'\n').enumerate();
    let (model_version, score_date) = match lines.next() {
        Some((_, first)) => parse_first_line(trim_cr(first)).map_err(|m| invalid(1, m))?,
        None => return Err(invalid(1, "empty file".to_owned())),
    };
    let header = lines
        .next()
        .map(|(_, h)| String::from_utf8_lossy(trim_cr(h)).into_owned())
        .unwrap_or_default();
    let columns: Vec<&str> = header.split(',').map(str::trim).collect();
    let col = |name: &str| {
        columns
            .iter()
            .position(|c| c.eq_ignore_ascii_case(name))
            .ok_or_else(|| invalid(2, format!("header {header:?} lacks column {name:?}")))
    };
    let (c_cve, c_epss, c_pct) = (col("cve")?, col("epss")?, col("percentile")?);
    let width = columns.len();

    let mut report = EpssReport {
        model_version,
        score_date,
        rows: Vec::with_capacity(data.len() / 32),
        problems: Vec::new(),
        total: 0,
        skipped: 0,
    };
    let mut fields: Vec<&str> = Vec::with_capacity(width);
    for (i, line) in lines {
        let line = trim_cr(line);
        if line.is_empty() {
            continue;
        }
        report.total += 1;
        let line_no = i + 1;
        let result = std::str::from_utf8(line)
            .map_err(|_| ("", "not UTF-8".to_owned()))
            .and_then(|text| {
                fields.clear();
                fields.extend(text.split(','));
                if fields.len() != width {
                    return Err(("", format!("expected {width} fields, got {}", fields.len())));
                }
                let cve = CveId::parse(fields[c_cve])
                    .ok_or_else(|| ("cve", format!("invalid CVE id {:?}", fields[c_cve])))?;
                let epss = probability(fields[c_epss]).map_err(|m| ("epss", m))?;
                let percentile = probability(fields[c_pct]).map_err(|m| ("percentile", m))?;
                Ok(EpssRow { cve, epss, percentile })
            });
        match result {
            Ok(row) => report.rows.push(row),
            Err((column, message)) => {
                report.skipped += 1;
                report.problems.push(RecordProblem {
                    file: file.to_owned(),
                    record: RecordLocator::Line(line_no),
                    path: (!column.is_empty()).then(|| column.to_owned()),
                    level: ProblemLevel::Skipped,
                    message,
                });
            }
        }
    }
    Ok(report)
}

fn trim_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// `#model_version:v2025.03.14,score_date:2025-08-25T00:00:00+0000`
fn parse_first_line(line: &[u8]) -> std::result::Result<(String, OffsetDateTime), String> {
    let expected = "expected `#model_version:vYYYY.MM.DD,score_date:YYYY-MM-DDT00:00:00+0000`";
    let text = std::str::from_utf8(line).map_err(|_| format!("{expected}; not UTF-8"))?;
    let body = text
        .strip_prefix('#')
        .ok_or_else(|| format!("{expected}, got {text:?}"))?;
    let mut model = None;
    let mut date = None;
    for part in body.split(',') {
        match part.split_once(':') {
            Some((k, v)) if k.trim() == "model_version" => model = Some(v.trim().to_owned()),
            Some((k, v)) if k.trim() == "score_date" => {
                date = Some(feed::parse_timestamp(v).ok_or_else(|| format!("bad score_date {v:?}"))?);
            }
            _ => {}
        }
    }
    match (model, date) {
        (Some(m), Some(d)) if !m.is_empty() => Ok((m, d)),
        _ => Err(format!("{expected}, got {text:?}")),
    }
}

fn probability(s: &str) -> std::result::Result<f64, String> {
    let v: f64 = s.trim().parse().map_err(|_| format!("not a number: {s:?}"))?;
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{v} is outside 0..=1"))
    }
}
