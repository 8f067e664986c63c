//! CISA Known Exploited Vulnerabilities catalog, as JSON (`known_exploited_vulnerabilities.json`,
//! schema `known_exploited_vulnerabilities_schema.json`) or CSV (same columns, header row).
//!
//! A bad entry (no valid `cveID` or `dateAdded`) is reported by index or line and skipped;
//! other unreadable fields are warnings.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use time::{Date, OffsetDateTime};

use crate::feed::{self, CveId, FeedError, KevInfo, ProblemLevel, RansomwareUse, RecordLocator, RecordProblem, Result};

/// The catalog header and its entries.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct KevCatalog {
    /// `title` (JSON only).
    pub title: Option<String>,
    /// `catalogVersion` (JSON only), e.g. `2025.08.25`.
    pub catalog_version: Option<String>,
    /// `dateReleased` (JSON only).
    #[serde(with = "time::serde::rfc3339::option")]
    pub date_released: Option<OffsetDateTime>,
    /// `count` as stated (JSON only).
    pub count: Option<u64>,
    /// The entries read.
    pub entries: Vec<KevEntry>,
}

/// One catalog entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KevEntry {
    /// `cveID`.
    pub cve_id: CveId,
    /// `vendorProject`.
    pub vendor_project: String,
    /// `product`.
    pub product: String,
    /// `vulnerabilityName`.
    pub vulnerability_name: String,
    /// `dateAdded`.
    pub date_added: Date,
    /// `shortDescription`.
    pub short_description: String,
    /// `requiredAction`.
    pub required_action: String,
    /// `dueDate`.
    pub due_date: Option<Date>,
    /// `knownRansomwareCampaignUse`.
    pub known_ransomware_campaign_use: Option<RansomwareUse>,
    /// `notes`.
    pub notes: String,
    /// `cwes` (CSV: comma-separated in one column).
    pub cwes: Vec<String>,
}

impl KevEntry {
    /// The facts a vulnerability record carries about this entry.
    pub fn kev_info(&self) -> KevInfo {
        KevInfo {
            date_added: Some(self.date_added),
            due_date: self.due_date,
            required_action: Some(self.required_action.clone()),
            vulnerability_name: Some(self.vulnerability_name.clone()),
            known_ransomware_campaign_use: self.known_ransomware_campaign_use,
            reference: None,
        }
    }
}

/// The result of reading a catalog: entries plus every problem.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct KevReport {
    /// The catalog.
    pub catalog: KevCatalog,
    /// Problems, in input order.
    pub problems: Vec<RecordProblem>,
    /// Entries seen.
    pub total: usize,
    /// Entries skipped.
    pub skipped: usize,
}

