#!/usr/bin/env python3
"""Deterministic generator of package-URL strings (valid and invalid) for the purl oracle.

Writes JSON lines {"id": n, "purl": s} to the file given as argument (or stdout).
"""
import json
import random
import sys

SEED = 1337
N = 1500

TYPES = ["npm", "pypi", "maven", "deb", "rpm", "golang", "generic", "github", "cargo",
         "nuget", "docker", "gem", "composer", "NPM", "PyPI", "bitbucket", "apk", "conan"]
NAMESPACES = ["", "@angular", "%40babel", "org.apache.logging.log4j", "debian", "fedora",
              "github.com/gorilla", "Siemens", "acme/corp", "a%2Fb", "ubuntu", "x.y"]
NAMES = ["log4j-core", "lodash", "Django_Package", "curl", "openssl", "mux", "express",
         "Newtonsoft.Json", "rails", "foo%20bar", "name@x", "caf%C3%A9", "a+b", "UPPER"]
VERSIONS = ["", "1.0.0", "2.14.1", "7.50.3-1", "1.0.0-rc.1", "1:2.3", "v1.2.3", "1.0%2B1",
            "sha256:abc", "2.0pre1", "1.0.0+build.5", "%", "4.17.21"]
QUALIFIERS = ["", "arch=i386", "distro=jessie&arch=amd64", "Repository_URL=repo.example.com",
              "checksum=sha1:ad9503c3e994a4f611a4892f2e67ac82df727086", "k=", "bad key=1",
              "os=linux&os=windows", "vcs_url=git%2Bhttps://example.com/x"]
SUBPATHS = ["", "lib/x", "/a/b/", "googleapis/api/annotations", "../x", "a/./b"]
BROKEN = ["npm/foo@1", "pkg:", "pkg:npm", "pkg:npm/", "pkg:/name", "pkg:1npm/x", "pkg:np m/x",
          "pkg://npm/x", "pkg:npm//x", "pkg:cargo/ns/x", "pkg:swift/x", "PKG:npm/x", "pkg:npm/x@",
          "pkg:npm/x?=v", "pkg:npm/x#", "pkg:n%70m/x", "pkg:npm/%ZZ", "pkg:maven/org/x@1?type=jar#"]


def main():
    rng = random.Random(SEED)
    out = open(sys.argv[1], "w") if len(sys.argv) > 1 else sys.stdout
    items = list(BROKEN)
    while len(items) < N:
        s = "pkg:" + rng.choice(TYPES) + "/"
        ns = rng.choice(NAMESPACES) if rng.random() < 0.5 else ""
        if ns:
            s += ns + "/"
        s += rng.choice(NAMES)
        v = rng.choice(VERSIONS)
        if v:
            s += "@" + v
        q = rng.choice(QUALIFIERS) if rng.random() < 0.4 else ""
        if q:
            s += "?" + q
        sp = rng.choice(SUBPATHS) if rng.random() < 0.2 else ""
        if sp:
            s += "#" + sp
        items.append(s)
    for i, s in enumerate(items):
        out.write(json.dumps({"id": i, "purl": s}) + "\n")


if __name__ == "__main__":
    main()
