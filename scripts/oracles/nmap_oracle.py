#!/usr/bin/env python3
"""Oracle for Rampart's nmap XML importer: parse each fixture with
python-libnmap and write what it finds as JSON, one file per fixture, into
crates/rampart-formats/tests/fixtures/nmap/oracle/<fixture>.json.

Output per fixture:
  {"refused": false,
   "hosts": [{"status": "up", "ipv4": "...", "ipv6": "...", "mac": "...",
              "vendor": "...", "hostnames": [...],
              "open_ports": [{"port": 22, "protocol": "tcp", "service": "ssh",
                              "product": "...", "version": "...",
                              "cpes": ["cpe:/a:..."]}],
              "os_matches": [{"name": "...", "accuracy": 100}]}]}
or {"refused": true, "error": "..."} when libnmap refuses the document.
Strings libnmap reports as missing are written as "".

Run: /tmp/venv-nmap/bin/python scripts/oracles/nmap_oracle.py  (needs python-libnmap 0.7.3)
"""
import glob
import json
import os

from libnmap.parser import NmapParser

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIX = os.path.join(ROOT, "crates", "rampart-formats", "tests", "fixtures", "nmap")
OUT = os.path.join(FIX, "oracle")


def host_json(h):
    ports = []
    for port, proto in h.get_open_ports():
        s = h.get_service(port, proto)
        d = s.service_dict or {}
        ports.append({
            "port": int(port),
            "protocol": proto,
            "service": d.get("name", ""),
            "product": d.get("product", ""),
            "version": d.get("version", ""),
            "cpes": [c for c in d.get("cpelist", []) if c],
        })
    oses = []
    for m in h.os_match_probabilities():
        oses.append({"name": m.name, "accuracy": int(m.accuracy)})
    return {
        "status": h.status,
        "ipv4": h.ipv4,
        "ipv6": h.ipv6,
        "mac": h.mac,
        "vendor": h.vendor,
        "hostnames": list(h.hostnames),
        "open_ports": ports,
        "os_matches": oses,
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    for path in sorted(glob.glob(os.path.join(FIX, "*.xml"))):
        name = os.path.basename(path)
        try:
            report = NmapParser.parse_fromfile(path)
            out = {"refused": False, "hosts": [host_json(h) for h in report.hosts]}
        except Exception as e:  # libnmap raises its own and defusedxml exceptions
            out = {"refused": True, "error": f"{type(e).__name__}: {e}"}
        with open(os.path.join(OUT, name[:-4] + ".json"), "w") as f:
            json.dump(out, f, indent=1, sort_keys=True)
            f.write("\n")
        print(f"{name}: {'refused' if out['refused'] else str(len(out['hosts'])) + ' hosts'}")


if __name__ == "__main__":
    main()
