//! Findings (asset × vulnerability) and match runs.

use rampart_core::time::Timestamp;

use crate::db::{Backend, Store, Tx, on_pool, on_tx};
use crate::error::Result;
use crate::sql::{Bind, Sql, bind_all};

/// Finding statuses that count as open (still to be dealt with).
pub const OPEN_STATUSES: &[&str] = &["open", "in_progress"];

/// What the matcher knows about a stored finding.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow, serde::Deserialize)]
pub struct FindingKey {
    /// Id.
    pub id: i64,
    /// Asset.
    pub asset_id: i64,
    /// Vulnerability.
    pub vuln_id: i64,
    /// Status.
    pub status: String,
    /// [`FindingWrite::match_hash`] of the last match (`None` for a
    /// finding written before hashes were kept).
    pub match_hash: Option<i64>,
    /// First seen (the deadline counts from here).
    pub first_seen: String,
}

/// A finding to insert or refresh.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingWrite {
    /// Asset.
    pub asset_id: i64,
    /// Vulnerability.
    pub vuln_id: i64,
    /// Owner organisation (the asset's).
    pub org_id: i64,
    /// Status for a new finding (`open`, or `not_affected` for a vendor VEX statement).
    pub status: String,
    /// `affected`, `undetermined`, `not_affected`.
    pub verdict: String,
    /// Why it matched (JSON).
    pub evidence: String,
    /// SSVC outcome.
    pub ssvc_outcome: Option<String>,
    /// SSVC inputs and reasons (JSON).
    pub ssvc: String,
    /// Remediation due date (`YYYY-MM-DD`).
    pub due_date: Option<String>,
    /// VEX justification (for `not_affected`).
    pub justification: Option<String>,
    /// A hash of the verdict, evidence, SSVC outcome and due date: the
    /// next match compares it instead of those texts.
    pub match_hash: i64,
}

/// A finding as lists and pages show it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct FindingRow {
    /// Id.
    pub id: i64,
    /// Asset.
    pub asset_id: i64,
    /// Asset name.
    pub asset_name: String,
    /// Asset type.
    pub asset_type: String,
    /// Vulnerability.
    pub vuln_id: i64,
    /// CVE id.
    pub cve_id: String,
    /// Vulnerability title.
    pub title: Option<String>,
    /// CVSS base score.
    pub cvss_score: Option<f64>,
    /// Severity.
    pub severity: Option<String>,
    /// In KEV.
    pub kev: bool,
    /// EPSS.
    pub epss: Option<f64>,
    /// Owner organisation.
    pub org_id: i64,
    /// Owner organisation's slug.
    pub org_slug: String,
    /// Status.
    pub status: String,
    /// Verdict.
    pub verdict: String,
    /// Evidence (JSON).
    pub evidence: String,
    /// SSVC outcome.
    pub ssvc_outcome: Option<String>,
    /// SSVC inputs (JSON).
    pub ssvc: String,
    /// Due date.
    pub due_date: Option<String>,
    /// VEX justification.
    pub justification: Option<String>,
    /// Note.
    pub note: String,
    /// First seen.
    pub first_seen: String,
    /// Last seen.
    pub last_seen: String,
    /// Closed.
    pub closed_at: Option<String>,
}

const FINDING_COLUMNS: &str = "f.id, f.asset_id, a.name AS asset_name, a.asset_type, f.vuln_id, v.cve_id, v.title, \
    v.cvss_score, v.severity, (k.cve_id IS NOT NULL) AS kev, e.epss, f.org_id, o.slug AS org_slug, f.status, f.verdict, \
    f.evidence, f.ssvc_outcome, f.ssvc, f.due_date, f.justification, f.note, f.first_seen, f.last_seen, f.closed_at";

const FINDING_FROM: &str = " FROM findings f JOIN assets a ON a.id = f.asset_id JOIN vulnerabilities v ON v.id = f.vuln_id \
    JOIN organisations o ON o.id = f.org_id LEFT JOIN kev_entries k ON k.cve_id = v.cve_id \
    LEFT JOIN epss_scores e ON e.cve_id = v.cve_id";

/// Filters of finding lists.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FindingFilter {
    /// Owner organisation.
    pub org_id: Option<i64>,
    /// One asset.
    pub asset_id: Option<i64>,
    /// Any of these assets (a service's).
    pub asset_ids: Option<Vec<i64>>,
    /// One vulnerability.
    pub vuln_id: Option<i64>,
    /// Status (`open` means open or in progress; `all` means any).
    pub status: Option<String>,
    /// SSVC outcome.
    pub outcome: Option<String>,
    /// Only KEV.
    pub kev: bool,
}

