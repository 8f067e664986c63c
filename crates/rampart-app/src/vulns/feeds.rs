//! Importing vulnerability feeds. Idempotent: a record whose content is
//! already stored is counted unchanged; a changed one updates the
//! vulnerability and moves its `rules_changed_at` so the next incremental
//! match looks at it. Each file is one transaction; malformed records are
//! skipped and reported (file, record, reason) without aborting the rest.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rampart_core::authz::Permission;
use rampart_core::normalize::normalize_vendor;
use rampart_core::time::Timestamp;
use rampart_formats::feed::{FeedReport, RecordProblem, VulnRecord};
use rampart_formats::{csaf, cve5, epss, kev, nvd};
use rampart_store::{AdvisoryFields, FeedImportRow, KevRow, RecordWrite, Tx, Upserted, VulnFields};
use serde_json::json;
use sha2::Digest;

use crate::App;
use crate::actor::Actor;
use crate::audit::entry;
use crate::error::{AppError, Result};
use crate::estate::{NoProgress, Progress};

/// Which feed a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FeedKind {
    /// NVD JSON (1.1 feed or API 2.0).
    Nvd,
    /// CVE JSON 5 records.
    Cve5,
    /// CISA Known Exploited Vulnerabilities (JSON or CSV).
    Kev,
    /// FIRST EPSS daily scores (CSV, plain or gzip).
    Epss,
    /// CSAF 2.0 advisories.
    Csaf,
}

impl FeedKind {
    /// Every kind.
    pub const ALL: [FeedKind; 5] = [
        FeedKind::Nvd,
        FeedKind::Cve5,
        FeedKind::Kev,
        FeedKind::Epss,
        FeedKind::Csaf,
    ];

    /// The name used on the command line and in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            FeedKind::Nvd => "nvd",
            FeedKind::Cve5 => "cve5",
            FeedKind::Kev => "kev",
            FeedKind::Epss => "epss",
            FeedKind::Csaf => "csaf",
        }
    }

    /// Parses a kind name.
    pub fn parse(s: &str) -> Option<FeedKind> {
        FeedKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

/// The outcome of one feed import.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct FeedImportReport {
    /// Which feed.
    pub kind: String,
    /// File or directory.
    pub source: String,
    /// Files read.
    pub files: u64,
    /// Records seen.
    pub total: u64,
    /// Records that created a vulnerability (or entry).
    pub created: u64,
    /// Records that changed one.
    pub updated: u64,
    /// Records already stored as they are.
    pub unchanged: u64,
    /// Records skipped because they could not be read.
    pub skipped: u64,
    /// Problems (at most 1,000 listed), each naming file, record and reason.
    pub problems: Vec<String>,
    /// All problems.
    pub problem_count: u64,
    /// Time taken.
    pub millis: u64,
}

impl FeedImportReport {
    /// One line summary.
    pub fn summary(&self) -> String {
        format!(
            "{} {}: {} files, {} records: created {}, updated {}, unchanged {}, skipped {}; {} problems; {:.1} s",
            self.kind,
            self.source,
            self.files,
            self.total,
            self.created,
            self.updated,
            self.unchanged,
            self.skipped,
            self.problem_count,
            self.millis as f64 / 1000.0
        )
    }

    fn problem(&mut self, p: impl ToString) {
        self.problem_count += 1;
        if self.problems.len() < 1000 {
            self.problems.push(p.to_string());
        }
    }

    fn count(&mut self, u: Upserted) {
        match u {
            Upserted::Created(_) => self.created += 1,
            Upserted::Updated(_) => self.updated += 1,
            Upserted::Unchanged(_) => self.unchanged += 1,
        }
    }

    fn absorb(&mut self, problems: &[RecordProblem], total: usize, skipped: usize) {
        self.total += total as u64;
        self.skipped += skipped as u64;
        for p in problems {
            self.problem(p);
        }
    }
}

/// The feed-record source name stored with a record.
fn source_of(r: &VulnRecord) -> &'static str {
    use rampart_formats::feed::FeedSource;
    match r.source {
        FeedSource::Cve5 => "cve5",
        FeedSource::Csaf => "csaf",
        _ => "nvd",
    }
}

