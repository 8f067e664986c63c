#!/usr/bin/env python3
"""Deterministic generator of CPE 2.3 formatted-string pairs for the NISTIR 7696 oracle.

Writes JSON lines {"id": n, "source": fs, "target": fs} to stdout (or the file given as
argument). Uses only the standard library and a fixed seed, so the output is reproducible.

Each attribute is drawn independently: mostly a *related* source/target pair built from one
base value (equal, case-changed, prefix*/ *suffix / *infix*, leading or trailing `?` runs,
only-`?` values, ANY, NA), sometimes unrelated values, sometimes a target with wildcards
(UNDEFINED). Values include quoted punctuation (`\\!`, `\\$`, `\\(`, `\\/`, `\\\\`, `\\*`,
`\\?`, `\\:`) so that escaping is exercised.
"""
import json
import random
import sys

SEED = 7696
N_PAIRS = 3000

# Logical values (unquoted); quoting for the formatted string is done by fs_quote.
WORDS = [
    "microsoft", "siemens", "cisco", "internet_explorer", "windows_7", "simatic_s7-1500",
    "fast/tools", "joomla!", "foo$bar", "big$money_2010", "12.2(18)se", "12.2(18)", "8.0.6001",
    "2.14.1", "1.0", "10.0.22621.4317", "ios", "IOS", "Cisco", "x+y", "a\\b", "v2.3*", "q?x",
    "home_basic", "x64", "x32", "sp1", "beta", "pro", "a", "ab", "abc", "schneider-electric",
    "scalance_x200irt_firmware", "2.1", "2.4", "log4j", "ozw672.01", "k",
]
COLON_WORDS = ["foo:bar", "a:b"]  # the oracle cannot parse \: (documented in the Rust test)
LANGS = ["en", "en-us", "ja", "fr-ca", "de"]
PARTS = ["a", "o", "h"]


def fs_quote(chars):
    out = []
    for c in chars:
        if c.isalnum() or c in "_.-":
            out.append(c)
        else:
            out.append("\\" + c)
    return "".join(out)


def related(rng, base):
    """(source, target) formatted-string values derived from one logical base value."""
    t = fs_quote(base)
    n = len(base)
    kind = rng.randrange(14)
    if kind == 0:
        return t, t
    if kind == 1:
        return fs_quote(base.upper()), t
    if kind == 2 and n > 1:
        return fs_quote(base[: rng.randrange(1, n)]) + "*", t
    if kind == 3 and n > 1:
        return "*" + fs_quote(base[rng.randrange(1, n):]), t
    if kind == 4 and n > 2:
        i = rng.randrange(1, n - 1)
        j = rng.randrange(i + 1, n)
        return "*" + fs_quote(base[i:j]) + "*", t
    if kind == 5 and n > 1:
        k = rng.randrange(1, min(n, 4))
        extra = rng.randrange(0, 2)
        return "?" * (k + extra) + fs_quote(base[k:]), t
    if kind == 6 and n > 1:
        k = rng.randrange(1, min(n, 4))
        extra = rng.randrange(0, 2)
        return fs_quote(base[: n - k]) + "?" * (k + extra), t
    if kind == 7:
        return "?" * rng.randrange(1, 5), t
    if kind == 8:
        return "*", t
    if kind == 9:
        return "-", t
    if kind == 10:
        return t, rng.choice(["*", "-"])
    if kind == 11:
        # Target with wildcards: UNDEFINED.
        return t, (fs_quote(base[: max(1, n - 1)]) + "*")
    if kind == 12 and n > 1:
        k = rng.randrange(1, min(n, 3))
        return "?" * k + fs_quote(base[k:]) + "*", t
    return fs_quote(rng.choice(WORDS)), t


def attribute_pair(rng, attr):
    if attr == "part":
        s = rng.choice(PARTS + ["*", "-"] if rng.random() < 0.2 else PARTS)
        t = s if rng.random() < 0.8 else rng.choice(PARTS + ["*"])
        return s, t
    if attr == "language":
        # The oracle validates language tags (RFC 5646 subset) and rejects
        # values such as `?` or `????`; keep to forms it accepts.
        base = rng.choice(LANGS)
        src = rng.choice([base, base.upper(), base[0] + "*", "*" + base[1:], "?" + base[1:],
                          base[:-1] + "?", "*", "-", rng.choice(LANGS)])
        tgt = rng.choice([base, base, "*", "-", rng.choice(LANGS)])
        return src, tgt
    r = rng.random()
    if r < 0.35:
        return "*", rng.choice(["*"] * 3 + [fs_quote(rng.choice(WORDS)), "-"])
    if r < 0.365:
        return fs_quote(rng.choice(COLON_WORDS)), fs_quote(rng.choice(COLON_WORDS))
    return related(rng, rng.choice(WORDS))


ATTRS = ["part", "vendor", "product", "version", "update", "edition", "language",
         "sw_edition", "target_sw", "target_hw", "other"]


def main():
    rng = random.Random(SEED)
    out = open(sys.argv[1], "w") if len(sys.argv) > 1 else sys.stdout
    for i in range(N_PAIRS):
        pairs = [attribute_pair(rng, a) for a in ATTRS]
        source = "cpe:2.3:" + ":".join(p[0] for p in pairs)
        target = "cpe:2.3:" + ":".join(p[1] for p in pairs)
        out.write(json.dumps({"id": i, "source": source, "target": target}) + "\n")


if __name__ == "__main__":
    main()
