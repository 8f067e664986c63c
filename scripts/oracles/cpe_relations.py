#!/usr/bin/env python3
"""NISTIR 7696 oracle: attribute relations computed by the PyPI `cpe` package (1.3.1).

Usage: cpe_relations.py PAIRS.jsonl OUT.jsonl

For each input line {"id", "source", "target"} (CPE 2.3 formatted strings) writes
{"id", "relations": "<11 letters in WFN order>", "relations_patched": "..."} using
CPESet2_3.compare_wfns, or {"id", "error": "..."} when the package cannot parse a name.
Letters: P = SUPERSET, B = SUBSET, E = EQUAL, D = DISJOINT, U = UNDEFINED.

"relations_patched" is the same computation with one known bug of the package fixed at run
time: `_compare_strings` reads leading `?` wildcards with
`source.startswith(WILDCARD_ONE, start, start)`, an always-empty slice, so a leading `?` is
never recognised (NISTIR 7696 Figure 6-3 reads `substr(source,start,start+1) = "?"`). The
patch rewrites that one expression to `start, start + 1` in the package's own source text
(no code is copied here); everything else stays the package's.

Note (docs/DEPENDENCIES.md): CPESet2_3.name_match is NOT a valid oracle; compare_wfns is.
Setup: python3 -m venv /tmp/venv-cpe && /tmp/venv-cpe/bin/pip install cpe==1.3.1
"""
import inspect
import json
import re
import sys
import textwrap

from cpe.cpe2_3_fs import CPE2_3_FS
from cpe.cpe2_3_wfn import CPE2_3_WFN
from cpe.cpeset2_3 import CPESet2_3

# One letter per relation keeps the fixture small.
NAMES = {
    CPESet2_3.LOGICAL_VALUE_SUPERSET: "P",  # suPerset
    CPESet2_3.LOGICAL_VALUE_SUBSET: "B",  # suBset
    CPESet2_3.LOGICAL_VALUE_EQUAL: "E",
    CPESet2_3.LOGICAL_VALUE_DISJOINT: "D",
    CPESet2_3.LOGICAL_VALUE_UNDEFINED: "U",
}
ORDER = ["part", "vendor", "product", "version", "update", "edition", "language",
         "sw_edition", "target_sw", "target_hw", "other"]


def patched_compare_strings():
    """The package's _compare_strings with the leading-`?` slice fixed."""
    src = textwrap.dedent(inspect.getsource(CPESet2_3._compare_strings.__func__))
    fixed = re.sub(r"start,\s*start\)\)", "start, start + 1))", src, count=1)
    if fixed == src:
        raise SystemExit("cpe package changed: leading-? bug not found, review the patch")
    fixed = fixed.replace("@classmethod\n", "")
    namespace = dict(vars(sys.modules[CPESet2_3.__module__]))
    exec(fixed, namespace)
    return classmethod(namespace["_compare_strings"])


def wfn(fs):
    return CPE2_3_WFN(CPE2_3_FS(fs).as_wfn())


def main():
    src, dst = sys.argv[1], sys.argv[2]
    original = CPESet2_3.__dict__["_compare_strings"]
    patched = patched_compare_strings()
    with open(src) as f, open(dst, "w") as out:
        for line in f:
            pair = json.loads(line)
            rec = {"id": pair["id"]}
            try:
                s, t = wfn(pair["source"]), wfn(pair["target"])
                rels = dict(CPESet2_3.compare_wfns(s, t))
                rec["relations"] = "".join(NAMES[rels[a]] for a in ORDER)
                CPESet2_3._compare_strings = patched
                try:
                    rels = dict(CPESet2_3.compare_wfns(s, t))
                finally:
                    CPESet2_3._compare_strings = original
                rec["relations_patched"] = "".join(NAMES[rels[a]] for a in ORDER)
            except Exception as e:  # the package raises ValueError/TypeError on names it rejects
                rec["error"] = f"{type(e).__name__}: {e}"
            out.write(json.dumps(rec) + "\n")


if __name__ == "__main__":
    main()
