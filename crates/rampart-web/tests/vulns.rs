//! Vulnerability intelligence over HTTP on a seeded app: feed uploads through
//! the API, matching, the vulnerability and finding lists, a finding's page
//! with its evidence and SSVC rows, triage through the API and the form,
//! exports, agency scope, and bad input answered with problems.
#![allow(clippy::unwrap_used)] // test helpers unwrap: a failure is the test failing

mod common;

use axum::body::Body;
use axum::http::{Method, StatusCode, header};
use common::{Harness, Resp, harness, req};
use rampart_core::authz::Role;

fn fixture(rel: &str) -> Vec<u8> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../rampart-formats/tests/fixtures/feeds")
        .join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Two water servers whose CPEs the NVD sample names (one internet-exposed in
/// the DMZ), a transport gateway, and a printer without identifiers.
const INVENTORY: &str = "name,asset_type,vendor,product,cpes,owner_org,internet_exposed,network_zone\n\
FS-01,server,Microsoft,Windows Server 2012,cpe:2.3:o:microsoft:windows_server_2012:r2:*:*:*:*:*:*:*,water,yes,DMZ\n\
SMB-02,server,Microsoft,SMB,cpe:2.3:a:microsoft:server_message_block:1.0:*:*:*:*:*:*:* cpe:2.3:o:microsoft:windows_10_1507:-:*:*:*:*:*:*:*,water,no,Corporate IT\n\
AP-03,gateway,Siemens,SCALANCE W1750D,cpe:2.3:o:siemens:scalance_w1750d_firmware:8.6.0:*:*:*:*:*:*:* cpe:2.3:h:siemens:scalance_w1750d:-:*:*:*:*:*:*:*,transport,no,Field IoT\n\
PRN-04,printer,HP,LaserJet,,water,no,Corporate IT\n";

async fn call(h: &Harness, method: Method, uri: &str, token: &str, body: Option<(&str, Vec<u8>)>) -> Resp {
    let b = req(method, uri).header(header::AUTHORIZATION, format!("Bearer {token}"));
    let r = match body {
        Some((ct, bytes)) => b.header(header::CONTENT_TYPE, ct).body(Body::from(bytes)),
        None => b.body(Body::empty()),
    };
    h.call(r.unwrap()).await
}

async fn get(h: &Harness, uri: &str, token: &str) -> Resp {
    call(h, Method::GET, uri, token, None).await
}

async fn patch(h: &Harness, uri: &str, token: &str, json: &str) -> Resp {
    call(
        h,
        Method::PATCH,
        uri,
        token,
        Some(("application/json", json.as_bytes().to_vec())),
    )
    .await
}

async fn upload(h: &Harness, uri: &str, token: &str, bytes: Vec<u8>) -> Resp {
    call(h, Method::POST, uri, token, Some(("application/octet-stream", bytes))).await
}

/// A browser request with the session cookie.
async fn browse(h: &Harness, method: Method, uri: &str, cookie: &str, form: Option<String>) -> Resp {
    let b = req(method, uri).header(header::COOKIE, cookie);
    let r = match form {
        Some(f) => b
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(f)),
        None => b.body(Body::empty()),
    };
    h.call(r.unwrap()).await
}

fn assert_problem(r: &Resp, status: StatusCode, mentions: &str) {
    assert_eq!(r.status, status, "{}", r.body);
    assert_eq!(r.content_type(), "application/problem+json", "{}", r.body);
    let p = r.json();
    assert_eq!(p["status"], status.as_u16());
    let detail = p["detail"].as_str().unwrap();
    assert!(detail.contains(mentions), "`{detail}` should mention `{mentions}`");
}

