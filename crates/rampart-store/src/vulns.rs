//! Vulnerabilities, the feed records behind them, CSAF advisories, KEV,
//! EPSS and vendor aliases.

use std::collections::HashMap;

use rampart_core::time::Timestamp;

use crate::db::{Store, Tx, on_pool, on_tx};
use crate::error::Result;
use crate::sql::{Bind, Sql, bind_all};
use crate::zones::Upserted;

/// The summary columns of a vulnerability (computed by the app from its
/// feed records).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VulnFields {
    /// `CVE-…` id (or an advisory's own id when it names none).
    pub cve_id: String,
    /// Short title.
    pub title: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Who assigned it.
    pub assigner: Option<String>,
    /// Publication time (canonical text).
    pub published: Option<String>,
    /// Last modification time (canonical text).
    pub last_modified: Option<String>,
    /// CWE ids, space-separated.
    pub cwes: String,
    /// Version of the preferred CVSS metric (`4.0`, `3.1`, `3.0`, `2.0`).
    pub cvss_version: Option<String>,
    /// Its vector.
    pub cvss_vector: Option<String>,
    /// Its base score.
    pub cvss_score: Option<f64>,
    /// Its severity.
    pub severity: Option<String>,
    /// Every CVSS metric, as JSON.
    pub cvss_json: String,
    /// CISA ADP SSVC exploitation (`none`, `poc`, `active`).
    pub ssvc_exploitation: Option<String>,
    /// CISA ADP SSVC automatable.
    pub ssvc_automatable: Option<bool>,
    /// CISA ADP SSVC technical impact (`partial`, `total`).
    pub ssvc_technical_impact: Option<String>,
    /// Normalised vendor keys named by the records, space-separated (filter).
    pub vendors: String,
    /// Sources, space-separated (`nvd cve5 csaf`).
    pub sources: String,
}

impl VulnFields {
    /// A hash of every field, to tell whether an update changes anything.
    pub fn content_hash(&self) -> String {
        let text = format!("{self:?}");
        format!("{:016x}", fxhash(text.as_bytes()))
    }

    /// The values of the columns from `cve_id` to `updated_at`, in table order.
    fn binds(&self, now: &str) -> Vec<Bind> {
        let f = self;
        vec![
            f.cve_id.as_str().into(),
            f.title.clone().into(),
            f.description.clone().into(),
            f.assigner.clone().into(),
            f.published.clone().into(),
            f.last_modified.clone().into(),
            f.cwes.as_str().into(),
            f.cvss_version.clone().into(),
            f.cvss_vector.clone().into(),
            f.cvss_score.into(),
            f.severity.clone().into(),
            f.cvss_json.as_str().into(),
            f.ssvc_exploitation.clone().into(),
            f.ssvc_automatable.into(),
            f.ssvc_technical_impact.clone().into(),
            f.vendors.as_str().into(),
            f.sources.as_str().into(),
            f.content_hash().into(),
            now.into(),
        ]
    }
}

/// FNV-1a 64: a stable content hash (not for security).
pub(crate) fn fxhash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A feed record to store.
#[derive(Debug, Clone, Copy)]
pub struct RecordWrite<'a> {
    /// Its vulnerability.
    pub vuln_id: i64,
    /// `nvd`, `cve5` or `csaf:<tracking id>`.
    pub source: &'a str,
    /// The record as JSON.
    pub record: &'a str,
    /// Its content hash.
    pub hash: &'a str,
    /// When its publisher last modified it (canonical text).
    pub last_modified: Option<&'a str>,
}

/// A stored vulnerability with its KEV and EPSS facts.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct VulnRow {
    /// Id.
    pub id: i64,
    /// CVE id.
    pub cve_id: String,
    /// Title.
    pub title: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Assigner.
    pub assigner: Option<String>,
    /// Published.
    pub published: Option<String>,
    /// Last modified.
    pub last_modified: Option<String>,
    /// CWE ids, space-separated.
    pub cwes: String,
    /// Preferred CVSS version.
    pub cvss_version: Option<String>,
    /// Preferred CVSS vector.
    pub cvss_vector: Option<String>,
    /// Preferred CVSS base score.
    pub cvss_score: Option<f64>,
    /// Severity.
    pub severity: Option<String>,
    /// Every CVSS metric (JSON).
    pub cvss_json: String,
    /// ADP SSVC exploitation.
    pub ssvc_exploitation: Option<String>,
    /// ADP SSVC automatable.
    pub ssvc_automatable: Option<bool>,
    /// ADP SSVC technical impact.
    pub ssvc_technical_impact: Option<String>,
    /// Vendor keys.
    pub vendors: String,
    /// Sources.
    pub sources: String,
    /// Created.
    pub created_at: String,
    /// Updated.
    pub updated_at: String,
    /// When its applicability last changed (drives incremental matching).
    pub rules_changed_at: String,
    /// In CISA KEV.
    pub kev: bool,
    /// KEV date added.
    pub kev_date_added: Option<String>,
    /// KEV due date.
    pub kev_due_date: Option<String>,
    /// KEV ransomware use (`Known`, `Unknown`).
    pub kev_ransomware: Option<String>,
    /// KEV required action.
    pub kev_required_action: Option<String>,
    /// EPSS probability.
    pub epss: Option<f64>,
    /// EPSS percentile.
    pub epss_percentile: Option<f64>,
    /// Findings not closed.
    pub open_findings: i64,
}

