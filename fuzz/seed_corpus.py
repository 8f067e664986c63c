#!/usr/bin/env python3
"""Builds the seed corpora fuzz/corpus/<target>/ from the repository's own data.

Called by scripts/fuzz.sh (see docs/dev/fuzzing.md). The corpus directories are
gitignored, so this recreates them: whole fixture files (at most 64 KB each) for
the document parsers, and strings pulled out of the fixtures (CPE names, purls,
version ranges, timestamps, CVE ids, CVSS vectors, Recog examples, ...) for the
string parsers, plus the hand-written seeds committed in fuzz/seeds/<target>/.
Crash reproductions in fuzz/regressions/ are not copied: scripts/fuzz.sh replays
them separately.

Usage: seed_corpus.py REPO_ROOT [TARGET ...]   (no targets: all of them)
Deterministic: same repository, same corpus. Only the standard library.
"""

import base64
import glob
import gzip
import hashlib
import html
import json
import os
import re
import shutil
import sys

MAX_FILE = 64 * 1024  # largest fixture copied whole
MAX_STRINGS = 400  # most strings extracted into one corpus

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".")
CORE = os.path.join(ROOT, "crates/rampart-core/tests/fixtures")
FMT = os.path.join(ROOT, "crates/rampart-formats/tests/fixtures")
FEEDS = os.path.join(FMT, "feeds")
RECOG = os.path.join(ROOT, "crates/rampart-formats/data/recog")
SEEDS = os.path.join(ROOT, "fuzz/seeds")
OUT = os.path.join(ROOT, "fuzz/corpus")

# Must match EMBEDDED_DBS in crates/rampart-formats/src/inventory/recog.rs
# (recog_match picks the database with the first input byte).
RECOG_DBS = [
    "dhcp_vendor_class", "ftp_banners", "hp_pjl_id", "html_title", "http_servers",
    "http_wwwauth", "mdns_device-info_txt", "ntp_banners", "rtsp_servers", "sip_banners",
    "sip_user_agents", "snmp_sysdescr", "snmp_sysobjid", "ssh_banners", "telnet_banners",
]
# vers_scheme_order: first byte selects npm, deb, pypi, all (in that order).
SCHEMES = 4


def rel(path):
    return os.path.relpath(path, ROOT)


def files(*patterns, root=ROOT):
    out = []
    for p in patterns:
        out.extend(glob.glob(os.path.join(root, p), recursive=True))
    return sorted({f for f in out if os.path.isfile(f) and os.path.getsize(f) <= MAX_FILE})


def read(path):
    with open(path, "rb") as f:
        data = f.read()
    if path.endswith(".gz"):
        data = gzip.decompress(data)
    return data


def text(path):
    return read(path).decode("utf-8", "replace")


def lines(path):
    return [l for l in text(path).splitlines() if l.strip() and not l.startswith("#")]


def jsonl(path, key):
    out = []
    for l in text(path).splitlines():
        try:
            v = json.loads(l).get(key)
        except (ValueError, AttributeError):
            continue
        if isinstance(v, str):
            out.append(v)
    return out


def grep(pattern, paths):
    rx = re.compile(pattern)
    out = []
    for p in paths:
        out.extend(m.group(0) for m in rx.finditer(text(p)))
    return out


class Corpus:
    def __init__(self, target):
        self.dir = os.path.join(OUT, target)
        self.seen = set()
        self.strings = 0
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(self.dir)

    def add(self, data, name=None):
        if isinstance(data, str):
            data = data.encode("utf-8")
        digest = hashlib.sha1(data).hexdigest()
        if digest in self.seen or len(data) > MAX_FILE:
            return
        self.seen.add(digest)
        base = re.sub(r"[^A-Za-z0-9._-]+", "_", name)[-80:] if name else digest
        with open(os.path.join(self.dir, base if name else digest), "wb") as f:
            f.write(data)

    def add_files(self, paths, gunzip=False):
        for p in paths:
            data = read(p) if gunzip else open(p, "rb").read()
            self.add(data, rel(p))

    def add_strings(self, items, limit=MAX_STRINGS):
        """Distinct strings, in first-seen order, each its own seed."""
        n = 0
        for s in dict.fromkeys(items):
            if n >= limit:
                break
            if s:
                self.add(s)
                n += 1

    def add_seeds(self, target):
        self.add_files(files(os.path.join(SEEDS, target, "*")))


def spread(items, limit):
    """Up to `limit` items spread evenly over the list (deterministic)."""
    items = list(dict.fromkeys(items))
    if len(items) <= limit:
        return items
    step = len(items) / limit
    return [items[int(i * step)] for i in range(limit)]


# ---------------------------------------------------------------- strings --

def cpe_strings():
    pairs = CORE + "/oracles/cpe_pairs.jsonl"
    fs = jsonl(pairs, "source") + jsonl(pairs, "target")
    docs = files("nmap/*.xml", "cyclonedx/**/*.json", "feeds/nvd/*.json", root=FMT) + files("nvd/*.json", root=CORE)
    found = grep(r'cpe:2\.3:[^"\s<]+', docs) + grep(r'cpe:/[^"\s<]*', docs)
    return spread(found, 200) + spread(fs, 200)


