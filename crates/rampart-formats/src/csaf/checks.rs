//! A subset of the CSAF 2.0 mandatory tests (CSAF v2.0 §6.1). Each failure is a
//! [`CsafProblem`] carrying the test number and the JSON path.

use std::collections::{BTreeMap, BTreeSet};

use super::{CsafAdvisory, CsafProblem, raw};
use crate::cvss::{CvssVersion, Severity};

/// The mandatory tests we run, with their CSAF 2.0 titles. Not run: 6.1.10 (inconsistent
/// CVSS properties), 6.1.11 (CWE catalogue), 6.1.12 (language tags), 6.1.14, 6.1.17–6.1.21
/// and 6.1.30 (revision-history version rules beyond 6.1.16/6.1.22), 6.1.24 (involvements),
/// 6.1.25 (hashes), and JSON schema validation.
pub const IMPLEMENTED_TESTS: &[(&str, &str)] = &[
    ("6.1.1", "Missing Definition of Product ID"),
    ("6.1.2", "Multiple Definition of Product ID"),
    ("6.1.3", "Circular Definition of Product ID"),
    ("6.1.4", "Missing Definition of Product Group ID"),
    ("6.1.5", "Multiple Definition of Product Group ID"),
    ("6.1.6", "Contradicting Product Status"),
    ("6.1.7", "Multiple Scores with same Version per Product"),
    (
        "6.1.8",
        "Invalid CVSS (required members, vector parses and matches `version`)",
    ),
    ("6.1.9", "Invalid CVSS computation (baseScore/baseSeverity)"),
    ("6.1.13", "PURL (basic `pkg:type/[namespace/]name` shape only)"),
    ("6.1.15", "Translator"),
    ("6.1.16", "Latest Document Version"),
    ("6.1.22", "Multiple Definition in Revision History"),
    ("6.1.23", "Multiple Use of Same CVE"),
    ("6.1.26", "Prohibited Document Category Name"),
    ("6.1.27.1", "Document Notes"),
    ("6.1.27.2", "Document References"),
    ("6.1.27.3", "Vulnerabilities (informational advisory)"),
    ("6.1.27.4", "Product Tree"),
    ("6.1.27.5", "Vulnerability Notes"),
    ("6.1.27.6", "Product Status"),
    ("6.1.27.7", "VEX Product Status"),
    ("6.1.27.8", "Vulnerability ID"),
    ("6.1.27.9", "Impact Statement"),
    ("6.1.27.10", "Action Statement"),
    ("6.1.27.11", "Vulnerabilities (security advisory)"),
    ("6.1.28", "Translation"),
    ("6.1.29", "Remediation without Product Reference"),
    ("6.1.31", "Version Range in Product Version"),
    ("6.1.32", "Flag without Product Reference"),
    ("6.1.33", "Multiple Flags with VEX Justification Codes per Product"),
];

fn problem(test: &'static str, path: impl Into<String>, message: impl Into<String>) -> CsafProblem {
    CsafProblem {
        test: Some(test),
        path: path.into(),
        message: message.into(),
    }
}

/// Product ids defined in the raw tree, with the path of each definition.
fn definitions(tree: &raw::ProductTree) -> Vec<(&str, String)> {
    fn walk<'a>(b: &'a raw::Branch, path: String, depth: usize, out: &mut Vec<(&'a str, String)>) {
        if depth > 64 {
            return;
        }
        if let Some(p) = &b.product {
            out.push((p.product_id.as_str(), format!("{path}.product.product_id")));
        }
        for (i, c) in b.branches.iter().enumerate() {
            walk(c, format!("{path}.branches[{i}]"), depth + 1, out);
        }
    }
    let mut out = Vec::new();
    for (i, b) in tree.branches.iter().enumerate() {
        walk(b, format!("product_tree.branches[{i}]"), 0, &mut out);
    }
    for (i, f) in tree.full_product_names.iter().enumerate() {
        out.push((
            f.product_id.as_str(),
            format!("product_tree.full_product_names[{i}].product_id"),
        ));
    }
    for (i, r) in tree.relationships.iter().enumerate() {
        out.push((
            r.full_product_name.product_id.as_str(),
            format!("product_tree.relationships[{i}].full_product_name.product_id"),
        ));
    }
    out
}

