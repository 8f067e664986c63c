#!/usr/bin/env python3
"""Build the demo city's vulnerability feed bundle (crates/rampart-app/data/demo_feeds/).

The demo city (`rampart demo`) draws its devices from data/device_catalog.tsv (real vendor / product / model /
version / CPE names, see scripts/build_device_catalog.py). This script picks, from the public feeds at hand, the
records that apply to those catalog models, so that the demo generator can import them (compiled into the
binary with include_bytes!) and run the matcher: the demo then shows real findings on its devices.

Inputs (default: ../shared/data, see its README.md):
  nvd/feeds-1.1/*.json.gz, nvd/subsets/*.json.gz   NVD JSON 1.1 feeds (the newest copy of a CVE wins)
  kev/known_exploited_vulnerabilities.json          CISA KEV catalog
  cve5/vulnrichment-cve5-sample.shared.jsonl.gz     CVE JSON 5 records with the CISA ADP container (SSVC)
  csaf/cisa-ics/<year>/icsa-*.json                  CISA ICS advisories (CSAF 2.0)
  epss/*.csv[.gz]                                   FIRST EPSS daily scores, when present (not in the shared data)

Outputs (crates/rampart-app/data/demo_feeds/):
  nvdcve-1.1-demo.json.gz   NVD JSON 1.1 feed, same shape as NVD's nvdcve-1.1-*.json.gz, records copied verbatim
  kev.json                  the KEV catalog's entries for those CVEs, same shape as known_exploited_vulnerabilities.json
  cve5-demo.jsonl.gz        the CVE JSON 5 records (one per line) of those CVEs and of catalog rows taken from CVE 5
  csaf/icsa-*.json          a few CISA ICS advisories that catalog rows were taken from
  kev_models.tsv            catalog models a KEV record in the bundle applies to, and whether CISA's ADP rates one
                            of those records automatable (the demo's internet-exposed devices run these models)
  epss.csv                  EPSS scores for those CVEs (only when EPSS data is present)
  MANIFEST.tsv              what was selected: kind, id, asset types, catalog rows matched, KEV

Selection. An NVD record is a candidate when its configurations apply to a catalog row's CPEs: the same
applicability rules as Rampart's matcher (NISTIR 7696 name matching, version ranges on the CPE version, AND/OR
nodes, negate, a configuration applies only through a matched vulnerable criterion), with version order
approximated like rampart_core::version. The Rust matcher decides in the end; this only picks records. Every
candidate in KEV is taken; then, in rounds, each catalog row (asset types round-robin) takes its best record
not yet chosen (KEV first, then CISA-ADP exploitation, then CVSS score, then newest), until every row holds
PER_ROW records or the bundle holds MAX_CVES. CVE 5 records: those whose CNA or ADP `affected` entries name a
catalog row (CPE vendor/product or vendor/product names) with the row's version placed as affected, those
catalog rows were taken from, and those of the chosen NVD CVEs (they bring CISA's SSVC assessment). CSAF
advisories: the ones catalog rows were taken from (rows at the first fixed version do not count), round-robin
over asset types (largest demo fleets first, most rows first), within a size budget. KEV: the entries of every
CVE in the bundle. Deterministic: the same inputs give byte-identical outputs (gzip mtime 0).

Usage: python3 scripts/build_demo_feeds.py [DATA_DIR] [OUT_DIR]
Python 3.11 standard library only; takes under a minute.
"""
from __future__ import annotations

import collections
import functools
import glob
import gzip
import io
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data")
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "crates", "rampart-app", "data", "demo_feeds")
CATALOG = os.path.join(ROOT, "crates", "rampart-app", "data", "device_catalog.tsv")

# Records per catalog row (a row may hold more through records chosen for other rows).
PER_ROW = 4
# Records in the NVD feed at most.
MAX_CVES = 1500
# CSAF advisories at most, the largest one, and all of them together (bytes; stored as published).
MAX_CSAF = 12
MAX_CSAF_BYTES = 200_000
CSAF_BUDGET = 700_000
# Asset types in the order they pick advisories (the demo's largest fleets first).
CSAF_TYPES = ["smart_meter", "sensor", "ip_camera", "plc", "rtu", "hmi", "gateway", "switch", "access_controller",
              "workstation", "server", "firewall", "nvr", "router", "other"]

# --------------------------------------------------------------------------------------------------
# Versions: the order of rampart_core::version (tokens; pre-release words before the release,
# other words after; missing tokens are zero).
# --------------------------------------------------------------------------------------------------

