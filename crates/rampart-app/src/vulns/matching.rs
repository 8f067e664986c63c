//! Matching the stored vulnerabilities to the inventory and keeping the
//! findings current.
//!
//! A **full** match builds the rule index from every stored record and
//! advisory and matches every asset; findings that no longer match are
//! closed (`fixed`, with a note). An **incremental** match does the same
//! for the vulnerabilities whose records changed since the last run (and
//! the advisories that name them), touching only their findings.
//!
//! Each finding carries its evidence (which criterion, range or product
//! statement matched) and an SSVC deployer decision
//! ([`rampart_core::ssvc`]): exploitation from KEV and the CISA ADP,
//! exposure from the asset's zone and internet exposure, automatable from
//! the ADP, mission and well-being impact from the services that depend on
//! the asset in the estate graph. The due date follows the deadline policy,
//! a KEV due date winning when sooner.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rampart_core::authz::Permission;
use rampart_core::estate::{Level, NodeIdx};
use rampart_core::matching::{
    AssetCpe, AssetIdentity, AssetPlatform, AssetPurl, RuleId, RuleIndex, Verdict, VulnRule, collect_matches,
};
use rampart_core::normalize::AliasTable;
use rampart_core::ssvc::{self, Assessed, Automatable, Decision, Exploitation, Exposure, ServiceStake};
use rampart_formats::csaf;
use rampart_formats::feed::ApplicabilityRecord;
use rampart_formats::feed::to_core;
use rampart_store::{FindingKey, FindingWrite, KevRow, MatchRunRow, VulnRow};
use serde_json::json;

use crate::App;
use crate::actor::Actor;
use crate::audit::entry;
use crate::error::{AppError, Result};
use crate::estate::EstateSnapshot;

/// The outcome of a match run.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct MatchReport {
    /// Full or incremental.
    pub full: bool,
    /// Vulnerability rules matched.
    pub rules: u64,
    /// Assets matched.
    pub assets: u64,
    /// Findings opened.
    pub opened: u64,
    /// Findings whose verdict, evidence, priority or due date changed.
    pub updated: u64,
    /// Findings seen again unchanged.
    pub unchanged: u64,
    /// Findings closed because they no longer match.
    pub closed: u64,
    /// Time taken.
    pub millis: u64,
    /// Where the time went: (phase, milliseconds).
    pub phases: Vec<(String, u64)>,
}

impl MatchReport {
    /// One line summary.
    pub fn summary(&self) -> String {
        format!(
            "{} match: {} rules × {} assets: opened {}, updated {}, unchanged {}, closed {} in {:.1} s",
            if self.full { "full" } else { "incremental" },
            self.rules,
            self.assets,
            self.opened,
            self.updated,
            self.unchanged,
            self.closed,
            self.millis as f64 / 1000.0
        )
    }
}

/// The inventory as the matcher sees it: every asset's platform (CPEs,
/// purls, vendor/product identity), the facts its SSVC decision needs and
/// the services that depend on it. Built from the store and the estate
/// snapshot, and kept per estate version, so an incremental match after a
/// feed update does not read a million assets again.
pub(crate) struct MatchInventory {
    version: i64,
    platforms: Vec<AssetPlatform>,
    facts: Vec<AssetFacts>,
    stakes: HashMap<i64, Vec<(String, ServiceStake)>>,
}

/// What the SSVC decision needs to know about an asset.
struct AssetFacts {
    id: i64,
    org_id: i64,
    internet_exposed: bool,
    zone_kind: Option<String>,
}

fn parse_date(s: &str) -> Option<time::Date> {
    time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).ok()
}