/// Tests that need the raw document (definitions, group ids, product version branches).
pub(super) fn check_raw(doc: &raw::Doc) -> Vec<CsafProblem> {
    let mut out = Vec::new();
    let empty = raw::ProductTree::default();
    let tree = doc.product_tree.as_ref().unwrap_or(&empty);

    let defs = definitions(tree);
    let mut defined: BTreeMap<&str, usize> = BTreeMap::new();
    for (id, path) in &defs {
        let n = defined.entry(id).or_insert(0);
        *n += 1;
        if *n == 2 {
            out.push(problem(
                "6.1.2",
                path.clone(),
                format!("product id {id:?} is defined more than once"),
            ));
        }
    }
    let mut references: Vec<(&str, String)> = Vec::new();
    for (i, g) in tree.product_groups.iter().enumerate() {
        for (j, id) in g.product_ids.iter().enumerate() {
            references.push((id, format!("product_tree.product_groups[{i}].product_ids[{j}]")));
        }
    }
    for (i, r) in tree.relationships.iter().enumerate() {
        let path = format!("product_tree.relationships[{i}]");
        references.push((&r.product_reference, format!("{path}.product_reference")));
        references.push((
            &r.relates_to_product_reference,
            format!("{path}.relates_to_product_reference"),
        ));
        let own = r.full_product_name.product_id.as_str();
        if own == r.product_reference || own == r.relates_to_product_reference {
            out.push(problem(
                "6.1.3",
                format!("{path}.full_product_name.product_id"),
                format!("product id {own:?} is defined in terms of itself"),
            ));
        }
    }

    let mut groups: BTreeMap<&str, &[String]> = BTreeMap::new();
    for (i, g) in tree.product_groups.iter().enumerate() {
        if groups.insert(&g.group_id, &g.product_ids).is_some() {
            out.push(problem(
                "6.1.5",
                format!("product_tree.product_groups[{i}].group_id"),
                format!("group id {:?} is defined more than once", g.group_id),
            ));
        }
    }
    let mut group_refs: Vec<(&str, String)> = Vec::new();

    for (i, v) in doc.vulnerabilities.iter().enumerate() {
        let vp = format!("vulnerabilities[{i}]");
        if let Some(ps) = &v.product_status {
            for (list, name) in [
                (&ps.first_affected, "first_affected"),
                (&ps.first_fixed, "first_fixed"),
                (&ps.fixed, "fixed"),
                (&ps.known_affected, "known_affected"),
                (&ps.known_not_affected, "known_not_affected"),
                (&ps.last_affected, "last_affected"),
                (&ps.recommended, "recommended"),
                (&ps.under_investigation, "under_investigation"),
            ] {
                for (j, id) in list.iter().enumerate() {
                    references.push((id, format!("{vp}.product_status.{name}[{j}]")));
                }
            }
        }
        let mut flagged: BTreeMap<&str, usize> = BTreeMap::new();
        for (j, f) in v.flags.iter().enumerate() {
            let fp = format!("{vp}.flags[{j}]");
            if f.product_ids.is_empty() && f.group_ids.is_empty() {
                out.push(problem(
                    "6.1.32",
                    fp.clone(),
                    "flag names neither product_ids nor group_ids",
                ));
            }
            let mut members: BTreeSet<&str> = f.product_ids.iter().map(String::as_str).collect();
            for g in &f.group_ids {
                members.extend(
                    groups
                        .get(g.as_str())
                        .into_iter()
                        .flat_map(|ids| ids.iter().map(String::as_str)),
                );
            }
            for id in members {
                *flagged.entry(id).or_insert(0) += 1;
                if flagged[id] == 2 {
                    out.push(problem(
                        "6.1.33",
                        fp.clone(),
                        format!("product {id:?} has more than one VEX justification flag"),
                    ));
                }
            }
        }
        for (j, r) in v.remediations.iter().enumerate() {
            if r.product_ids.is_empty() && r.group_ids.is_empty() {
                out.push(problem(
                    "6.1.29",
                    format!("{vp}.remediations[{j}]"),
                    "remediation names neither product_ids nor group_ids",
                ));
            }
        }
        let lists = v
            .remediations
            .iter()
            .enumerate()
            .map(|(j, r)| (format!("{vp}.remediations[{j}]"), &r.product_ids, &r.group_ids))
            .chain(
                v.threats
                    .iter()
                    .enumerate()
                    .map(|(j, t)| (format!("{vp}.threats[{j}]"), &t.product_ids, &t.group_ids)),
            )
            .chain(
                v.flags
                    .iter()
                    .enumerate()
                    .map(|(j, f)| (format!("{vp}.flags[{j}]"), &f.product_ids, &f.group_ids)),
            );
        for (path, ids, gids) in lists {
            for (k, id) in ids.iter().enumerate() {
                references.push((id, format!("{path}.product_ids[{k}]")));
            }
            for (k, g) in gids.iter().enumerate() {
                group_refs.push((g, format!("{path}.group_ids[{k}]")));
            }
        }
        for (j, s) in v.scores.iter().enumerate() {
            for (k, id) in s.products.iter().enumerate() {
                references.push((id, format!("{vp}.scores[{j}].products[{k}]")));
            }
            for (block, name) in [(&s.cvss_v3, "cvss_v3"), (&s.cvss_v2, "cvss_v2")] {
                if let Some(b) = block {
                    out.extend(cvss_block(b, name, &format!("{vp}.scores[{j}].{name}")));
                }
            }
        }
    }
    for (id, path) in references {
        if !defined.contains_key(id) {
            out.push(problem(
                "6.1.1",
                path,
                format!("product id {id:?} is not defined in the product tree"),
            ));
        }
    }
    for (g, path) in group_refs {
        if !groups.contains_key(g) {
            out.push(problem(
                "6.1.4",
                path,
                format!("group id {g:?} is not defined in the product tree"),
            ));
        }
    }
    branch_checks(tree, &mut out);
    out
}

