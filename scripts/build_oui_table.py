#!/usr/bin/env python3
"""Compile the IEEE MAC address registries into Rampart's embedded OUI table.

Input: the IEEE registry CSV listings (MA-L, MA-M, MA-S, IAB) as shipped by the
Debian package ieee-data 20220827.1 (/usr/share/ieee-data/*.csv), by default
from ../shared/data/fingerprints/ieee-oui/.

Output: crates/rampart-formats/data/oui.tsv.gz, a gzip-compressed text file with
one line per assignment, sorted by (prefix bits, prefix):

    <prefix-bits>\t<prefix-hex, upper case>\t<organization>

MA-L = 24 bits, MA-M = 28 bits, MA-S and IAB = 36 bits. The gzip header has
mtime 0 so the output is reproducible byte for byte.

Usage: python3 scripts/build_oui_table.py [SOURCE_DIR] [OUTPUT]
"""
import csv
import gzip
import io
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data", "fingerprints", "ieee-oui")
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "crates", "rampart-formats", "data", "oui.tsv.gz")

BITS = {"MA-L": 24, "MA-M": 28, "MA-S": 36, "IAB": 36}
FILES = ["oui.csv", "mam.csv", "oui36.csv", "iab.csv"]


def clean(org: str) -> str:
    return " ".join(org.replace("\t", " ").split())


def main() -> None:
    rows = {}
    for name in FILES:
        with open(os.path.join(SRC, name), newline="", encoding="utf-8") as f:
            for rec in csv.DictReader(f):
                reg = rec["Registry"].strip()
                bits = BITS[reg]
                prefix = rec["Assignment"].strip().upper()
                if len(prefix) * 4 != bits or any(c not in "0123456789ABCDEF" for c in prefix):
                    raise SystemExit(f"{name}: bad assignment {prefix!r} for {reg}")
                org = clean(rec["Organization Name"])
                # Duplicates (rare in the IEEE listings) keep the first name seen.
                rows.setdefault((bits, prefix), org)
    lines = [f"{bits}\t{prefix}\t{org}\n" for (bits, prefix), org in sorted(rows.items())]
    raw = "".join(lines).encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(raw)
    with open(OUT, "wb") as f:
        f.write(buf.getvalue())
    counts = {}
    for bits, _ in rows:
        counts[bits] = counts.get(bits, 0) + 1
    print(f"wrote {OUT}: {len(rows)} prefixes {counts}, {len(raw)} bytes raw, {len(buf.getvalue())} gzipped")


if __name__ == "__main__":
    main()