fn ts(t: Option<time::OffsetDateTime>) -> Option<String> {
    t.and_then(|t| Timestamp::try_from_datetime(t).ok())
        .map(|t| t.to_string())
}

/// The summary of a vulnerability from its records (NVD, CVE 5, CSAF).
pub(crate) fn summarize(cve_id: &str, records: &[(&str, &VulnRecord)]) -> VulnFields {
    let by = |pref: &[&str]| -> Vec<&VulnRecord> {
        let mut v: Vec<&VulnRecord> = Vec::new();
        for p in pref {
            v.extend(records.iter().filter(|(s, _)| s.starts_with(p)).map(|(_, r)| *r));
        }
        v
    };
    let title_order = by(&["cve5", "csaf", "nvd"]);
    let desc_order = by(&["nvd", "cve5", "csaf"]);
    let mut cwes = BTreeSet::new();
    let mut vendors = BTreeSet::new();
    let mut metrics = Vec::new();
    let mut sources = BTreeSet::new();
    let (mut published, mut modified): (Option<String>, Option<String>) = (None, None);
    let mut ssvc = None;
    for (s, r) in records {
        sources.insert(s.split(':').next().unwrap_or(s).to_owned());
        cwes.extend(r.cwes.iter().cloned());
        metrics.extend(r.cvss.iter().cloned());
        if let Some(p) = ts(r.published) {
            published = Some(published.map_or(p.clone(), |o: String| o.min(p)));
        }
        if let Some(m) = ts(r.last_modified) {
            modified = Some(modified.map_or(m.clone(), |o: String| o.max(m)));
        }
        if ssvc.is_none() {
            ssvc = r.ssvc.clone();
        }
        for a in &r.affected {
            if let Some(v) = &a.vendor {
                vendors.insert(normalize_vendor(v).as_str().to_owned());
            }
        }
        for c in &r.configurations {
            for n in &c.nodes {
                collect_vendors(n, &mut vendors);
            }
        }
    }
    // Preferred metric: the newest CVSS version, primary before secondary, highest score.
    let best = metrics
        .iter()
        .max_by(|a, b| {
            (a.version, a.kind == rampart_formats::feed::MetricKind::Primary)
                .cmp(&(b.version, b.kind == rampart_formats::feed::MetricKind::Primary))
                .then(a.base_score.total_cmp(&b.base_score))
        })
        .cloned();
    vendors.remove("");
    VulnFields {
        cve_id: cve_id.to_owned(),
        title: title_order.iter().find_map(|r| r.title.clone()),
        description: desc_order.iter().find_map(|r| r.description.clone()),
        assigner: desc_order.iter().find_map(|r| r.assigner.clone()),
        published,
        last_modified: modified,
        cwes: cwes.into_iter().collect::<Vec<_>>().join(" "),
        cvss_version: best.as_ref().map(|m| m.version.as_str().to_owned()),
        cvss_vector: best.as_ref().map(|m| m.vector.clone()),
        cvss_score: best.as_ref().map(|m| m.base_score),
        severity: best.as_ref().map(|m| {
            m.base_severity
                .unwrap_or_else(|| rampart_formats::cvss::Severity::from_score(m.base_score))
                .as_str()
                .to_owned()
        }),
        cvss_json: serde_json::to_string(&metrics).unwrap_or_else(|_| "[]".into()),
        ssvc_exploitation: ssvc.as_ref().and_then(|s| s.exploitation).map(|e| {
            serde_json::to_value(e)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        }),
        ssvc_automatable: ssvc.as_ref().and_then(|s| s.automatable),
        ssvc_technical_impact: ssvc.as_ref().and_then(|s| s.technical_impact).map(|e| {
            serde_json::to_value(e)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        }),
        vendors: vendors.into_iter().take(20).collect::<Vec<_>>().join(" "),
        sources: sources.into_iter().collect::<Vec<_>>().join(" "),
    }
}