/// Imports the inventory, the NVD sample and the KEV sample through the API and matches.
async fn loaded() -> (Harness, String) {
    let h = harness().await;
    let t = h.token(h.role_user(Role::SecurityAnalyst)).await;
    let r = upload(
        &h,
        "/api/v1/assets/import?format=csv&filename=inv.csv",
        &t,
        INVENTORY.as_bytes().to_vec(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["created"], 4, "{}", r.body);
    let r = upload(
        &h,
        "/api/v1/feeds/import?kind=nvd&filename=nvdcve-1.1-sample.json",
        &t,
        fixture("nvd/nvdcve-1.1-sample.json"),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let nvd = r.json();
    assert_eq!(nvd["kind"], "nvd");
    assert!(nvd["created"].as_u64().unwrap() >= 6, "{nvd}");
    let r = upload(
        &h,
        "/api/v1/feeds/import?kind=kev&filename=kev.json",
        &t,
        fixture("kev/known_exploited_vulnerabilities-sample.json"),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.json()["created"].as_u64().unwrap() > 0, "{}", r.body);
    let r = call(&h, Method::POST, "/api/v1/match?full=true", &t, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let m = r.json();
    assert_eq!(m["full"], true);
    assert!(m["opened"].as_u64().unwrap() >= 3, "{m}");
    (h, t)
}

/// The id of the finding of `cve` on `asset`.
async fn finding_id(h: &Harness, t: &str, cve: &str, asset: &str) -> i64 {
    let r = get(h, &format!("/api/v1/findings?vuln={cve}&status=all"), t).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let list = r.json();
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["asset"] == asset)
        .unwrap_or_else(|| panic!("no finding of {cve} on {asset}: {list}"))["id"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn feeds_match_and_the_vulnerability_list_over_the_api() {
    let (h, t) = loaded().await;
    // Feed status: counts, the two imports and the match run.
    let st = get(&h, "/api/v1/feeds", &t).await.json();
    assert!(st["vulnerabilities"].as_i64().unwrap() >= 6, "{st}");
    assert!(st["kev"].as_i64().unwrap() > 0, "{st}");
    assert_eq!(st["imports"].as_array().unwrap().len(), 2, "{st}");
    assert_eq!(st["match_runs"].as_array().unwrap().len(), 1, "{st}");
    // Re-uploading the same file changes nothing.
    let again = upload(
        &h,
        "/api/v1/feeds/import?kind=nvd&filename=nvdcve-1.1-sample.json",
        &t,
        fixture("nvd/nvdcve-1.1-sample.json"),
    )
    .await
    .json();
    assert_eq!(
        (again["created"].as_u64(), again["updated"].as_u64()),
        (Some(0), Some(0)),
        "{again}"
    );

    // Pages of two, most severe first, following the cursor to the end.
    let mut seen = Vec::new();
    let mut uri = "/api/v1/vulns?limit=2".to_owned();
    loop {
        let r = get(&h, &uri, &t).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let page = r.json();
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 2);
        seen.extend(items.iter().map(|v| {
            (
                v["cvss_score"].as_f64().unwrap_or(-1.0),
                v["cve_id"].as_str().unwrap().to_owned(),
            )
        }));
        match page["next_cursor"].as_str() {
            Some(c) => uri = format!("/api/v1/vulns?limit=2&cursor={c}"),
            None => break,
        }
    }
    assert!(seen.len() >= 6, "{seen:?}");
    assert!(seen.windows(2).all(|w| w[0].0 >= w[1].0), "most severe first: {seen:?}");
    let ids: std::collections::BTreeSet<&str> = seen.iter().map(|(_, id)| id.as_str()).collect();
    assert_eq!(ids.len(), seen.len(), "no vulnerability on two pages");

    // Filters.
    let with = get(&h, "/api/v1/vulns?with_findings=true&limit=100", &t).await.json();
    let with: Vec<&str> = with["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["cve_id"].as_str().unwrap())
        .collect();
    assert!(
        with.contains(&"CVE-2017-0001") && with.contains(&"CVE-2017-0143"),
        "{with:?}"
    );
    let siemens = get(&h, "/api/v1/vulns?vendor=Siemens%20AG", &t).await.json();
    assert!(
        siemens["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v["cve_id"] == "CVE-2002-20001"),
        "{siemens}"
    );
    let kev = get(&h, "/api/v1/vulns?kev=true&limit=100", &t).await.json();
    assert!(
        kev["items"].as_array().unwrap().iter().all(|v| v["kev"] == true),
        "{kev}"
    );

    // One vulnerability, by any spelling of its id.
    let r = get(&h, "/api/v1/vulns/cve-2017-0143", &t).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = r.json();
    assert_eq!(v["cve_id"], "CVE-2017-0143");
    assert!(!v["metrics"].as_array().unwrap().is_empty(), "{v}");
    assert!(
        v["findings"].as_array().unwrap().iter().any(|f| f["asset"] == "SMB-02"),
        "{v}"
    );
    assert_problem(
        &get(&h, "/api/v1/vulns/CVE-1900-0001", &t).await,
        StatusCode::NOT_FOUND,
        "vulnerability",
    );
}

#[tokio::test]
async fn a_finding_shows_why_it_matched_and_its_priority_and_can_be_triaged() {
    let (h, t) = loaded().await;
    let list = get(&h, "/api/v1/findings?limit=100", &t).await.json();
    let items = list["items"].as_array().unwrap();
    assert!(items.len() >= 3, "{list}");
    assert!(
        items.iter().all(|f| f["asset"] != "PRN-04"),
        "no identifiers, no finding"
    );
    assert!(!list["outcomes"].as_array().unwrap().is_empty(), "{list}");
    let id = finding_id(&h, &t, "CVE-2017-0001", "FS-01").await;

    // The API detail: evidence and the SSVC decision, point by point.
    let r = get(&h, &format!("/api/v1/findings/{id}"), &t).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let f = r.json();
    assert_eq!(f["cve_id"], "CVE-2017-0001");
    assert!(f["evidence"].as_str().unwrap().contains("windows_server_2012"), "{f}");
    let points: Vec<&str> = f["ssvc"]["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["point"].as_str().unwrap())
        .collect();
    assert_eq!(
        points,
        [
            "Exploitation",
            "System Exposure",
            "Automatable",
            "Mission Impact",
            "Safety Impact",
            "Human Impact"
        ]
    );
    assert_eq!(f["ssvc"]["outcome"], f["ssvc_outcome"], "{f}");

    // The finding's page shows the evidence, each decision point with its value and reason, and the triage form.
    let admin = h.session("admin").await;
    let page = browse(&h, Method::GET, &format!("/findings/{id}"), &admin.0, None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("id=\"evidence\""), "{}", page.body);
    assert!(page.body.contains("windows_server_2012"), "{}", page.body);
    let decision = f["ssvc"]["points"].as_array().unwrap();
    for p in decision {
        assert!(page.body.contains(p["point"].as_str().unwrap()), "{p}");
        assert!(page.body.contains(p["value"].as_str().unwrap()), "{p}");
    }
    assert!(
        page.body
            .contains("System Exposure</td><td class=\"nowrap\"><strong>Open"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("id=\"triage\"") && page.body.contains(&admin.1),
        "triage form with the CSRF token"
    );
    // Without finding.manage there is no form.
    let auditor = h.session("auditor").await;
    let page = browse(&h, Method::GET, &format!("/findings/{id}"), &auditor.0, None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(!page.body.contains("id=\"triage\""));

    // Triage through the API.
    let uri = format!("/api/v1/findings/{id}");
    assert_problem(
        &patch(&h, &uri, &t, r#"{"status": "done"}"#).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "status",
    );
    assert_problem(
        &patch(&h, &uri, &t, r#"{"status": "not_affected"}"#).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "justification",
    );
    assert_problem(
        &patch(
            &h,
            &uri,
            &t,
            r#"{"status": "not_affected", "justification": "trust_me"}"#,
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "justification",
    );
    assert_problem(
        &patch(&h, &uri, &t, r#"{"colour": "red"}"#).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "colour",
    );
    let r = patch(
        &h,
        &uri,
        &t,
        r#"{"status": "not_affected", "justification": "protected_at_perimeter", "note": "SMB blocked at the firewall"}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let f = r.json();
    assert_eq!(
        (f["status"].as_str(), f["justification"].as_str(), f["note"].as_str()),
        (
            Some("not_affected"),
            Some("protected_at_perimeter"),
            Some("SMB blocked at the firewall")
        )
    );
    assert!(f["closed_at"].is_string(), "{f}");
    // A note alone keeps the status and its justification.
    let f = patch(&h, &uri, &t, r#"{"note": "checked again"}"#).await.json();
    assert_eq!(
        (f["status"].as_str(), f["justification"].as_str(), f["note"].as_str()),
        (
            Some("not_affected"),
            Some("protected_at_perimeter"),
            Some("checked again")
        )
    );

    // Triage through the form: CSRF required, then a redirect with a notice.
    let form = |csrf: &str| format!("csrf={csrf}&status=in_progress&justification=&note=patch+window+Saturday");
    let r = browse(
        &h,
        Method::POST,
        &format!("/findings/{id}"),
        &admin.0,
        Some(form("wrong")),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = browse(
        &h,
        Method::POST,
        &format!("/findings/{id}"),
        &admin.0,
        Some(form(&admin.1)),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("/findings/{id}?done=finding-updated"));
    let f = get(&h, &uri, &t).await.json();
    assert_eq!(
        (f["status"].as_str(), f["justification"].as_str()),
        (Some("in_progress"), None),
        "{f}"
    );
    // A rejected form shows the page again with the reason.
    let bad = format!("csrf={}&status=not_affected&justification=&note=", admin.1);
    let r = browse(&h, Method::POST, &format!("/findings/{id}"), &admin.0, Some(bad)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body.contains("role=\"alert\"") && r.body.contains("VEX justification"),
        "{}",
        r.body
    );

    // Exports: CycloneDX VEX, CSV and JSON with their media types.
    let r = get(&h, "/api/v1/findings/export?format=vex", &t).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.content_type().starts_with("application/vnd.cyclonedx+json"),
        "{}",
        r.content_type()
    );
    let vex = r.json();
    assert_eq!(vex["bomFormat"], "CycloneDX");
    assert_eq!(vex["specVersion"], "1.6");
    assert!(
        vex["vulnerabilities"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v["id"] == "CVE-2017-0001"),
        "{vex}"
    );
    let r = get(&h, "/api/v1/findings/export?format=csv&vuln=CVE-2017-0001", &t).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.content_type().starts_with("text/csv"));
    assert!(
        r.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    assert!(
        r.body.starts_with("id,asset_id,asset,") && r.body.contains("FS-01"),
        "{}",
        r.body
    );
    assert!(
        r.body.lines().skip(1).all(|l| l.contains("CVE-2017-0001")),
        "{}",
        r.body
    );
    let r = get(&h, "/api/v1/findings/export?format=json&kev=true", &t).await;
    assert_eq!(r.content_type(), "application/json");
    assert!(r.json().as_array().unwrap().iter().all(|f| f["kev"] == true));
    // The page's export link works with the session.
    let r = browse(&h, Method::GET, "/findings/export?format=vex", &admin.0, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["bomFormat"], "CycloneDX");
}

#[tokio::test]
async fn the_pages_render() {
    let (h, t) = loaded().await;
    let id = finding_id(&h, &t, "CVE-2017-0143", "SMB-02").await;
    let (cookie, csrf) = h.session("security-analyst").await;
    for (uri, markers) in [
        ("/vulns", &["id=\"vulns\"", "CVE-2017-0143", "id=\"vuln-filters\""][..]),
        (
            "/vulns?kev=true&epss_min=&severity=high&vendor=&cwe=&outcome=&with_findings=true",
            &["id=\"vulns\""][..],
        ),
        (
            "/vulns/CVE-2017-0143",
            &[
                "id=\"metrics\"",
                "SMB-02",
                "id=\"advisories\"",
                "/findings?vuln=CVE-2017-0143",
            ][..],
        ),
        (
            "/findings",
            &[
                "Patch first",
                "id=\"outcomes\"",
                "/assets/",
                "/findings/export?format=vex",
                "name=\"org\"",
            ][..],
        ),
        (
            "/findings?org=&outcome=&status=all&vuln=&kev=true",
            &["id=\"findings\""][..],
        ),
        (
            "/feeds",
            &[
                "id=\"imports\"",
                "id=\"match-runs\"",
                "id=\"feed-import\"",
                "id=\"run-match\"",
            ][..],
        ),
        (
            "/threats",
            &["href=\"/vulns\"", "href=\"/findings\"", "href=\"/feeds\""][..],
        ),
        ("/", &["id=\"count-users\""][..]),
    ] {
        let r = browse(&h, Method::GET, uri, &cookie, None).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.body);
        for m in markers {
            assert!(r.body.contains(m), "{uri} lacks {m}: {}", r.body);
        }
    }
    let r = browse(&h, Method::GET, &format!("/findings/{id}"), &cookie, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // The match form runs a match and shows its report.
    let r = browse(
        &h,
        Method::POST,
        "/feeds/match",
        &cookie,
        Some(format!("csrf={csrf}&full=true")),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body.contains("id=\"match-report\"") && r.body.contains("full match"),
        "{}",
        r.body
    );
    // The upload form imports a file and shows its report.
    let boundary = "XyZzY";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nepss\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"match\"\r\n\r\ntrue\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"epss.csv\"\r\nContent-Type: text/csv\r\n\r\n"
    )
    .into_bytes();
    body.extend(fixture("epss/epss_scores-2099-01-15.csv"));
    body.extend(format!("\r\n--{boundary}--\r\n").into_bytes());
    let multipart = |body: Vec<u8>| {
        req(Method::POST, &format!("/feeds/import?csrf={csrf}"))
            .header(header::COOKIE, &cookie)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .unwrap()
    };
    // The upload queues a job and shows its page; a worker runs it (import, then match).
    let r = h.call(multipart(body.clone())).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let job_page = r.location().to_owned();
    assert!(job_page.starts_with("/jobs/"), "{job_page}");
    let r = browse(&h, Method::GET, &job_page, &cookie, None).await;
    assert!(r.body.contains("<progress"), "{}", r.body);
    let worker = rampart_app::Worker::new("test");
    assert!(worker.run_once(&h.t.app).await.unwrap().is_some());
    let r = browse(&h, Method::GET, &job_page, &cookie, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body.contains("id=\"feed-report\"")
            && r.body.contains("epss epss.csv")
            && r.body.contains("incremental match"),
        "{}",
        r.body
    );
    // A wrong kind is shown on the page.
    let bad = String::from_utf8(body)
        .unwrap()
        .replace("\r\n\r\nepss\r\n", "\r\n\r\nrss\r\n");
    let r = h.call(multipart(bad.into_bytes())).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("unknown feed kind"), "{}", r.body);
    // Agency staff see no organisation filter, no triage form and no feed forms.
    let (staff, _) = h.session("agency-staff").await;
    let r = browse(&h, Method::GET, "/findings", &staff, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(!r.body.contains("name=\"org\""));
    let r = browse(&h, Method::GET, "/feeds", &staff, None).await;
    assert!(!r.body.contains("id=\"feed-import\"") && !r.body.contains("id=\"run-match\""));
    // Partners see vulnerabilities but no findings.
    let (partner, _) = h.session("partner-analyst").await;
    let r = browse(&h, Method::GET, "/vulns/CVE-2017-0143", &partner, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        !r.body.contains("SMB-02") && !r.body.contains("href=\"/findings\""),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn agency_roles_see_and_triage_their_own_findings_only() {
    let (h, t) = loaded().await;
    let transport = finding_id(&h, &t, "CVE-2002-20001", "AP-03").await;
    let water = finding_id(&h, &t, "CVE-2017-0001", "FS-01").await;
    let staff = h.token(h.role_user(Role::AgencyStaff)).await;
    let list = get(&h, "/api/v1/findings?status=all&limit=500", &staff).await.json();
    let orgs: std::collections::BTreeSet<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["org"].as_str().unwrap())
        .collect();
    assert_eq!(orgs, std::collections::BTreeSet::from(["water"]), "{list}");
    // Asking for another organisation is refused, not silently narrowed.
    let r = get(&h, &format!("/api/v1/findings?org={}", h.seed.transport.0), &staff).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(
        get(&h, &format!("/api/v1/findings/{transport}"), &staff).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        get(&h, &format!("/api/v1/findings/{water}"), &staff).await.status,
        StatusCode::OK
    );
    // A vulnerability's page lists the agency's findings only.
    let v = get(&h, "/api/v1/vulns/CVE-2002-20001", &staff).await.json();
    assert!(v["findings"].as_array().unwrap().is_empty(), "{v}");
    // Staff may not triage; their manager may, in their agency only.
    let r = patch(
        &h,
        &format!("/api/v1/findings/{water}"),
        &staff,
        r#"{"status": "in_progress"}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let manager = h.token(h.role_user(Role::AgencyManager)).await;
    let r = patch(
        &h,
        &format!("/api/v1/findings/{transport}"),
        &manager,
        r#"{"status": "in_progress"}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = patch(
        &h,
        &format!("/api/v1/findings/{water}"),
        &manager,
        r#"{"status": "in_progress"}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // The export is scoped too.
    let csv = get(&h, "/api/v1/findings/export?format=csv", &staff).await;
    assert!(
        csv.body.contains("FS-01") && !csv.body.contains("AP-03"),
        "{}",
        csv.body
    );
    // Feeds and matching are the security office's.
    let r = upload(
        &h,
        "/api/v1/feeds/import?kind=nvd",
        &manager,
        fixture("nvd/nvdcve-1.1-sample.json"),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = call(&h, Method::POST, "/api/v1/match", &manager, None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
}

#[tokio::test]
async fn bad_input_is_a_problem_naming_it() {
    let (h, t) = loaded().await;
    let bad = StatusCode::BAD_REQUEST;
    for (uri, mentions) in [
        ("/api/v1/vulns?colour=red", "colour"),
        ("/api/v1/vulns?cursor=not-a-cursor", "cursor"),
        ("/api/v1/vulns?cursor=WzEsMl0", "cursor"), // valid base64 of `[1,2]`, not a (score, id)
        ("/api/v1/vulns?kev=maybe", "kev"),
        ("/api/v1/vulns?epss_min=2", "epss_min"),
        ("/api/v1/vulns?score_min=ten", "score_min"),
        ("/api/v1/vulns?severity=awful", "severity"),
        ("/api/v1/vulns?outcome=soon", "outcome"),
        ("/api/v1/vulns?limit=many", "limit"),
        ("/api/v1/vulns/CVE%3Cscript%3E", "vulnerability id"),
        ("/api/v1/findings?colour=red", "colour"),
        ("/api/v1/findings?status=done", "status"),
        ("/api/v1/findings?outcome=later", "outcome"),
        ("/api/v1/findings?org=water", "org"),
        ("/api/v1/findings?order=random", "order"),
        ("/api/v1/findings?offset=-5", "offset"),
        ("/api/v1/findings/0", "finding id"),
        ("/api/v1/findings/abc", "invalid"),
        ("/api/v1/findings/export", "format"),
        ("/api/v1/findings/export?format=pdf", "pdf"),
        ("/api/v1/findings/export?format=csv&colour=red", "colour"),
    ] {
        assert_problem(&get(&h, uri, &t).await, bad, mentions);
    }
    assert_problem(
        &get(&h, "/api/v1/findings/999999", &t).await,
        StatusCode::NOT_FOUND,
        "finding",
    );
    // An unknown but well-formed CVE matches nothing.
    let r = get(&h, "/api/v1/findings?vuln=CVE-1900-0001", &t).await.json();
    assert!(r["items"].as_array().unwrap().is_empty(), "{r}");

    // Feed uploads.
    let nvd = fixture("nvd/nvdcve-1.1-sample.json");
    assert_problem(
        &upload(&h, "/api/v1/feeds/import?kind=rss", &t, nvd.clone()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unknown feed kind `rss`",
    );
    assert_problem(&upload(&h, "/api/v1/feeds/import", &t, nvd.clone()).await, bad, "kind");
    assert_problem(
        &upload(&h, "/api/v1/feeds/import?kind=nvd&colour=red", &t, nvd).await,
        bad,
        "colour",
    );
    assert_problem(
        &upload(&h, "/api/v1/feeds/import?kind=nvd", &t, Vec::new()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "empty",
    );
    assert_problem(
        &upload(
            &h,
            "/api/v1/feeds/import?kind=nvd&filename=oops.json",
            &t,
            br#"{"not": "nvd"}"#.to_vec(),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "oops.json",
    );
    assert_problem(
        &upload(
            &h,
            "/api/v1/feeds/import?kind=kev&filename=kev.json",
            &t,
            b"\x00\xffgarbage".to_vec(),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "kev.json",
    );
    assert_problem(
        &call(&h, Method::POST, "/api/v1/match?full=maybe", &t, None).await,
        bad,
        "full",
    );
    // Malformed JSON when triaging.
    let id = finding_id(&h, &t, "CVE-2017-0001", "FS-01").await;
    let r = patch(&h, &format!("/api/v1/findings/{id}"), &t, r#"{"status": "#).await;
    assert_problem(&r, bad, "JSON");

    // The pages answer with an HTML error page.
    let (cookie, _) = h.session("admin").await;
    for uri in [
        "/vulns?colour=red",
        "/vulns?cursor=zz",
        "/findings?status=done",
        "/findings/abc",
        "/vulns/CVE%20x",
    ] {
        let r = browse(&h, Method::GET, uri, &cookie, None).await;
        assert_eq!(r.status, bad, "{uri}: {}", r.body);
        assert!(r.content_type().starts_with("text/html"), "{uri}: {}", r.content_type());
    }
    let r = browse(&h, Method::GET, "/vulns/CVE-1900-0001", &cookie, None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
}

#[tokio::test]
async fn vendor_aliases_over_the_api_and_the_page() {
    let (h, t) = loaded().await;
    let json = |canonical: &str| {
        Some((
            "application/json",
            format!("{{\"canonical\": \"{canonical}\"}}").into_bytes(),
        ))
    };
    let r = call(&h, Method::PUT, "/api/v1/vendor-aliases/MoxaNet", &t, json("Moxa Inc.")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["alias"], "moxanet");
    assert_eq!(r.json()["canonical"], "moxa");
    let r = get(&h, "/api/v1/vendor-aliases", &t).await;
    let list = r.json();
    assert_eq!(list[0]["alias"], "moxanet", "{list}");
    assert!(list.as_array().unwrap().iter().any(|a| a["built_in"] == true));
    // Bad input names the problem.
    assert_problem(
        &call(&h, Method::PUT, "/api/v1/vendor-aliases/d-link", &t, json("DLink")).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "already meet",
    );
    let r = call(
        &h,
        Method::PUT,
        "/api/v1/vendor-aliases/x",
        &t,
        Some(("application/json", b"{\"vendor\": 1}".to_vec())),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_problem(
        &call(&h, Method::DELETE, "/api/v1/vendor-aliases/allen-bradley", &t, None).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "built in",
    );
    let r = call(&h, Method::DELETE, "/api/v1/vendor-aliases/moxanet", &t, None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    assert_eq!(
        call(&h, Method::DELETE, "/api/v1/vendor-aliases/moxanet", &t, None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // The page: add, see, remove.
    let (cookie, csrf) = h.session(h.role_user(Role::SecurityAnalyst)).await;
    let r = browse(
        &h,
        Method::POST,
        "/feeds/aliases",
        &cookie,
        Some(format!("csrf={csrf}&alias=Telemecanique&canonical=Schneider+Electric")),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = browse(&h, Method::GET, r.location(), &cookie, None).await;
    assert!(
        r.body.contains("Alias saved") && r.body.contains("<code>telemecanique</code>"),
        "{}",
        r.body
    );
    assert!(r.body.contains("id=\"alias-set\""));
    let r = browse(
        &h,
        Method::POST,
        "/feeds/aliases",
        &cookie,
        Some(format!("csrf={csrf}&alias=&canonical=x")),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("role=\"alert\""), "{}", r.body);
    let r = browse(
        &h,
        Method::POST,
        "/feeds/aliases/delete",
        &cookie,
        Some(format!("csrf={csrf}&alias=telemecanique")),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Viewers see the table without the forms.
    let (staff, _) = h.session("agency-staff").await;
    let r = browse(&h, Method::GET, "/feeds/aliases", &staff, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.body.contains("id=\"alias-set\"") && r.body.contains("rockwellautomation"));
}

#[tokio::test]
async fn findings_per_asset_service_and_agency() {
    let (h, t) = loaded().await;
    // A service that needs the Windows file server (FS-01) and the SMB server.
    let admin = h.token("admin").await;
    let services = "name,owner_org,life_safety,critical\nPermits portal,water,none,\n";
    let r = upload(
        &h,
        "/api/v1/estate/import?kind=services&filename=s.csv",
        &admin,
        services.as_bytes().to_vec(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let deps = "dependent,dependent_kind,target\nPermits portal,,asset:FS-01\nPermits portal,,asset:SMB-02\n";
    let r = upload(
        &h,
        "/api/v1/estate/import?kind=dependencies&filename=d.csv",
        &admin,
        deps.as_bytes().to_vec(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let service = get(&h, "/api/v1/services", &t)
        .await
        .json()
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Permits portal")
        .map(|s| s["id"].as_i64().unwrap())
        .unwrap();
    // The API: the service's findings are those of the assets it needs.
    let r = get(&h, &format!("/api/v1/findings?service={service}&limit=100"), &t).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let items = r.json()["items"].as_array().unwrap().clone();
    assert!(!items.is_empty());
    assert!(
        items.iter().all(|f| f["asset"] == "FS-01" || f["asset"] == "SMB-02"),
        "{items:?}"
    );
    assert!(items.iter().any(|f| f["asset"] == "SMB-02"));
    assert_eq!(
        get(&h, "/api/v1/findings?service=999999", &t).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&h, "/api/v1/findings?service=x", &t).await.status,
        StatusCode::BAD_REQUEST
    );
    // Pages: the service and the asset show their open findings; the list narrows to the service.
    let (cookie, _) = h.session(h.role_user(Role::SecurityAnalyst)).await;
    let r = browse(&h, Method::GET, &format!("/services/{service}"), &cookie, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body.contains("id=\"findings-panel\"") && r.body.contains("CVE-2017-0143"),
        "{}",
        r.body
    );
    assert!(r.body.contains(&format!("href=\"/findings?service={service}\"")));
    let smb = items.iter().find(|f| f["asset"] == "SMB-02").unwrap()["asset_id"]
        .as_i64()
        .unwrap();
    let r = browse(&h, Method::GET, &format!("/assets/{smb}"), &cookie, None).await;
    assert!(
        r.body.contains("id=\"findings-panel\"") && r.body.contains("CVE-2017-0143"),
        "{}",
        r.body
    );
    let r = browse(&h, Method::GET, &format!("/findings?service={service}"), &cookie, None).await;
    assert!(r.body.contains("SMB-02") && !r.body.contains("AP-03"), "{}", r.body);
    // City-wide: a table per agency; one agency's list has none.
    let r = browse(&h, Method::GET, "/findings", &cookie, None).await;
    assert!(r.body.contains("id=\"findings-by-agency\""), "{}", r.body);
    let r = browse(
        &h,
        Method::GET,
        &format!("/findings?org={}", h.seed.water.0),
        &cookie,
        None,
    )
    .await;
    assert!(!r.body.contains("id=\"findings-by-agency\""));
    // Roles without findings see no panel.
    let (partner, _) = h.session("partner-analyst").await;
    let r = browse(&h, Method::GET, &format!("/assets/{smb}"), &partner, None).await;
    assert!(!r.body.contains("id=\"findings-panel\""), "{}", r.status);
}