impl App {
    /// Matches the stored vulnerabilities to the inventory. `full` re-matches
    /// everything; otherwise only what changed since the last run (a first
    /// run is always full).
    pub async fn run_match(&self, actor: &Actor, full: bool) -> Result<MatchReport> {
        actor.require(Permission::FeedManage)?;
        let started = Instant::now();
        let start_ts = self.now();
        let last = self.store.list_match_runs(1).await?.into_iter().next();
        // The stored vendor aliases; when they changed since the last run, every rule may match differently.
        let stored_aliases = self.store.vendor_aliases().await?;
        let aliases_hash = aliases_hash(&stored_aliases);
        let since = match last {
            Some(r) if !full && r.aliases_hash == aliases_hash => Some(r.started_at),
            _ => None,
        };
        let full = since.is_none();

        // 1. Rules, compiled into the index (with the stored vendor aliases on top of
        // the built-in ones) as they are read: a vulnerability's records are read
        // together (NVD, CVE 5), and its rule goes in as soon as they are, unless
        // CSAF advisories name it — those wait to be merged with the advisories' rules.
        let mut aliases = AliasTable::default();
        for (a, c) in &stored_aliases {
            aliases.insert(a, c);
        }
        let mut index = RuleIndex::new(aliases);
        let with_advisories: HashSet<i64> = self.store.advisory_vuln_ids().await?.into_iter().collect();
        let mut held: HashMap<String, VulnRule> = HashMap::new();
        let mut indexed: HashSet<String> = HashSet::new();
        let mut current: Option<VulnRule> = None;
        let mut add = |index: &mut RuleIndex, rule: Option<VulnRule>| {
            if let Some(rule) = rule.filter(|r| !r.is_empty()) {
                index.add(&rule);
                indexed.insert(rule.id.clone());
            }
        };
        let mut vuln_ids: HashMap<String, i64> = HashMap::new();
        let mut after = 0;
        loop {
            let chunk = self.store.vuln_records_chunk(after, since.as_deref(), 20_000).await?;
            let Some(last) = chunk.last() else { break };
            after = last.vuln_id;
            // A chunk may end in the middle of one vulnerability's records: keep them together.
            let complete: Vec<_> = if chunk.len() == 20_000 {
                let last_id = last.vuln_id;
                after = last_id - 1;
                chunk.into_iter().filter(|r| r.vuln_id != last_id).collect()
            } else {
                chunk
            };
            if complete.is_empty() {
                // One vulnerability with 20,000 records cannot happen (one per source).
                return Err(AppError::Internal("vulnerability records chunk did not advance".into()));
            }
            let mut texts = Vec::with_capacity(complete.len());
            for r in complete {
                vuln_ids.insert(r.cve_id.clone(), r.vuln_id);
                // CSAF applicability comes from the advisory's product tree.
                if !r.source.starts_with("csaf:") {
                    texts.push((r.cve_id, r.record));
                }
            }
            for (cve, rule) in parse_rules(texts).await? {
                if vuln_ids.get(&cve).is_some_and(|id| with_advisories.contains(id)) {
                    held.entry(cve.clone())
                        .or_insert_with(|| VulnRule::new(cve))
                        .merge(rule);
                    continue;
                }
                match current.as_mut() {
                    Some(c) if c.id == cve => c.merge(rule),
                    _ => {
                        let mut next = VulnRule::new(cve);
                        next.merge(rule);
                        add(&mut index, current.replace(next));
                    }
                }
            }
        }
        add(&mut index, current.take());
        if !full {
            // Vulnerabilities that changed without records of their own (CSAF-only, KEV changes).
            for (id, cve) in self
                .store
                .vulns_changed_since(since.as_deref().unwrap_or_default())
                .await?
            {
                vuln_ids.insert(cve, id);
            }
        }
        if full {
            let mut after = 0;
            loop {
                let chunk = self.store.advisory_documents_chunk(after, None, 500).await?;
                let Some(last) = chunk.last() else { break };
                after = last.0;
                for (_, _, doc) in &chunk {
                    add_csaf_rules(doc, &mut held, None);
                }
            }
        } else {
            // Every advisory naming a changed vulnerability, so its rule is whole again.
            let ids: Vec<i64> = vuln_ids.values().copied().collect();
            let advisory_ids = self.store.advisory_ids_for_vulns(&ids).await?;
            let scope: HashSet<String> = vuln_ids.keys().cloned().collect();
            for (_, _, doc) in self.store.advisory_documents(&advisory_ids).await? {
                add_csaf_rules(&doc, &mut held, Some(&scope));
            }
        }
        // Rules from advisories about ids without a vulnerability row cannot hold findings.
        if full {
            let all = self.store.vuln_ids().await?;
            vuln_ids = all;
        }
        let mut held: Vec<VulnRule> = held
            .into_values()
            .filter(|r| vuln_ids.contains_key(&r.id) && !r.is_empty() && !indexed.contains(&r.id))
            .collect();
        held.sort_by(|a, b| a.id.cmp(&b.id));
        for rule in held {
            index.add(&rule);
        }
        index.finish();

        let mut phases = vec![("rules and index", started.elapsed())];
        // 3. The inventory (cached per estate version).
        let t = Instant::now();
        let inventory = self.match_inventory().await?;

        // 4. Facts every chunk needs.
        let in_scope: Vec<i64> = vuln_ids.values().copied().collect();
        let in_scope_set: HashSet<i64> = in_scope.iter().copied().collect();
        let kev = self.store.kev_map().await?;
        let policy = self.config.deadlines;
        let today = start_ts.as_datetime().date();
        // An incremental run knows its few findings up front; a full one reads them per chunk.
        let mut scoped: HashMap<i64, Vec<FindingKey>> = HashMap::new();
        if !full {
            for f in self.store.finding_keys_for_vulns(&in_scope).await? {
                scoped.entry(f.asset_id).or_default().push(f);
            }
        }
        let mut vulns: HashMap<i64, VulnRow> = HashMap::new();
        let mut report = MatchReport {
            full,
            rules: index.len() as u64,
            assets: inventory.platforms.len() as u64,
            ..MatchReport::default()
        };
        phases.push(("estate, inventory and facts", t.elapsed()));
        let (mut t_match, mut t_diff, mut t_write) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
        let mut t_read = Duration::ZERO;
        let mut writing: Option<tokio::task::JoinHandle<Result<()>>> = None;

        // Each rule's vulnerability row.
        let rule_vuln: Vec<Option<i64>> = (0..index.len())
            .map(|r| vuln_ids.get(index.rule_id(RuleId::from_index(r))).copied())
            .collect();

        // 5. Chunk by chunk of assets: match, compare with the stored findings, write.
        // Each chunk commits on its own, so writers (sign-ins, triage) are never
        // blocked for long; an interrupted run is completed by the next one.
        let index = Arc::new(index);
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let n_assets = inventory.platforms.len();
        let mut start = 0;
        while start < n_assets || (start == 0 && n_assets == 0) {
            let end = (start + self.config.match_chunk.max(1)).min(n_assets);
            let t = Instant::now();
            let (ix, inv) = (index.clone(), inventory.clone());
            let matches =
                tokio::task::spawn_blocking(move || collect_matches(&ix, &inv.platforms[start..end], threads))
                    .await
                    .map_err(|e| AppError::Internal(format!("matching thread: {e}")))?;
            t_match += t.elapsed();
            let t = Instant::now();
            let facts = &inventory.facts[start..end];
            // The stored findings of these assets (ids ascend with the inventory order).
            let lo = if start == 0 {
                i64::MIN
            } else {
                facts.first().map_or(i64::MIN, |f| f.id)
            };
            let hi = if end == n_assets {
                i64::MAX
            } else {
                facts.last().map_or(i64::MAX, |f| f.id)
            };
            let existing: Vec<FindingKey> = if full {
                self.store.finding_keys_for_assets(lo, hi).await?
            } else {
                facts.iter().filter_map(|a| scoped.remove(&a.id)).flatten().collect()
            };
            t_read += t.elapsed();
            let mut stored: HashMap<(i64, i64), FindingKey> =
                existing.into_iter().map(|f| ((f.asset_id, f.vuln_id), f)).collect();
            let mut wanted: Vec<i64> = matches
                .iter()
                .filter_map(|m| rule_vuln.get(m.found.rule.index()).copied().flatten())
                .filter(|id| !vulns.contains_key(id))
                .collect();
            wanted.sort_unstable();
            wanted.dedup();
            vulns.extend(self.store.get_vulns(&wanted).await?.into_iter().map(|v| (v.id, v)));
            let mut inserts = Vec::new();
            let mut refreshes: Vec<(i64, FindingWrite, bool)> = Vec::new();
            let mut touches = Vec::new();
            let mut side: Option<(u32, AssetSideOf)> = None;
            for m in &matches {
                let asset = &facts[m.asset as usize];
                let Some(vuln_id) = rule_vuln.get(m.found.rule.index()).copied().flatten() else {
                    continue;
                };
                let Some(vuln) = vulns.get(&vuln_id) else { continue };
                let verdict = match m.found.verdict {
                    Verdict::Affected => "affected",
                    Verdict::NotAffected => "not_affected",
                    Verdict::Undetermined => "undetermined",
                };
                let old = stored.remove(&(asset.id, vuln_id));
                if old.is_none() && m.found.verdict == Verdict::NotAffected {
                    continue; // a vendor VEX statement about an asset with no finding: nothing to record
                }
                // The deadline counts from when the finding was first seen, not from this run.
                let first_seen = old
                    .as_ref()
                    .and_then(|o| o.first_seen.get(..10))
                    .and_then(parse_date)
                    .unwrap_or(today);
                // Matches of one asset are contiguous: its side is worked out once.
                if side.as_ref().is_none_or(|(a, _)| *a != m.asset) {
                    side = Some((
                        m.asset,
                        asset_side(asset, inventory.stakes.get(&asset.id).map(Vec::as_slice)),
                    ));
                }
                let Some((_, asset_part)) = side.as_ref() else { continue };
                let kev_row = kev.get(&vuln.cve_id);
                let outcome = outcome_of(vuln, kev_row, asset_part);
                let due = policy.due_date(
                    outcome,
                    first_seen,
                    kev_row.and_then(|k| k.due_date.as_deref()).and_then(parse_date),
                );
                let evidence = m.found.display(&index, &inventory.platforms[start + m.asset as usize]);
                // A new finding is written anyway: its text is formatted once, for
                // the hash and the row; a stored one's is hashed as it is formatted.
                let text = old.is_none().then(|| evidence.to_string());
                let hash = match &text {
                    Some(t) => match_hash(verdict, t, outcome.as_str(), due),
                    None => match_hash(verdict, &evidence, outcome.as_str(), due),
                };
                // The finding as written, built only when it is.
                let write = || {
                    let (status, justification) = match m.found.verdict {
                        Verdict::NotAffected => (
                            "not_affected".to_owned(),
                            Some("vendor statement: not affected or fixed (VEX)".to_owned()),
                        ),
                        _ => ("open".to_owned(), None),
                    };
                    FindingWrite {
                        asset_id: asset.id,
                        vuln_id,
                        org_id: asset.org_id,
                        status,
                        verdict: verdict.to_owned(),
                        evidence: json!({
                            "verdict": verdict,
                            "text": text.clone().unwrap_or_else(|| evidence.to_string()),
                        })
                        .to_string(),
                        ssvc_outcome: Some(outcome.as_str().to_owned()),
                        ssvc: serde_json::to_string(&decide(vuln, kev_row, asset_part)).unwrap_or_else(|_| "{}".into()),
                        due_date: due.map(|d| d.to_string()),
                        justification,
                        match_hash: hash,
                    }
                };
                match old {
                    None => {
                        report.opened += 1;
                        inserts.push(write());
                    }
                    Some(old) => {
                        // The matcher reopens what it closed itself; people's triage stays.
                        let reopen = (old.status == "fixed" && verdict != "not_affected")
                            || (verdict == "not_affected" && matches!(old.status.as_str(), "open" | "in_progress"));
                        if reopen || old.match_hash != Some(hash) {
                            report.updated += 1;
                            refreshes.push((old.id, write(), reopen));
                        } else {
                            report.unchanged += 1;
                            // Open findings are seen by every run that leaves them open
                            // (`last_seen` is read as the last full run's time); others are touched.
                            if !matches!(old.status.as_str(), "open" | "in_progress") {
                                touches.push(old.id);
                            }
                        }
                    }
                }
            }
            drop(matches);
            // What was not matched again, among the rules considered, is closed.
            let closing: Vec<i64> = stored
                .values()
                .filter(|f| matches!(f.status.as_str(), "open" | "in_progress"))
                .filter(|f| full || in_scope_set.contains(&f.vuln_id))
                .map(|f| f.id)
                .collect();
            report.closed += closing.len() as u64;
            t_diff += t.elapsed();
            // The chunk is written while the next one is matched and compared:
            // one write in flight, the next chunk's waits for it.
            if let Some(w) = writing.take() {
                t_write += wait_for(w).await?;
            }
            if !(inserts.is_empty() && refreshes.is_empty() && touches.is_empty() && closing.is_empty()) {
                let (store, now) = (self.store.clone(), self.now());
                writing = Some(tokio::spawn(async move {
                    let mut tx = store.begin().await?;
                    tx.insert_findings(&inserts, now).await?;
                    for (id, w, reopen) in &refreshes {
                        tx.refresh_finding(*id, w, *reopen, now).await?;
                    }
                    tx.touch_findings(&touches, now).await?;
                    tx.close_findings(
                        &closing,
                        "closed by the matcher: no longer matches the stored vulnerability data",
                        now,
                    )
                    .await?;
                    tx.commit().await?;
                    Ok(())
                }));
            }
            if end == n_assets {
                break;
            }
            start = end;
        }
        if let Some(w) = writing.take() {
            t_write += wait_for(w).await?;
        }
        phases.extend([
            ("match", t_match),
            ("read findings", t_read),
            ("compare", t_diff),
            ("write findings (not overlapped)", t_write),
        ]);
        report.phases = phases
            .into_iter()
            .map(|(name, d)| (name.to_owned(), d.as_millis() as u64))
            .collect();

        // 6. The run and its audit entry.
        let now = self.now();
        report.millis = started.elapsed().as_millis() as u64;
        let mut tx = self.store.begin().await?;
        tx.insert_match_run(&MatchRunRow {
            id: 0,
            full_match: full,
            started_at: start_ts.to_string(),
            finished_at: now.to_string(),
            rules: report.rules as i64,
            assets: report.assets as i64,
            opened: report.opened as i64,
            updated: report.updated as i64,
            closed: report.closed as i64,
            millis: report.millis as i64,
            aliases_hash,
        })
        .await?;
        tx.append_audit(entry(
            actor,
            now,
            "vulns.match",
            "match_run",
            None,
            None,
            serde_json::to_value(&report).unwrap_or_default(),
        ))
        .await?;
        tx.commit().await?;
        report.millis = started.elapsed().as_millis() as u64;
        Ok(report)
    }
}