fn collect_vendors(n: &rampart_formats::feed::ConfigNode, out: &mut BTreeSet<String>) {
    for m in &n.cpe_match {
        if m.vulnerable
            && let Some(v) = m.criteria.split(':').nth(3)
            && v != "*"
            && v != "-"
        {
            out.insert(normalize_vendor(&v.replace("\\", "")).as_str().to_owned());
        }
    }
    for c in &n.children {
        collect_vendors(c, out);
    }
}

/// A feed record about to be stored.
struct Pending<'a> {
    cve: &'a str,
    source: &'a str,
    text: String,
    hash: String,
    /// The publisher's last modification (canonical text).
    modified: Option<String>,
}

impl Pending<'_> {
    fn write(&self, vuln_id: i64) -> RecordWrite<'_> {
        RecordWrite {
            vuln_id,
            source: self.source,
            record: &self.text,
            hash: &self.hash,
            last_modified: self.modified.as_deref(),
        }
    }
}

/// True when a record modified at `new` is older than one modified at `old`
/// (both known).
fn is_older(new: &Option<String>, old: &Option<String>) -> bool {
    matches!((new, old), (Some(n), Some(o)) if n < o)
}

fn hash_text(s: &str) -> String {
    let d = sha2::Sha256::digest(s.as_bytes());
    d.iter().take(12).map(|b| format!("{b:02x}")).collect()
}