/// 6.1.8 and 6.1.9 on one CVSS object.
fn cvss_block(b: &raw::CvssBlock, name: &str, path: &str) -> Vec<CsafProblem> {
    let mut out = Vec::new();
    // The FIRST CVSS JSON schemas require `version` (and, for v3, `baseSeverity`).
    if b.version.is_none() || (name == "cvss_v3" && b.base_severity.is_none()) {
        let missing = if b.version.is_none() { "version" } else { "baseSeverity" };
        out.push(problem(
            "6.1.8",
            path.to_owned(),
            format!("required property `{missing}` is missing"),
        ));
    }
    let computed = match crate::cvss::parse_vector(&b.vector_string) {
        Ok(c) => c,
        Err(e) => {
            out.push(problem("6.1.8", format!("{path}.vectorString"), e.to_string()));
            return out;
        }
    };
    let family_ok = match name {
        "cvss_v2" => computed.version == CvssVersion::V2_0,
        _ => matches!(computed.version, CvssVersion::V3_0 | CvssVersion::V3_1),
    };
    let stated = b.version.as_deref().and_then(CvssVersion::parse);
    if !family_ok || stated.is_some_and(|v| v != computed.version) {
        out.push(problem(
            "6.1.8",
            format!("{path}.version"),
            format!(
                "version {:?} does not match vector {:?}",
                b.version.as_deref().unwrap_or(""),
                b.vector_string
            ),
        ));
        return out;
    }
    if (computed.base_score - b.base_score).abs() > 1e-9 {
        out.push(problem(
            "6.1.9",
            format!("{path}.baseScore"),
            format!(
                "baseScore {} but the vector scores {}",
                b.base_score, computed.base_score
            ),
        ));
    }
    if let Some(sev) = b.base_severity.as_deref() {
        // v2 has no severity in the CVSS v2 JSON schema; only v3 is checked.
        if name == "cvss_v3" && Severity::parse(sev) != Some(Severity::from_score(b.base_score)) {
            out.push(problem(
                "6.1.9",
                format!("{path}.baseSeverity"),
                format!("baseSeverity {sev:?} does not match baseScore {}", b.base_score),
            ));
        }
    }
    out
}