impl App {
    /// The matcher's view of the inventory, rebuilt when the estate changed.
    async fn match_inventory(&self) -> Result<Arc<MatchInventory>> {
        let version = self.store.estate_version().await?;
        let mut cache = self.match_cache.lock().await;
        if let Some(inv) = cache.as_ref().filter(|i| i.version == version) {
            return Ok(inv.clone());
        }
        *cache = None; // free the old one before building the new
        let snap = self.estate_structure().await?;
        let zones: HashMap<i64, String> = self
            .store
            .list_zones()
            .await?
            .into_iter()
            .map(|z| (z.id, z.kind))
            .collect();
        let mut platforms = Vec::new();
        let mut facts = Vec::new();
        let mut cpe_cache: HashMap<String, Arc<AssetCpe>> = HashMap::new();
        let mut identity_cache: HashMap<[Option<String>; 5], Arc<AssetIdentity>> = HashMap::new();
        let mut after = 0;
        loop {
            let chunk = self.store.asset_platforms_chunk(after, 50_000).await?;
            let Some(last) = chunk.last() else { break };
            after = last.id;
            for a in chunk {
                let mut p = AssetPlatform::default();
                for c in a.cpes.split_whitespace() {
                    let cpe = match cpe_cache.get(c) {
                        Some(x) => x.clone(),
                        None => match AssetCpe::parse(c) {
                            Ok(x) => {
                                let x = Arc::new(x);
                                cpe_cache.insert(c.to_owned(), x.clone());
                                x
                            }
                            Err(_) => continue,
                        },
                    };
                    p = p.with_cpe(cpe);
                }
                for u in a.purls.split_whitespace() {
                    if let Ok(x) = AssetPurl::parse(u) {
                        p = p.with_purl(Arc::new(x));
                    }
                }
                // Devices of one model share their identity.
                let key = [a.vendor, a.product, a.model, a.version, a.firmware_version];
                let identity = match identity_cache.get(&key) {
                    Some(x) => x.clone(),
                    None => {
                        let x = Arc::new(AssetIdentity::new(
                            key[0].as_deref(),
                            key[1].as_deref(),
                            key[2].as_deref(),
                            key[3].as_deref(),
                            key[4].as_deref(),
                        ));
                        identity_cache.insert(key, x.clone());
                        x
                    }
                };
                platforms.push(p.with_identity(identity));
                facts.push(AssetFacts {
                    id: a.id,
                    org_id: a.org_id,
                    internet_exposed: a.internet_exposed,
                    zone_kind: a.zone_id.and_then(|z| zones.get(&z).cloned()),
                });
            }
        }
        let inv = Arc::new(MatchInventory {
            version: snap.version,
            platforms,
            facts,
            stakes: service_stakes(&snap),
        });
        *cache = Some(inv.clone());
        Ok(inv)
    }
}

