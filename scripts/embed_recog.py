#!/usr/bin/env python3
"""Copy the Rapid7 Recog fingerprint databases that identify devices into
crates/rampart-formats/data/recog/ as gzip-compressed XML (<db>.xml.gz), plus
Recog's COPYING notice (BSD-2-Clause).

Source: rapid7/recog @ 14fa1a7211e7, xml/** (by default from
../shared/data/fingerprints/recog/). The gzip header has mtime 0 so the output
is reproducible byte for byte. The list below must match
`recog::EMBEDDED_DBS` in crates/rampart-formats/src/inventory/recog/embedded.rs.

Usage: python3 scripts/embed_recog.py [SOURCE_DIR]
"""
import gzip
import io
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data", "fingerprints", "recog")
OUT = os.path.join(ROOT, "crates", "rampart-formats", "data", "recog")

DBS = [
    "dhcp_vendor_class",
    "ftp_banners",
    "hp_pjl_id",
    "html_title",
    "http_servers",
    "http_wwwauth",
    "mdns_device-info_txt",
    "ntp_banners",
    "rtsp_servers",
    "sip_banners",
    "sip_user_agents",
    "snmp_sysdescr",
    "snmp_sysobjid",
    "ssh_banners",
    "telnet_banners",
]


def main() -> None:
    os.makedirs(OUT, exist_ok=True)
    total = 0
    for db in DBS:
        with open(os.path.join(SRC, db + ".xml"), "rb") as f:
            raw = f.read()
        buf = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
            gz.write(raw)
        with open(os.path.join(OUT, db + ".xml.gz"), "wb") as f:
            f.write(buf.getvalue())
        total += len(buf.getvalue())
        print(f"{db}: {len(raw)} -> {len(buf.getvalue())} bytes")
    shutil.copyfile(os.path.join(SRC, "COPYING-recog.txt"), os.path.join(OUT, "COPYING-recog.txt"))
    print(f"total {total} bytes compressed")


if __name__ == "__main__":
    main()