/// Sort orders of finding lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FindingOrder {
    /// Patch first: SSVC outcome (Immediate first), then due date, then EPSS.
    #[default]
    PatchFirst,
    /// Newest first.
    Recent,
}

fn finding_where(f: &FindingFilter, sql: &mut Sql, backend: Backend) {
    sql.push(" WHERE 1 = 1");
    if let Some(o) = f.org_id {
        sql.push(" AND f.org_id = ").bind(o);
    }
    if let Some(a) = f.asset_id {
        sql.push(" AND f.asset_id = ").bind(a);
    }
    if let Some(ids) = &f.asset_ids {
        // Any number of ids as one JSON array parameter (a service may need
        // hundreds of thousands of devices; SQLite allows 32,766 parameters).
        let list = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
        match backend {
            Backend::Sqlite => sql
                .push(" AND f.asset_id IN (SELECT value FROM json_each(")
                .bind(list)
                .push("))"),
            Backend::Postgres => sql
                .push(" AND f.asset_id IN (SELECT jsonb_array_elements_text(CAST(")
                .bind(list)
                .push(" AS jsonb))::bigint)"),
        };
    }
    if let Some(v) = f.vuln_id {
        sql.push(" AND f.vuln_id = ").bind(v);
    }
    match f.status.as_deref() {
        None | Some("open") => {
            sql.push(" AND f.status IN ('open', 'in_progress')");
        }
        Some("all") => {}
        Some(s) => {
            sql.push(" AND f.status = ").bind(s);
        }
    }
    if let Some(o) = &f.outcome {
        sql.push(" AND f.ssvc_outcome = ").bind(o.as_str());
    }
    if f.kev {
        sql.push(" AND k.cve_id IS NOT NULL");
    }
}

/// SQL rank of an SSVC outcome (Immediate first).
const OUTCOME_RANK: &str = "CASE f.ssvc_outcome WHEN 'immediate' THEN 0 WHEN 'out_of_cycle' THEN 1 \
    WHEN 'scheduled' THEN 2 WHEN 'defer' THEN 3 ELSE 4 END";

/// What matching needs of an asset.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct AssetPlatformRow {
    /// Id.
    pub id: i64,
    /// Owner organisation.
    pub org_id: i64,
    /// Vendor.
    pub vendor: Option<String>,
    /// Product.
    pub product: Option<String>,
    /// Model.
    pub model: Option<String>,
    /// Version.
    pub version: Option<String>,
    /// Firmware version.
    pub firmware_version: Option<String>,
    /// CPEs, space-separated.
    pub cpes: String,
    /// purls, space-separated.
    pub purls: String,
    /// Zone.
    pub zone_id: Option<i64>,
    /// Internet-exposed.
    #[serde(deserialize_with = "crate::packed::sql_bool")]
    pub internet_exposed: bool,
}

impl Store {
    /// Assets for matching, in id order after `after`.
    pub async fn asset_platforms_chunk(&self, after: i64, limit: i64) -> Result<Vec<AssetPlatformRow>> {
        const COLUMNS: [&str; 11] = [
            "id",
            "org_id",
            "vendor",
            "product",
            "model",
            "version",
            "firmware_version",
            "cpes",
            "purls",
            "zone_id",
            "internet_exposed",
        ];
        // A million rows for the matcher: packed (see `packed.rs`).
        self.packed_chunk("assets", &COLUMNS, after, limit, |r: &AssetPlatformRow| r.id)
            .await
    }

