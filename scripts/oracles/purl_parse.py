#!/usr/bin/env python3
"""purl oracle: parse results of packageurl-python for a list of package URLs.

Usage: purl_parse.py INPUTS.jsonl OUT.jsonl

For each {"id", "purl"} writes {"id", "type", "namespace", "name", "version", "qualifiers",
"subpath", "canonical"} (PackageURL.from_string, to_dict, to_string) or {"id", "error"}.
Setup: python3 -m venv /tmp/venv-cpe && /tmp/venv-cpe/bin/pip install packageurl-python
(the fixtures were produced with packageurl-python 0.17.6).
"""
import json
import sys

from packageurl import PackageURL


def main():
    src, dst = sys.argv[1], sys.argv[2]
    with open(src) as f, open(dst, "w") as out:
        for line in f:
            item = json.loads(line)
            rec = {"id": item["id"]}
            try:
                p = PackageURL.from_string(item["purl"])
                d = p.to_dict()
                rec.update({
                    "type": d["type"], "namespace": d["namespace"], "name": d["name"],
                    "version": d["version"], "qualifiers": d["qualifiers"] or {},
                    "subpath": d["subpath"], "canonical": p.to_string(),
                })
            except Exception as e:  # ValueError for invalid purls
                rec["error"] = f"{type(e).__name__}: {e}"
            out.write(json.dumps(rec) + "\n")


if __name__ == "__main__":
    main()