/// 6.1.13 (purl shape) and 6.1.31 (version range in `product_version`).
fn branch_checks(tree: &raw::ProductTree, out: &mut Vec<CsafProblem>) {
    fn purl_ok(p: &str) -> bool {
        let Some(rest) = p.strip_prefix("pkg:") else {
            return false;
        };
        let rest = rest.trim_start_matches('/');
        // pkg:type/namespace/name@version?qualifiers#subpath: the name must not be empty.
        let rest = rest.split(['?', '#']).next().unwrap_or("");
        let rest = rest.split('@').next().unwrap_or("");
        match rest.split_once('/') {
            Some((ty, path)) => {
                !ty.is_empty()
                    && ty.bytes().all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
                    && !path.trim_end_matches('/').rsplit('/').next().unwrap_or("").is_empty()
            }
            None => false,
        }
    }
    fn helper(h: Option<&raw::Helper>, path: &str, out: &mut Vec<CsafProblem>) {
        if let Some(p) = h.and_then(|h| h.purl.as_deref())
            && !purl_ok(p)
        {
            out.push(problem(
                "6.1.13",
                format!("{path}.product_identification_helper.purl"),
                format!("invalid purl {p:?}"),
            ));
        }
    }
    fn walk(b: &raw::Branch, path: String, depth: usize, out: &mut Vec<CsafProblem>) {
        if depth > 64 {
            return;
        }
        if b.category == "product_version" && looks_like_range(&b.name) {
            out.push(problem(
                "6.1.31",
                format!("{path}.name"),
                format!("product_version {:?} looks like a version range", b.name),
            ));
        }
        if let Some(p) = &b.product {
            helper(
                p.product_identification_helper.as_ref(),
                &format!("{path}.product"),
                out,
            );
        }
        for (i, c) in b.branches.iter().enumerate() {
            walk(c, format!("{path}.branches[{i}]"), depth + 1, out);
        }
    }
    for (i, b) in tree.branches.iter().enumerate() {
        walk(b, format!("product_tree.branches[{i}]"), 0, out);
    }
    for (i, f) in tree.full_product_names.iter().enumerate() {
        helper(
            f.product_identification_helper.as_ref(),
            &format!("product_tree.full_product_names[{i}]"),
            out,
        );
    }
    for (i, r) in tree.relationships.iter().enumerate() {
        helper(
            r.full_product_name.product_identification_helper.as_ref(),
            &format!("product_tree.relationships[{i}].full_product_name"),
            out,
        );
    }
}

/// CSAF 2.0 §6.1.31: the name contains `<` or `>`, or one of the words after, all, before,
/// earlier, later, prior, versions (whitespace-separated, case-insensitive; so
/// `after-eight` passes and `3.X versions` fails).
fn looks_like_range(name: &str) -> bool {
    const WORDS: [&str; 7] = ["after", "all", "before", "earlier", "later", "prior", "versions"];
    name.contains('<')
        || name.contains('>')
        || name
            .split_whitespace()
            .any(|w| WORDS.iter().any(|k| w.eq_ignore_ascii_case(k)))
}