    /// Advisory ids linked to any of these vulnerabilities.
    pub async fn advisory_ids_for_vulns(&self, vuln_ids: &[i64]) -> Result<Vec<i64>> {
        let mut out = Vec::new();
        for chunk in vuln_ids.chunks(500) {
            let mut sql = Sql::new("SELECT DISTINCT advisory_id FROM advisory_vulns WHERE vuln_id IN (");
            sql.list(chunk.iter().copied());
            sql.push(")");
            let rows: Vec<(i64,)> = on_pool!(self, p => bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(sql.text_for(self.backend()))), &sql.binds).fetch_all(p).await)?;
            out.extend(rows.into_iter().map(|(i,)| i));
        }
        out.sort_unstable();
        out.dedup();
        Ok(out)
    }

    /// Advisory documents by id: (id, tracking id, document).
    pub async fn advisory_documents(&self, ids: &[i64]) -> Result<Vec<(i64, String, String)>> {
        let mut out = Vec::new();
        for chunk in ids.chunks(200) {
            let mut sql = Sql::new("SELECT id, tracking_id, document FROM advisories WHERE id IN (");
            sql.list(chunk.iter().copied());
            sql.push(")");
            let rows: Vec<(i64, String, String)> = on_pool!(self, p => bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(sql.text_for(self.backend()))), &sql.binds).fetch_all(p).await)?;
            out.extend(rows);
        }
        Ok(out)
    }

    /// A page of findings (offset pagination: lists are filtered to a
    /// manageable size and sorted by a computed rank).
    pub async fn list_findings(
        &self,
        f: &FindingFilter,
        order: FindingOrder,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<FindingRow>> {
        let mut sql = Sql::new(&format!("SELECT {FINDING_COLUMNS}{FINDING_FROM}"));
        finding_where(f, &mut sql, self.backend());
        match order {
            FindingOrder::PatchFirst => sql.push(&format!(
                " ORDER BY {OUTCOME_RANK}, COALESCE(f.due_date, '9999-12-31'), COALESCE(e.epss, 0) DESC, COALESCE(v.cvss_score, 0) DESC, f.id"
            )),
            FindingOrder::Recent => sql.push(" ORDER BY f.first_seen DESC, f.id DESC"),
        };
        sql.push(" LIMIT ")
            .bind(limit.clamp(1, 5000))
            .push(" OFFSET ")
            .bind(offset.max(0));
        let rows = on_pool!(self, p => bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(sql.text_for(self.backend()))), &sql.binds).fetch_all(p).await)?;
        Ok(rows)
    }

    /// How many findings match, counting at most `cap`.
    pub async fn count_findings(&self, f: &FindingFilter, cap: i64) -> Result<i64> {
        let mut sql = Sql::new(&format!("SELECT COUNT(*) FROM (SELECT 1{FINDING_FROM}"));
        finding_where(f, &mut sql, self.backend());
        sql.push(" LIMIT ").bind(cap).push(") AS capped");
        let (n,): (i64,) = on_pool!(self, p => bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(sql.text_for(self.backend()))), &sql.binds).fetch_one(p).await)?;
        Ok(n)
    }

    /// Open findings per SSVC outcome for an organisation (or the city).
    pub async fn finding_outcome_counts(&self, org: Option<i64>) -> Result<Vec<(Option<String>, i64)>> {
        let rows = on_pool!(self, p => sqlx::query_as(
            "SELECT ssvc_outcome, COUNT(*) FROM findings WHERE status IN ('open', 'in_progress') AND ($1 IS NULL OR org_id = $1) GROUP BY ssvc_outcome")
            .bind(org).fetch_all(p).await)?;
        Ok(rows)
    }

    /// Open findings per organisation and SSVC outcome.
    pub async fn finding_counts_by_org(&self) -> Result<Vec<(i64, Option<String>, i64)>> {
        let rows = on_pool!(self, p => sqlx::query_as(
            "SELECT org_id, ssvc_outcome, COUNT(*) FROM findings WHERE status IN ('open', 'in_progress') GROUP BY org_id, ssvc_outcome")
            .fetch_all(p).await)?;
        Ok(rows)
    }

    /// Open findings per SSVC outcome among those `f` selects (its status
    /// and outcome filters aside).
    pub async fn finding_outcome_counts_where(&self, f: &FindingFilter) -> Result<Vec<(Option<String>, i64)>> {
        let f = FindingFilter {
            status: Some("open".into()),
            outcome: None,
            ..f.clone()
        };
        let mut sql = Sql::new(&format!("SELECT f.ssvc_outcome, COUNT(*){FINDING_FROM}"));
        finding_where(&f, &mut sql, self.backend());
        sql.push(" GROUP BY f.ssvc_outcome");
        let rows = on_pool!(self, p => bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(sql.text_for(self.backend()))), &sql.binds).fetch_all(p).await)?;
        Ok(rows)
    }

    /// One finding.
    pub async fn get_finding(&self, id: i64) -> Result<Option<FindingRow>> {
        let sql = format!("SELECT {FINDING_COLUMNS}{FINDING_FROM} WHERE f.id = $1");
        let row = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(p).await)?;
        Ok(row)
    }

    /// Ids of the vulnerabilities some stored CSAF advisory names.
    pub async fn advisory_vuln_ids(&self) -> Result<Vec<i64>> {
        let rows: Vec<(i64,)> =
            on_pool!(self, p => sqlx::query_as("SELECT DISTINCT vuln_id FROM advisory_vulns").fetch_all(p).await)?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// Stored findings of the assets with ids in `lo..=hi`.
    pub async fn finding_keys_for_assets(&self, lo: i64, hi: i64) -> Result<Vec<FindingKey>> {
        // Millions of rows in a full match: packed (see `packed.rs`).
        let mut sql = Sql::new(
            "SELECT id, asset_id, vuln_id, status, match_hash, first_seen FROM findings WHERE asset_id BETWEEN ",
        );
        sql.bind(lo).push(" AND ").bind(hi);
        self.fetch_packed(
            "findings",
            &sql,
            &["id", "asset_id", "vuln_id", "status", "match_hash", "first_seen"],
        )
        .await
    }

    /// Stored findings of the given vulnerabilities.
    pub async fn finding_keys_for_vulns(&self, vuln_ids: &[i64]) -> Result<Vec<FindingKey>> {
        let mut out = Vec::new();
        for chunk in vuln_ids.chunks(500) {
            let mut sql = Sql::new(
                "SELECT id, asset_id, vuln_id, status, match_hash, first_seen FROM findings WHERE vuln_id IN (",
            );
            sql.list(chunk.iter().copied());
            sql.push(")");
            let rows: Vec<FindingKey> = on_pool!(self, p => bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(sql.text_for(self.backend()))), &sql.binds).fetch_all(p).await)?;
            out.extend(rows);
        }
        Ok(out)
    }

    /// When the last full match run started.
    pub async fn last_full_match_started(&self) -> Result<Option<String>> {
        let row: Option<(String,)> = on_pool!(self, p => sqlx::query_as(
            "SELECT started_at FROM match_runs WHERE full_match ORDER BY id DESC LIMIT 1").fetch_optional(p).await)?;
        Ok(row.map(|r| r.0))
    }

    /// Recent match runs, newest first: (full, started, finished, rules, assets, opened, updated, closed, millis).
    pub async fn list_match_runs(&self, limit: i64) -> Result<Vec<MatchRunRow>> {
        let rows = on_pool!(self, p => sqlx::query_as(
            "SELECT id, full_match, started_at, finished_at, rules, assets, opened, updated, closed, millis, aliases_hash FROM match_runs ORDER BY id DESC LIMIT $1")
            .bind(limit).fetch_all(p).await)?;
        Ok(rows)
    }
}