/// Rules of stored records `(CVE id, record JSON)`, in order, read on every
/// core (only the applicability parts of each record are deserialised).
async fn parse_rules(texts: Vec<(String, String)>) -> Result<Vec<(String, VulnRule)>> {
    tokio::task::spawn_blocking(move || {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let per = texts.len().div_ceil(threads).max(1);
        std::thread::scope(|scope| {
            let parts: Vec<_> = texts
                .chunks(per)
                .map(|part| {
                    scope.spawn(move || {
                        part.iter()
                            .filter_map(|(cve, text)| {
                                let rec = serde_json::from_str::<ApplicabilityRecord>(text).ok()?;
                                let mut problems = Vec::new();
                                Some((cve.clone(), to_core::applicability_rule_of(&rec, &mut problems)))
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            let mut out = Vec::with_capacity(texts.len());
            for h in parts {
                out.extend(
                    h.join()
                        .map_err(|_| AppError::Internal("a rule parser thread panicked".into()))?,
                );
            }
            Ok(out)
        })
    })
    .await
    .map_err(|e| AppError::Internal(format!("rule parser thread: {e}")))?
}

/// A hash of the vendor alias rows (sorted by alias), to notice a change.
fn aliases_hash(rows: &[(String, String)]) -> String {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    for (a, c) in rows {
        h.update(a.as_bytes());
        h.update([0]);
        h.update(c.as_bytes());
        h.update([0]);
    }
    h.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Adds an advisory's rules (only for `scope` ids when given).
fn add_csaf_rules(doc: &str, rules: &mut HashMap<String, VulnRule>, scope: Option<&HashSet<String>>) {
    let Ok((adv, _)) = csaf::parse(doc.as_bytes(), "advisory") else {
        return;
    };
    let mut problems = Vec::new();
    for r in to_core::csaf_rules(&adv, &mut problems) {
        if scope.is_some_and(|s| !s.contains(&r.id)) {
            continue;
        }
        let id = r.id.clone();
        rules.entry(id.clone()).or_insert_with(|| VulnRule::new(id)).merge(r);
    }
}

/// For every asset, the services that need it and whether its loss alone stops them.
fn service_stakes(snap: &EstateSnapshot) -> HashMap<i64, Vec<(String, ServiceStake)>> {
    let g = &snap.graph;
    let critical: HashSet<NodeIdx> = snap.critical.iter().copied().collect();
    let mut stops: HashMap<NodeIdx, HashSet<NodeIdx>> = HashMap::new();
    for (node, services) in &snap.spofs {
        stops.entry(*node).or_default().extend(services.iter().copied());
    }
    let mut out: HashMap<i64, Vec<(String, ServiceStake)>> = HashMap::new();
    for s in g.services() {
        let Some(profile) = g.node(s).and_then(|d| d.as_service()) else {
            continue;
        };
        let name = snap.service_names.get(&s).cloned().unwrap_or_default();
        let Ok(assets) = g.service_assets(s) else { continue };
        for a in assets {
            let Some(id) = g.id(a) else { continue };
            out.entry(id).or_default().push((
                name.clone(),
                ServiceStake {
                    life_safety: profile.criticality.life_safety >= Level::High,
                    critical: critical.contains(&s),
                    population_served: profile.criticality.population_served,
                    stops: stops.get(&a).is_some_and(|set| set.contains(&s)),
                },
            ));
        }
    }
    out
}

/// The SSVC deployer decision for one finding, each input with its reason.
/// The asset's side of an SSVC decision (exposure, mission and well-being
/// impact), the same for every vulnerability on the asset.
#[derive(Clone)]
struct AssetSide<E, M, S> {
    exposure: E,
    mission: M,
    safety: S,
}

/// The outcome of [`decide`] from the inputs' values alone (no reasons
/// written): what a match compares.
fn outcome_of(vuln: &VulnRow, kev: Option<&KevRow>, side: &AssetSideOf) -> ssvc::Outcome {
    ssvc::deployer_decision(
        Exploitation::from_facts(kev.is_some(), vuln.ssvc_exploitation.as_deref()),
        side.exposure.value,
        automatable_of(vuln),
        ssvc::HumanImpact::combine(side.mission.value, side.safety.value),
    )
}

fn automatable_of(vuln: &VulnRow) -> Automatable {
    if vuln.ssvc_automatable == Some(true) {
        Automatable::Yes
    } else {
        Automatable::No
    }
}

/// Waits for a chunk's write; how long it waited.
async fn wait_for(write: tokio::task::JoinHandle<Result<()>>) -> Result<Duration> {
    let t = Instant::now();
    write
        .await
        .map_err(|e| AppError::Internal(format!("findings writer: {e}")))??;
    Ok(t.elapsed())
}

/// A hash of what a match writes to a finding and compares next time:
/// verdict, evidence text, SSVC outcome and due date (SHA-256, its first 64
/// bits). The evidence is hashed as it is formatted, without building it.
fn match_hash(verdict: &str, evidence: &dyn std::fmt::Display, outcome: &str, due: Option<time::Date>) -> i64 {
    use sha2::Digest;
    use std::fmt::Write;
    struct Sink(sha2::Sha256);
    impl Write for Sink {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0.update(s.as_bytes());
            Ok(())
        }
    }
    let mut h = Sink(sha2::Sha256::new());
    let _ = write!(h, "{verdict}\0{evidence}\0{outcome}\0");
    if let Some(d) = due {
        let _ = write!(h, "{d}");
    }
    let digest = h.0.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    i64::from_le_bytes(first)
}

fn decide(vuln: &VulnRow, kev: Option<&KevRow>, side: &AssetSideOf) -> Decision {
    let in_kev = kev.is_some();
    let exploitation = {
        let value = Exploitation::from_facts(in_kev, vuln.ssvc_exploitation.as_deref());
        let why = match (in_kev, vuln.ssvc_exploitation.as_deref()) {
            (true, _) => format!(
                "in CISA KEV{}",
                kev.and_then(|k| k.date_added.as_deref())
                    .map(|d| format!(" since {d}"))
                    .unwrap_or_default()
            ),
            (false, Some(e)) => format!("CISA ADP (Vulnrichment) says exploitation: {e}"),
            (false, None) => "not in KEV and no CISA ADP assessment: no evidence of exploitation".to_owned(),
        };
        Assessed::new(value, why)
    };
    let automatable = match vuln.ssvc_automatable {
        Some(true) => Assessed::new(
            Automatable::Yes,
            "CISA ADP: automatable (steps 1–4 of the kill chain can be automated)",
        ),
        Some(false) => Assessed::new(Automatable::No, "CISA ADP: not automatable"),
        None => Assessed::new(Automatable::No, "no assessment available; taken as not automatable"),
    };
    let side = side.clone();
    Decision::new(exploitation, side.exposure, automatable, side.mission, side.safety)
}

/// The asset side, with its explanations.
type AssetSideOf = AssetSide<Assessed<Exposure>, Assessed<ssvc::MissionImpact>, Assessed<ssvc::SafetyImpact>>;

fn asset_side(asset: &AssetFacts, stakes: Option<&[(String, ServiceStake)]>) -> AssetSideOf {
    let exposure = Exposure::assess_asset(asset.internet_exposed, asset.zone_kind.as_deref());
    let stakes_list: Vec<ServiceStake> = stakes.unwrap_or_default().iter().map(|(_, s)| *s).collect();
    let (mut mission, mut safety) = ssvc::impacts_from_stakes(&stakes_list);
    if let Some(st) = stakes.filter(|s| !s.is_empty()) {
        let mut names: Vec<String> = st
            .iter()
            .map(|(n, s)| {
                let mut tags = Vec::new();
                if s.stops {
                    tags.push("stops");
                } else {
                    tags.push("degrades");
                }
                if s.life_safety {
                    tags.push("life safety");
                }
                if s.critical {
                    tags.push("critical");
                }
                format!("{n} ({})", tags.join(", "))
            })
            .collect();
        names.sort();
        names.dedup();
        let shown: Vec<String> = names.iter().take(6).cloned().collect();
        let more = names.len().saturating_sub(shown.len());
        let list = if more > 0 {
            format!("{} and {more} more", shown.join("; "))
        } else {
            shown.join("; ")
        };
        mission = Assessed::new(
            mission.value,
            format!("{} — services needing this asset: {list}", mission.why),
        );
        safety = Assessed::new(
            safety.value,
            format!("{} — services needing this asset: {list}", safety.why),
        );
    } else {
        mission = Assessed::new(mission.value, "no service in the estate depends on this asset");
        safety = Assessed::new(safety.value, "no service in the estate depends on this asset");
    }
    AssetSide {
        exposure,
        mission,
        safety,
    }
}