/// Files of a feed path: the file itself, or every matching file under a directory (sorted).
fn files_of(path: &Path, accept: impl Fn(&str) -> bool) -> Result<Vec<PathBuf>> {
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    if !path.is_dir() {
        return Err(AppError::invalid(
            "path",
            format!("{}: no such file or directory", path.display()),
        ));
    }
    let mut out = Vec::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let rd = std::fs::read_dir(&dir)
            .map_err(|e| AppError::invalid("path", format!("{}: cannot read: {e}", dir.display())))?;
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.file_name().and_then(|n| n.to_str()).is_some_and(&accept) {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Progress of a path import: files done of a directory, or the records
/// of the only file.
struct FileProgress<'a> {
    outer: &'a dyn Progress,
    single: bool,
    done: std::sync::atomic::AtomicU64,
}

impl<'a> FileProgress<'a> {
    fn new(outer: &'a dyn Progress, files: usize) -> Self {
        if files != 1 {
            outer.total(files as u64);
        }
        Self {
            outer,
            single: files == 1,
            done: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// Where a file's records report: the outer progress for a single file.
    fn records(&self) -> &dyn Progress {
        if self.single { self.outer } else { &NoProgress }
    }

    fn file_done(&self) {
        if !self.single {
            let done = self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            self.outer.done(done);
        }
    }
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| AppError::invalid("path", format!("{}: cannot read: {e}", path.display())))
}

fn display_name(path: &Path) -> String {
    path.display().to_string()
}

impl App {
    /// Imports a feed from a file or a directory on the server's disk.
    pub async fn import_feed_path(&self, actor: &Actor, kind: FeedKind, path: &Path) -> Result<FeedImportReport> {
        self.import_feed_path_with(actor, kind, path, &NoProgress).await
    }

    /// Imports a feed from a file or a directory, reporting progress: files
    /// done of a directory, records stored of a single file.
    pub async fn import_feed_path_with(
        &self,
        actor: &Actor,
        kind: FeedKind,
        path: &Path,
        progress: &dyn Progress,
    ) -> Result<FeedImportReport> {
        actor.require(Permission::FeedManage)?;
        let started = Instant::now();
        let start_ts = self.now();
        let mut report = FeedImportReport {
            kind: kind.as_str().into(),
            source: display_name(path),
            ..FeedImportReport::default()
        };
        match kind {
            FeedKind::Nvd => {
                let files = files_of(path, |n| {
                    (n.ends_with(".json") || n.ends_with(".json.gz")) && !n.ends_with(".meta")
                })?;
                // Verifies a sibling `.meta` SHA-256 when present.
                self.store_record_files(&mut report, files, nvd::read_feed_file, progress)
                    .await?;
            }
            FeedKind::Cve5 => {
                let files = files_of(path, |n| {
                    n.ends_with(".json") || n.ends_with(".jsonl") || n.ends_with(".jsonl.gz") || n.ends_with(".json.gz")
                })?;
                self.store_record_files(&mut report, files, cve5::read_path, progress)
                    .await?;
            }
            FeedKind::Csaf => {
                let files = files_of(path, |n| n.ends_with(".json"))?;
                let per_file = FileProgress::new(progress, files.len());
                for f in files {
                    per_file.file_done();
                    let bytes = read(&f)?;
                    if is_csaf_metadata(&bytes) {
                        continue;
                    }
                    report.files += 1;
                    if let Some(problem) = check_sha512(&f, &bytes) {
                        report.total += 1;
                        report.skipped += 1;
                        report.problem(problem);
                        continue;
                    }
                    self.store_csaf(actor, &mut report, &display_name(&f), &bytes).await?;
                }
            }
            FeedKind::Kev | FeedKind::Epss => {
                let files = files_of(path, |n| {
                    n.ends_with(".json") || n.ends_with(".csv") || n.ends_with(".gz")
                })?;
                let per_file = FileProgress::new(progress, files.len());
                for f in files {
                    report.files += 1;
                    let bytes = read(&f)?;
                    self.store_scores(kind, &mut report, &display_name(&f), &bytes).await?;
                    per_file.file_done();
                }
            }
        }
        self.finish_import(actor, &mut report, start_ts, started).await?;
        Ok(report)
    }

    /// Imports one uploaded feed file.
    pub async fn import_feed_bytes(
        &self,
        actor: &Actor,
        kind: FeedKind,
        filename: &str,
        bytes: &[u8],
    ) -> Result<FeedImportReport> {
        self.import_feed_bytes_with(actor, kind, filename, bytes, &NoProgress)
            .await
    }

    /// Imports one uploaded feed file, reporting records stored to `progress`.
    pub async fn import_feed_bytes_with(
        &self,
        actor: &Actor,
        kind: FeedKind,
        filename: &str,
        bytes: &[u8],
        progress: &dyn Progress,
    ) -> Result<FeedImportReport> {
        actor.require(Permission::FeedManage)?;
        let started = Instant::now();
        let start_ts = self.now();
        let mut report = FeedImportReport {
            kind: kind.as_str().into(),
            source: filename.to_owned(),
            files: 1,
            ..FeedImportReport::default()
        };
        let bad = |e: rampart_formats::feed::FeedError| AppError::invalid(filename.to_owned(), e.to_string());
        match kind {
            FeedKind::Nvd => {
                let r = nvd::parse_feed(bytes, filename).map_err(bad)?;
                self.store_records(&mut report, r, progress).await?;
            }
            FeedKind::Cve5 => {
                let trimmed = bytes.iter().position(|b| !b.is_ascii_whitespace()).map(|i| &bytes[i..]);
                let is_gz = bytes.starts_with(&[0x1f, 0x8b]);
                let r = if is_gz || filename.ends_with(".jsonl") {
                    cve5::parse_jsonl(bytes, filename)
                } else if trimmed.is_some_and(|t| t.starts_with(b"{"))
                    && bytes.iter().filter(|b| **b == b'\n').count() > 1
                {
                    // One pretty-printed record or JSON lines: try a record first.
                    cve5::parse_record(bytes, filename).or_else(|_| cve5::parse_jsonl(bytes, filename))
                } else {
                    cve5::parse_record(bytes, filename)
                }
                .map_err(bad)?;
                self.store_records(&mut report, r, progress).await?;
            }
            FeedKind::Csaf | FeedKind::Kev | FeedKind::Epss => {
                progress.total(1);
                if kind == FeedKind::Csaf {
                    self.store_csaf(actor, &mut report, filename, bytes).await?;
                } else {
                    self.store_scores(kind, &mut report, filename, bytes).await?;
                }
                progress.done(1);
            }
        }
        self.finish_import(actor, &mut report, start_ts, started).await?;
        Ok(report)
    }

    async fn finish_import(
        &self,
        actor: &Actor,
        report: &mut FeedImportReport,
        start_ts: Timestamp,
        started: Instant,
    ) -> Result<()> {
        report.millis = started.elapsed().as_millis() as u64;
        let now = self.now();
        let mut tx = self.store.begin().await?;
        tx.insert_feed_import(&FeedImportRow {
            id: 0,
            kind: report.kind.clone(),
            source: report.source.clone(),
            started_at: start_ts.to_string(),
            finished_at: now.to_string(),
            total: report.total as i64,
            created: report.created as i64,
            updated: report.updated as i64,
            unchanged: report.unchanged as i64,
            skipped: report.skipped as i64,
            problems: serde_json::to_string(&report.problems.iter().take(100).collect::<Vec<_>>())
                .unwrap_or_else(|_| "[]".into()),
        })
        .await?;
        tx.append_audit(entry(
            actor,
            now,
            "feeds.import",
            "feed",
            Some(report.kind.clone()),
            None,
            json!({
                "source": report.source, "files": report.files, "total": report.total, "created": report.created,
                "updated": report.updated, "unchanged": report.unchanged, "skipped": report.skipped,
            }),
        ))
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Reads and stores record files (NVD, CVE 5) one after the other, each
    /// in its own transaction. The next file is read and parsed on another
    /// thread while the current one is stored.
    async fn store_record_files(
        &self,
        report: &mut FeedImportReport,
        files: Vec<PathBuf>,
        reader: fn(&Path) -> std::result::Result<FeedReport, rampart_formats::feed::FeedError>,
        progress: &dyn Progress,
    ) -> Result<()> {
        let per_file = FileProgress::new(progress, files.len());
        let parse = |f: PathBuf| tokio::task::spawn_blocking(move || reader(&f));
        let mut files = files.into_iter();
        let mut next = files.next().map(parse);
        while let Some(parsing) = next.take() {
            let parsed = parsing
                .await
                .map_err(|e| AppError::Internal(format!("feed parser thread: {e}")))?;
            next = files.next().map(parse);
            report.files += 1;
            match parsed {
                Ok(r) => self.store_records(report, r, per_file.records()).await?,
                Err(e) => report.problem(e),
            }
            per_file.file_done();
        }
        Ok(())
    }

    /// Stores NVD / CVE 5 records, one transaction for the file.
    async fn store_records(&self, report: &mut FeedImportReport, r: FeedReport, progress: &dyn Progress) -> Result<()> {
        report.absorb(&r.problems, r.total, r.skipped);
        // The publisher's rejected records are counted as seen, not stored.
        let now = self.now();
        let mut tx = self.store.begin().await?;
        progress.total(r.records.len() as u64);
        for (n, chunk) in r.records.chunks(1000).enumerate() {
            progress.done((n * 1000) as u64);
            let ids: Vec<&str> = chunk.iter().map(|r| r.id.as_str()).collect();
            let heads = tx.vuln_heads(&ids).await?;
            let mut by_source: HashMap<&str, Vec<i64>> = HashMap::new();
            for rec in chunk {
                if let Some(h) = heads.get(rec.id.as_str()) {
                    by_source.entry(source_of(rec)).or_default().push(h.id);
                }
            }
            let mut stored: HashMap<(i64, &str), (String, Option<String>)> = HashMap::new();
            for (src, ids) in by_source {
                for (id, h) in tx.vuln_record_hashes(&ids, src).await? {
                    stored.insert((id, src), h);
                }
            }
            // New vulnerabilities go in with multi-row statements; changed
            // ones are merged with their other sources' records one by one.
            // A record older than the stored one (by the publisher's
            // modification time) leaves the stored one alone.
            let mut fresh: Vec<VulnFields> = Vec::new();
            let mut fresh_records: Vec<Pending<'_>> = Vec::new();
            let mut fresh_at: HashMap<&str, usize> = HashMap::new();
            for rec in chunk {
                let src = source_of(rec);
                let text = serde_json::to_string(rec).map_err(|e| AppError::Internal(e.to_string()))?;
                let p = Pending {
                    cve: rec.id.as_str(),
                    source: src,
                    hash: hash_text(&text),
                    text,
                    modified: ts(rec.last_modified),
                };
                match heads.get(rec.id.as_str()) {
                    Some(head) => match stored.get(&(head.id, src)) {
                        Some((h, _)) if *h == p.hash => report.unchanged += 1,
                        Some((_, old)) if is_older(&p.modified, old) => report.unchanged += 1,
                        _ => {
                            let u = self
                                .put_record(&mut tx, Some((head.id, head.sources.as_str())), rec, &p, now)
                                .await?;
                            report.count(u);
                        }
                    },
                    None => {
                        // The same id twice in one file: the newer record wins.
                        if let Some(&i) = fresh_at.get(rec.id.as_str()) {
                            let earlier = &fresh_records[i];
                            if earlier.hash == p.hash || is_older(&p.modified, &earlier.modified) {
                                report.unchanged += 1;
                            } else {
                                report.updated += 1;
                                fresh[i] = summarize(rec.id.as_str(), &[(src, rec)]);
                                fresh_records[i] = p;
                            }
                            continue;
                        }
                        report.created += 1;
                        fresh_at.insert(rec.id.as_str(), fresh.len());
                        fresh.push(summarize(rec.id.as_str(), &[(src, rec)]));
                        fresh_records.push(p);
                    }
                }
            }
            if !fresh.is_empty() {
                let ids = tx.insert_vulns(&fresh, now).await?;
                let rows = fresh_records
                    .iter()
                    .map(|p| {
                        ids.get(p.cve)
                            .map(|id| p.write(*id))
                            .ok_or_else(|| AppError::Internal(format!("{}: no id after insert", p.cve)))
                    })
                    .collect::<Result<Vec<_>>>()?;
                tx.put_vuln_records(&rows, now).await?;
            }
        }
        tx.commit().await?;
        progress.done(r.records.len() as u64);
        Ok(())
    }

    /// Stores one record and refreshes its vulnerability's summary.
    async fn put_record(
        &self,
        tx: &mut Tx,
        head: Option<(i64, &str)>,
        rec: &VulnRecord,
        p: &Pending<'_>,
        now: Timestamp,
    ) -> Result<Upserted> {
        let src = p.source;
        let mut others: Vec<(String, VulnRecord)> = Vec::new();
        if let Some((id, sources)) = head
            && sources.split(' ').any(|s| !s.is_empty() && s != src)
        {
            for (s, json) in tx.vuln_records_of(id).await? {
                if s != src
                    && let Ok(r) = serde_json::from_str::<VulnRecord>(&json)
                {
                    others.push((s, r));
                }
            }
        }
        let mut records = vec![(src, rec)];
        records.extend(others.iter().map(|(s, r)| (s.as_str(), r)));
        let fields = summarize(rec.id.as_str(), &records);
        let u = tx.upsert_vuln(&fields, true, now).await?;
        tx.put_vuln_record(&p.write(u.id()), now).await?;
        Ok(match (head, u) {
            (Some(_), Upserted::Unchanged(id)) => Upserted::Updated(id),
            (_, u) => u,
        })
    }

    /// Stores one CSAF advisory and the vulnerabilities it names.
    async fn store_csaf(&self, actor: &Actor, report: &mut FeedImportReport, file: &str, bytes: &[u8]) -> Result<()> {
        report.total += 1;
        let (adv, problems) = match csaf::parse_and_check(bytes, file) {
            Ok(x) => x,
            Err(e) => {
                report.skipped += 1;
                report.problem(e);
                return Ok(());
            }
        };
        for p in &problems {
            report.problem(format!("{file}: {p}"));
        }
        let _ = actor;
        let now = self.now();
        let d = &adv.document;
        let fields = AdvisoryFields {
            tracking_id: d.tracking.id.clone(),
            publisher: d.publisher.name.clone(),
            title: d.title.clone(),
            tlp: d.tlp.clone(),
            initial_release: ts(d.tracking.initial_release_date),
            current_release: ts(d.tracking.current_release_date),
            document: String::from_utf8_lossy(bytes).into_owned(),
        };
        let mut tx = self.store.begin().await?;
        let u = tx.upsert_advisory(&fields, now).await?;
        report.count(u);
        if !matches!(u, Upserted::Unchanged(_)) {
            let source = format!("csaf:{}", d.tracking.id);
            for rec in adv.to_vuln_records() {
                let text = serde_json::to_string(&rec).map_err(|e| AppError::Internal(e.to_string()))?;
                let p = Pending {
                    cve: rec.id.as_str(),
                    source: &source,
                    hash: hash_text(&text),
                    text,
                    modified: ts(rec.last_modified),
                };
                let heads = tx.vuln_heads(&[rec.id.as_str()]).await?;
                let head = heads.get(rec.id.as_str());
                let vu = self
                    .put_record(&mut tx, head.map(|h| (h.id, h.sources.as_str())), &rec, &p, now)
                    .await?;
                tx.link_advisory(u.id(), vu.id()).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// Stores KEV entries or EPSS scores.
    async fn store_scores(
        &self,
        kind: FeedKind,
        report: &mut FeedImportReport,
        file: &str,
        bytes: &[u8],
    ) -> Result<()> {
        let now = self.now();
        let bad = |e: rampart_formats::feed::FeedError| AppError::invalid(file.to_owned(), e.to_string());
        let mut tx = self.store.begin().await?;
        if kind == FeedKind::Kev {
            let r = kev::parse(bytes, file).map_err(bad)?;
            report.absorb(&r.problems, r.total, r.skipped);
            let ids: Vec<&str> = r.catalog.entries.iter().map(|e| e.cve_id.as_str()).collect();
            let heads = tx.vuln_heads(&ids).await?;
            for e in &r.catalog.entries {
                let row = KevRow {
                    cve_id: e.cve_id.as_str().to_owned(),
                    vendor: e.vendor_project.clone(),
                    product: e.product.clone(),
                    name: e.vulnerability_name.clone(),
                    date_added: Some(e.date_added.to_string()),
                    due_date: e.due_date.map(|d| d.to_string()),
                    required_action: e.required_action.clone(),
                    ransomware: e.known_ransomware_campaign_use.map(|r| format!("{r:?}")),
                };
                let u = tx.upsert_kev(&row, now).await?;
                if !matches!(u, Upserted::Unchanged(_))
                    && let Some(h) = heads.get(e.cve_id.as_str())
                {
                    // Exploitation feeds SSVC: the next match re-decides this vulnerability's findings.
                    tx.touch_vuln_rules(h.id, now).await?;
                }
                report.count(u);
            }
        } else {
            let r = epss::parse(bytes, file).map_err(bad)?;
            report.absorb(&r.problems, r.total, r.skipped);
            let date = r.score_date.date().to_string();
            let rows: Vec<(String, f64, f64)> = r
                .rows
                .iter()
                .map(|x| (x.cve.as_str().to_owned(), x.epss, x.percentile))
                .collect();
            let (c, u, n) = tx.put_epss(&rows, Some(&date)).await?;
            report.created += c;
            report.updated += u;
            report.unchanged += n;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// Provider metadata and ROLIE feed, service and category documents sit next
/// to advisories in a CSAF provider mirror; they are not advisories.
fn is_csaf_metadata(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    let t = text.trim_start();
    // ROLIE feed, service and category documents; aggregator and provider metadata.
    let rolie = ["\"feed\"", "\"service\"", "\"categories\"", "\"aggregator\""]
        .iter()
        .any(|k| t.contains(k));
    t.starts_with('{')
        && (rolie && !t.contains("\"document\"")
            || t.contains("\"canonical_url\"") && t.contains("\"metadata_version\""))
}

/// Checks `FILE.sha512` when it exists; returns the problem when it does not match.
fn check_sha512(path: &Path, bytes: &[u8]) -> Option<String> {
    let mut p = path.as_os_str().to_owned();
    p.push(".sha512");
    let text = std::fs::read_to_string(PathBuf::from(p)).ok()?;
    let want = text.split_whitespace().next()?.to_ascii_lowercase();
    let got: String = sha2::Sha512::digest(bytes).iter().map(|b| format!("{b:02x}")).collect();
    (want != got).then(|| {
        format!(
            "{}: SHA-512 does not match its .sha512 file; advisory skipped",
            path.display()
        )
    })
}