/// Tests that work on the parsed model.
pub fn check(a: &CsafAdvisory) -> Vec<CsafProblem> {
    let mut out = Vec::new();
    let d = &a.document;
    let category = d.category.as_str();

    // 6.1.6 Contradicting Product Status.
    for (i, v) in a.vulnerabilities.iter().enumerate() {
        let ps = &v.product_status;
        let groups: [(&str, Vec<&String>); 4] = [
            (
                "affected",
                ps.first_affected
                    .iter()
                    .chain(&ps.known_affected)
                    .chain(&ps.last_affected)
                    .collect(),
            ),
            ("not affected", ps.known_not_affected.iter().collect()),
            ("fixed", ps.first_fixed.iter().chain(&ps.fixed).collect()),
            ("under investigation", ps.under_investigation.iter().collect()),
        ];
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for (group, ids) in &groups {
            for id in ids {
                match seen.get(id.as_str()) {
                    Some(prev) if prev != group => out.push(problem(
                        "6.1.6",
                        format!("vulnerabilities[{i}].product_status"),
                        format!("product {id:?} is both {prev} and {group}"),
                    )),
                    _ => {
                        seen.insert(id, group);
                    }
                }
            }
        }
        // 6.1.7 Multiple Scores with same Version per Product.
        let mut scored: BTreeSet<(&str, CvssVersion)> = BTreeSet::new();
        for (j, s) in v.scores.iter().enumerate() {
            for p in &s.products {
                if !scored.insert((p, s.metric.version)) {
                    out.push(problem(
                        "6.1.7",
                        format!("vulnerabilities[{i}].scores[{j}]"),
                        format!("product {p:?} has more than one CVSS v{} score", s.metric.version),
                    ));
                }
            }
        }
    }

    // 6.1.15 Translator, 6.1.28 Translation.
    if d.publisher.category == "translator" && d.source_lang.is_none() {
        out.push(problem(
            "6.1.15",
            "document.source_lang",
            "publisher is a translator but source_lang is missing",
        ));
    }
    if let (Some(l), Some(s)) = (&d.lang, &d.source_lang)
        && l.eq_ignore_ascii_case(s)
    {
        out.push(problem(
            "6.1.28",
            "document.lang",
            format!("lang equals source_lang ({l:?})"),
        ));
    }

    // 6.1.16 Latest Document Version; 6.1.22 Multiple Definition in Revision History.
    let history = &d.tracking.revision_history;
    let mut numbers = BTreeSet::new();
    for (i, r) in history.iter().enumerate() {
        if !numbers.insert(r.number.as_str()) {
            out.push(problem(
                "6.1.22",
                format!("document.tracking.revision_history[{i}].number"),
                format!("revision number {:?} appears more than once", r.number),
            ));
        }
    }
    if history.iter().all(|r| r.date.is_some())
        && let Some(latest) = latest_revision(history)
    {
        let draft = d.tracking.status == "draft";
        let norm = |v: &str| {
            let v = v.split('+').next().unwrap_or(v);
            if draft {
                v.split('-').next().unwrap_or(v).to_owned()
            } else {
                v.to_owned()
            }
        };
        if norm(&latest.number) != norm(&d.tracking.version) {
            out.push(problem(
                "6.1.16",
                "document.tracking.version",
                format!(
                    "version {:?} is not the number of the latest revision ({:?})",
                    d.tracking.version, latest.number
                ),
            ));
        }
    }

    // 6.1.23 Multiple Use of Same CVE.
    let mut cves = BTreeSet::new();
    for (i, v) in a.vulnerabilities.iter().enumerate() {
        if let Some(c) = &v.cve
            && !cves.insert(c.as_str())
        {
            out.push(problem(
                "6.1.23",
                format!("vulnerabilities[{i}].cve"),
                format!("{c} is used by more than one vulnerability"),
            ));
        }
    }

    // 6.1.26 Prohibited Document Category Name.
    const OFFICIAL: [&str; 5] = [
        "csaf_base",
        "csaf_security_incident_response",
        "csaf_informational_advisory",
        "csaf_security_advisory",
        "csaf_vex",
    ];
    if !OFFICIAL.contains(&category) {
        let folded: String = category
            .chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .flat_map(char::to_lowercase)
            .collect();
        let similar = [
            "securityincidentresponse",
            "informationaladvisory",
            "securityadvisory",
            "vex",
        ];
        if category.to_ascii_lowercase().starts_with("csaf_")
            || similar.iter().any(|s| folded == *s || folded == format!("csaf{s}"))
        {
            out.push(problem(
                "6.1.26",
                "document.category",
                format!("category {category:?} is reserved or too close to an official one"),
            ));
        }
    }

    profile_checks(a, &mut out);
    out
}

/// The revision with the latest date; among equal dates, the highest number.
fn latest_revision(history: &[super::CsafRevision]) -> Option<&super::CsafRevision> {
    history.iter().max_by(|a, b| {
        a.date
            .cmp(&b.date)
            .then_with(|| version_key(&a.number).cmp(&version_key(&b.number)))
    })
}