def cpe_pairs():
    pairs = CORE + "/oracles/cpe_pairs.jsonl"
    src, tgt = jsonl(pairs, "source"), jsonl(pairs, "target")
    return spread([f"{a}\n{b}" for a, b in zip(src, tgt)], 150)


def wfn_strings():
    # WFN strings appear in no fixture; bind formatted strings by hand
    # (NISTIR 7695 §5.4), enough to seed the grammar.
    names = ["part", "vendor", "product", "version", "update", "edition",
             "language", "sw_edition", "target_sw", "target_hw", "other"]
    out = []
    for s in cpe_strings():
        if not s.startswith("cpe:2.3:"):
            continue
        comps = re.split(r"(?<!\\):", s[8:])
        if len(comps) != 11:
            continue
        attrs = []
        for n, c in zip(names, comps):
            if c == "*":
                attrs.append(f"{n}=ANY")
            elif c == "-":
                attrs.append(f"{n}=NA")
            else:
                attrs.append(f'{n}="{c}"')
        out.append("wfn:[" + ",".join(attrs) + "]")
    return out


def version_rows():
    rows = []
    for f in ("nvd_ranges.tsv", "cve5_ranges.tsv"):
        for l in lines(os.path.join(CORE, "versions", f)):
            rows.append(l.split("\t"))
    return rows


def version_triples():
    singles = lines(CORE + "/versions/csaf_version_strings.txt")
    out = []
    for r in version_rows():
        a, b = r[0], r[1] if len(r) > 1 else ""
        out.append(f"{a}\n{b}\n{a}.1")
    for i in range(0, len(singles) - 2, 3):
        out.append("\n".join(singles[i:i + 3]))
    return spread(out, MAX_STRINGS)


def vers_ranges():
    found = grep(r'vers:[^"\s<]+', files("feeds/**/*.json", root=FMT))
    synth = []
    for r in version_rows():
        if len(r) >= 2 and r[1]:
            lo = ">=" if len(r) < 3 or r[2] == "1" else ">"
            synth.append(f"vers:generic/{lo}{r[0]}|<{r[1]}\n{r[0]}\n{r[1]}")
    scheme_demo = ["vers:npm/1.2.3|>=2.0.0-beta.1|<3.0.0", "vers:deb/>=1:1.2-3|<1:1.3~rc1",
                   "vers:pypi/!=1.0|>=0.9", "vers:all/*", "vers:none/*", "vers:all/<V1.1"]
    return found + scheme_demo + spread(synth, 300)


def purls():
    found = grep(r'pkg:[^"\s<]+', files("cyclonedx/**/*.json", "feeds/**/*.json", root=FMT))
    return spread(jsonl(CORE + "/oracles/purl_inputs.jsonl", "purl"), 250) + spread(found, 150)


def timestamps():
    docs = files("feeds/**/*.json", "feeds/**/*.csv", root=FMT)
    found = grep(r"\d{4}-\d{2}-\d{2}(?:[T ][0-9:.,]+(?:Z|[+-]\d{2}:?\d{2})?)?", docs)
    return spread(found, 300)


def rfc3339_pairs():
    found = [t for t in timestamps() if re.fullmatch(r".{10}T\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", t)]
    return spread([f"{a}\n{b}" for a, b in zip(found, found[1:])], 200)


def cve_ids():
    docs = files("feeds/**/*.json", "feeds/**/*.csv", root=FMT)
    return spread(grep(r"(?i)cve-\d{4}-\d+", docs), 200)


def cvss_vectors():
    return jsonl(FEEDS + "/cvss/redhat-vectors.jsonl.gz", "vector") + spread(
        grep(r"(?:CVSS:[234]\.[01]/)?AV:[A-Z](?:/[A-Za-z]{1,3}:[A-Z]+)+", files("feeds/**/*.json", root=FMT)), 100)


def macs():
    return grep(r"(?i)\b[0-9a-f]{2}(?:[:-][0-9a-f]{2}){5}\b", files("nmap/*.xml", root=FMT))


def recog_examples():
    out = []
    for i, name in enumerate(RECOG_DBS):
        xml = text(os.path.join(RECOG, name + ".xml.gz"))
        n = 0
        for m in re.finditer(r"<example([^>]*)>(.*?)</example>", xml, re.S):
            attrs, body = m.group(1), html.unescape(m.group(2))
            data = body.encode("utf-8")
            if "base64" in attrs:
                try:
                    data = base64.b64decode(body)
                except ValueError:
                    continue
            out.append(bytes([i]) + data)
            n += 1
            if n >= 25:
                break
    return out


