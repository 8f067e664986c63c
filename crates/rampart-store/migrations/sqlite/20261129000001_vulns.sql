-- Vulnerability intelligence (step 3a): vulnerabilities and the feed records
-- they came from, CSAF advisories, KEV and EPSS, vendor aliases, findings
-- and match runs.

CREATE TABLE vulnerabilities (
    id                    INTEGER PRIMARY KEY,
    cve_id                TEXT NOT NULL UNIQUE,
    title                 TEXT,
    description           TEXT,
    assigner              TEXT,
    published             TEXT,
    last_modified         TEXT,
    cwes                  TEXT NOT NULL DEFAULT '',
    cvss_version          TEXT,
    cvss_vector           TEXT,
    cvss_score            REAL,
    severity              TEXT,
    cvss_json             TEXT NOT NULL DEFAULT '[]',
    ssvc_exploitation     TEXT,
    ssvc_automatable      INTEGER,
    ssvc_technical_impact TEXT,
    vendors               TEXT NOT NULL DEFAULT '',
    sources               TEXT NOT NULL DEFAULT '',
    content_hash          TEXT NOT NULL,
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    rules_changed_at      TEXT NOT NULL
);
CREATE INDEX vulnerabilities_score ON vulnerabilities (cvss_score, cve_id);
CREATE INDEX vulnerabilities_rules_changed ON vulnerabilities (rules_changed_at);
CREATE INDEX vulnerabilities_published ON vulnerabilities (published, cve_id);

-- One row per feed record behind a vulnerability (NVD, CVE 5), as JSON.
CREATE TABLE vuln_records (
    vuln_id      INTEGER NOT NULL REFERENCES vulnerabilities (id) ON DELETE CASCADE,
    source       TEXT NOT NULL,
    record       TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (vuln_id, source)
);

CREATE TABLE advisories (
    id              INTEGER PRIMARY KEY,
    tracking_id     TEXT NOT NULL UNIQUE,
    publisher       TEXT NOT NULL DEFAULT '',
    title           TEXT NOT NULL DEFAULT '',
    tlp             TEXT,
    initial_release TEXT,
    current_release TEXT,
    document        TEXT NOT NULL,
    content_hash    TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

CREATE TABLE advisory_vulns (
    advisory_id INTEGER NOT NULL REFERENCES advisories (id) ON DELETE CASCADE,
    vuln_id     INTEGER NOT NULL REFERENCES vulnerabilities (id) ON DELETE CASCADE,
    PRIMARY KEY (advisory_id, vuln_id)
);
CREATE INDEX advisory_vulns_vuln ON advisory_vulns (vuln_id);

CREATE TABLE kev_entries (
    cve_id          TEXT PRIMARY KEY,
    vendor          TEXT NOT NULL DEFAULT '',
    product         TEXT NOT NULL DEFAULT '',
    name            TEXT NOT NULL DEFAULT '',
    date_added      TEXT,
    due_date        TEXT,
    required_action TEXT NOT NULL DEFAULT '',
    ransomware      TEXT,
    updated_at      TEXT NOT NULL
);

CREATE TABLE epss_scores (
    cve_id     TEXT PRIMARY KEY,
    epss       REAL NOT NULL,
    percentile REAL NOT NULL,
    score_date TEXT
);
CREATE INDEX epss_scores_epss ON epss_scores (epss);

CREATE TABLE vendor_aliases (
    alias      TEXT PRIMARY KEY,
    canonical  TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE feed_imports (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    source      TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    total       INTEGER NOT NULL,
    created     INTEGER NOT NULL,
    updated     INTEGER NOT NULL,
    unchanged   INTEGER NOT NULL,
    skipped     INTEGER NOT NULL,
    problems    TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE findings (
    id            INTEGER PRIMARY KEY,
    asset_id      INTEGER NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    vuln_id       INTEGER NOT NULL REFERENCES vulnerabilities (id) ON DELETE CASCADE,
    org_id        INTEGER NOT NULL REFERENCES organisations (id),
    status        TEXT NOT NULL DEFAULT 'open',
    verdict       TEXT NOT NULL,
    evidence      TEXT NOT NULL,
    ssvc_outcome  TEXT,
    ssvc          TEXT NOT NULL DEFAULT '{}',
    due_date      TEXT,
    justification TEXT,
    note          TEXT NOT NULL DEFAULT '',
    first_seen    TEXT NOT NULL,
    last_seen     TEXT NOT NULL,
    closed_at     TEXT,
    updated_at    TEXT NOT NULL,
    UNIQUE (asset_id, vuln_id)
);
CREATE INDEX findings_vuln ON findings (vuln_id, status);
CREATE INDEX findings_org ON findings (org_id, status, due_date);
CREATE INDEX findings_outcome ON findings (status, ssvc_outcome, due_date);

CREATE TABLE match_runs (
    id          INTEGER PRIMARY KEY,
    full_match  INTEGER NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    rules       INTEGER NOT NULL,
    assets      INTEGER NOT NULL,
    opened      INTEGER NOT NULL,
    updated     INTEGER NOT NULL,
    closed      INTEGER NOT NULL,
    millis      INTEGER NOT NULL
);