PRE = {"dev": 0, "snapshot": 0, "alpha": 1, "beta": 2, "pre": 3, "preview": 3, "rc": 4, "cr": 4}
PREFIX = re.compile(r"^(?:version|release|ver|rel|rev|v|r)[.\s]*(?=\d)", re.I)
ZERO = (1, 0)


@functools.lru_cache(maxsize=None)
def vtokens(v: str) -> tuple:
    v = PREFIX.sub("", v.strip())
    out = []
    for tok in re.findall(r"[0-9]+|[A-Za-z]+", v):
        if tok.isdigit():
            n = int(tok)
            out.append((3, n) if n else ZERO)
        else:
            w = tok.lower()
            out.append((0, PRE[w]) if w in PRE else (2, w))
    while out and out[-1] == ZERO:
        out.pop()
    return tuple(out)


def vcmp(a: str, b: str) -> int:
    ta, tb = vtokens(a), vtokens(b)
    for i in range(max(len(ta), len(tb))):
        x = ta[i] if i < len(ta) else ZERO
        y = tb[i] if i < len(tb) else ZERO
        if x != y:
            return -1 if x < y else 1
    return 0


# --------------------------------------------------------------------------------------------------
# CPE 2.3 names and NVD applicability
# --------------------------------------------------------------------------------------------------

CPE_SPLIT = re.compile(r"(?<!\\):")


def cpe_parts(cpe: str) -> tuple:
    p = CPE_SPLIT.split(cpe)
    p += ["*"] * (13 - len(p))
    return tuple(x.lower() for x in p[2:13])  # part, vendor, product, version, update, ... other


def unescape(s: str) -> str:
    return re.sub(r"\\(.)", r"\1", s)


def attr_superset(src: str, tgt: str) -> bool:
    """NISTIR 7696: is the criterion's value a superset of the asset's?"""
    if src == "*":
        return True
    if src == "-":
        return tgt == "-"
    if tgt in ("*", "-"):
        return False
    if "*" in src.replace("\\*", "") or "?" in src.replace("\\?", ""):
        pat = re.escape(unescape(src)).replace(r"\*", ".*").replace(r"\?", ".")
        return re.fullmatch(pat, unescape(tgt)) is not None
    return unescape(src) == unescape(tgt)


def has_range(m: dict) -> bool:
    return any(k in m for k in ("versionStartIncluding", "versionStartExcluding", "versionEndIncluding",
                                "versionEndExcluding"))


def criterion_matches(m: dict, asset: tuple) -> bool:
    crit = m["_parts"]
    for i, (s, t) in enumerate(zip(crit, asset)):
        if i == 3 and has_range(m):
            continue
        if not attr_superset(s, t):
            return False
    if has_range(m):
        v = unescape(asset[3])
        if v in ("*", "-", ""):
            return False
        if crit[3] not in ("*", "-") and not attr_superset(crit[3], asset[3]):
            return False
        if "versionStartIncluding" in m and vcmp(v, m["versionStartIncluding"]) < 0:
            return False
        if "versionStartExcluding" in m and vcmp(v, m["versionStartExcluding"]) <= 0:
            return False
        if "versionEndIncluding" in m and vcmp(v, m["versionEndIncluding"]) > 0:
            return False
        if "versionEndExcluding" in m and vcmp(v, m["versionEndExcluding"]) >= 0:
            return False
    return True


def node_eval(node: dict, assets: list[tuple], hits: set) -> bool:
    """Evaluates a configuration node; records matched vulnerable criteria in `hits`."""
    results = []
    for m in node.get("cpe_match", []):
        ok = any(criterion_matches(m, a) for a in assets)
        if ok and m.get("vulnerable"):
            hits.add(id(m))
        results.append(ok)
    for c in node.get("children", []):
        results.append(node_eval(c, assets, hits))
    if not results:
        r = False
    elif node.get("operator", "OR").upper() == "AND":
        r = all(results)
    else:
        r = any(results)
    return (not r) if node.get("negate") else r


def applies(nodes: list, assets: list[tuple]) -> bool:
    for n in nodes:
        hits: set = set()
        if node_eval(n, assets, hits) and hits:
            return True
    return False


def criteria(node: dict):
    for m in node.get("cpe_match", []):
        yield m
    for c in node.get("children", []):
        yield from criteria(c)


# --------------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------------