const VULN_COLUMNS: &str = "v.id, v.cve_id, v.title, v.description, v.assigner, v.published, v.last_modified, v.cwes, \
    v.cvss_version, v.cvss_vector, v.cvss_score, v.severity, v.cvss_json, v.ssvc_exploitation, v.ssvc_automatable, \
    v.ssvc_technical_impact, v.vendors, v.sources, v.created_at, v.updated_at, v.rules_changed_at, \
    (k.cve_id IS NOT NULL) AS kev, k.date_added AS kev_date_added, k.due_date AS kev_due_date, \
    k.ransomware AS kev_ransomware, k.required_action AS kev_required_action, e.epss, e.percentile AS epss_percentile, \
    (SELECT COUNT(*) FROM findings f WHERE f.vuln_id = v.id AND f.status IN ('open', 'in_progress')) AS open_findings";

const VULN_FROM: &str = " FROM vulnerabilities v LEFT JOIN kev_entries k ON k.cve_id = v.cve_id LEFT JOIN epss_scores e ON e.cve_id = v.cve_id";

/// Filters of the vulnerability list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VulnFilter {
    /// Substring of the id, title or description.
    pub q: Option<String>,
    /// Only (or never) KEV entries.
    pub kev: Option<bool>,
    /// EPSS at least.
    pub epss_min: Option<f64>,
    /// CVSS base score at least.
    pub score_min: Option<f64>,
    /// Severity (upper case).
    pub severity: Option<String>,
    /// A normalised vendor key.
    pub vendor: Option<String>,
    /// A CWE id (`CWE-79`).
    pub cwe: Option<String>,
    /// Only vulnerabilities with open findings.
    pub with_findings: bool,
    /// Only those with an open finding of this SSVC outcome.
    pub outcome: Option<String>,
}

fn vuln_where(f: &VulnFilter, sql: &mut Sql) {
    sql.push(" WHERE 1 = 1");
    if let Some(q) = f.q.as_deref().filter(|q| !q.is_empty()) {
        let like = format!("%{}%", q.replace(['%', '_'], ""));
        sql.push(" AND (v.cve_id = ")
            .bind(q.to_ascii_uppercase())
            .push(" OR v.title LIKE ")
            .bind(like.clone())
            .push(" OR v.description LIKE ")
            .bind(like)
            .push(")");
    }
    match f.kev {
        Some(true) => {
            sql.push(" AND k.cve_id IS NOT NULL");
        }
        Some(false) => {
            sql.push(" AND k.cve_id IS NULL");
        }
        None => {}
    }
    if let Some(m) = f.epss_min {
        sql.push(" AND e.epss >= ").bind(m);
    }
    if let Some(m) = f.score_min {
        sql.push(" AND v.cvss_score >= ").bind(m);
    }
    if let Some(s) = &f.severity {
        sql.push(" AND v.severity = ").bind(s.as_str());
    }
    if let Some(v) = &f.vendor {
        sql.push(" AND (' ' || v.vendors || ' ') LIKE ")
            .bind(format!("% {} %", v.replace(['%', '_'], "")));
    }
    if let Some(c) = &f.cwe {
        sql.push(" AND (' ' || v.cwes || ' ') LIKE ")
            .bind(format!("% {} %", c.replace(['%', '_'], "")));
    }
    if f.with_findings || f.outcome.is_some() {
        sql.push(
            " AND EXISTS (SELECT 1 FROM findings f WHERE f.vuln_id = v.id AND f.status IN ('open', 'in_progress')",
        );
        if let Some(o) = &f.outcome {
            sql.push(" AND f.ssvc_outcome = ").bind(o.as_str());
        }
        sql.push(")");
    }
}