/// `1.10.0-rc1+build` → `[1, 10, 0]` (numeric parts of the release version) for ordering.
fn version_key(number: &str) -> Vec<u64> {
    number
        .split(['-', '+'])
        .next()
        .unwrap_or("")
        .split('.')
        .map(|p| p.parse().unwrap_or(0))
        .collect()
}

/// 6.1.27.x: profile-specific requirements.
fn profile_checks(a: &CsafAdvisory, out: &mut Vec<CsafProblem>) {
    let d = &a.document;
    let category = d.category.as_str();
    let informational = matches!(
        category,
        "csaf_informational_advisory" | "csaf_security_incident_response"
    );
    if informational {
        if !d
            .notes
            .iter()
            .any(|n| matches!(n.category.as_str(), "description" | "details" | "general" | "summary"))
        {
            out.push(problem(
                "6.1.27.1",
                "document.notes",
                "needs a note of category description, details, general or summary",
            ));
        }
        if !d.references.iter().any(|r| r.category.as_deref() == Some("external")) {
            out.push(problem(
                "6.1.27.2",
                "document.references",
                "needs a reference of category external",
            ));
        }
    }
    if category == "csaf_informational_advisory" && !a.vulnerabilities.is_empty() {
        out.push(problem(
            "6.1.27.3",
            "vulnerabilities",
            "an informational advisory must not have vulnerabilities",
        ));
    }
    let advisory_or_vex = matches!(category, "csaf_security_advisory" | "csaf_vex");
    if advisory_or_vex && a.products.is_empty() {
        out.push(problem("6.1.27.4", "product_tree", "needs a product tree"));
    }
    if category == "csaf_security_advisory" && a.vulnerabilities.is_empty() {
        out.push(problem(
            "6.1.27.11",
            "vulnerabilities",
            "a security advisory needs vulnerabilities",
        ));
    }
    for (i, v) in a.vulnerabilities.iter().enumerate() {
        let vp = format!("vulnerabilities[{i}]");
        let ps = &v.product_status;
        let any_status = !(ps.first_affected.is_empty()
            && ps.first_fixed.is_empty()
            && ps.fixed.is_empty()
            && ps.known_affected.is_empty()
            && ps.known_not_affected.is_empty()
            && ps.last_affected.is_empty()
            && ps.recommended.is_empty()
            && ps.under_investigation.is_empty());
        if advisory_or_vex {
            if v.notes.is_empty() {
                out.push(problem(
                    "6.1.27.5",
                    format!("{vp}.notes"),
                    "each vulnerability needs notes",
                ));
            }
            if !any_status {
                out.push(problem(
                    "6.1.27.6",
                    format!("{vp}.product_status"),
                    "each vulnerability needs a product status",
                ));
            }
        }
        if category != "csaf_vex" {
            continue;
        }
        if ps.fixed.is_empty()
            && ps.known_affected.is_empty()
            && ps.known_not_affected.is_empty()
            && ps.under_investigation.is_empty()
        {
            out.push(problem(
                "6.1.27.7",
                format!("{vp}.product_status"),
                "needs fixed, known_affected, known_not_affected or under_investigation",
            ));
        }
        if v.cve.is_none() && v.ids.is_empty() {
            out.push(problem("6.1.27.8", vp.clone(), "needs a cve or ids"));
        }
        for (j, id) in ps.known_not_affected.iter().enumerate() {
            let has_flag = v.flags.iter().any(|f| f.product_ids.contains(id));
            let has_impact = v
                .threats
                .iter()
                .any(|t| t.category == "impact" && t.product_ids.contains(id));
            if !has_flag && !has_impact {
                out.push(problem(
                    "6.1.27.9",
                    format!("{vp}.product_status.known_not_affected[{j}]"),
                    format!("product {id:?} is known_not_affected without a flag or impact statement"),
                ));
            }
        }
        for (j, id) in ps.known_affected.iter().enumerate() {
            if !v.remediations.iter().any(|r| r.product_ids.contains(id)) {
                out.push(problem(
                    "6.1.27.10",
                    format!("{vp}.product_status.known_affected[{j}]"),
                    format!("product {id:?} is known_affected without a remediation (action statement)"),
                ));
            }
        }
    }
}