def load_catalog() -> list[dict]:
    rows = []
    with open(CATALOG, encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        for line in fh:
            f = dict(zip(header, line.rstrip("\n").split("\t")))
            cpes = [f[k] for k in ("cpe_firmware", "cpe_hardware", "cpe_application") if f.get(k, "").startswith("cpe:2.3:")]
            f["_cpes"] = [cpe_parts(c) for c in cpes]
            f["_n"] = len(rows)
            rows.append(f)
    return rows


def load_nvd() -> tuple[dict, str]:
    files = sorted(glob.glob(os.path.join(DATA, "nvd", "feeds-1.1", "*.json.gz")))
    files += sorted(glob.glob(os.path.join(DATA, "nvd", "subsets", "*.json.gz")))
    items: dict[str, dict] = {}
    newest = ""
    for fn in files:
        with gzip.open(fn, "rt", encoding="utf-8") as fh:
            doc = json.load(fh)
        newest = max(newest, doc.get("CVE_data_timestamp", ""))
        for it in doc["CVE_Items"]:
            cid = it["cve"]["CVE_data_meta"]["ID"]
            old = items.get(cid)
            # The "modified" and "recent" feeds repeat yearly items: the newest copy wins.
            if old is None or it.get("lastModifiedDate", "") > old.get("lastModifiedDate", ""):
                items[cid] = it
    return items, newest


def load_kev() -> dict:
    with open(os.path.join(DATA, "kev", "known_exploited_vulnerabilities.json"), encoding="utf-8") as fh:
        return json.load(fh)


def load_cve5() -> dict[str, str]:
    out = {}
    path = os.path.join(DATA, "cve5", "vulnrichment-cve5-sample.shared.jsonl.gz")
    if not os.path.exists(path):
        return out
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            rec = json.loads(line)
            cid = rec.get("cveMetadata", {}).get("cveId")
            if cid:
                out[cid] = line
    return out


def adp_exploitation(line: str | None) -> int:
    """0 none, 1 PoC, 2 active, from the CISA ADP SSVC options."""
    if not line:
        return 0
    m = re.search(r'"Exploitation"\s*:\s*"(none|poc|active)"', line, re.I)
    return {"none": 0, "poc": 1, "active": 2}.get(m.group(1).lower(), 0) if m else 0


def cvss_score(it: dict) -> float:
    imp = it.get("impact", {})
    for k, inner in (("baseMetricV3", "cvssV3"), ("baseMetricV2", "cvssV2")):
        if k in imp:
            return float(imp[k].get(inner, {}).get("baseScore", 0.0))
    return 0.0


# --------------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------------


def gzip_bytes(data: bytes) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(data)
    return buf.getvalue()


def squash(s: str) -> str:
    return re.sub(r"[^a-z0-9]", "", unescape(s).lower())


def place(version: str, versions: list, default: str) -> str:
    """A CVE 5 `affected` entry's status for one version: the first entry containing it, else the default."""
    for e in versions:
        st = e.get("status", "unknown")
        v0 = str(e.get("version", ""))
        lt, le = e.get("lessThan"), e.get("lessThanOrEqual")
        if lt is not None or le is not None:
            if v0 not in ("", "0", "*") and vcmp(version, v0) < 0:
                continue
            if lt is not None and lt != "*" and vcmp(version, str(lt)) >= 0:
                continue
            if le is not None and le != "*" and vcmp(version, str(le)) > 0:
                continue
            return st
        if v0 not in ("", "*") and vcmp(version, v0) == 0:
            return st
    return default


def cve5_rows(rec: dict, by_cpe: dict, by_name: dict) -> set[int]:
    """Catalog rows a CVE 5 record's CNA or ADP `affected` entries say are affected (by CPE vendor and product,
    or by vendor and product name), placing the row's version in the entry's versions."""
    out: set[int] = set()
    conts = [rec.get("containers", {}).get("cna", {})] + rec.get("containers", {}).get("adp", [])
    for c in conts:
        for a in c.get("affected", []) or []:
            cands: dict[int, dict] = {}
            for cpe in a.get("cpes", []) or []:
                p = cpe_parts(cpe)
                for r in by_cpe.get((p[1], p[2]), []):
                    cands[r["_n"]] = r
            name = (squash(a.get("vendor", "")), squash(a.get("product", "")))
            for r in by_name.get(name, []):
                cands[r["_n"]] = r
            for n, r in cands.items():
                if n not in out and r["version"] and \
                        place(r["version"], a.get("versions", []) or [], a.get("defaultStatus", "unknown")) == "affected":
                    out.add(n)
    return out


def adp_automatable(line: str | None) -> bool:
    m = re.search(r'"Automatable"\s*:\s*"(\w+)"', line or "")
    return bool(m) and m.group(1).lower() == "yes"


def main() -> None:
    rows = load_catalog()
    items, newest = load_nvd()
    kev_doc = load_kev()
    kev = {v["cveID"]: v for v in kev_doc["vulnerabilities"]}
    cve5 = load_cve5()
    print(f"catalog rows {len(rows)}, NVD records {len(items)}, KEV {len(kev)}, CVE 5 {len(cve5)}", file=sys.stderr)

    # Rows by (part, vendor, product) of their CPEs, by CPE (vendor, product), and by names.
    by_key: dict[tuple, list[dict]] = collections.defaultdict(list)
    by_cpe: dict[tuple, list[dict]] = collections.defaultdict(list)
    by_name: dict[tuple, list[dict]] = collections.defaultdict(list)
    for r in rows:
        for c in {c[:3] for c in r["_cpes"]}:
            by_key[c].append(r)
            by_cpe[c[1:3]].append(r)
        for name in {(squash(r["vendor"]), squash(r["product"])), (squash(r["vendor"]), squash(r["model"]))}:
            by_name[name].append(r)

    # Which rows each NVD record applies to.
    matches: dict[str, list[int]] = {}
    for cid in sorted(items):
        nodes = items[cid].get("configurations", {}).get("nodes", [])
        cands: dict[int, dict] = {}
        for n in nodes:
            for m in criteria(n):
                m["_parts"] = cpe_parts(m.get("cpe23Uri", ""))
                if m.get("vulnerable"):
                    p = m["_parts"]
                    if "*" in p[:3] or "?" in "".join(p[:3]):
                        # Wildcard vendor or product: check every row (rare).
                        for r in rows:
                            cands[r["_n"]] = r
                    else:
                        for r in by_key.get(p[:3], []):
                            cands[r["_n"]] = r
        hit = sorted(n for n, r in cands.items() if applies(nodes, r["_cpes"]))
        if hit:
            matches[cid] = hit
        for n in nodes:
            for m in criteria(n):
                m.pop("_parts", None)
    print(f"NVD records applying to catalog rows: {len(matches)} (KEV {sum(1 for c in matches if c in kev)})",
          file=sys.stderr)

    # Which rows each CVE 5 record applies to, and the records catalog rows were taken from.
    matches5: dict[str, list[int]] = {}
    for cid in sorted(cve5):
        hit = cve5_rows(json.loads(cve5[cid]), by_cpe, by_name)
        if hit:
            matches5[cid] = sorted(hit)
    named_cve5: dict[str, list[int]] = collections.defaultdict(list)
    for r in rows:
        src = r.get("source", "")
        if src.startswith("cve5:"):
            named_cve5[src.split(":")[1]].append(r["_n"])
    print(f"CVE 5 records applying to catalog rows: {len(matches5)} (KEV {sum(1 for c in matches5 if c in kev)})",
          file=sys.stderr)

    # NVD candidates per row, best first.
    def rank(cid: str) -> tuple:
        it = items[cid]
        return (cid not in kev, -adp_exploitation(cve5.get(cid)), -cvss_score(it),
                it.get("publishedDate", "") and "~" + it["publishedDate"], cid)

    rank_key = {cid: rank(cid) for cid in matches}
    per_row: dict[int, list[str]] = collections.defaultdict(list)
    for cid, hit in matches.items():
        for n in hit:
            per_row[n].append(cid)
    for n in per_row:
        per_row[n].sort(key=lambda c: rank_key[c])

    # Rows in a round-robin over asset types (catalog order within a type).
    types: dict[str, list[int]] = collections.defaultdict(list)
    for n in sorted(per_row):
        types[rows[n]["asset_type"]].append(n)
    order = []
    queues = [list(v) for _, v in sorted(types.items())]
    while any(queues):
        for q in queues:
            if q:
                order.append(q.pop(0))

    chosen: list[str] = []
    chosen_set: set[str] = set()
    held = collections.Counter()  # chosen records applying to each row

    def take(cid: str) -> None:
        chosen.append(cid)
        chosen_set.add(cid)
        for n in matches[cid]:
            held[n] += 1

    # Every record in KEV that applies to a catalog row: the exploited ones make the demo's top findings.
    for cid in sorted((c for c in matches if c in kev), key=lambda c: rank_key[c]):
        take(cid)
    for rnd in range(1, PER_ROW + 1):
        for n in order:
            if len(chosen) >= MAX_CVES:
                break
            if held[n] >= rnd:
                continue
            nxt = next((c for c in per_row[n] if c not in chosen_set), None)
            if nxt:
                take(nxt)
    chosen.sort()

    # CVE 5: the chosen CVEs' records (CISA ADP SSVC), those applying to catalog rows, those rows come from.
    cve5_ids = sorted((chosen_set | set(matches5) | set(named_cve5)) & set(cve5))
    for cid in cve5_ids:
        for n in matches5.get(cid, []):
            if cid not in chosen_set:
                held[n] += 1

    # CSAF advisories catalog rows come from: round-robin over asset types, most rows first.
    csaf_files = {}
    for f in glob.glob(os.path.join(DATA, "csaf", "cisa-ics", "*", "icsa-*.json")):
        csaf_files[os.path.basename(f)[:-5].upper()] = f
    named_csaf: dict[str, dict[str, int]] = collections.defaultdict(collections.Counter)
    for r in rows:
        src = r.get("source", "")
        # A ":fixed" row sits at the advisory's first fixed version: the advisory says it is not affected.
        if src.startswith("csaf:") and not src.endswith(":fixed"):
            named_csaf[r["asset_type"]][src.split(":")[1]] += 1
    queues = []
    for t in CSAF_TYPES:
        advs = [a for a, _ in sorted(named_csaf.get(t, {}).items(), key=lambda x: (-x[1], x[0]))
                if a in csaf_files and os.path.getsize(csaf_files[a]) <= MAX_CSAF_BYTES]
        queues.append(advs)
    picked: list[str] = []
    budget = CSAF_BUDGET
    while any(queues) and len(picked) < MAX_CSAF:
        for q in queues:
            while q and (q[0] in picked or os.path.getsize(csaf_files[q[0]]) > budget):
                q.pop(0)
            if q and len(picked) < MAX_CSAF:
                a = q.pop(0)
                picked.append(a)
                budget -= os.path.getsize(csaf_files[a])
    picked.sort()
    csaf_docs: dict[str, bytes] = {}
    csaf_cves: dict[str, list[str]] = {}
    for a in picked:
        with open(csaf_files[a], "rb") as fh:
            csaf_docs[a] = fh.read()
        doc = json.loads(csaf_docs[a])
        csaf_cves[a] = [v["cve"] for v in doc.get("vulnerabilities", []) if v.get("cve")]

    all_cves = chosen_set | set(cve5_ids) | {c for cs in csaf_cves.values() for c in cs}

    # Report.
    print(f"chosen: NVD {len(chosen)} (KEV {sum(1 for c in chosen if c in kev)}), CVE 5 {len(cve5_ids)} "
          f"(KEV {sum(1 for c in cve5_ids if c in kev)}), CSAF {len(picked)}; CVEs {len(all_cves)}, "
          f"KEV {sum(1 for c in all_cves if c in kev)}", file=sys.stderr)
    rows_all = collections.Counter(r["asset_type"] for r in rows)
    for t in sorted(rows_all):
        load = [held[r["_n"]] for r in rows if r["asset_type"] == t]
        with_ = sum(1 for x in load if x)
        print(f"  {t:18} rows with records {with_:4}/{rows_all[t]:4}  "
              f"mean records per row {sum(load) / max(1, len(load)):.2f} max {max(load)}", file=sys.stderr)

    os.makedirs(OUT, exist_ok=True)
    # NVD feed.
    feed = {
        "CVE_data_type": "CVE",
        "CVE_data_format": "MITRE",
        "CVE_data_version": "4.0",
        "CVE_data_numberOfCVEs": str(len(chosen)),
        "CVE_data_timestamp": newest,
        "CVE_Items": [items[c] for c in chosen],
    }
    raw = json.dumps(feed, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    with open(os.path.join(OUT, "nvdcve-1.1-demo.json.gz"), "wb") as fh:
        fh.write(gzip_bytes(raw))

    # CVE 5 records, one per line.
    lines = "".join(cve5[c] + "\n" for c in cve5_ids).encode("utf-8")
    with open(os.path.join(OUT, "cve5-demo.jsonl.gz"), "wb") as fh:
        fh.write(gzip_bytes(lines))

    # CSAF advisories, as published.
    csaf_dir = os.path.join(OUT, "csaf")
    os.makedirs(csaf_dir, exist_ok=True)
    for old_file in glob.glob(os.path.join(csaf_dir, "*.json")):
        os.remove(old_file)
    for a in picked:
        with open(os.path.join(csaf_dir, os.path.basename(csaf_files[a])), "wb") as fh:
            fh.write(csaf_docs[a])

    # KEV entries of every CVE in the bundle.
    kev_out = {k: v for k, v in kev_doc.items() if k != "vulnerabilities"}
    kev_entries = [v for v in kev_doc["vulnerabilities"] if v["cveID"] in all_cves]
    kev_out["count"] = len(kev_entries)
    kev_out["vulnerabilities"] = kev_entries
    with open(os.path.join(OUT, "kev.json"), "w", encoding="utf-8") as fh:
        json.dump(kev_out, fh, ensure_ascii=False, indent=2)
        fh.write("\n")

    # EPSS scores, when a snapshot is at hand (the shared data has none).
    epss_files = sorted(glob.glob(os.path.join(DATA, "epss", "*.csv.gz")) + glob.glob(os.path.join(DATA, "epss", "*.csv")))
    epss_path = os.path.join(OUT, "epss.csv")
    if epss_files:
        f = epss_files[-1]
        opener = gzip.open if f.endswith(".gz") else open
        with opener(f, "rt", encoding="utf-8") as fh, open(epss_path, "w", encoding="utf-8") as out:
            first = fh.readline()
            out.write(first)
            if first.startswith("#"):
                out.write(fh.readline())
            for line in fh:
                if line.split(",", 1)[0] in all_cves:
                    out.write(line)
        print(f"EPSS subset from {f}", file=sys.stderr)
    elif os.path.exists(epss_path):
        os.remove(epss_path)

    # Catalog models that a KEV record of the bundle applies to: the demo gives its internet-exposed devices these.
    kev_by_row: dict[int, set[str]] = collections.defaultdict(set)
    for cid in chosen:
        if cid in kev:
            for n in matches[cid]:
                kev_by_row[n].add(cid)
    for cid in cve5_ids:
        if cid in kev:
            for n in matches5.get(cid, []):
                kev_by_row[n].add(cid)
    with open(os.path.join(OUT, "kev_models.tsv"), "w", encoding="utf-8") as fh:
        fh.write("asset_type\tvendor\tproduct\tmodel\tversion\tautomatable\tcves\n")
        for n in sorted(kev_by_row):
            r = rows[n]
            auto = "yes" if any(adp_automatable(cve5.get(c)) for c in kev_by_row[n]) else ""
            fh.write(f"{r['asset_type']}\t{r['vendor']}\t{r['product']}\t{r['model']}\t{r['version']}\t{auto}\t"
                     f"{' '.join(sorted(kev_by_row[n]))}\n")
    print(f"catalog models with a KEV record: {len(kev_by_row)} "
          f"({dict(sorted(collections.Counter(rows[n]['asset_type'] for n in kev_by_row).items()))})", file=sys.stderr)

    # MANIFEST.
    with open(os.path.join(OUT, "MANIFEST.tsv"), "w", encoding="utf-8") as fh:
        fh.write("kind\tid\tkev\tasset_types\tcatalog_rows\n")
        for cid in chosen:
            ts = sorted({rows[n]["asset_type"] for n in matches[cid]})
            fh.write(f"nvd\t{cid}\t{'yes' if cid in kev else ''}\t{' '.join(ts)}\t{len(matches[cid])}\n")
        for cid in cve5_ids:
            ns = sorted(set(matches5.get(cid, [])) | set(named_cve5.get(cid, [])))
            ts = sorted({rows[n]["asset_type"] for n in ns})
            fh.write(f"cve5\t{cid}\t{'yes' if cid in kev else ''}\t{' '.join(ts)}\t{len(ns)}\n")
        for a in picked:
            ts = sorted(t for t in named_csaf if a in named_csaf[t])
            n = sum(named_csaf[t][a] for t in ts)
            k = "yes" if any(c in kev for c in csaf_cves[a]) else ""
            fh.write(f"csaf\t{a} ({' '.join(csaf_cves[a])})\t{k}\t{' '.join(ts)}\t{n}\n")
    total = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(OUT) for f in fs)
    print(f"wrote {OUT}: {total} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