/// A stored KEV entry.
#[derive(Debug, Clone, Default, PartialEq, sqlx::FromRow)]
pub struct KevRow {
    /// CVE id.
    pub cve_id: String,
    /// Vendor as CISA names it.
    pub vendor: String,
    /// Product as CISA names it.
    pub product: String,
    /// Vulnerability name.
    pub name: String,
    /// Date added (`YYYY-MM-DD`).
    pub date_added: Option<String>,
    /// Due date (`YYYY-MM-DD`).
    pub due_date: Option<String>,
    /// Required action.
    pub required_action: String,
    /// Ransomware use.
    pub ransomware: Option<String>,
}

/// A stored CSAF advisory (without its document).
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AdvisoryRow {
    /// Id.
    pub id: i64,
    /// `document.tracking.id`.
    pub tracking_id: String,
    /// Publisher name.
    pub publisher: String,
    /// Title.
    pub title: String,
    /// TLP label of the document's distribution, if any.
    pub tlp: Option<String>,
    /// Initial release.
    pub initial_release: Option<String>,
    /// Current release.
    pub current_release: Option<String>,
}

/// A new or changed advisory.
#[derive(Debug, Clone, PartialEq)]
pub struct AdvisoryFields {
    /// `document.tracking.id`.
    pub tracking_id: String,
    /// Publisher name.
    pub publisher: String,
    /// Title.
    pub title: String,
    /// TLP label.
    pub tlp: Option<String>,
    /// Initial release.
    pub initial_release: Option<String>,
    /// Current release.
    pub current_release: Option<String>,
    /// The whole document (JSON text as published).
    pub document: String,
}

/// A feed import's record.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct FeedImportRow {
    /// Id.
    pub id: i64,
    /// `nvd`, `cve5`, `kev`, `epss`, `csaf`.
    pub kind: String,
    /// File or directory name.
    pub source: String,
    /// Started.
    pub started_at: String,
    /// Finished.
    pub finished_at: String,
    /// Records seen.
    pub total: i64,
    /// Created.
    pub created: i64,
    /// Updated.
    pub updated: i64,
    /// Unchanged.
    pub unchanged: i64,
    /// Skipped (malformed).
    pub skipped: i64,
    /// The first problems, as JSON.
    pub problems: String,
}

/// What a vulnerability upsert needs to know about the stored row.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct VulnHead {
    /// Id.
    pub id: i64,
    /// CVE id.
    pub cve_id: String,
    /// Sources, space-separated.
    pub sources: String,
    /// Content hash of the summary.
    pub content_hash: String,
}

/// A feed record for matching: which vulnerability, which source, the JSON.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct VulnRecordRow {
    /// Vulnerability id.
    pub vuln_id: i64,
    /// CVE id.
    pub cve_id: String,
    /// `nvd`, `cve5`.
    pub source: String,
    /// The record, JSON.
    pub record: String,
}