/// Reads JSON or CSV (sniffed: a document starting with `{` is JSON), plain or gzip.
pub fn parse(bytes: &[u8], file: &str) -> Result<KevReport> {
    let data = feed::maybe_gunzip(bytes, file)?;
    let first = data
        .iter()
        .copied()
        .find(|b| !b.is_ascii_whitespace() && *b != 0xEF && *b != 0xBB && *b != 0xBF);
    if first == Some(b'{') {
        parse_json(&data, file)
    } else {
        parse_csv(&data, file)
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawCatalog<'a> {
    title: Option<String>,
    catalog_version: Option<String>,
    date_released: Option<String>,
    count: Option<u64>,
    #[serde(borrow)]
    vulnerabilities: Vec<&'a RawValue>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct RawEntry {
    #[serde(rename = "cveID")]
    cve_id: String,
    vendor_project: String,
    product: String,
    vulnerability_name: String,
    date_added: String,
    short_description: String,
    required_action: String,
    due_date: String,
    known_ransomware_campaign_use: String,
    notes: String,
    cwes: Vec<String>,
}

/// Reads the JSON catalog (plain or gzip).
pub fn parse_json(bytes: &[u8], file: &str) -> Result<KevReport> {
    let data = feed::maybe_gunzip(bytes, file)?;
    let raw: RawCatalog<'_> = feed::from_json(&data).map_err(|e| e.into_error(file, RecordLocator::Document))?;
    let mut report = KevReport {
        total: raw.vulnerabilities.len(),
        ..KevReport::default()
    };
    let doc = RecordLocator::Document;
    report.catalog.title = raw.title;
    report.catalog.catalog_version = raw.catalog_version;
    report.catalog.count = raw.count;
    report.catalog.date_released = feed::timestamp_or_warn(
        raw.date_released.as_deref(),
        file,
        &doc,
        "dateReleased",
        &mut report.problems,
    );
    for (i, item) in raw.vulnerabilities.into_iter().enumerate() {
        let path = format!("vulnerabilities[{i}]");
        match feed::from_json::<RawEntry>(item.get().as_bytes()) {
            Ok(entry) => {
                let loc = RecordLocator::IndexAndId(i, entry.cve_id.clone());
                push_entry(entry, file, loc, &path, &mut report);
            }
            Err(e) => {
                report.skipped += 1;
                let mut p = e.into_problem(file, RecordLocator::Index(i));
                p.path = p.path.map(|inner| format!("{path}.{inner}"));
                report.problems.push(p);
            }
        }
    }
    if let Some(count) = report.catalog.count.filter(|c| *c != report.total as u64) {
        report.problems.push(feed::warning(
            file,
            &doc,
            "count",
            format!("catalog states {count} entries, has {}", report.total),
        ));
    }
    Ok(report)
}

/// The CSV columns, as in the JSON.
const COLUMNS: [&str; 11] = [
    "cveID",
    "vendorProject",
    "product",
    "vulnerabilityName",
    "dateAdded",
    "shortDescription",
    "requiredAction",
    "dueDate",
    "knownRansomwareCampaignUse",
    "notes",
    "cwes",
];

/// Reads the CSV catalog (plain or gzip). Columns are found by header name; `cveID` and
/// `dateAdded` are required.
pub fn parse_csv(bytes: &[u8], file: &str) -> Result<KevReport> {
    let data = feed::maybe_gunzip(bytes, file)?;
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&data);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(data);
    let headers = reader.headers().map_err(|e| csv_error(file, 1, &e))?.clone();
    let index: Vec<Option<usize>> = COLUMNS
        .iter()
        .map(|c| headers.iter().position(|h| h.trim() == *c))
        .collect();
    for (i, col) in [(0, "cveID"), (4, "dateAdded")] {
        if index[i].is_none() {
            return Err(FeedError::Invalid {
                file: file.to_owned(),
                path: "line 1".to_owned(),
                message: format!("missing required column {col:?}"),
            });
        }
    }
    let mut report = KevReport::default();
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line() as usize;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                report.total += 1;
                report.skipped += 1;
                report.problems.push(RecordProblem {
                    file: file.to_owned(),
                    record: RecordLocator::Line(line),
                    path: None,
                    level: ProblemLevel::Skipped,
                    message: e.to_string(),
                });
                continue;
            }
        }
        report.total += 1;
        let line = record.position().map_or(line, |p| p.line() as usize);
        let get = |i: usize| index[i].and_then(|i| record.get(i)).unwrap_or("").to_owned();
        let entry = RawEntry {
            cve_id: get(0),
            vendor_project: get(1),
            product: get(2),
            vulnerability_name: get(3),
            date_added: get(4),
            short_description: get(5),
            required_action: get(6),
            due_date: get(7),
            known_ransomware_campaign_use: get(8),
            notes: get(9),
            cwes: get(10)
                .split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect(),
        };
        push_entry(entry, file, RecordLocator::Line(line), "", &mut report);
    }
    Ok(report)
}

fn csv_error(file: &str, line: usize, e: &csv::Error) -> FeedError {
    FeedError::Invalid {
        file: file.to_owned(),
        path: format!("line {line}"),
        message: e.to_string(),
    }
}

/// Validates one entry and adds it (or a problem) to the report. `prefix` is the JSON path of
/// the entry (empty for CSV, where the path is the column name).
fn push_entry(raw: RawEntry, file: &str, loc: RecordLocator, prefix: &str, report: &mut KevReport) {
    let path = |field: &str| {
        if prefix.is_empty() {
            field.to_owned()
        } else {
            format!("{prefix}.{field}")
        }
    };
    let skip = |report: &mut KevReport, field: &str, message: String| {
        report.skipped += 1;
        report.problems.push(RecordProblem {
            file: file.to_owned(),
            record: loc.clone(),
            path: Some(path(field)),
            level: ProblemLevel::Skipped,
            message,
        });
    };
    let Some(cve_id) = CveId::parse(&raw.cve_id) else {
        return skip(report, "cveID", format!("invalid CVE id {:?}", raw.cve_id));
    };
    let Some(date_added) = feed::parse_date(&raw.date_added) else {
        return skip(report, "dateAdded", format!("invalid date {:?}", raw.date_added));
    };
    let due_date = feed::date_or_warn(Some(&raw.due_date), file, &loc, &path("dueDate"), &mut report.problems);
    let ransomware = raw.known_ransomware_campaign_use.trim();
    let known_ransomware_campaign_use = RansomwareUse::parse(ransomware);
    if known_ransomware_campaign_use.is_none() && !ransomware.is_empty() {
        report.problems.push(feed::warning(
            file,
            &loc,
            &path("knownRansomwareCampaignUse"),
            format!("expected Known or Unknown, got {ransomware:?}"),
        ));
    }
    report.catalog.entries.push(KevEntry {
        cve_id,
        vendor_project: raw.vendor_project,
        product: raw.product,
        vulnerability_name: raw.vulnerability_name,
        date_added,
        short_description: raw.short_description,
        required_action: raw.required_action,
        due_date,
        known_ransomware_campaign_use,
        notes: raw.notes,
        cwes: raw.cwes,
    });
}
