#!/usr/bin/env python3
"""CVSS oracle: score every distinct CVSS vector in the data at hand with RedHat's `cvss`
package (PyPI, https://github.com/RedHatProductSecurity/cvss) and write a JSON-lines fixture
that `crates/rampart-formats/tests/feeds_cvss.rs` checks our scores against.

Sources scanned (under the shared data folder, default: <repo>/../shared/data):
  nvd/feeds-1.1/*.json.gz, nvd/subsets/*.json.gz       impact.baseMetricV3/V2
  cve5/records/**.json, cve5/*.jsonl.gz, cve5/schema-examples/*.json   metrics[].cvssV*
  csaf/cisa-ics/**.json, csaf/oasis-csaf-2.0/examples/**.json          scores[].cvss_v2/v3

Each output line: {"vector", "version", "base_score", "severity", "stated": [...]}, where
`stated` lists the distinct base scores the data itself gives for that vector (informational),
or {"vector", "error"} when RedHat's library rejects the vector.

Usage:
  python3 -m venv /tmp/venv-cvss && /tmp/venv-cvss/bin/pip install cvss
  /tmp/venv-cvss/bin/python scripts/oracles/cvss_redhat.py [DATA_DIR] \
      > crates/rampart-formats/tests/fixtures/feeds/cvss/redhat-vectors.jsonl
  (then gzip -n -9 it)
"""
import glob
import gzip
import json
import os
import sys
from collections import defaultdict

import cvss  # RedHat's library

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "..", "shared", "data")

stated = defaultdict(set)  # vector -> stated base scores


def note(vector, score):
    if not isinstance(vector, str) or not vector.strip():
        return
    s = stated[vector.strip()]
    if isinstance(score, (int, float)):
        s.add(float(score))


def nvd11(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        doc = json.load(f)
    for item in doc.get("CVE_Items", []):
        impact = item.get("impact", {})
        v3 = impact.get("baseMetricV3", {}).get("cvssV3", {})
        v2 = impact.get("baseMetricV2", {}).get("cvssV2", {})
        for block in (v3, v2):
            if block:
                note(block.get("vectorString"), block.get("baseScore"))


def cve5(doc):
    containers = doc.get("containers", {})
    for c in [containers.get("cna", {})] + containers.get("adp", []):
        for m in c.get("metrics", []):
            for key in ("cvssV4_0", "cvssV3_1", "cvssV3_0", "cvssV2_0"):
                if key in m:
                    note(m[key].get("vectorString"), m[key].get("baseScore"))


def csaf(doc):
    for v in doc.get("vulnerabilities", []):
        for s in v.get("scores", []):
            for key in ("cvss_v3", "cvss_v2"):
                if key in s:
                    note(s[key].get("vectorString"), s[key].get("baseScore"))


def main():
    for p in sorted(glob.glob(os.path.join(DATA, "nvd", "feeds-1.1", "*.json.gz"))
                    + glob.glob(os.path.join(DATA, "nvd", "subsets", "*.json.gz"))):
        nvd11(p)
    for p in sorted(glob.glob(os.path.join(DATA, "cve5", "**", "*.json"), recursive=True)):
        with open(p, encoding="utf-8") as f:
            doc = json.load(f)
        if "cveMetadata" in doc:
            cve5(doc)
    for p in sorted(glob.glob(os.path.join(DATA, "cve5", "*.jsonl.gz"))):
        with gzip.open(p, "rt", encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    cve5(json.loads(line))
    for p in sorted(glob.glob(os.path.join(DATA, "csaf", "cisa-ics", "**", "*.json"), recursive=True)
                    + glob.glob(os.path.join(DATA, "csaf", "oasis-csaf-2.0", "examples", "**", "*.json"),
                                recursive=True)):
        with open(p, encoding="utf-8") as f:
            doc = json.load(f)
        if "document" in doc:
            csaf(doc)

    out = sys.stdout
    for vector in sorted(stated):
        rec = {"vector": vector}
        try:
            if vector.startswith("CVSS:4.0/"):
                c = cvss.CVSS4(vector)
                rec.update(version="4.0", base_score=float(c.base_score), severity=c.severity.upper())
            elif vector.startswith("CVSS:3."):
                c = cvss.CVSS3(vector)
                rec.update(version=vector[5:8], base_score=float(c.base_score),
                           severity=c.severities()[0].upper())
            else:
                c = cvss.CVSS2(vector.strip("()"))
                score = float(c.base_score)
                rec.update(version="2.0", base_score=score,
                           severity="LOW" if score < 4.0 else "MEDIUM" if score < 7.0 else "HIGH")
        except Exception as e:  # the oracle's verdict, recorded for the Rust test
            rec = {"vector": vector, "error": f"{type(e).__name__}: {e}"}
        rec["stated"] = sorted(stated[vector])
        out.write(json.dumps(rec, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