impl Store {
    /// A page of vulnerabilities, most severe first (score, then id), after `after` (score, cve id).
    pub async fn list_vulns(&self, f: &VulnFilter, after: Option<(f64, &str)>, limit: i64) -> Result<Vec<VulnRow>> {
        let mut sql = Sql::new(&format!("SELECT {VULN_COLUMNS}{VULN_FROM}"));
        vuln_where(f, &mut sql);
        if let Some((score, id)) = after {
            sql.push(" AND (COALESCE(v.cvss_score, -1) < ")
                .bind(score)
                .push(" OR (COALESCE(v.cvss_score, -1) = ")
                .bind(score)
                .push(" AND v.cve_id > ")
                .bind(id)
                .push("))");
        }
        sql.push(" ORDER BY COALESCE(v.cvss_score, -1) DESC, v.cve_id ASC LIMIT ")
            .bind(limit.clamp(1, 1000));
        let rows = on_pool!(self, p => bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(sql.text_for(self.backend()))), &sql.binds).fetch_all(p).await)?;
        Ok(rows)
    }

    /// How many vulnerabilities match, counting at most `cap`.
    pub async fn count_vulns(&self, f: &VulnFilter, cap: i64) -> Result<i64> {
        let mut sql = Sql::new(&format!("SELECT COUNT(*) FROM (SELECT 1{VULN_FROM}"));
        vuln_where(f, &mut sql);
        sql.push(" LIMIT ").bind(cap).push(") AS capped");
        let (n,): (i64,) = on_pool!(self, p => bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(sql.text_for(self.backend()))), &sql.binds).fetch_one(p).await)?;
        Ok(n)
    }

    /// One vulnerability by CVE id.
    pub async fn get_vuln(&self, cve_id: &str) -> Result<Option<VulnRow>> {
        let sql = format!("SELECT {VULN_COLUMNS}{VULN_FROM} WHERE v.cve_id = $1");
        let row = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(cve_id).fetch_optional(p).await)?;
        Ok(row)
    }

    /// Vulnerabilities by id.
    pub async fn get_vulns(&self, ids: &[i64]) -> Result<Vec<VulnRow>> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let mut sql = Sql::new(&format!("SELECT {VULN_COLUMNS}{VULN_FROM} WHERE v.id IN ("));
            sql.list(chunk.iter().copied());
            sql.push(")");
            let rows: Vec<VulnRow> = on_pool!(self, p => bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(sql.text_for(self.backend()))), &sql.binds).fetch_all(p).await)?;
            out.extend(rows);
        }
        Ok(out)
    }

    /// The feed records of one vulnerability.
    pub async fn vuln_records(&self, vuln_id: i64) -> Result<Vec<VulnRecordRow>> {
        let rows = on_pool!(self, p => sqlx::query_as(
            "SELECT r.vuln_id, v.cve_id, r.source, r.record FROM vuln_records r JOIN vulnerabilities v ON v.id = r.vuln_id WHERE r.vuln_id = $1 ORDER BY r.source")
            .bind(vuln_id).fetch_all(p).await)?;
        Ok(rows)
    }

    /// Feed records in vulnerability id order, after `after_vuln` (for
    /// matching), optionally only those whose applicability changed at or
    /// after `changed_since`.
    pub async fn vuln_records_chunk(
        &self,
        after_vuln: i64,
        changed_since: Option<&str>,
        limit: i64,
    ) -> Result<Vec<VulnRecordRow>> {
        let rows = on_pool!(self, p => sqlx::query_as(
            "SELECT r.vuln_id, v.cve_id, r.source, r.record FROM vulnerabilities v JOIN vuln_records r ON r.vuln_id = v.id \
             WHERE v.id > $1 AND ($2 IS NULL OR v.rules_changed_at >= $2) ORDER BY v.id, r.source LIMIT $3")
            .bind(after_vuln).bind(changed_since).bind(limit).fetch_all(p).await)?;
        Ok(rows)
    }

    /// Ids of the vulnerabilities whose applicability changed at or after `since`.
    pub async fn vulns_changed_since(&self, since: &str) -> Result<Vec<(i64, String)>> {
        let rows = on_pool!(self, p => sqlx::query_as(
            "SELECT id, cve_id FROM vulnerabilities WHERE rules_changed_at >= $1 ORDER BY id")
            .bind(since).fetch_all(p).await)?;
        Ok(rows)
    }

    /// Every vulnerability's (id, CVE id).
    pub async fn vuln_ids(&self) -> Result<HashMap<String, i64>> {
        let rows: Vec<(i64, String)> =
            on_pool!(self, p => sqlx::query_as("SELECT id, cve_id FROM vulnerabilities").fetch_all(p).await)?;
        Ok(rows.into_iter().map(|(id, cve)| (cve, id)).collect())
    }

    /// How many vulnerabilities are stored.
    pub async fn vuln_count(&self) -> Result<i64> {
        let (n,): (i64,) =
            on_pool!(self, p => sqlx::query_as("SELECT COUNT(*) FROM vulnerabilities").fetch_one(p).await)?;
        Ok(n)
    }

    /// Advisory documents in id order after `after` (for matching), optionally only those updated at or after `since`.
    pub async fn advisory_documents_chunk(
        &self,
        after: i64,
        since: Option<&str>,
        limit: i64,
    ) -> Result<Vec<(i64, String, String)>> {
        let rows = on_pool!(self, p => sqlx::query_as(
            "SELECT id, tracking_id, document FROM advisories WHERE id > $1 AND ($2 IS NULL OR updated_at >= $2) ORDER BY id LIMIT $3")
            .bind(after).bind(since).bind(limit).fetch_all(p).await)?;
        Ok(rows)
    }

    /// The advisories that name a vulnerability.
    pub async fn advisories_of(&self, vuln_id: i64) -> Result<Vec<AdvisoryRow>> {
        let rows = on_pool!(self, p => sqlx::query_as(
            "SELECT a.id, a.tracking_id, a.publisher, a.title, a.tlp, a.initial_release, a.current_release \
             FROM advisories a JOIN advisory_vulns l ON l.advisory_id = a.id WHERE l.vuln_id = $1 ORDER BY a.current_release DESC")
            .bind(vuln_id).fetch_all(p).await)?;
        Ok(rows)
    }

    /// One advisory with its document.
    pub async fn get_advisory(&self, tracking_id: &str) -> Result<Option<(AdvisoryRow, String)>> {
        let row: Option<AdvisoryRow> = on_pool!(self, p => sqlx::query_as(
            "SELECT id, tracking_id, publisher, title, tlp, initial_release, current_release FROM advisories WHERE tracking_id = $1")
            .bind(tracking_id).fetch_optional(p).await)?;
        let Some(row) = row else { return Ok(None) };
        let (doc,): (String,) = on_pool!(self, p => sqlx::query_as("SELECT document FROM advisories WHERE id = $1")
            .bind(row.id).fetch_one(p).await)?;
        Ok(Some((row, doc)))
    }

    /// How many advisories are stored.
    pub async fn advisory_count(&self) -> Result<i64> {
        let (n,): (i64,) = on_pool!(self, p => sqlx::query_as("SELECT COUNT(*) FROM advisories").fetch_one(p).await)?;
        Ok(n)
    }

    /// Every KEV entry, as a map from CVE id.
    pub async fn kev_map(&self) -> Result<HashMap<String, KevRow>> {
        let rows: Vec<KevRow> = on_pool!(self, p => sqlx::query_as(
            "SELECT cve_id, vendor, product, name, date_added, due_date, required_action, ransomware FROM kev_entries")
            .fetch_all(p).await)?;
        Ok(rows.into_iter().map(|r| (r.cve_id.clone(), r)).collect())
    }

    /// How many KEV entries and EPSS scores are stored.
    pub async fn kev_epss_counts(&self) -> Result<(i64, i64)> {
        let (k,): (i64,) = on_pool!(self, p => sqlx::query_as("SELECT COUNT(*) FROM kev_entries").fetch_one(p).await)?;
        let (e,): (i64,) = on_pool!(self, p => sqlx::query_as("SELECT COUNT(*) FROM epss_scores").fetch_one(p).await)?;
        Ok((k, e))
    }

    /// The vendor alias table (alias → canonical).
    pub async fn vendor_aliases(&self) -> Result<Vec<(String, String)>> {
        let rows = on_pool!(self, p => sqlx::query_as("SELECT alias, canonical FROM vendor_aliases ORDER BY alias").fetch_all(p).await)?;
        Ok(rows)
    }

    /// Recent feed imports, newest first.
    pub async fn list_feed_imports(&self, limit: i64) -> Result<Vec<FeedImportRow>> {
        let rows = on_pool!(self, p => sqlx::query_as(
            "SELECT id, kind, source, started_at, finished_at, total, created, updated, unchanged, skipped, problems FROM feed_imports ORDER BY id DESC LIMIT $1")
            .bind(limit).fetch_all(p).await)?;
        Ok(rows)
    }
}