/// A recorded match run.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct MatchRunRow {
    /// Id.
    pub id: i64,
    /// Full or incremental.
    pub full_match: bool,
    /// Started.
    pub started_at: String,
    /// Finished.
    pub finished_at: String,
    /// Rules matched.
    pub rules: i64,
    /// Assets matched.
    pub assets: i64,
    /// Findings opened.
    pub opened: i64,
    /// Findings updated.
    pub updated: i64,
    /// Findings closed.
    pub closed: i64,
    /// Duration.
    pub millis: i64,
    /// Hash of the vendor alias table the run used.
    pub aliases_hash: String,
}

impl Tx {
    /// Inserts new findings (first and last seen now).
    pub async fn insert_findings(&mut self, rows: &[FindingWrite], now: Timestamp) -> Result<()> {
        let now = now.to_string();
        // 15 values a row.
        for chunk in rows.chunks(1000) {
            let mut sql = Sql::new(
                "INSERT INTO findings (asset_id, vuln_id, org_id, status, verdict, evidence, ssvc_outcome, ssvc, due_date, justification, first_seen, last_seen, updated_at, closed_at, match_hash) VALUES ",
            );
            for (i, f) in chunk.iter().enumerate() {
                if i > 0 {
                    sql.push(", ");
                }
                let closed: Option<String> = (f.status == "not_affected").then(|| now.clone());
                sql.row(vec![
                    f.asset_id.into(),
                    f.vuln_id.into(),
                    f.org_id.into(),
                    f.status.as_str().into(),
                    f.verdict.as_str().into(),
                    f.evidence.as_str().into(),
                    f.ssvc_outcome.clone().into(),
                    f.ssvc.as_str().into(),
                    f.due_date.clone().into(),
                    f.justification.clone().into(),
                    now.as_str().into(),
                    now.as_str().into(),
                    now.as_str().into(),
                    Bind::from(closed),
                    f.match_hash.into(),
                ]);
            }
            sql.push(" ON CONFLICT (asset_id, vuln_id) DO NOTHING");
            let text = sql.text_for(self.backend());
            on_tx!(self, c => bind_all!(sqlx::query(sqlx::AssertSqlSafe(text)), &sql.binds).execute(&mut *c).await.map(|_| ()))?;
        }
        Ok(())
    }