def recog_docs():
    out = []
    for name in RECOG_DBS:
        xml = text(os.path.join(RECOG, name + ".xml.gz"))
        head = xml[: xml.find("<fingerprint ")] if "<fingerprint " in xml else "<fingerprints>"
        fps = re.findall(r"<fingerprint .*?</fingerprint>", xml, re.S)
        for k in range(0, min(len(fps), 40), 8):
            out.append((name, head + "\n".join(fps[k:k + 8]) + "\n</fingerprints>\n"))
    return out


# ---------------------------------------------------------------- targets --

def build(target):
    c = Corpus(target)
    c.add_seeds(target)
    if target == "cpe_parse":
        c.add_strings(cpe_strings())
        c.add_strings(cpe_pairs())
        c.add_strings(wfn_strings()[:100])
    elif target == "cpe_fs":
        c.add_strings(s for s in cpe_strings() if s.startswith("cpe:2.3:"))
    elif target == "cpe_uri":
        c.add_strings(s for s in cpe_strings() if s.startswith("cpe:/"))
    elif target == "cpe_wfn":
        c.add_strings(wfn_strings())
    elif target == "inventory_syntax":
        c.add_strings(cpe_strings()[:300] + purls()[:100])
    elif target == "version_order":
        c.add_strings(version_triples())
    elif target == "vers_scheme_order":
        rows = version_triples()
        for i, t in enumerate(rows):
            c.add(bytes([i % SCHEMES]) + t.encode())
    elif target == "vers_range":
        c.add_strings(vers_ranges())
    elif target == "purl_parse":
        ranges = [r.split("\n")[0] for r in vers_ranges()]
        c.add_strings(purls())
        c.add_strings(f"{p}\n{r}" for p, r in zip(purls()[::7], ranges))
    elif target in ("timestamp",):
        c.add_strings(rfc3339_pairs())
        c.add_strings(timestamps()[:100])
    elif target == "feed_timestamp":
        c.add_strings(timestamps())
    elif target == "cve_id":
        c.add_strings(cve_ids())
    elif target == "cvss_vector":
        c.add_strings(cvss_vectors())
    elif target == "mac_addr":
        c.add_strings(macs())
    elif target == "tlp":
        c.add_strings(grep(r'"label": *"([A-Z+_]+)"', files("feeds/csaf/**/*.json", root=FMT))[:20])
    elif target == "recog_match":
        for seed in recog_examples():
            c.add(seed)
    elif target == "recog_db":
        for name, doc in recog_docs():
            c.add(doc, name)
    elif target == "inventory_csv":
        md = text(os.path.join(ROOT, "docs/formats/inventory-csv.md"))
        for block in re.findall(r"```csv\n(.*?)```", md, re.S):
            c.add(block, "docs-inventory-csv.csv")
        # Other CSV dialects in the fixtures exercise quoting and headers.
        c.add_files(files("**/*.csv", root=FMT))
    elif target == "inventory_cyclonedx":
        c.add_files(files("cyclonedx/**/*.json", root=FMT))
    elif target == "inventory_nmap":
        c.add_files(files("nmap/*.xml", root=FMT))
    elif target == "nvd_feed":
        c.add_files(files("feeds/nvd/*.json", "feeds/nvd/*.gz", root=FMT))
    elif target == "nvd_meta":
        c.add_files(files("feeds/nvd/*.meta", root=FMT))
    elif target == "cve5_record":
        c.add_files(files("feeds/cve5/**/*.json", root=FMT))
    elif target == "cve5_jsonl":
        c.add_files(files("feeds/cve5/*.jsonl.gz", root=FMT))
        for p in files("feeds/cve5/*.jsonl.gz", root=FMT):
            ls = read(p).splitlines(keepends=True)
            for k in range(0, min(len(ls), 60), 3):
                c.add(b"".join(ls[k:k + 3]), f"{rel(p)}-{k}")
        recs = [json.dumps(json.loads(read(p))).encode() for p in files("feeds/cve5/records/**/*.json", root=FMT)]
        c.add(b"\n".join(recs[:6]) + b"\n", "records-jsonl")
    elif target == "kev":
        c.add_files(files("feeds/kev/*", root=FMT))
    elif target == "epss":
        c.add_files(files("feeds/epss/*", root=FMT))
    elif target == "csaf":
        c.add_files(files("feeds/csaf/**/*.json", root=FMT))
    elif target.startswith("estate_"):
        c.add_files(files("estate/*.csv", root=FMT))
        md_path = os.path.join(ROOT, "docs/formats/estate-csv.md")
        if os.path.exists(md_path):
            for k, block in enumerate(re.findall(r"```csv\n(.*?)```", text(md_path), re.S)):
                c.add(block, f"docs-estate-csv-{k}.csv")
    return c


def main():
    targets = sys.argv[2:]
    if not targets:
        targets = sorted(os.path.splitext(f)[0] for f in os.listdir(os.path.join(ROOT, "fuzz/fuzz_targets")))
    for t in targets:
        c = build(t)
        print(f"corpus {t}: {len(c.seen)} seeds", flush=True)


if __name__ == "__main__":
    main()