impl Tx {
    /// The stored heads of the given CVE ids.
    pub async fn vuln_heads(&mut self, cve_ids: &[&str]) -> Result<HashMap<String, VulnHead>> {
        let mut out = HashMap::with_capacity(cve_ids.len());
        for chunk in cve_ids.chunks(500) {
            let mut sql = Sql::new("SELECT id, cve_id, sources, content_hash FROM vulnerabilities WHERE cve_id IN (");
            sql.list(chunk.iter().copied());
            sql.push(")");
            let text = sql.text_for(self.backend());
            let rows: Vec<VulnHead> = on_tx!(self, c => bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(text)), &sql.binds).fetch_all(&mut *c).await)?;
            out.extend(rows.into_iter().map(|h| (h.cve_id.clone(), h)));
        }
        Ok(out)
    }

    /// The content hashes and publisher's modification times of the stored
    /// records of `source` for these vulnerabilities.
    pub async fn vuln_record_hashes(
        &mut self,
        vuln_ids: &[i64],
        source: &str,
    ) -> Result<HashMap<i64, (String, Option<String>)>> {
        let mut out = HashMap::with_capacity(vuln_ids.len());
        for chunk in vuln_ids.chunks(500) {
            let mut sql = Sql::new("SELECT vuln_id, content_hash, last_modified FROM vuln_records WHERE source = ");
            sql.bind(source).push(" AND vuln_id IN (");
            sql.list(chunk.iter().copied());
            sql.push(")");
            let text = sql.text_for(self.backend());
            let rows: Vec<(i64, String, Option<String>)> = on_tx!(self, c => bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(text)), &sql.binds).fetch_all(&mut *c).await)?;
            out.extend(rows.into_iter().map(|(id, h, m)| (id, (h, m))));
        }
        Ok(out)
    }

    /// The other sources' records of one vulnerability (source, JSON).
    pub async fn vuln_records_of(&mut self, vuln_id: i64) -> Result<Vec<(String, String)>> {
        let rows = on_tx!(self, c => sqlx::query_as(
            "SELECT source, record FROM vuln_records WHERE vuln_id = $1 ORDER BY source")
            .bind(vuln_id).fetch_all(&mut *c).await)?;
        Ok(rows)
    }

    /// Inserts new vulnerabilities (their ids not yet stored) in multi-row
    /// statements; returns each one's id by CVE id.
    pub async fn insert_vulns(&mut self, rows: &[VulnFields], now: Timestamp) -> Result<HashMap<String, i64>> {
        let now = now.to_string();
        let mut out = HashMap::with_capacity(rows.len());
        // 21 parameters a row; SQLite allows 32,766 per statement.
        for chunk in rows.chunks(500) {
            let mut sql = Sql::new(
                "INSERT INTO vulnerabilities (cve_id, title, description, assigner, published, last_modified, cwes, cvss_version, cvss_vector, cvss_score, severity, cvss_json, ssvc_exploitation, ssvc_automatable, ssvc_technical_impact, vendors, sources, content_hash, updated_at, created_at, rules_changed_at) VALUES ",
            );
            for (i, f) in chunk.iter().enumerate() {
                if i > 0 {
                    sql.push(", ");
                }
                let mut binds = f.binds(&now);
                binds.push(now.as_str().into());
                binds.push(now.as_str().into());
                sql.row(binds);
            }
            // SQLite does not promise RETURNING's order: map by CVE id.
            sql.push(" RETURNING id, cve_id");
            let text = sql.text_for(self.backend());
            let ids: Vec<(i64, String)> = on_tx!(self, c => bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(text)), &sql.binds).fetch_all(&mut *c).await)?;
            out.extend(ids.into_iter().map(|(id, cve)| (cve, id)));
        }
        Ok(out)
    }

    /// Stores records in multi-row statements, replacing each source's older record.
    pub async fn put_vuln_records(&mut self, rows: &[RecordWrite<'_>], now: Timestamp) -> Result<()> {
        let now = now.to_string();
        for chunk in rows.chunks(1000) {
            let mut sql = Sql::new(
                "INSERT INTO vuln_records (vuln_id, source, record, content_hash, last_modified, updated_at) VALUES ",
            );
            for (i, r) in chunk.iter().enumerate() {
                if i > 0 {
                    sql.push(", ");
                }
                sql.row(vec![
                    r.vuln_id.into(),
                    r.source.into(),
                    r.record.into(),
                    r.hash.into(),
                    r.last_modified.into(),
                    now.as_str().into(),
                ]);
            }
            sql.push(
                " ON CONFLICT (vuln_id, source) DO UPDATE SET record = excluded.record, content_hash = excluded.content_hash, last_modified = excluded.last_modified, updated_at = excluded.updated_at",
            );
            let text = sql.text_for(self.backend());
            on_tx!(self, c => bind_all!(sqlx::query(sqlx::AssertSqlSafe(text)), &sql.binds).execute(&mut *c).await.map(|_| ()))?;
        }
        Ok(())
    }

    /// Creates or updates a vulnerability's summary. `rules_changed` moves
    /// its `rules_changed_at` (so the next incremental match looks at it).
    pub async fn upsert_vuln(&mut self, f: &VulnFields, rules_changed: bool, now: Timestamp) -> Result<Upserted> {
        let hash = f.content_hash();
        let now = now.to_string();
        let existing: Option<(i64, String)> = on_tx!(self, c => sqlx::query_as(
            "SELECT id, content_hash FROM vulnerabilities WHERE cve_id = $1").bind(&f.cve_id).fetch_optional(&mut *c).await)?;
        let binds = f.binds(&now);
        match existing {
            Some((id, h)) if h == hash && !rules_changed => Ok(Upserted::Unchanged(id)),
            Some((id, _)) => {
                let mut sql = Sql::new(
                    "UPDATE vulnerabilities SET (cve_id, title, description, assigner, published, last_modified, cwes, cvss_version, cvss_vector, cvss_score, severity, cvss_json, ssvc_exploitation, ssvc_automatable, ssvc_technical_impact, vendors, sources, content_hash, updated_at) = ",
                );
                sql.row(binds);
                if rules_changed {
                    sql.push(", rules_changed_at = ").bind(now.as_str());
                }
                sql.push(" WHERE id = ").bind(id);
                // SQLite and PostgreSQL both accept `SET (a, b) = (…)` (row values).
                let text = sql.text_for(self.backend());
                on_tx!(self, c => bind_all!(sqlx::query(sqlx::AssertSqlSafe(text)), &sql.binds).execute(&mut *c).await.map(|_| ()))?;
                Ok(Upserted::Updated(id))
            }
            None => {
                let mut sql = Sql::new(
                    "INSERT INTO vulnerabilities (cve_id, title, description, assigner, published, last_modified, cwes, cvss_version, cvss_vector, cvss_score, severity, cvss_json, ssvc_exploitation, ssvc_automatable, ssvc_technical_impact, vendors, sources, content_hash, updated_at, created_at, rules_changed_at) VALUES ",
                );
                let mut binds = binds;
                binds.push(now.as_str().into());
                binds.push(now.as_str().into());
                sql.row(binds).push(" RETURNING id");
                let text = sql.text_for(self.backend());
                let (id,): (i64,) = on_tx!(self, c => bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(text)), &sql.binds).fetch_one(&mut *c).await)?;
                Ok(Upserted::Created(id))
            }
        }
    }

    /// Stores a vulnerability's record from one source (replacing that source's older one).
    pub async fn put_vuln_record(&mut self, r: &RecordWrite<'_>, now: Timestamp) -> Result<()> {
        self.put_vuln_records(std::slice::from_ref(r), now).await
    }

    /// Creates or updates an advisory by tracking id; returns its id.
    pub async fn upsert_advisory(&mut self, a: &AdvisoryFields, now: Timestamp) -> Result<Upserted> {
        let hash = format!("{:016x}", fxhash(a.document.as_bytes()));
        let now = now.to_string();
        let existing: Option<(i64, String)> = on_tx!(self, c => sqlx::query_as(
            "SELECT id, content_hash FROM advisories WHERE tracking_id = $1").bind(&a.tracking_id).fetch_optional(&mut *c).await)?;
        match existing {
            Some((id, h)) if h == hash => Ok(Upserted::Unchanged(id)),
            Some((id, _)) => {
                on_tx!(self, c => sqlx::query(
                    "UPDATE advisories SET publisher = $2, title = $3, tlp = $4, initial_release = $5, current_release = $6, document = $7, content_hash = $8, updated_at = $9 WHERE id = $1")
                    .bind(id).bind(&a.publisher).bind(&a.title).bind(&a.tlp).bind(&a.initial_release).bind(&a.current_release)
                    .bind(&a.document).bind(&hash).bind(&now).execute(&mut *c).await.map(|_| ()))?;
                Ok(Upserted::Updated(id))
            }
            None => {
                let (id,): (i64,) = on_tx!(self, c => sqlx::query_as(
                    "INSERT INTO advisories (tracking_id, publisher, title, tlp, initial_release, current_release, document, content_hash, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id")
                    .bind(&a.tracking_id).bind(&a.publisher).bind(&a.title).bind(&a.tlp).bind(&a.initial_release).bind(&a.current_release)
                    .bind(&a.document).bind(&hash).bind(&now).fetch_one(&mut *c).await)?;
                Ok(Upserted::Created(id))
            }
        }
    }

    /// Links an advisory to a vulnerability.
    pub async fn link_advisory(&mut self, advisory_id: i64, vuln_id: i64) -> Result<()> {
        on_tx!(self, c => sqlx::query(
            "INSERT INTO advisory_vulns (advisory_id, vuln_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(advisory_id).bind(vuln_id).execute(&mut *c).await.map(|_| ()))?;
        Ok(())
    }

    /// Moves a vulnerability's `rules_changed_at` to now.
    pub async fn touch_vuln_rules(&mut self, vuln_id: i64, now: Timestamp) -> Result<()> {
        on_tx!(self, c => sqlx::query("UPDATE vulnerabilities SET rules_changed_at = $2 WHERE id = $1")
            .bind(vuln_id).bind(now.to_string()).execute(&mut *c).await.map(|_| ()))?;
        Ok(())
    }

    /// Creates or updates a KEV entry.
    pub async fn upsert_kev(&mut self, k: &KevRow, now: Timestamp) -> Result<Upserted> {
        let existing: Option<KevRow> = on_tx!(self, c => sqlx::query_as(
            "SELECT cve_id, vendor, product, name, date_added, due_date, required_action, ransomware FROM kev_entries WHERE cve_id = $1")
            .bind(&k.cve_id).fetch_optional(&mut *c).await)?;
        if existing.as_ref() == Some(k) {
            return Ok(Upserted::Unchanged(0));
        }
        on_tx!(self, c => sqlx::query(
            "INSERT INTO kev_entries (cve_id, vendor, product, name, date_added, due_date, required_action, ransomware, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (cve_id) DO UPDATE SET vendor = excluded.vendor, \
             product = excluded.product, name = excluded.name, date_added = excluded.date_added, due_date = excluded.due_date, \
             required_action = excluded.required_action, ransomware = excluded.ransomware, updated_at = excluded.updated_at")
            .bind(&k.cve_id).bind(&k.vendor).bind(&k.product).bind(&k.name).bind(&k.date_added).bind(&k.due_date)
            .bind(&k.required_action).bind(&k.ransomware).bind(now.to_string()).execute(&mut *c).await.map(|_| ()))?;
        Ok(if existing.is_some() {
            Upserted::Updated(0)
        } else {
            Upserted::Created(0)
        })
    }

    /// Replaces EPSS scores in bulk: (CVE id, probability, percentile). Returns (created, updated, unchanged).
    pub async fn put_epss(&mut self, rows: &[(String, f64, f64)], date: Option<&str>) -> Result<(u64, u64, u64)> {
        let (mut created, mut updated, mut unchanged) = (0, 0, 0);
        for chunk in rows.chunks(500) {
            let mut sql = Sql::new("SELECT cve_id, epss, percentile FROM epss_scores WHERE cve_id IN (");
            sql.list(chunk.iter().map(|(cve, _, _)| cve.as_str()));
            sql.push(")");
            let text = sql.text_for(self.backend());
            let old: Vec<(String, f64, f64)> = on_tx!(self, c => bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(text)), &sql.binds).fetch_all(&mut *c).await)?;
            let old: HashMap<&str, (f64, f64)> = old.iter().map(|(c, e, p)| (c.as_str(), (*e, *p))).collect();
            let mut ins = Sql::new("INSERT INTO epss_scores (cve_id, epss, percentile, score_date) VALUES ");
            let mut any = false;
            for (cve, e, p) in chunk {
                match old.get(cve.as_str()) {
                    Some(&(oe, op)) if oe == *e && op == *p => {
                        unchanged += 1;
                        continue;
                    }
                    Some(_) => updated += 1,
                    None => created += 1,
                }
                if any {
                    ins.push(", ");
                }
                any = true;
                ins.row(vec![cve.as_str().into(), (*e).into(), (*p).into(), date.into()]);
            }
            if any {
                ins.push(
                    " ON CONFLICT (cve_id) DO UPDATE SET epss = excluded.epss, percentile = excluded.percentile, score_date = excluded.score_date",
                );
                let text = ins.text_for(self.backend());
                on_tx!(self, c => bind_all!(sqlx::query(sqlx::AssertSqlSafe(text)), &ins.binds).execute(&mut *c).await.map(|_| ()))?;
            }
        }
        Ok((created, updated, unchanged))
    }

    /// Adds or changes a vendor alias.
    pub async fn put_vendor_alias(&mut self, alias: &str, canonical: &str, now: Timestamp) -> Result<()> {
        on_tx!(self, c => sqlx::query(
            "INSERT INTO vendor_aliases (alias, canonical, created_at) VALUES ($1, $2, $3) ON CONFLICT (alias) DO UPDATE SET canonical = excluded.canonical")
            .bind(alias).bind(canonical).bind(now.to_string()).execute(&mut *c).await.map(|_| ()))?;
        Ok(())
    }

    /// Removes a vendor alias; true when there was one.
    pub async fn delete_vendor_alias(&mut self, alias: &str) -> Result<bool> {
        let n = on_tx!(self, c => sqlx::query("DELETE FROM vendor_aliases WHERE alias = $1").bind(alias).execute(&mut *c).await.map(|r| r.rows_affected()))?;
        Ok(n > 0)
    }

    /// Records a finished feed import.
    pub async fn insert_feed_import(&mut self, r: &FeedImportRow) -> Result<i64> {
        let (id,): (i64,) = on_tx!(self, c => sqlx::query_as(
            "INSERT INTO feed_imports (kind, source, started_at, finished_at, total, created, updated, unchanged, skipped, problems) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id")
            .bind(&r.kind).bind(&r.source).bind(&r.started_at).bind(&r.finished_at).bind(r.total).bind(r.created)
            .bind(r.updated).bind(r.unchanged).bind(r.skipped).bind(&r.problems).fetch_one(&mut *c).await)?;
        Ok(id)
    }
}