    /// Refreshes a finding that matched again: verdict, evidence, SSVC and due date; last seen now.
    /// A finding the matcher had closed (`fixed` because it stopped matching) opens again.
    pub async fn refresh_finding(&mut self, id: i64, f: &FindingWrite, reopen: bool, now: Timestamp) -> Result<()> {
        let now = now.to_string();
        on_tx!(self, c => sqlx::query(
            "UPDATE findings SET verdict = $2, evidence = $3, ssvc_outcome = $4, ssvc = $5, due_date = $6, last_seen = $7, updated_at = $7, \
             status = CASE WHEN $8 THEN $9 ELSE status END, closed_at = CASE WHEN $8 THEN NULL ELSE closed_at END, \
             justification = CASE WHEN $8 THEN $10 ELSE justification END, match_hash = $11 WHERE id = $1")
            .bind(id).bind(&f.verdict).bind(&f.evidence).bind(&f.ssvc_outcome).bind(&f.ssvc).bind(&f.due_date).bind(&now)
            .bind(reopen).bind(&f.status).bind(&f.justification).bind(f.match_hash).execute(&mut *c).await.map(|_| ()))?;
        Ok(())
    }

    /// Marks findings as seen now without other changes.
    pub async fn touch_findings(&mut self, ids: &[i64], now: Timestamp) -> Result<()> {
        let now = now.to_string();
        for chunk in ids.chunks(1000) {
            let mut sql = Sql::new("UPDATE findings SET last_seen = ");
            sql.bind(now.as_str()).push(" WHERE id IN (");
            sql.list(chunk.iter().copied());
            sql.push(")");
            let text = sql.text_for(self.backend());
            on_tx!(self, c => bind_all!(sqlx::query(sqlx::AssertSqlSafe(text)), &sql.binds).execute(&mut *c).await.map(|_| ()))?;
        }
        Ok(())
    }

    /// Closes findings that no longer match (status `fixed`, note why).
    pub async fn close_findings(&mut self, ids: &[i64], reason: &str, now: Timestamp) -> Result<()> {
        let now = now.to_string();
        for chunk in ids.chunks(1000) {
            let mut sql = Sql::new("UPDATE findings SET status = 'fixed', closed_at = ");
            sql.bind(now.as_str())
                .push(", updated_at = ")
                .bind(now.as_str())
                .push(", note = ")
                .bind(reason)
                .push(" WHERE id IN (");
            sql.list(chunk.iter().copied());
            sql.push(")");
            let text = sql.text_for(self.backend());
            on_tx!(self, c => bind_all!(sqlx::query(sqlx::AssertSqlSafe(text)), &sql.binds).execute(&mut *c).await.map(|_| ()))?;
        }
        Ok(())
    }

    /// Sets a finding's triage fields; false when there is no such finding.
    pub async fn update_finding_status(
        &mut self,
        id: i64,
        status: &str,
        justification: Option<&str>,
        note: &str,
        now: Timestamp,
    ) -> Result<bool> {
        let now = now.to_string();
        let closed = !OPEN_STATUSES.contains(&status);
        let n = on_tx!(self, c => sqlx::query(
            "UPDATE findings SET status = $2, justification = $3, note = $4, updated_at = $5, \
             closed_at = CASE WHEN $6 THEN COALESCE(closed_at, $5) ELSE NULL END WHERE id = $1")
            .bind(id).bind(status).bind(justification).bind(note).bind(&now).bind(closed)
            .execute(&mut *c).await.map(|r| r.rows_affected()))?;
        Ok(n > 0)
    }

    /// Records a match run.
    pub async fn insert_match_run(&mut self, r: &MatchRunRow) -> Result<i64> {
        let (id,): (i64,) = on_tx!(self, c => sqlx::query_as(
            "INSERT INTO match_runs (full_match, started_at, finished_at, rules, assets, opened, updated, closed, millis, aliases_hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id")
            .bind(r.full_match).bind(&r.started_at).bind(&r.finished_at).bind(r.rules).bind(r.assets)
            .bind(r.opened).bind(r.updated).bind(r.closed).bind(r.millis).bind(&r.aliases_hash).fetch_one(&mut *c).await)?;
        Ok(id)
    }
}
