#!/usr/bin/env python3
"""Build Rampart's catalog of real device models for the demo city generator.

Every row is a vendor / product / model / version combination that occurs in public vulnerability or
fingerprint data, with the CPE 2.3 names that data gives for it. Nothing is invented: a version is either
written in the data (an exact NVD CPE criterion, an inclusive range bound, a CSAF product_version or inclusive
range bound, a version in a Vulnrichment ADP CPE, a version in a Recog fingerprint example) or it is another
version of the same product that the same source names elsewhere and that lies inside the affected range. Only
when the data names no affected concrete version at all is the first fixed version (the exclusive upper bound)
used; such rows carry the suffix ":fixed" in `source` unless another CVE/advisory's range still covers them.

Inputs (default: ../shared/data, see its README.md):
  nvd/feeds-1.1/*.json.gz, nvd/subsets/*.json.gz   NVD JSON 1.1 feeds (AND configurations o:+h:, OR o:/a:)
  csaf/cisa-ics/<year>/*.json                      CISA ICS CSAF 2.0 advisories (ICSMA medical ones skipped)
  cve5/vulnrichment-cve5-sample.shared.jsonl.gz    CVE JSON 5 records, CISA-ADP "affected" entries with CPEs
  fingerprints/recog/*.xml                         Rapid7 Recog fingerprints (examples with versions)

Output: crates/rampart-app/data/device_catalog.tsv, UTF-8, tab-separated, one header row, sorted by
(asset_type, vendor, product, model, version), unique on (vendor, product, model, version):

  asset_type       plc hmi rtu ip_camera nvr traffic_controller smart_meter gateway router switch firewall
                   server workstation printer sensor access_controller saas other
  vendor           display name (CPE vendor tokens and CSAF vendor strings mapped to one spelling)
  product          the product the version belongs to (for NVD pairs: the firmware/OS, e.g. "Junos", "IOS";
                   "..._firmware" CPE products lose the suffix)
  model            the hardware model (NVD `h:` CPE, CSAF model number / order number), else the product
  version          concrete version as the source writes it
  cpe_firmware     the `o:` CPE 2.3 name with that version, empty when the data has none
  cpe_hardware     the `h:` CPE 2.3 name NVD pairs with it in an AND configuration (or Vulnrichment names)
  cpe_application  the `a:` CPE 2.3 name for software assets (SCADA, servers, engineering tools)
  source           nvd:CVE-..., csaf:ICSA-..., cve5:CVE-..., recog:<file>; ":fixed" as described above

CSAF advisories carry no CPE in product_identification_helper in this data set, so CSAF rows have empty CPE
columns (no CPE is constructed for them). Recog CPEs are CPE 2.2 URIs, converted to CPE 2.3 formatted strings.

Selection is deterministic: candidates are ranked by how many NVD CVEs (or CSAF advisories) their exact version
falls into (exact criteria and version ranges), then each asset type gets a quota filled round-robin over
vendors (a fifth of the quota per vendor while others still have rows) and over product families and models
(at most MAX_VERSIONS_PER_MODEL versions per model). NVD pairings of a generic OS with a long list of hardware
models (e.g. Cisco IOS with every platform) are "weak" and only used after the strong ones.

Usage: python3 scripts/build_device_catalog.py [DATA_DIR] [OUTPUT_TSV]
Python 3.11 standard library only; takes about a minute.
"""
from __future__ import annotations

import collections
import glob
import gzip
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data")
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "crates", "rampart-app", "data", "device_catalog.tsv")

COLUMNS = ["asset_type", "vendor", "product", "model", "version", "cpe_firmware", "cpe_hardware", "cpe_application", "source"]

ASSET_TYPES = [
    "plc", "hmi", "rtu", "ip_camera", "nvr", "traffic_controller", "smart_meter", "gateway", "router", "switch",
    "firewall", "server", "workstation", "printer", "sensor", "access_controller", "saas", "other",
]

# Rows per asset type (a type with fewer candidates keeps all of them).
QUOTA = {
    "plc": 360, "hmi": 180, "rtu": 150, "ip_camera": 220, "nvr": 90, "traffic_controller": 50, "smart_meter": 60,
    "gateway": 190, "router": 220, "switch": 230, "firewall": 170, "server": 190, "workstation": 120,
    "printer": 110, "sensor": 60, "access_controller": 60, "saas": 30, "other": 70,
}
# At most this many versions of one model, and of one product line without a hardware model.
MAX_VERSIONS_PER_MODEL = 3

# --------------------------------------------------------------------------------------------------
# Vendors
# --------------------------------------------------------------------------------------------------


def squash(s: str) -> str:
    return re.sub(r"[^a-z0-9]", "", s.lower())


# Display names keyed by squash(name); CPE vendor tokens and CSAF vendor strings both land here.
VENDOR_NAMES = {
    "3com": "3Com", "abb": "ABB", "abbltd": "ABB", "adtran": "ADTRAN", "advantech": "Advantech",
    "alaxala": "ALAXALA Networks", "alcatellucent": "Alcatel-Lucent", "allenbradley": "Rockwell Automation",
    "amag": "AMAG Technology", "apc": "APC", "apple": "Apple", "arubanetworks": "Aruba Networks", "asus": "ASUS",
    "aterm": "NEC Aterm", "automationdirect": "AutomationDirect", "avaya": "Avaya", "aveva": "AVEVA",
    "avevasoftwarellc": "AVEVA", "axis": "Axis Communications", "axiscommunications": "Axis Communications",
    "belden": "Belden", "belkin": "Belkin", "blackbox": "Black Box", "bluecoat": "Blue Coat",
    "boschsecurity": "Bosch", "bosch": "Bosch", "brocade": "Brocade", "brother": "Brother",
    "buffalo": "Buffalo", "buffalotech": "Buffalo", "cambiumnetworks": "Cambium Networks", "canon": "Canon",
    "checkpoint": "Check Point", "cisco": "Cisco", "citrix": "Citrix", "ctl": "CTL", "dahuasecurity": "Dahua",
    "dahua": "Dahua", "dell": "Dell", "deltaelectronics": "Delta Electronics", "deltaww": "Delta Electronics",
    "digi": "Digi International", "digiinternational": "Digi International", "dlink": "D-Link",
    "draytek": "DrayTek", "eaton": "Eaton", "econolite": "Econolite", "emc": "EMC", "emerson": "Emerson",
    "ericsson": "Ericsson", "f5": "F5", "fatek": "Fatek Automation", "fatekautomation": "Fatek Automation",
    "fermax": "Fermax", "foscam": "Foscam", "fortinet": "Fortinet", "fujitsu": "Fujitsu", "ge": "GE",
    "generalelectric": "GE", "generalelectricge": "GE", "gevernova": "GE Vernova", "grandstream": "Grandstream",
    "hbgk": "HBGK", "hikvision": "Hikvision", "hirschmann": "Hirschmann", "hitachi": "Hitachi",
    "hitachienergy": "Hitachi Energy", "honeywell": "Honeywell", "hp": "HP", "hpe": "HPE", "huawei": "Huawei",
    "ibm": "IBM", "inductiveautomation": "Inductive Automation", "ingate": "Ingate", "iodata": "I-O DATA",
    "johnsoncontrols": "Johnson Controls", "juniper": "Juniper Networks", "junipernetworks": "Juniper Networks",
    "korenix": "Korenix", "kyocera": "Kyocera", "landisgyr": "Landis+Gyr", "lantronix": "Lantronix",
    "lenovo": "Lenovo", "lexmark": "Lexmark", "linksys": "Linksys", "marel": "Marel", "meinberg": "Meinberg",
    "meinbergglobal": "Meinberg", "microsoft": "Microsoft", "mikrotik": "MikroTik",
    "mitsubishielectric": "Mitsubishi Electric", "mitsubishielectriccorporation": "Mitsubishi Electric",
    "moxa": "Moxa", "netapp": "NetApp", "netgear": "NETGEAR", "nortel": "Nortel", "omron": "Omron",
    "omroncorporation": "Omron", "paloaltonetworks": "Palo Alto Networks", "phoenixcontact": "Phoenix Contact",
    "polycom": "Polycom", "qnap": "QNAP", "qnapsystemsinc": "QNAP", "redhat": "Red Hat", "redlion": "Red Lion",
    "ricoh": "Ricoh", "rockwellautomation": "Rockwell Automation", "ruckuswireless": "Ruckus Wireless",
    "samsung": "Samsung", "schneiderelectric": "Schneider Electric", "schneiderelectricsoftwarellc": "Schneider Electric",
    "schweitzerengineeringlaboratories": "Schweitzer Engineering Laboratories",
    "schweitzerengineeringlaboratoriesincsel": "Schweitzer Engineering Laboratories",
    "securecomputing": "Secure Computing", "siemens": "Siemens", "sierrawireless": "Sierra Wireless",
    "sma": "SMA Solar Technology", "sonicwall": "SonicWall", "sony": "Sony", "sophos": "Sophos",
    "synology": "Synology", "tplink": "TP-Link", "trendnet": "TRENDnet", "ubiquiti": "Ubiquiti",
    "ubnt": "Ubiquiti", "vmware": "VMware", "wago": "WAGO", "watchguard": "WatchGuard", "xerox": "Xerox",
    "xiongmaitech": "Xiongmai", "yokogawa": "Yokogawa", "yokogawaelectriccorporation": "Yokogawa",
    "zte": "ZTE", "zyxel": "Zyxel", "canonical": "Canonical", "debian": "Debian", "freebsd": "FreeBSD",
    "novell": "Novell", "oracle": "Oracle", "suse": "SUSE", "sun": "Sun Microsystems", "linux": "Linux",
    "apache": "Apache", "splunk": "Splunk", "adobe": "Adobe", "ivanti": "Ivanti", "solarwinds": "SolarWinds",
    "citrixsystems": "Citrix", "mitel": "Mitel", "yealink": "Yealink", "beronet": "beroNet", "sharp": "Sharp",
    "epson": "Epson", "konicaminolta": "Konica Minolta", "kyoceramita": "Kyocera", "oce": "Oce",
    "unitronics": "Unitronics", "wecon": "WECON", "weintek": "Weintek", "ptc": "PTC", "kepware": "PTC Kepware",
    "iconics": "ICONICS", "mitsubishielectriciconicsdigitalsolutions": "ICONICS", "exacqtechnologies": "exacqVision",
    "vivotek": "VIVOTEK", "mobotix": "MOBOTIX", "hanwhatechwin": "Hanwha Vision", "hanwhavision": "Hanwha Vision",
    "milestonesys": "Milestone Systems", "geutebruck": "Geutebrueck", "tenda": "Tenda", "netis": "Netis",
    "totolink": "TOTOLINK", "asuswrtmerlinproject": "Asuswrt-Merlin", "eltexco": "Eltex", "eltex": "Eltex",
    "lenova": "Lenovo", "ruggedcom": "Siemens", "teltonika": "Teltonika", "teltonikanetworks": "Teltonika",
    "ewon": "HMS Networks", "hmsnetworks": "HMS Networks", "hms": "HMS Networks", "westermo": "Westermo",
    "advantechbroadwin": "Advantech", "emersonelectric": "Emerson", "schneider": "Schneider Electric",
    "sel": "Schweitzer Engineering Laboratories", "abbott": "Abbott", "nec": "NEC", "necplatforms": "NEC",
    "opto22": "Opto 22", "beckhoff": "Beckhoff", "bachmann": "Bachmann", "pilz": "Pilz", "keyence": "Keyence",
    "idec": "IDEC", "panasonic": "Panasonic", "fanuc": "FANUC", "jtektcorporation": "JTEKT", "jtekt": "JTEKT",
    "hitachiabbpowergrids": "Hitachi Energy", "generalelectricgevernova": "GE Vernova",
    "schneiderelectricse": "Schneider Electric", "rockwell": "Rockwell Automation", "trane": "Trane",
    "carrier": "Carrier", "distechcontrols": "Distech Controls", "deltacontrols": "Delta Controls",
    "automatedlogic": "Automated Logic", "tridium": "Tridium", "kentix": "Kentix", "gallagher": "Gallagher",
    "hidglobal": "HID Global", "lenel": "LenelS2", "lenels2": "LenelS2", "zkteco": "ZKTeco",
    "suprema": "Suprema", "genetec": "Genetec", "paxton": "Paxton", "itron": "Itron", "sensus": "Sensus",
    "kamstrup": "Kamstrup", "aclara": "Aclara", "elster": "Elster", "qualcomm": "Qualcomm", "intel": "Intel",
    "meraki": "Cisco Meraki", "arista": "Arista Networks", "aristanetworks": "Arista Networks",
    "extremenetworks": "Extreme Networks", "ruckus": "Ruckus Wireless", "mcafee": "McAfee",
    "barracuda": "Barracuda Networks", "barracudanetworks": "Barracuda Networks", "cyberoam": "Cyberoam",
    "stormshield": "Stormshield", "opengear": "Opengear", "cradlepoint": "Cradlepoint", "peplink": "Peplink",
    "siklu": "Siklu", "gotrango": "Trango Systems", "intelliantech": "Intellian", "korenixtechnology": "Korenix",
    "solarlog": "Solar-Log", "locusenergy": "Locus Energy", "mirion": "Mirion Technologies",
    "miriontechnologies": "Mirion Technologies",
    "binom3": "Binom3", "amazon": "Amazon", "osisoft": "OSIsoft", "mi": "Xiaomi", "blftech": "BLF-Tech", "selinc": "Schweitzer Engineering Laboratories",
    "sunmicrosystems": "Sun Microsystems", "dlinksystems": "D-Link", "aristanetworksinc": "Arista Networks", "solconnect": "Sol-Connect", "satel": "Satel", "satelitberia": "Satel-Iberia",
    "seagate": "Seagate", "elecom": "ELECOM", "corega": "corega", "yamaha": "Yamaha", "seil": "SEIL",
    "fiberhome": "FiberHome", "exagrid": "ExaGrid", "intellicom": "Intellicom", "pdqinc": "PDQ",
    "ribboncommunications": "Ribbon Communications", "logitech": "Logitech", "broadcom": "Broadcom",
    "wibusystemsag": "Wibu-Systems", "wibu": "Wibu-Systems", "codesys": "CODESYS", "3sinc": "CODESYS",
    "hitachienergyltd": "Hitachi Energy", "mitsubishi": "Mitsubishi Electric", "emersonprocessmanagement": "Emerson",
    "secomea": "Secomea", "insys": "INSYS icom", "insysicom": "INSYS icom", "mbconnectline": "MB connect line",
    "phoenixcontactgmbhcokg": "Phoenix Contact", "weidmueller": "Weidmueller", "weidmuller": "Weidmueller",
    "pepperlfuchs": "Pepperl+Fuchs", "pepperlfuchsse": "Pepperl+Fuchs", "endresshauser": "Endress+Hauser",
    "vegagrieshaber": "VEGA", "sick": "SICK", "sickag": "SICK", "turck": "Turck", "ifm": "ifm electronic",
    "keba": "KEBA", "lantronixinc": "Lantronix", "moxainc": "Moxa", "axisab": "Axis Communications",
    "zyxelcommunications": "Zyxel", "netgearinc": "NETGEAR", "tplinktechnologies": "TP-Link",
    "asustek": "ASUS", "asustekcomputer": "ASUS", "ciscosystems": "Cisco", "hewlettpackard": "HP",
    "hewlettpackardenterprise": "HPE", "arubahpe": "Aruba Networks", "dellemc": "Dell",
}


def fix_mojibake(s: str) -> str:
    if "\u00c3" in s or "\u00e2\u0080" in s:
        try:
            return s.encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            try:
                return s.encode("latin-1").decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                return s
    return s


VENDOR_PREFIXES = [
    ("lcds", "LCDS"), ("leaoconsultoria", "LCDS"), ("sensormatic", "Sensormatic Electronics"),
    ("exacqtechnologies", "Exacq Technologies"), ("iconics", "ICONICS"), ("belkinhirschmann", "Hirschmann"),
    ("beldenhirschmann", "Hirschmann"), ("schneiderelectric", "Schneider Electric"), ("hitachienergy", "Hitachi Energy"),
    ("mitsubishielectric", "Mitsubishi Electric"), ("rockwellautomation", "Rockwell Automation"),
    ("3ssmartsoftware", "CODESYS"), ("gedigital", "GE Digital"), ("gevernova", "GE Vernova"),
    ("servertechnology", "Server Technology"), ("generalelectric", "GE"),
]


def vendor_display(raw: str) -> str:
    raw = " ".join(fix_mojibake(raw).replace("\t", " ").split()).strip(" ,")
    key = squash(raw)
    if key in VENDOR_NAMES:
        return VENDOR_NAMES[key]
    for prefix, name in VENDOR_PREFIXES:
        if key.startswith(prefix):
            return name
    # CSAF vendor strings: "Sensormatic Electronics, LLC, a subsidiary of Johnson Controls" -> first part.
    raw = raw.split(",")[0].strip()
    if squash(raw) in VENDOR_NAMES:
        return VENDOR_NAMES[squash(raw)]
    cut = re.sub(r"(\s+(inc\.?|llc|ltd\.?|co\.,? ?ltd\.?|corporation|corp\.?|gmbh|ag|s\.?r\.?l\.?|s\.?a\.?|plc|"
                 r"limited|company|software))+\.?$", "", raw, flags=re.I).strip(" ,")
    cut = re.sub(r"\s*\([^)]*\)$", "", cut).strip(" ,")
    if squash(cut) in VENDOR_NAMES:
        return VENDOR_NAMES[squash(cut)]
    if raw == raw.lower():
        # A CPE vendor token: make it readable.
        return " ".join(w[:1].upper() + w[1:] for w in re.split(r"[_\s]+", raw) if w)
    return cut or raw


# --------------------------------------------------------------------------------------------------
# CPE helpers
# --------------------------------------------------------------------------------------------------

CPE_SPLIT = re.compile(r"(?<!\\):")


def cpe_split(cpe: str) -> list[str]:
    parts = CPE_SPLIT.split(cpe)
    if len(parts) < 13:
        parts += ["*"] * (13 - len(parts))
    return parts


def cpe_unescape(s: str) -> str:
    return re.sub(r"\\(.)", r"\1", s)


def cpe_escape(s: str) -> str:
    """Quote a value for a CPE 2.3 formatted string (NIST IR 7695 6.2)."""
    out = []
    for ch in s:
        if ch.isalnum() or ch in "_-.":
            out.append(ch)
        elif ch in " ":
            out.append("_")
        else:
            out.append("\\" + ch)
    return "".join(out)


def cpe_join(parts: list[str]) -> str:
    return ":".join(parts[:13])


def cpe_with_version(cpe: str, version: str, update: str | None = None) -> str:
    p = cpe_split(cpe)
    p[5] = cpe_escape(version.lower())
    if update is not None:
        p[6] = update
    return cpe_join(p)


def cpe22_to_23(uri: str) -> str | None:
    """cpe:/o:cisco:ios:15.1 -> cpe:2.3:o:cisco:ios:15.1:*:*:*:*:*:*:*"""
    if not uri.startswith("cpe:/"):
        return None
    comps = uri[5:].split(":")
    out = ["cpe", "2.3"]
    for c in comps[:7]:
        c = re.sub(r"%([0-9a-fA-F]{2})", lambda m: chr(int(m.group(1), 16)), c)
        if c == "":
            out.append("*")
        elif c == "-":
            out.append("-")
        else:
            out.append(cpe_escape(c.lower()))
    while len(out) < 13:
        out.append("*")
    return cpe_join(out)


CONCRETE_RE = re.compile(r"^[A-Za-z]{0,4}[ _.\-]?\d[\w.\-()+/]*(?:[ _](?:sp|r|build|rev|update)\s?[\w.\-]+)?$", re.I)


def is_concrete(v: str | None) -> bool:
    if not v:
        return False
    v = v.strip()
    if v in ("*", "-", "0", "n/a", "N/A") or len(v) > 32:
        return False
    if re.search(r"(serial|production|date|digit|prior|before|later|all|through|and|or|x$|\.x\b|\*|_v\d)", v, re.I):
        return False
    return bool(CONCRETE_RE.match(v))


_VKEY: dict[str, tuple] = {}


def vkey(v: str) -> tuple:
    if v in _VKEY:
        return _VKEY[v]
    k = _vkey(v)
    _VKEY[v] = k
    return k


def _vkey(v: str) -> tuple:
    v = v.strip().lower()
    v = re.sub(r"^(v|ver|version|release|r)\s*(?=\d)", "", v)
    out = []
    for tok in re.findall(r"\d+|[a-z]+", v):
        out.append((1, int(tok), "") if tok.isdigit() else (0, 0, tok))
    return tuple(out)


def in_range(v: str, start: str | None, start_incl: bool, end: str | None, end_incl: bool) -> bool:
    k = vkey(v)
    if not k:
        return False
    if start:
        s = vkey(start)
        if k < s or (k == s and not start_incl):
            return False
    if end:
        e = vkey(end)
        if k > e or (k == e and not end_incl):
            return False
    return True


# --------------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------------

UPPER_WORDS = {
    "simatic", "scalance", "ruggedcom", "sinamics", "siprotec", "sicam", "sinec", "sentron", "sinumerik", "sipart",
    "ip", "cpu", "hmi", "plc", "nvr", "dvr", "asa", "ios", "xr", "xe", "pix", "ace", "ids", "ips", "vpn", "wlc", "isr",
    "asr", "ucs", "hd", "lte", "poe", "pn", "dp", "rtu", "mfp", "usb", "ac", "dc", "srx", "qfx", "mx", "ptz", "nas",
    "ds", "rs", "rx", "bios", "tpm", "bmc", "xl", "ii", "iii", "iv", "vi", "os", "ap", "wap", "ptp", "sd", "ssl",
    "ucm", "ipc", "sip", "voip", "ata", "adsl", "vdsl", "dsl", "wan", "lan", "sfp", "gbe", "fc", "san", "nx", "ws",
    "esw", "cgr", "ie", "ir", "rv", "sg", "sf", "wrv", "spa", "ata", "csr", "ons", "crs", "ncs", "mds", "ftd",
    "fmc", "ise", "acs", "cms", "vcs", "tc", "ce", "dx", "mxe", "uc", "ucce", "cucm", "wvc", "ptz", "ir", "uap",
    "cp", "et", "pcs", "tia", "ipc", "pc", "rf", "s7", "m", "mgate", "nport", "eds", "iks", "pt", "awk", "tn",
    "ekb", "hp", "hpe", "ibm", "emc", "sma", "ge", "abb", "pac", "uem", "dsm", "dcs", "opc", "ua", "io", "i/o",
}
CASED_WORDS = {
    "junos": "Junos", "fortios": "FortiOS", "fortigate": "FortiGate", "fortiwlm": "FortiWLM", "pan-os": "PAN-OS",
    "thinkpad": "ThinkPad", "thinkcentre": "ThinkCentre", "thinkstation": "ThinkStation", "thinkserver": "ThinkServer",
    "laserjet": "LaserJet", "officejet": "OfficeJet", "pagewide": "PageWide", "designjet": "DesignJet",
    "deskjet": "DeskJet", "micrologix": "MicroLogix", "controllogix": "ControlLogix", "compactlogix": "CompactLogix",
    "guardlogix": "GuardLogix", "powerflex": "PowerFlex", "factorytalk": "FactoryTalk", "wincc": "WinCC",
    "oncell": "OnCell", "iologik": "ioLogik", "airlink": "AirLink", "esxi": "ESXi", "vcenter": "vCenter",
    "macos": "macOS", "sonicos": "SonicOS", "nx-os": "NX-OS", "routeros": "RouterOS", "edgeos": "EdgeOS",
    "powerlogic": "PowerLogic", "scadapack": "SCADAPack", "modicon": "Modicon", "melsec": "MELSEC",
    "powerconnect": "PowerConnect", "idrac": "iDRAC", "imagerunner": "imageRUNNER", "workcentre": "WorkCentre",
    "colorqube": "ColorQube", "versalink": "VersaLink", "altalink": "AltaLink", "poweredge": "PowerEdge",
    "proliant": "ProLiant", "procurve": "ProCurve", "xclarity": "XClarity", "ilo": "iLO", "edgerouter": "EdgeRouter",
    "unifi": "UniFi", "airos": "airOS", "diskstation": "DiskStation", "qts": "QTS", "quts": "QuTS",
    "logo!": "LOGO!", "windows": "Windows", "iphone": "iPhone", "ipad": "iPad", "webaccess": "WebAccess",
    "intouch": "InTouch", "ifix": "iFIX", "cimplicity": "CIMPLICITY", "panelview": "PanelView",
    "rslogix": "RSLogix", "rslinx": "RSLinx", "ecostruxure": "EcoStruxure", "magelis": "Magelis",
    "sonicwall": "SonicWall", "netscreen": "NetScreen", "screenos": "ScreenOS", "big-ip": "BIG-IP",
    "teleservice": "TeleService", "smartrtu": "SmartRTU", "bizhub": "bizhub", "ecosys": "ECOSYS",
    "taskalfa": "TASKalfa", "mguard": "mGuard", "firmware": "Firmware", "software": "Software",
    "vxworks": "VxWorks", "nportia": "NPort IA", "desigo": "Desigo", "sirius": "SIRIUS", "powermanager": "powermanager",
    "pcs7": "PCS 7", "cx-supervisor": "CX-Supervisor", "sysmac": "Sysmac", "codesys": "CODESYS",
}


def humanize(token: str) -> str:
    """simatic_s7-1200_cpu -> SIMATIC S7-1200 CPU."""
    s = cpe_unescape(token).replace("_", " ")
    words = []
    for token in s.split():
        m = re.match(r"^([(\[\"']*)(.*?)([)\]\"',;:]*)$", token)
        pre, w, post = m.groups()
        lw = w.lower()
        if lw in CASED_WORDS:
            w = CASED_WORDS[lw]
        elif lw in UPPER_WORDS or (re.search(r"\d", w) and len(w) > 1):
            w = w.upper()
        elif w.islower():
            w = w[:1].upper() + w[1:]
        words.append(pre + w + post)
    return " ".join(words)


def strip_fw(product: str) -> str:
    return re.sub(r"_(firmware|firmwares|firmware_image|fimware)$", "", product)


def clean_text(s: str) -> str:
    s = s.replace("\t", " ").replace("\u00a0", " ").replace("\u2013", "-").replace("\u2014", "-")
    s = s.replace("\u00ae", "").replace("\u2122", "")
    return " ".join(s.split()).strip(" ,;:")


# --------------------------------------------------------------------------------------------------
# Asset-type classification
# --------------------------------------------------------------------------------------------------

SKIP_VENDORS = {
    "qualcomm", "mediatek", "intel", "amd", "nvidia", "arm", "nxp", "st", "infineon", "broadcom", "google",
    "oneplus", "leagoo", "bluproducts", "abbott", "biotronik", "medtronic", "bd", "baxter", "philips", "gehealthcare",
    "gehealthcarelifesciences", "carestream", "hillrom", "smithsmedical", "bbraun", "fresenius", "dragerwerk",
    "multipleopensource", "apple", "samsung", "sony", "acer", "asuswrtmerlin", "asuswrtmerlinproject",
    "rsa", "mcafee", "redhat", "suse", "canonical", "debian", "fedoraproject", "oracle", "na", "nagra", "mozilla",
    "adobe", "jenkins", "wordpress", "drupal", "joomla", "php", "python", "nodejs", "npmjs", "golang",
    "iteris", "cpuid", "blipcare", "ncr", "illumina", "multiple", "polycom", "yealink", "mitel", "grandstreamnetworks", "ricon", "ivanti", "solarwinds", "ibm", "citrix", "vmware", "kaazing", "wibusystems", "codesys",
    "enea", "windriver", "greenhillssoftware", "ipinfusion", "threadx", "treck", "interniche", "cyberwill",
}
# Vendors whose unclassified products are still industrial assets (asset_type "other").
ICS_VENDORS = {
    "siemens", "rockwellautomation", "schneiderelectric", "abb", "hitachienergy", "mitsubishielectric", "omron",
    "moxa", "ge", "gevernova", "gedigital", "yokogawa", "honeywell", "emerson", "deltaelectronics", "advantech",
    "phoenixcontact", "wago", "beckhoff", "fanuc", "jtekt", "keba", "eaton", "schweitzerengineeringlaboratories",
    "johnsoncontrols", "unitronics", "wecon", "aveva", "ptc", "iconics", "inductiveautomation", "fatekautomation",
    "redlion", "opto22", "idec", "panasonic", "keyence", "belden", "hirschmann", "marel", "automationdirect",
}
# Application (`a:`) CPEs are kept only from these vendors (plus ICS_VENDORS) or when STRONG_APP matches.
APP_VENDORS = {
    "microsoft", "cisco", "juniper", "junipernetworks", "fortinet", "paloaltonetworks", "f5", "splunk",
    "hp", "hpe", "dell", "lenovo", "synology", "qnap", "milestonesystems", "genetec", "exacqvision", "axiscommunications",
    "hikvision", "dahua", "nuuo", "mirasys", "avigilon", "bosch", "apache", "checkpoint", "sophos", "sonicwall",
    "watchguard", "arubanetworks", "ruckuswireless", "ubiquiti", "mikrotik", "zyxel", "sierrawireless",
    "digiinternational", "lantronix", "hmsnetworks", "teltonika", "landisgyr", "itron", "econolite", "lenels2",
    "hidglobal", "gallagher", "zkteco", "suprema", "amagtechnology", "johnsoncontrols", "tridium",
}
STRONG_APP = re.compile(
    r"scada|\bhmi\b|historian|\bopc\b|wincc|intouch|citect|\bifix\b|cimplicity|factorytalk|webaccess|indusoft|"
    r"movicon|\bigss\b|interactive graphical scada|ignition|genesis64|levi ?studio|v-sft|screen ?editor|"
    r"video management|\bnvr\b|exacqvision|xprotect|\bvms\b|access control|building (automation|operation)|"
    r"energy management|\bems\b|distribution management|\bdms\b|water|wastewater|pump|smart ?grid|substation", re.I)

SKIP_RE = re.compile(
    r"\b(iphone|ipad|galaxy|pixel|android|smartphone|tablet|smart tv|bravia|playstation|xbox|"
    r"infusion|insulin|pacemaker|cardio|patient|ventilator|anesthesia|dialysis|mri|ct scanner|"
    r"ultrasound|x-ray|radiology|imaging system|medical|xeleris|acuson|welch allyn|baby monitor|"
    r"library|sdk|plugin|plug-in|wordpress|joomla|drupal|php|jscript|vbscript|internet explorer|"
    r"browser|chrome|firefox|microsoft office|word|excel|outlook|acrobat|adobe reader|flash player|java|jre|"
    r"jdk|\.net|silverlight|microsoft edge|skype|lync|itunes|quicktime|media player|tcp/ip stack|ipnet|vxworks|"
    r"broadcast|fm|transmitter fm|television|dvb|set-top|opentv|game|gaming|toy|robot|robotic|cnc|sinumerik|"
    r"syngo|healthineers|passport|medsurg|battery pack|infusomat|perfusor|"
    r"alienware|chromebook|chromebox|dock|monitor driver|touchpad|keyboard|mouse|headset|cardiomessenger|"
    r"bluetooth|fingerprint reader|tpm|trusted platform|management engine|thunderbolt|graphics|"
    r"driver|smart plug|light bulb|kasa|echo|alexa|thermostat app|mobile partner|modem driver|"
    r"teamviewer|anydesk|antivirus|anti-virus|endpoint protection|agent|desktop app|mobile app|"
    r"for (ios|android)|app|toolkit|runtime toolkit|api)\b", re.I)

# (asset_type, regex) tried in order for one vendor (key: squash(display name)); None skips the product.
VR = {
    "siemens": [
        (None, r"acuson|healthineers|sinumerik|simotion|gigaset|s45|s55|m45|sinamics|simocode|sirius|sitop|"
               r"polarion|teamcenter|nx\b|solid edge|tecnomatix|simcenter|jt2go|opcenter|mendix|comos|"
               r"ccid|ccis|ccmd|ccms|ccmw|ccpw|cfis|cfms|cfmw|cvms|cvmw"),
        ("smart_meter", r"power meter|sicam q|sentron|pac\d{3,4}|7km|7kt|powermanager|sicam p8\d\d"),
        ("firewall", r"scalance s\d|scalance sc\d|ruggedcom ape|ruggedcom rx1400.*nfv"),
        ("router", r"scalance w|scalance m8|scalance m-8|scalance mum|ruggedcom rox|ruggedcom rx\d|ruggedcom rm\d|"
                   r"ruggedcom win|ruggedcom wi"),
        ("gateway", r"scalance m\d|scalance m-|ruggedcom rmc|simatic cloud connect|simatic net cp 1[23]43|"
                    r"ie/pb-link|ie/as-i link|pn/pn coupler|sinec|simatic rtu|cp 1242|cp 1243|cp 1542sp|"
                    r"iot2000|iot2040|simatic iot|ruggedcom rm1224|ozw\d{3}|scalance lpe"),
        ("switch", r"scalance x|scalance xc|scalance xb|scalance xf|scalance xm|scalance xp|scalance xr|ruggedcom rs|"
                   r"ruggedcom rsg|ruggedcom rsl|ruggedcom m\d|ruggedcom i\d|ruggedcom rp|ruggedcom rmc30"),
        ("access_controller", r"siport|sipass|access control|siveillance access"),
        ("hmi", r"sicam scc|sicam pas|sicam diamond|sicam gridedge"),
        ("workstation", r"pq analyzer|sicam toolbox|digsi|sicam device manager|tia ?portal|softnet|easie|"
                        r"skill package"),
        ("sensor", r"simatic rf|simatic mv|sitrans|siwarex|\brf\d{3}"),
        ("rtu", r"siprotec|sicam|en100|reyrolle|7sj|7sa|7sd|7ut|7um|6md|7ke|sitraffic|sippa|sgs|"
                r"ruggedcom ros rtu|tim \d|simatic rtu|a8000|ak 3|tm 1703|bc 1703|ax 1703|6md|sgw"),
        ("ip_camera", r"camera|siveillance video|vectis"),
        ("hmi", r"wincc|hmi|panel|pcs 7 os|pcs neo|simatic it|sicam pas|sicam scc|desigo cc|siveillance|"
                r"operator|smartclient|sm@rt|opcenter execution|simatic batch"),
        ("workstation", r"tia portal|step 7|step7|simatic ipc|field pg|automation license|simatic pdm|"
                        r"simatic logon|starter|startdrive|sinetplan|primary setup|proneta|simatic net pc|"
                        r"ipc\d{3}|simatic itc|simatic ipc|diag"),
        ("server", r"sinec nms|sinec ins|sinec pni|opc ua server|simatic process historian|information server|"
                   r"sppa|spectrum power|sinec inc|ruggedcom nms|sipass integrated|server"),
        ("plc", r"s7-|s7 |simatic s7|et 200|et200|logo|cp \d{3}|simatic cp|simatic net cp|ertec|pn io|profinet|"
                r"cpu|controller|pxc|desigo|apogee|climatix|simatic drive controller|simatic wi?nac|"
                r"simatic batch|pcs 7|pcs7|software controller|openpcs|hinet"),
    ],
    "rockwellautomation": [
        (None, r"powerflex|kinetix|arena|emulate3d|pavilion|thinmanager|cws|ccw|9328|drive|motor|guardmaster"),
        ("hmi", r"panelview|factorytalk view|versaview|factorytalk viewpoint|rsview|hmi"),
        ("switch", r"stratix|1783-|armorblock"),
        ("workstation", r"studio 5000|rslogix|rslinx|connected components|factorytalk (linx|activation|services|"
                        r"security|alarms|transaction|batch|asset|updater|policy|diagnostics|ame|design)|"
                        r"logix designer|rsnetworx|controlflash|compare|fthub|vcs|issuite|"
                        r"isagraf|kepserver"),
        ("server", r"historian|factorytalk vantagepoint|factorytalk metrics|server|opc"),
        ("plc", r"logix|17\d\d|5069|1756|1769|1763|1766|1768|1794|micro8|micro 8|plc-5|slc|flexlogix|"
                r"aentr|controller|en2t|en2f|en3tr|enbt|eweb|en4tr|l\d{2}e|pac"),
    ],
    "schneiderelectric": [
        (None, r"conext|altivar|lexium|modbus$|ups|apc|symmetra|smart-ups|netbotz|ecostruxure it|"
               r"struxureware data center|pelco|wiser|homelynk|spacelynk|eco2|saitel dp"),
        ("server", r"historian|archestra logger|opc factory server|struxureware building|automation server|"
                   r"enterprise server"),
        ("workstation", r"studio|remoteconnect|somachine|unity pro|control expert|machine expert|configurator|"
                        r"designer|\btool"),
        ("hmi", r"magelis|harmony|vijeo|hmi|citect|igss|interactive graphical scada|wonderware|intouch|indusoft|"
                r"operator terminal|panel|clearscada|geo scada|xbt|gto|gtu|sto|stu|scada"),
        ("smart_meter", r"powerlogic|ion\d|pm\d{3,4}|power meter|energy server|em\d{4}|acti ?9|smartlink|"
                        r"com'x|comx|link150|powertag|meter"),
        ("rtu", r"scadapack|saitel|easergy|t300|micom|sepam|\brtu|talus|trio"),
        ("workstation", r"unity pro|control expert|machine expert|somachine|somove|proworx|concept|"
                        r"ecostruxure (control|machine|operator|process) expert|soft ?plc|ecostruxure power|"
                        r"software|designer|configurator|tool"),
        ("switch", r"connexium|tcsesm|tcsesu|switch"),
        ("server", r"opc factory server|struxureware|building operation|automation server|enterprise server|"
                   r"server|historian"),
        ("gateway", r"gateway|etg\d|tsxetg|tcsefec|stbni|ethernet module|bmxno|bmenoc|tsxety|tsxetc|"
                    r"140noe|171ccc|link"),
        ("plc", r"modicon|m\d{3}|bmx|bme|tsx|quantum|premium|140|m2\d\d|tm\d|plc|controller|cpu|momentum"),
    ],
    "mitsubishielectric": [
        (None, r"fr-|inverter|servo|cnc|robot|air conditioner|\bac\b|ae\b|electric vehicle|melipc"),
        ("hmi", r"got|gt\d|softgot|gt soft|genesis|mc works|hmi"),
        ("workstation", r"gx works|gx developer|mx component|mx opc|melsoft|cw configurator|mx sheet|"
                        r"gx log|iq works|engineering|software|rt toolbox|fr configurator|setting tool"),
        ("smart_meter", r"energy measuring|ems|meter"),
        ("plc", r"melsec|fx|q\d|r\d|l\d|iq-|cpu|qj71|rj71|lj71|plc"),
    ],
    "omron": [
        (None, r"robot|adept|fh-|servo|inverter|vision"),
        ("hmi", r"\bns\d|ns series|\bna\d|\bnb\d|cx-supervisor|hmi"),
        ("workstation", r"cx-one|cx-programmer|sysmac studio|cx-position|cx-designer|cx-drive|cx-protocol|"
                        r"cx-server|network configurator|software"),
        ("plc", r"\bcj|\bcp\d|\bcs\d|\bnj|\bnx|\bsysmac|\bcpu|\bplc|\bcontroller|\bcx\d|\bc200|\bcqm"),
        (None, r"."),
    ],
    "abb": [
        (None, r"robot|drive|acs\d|cp600 robot|terra|charger|ev ?charger|m2m|b2b|sace|tmax|emax|ekip|aspect"),
        ("rtu", r"relion|rtu5|rtu|\brec|\bref|\bret|\bred|\brem|fox5|fox6|sam600|com600|afs|pcm600|ied|"
                r"\b6[15]0\b|\b670\b|coe"),
        ("smart_meter", r"meter|b2[34]|a4[14]|power quality|cms-\d"),
        ("server", r"opc server|\bserver\b|historian"),
        ("hmi", r"panel|hmi|cp6\d\d|800xa.*(operator|workplace)|symphony plus operations|s\+ operations"),
        ("workstation", r"automation builder|panel builder|control builder|engineering|s\+ engineering|"
                        r"pb610|ability|analyst|designer|tool|codesys|drivewindow|software"),
        ("gateway", r"gateway|ip gateway|srea|netbiter"),
        ("sensor", r"vsn300|vsn700|sensor|transmitter|analyzer"),
        ("plc", r"ac500|pm5|ac800|800xa|freelance|symphony|harmony|controller|cpu|plc"),
    ],
    "hitachienergy": [
        ("workstation", r"connectivity package|pcm600|\btool|engineering|designer"),
        ("server", r"apm|lumada|e-mesh|network manager|foxman|mscada|microscada|gws|asset suite|"
                   r"energy portfolio|system data manager|sdm600|mach scm|\bscm\b|\bserver|dms600|sys600|esoms|"
                   r"microscada|\bxmc"),
        ("router", r"tropos"),
        ("gateway", r"\bunem|arg600|arr600|aro600|gateway"),
        ("rtu", r"relion|rtu|rec|ref|ret|red|rem|fox|sam600|com600|afs|ied|tropos|pwc|xmc20|"
                r"\b6[157]0\b|coe|msm|txpert|gms600|mach"),
        ("server", r"apm|lumada|e-mesh|network manager|foxman|mscada|microscada|server|gws|asset|"
                   r"energy portfolio|system data manager|sdm600"),
        ("router", r"tropos|router"),
        ("switch", r"afs\d|switch"),
        ("gateway", r"gateway|unem|arg600|arr600|aro600"),
        ("workstation", r"pcm600|tool|engineering|designer"),
    ],
    "ge": [
        (None, r"healthcare|bently nevada|infinia|hydran"),
        ("rtu", r"multilin|d20|d400|\bur\b|urplus|sr \d|sr\d|relay|mds|ds agile|iec|rtu|g100|g500|f650|"
                r"protection|mdr|mifii|grid"),
        ("switch", r"multilink|ml\d|switch"),
        ("hmi", r"cimplicity|ifix|proficy hmi|hmi|scada|cybosoft|hmi/scada|operations hub"),
        ("server", r"historian|server|proficy portal|information portal|plant applications|snmp/web adapter|"
                   r"adapter"),
        ("workstation", r"machine edition|proficy machine|tool|software|pac machine"),
        ("plc", r"rx3i|rx7i|pacsystems|versamax|90-30|90-70|mark vi|cpe|cpu|controller|plc|ic69|ic20"),
    ],
    "moxa": [
        ("nvr", r"softnvr|\bvport|nvr"),
        ("server", r"mxview|mxconfig|mxsecurity|opc server|\bserver\b"),
        ("switch", r"\beds|\biks|\bsds|\bpt-|\btsn|\bics-|\bmds-|\btn-5|\brks|switch"),
        ("router", r"\bawk|\bwac|\bawk|\bedr|\btap|\bwdr|router|\btn-4"),
        ("firewall", r"edf|\bedr-g9|firewall|\bmx-nos"),
        ("rtu", r"iologik|\bioth|\bioPAC|\bioexp"),
        ("gateway", r"."),
    ],
    "phoenixcontact": [
        ("other", r"charx|charging"),
        ("switch", r"fl switch|switch|fl nat"),
        ("firewall", r"mguard|fl mguard|firewall"),
        ("gateway", r"tc router|tc cloud|com ?server|comserver|psi-modem|gateway|cloud client"),
        ("workstation", r"bl ?2? ?bpc|bl ppc|vl ?2? ?bpc|vl ?2? ?ppc|dl ppc|el ppc|valueline|designline|"
                        r"ipc|pc worx|plcnext engineer|automationworx|config\+|software|bl rackmount"),
        ("hmi", r"ppc|panel|hmi|webvisit|visu\+"),
        ("plc", r"."),
    ],
    "wago": [("switch", r"852-|switch"), ("workstation", r"e!cockpit|codesys|software"), ("plc", r".")],
    "hikvision": [
        ("nvr", r"ds-7|ds-8|ds-9|ds-6|nvr|dvr|hybrid|recorder|ivms|hikcentral"),
        ("access_controller", r"ds-k|access control|intercom|door"),
        ("ip_camera", r"."),
    ],
    "dahua": [
        (None, r"smartpss|smart pss|toolbox|config ?tool|\bdss|mobile"),
        ("nvr", r"nvr|dvr|xvr|hcvr|recorder|dss|smart ?pss|\bevs"),
        ("access_controller", r"asi|vto|vth|asc|access|intercom|door"),
        ("ip_camera", r"."),
    ],
    "axiscommunications": [
        ("access_controller", r"\ba1\d{3}|\ba8\d{3}|door|access|intercom|entry manager|i8016"),
        ("nvr", r"video server|encoder|decoder|camera station|network dvr|\bs\d{4}|q74|p77|241|240q|24[0-9]\w? |"
                r"m70|recorder|storpoint"),
        ("gateway", r"serial server|2490"),
        ("ip_camera", r"."),
    ],
    "xiongmai": [("nvr", r"ahb|dvr|nvr|xvr|hvr|recorder"), ("ip_camera", r".")],
    "hbgk": [("nvr", r".")],
    "foscam": [("ip_camera", r".")], "vivotek": [("ip_camera", r".")], "mobotix": [("ip_camera", r".")],
    "hanwhavision": [("nvr", r"nvr|xrn|prn|qrn|wrn|recorder"), ("ip_camera", r".")],
    "lexmark": [("printer", r".")], "brother": [("printer", r".")], "xerox": [("printer", r".")],
    "ricoh": [("printer", r".")], "kyocera": [("printer", r".")], "konicaminolta": [("printer", r".")],
    "sharp": [("printer", r"mx-|ar-|printer|mfp|bp-"), (None, r".")],
    "canon": [("printer", r"imagerunner|imageclass|i-sensys|lbp|mf\d|pixma|maxify|printer|ipf|imagepress"),
              (None, r".")],
    "epson": [("printer", r".")],
    "fortinet": [
        ("switch", r"fortiswitch|fsw-|fsw\b"),
        ("router", r"fortiap|fortiwifi|fortiextender|fortiwlc|fortiwlm"),
        ("ip_camera", r"forticamera|fcm-"),
        ("nvr", r"fortirecorder"),
        ("server", r"fortimanager|fortianalyzer|fortisiem|fortiportal|fortiauthenticator|fortimail|forticlient ems|"
                   r"fortinac|fortiadc|fortibalancer|fortiweb|fortisandbox|fortiddos|fortiproxy|fortivoice|"
                   r"fortiisolator|fortiedr|fortisoar|equalizer|fortindr|fortitester"),
        (None, r"forticlient|fortitoken|forticonverter|antivirus|fortinet28"),
        ("firewall", r"."),
    ],
    "paloaltonetworks": [("saas", r"cloud ngfw|prisma"), (None, r"globalprotect|cortex|expedition|traps"),
                         ("firewall", r".")],
    "sonicwall": [(None, r"connect tunnel|netextender|global vpn client|email security"), ("firewall", r".")],
    "watchguard": [(None, r"client|mobile"), ("firewall", r".")],
    "checkpoint": [(None, r"endpoint|zonealarm|harmony|client"), ("firewall", r".")],
    "sophos": [(None, r"endpoint|antivirus|web protection|home|intercept|client"), ("firewall", r".")],
    "ingate": [("firewall", r".")], "securecomputing": [("firewall", r".")], "bluecoat": [("firewall", r".")],
    "barracudanetworks": [("firewall", r".")], "cyberoam": [("firewall", r".")], "stormshield": [("firewall", r".")],
    "junipernetworks": [
        ("switch", r"\bex\d|\bqfx|\bex\b|ocx|ex-series"),
        ("firewall", r"\bsrx|\bvsrx|netscreen|\bssg|screenos|\bidp|\bisg|firewall|sky atp|\bnfx"),
        ("server", r"junos space|space|ja\d{4}|security director|contrail|mist|steel-belted|sbr|nsm"),
        ("router", r"."),
    ],
    "cisco": [
        (None, r"ip phone|unified ip phone|\bspa\d{3}g|phone|webex|jabber|anyconnect|client|telepresence|"
               r"\bdx\d|\bce\b|room|desk|headset|meeting|video communication|tandberg|movi"),
        ("ip_camera", r"video surveillance|camera|\bcivs\b|\bipc\b"),
        ("nvr", r"video surveillance manager|media server|\bvsm\b|network video recorder"),
        ("firewall", r"\basa\b|adaptive security|\bpix\b|firepower|\bftd\b|\bfmc\b|ironport|web security appliance|"
                     r"email security appliance|content security|\bips\b|intrusion|sourcefire|vpn ?3000|"
                     r"vpn concentrator|fwsm|firewall|\basa\d|asav|meraki mx|\bmx\d{2,3}\b.*meraki"),
        ("switch", r"catalyst|nexus|\bsg\d{3}|\bsf\d{3}|\bsx\d{3}|\bie[- ]?\d{3,4}|ws-c|\bmds\b|\bmds \d|switch|"
                   r"\bcbs\d|\bcgs\b|\bme \d{4}|\bme\d{4}|\bn\dk|\bucs 6\d{3}|fabric interconnect|"
                   r"\bsmb|small business \d{3} series"),
        ("server", r"\bucs\b|unified computing|unified communications manager|\bcucm|unity connection|prime|"
                   r"identity services|\bise\b|secure access control|\bacs\b|\bdcnm|data center network manager|"
                   r"application policy infrastructure|\bapic|server|appliance|\bcms\b|expressway|"
                   r"video communication server|unified contact center|emergency responder|"
                   r"tidal|dna center|cyber vision center|ucs director|hyperflex|wide area application|waas"),
        ("gateway", r"\bcgr|connected grid|\bir\d{3,4}|industrial router|\bir \d|terminal services gateway|"
                    r"\bata|voice gateway|\bvg\d|\bisr\b.*lte|\bm2m|\bcm\d|cable modem|epc\d|\bdpc|dpq|"
                    r"\bmodem|\b829|\b809|\b819|\b807"),
        ("router", r"."),
    ],
    "huawei": [
        (None, r"mate|p\d0|honor|nova|enjoy|berlin|agassi|baggio|beethoven|duke|crr-|btv-|emui|harmonyos|"
               r"watch|band|mobile|phone|tablet|mediapad|laptop|matebook|\bp\d{2}\b|-l\d\d|-w\d\d|-al\d\d|"
               r"espace \d{4}|espace u|espace 7|espace 8|espace usm|ensp|smartphone|smart ?screen|welink"),
        ("server", r"fusionserver|\brh\d{4}|\bxh\d{3}|\bch\d{3}|oceanstor|\bserver|\besight|\bfusionsphere"),
        ("switch", r"\bs\d{4}|\bs\d{3}\b|cloudengine|\bce\d{4}|\blsw|campus|\b5300|\b5310|\b5700|\b5710|\b6300|"
                   r"\b6700|switch"),
        ("firewall", r"\busg|eudemon|secospace|firewall|\bnip|\bantiddos|\bsvn"),
        ("router", r"\bar\d|\bar \d|\bar_|\bne\d|netengine|\batn|\bcx\d{3}|router|\bacu|\bac\d{4}|\bap\d{4}|"
                   r"\bwlan|\bsrg|\brouter"),
        ("gateway", r"\bhg\d|\bb\d{3}|\be\d{3,4}|\bec\d{3}|modem|lte|5g cpe|\bdbs|\bws\d{3}|\bont|echo ?life|\bma5|"
                    r"\bbm\d|\bcpe|\bmobile wifi|\bh\d{2}"),
        ("server", r"fusionserver|\brh\d{4}|\bch\d{3}|oceanstor|server|fusion|\bdp\d{3}|\besight|\bims|\bugw"),
        ("ip_camera", r"\bipc|camera"),
        (None, r"."),
    ],
    "hp": [
        (None, r"^\d{4}a\w+$|\b\d{4}a[0-9a-z]{3}\b"),
        ("printer", r"laserjet|officejet|deskjet|pagewide|designjet|envy \d{4}|photosmart|scanjet|latex|indigo|"
                    r"color ?laser|smart tank|neverstop|printer|mfp|jetdirect|digital sender|\bpsc\b"),
        ("workstation", r"elitebook|probook|zbook|elitedesk|prodesk|pavilion|envy|spectre|omen|z\d{1,2}|"
                        r"workstation|thin client|\bt\d{3}\b|\bmt\d{2}|\bt\d{3} thin|compaq|stream|chromebook|"
                        r"elite x2|eliteone|proone|notebook|desktop|mini"),
        ("server", r"airwave|clearpass|\bimc\b|intelligent management"),
        ("switch", r"procurve|aruba|\bswitch|\b\d{4}[a-z]{0,2}\b.*switch|officeconnect|flexnetwork|comware|"
                   r"\bv1910|\b19\d0|\b5[19]\d0|\b3com"),
        ("server", r"proliant|\bilo|integrity|3par|storeonce|storeeasy|storageworks|msa|nonstop|superdome|"
                   r"synergy|oneview|system management|server|bladesystem|apollo|moonshot|xp7|nimble|onboard "
                   r"administrator|\bima\b|data protector|eva"),
        ("router", r"\bmsr|router|\bhsr|\bvsr|\bsr\d{4}"),
        ("firewall", r"tippingpoint|firewall|\bf\d{4}|\bu200"),
        (None, r"."),
    ],
    "hpe": [
        ("switch", r"switch|aruba|flexfabric|flexnetwork|officeconnect|\b5\d{3}"),
        ("server", r"."),
    ],
    "dell": [
        (None, r"alienware|g\d \d{4}|gaming|dock|canvas|chengming|cheng ming|monitor|chromebox|chromebook"),
        ("server", r"poweredge|idrac|\bemc|powervault|compellent|equallogic|powerstore|unity|vnx|isilon|"
                   r"data domain|avamar|networker|xtremio|powerscale|powermax|vxrail|openmanage|server|"
                   r"\bdrac|\bcmc"),
        ("switch", r"powerconnect|networking|force10|\bn\d{4}|\bs\d{4}|switch|x\d{4}"),
        ("printer", r"\b\d{4}dn|\b\d{4}cn|printer|\bb\d{4}|\bc\d{4}"),
        ("workstation", r"."),
    ],
    "lenovo": [
        ("server", r"thinkserver|thinksystem|thinkagile|nextscale|system x|\bx3\d{3}|xclarity|\bimm|"
                   r"integrated management module|flex system|bladecenter|storage|\bsan\b|\bix\d|\bpx\d|\bez\b|"
                   r"\bhx\d|\bsr\d{3}|\bst\d{3}|\bsd\d{3}|\bdm\d|\bde\d|server|switch"),
        ("workstation", r"."),
    ],
    "netgear": [
        ("ip_camera", r"arlo|\bvmc|camera"),
        ("nvr", r"readynas surveillance|\bvms"),
        ("server", r"readynas|readydata|\brn\d|stora|storage"),
        ("switch", r"\bgs\d|\bxs\d|\bm4\d|\bm5\d|\bm6\d|\bm7\d|\bfs\d|\bjgs|\bgss|\bxss|prosafe gs|prosafe s|"
                   r"prosafe xs|prosafe m|switch|\bs3300"),
        ("gateway", r"\bcm\d|\bc\d{4}|\bcg\d|\bdg\d|\bdgn|\bdgnd|\bd\d{4}|\bcmd|\bdst|\bn450|modem|lte|"
                    r"\bmr\d|\baircard|\bme\d{3}"),
        ("firewall", r"\bfvs|\bfvg|\bfvx|\bsrx5308|prosafe vpn|\bssl\d{3}|firewall|\bstm\d{3}"),
        ("router", r"."),
    ],
    "dlink": [
        ("ip_camera", r"\bdcs|camera|\bwcs"),
        ("nvr", r"\bdnr|\bdvr|nvr"),
        ("server", r"\bdns-|sharecenter|\bnas"),
        ("switch", r"\bdgs|\bdes-|\bdxs|\bdws|switch|websmart"),
        ("gateway", r"\bdsl|\bdwr|\bdwm|modem|lte|\bdvg|\bdph|\bdir-505l"),
        ("firewall", r"\bdsr|\bdfl|firewall"),
        ("router", r"."),
    ],
    "tplink": [
        ("ip_camera", r"\bnc\d|tapo c|camera|\bvigi|\btl-sc"),
        ("switch", r"\btl-sg|\bt\d{4}|\bsg\d{4}|switch|jetstream|\btl-sl"),
        ("gateway", r"\btl-mr|\bmr\d{3,4}|\bm7\d{3}|\barcher mr|modem|\btd-|\bvr\d{3}|\bdeco x.*lte"),
        ("firewall", r"\ber\d{4}|\btl-er|safestream|\btl-r4|\br4\d{2}|\btl-war|\btl-wvr|\bwar\d|\bwvr\d|\btl-r"),
        (None, r"kasa|tapo p|\bhs\d{3}|\bkp\d{3}|\bkl\d{2}|smart plug|bulb"),
        ("router", r"."),
    ],
    "zyxel": [
        ("firewall", r"\busg|\bzywall|\batp\d|\bflex|\bvpn\d|firewall|\buag"),
        ("switch", r"\bgs\d|\bxgs|\bxs\d|\bes-|\bmgs|switch"),
        ("gateway", r"\bvmg|\bemg|\bpmg|\bp-|\bamg|\bdx\d|\bex\d|\blte|\bnr\d|\bvsg|modem|\bsbg|\bvtu|\bxmg|\bpk\d"),
        ("server", r"\bnas\d|\bnsa"),
        ("router", r"."),
    ],
    "sierrawireless": [("gateway", r".")], "digiinternational": [("gateway", r".")],
    "lantronix": [("gateway", r".")], "teltonika": [("gateway", r".")], "hmsnetworks": [("gateway", r".")],
    "westermo": [("switch", r"\blynx|\bredfox|\bviper|\bcodan|switch"), ("gateway", r".")],
    "insysicom": [("gateway", r".")], "mbconnectline": [("gateway", r".")], "secomea": [("gateway", r".")],
    "cradlepoint": [("gateway", r".")], "peplink": [("router", r".")], "redlion": [
        ("hmi", r"\bg3|\bgraphite|\bcr\d|\bcr1000|\bcr3000|hmi|panel|crimson"),
        ("gateway", r"\bsixnet|\bram|\bit\d|\bsn\d|\bdsp|\bda\d|\bmc\d|gateway|router|modem|mbnet"),
        ("switch", r"\bnt\d|\bet-|switch"),
        ("plc", r".")],
    "synology": [(None, r"photo|drive|chat|calendar|mail|note|office|moments|client|app|router manager|"
                        r"\brt\d|\bmr\d"), ("server", r".")],
    "qnap": [(None, r"photo|music|video station|qsync|qfinder|malware|helpdesk|client|app|qcenter|myqnapcloud"),
             ("saas", r"qutscloud"), ("nvr", r"surveillance|\bvs-|qvr"), ("switch", r"\bqsw|switch"),
             ("server", r".")],
    "ubiquiti": [("switch", r"edgeswitch|unifi switch|\busw|switch"), ("ip_camera", r"camera|\buvc|protect"),
                 ("nvr", r"\bnvr|video"), ("firewall", r"security gateway|\busg|dream machine|\budm"),
                 ("router", r".")],
    "mikrotik": [("switch", r"\bcrs|\bcss|switch"), ("router", r".")],
    "arubanetworks": [("switch", r"switch|\b\d{4}\b.*switch|\bcx"), ("server", r"clearpass|airwave|manager"),
                      ("router", r".")],
    "ruckuswireless": [("switch", r"\bicx|switch"), ("router", r".")],
    "cambiumnetworks": [("router", r".")], "siklu": [("router", r".")], "gotrango": [("router", r".")],
    "belden": [("switch", r"hirschmann|switch|gecko|\bmach|\brs\d|\brsp|\bbobcat|\boctopus|\bdragon|\bgreyhound|"
                          r"\bmsp|\bos\d|\bbrs|\beagle"), ("firewall", r"eagle|tofino"), ("router", r".")],
    "hirschmann": [("firewall", r"eagle|tofino"), ("switch", r".")],
    "korenix": [("switch", r".")],
    "honeywell": [
        ("workstation", r"softmaster|\btool|configurator|studio"),
        ("nvr", r"\bnvr|\bdvr|maxpro|\bhen\d|\bhrhq|\bhrg\d|\bhnmx|recorder"),
        ("printer", r"intermec|\bpc\d{2}|\bpm\d{2}|\bpd\d{2}|printer"),
        ("ip_camera", r"camera|equip|\bhdz|\bh[a-z]{1,4}\d"),
        ("access_controller", r"pro-watch|prowatch|win-pak|access|vista|intrusion|\bnetaxs|\bpw-"),
        ("hmi", r"experion (station|hs)|hmiweb|scada|hmi|display"),
        ("server", r"experion (server|pks server)|server|\bocc|\bpks|\bmx\b|uniformance|historian|"
                   r"process history|\bphd"),
        ("plc", r"experion|\bc300|\bplantcruise|safety manager|\bcontrol ?edge|\bhc900|\bmasterlogic|"
                r"\bxl ?web|falcon|controller|\bpks|\brtu"),
        ("sensor", r"sensor|transmitter|detector|\bgas|smartline|onewireless"),
        ("other", r"."),
    ],
    "johnsoncontrols": [
        ("nvr", r"exacq|victor|\bvms|video|american dynamics|\bnvr"),
        ("access_controller", r"c[•·]?cure|ccure|software house|istar|access|p2000|kantech|entrapass|intrusion|"
                              r"powerseries|dsc"),
        ("server", r"server|reporting|\badx|\bade\b|\bads\b"),
        ("workstation", r"configuration tool|\bsct\b|\btool"),
        ("plc", r"\bnae|\bnce|\bsnc|\bsne|controller|\bfx\d|\bmap|engine"),
        ("hmi", r"metasys|facility explorer|verasys|\bhmi"),
        ("other", r"."),
    ],
    "yokogawa": [("hmi", r"centum.*hmi|fast/tools|\bhis\b|stardom.*hmi|vis"),
                 ("rtu", r"stardom|\bfcn|\bfcj|\brtu"),
                 ("workstation", r"exaopc|\bens\b|engineering|prm|plant resource|automation design|exa"),
                 ("sensor", r"transmitter|analyzer|sensor|ya\d{3}|\bgc\d{4}"),
                 ("plc", r"centum|prosafe|\bfcs|\bcs \d|fa-m3|controller|\bcp\d{3}"),
                 ("other", r".")],
    "emerson": [("rtu", r"roc\d|\broc |floboss|\bfb\d{3,4}|controlwave|bristol|\brtu"),
                ("hmi", r"operator|deltav.*(operate|workstation)|\bhmi|movicon"),
                ("sensor", r"rosemount|transmitter|sensor|analyzer|gas chromatograph|flow"),
                ("plc", r"deltav|ovation|pacsystems|rx3i|controller|\bplc|\bcpu"), ("other", r".")],
    "deltaelectronics": [("workstation", r"ispsoft|wplsoft|dopsoft|commgr|pmsoft|\bsoft\b|software|editor|"
                                         r"cncsoft|diasoft|tpeditor|designer|dvpsoft|ppleditor|dtnsoft"),
                         ("server", r"diaenergie|infrasuite|server|\bems"),
                         ("hmi", r"\bdop|\bhmi|diaview"),
                         ("plc", r"\bdvp|\bas\d{3}|\bah\d{3}|plc|cpu|controller"),
                         ("other", r".")],
    "advantech": [("hmi", r"webaccess|hmi|scada|\bwebop|\btpc"),
                  ("gateway", r"\beki|\bbb-|\bicr|router|gateway|modem|\bwise-|adam-\d{4}|\bwzr|\bspectre|"
                              r"\bconel|\bie\b"),
                  ("switch", r"\beki-\d{4}|switch"),
                  ("server", r"server|\bopc|\bdevice manager|r-seenet|deviceon|\bwise-paas"),
                  ("rtu", r"adam|\brtu|\bapax|\bupc"),
                  ("plc", r"."),],
    "unitronics": [("workstation", r"visilogic|unilogic|remote operator|software|ide"), ("plc", r".")],
    "wecon": [("workstation", r"levi ?studio|pi studio|plc editor|software|editor"), ("hmi", r".")],
    "weintek": [("workstation", r"easybuilder|software"), ("hmi", r".")],
    "aveva": [("hmi", r"intouch|citect|plant scada|edge|indusoft|\bomi|operations management interface|"
                       r"hmi|scada|vijeo|wonderware"),
              ("server", r"communication drivers|drivers pack|suitelink|historian|\bpi\b|pi server|pi data|pi web|pi vision|pi interface|pi connector|"
                         r"pi system|system platform|application server|insight|enterprise|server|"
                         r"\bmes\b|batch|recipe|work tasks|asset information|e3d|mobile"),
              ("workstation", r"."),],
    "fanuc": [(None, r".")], "apsystems": [("gateway", r".")],
    "ptc": [("server", r"kepserver|kepware|thingworx|thingworx|server|opc"), (None, r".")],
    "iconics": [("hmi", r".")],
    "inductiveautomation": [("hmi", r".")],
    "eaton": [("server", r"intelligent power manager|\bipm\b|\bipp\b|foreseer|brightlayer"),
              ("smart_meter", r"meter|power xpert|\bpxm|\bpq"), ("rtu", r"relay|\bsmp|\bec\d|form \d|cooper"),
              ("hmi", r"\bxv|\bhmi|intelligent power manager|\bimpa"), ("plc", r"\bxc\d|\beasy|\bplc"),
              ("other", r".")],
    "schweitzerengineeringlaboratories": [
        ("firewall", r"3620|security gateway|firewall|\bsel-3610|\bsel-3622"),
        ("switch", r"2730|2740|\bics-?switch|switch"),
        ("server", r"\bsel-5\d{3}|\bsel-3355|\bsel-3350|\bsel-3360|\bsel-5037|grid configurator|acselerator|"
                   r"server|compass|\bteam"),
        ("rtu", r"."),
    ],
    "econolite": [("traffic_controller", r".")],
    "landisgyr": [("smart_meter", r".")], "itron": [("smart_meter", r".")],
    "binom3": [("smart_meter", r".")], "solconnect": [("smart_meter", r".")], "satel": [("smart_meter", r".")],
    "satelitberia": [("smart_meter", r".")],
    "amagtechnology": [("access_controller", r".")], "hidglobal": [("access_controller", r".")],
    "lenels2": [("access_controller", r".")], "gallagher": [("access_controller", r".")],
    "zkteco": [("access_controller", r".")], "suprema": [("access_controller", r".")],
    "fermax": [("access_controller", r".")], "paxton": [("access_controller", r".")],
    "kentix": [("sensor", r".")], "solarlog": [("sensor", r".")], "locusenergy": [("sensor", r".")],
    "mirion": [("sensor", r".")], "miriontechnologies": [("sensor", r".")],
    "smasolartechnology": [("sensor", r"webbox|sunny ?portal|data manager|cluster controller|sensor"),
                           ("other", r".")],
    "meinberg": [("server", r".")], "intellicom": [("switch", r".")],
    "intelliantech": [("router", r".")],
    "grandstream": [("ip_camera", r"\bgxv|camera"), ("gateway", r"\bht\d|\bgxw|\bucm|gateway"), (None, r".")],
    "avaya": [("gateway", r"\bg\d{3}|gateway"), ("router", r"router|\bsr\d"),
              ("switch", r"\bers|ethernet routing switch|switch|\bvsp"), ("server", r"server|aura|manager"),
              (None, r".")],
    "nortel": [("switch", r"switch|\bbaystack|\bpassport|\bers|\bbps"), ("router", r"router|\bbcm|contivity|vpn"),
               (None, r".")],
    "brocade": [("switch", r"."),],
    "f5": [("firewall", r"asm|afm|advanced firewall|access policy|\bapm|ssl orchestrator"), ("server", r".")],
    "microsoft": [(None, r"passport|sdk|library|\bapps\b"), ("saas", r"office 365|microsoft 365|online services"),
                  ("server", r"server|exchange|sharepoint|sql|\biis|internet information|hyper-v|dynamics|"
                             r"system center|forefront|isa server|biztalk|azure stack"),
                  ("workstation", r"windows (xp|vista|7|8|8\.1|10|11|rt|2000)|windows$|windows 10 \d|windows 11 \d"),
                  (None, r".")],
    "apache": [("server", r"http server|tomcat|httpd|traffic server|activemq|struts|kafka|solr|couchdb|"
                          r"cassandra|hadoop|zookeeper|airflow|superset|ofbiz|james"), (None, r".")],
    "splunk": [("saas", r"cloud"), ("server", r".")],
    "milestonesystems": [("nvr", r".")], "genetec": [("nvr", r"security center|omnicast|archiver"),
                                                     ("access_controller", r"synergis|access"), ("nvr", r".")],
    "exacqvision": [("nvr", r".")], "nuuo": [("nvr", r".")], "mirasys": [("nvr", r".")], "avigilon": [("ip_camera", r"camera"), ("nvr", r".")],
    "tridium": [("plc", r"jace|controller"), ("hmi", r".")],
    "belkin": [(None, r"wemo|smart|plug|bulb"), ("router", r".")],
    "linksys": [("switch", r"switch|\bsrw|\bslm|\blgs|\bse\d"), ("ip_camera", r"camera|\bwvc"),
                ("router", r".")],
    "trendnet": [("ip_camera", r"\btv-ip|camera"), ("switch", r"\bteg|\btpe|switch"), ("router", r".")],
    "buffalo": [("server", r"terastation|linkstation|nas|\bts\d|\bls\d"), ("router", r".")],
    "iodata": [("ip_camera", r"\bts-|camera"), ("server", r"landisk|\bhdl|nas|\bhvl"), ("router", r".")],
    "nec": [("router", r"aterm|\bix\d|\bwg\d|univerge ix"), ("gateway", r"\bsv\d|\bsl\d|aspire|pbx"),
            ("server", r"server|express5800|esmpro"), (None, r".")],
    "necaterm": [("router", r".")],
    "yamaha": [("router", r"\brtx|\bnvr\d|\brt\d|router|\bfwx"), ("switch", r"\bswx|switch"), (None, r".")],
    "zte": [("gateway", r"\bzxhn|\bf\d{3}|\bont|\bmf\d|modem|lte|\bmc\d|5g"), ("router", r"router|\bzxr"),
            ("switch", r"switch|\bzxr10 \d"), (None, r".")],
    "fiberhome": [("switch", r"s\d{4}|switch|fengine"), ("gateway", r".")],
    "tenda": [("router", r".")], "totolink": [("router", r".")], "draytek": [("router", r".")],
    "aterm": [("router", r".")], "corega": [("router", r".")], "elecom": [("router", r".")],
    "seil": [("router", r".")], "netis": [("router", r".")],
    "eltex": [("gateway", r"\btau|\bsmg|\bntp|\bntu|\brg-|gateway"), ("router", r"\besr|router"),
              ("switch", r"\bmes|switch"), ("router", r".")],
    "arubahpe": [("router", r".")],
    "qnapsystemsinc": [("server", r".")],
    "automationdirect": [("hmi", r"c-more|\bea\d|hmi|panel"), ("workstation", r"software|directsoft"),
                         ("plc", r".")],
    "fatekautomation": [("workstation", r"designer|winproladder|tool|software|fvdesigner"), ("plc", r".")],
    "idec": [("workstation", r"windldr|automation organizer|windo|software"), ("plc", r".")],
    "keyence": [("workstation", r"studio|software|viewer|replay"), ("plc", r".")],
    "opto22": [("plc", r".")], "beckhoff": [("workstation", r"twincat|software|engineering"), ("plc", r".")],
    "jtekt": [("hmi", r"gc-|hmi"), ("workstation", r"software|pcwin|toyopuc-pc|kostac"), ("plc", r".")],
    "panasonic": [("plc", r"\bfp|plc"), ("ip_camera", r"camera|\bwv-|\bbb-|\bbl-"),
                  ("nvr", r"nvr|recorder"), (None, r".")],
    "bosch": [("ip_camera", r"camera|dinion|flexidome|autodome|mic ip|\bnbn|\bndn|\bvg\d"),
              ("nvr", r"divar|\bbvms|video management|recording|vrm|\bdvr|\bnvr|video recorder"),
              ("access_controller", r"access|\bamc|\bapc|intrusion|\bb\d{4}|\bd\d{4}|control panel|\bbis"),
              (None, r".")],
    "sensormaticelectronics": [
        ("nvr", r"video|victor|\bvms|exacq"), ("ip_camera", r"illustra|camera"),
        ("access_controller", r"access|c.cure|entrapass|kantech|powermanage|istar|iostar|\bgen \d|\bkt\d|"
                              r"card reader|door"),
        ("other", r".")],
    "exacqtechnologies": [("nvr", r".")],
    "arista": [("switch", r".")], "aristanetworks": [("switch", r".")],
    "sun": [("server", r".")], "sunmicrosystems": [("server", r".")], "amazon": [("server", r"linux|ami"), (None, r".")],
}
VR_C = {k: [(t, re.compile(rx, re.I)) for t, rx in v] for k, v in VR.items()}

GENERIC: list[tuple[str, str]] = [
    ("nvr", r"\bnvr|network video recorder|\bdvr\b|video recorder|\bxvr|\bhvr\b|video management|vms server|"
            r"video encoder|video server"),
    ("ip_camera", r"camera|\bip ?cam|\bipcam|webcam|web cam|\bptz\b|video surveillance|netcam|\bdcs-\d"),
    ("traffic_controller", r"traffic (signal|controller|light)|signal controller|\bsitraffic|ramp meter|"
                           r"intersection controller|\batms\b"),
    ("server", r"management (system|software|server|suite)|\bmanager\b"),
    ("smart_meter", r"(?<!code)(?<!para)\bmeter\b|power meter|energy meter|smart meter|"
                    r"advanced metering|power quality|energy monitor"),
    ("access_controller", r"(?<!network )access control(?!.*server)|door (controller|station)|card reader|"
                          r"intercom|outdoor panel|turnstile|entry panel|door entry|alarm panel|intrusion panel|"
                          r"access controller"),
    ("printer", r"printer|print server|laserjet|multifunction|\bmfp\b|imagerunner|workcentre|phaser|"
                r"\bpjl\b|docuprint|docucentre"),
    ("firewall", r"firewall|\butm\b|security appliance|security gateway|\bngfw\b|vpn (gateway|concentrator|"
                 r"appliance|router)|access gateway|netscaler gateway|\bips\b|intrusion prevention|secure router"),
    ("server", r"opc (ua |da )?server|historian|\bpi server|scada server|\bsubstation server"),
    ("hmi", r"\bhmi\b|\bscada\b|operator (panel|terminal|station)|touch ?panel|human machine|web ?hmi|"
            r"visualization|visualisation"),
    ("workstation", r"engineering (software|tool|station|workstation)|programming (software|tool)|"
                    r"configuration (software|tool)|\bide\b|designer|ladder|configurator"),
    ("plc", r"\bplc\b|programmable (logic|automation) controller|\bpac\b|\bcpu\b|\bdcs\b|process controller|"
            r"automation controller|controller"),
    ("rtu", r"\brtu\b|remote terminal|protection relay|\bied\b|bay controller|remote i/o|\bi/o module|\brelay\b"),
    ("switch", r"switch|ethernet extender"),
    ("gateway", r"gateway|modem|cellular|\blte\b|\b3g\b|\b4g\b|\b5g\b|device server|serial server|"
                r"terminal server|protocol converter|\bata\b|\bont\b|\bcpe\b|\bm2m\b|iot gateway"),
    ("router", r"router|access point|\bwap\b|wireless|\bwlan|\bwi-?fi|\bwireless lan controller|\bmesh\b|"
               r"\bbridge\b|\bradio\b|backhaul"),
    ("sensor", r"sensor|transmitter|gas detector|flow ?meter|weather station|environmental monitor|"
               r"\bdata ?logger|\bsolar\b|\bsolar-log|\binverter|\bpv\b|radiation|\btelemetry|\bdetector"),
    ("saas", r"cloud service|cloud platform|\bsaas\b|office 365|microsoft 365|\bon cloud\b|cloud ngfw|"
             r"splunk cloud|servicenow|salesforce"),
    ("server", r"windows server|\besxi\b|vcenter|vsphere|hypervisor|\bnas\b|network attached storage|"
               r"storage|\bsan\b|\bserver\b|lights out|\bbmc\b|baseboard management|database|appliance"),
    ("workstation", r"windows (xp|vista|7|8|8\.1|10|11)|mac ?os|os x|desktop|laptop|notebook|workstation|"
                    r"thin client|industrial pc|panel pc|box pc"),
]
GENERIC_C = [(t, re.compile(rx, re.I)) for t, rx in GENERIC]

# Recog device names -> asset type (checked before the keyword rules).
RECOG_DEVICE = {
    "printer": "printer", "multifunction device": "printer", "print server": "printer", "scanner": None,
    "router": "router", "broadband router": "router", "wap": "router", "wireless controller": "router",
    "switch": "switch", "firewall": "firewall", "security appliance": "firewall", "vpn": "firewall", "ips": "firewall",
    "ip camera": "ip_camera", "web cam": "ip_camera", "dvr": "nvr", "video encoder": "nvr",
    "lights out management": "server", "hypervisor": "server", "nas": "server", "storage": "server",
    "storage appliance": "server", "media server": None, "tape library": "server",
    "desktop": "workstation", "laptop": "workstation", "thin client": "workstation",
    "plc": "plc", "industrial control": "plc", "hmi controller": "hmi", "device server": "gateway",
    "sip gateway": "gateway", "voip gateway": "gateway", "media gateway": "gateway", "cable modem": "gateway",
    "dsl modem": "gateway", "adsl modem": "gateway", "device hub": "gateway", "dslam": "router",
    "access control": "access_controller", "alarm panel": "access_controller", "sensor": "sensor",
    "environment control": "sensor", "building automation": "plc", "power device": "other", "ups": "other",
    "voip": None, "sip device": None, "video conferencing": None, "kvm": "other", "power relay": "rtu",
    "relay controller": "rtu", "network management device": None, "mobile phone": None, "tablet": None,
    "smart tv": None, "media player": None, "light bulb": None, "mobile": None, "game console": None,
    "general": None, "device": None, "appliance": None, "network appliance": None, "monitoring": None,
    "sd-wan appliance": "router", "web proxy": "firewall", "test instrument": None, "multiplexer": None,
    "wireless presenter": None, "ethernet adapter": None, "network audio": None, "media receiver": None,
    "display controller": None, "telecom": None, "support appliance": None, "point of sale": None,
    "check scanner": None, "jtag adapter": None, "voip server": None, "video decoder": "nvr",
    "audio encoder": None,
}


def classify(vendor: str, text: str, hint: str | None = None, part: str = "") -> str | None:
    vk = squash(vendor)
    if vk in SKIP_VENDORS:
        return None
    hay = f"{vendor} | {text}"
    if SKIP_RE.search(text):
        return None
    if hint is not None and hint.lower() in RECOG_DEVICE:
        t = RECOG_DEVICE[hint.lower()]
        if t is None:
            return None
        # A vendor rule may refine a recog device type (e.g. an Axis "IP Camera" that is a video encoder).
        for vt, rx in VR_C.get(vk, []):
            if rx.pattern != "." and rx.search(text):
                return vt if vt is not None and (t, vt) in {("ip_camera", "nvr"), ("router", "gateway"),
                                                             ("router", "firewall"), ("switch", "router")} else t
        return t
    if part == "a" and vk not in APP_VENDORS and vk not in ICS_VENDORS and vk not in VR_C and \
            not STRONG_APP.search(text):
        return None
    if vk in VR_C:
        rules = VR_C[vk]
        for t, rx in rules:
            # A vendor's catch-all rule is for its hardware: not for applications, nor (for vendors with a
            # varied portfolio) for CSAF product names without any model number in them.
            if rx.pattern == "." and (part == "a" or (part == "csaf" and len(rules) > 1
                                                      and not re.search(r"\d", text))):
                continue
            if rx.search(text):
                return t
        return "other" if vk in ICS_VENDORS and part != "a" else None
    for t, rx in GENERIC_C:
        if rx.search(hay):
            return t
    if part == "csaf" and re.search(r"\bsoftware\b", text, re.I) and not re.search(r"\bos\b|firmware", text, re.I):
        return "workstation"  # ICS vendor software (CSAF) runs on engineering/operator workstations
    if vk in ICS_VENDORS:
        return "other"
    return None



# --------------------------------------------------------------------------------------------------
# Candidates
# --------------------------------------------------------------------------------------------------


class Cand:
    __slots__ = ("asset_type", "vendor", "product", "model", "version", "fw", "hw", "app", "source", "score", "fixed",
                 "group", "weak")

    def __init__(self, asset_type, vendor, product, model, version, fw="", hw="", app="", source="", score=0,
                 fixed=False, group=""):
        self.asset_type = asset_type
        self.vendor = clean_text(vendor)
        self.product = clean_text(product)
        self.model = clean_text(model)
        self.version = clean_text(version)
        self.fw, self.hw, self.app = fw, hw, app
        self.source = source
        self.score = score
        self.fixed = fixed
        self.group = group or f"{self.vendor}|{self.model or self.product}"
        self.weak = False

    def key(self):
        return (self.vendor.lower(), self.product.lower(), self.model.lower(), self.version.lower())

    def rank(self):
        # Best first: affected before fixed, with CPEs, more CVEs, newer version.
        return (self.fixed, self.weak, -(1 if (self.fw or self.app) else 0), -(1 if self.hw else 0), -self.score,
                tuple((-a, -b, c) for a, b, c in vkey(self.version)), self.source)


CANDS: list[Cand] = []


def add(c: Cand) -> None:
    if not c.asset_type or not c.vendor or not c.product or not is_concrete(c.version):
        return
    if len(c.product) > 80 or len(c.model) > 80:
        return
    CANDS.append(c)


# ----- NVD ------------------------------------------------------------------------------------------

# (part, vendor, product) -> list of (cve, version, update) exact criteria / (cve, range tuple)
NVD_EXACT: dict[tuple, dict] = collections.defaultdict(lambda: collections.defaultdict(set))
NVD_RANGES: dict[tuple, list] = collections.defaultdict(list)
_SCORE_CACHE: dict[str, int] = {}
_INSIDE_CACHE: dict[tuple, list] = {}
NVD_SEEN: dict[tuple, set] = collections.defaultdict(set)  # concrete (version, update) named anywhere


def nvd_items():
    files = sorted(glob.glob(os.path.join(DATA, "nvd", "feeds-1.1", "*.json.gz")))
    files += sorted(glob.glob(os.path.join(DATA, "nvd", "subsets", "*.json.gz")))
    seen = set()
    for f in files:
        with gzip.open(f, "rt", encoding="utf-8") as fh:
            doc = json.load(fh)
        for it in doc["CVE_Items"]:
            cid = it["cve"]["CVE_data_meta"]["ID"]
            # The "modified" and "recent" feeds repeat some yearly items: keep the first seen.
            if cid in seen:
                continue
            seen.add(cid)
            yield cid, it["configurations"].get("nodes", [])


def match_bounds(m: dict):
    return (m.get("versionStartIncluding") or m.get("versionStartExcluding"),
            "versionStartIncluding" in m,
            m.get("versionEndIncluding") or m.get("versionEndExcluding"),
            "versionEndIncluding" in m)


def is_range(m: dict) -> bool:
    return any(k in m for k in ("versionStartIncluding", "versionStartExcluding", "versionEndIncluding",
                                "versionEndExcluding"))


def concrete_versions(m: dict) -> list[tuple[str, str, str]]:
    """(cpe version, cpe update, kind) of one cpe_match that the data itself names.

    kind: "exact" (the criterion's own version), "bound" (an inclusive range bound), "seen" (another version of
    the same CPE product named elsewhere in NVD that lies inside the range) or "fixed" (the exclusive upper bound,
    the first fixed version; used only when nothing else is known)."""
    p = cpe_split(m["cpe23Uri"])
    ver, upd = p[5], p[6]
    key = (p[2], p[3], p[4])
    if not is_range(m):
        if ver not in ("*", "-", ""):
            return [(ver, upd, "exact")]
        if ver == "-" and upd not in ("*", "-", ""):
            return [(ver, upd, "exact")]
        return []
    start, s_incl, end, e_incl = match_bounds(m)
    out = []
    if end and e_incl:
        out.append((cpe_escape(end.lower()), "*", "bound"))
    if start and s_incl and start not in ("0", "0.0"):
        out.append((cpe_escape(start.lower()), "*", "bound"))
    if not out:
        # Other versions of the same product named elsewhere in NVD that lie inside the range.
        ck = (key, start, s_incl, end, e_incl)
        if ck not in _INSIDE_CACHE:
            inside = [(v, u) for v, u in NVD_SEEN.get(key, ()) if u in ("*", "-")
                      and in_range(cpe_unescape(v), start, s_incl, end, e_incl)]
            inside.sort(key=lambda vu: (vkey(cpe_unescape(vu[0])), vu), reverse=True)
            _INSIDE_CACHE[ck] = inside[:4]
        out.extend((v, u, "seen") for v, u in _INSIDE_CACHE[ck])
    if not out and end and not e_incl and is_concrete(end):
        out.append((cpe_escape(end.lower()), "*", "fixed"))
    return out


def display_version(ver: str, upd: str) -> str:
    v = cpe_unescape(ver)
    u = cpe_unescape(upd)
    if v in ("-", "*"):
        return u.upper() if u not in ("*", "-") else ""
    if u in ("*", "-", ""):
        return v
    if re.match(r"^d\d", u) and re.search(r"x\d+$", v):
        return f"{v.upper()}-{u.upper()}"  # Junos service releases: 15.1X49-D100
    if re.match(r"^[a-z]", u) and re.search(r"\d$", v):
        return f"{v.upper()}{u.upper()}" if re.match(r"^r\d", u) or len(u) <= 3 else f"{v} {u}"
    return f"{v} {u}"


def nvd_score(cpe: str) -> int:
    """How many NVD CVEs have a vulnerable criterion (exact or range) that this concrete CPE satisfies."""
    if cpe in _SCORE_CACHE:
        return _SCORE_CACHE[cpe]
    p = cpe_split(cpe)
    key = (p[2], p[3], p[4])
    v, u = p[5], p[6]
    hits = set()
    exact = NVD_EXACT.get(key, {})
    if u == "*":
        for (ev, eu), cves in exact.items():
            if ev == v:
                hits |= cves
    else:
        hits |= exact.get((v, u), set()) | exact.get((v, "*"), set())
    if u in ("*", "-") and v not in ("*", "-"):
        for cve, (s, si, e, ei) in NVD_RANGES.get(key, ()):
            if cve not in hits and in_range(cpe_unescape(v), s, si, e, ei):
                hits.add(cve)
    _SCORE_CACHE[cpe] = len(hits)
    return len(hits)


# Asset types an application CPE (`a:`) may describe.
APP_TYPES = {"server", "workstation", "hmi", "saas", "nvr", "smart_meter", "traffic_controller", "access_controller",
             "sensor"}


def load_nvd():
    configs = []
    for cid, nodes in nvd_items():
        configs.append((cid, nodes))

        def index(n):
            for m in n.get("cpe_match", []):
                p = cpe_split(m["cpe23Uri"])
                key = (p[2], p[3], p[4])
                if is_range(m):
                    if m.get("vulnerable"):
                        NVD_RANGES[key].append((cid, match_bounds(m)))
                    for b in ("versionEndExcluding", "versionEndIncluding", "versionStartIncluding",
                              "versionStartExcluding"):
                        if m.get(b) and is_concrete(m[b]):
                            NVD_SEEN[key].add((cpe_escape(m[b].lower()), "*"))
                else:
                    if m.get("vulnerable") and p[5] not in ("*",):
                        NVD_EXACT[key][(p[5], p[6])].add(cid)
                    if p[5] not in ("*", "-", ""):
                        NVD_SEEN[key].add((p[5], p[6]))
            for ch in n.get("children", []):
                index(ch)

        for n in nodes:
            index(n)

    pairs = {}  # (fw cpe, hw cpe) -> (first cve, kind)
    singles = {}  # fw/app cpe -> (first cve, kind)

    def leaf_matches(n):
        out = list(n.get("cpe_match", []))
        for ch in n.get("children", []):
            out.extend(leaf_matches(ch))
        return out

    for cid, nodes in configs:
        for n in nodes:
            if n.get("operator") == "AND":
                ms = leaf_matches(n)
                os_ = [m for m in ms if cpe_split(m["cpe23Uri"])[2] == "o" and m.get("vulnerable")]
                hs = [m for m in ms if cpe_split(m["cpe23Uri"])[2] == "h"]
                apps = [m for m in ms if cpe_split(m["cpe23Uri"])[2] == "a" and m.get("vulnerable")]
                if os_ and hs:
                    hprods = {cpe_split(h["cpe23Uri"])[4] for h in hs}
                    for h in hs:
                        hp = cpe_split(h["cpe23Uri"])
                        if hp[5] not in ("*", "-"):
                            continue  # versioned hardware: the old feeds' catch-all lists, skip
                        same = [o for o in os_ if cpe_split(o["cpe23Uri"])[3] == hp[3]]
                        exact = [o for o in same if strip_fw(cpe_split(o["cpe23Uri"])[4]) == hp[4]
                                 or cpe_split(o["cpe23Uri"])[4] == hp[4]]
                        # A firmware named after this hardware is a strong pairing; a generic OS listed with a
                        # handful of hardware models too. A generic OS paired with a long list of hardware (Cisco
                        # IOS with every platform) is a weak one: kept, but ranked after strong pairings.
                        strong = bool(exact) or len(hprods) <= 8
                        if not exact:
                            exact = [o for o in same if strip_fw(cpe_split(o["cpe23Uri"])[4]) not in hprods]
                        for o in exact:
                            for ver, upd, kind in concrete_versions(o):
                                fw = cpe_join(cpe_split(o["cpe23Uri"])[:5] + [ver, upd] + cpe_split(o["cpe23Uri"])[7:])
                                hw = cpe_join(hp[:5] + ["-"] + hp[6:])
                                prev = pairs.get((fw, hw))
                                if prev is None or (strong and not prev[2]):
                                    pairs[(fw, hw)] = (cid, kind, strong)
                elif apps:
                    for m in apps:
                        for ver, upd, kind in concrete_versions(m):
                            p = cpe_split(m["cpe23Uri"])
                            singles.setdefault(cpe_join(p[:5] + [ver, upd] + p[7:]), (cid, kind, True))
            else:
                for m in leaf_matches(n):
                    p = cpe_split(m["cpe23Uri"])
                    if not m.get("vulnerable") or p[2] not in ("o", "a"):
                        continue
                    for ver, upd, kind in concrete_versions(m):
                        singles.setdefault(cpe_join(p[:5] + [ver, upd] + p[7:]), (cid, kind, True))

    paired_fw_products = set()
    for (fw, hw), (cid, kind, strong) in sorted(pairs.items()):
        fp, hp = cpe_split(fw), cpe_split(hw)
        vendor = vendor_display(fp[3])
        fprod = strip_fw(fp[4])
        product = humanize(fprod)
        model = humanize(hp[4])
        version = display_version(fp[5], fp[6])
        if re.fullmatch(r"\d{4}a[0-9a-z]{3}", hp[4]):
            continue  # bare part numbers (HP/H3C) say nothing about the device
        text = f"{humanize(fp[4])} | {model}"
        t = classify(vendor, text, part="o")
        paired_fw_products.add((fp[3], fp[4]))
        score = nvd_score(fw)
        fixed = kind == "fixed" and score == 0
        c = Cand(t, vendor, product, model, version, fw=fw, hw=hw, source=f"nvd:{cid}" + (":fixed" if fixed else ""),
                 score=score, fixed=fixed, group=f"{vendor}|{model}")
        c.weak = not strong
        add(c)
    for cpe, (cid, kind, _) in sorted(singles.items()):
        p = cpe_split(cpe)
        if p[2] == "o" and (p[3], p[4]) in paired_fw_products and p[4].endswith("_firmware"):
            continue  # the paired rows describe this firmware better
        vendor = vendor_display(p[3])
        product = humanize(strip_fw(p[4]))
        version = display_version(p[5], p[6])
        t = classify(vendor, humanize(p[4]), part=p[2])
        if t is None:
            continue
        if p[2] == "a" and t not in APP_TYPES and squash(vendor) not in ICS_VENDORS:
            continue
        fw = cpe if p[2] == "o" else ""
        app = cpe if p[2] == "a" else ""
        score = nvd_score(cpe)
        fixed = kind == "fixed" and score == 0
        add(Cand(t, vendor, product, product, version, fw=fw, app=app, source=f"nvd:{cid}" + (":fixed" if fixed else ""),
                 score=score, fixed=fixed, group=f"{vendor}|{product}"))


# ----- CISA ICS CSAF --------------------------------------------------------------------------------

ORDER_NO = re.compile(r"\(([0-9A-Z]{3,5}[0-9A-Z]*-[0-9A-Z][0-9A-Z\-./]{3,}[0-9A-Z])\)")
NAME_VERSION = re.compile(r"\s+V(\d+(?:\.\d+)*(?:\s?(?:SP|Update|Upd\.?)\s?\d+)?)$", re.I)


def parse_csaf_version(s: str):
    """Return (affected versions, fixed versions, all-versions flag, range list) of a CSAF branch name."""
    s = clean_text(s)
    s = re.sub(r"^vers:[a-z]+/", "", s)
    s = re.sub(r"^(all\s+versions|all\s+version|versions?|firmware( versions?)?|fw)\s*", "", s, flags=re.I).strip()
    affected, fixed, ranges = [], [], []
    if s in ("", "*") or s.lower() in ("all", "all versions"):
        return affected, fixed, True, ranges
    parts = [p.strip() for p in s.split("|")]
    lo = hi = None
    lo_incl = hi_incl = False
    rng = False
    for p in parts:
        m = re.match(r"^(<=|>=|<|>)\s*(.+)$", p)
        if m:
            rng = True
            op, v = m.group(1), m.group(2).strip()
            v = re.sub(r"^[vV]\s+(?=\d)", "V", v)
            if op == "<=":
                hi, hi_incl = v, True
                if is_concrete(v):
                    affected.append(v)
            elif op == "<":
                hi, hi_incl = v, False
                if is_concrete(v):
                    fixed.append(v)
            elif op == ">=":
                lo, lo_incl = v, True
                if is_concrete(v) and not re.fullmatch(r"[vV]?0(\.0)*", v):
                    affected.append(v)
            else:
                lo, lo_incl = v, False
        else:
            m = re.match(r"^(\S+)\s+-\s+(\S+)$", p)
            for v in (m.groups() if m else [p]):
                if is_concrete(v):
                    affected.append(v)
    if rng:
        ranges.append((lo if lo and is_concrete(lo) else None, lo_incl, hi if hi and is_concrete(hi) else None,
                       hi_incl))
    # Bare five-digit numbers are serial-number prefixes (Mitsubishi MELSEC Q), not firmware versions.
    serial = re.compile(r"\d{5}")
    if any(serial.fullmatch(v) for v in affected + fixed):
        return [], [], False, []
    return affected, fixed, False, ranges


def csaf_product_fields(name: str, helper: dict | None):
    name = clean_text(name)
    model = ""
    if helper and helper.get("model_numbers"):
        model = clean_text(helper["model_numbers"][0])
    m = ORDER_NO.search(name)
    if m:
        model = model or m.group(1)
        name = clean_text(name[:m.start()] + name[m.end():])
    name = re.sub(r"\s*\(incl\.? SIPLUS( NET)? variants?\)", "", name, flags=re.I)
    name = re.sub(r"\s+(all references|all versions|all series|all models|with firmware|firmware|versions?)$", "",
                  name, flags=re.I)
    name = re.sub(r"\s*\((EOL|end of life)\)", "", name, flags=re.I)
    return name, (model or name)


def load_csaf():
    rows = []  # (vendor, product, model, advisory id, affected list, fixed list, all flag, ranges, name version)
    for f in sorted(glob.glob(os.path.join(DATA, "csaf", "cisa-ics", "*", "*.json"))):
        with open(f, encoding="utf-8") as fh:
            doc = json.load(fh)
        adv = doc.get("document", {}).get("tracking", {}).get("id") or os.path.basename(f)[:-5].upper()
        if adv.upper().startswith("ICSMA"):
            continue  # medical device advisories: not city infrastructure
        title = doc.get("document", {}).get("title", "")

        def walk(b, vendor, pname):
            cat = b.get("category")
            if cat == "vendor":
                vendor = b.get("name", "")
            elif cat == "product_name":
                pname = b.get("name", "")
            if cat in ("product_version", "product_version_range") and vendor and pname and \
                    not re.search(r"serial|digits|production", pname, re.I):
                helper = b.get("product", {}).get("product_identification_helper")
                product, model = csaf_product_fields(pname, helper)
                aff, fix, allv, rng = parse_csaf_version(b.get("name", ""))
                if cat == "product_version" and not aff and not fix and not allv and is_concrete(b.get("name", "")):
                    aff = [b["name"]]
                m = re.search(r"\b(SEL-\w+)", title)
                if re.fullmatch(r"R\d{3}", product) and m:
                    # SEL firmware revisions listed as products ("R118" ">=V0|<=V3" of an SEL-411L advisory).
                    aff = [f"{product}-{v}" for v in aff if re.fullmatch(r"V\d+", v)]
                    fix, allv, rng = [], False, []
                    product = model = m.group(1)
                cpe = (helper or {}).get("cpe", "")
                rows.append((vendor_display(vendor), product, model, adv, aff, fix, allv, rng, cpe, title))
            for c in b.get("branches", []):
                walk(c, vendor, pname)

        for b in doc.get("product_tree", {}).get("branches", []):
            walk(b, "", "")

    # Every concrete version the CSAF data names for a product (affected, inclusive bounds, fixed versions).
    seen = collections.defaultdict(set)
    for vendor, product, model, adv, aff, fix, allv, rng, cpe, _ in rows:
        for v in aff + fix:
            seen[(vendor, product)].add(v)
    # CSAF "index": which advisories cover which version of a product, to rank versions.
    cover = collections.defaultdict(list)
    for vendor, product, model, adv, aff, fix, allv, rng, cpe, _ in rows:
        cover[(vendor, product)].append((adv, aff, allv, rng))

    def csaf_score(vendor, product, v):
        hits = set()
        for adv, aff, allv, rng in cover[(vendor, product)]:
            if allv or any(vkey(a) == vkey(v) for a in aff) or any(in_range(v, *r) for r in rng):
                hits.add(adv)
        return len(hits)

    for vendor, product, model, adv, aff, fix, allv, rng, cpe, title in rows:
        hay = f"{product} | {model}"
        t = classify(vendor, hay, part="csaf")
        if t in (None, "other") and title:
            # The advisory title often names the device class ("... IP cameras", "... door controllers").
            t2 = classify(vendor, f"{hay} | {title}", part="csaf")
            if t2 not in (None, "other") or (t is None and t2 is not None):
                t = t2
        if t is None:
            continue
        versions = list(aff)
        fixed = False
        if not versions:
            cands = sorted(seen[(vendor, product)], key=vkey, reverse=True)
            if allv:
                m = NAME_VERSION.search(product)
                versions = [("V" + m.group(1))] if m else cands[:3]
            elif rng:
                versions = [v for v in cands if any(in_range(v, *r) for r in rng)][:3]
        from_fix = False
        if not versions and fix:
            versions, from_fix = fix[:1], True
        for v in versions:
            score = csaf_score(vendor, product, v)
            # A first-fixed version may still lie inside another advisory's range for the same product.
            fixed = from_fix and score == 0
            fw = app = ""
            if cpe:
                p = cpe_split(cpe)
                if p[2] == "o":
                    fw = cpe
                elif p[2] == "a":
                    app = cpe
            add(Cand(t, vendor, product, model, v, fw=fw, app=app,
                     source=f"csaf:{adv}" + (":fixed" if fixed else ""), score=score, fixed=fixed,
                     group=f"{vendor}|{model}"))


# ----- CVE JSON 5 (Vulnrichment) ----------------------------------------------------------------------


def load_cve5():
    path = os.path.join(DATA, "cve5", "vulnrichment-cve5-sample.shared.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        recs = [json.loads(line) for line in fh if line.strip()]
    recs.sort(key=lambda r: r["cveMetadata"]["cveId"])
    for r in recs:
        cid = r["cveMetadata"]["cveId"]
        adp_aff = [a for ad in r["containers"].get("adp", []) for a in ad.get("affected", [])]
        hw_cpes = {}
        for a in adp_aff:
            for c in a.get("cpes", []):
                p = cpe_split(c)
                if p[2] == "h":
                    hw_cpes[p[4]] = cpe_join(p[:5] + ["-"] + p[6:])
        for a in adp_aff:
            for c in a.get("cpes", []):
                p = cpe_split(c)
                if p[2] not in ("o", "a"):
                    continue
                versions = []
                if p[5] not in ("*", "-", ""):
                    versions.append(cpe_unescape(p[5]))
                else:
                    for v in a.get("versions", []):
                        if v.get("status") != "affected":
                            continue
                        le = v.get("lessThanOrEqual")
                        if le and is_concrete(le):
                            versions.append(le)
                        base = v.get("version", "")
                        if is_concrete(base) and not re.fullmatch(r"0(\.0)*", base) and \
                                (not v.get("lessThan") or vkey(base) < vkey(v["lessThan"])):
                            versions.append(base)
                if not versions:
                    continue
                vendor = vendor_display(p[3])
                prod = strip_fw(p[4]) if p[2] == "o" else p[4]
                hw = hw_cpes.get(prod, "")
                product = humanize(prod)
                model = humanize(cpe_split(hw)[4]) if hw else product
                t = classify(vendor, f"{humanize(p[4])} | {model}", part=p[2])
                if t is None or (p[2] == "a" and t not in APP_TYPES and squash(vendor) not in ICS_VENDORS):
                    continue
                for v in dict.fromkeys(versions):
                    cpe = c if p[5] not in ("*", "-", "") else cpe_with_version(c, v)
                    add(Cand(t, vendor, product, model, v, fw=cpe if p[2] == "o" else "",
                             hw=hw if p[2] == "o" else "", app=cpe if p[2] == "a" else "",
                             source=f"cve5:{cid}", score=max(1, nvd_score(cpe)), group=f"{vendor}|{model}"))


# ----- Recog -----------------------------------------------------------------------------------------


GENERIC_OS = {"linux", "embedded linux", "vxworks", "unix", "threadx", "nucleus", "freertos", "ecos", "qnx",
              "windows", "freebsd", "netbsd", "openbsd", "busybox", "uclinux", "montavista linux"}


def load_recog():
    for f in sorted(glob.glob(os.path.join(DATA, "fingerprints", "recog", "*.xml"))):
        base = os.path.basename(f)
        root = ET.parse(f).getroot()
        for fp in root.iter("fingerprint"):
            fixed, pos = {}, {}
            for p in fp.iter("param"):
                name = p.get("name")
                if p.get("pos", "0") == "0":
                    fixed[name] = p.get("value", "")
                else:
                    pos[name] = p.get("pos")
            for ex in fp.iter("example"):
                vals = dict(fixed)
                for k, v in ex.attrib.items():
                    if k != "_encoding":
                        vals[k] = v
                for pref in ("hw", "os"):
                    vendor = vals.get(f"{pref}.vendor")
                    device = vals.get(f"{pref}.device") or vals.get("hw.device") or vals.get("os.device")
                    product = vals.get(f"{pref}.product")
                    version = vals.get(f"{pref}.version") or (vals.get("os.version") if pref == "hw" else None)
                    if not vendor or not product or not version or not is_concrete(version):
                        continue
                    if "{" in product or "$" in product:
                        continue
                    if product.lower() in GENERIC_OS and not vals.get("hw.product"):
                        continue

                    def subst(tpl):
                        if not tpl:
                            return ""
                        out = re.sub(r"\{([\w.]+)\}", lambda m: vals.get(m.group(1), "\0"), tpl)
                        if "\0" in out:
                            return ""
                        return cpe22_to_23(out) or ""

                    os_cpe = subst(vals.get("os.cpe23", ""))
                    hw_cpe = subst(vals.get("hw.cpe23", ""))
                    if os_cpe and cpe_split(os_cpe)[5] in ("*", "-"):
                        os_cpe = ""
                    model = vals.get("hw.product") or product
                    if pref == "os" and vals.get("hw.product"):
                        product = vals.get("os.product")
                    t = classify(vendor_display(vendor), f"{product} | {model} | {vals.get('os.family', '')}",
                                 hint=device)
                    if t is None:
                        continue
                    add(Cand(t, vendor_display(vendor), product, model, version, fw=os_cpe, hw=hw_cpe,
                             source=f"recog:{base}", score=nvd_score(os_cpe) if os_cpe else 0,
                             group=f"{vendor_display(vendor)}|{model}"))
                    break  # hw.* and os.* describe the same device: one row per example


# --------------------------------------------------------------------------------------------------
# Curation
# --------------------------------------------------------------------------------------------------


def family(c: Cand) -> str:
    toks = [t for t in re.split(r"[\s\-_/().,]+", (c.model or c.product).lower()) if t]
    if not toks:
        return ""
    if len(toks) > 1 and toks[0].isalpha() and len(toks[0]) > 2:
        return f"{toks[0]} {toks[1][:2]}"
    return re.sub(r"\d.*$", "", toks[0]) or toks[0][:3]


def canonical_vendors(cands: list[Cand]) -> None:
    """One spelling per vendor: the VENDOR_NAMES entry, else the most frequent mixed-case spelling."""
    spellings: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for c in cands:
        spellings[squash(c.vendor)][c.vendor] += 1
    pick = {}
    for key, cnt in spellings.items():
        if key in VENDOR_NAMES:
            pick[key] = VENDOR_NAMES[key]
        else:
            pick[key] = sorted(cnt.items(), key=lambda kv: (kv[0] == kv[0].lower() or kv[0] == kv[0].title(),
                                                            -kv[1], kv[0]))[0][0]
    for c in cands:
        name = pick[squash(c.vendor)]
        if name != c.vendor:
            c.group = name + c.group[len(c.vendor):]
            c.vendor = name


def curate(cands: list[Cand]) -> list[Cand]:
    canonical_vendors(cands)
    best: dict[tuple, Cand] = {}
    for c in cands:
        k = c.key()
        if k not in best or c.rank() < best[k].rank():
            best[k] = c
    by_type: dict[str, list[Cand]] = collections.defaultdict(list)
    for c in best.values():
        by_type[c.asset_type].append(c)
    chosen = []
    for t in ASSET_TYPES:
        items = by_type.get(t, [])
        # vendor -> group -> versions (best first); a group that has affected rows drops its fixed rows.
        vendors: dict[str, dict[str, list[Cand]]] = collections.defaultdict(lambda: collections.defaultdict(list))
        for c in items:
            vendors[c.vendor][c.group.lower()].append(c)
        queues = {}
        for v, groups in vendors.items():
            ordered = []
            for g, cs in groups.items():
                cs.sort(key=Cand.rank)
                if any(not c.fixed for c in cs):
                    cs = [c for c in cs if not c.fixed]
                if any(not c.weak for c in cs):
                    cs = [c for c in cs if not c.weak]
                ordered.append((cs[0].rank(), g, cs[:MAX_VERSIONS_PER_MODEL]))
            ordered.sort(key=lambda x: (x[0], x[1]))
            # Interleave product families so one vendor's picks are not all variants of one line.
            fams: dict[str, list] = collections.defaultdict(list)
            for item in ordered:
                fams[family(item[2][0])].append(item)
            fam_order = sorted(fams, key=lambda f: (fams[f][0][0], f))
            inter = []
            for i in range(max(len(x) for x in fams.values())):
                for f in fam_order:
                    if i < len(fams[f]):
                        inter.append(fams[f][i])
            # First every group's best version, then second versions, ...
            q = []
            for i in range(MAX_VERSIONS_PER_MODEL):
                for _, g, cs in inter:
                    if i < len(cs):
                        q.append(cs[i])
            queues[v] = q
        vorder = sorted(queues, key=lambda v: (-len(queues[v]), v.lower()))
        quota = QUOTA[t]
        # No vendor takes more than a fifth of a type's rows while others still have candidates.
        cap = max(6, quota // 5)
        picked_set: set = set()
        picked = []
        taken = {v: 0 for v in vorder}
        taken_fixed = {v: 0 for v in vorder}
        # Passes: affected versions under the per-vendor cap; a few first-fixed versions per vendor (so that
        # vendors whose affected versions the data never names still appear); affected versions beyond the cap;
        # then weak hardware pairings and the remaining fixed versions.
        small = max(3, quota // 40)

        def tier(c: Cand) -> str:
            return "fixed" if c.fixed else ("weak" if c.weak else "good")

        passes = (("good", cap), ("fixed", small), ("good", None), ("weak", cap), ("fixed", cap), ("weak", None),
                  ("fixed", None))
        for want, limit in passes:
            allow_fixed = want == "fixed"
            qs = {v: [c for c in queues[v] if tier(c) == want] for v in vorder}
            idx = {v: 0 for v in vorder}
            while len(picked) < quota:
                progressed = False
                for v in vorder:
                    if len(picked) >= quota:
                        break
                    # Bigger vendors get proportionally more per round (sqrt of their candidate count).
                    share = max(1, int(len(queues[v]) ** 0.5 / 4))
                    for _ in range(share):
                        while idx[v] < len(qs[v]) and id(qs[v][idx[v]]) in picked_set:
                            idx[v] += 1
                        used = taken_fixed[v] if allow_fixed else taken[v]
                        if idx[v] < len(qs[v]) and len(picked) < quota and (limit is None or used < limit):
                            picked.append(qs[v][idx[v]])
                            picked_set.add(id(qs[v][idx[v]]))
                            idx[v] += 1
                            if allow_fixed:
                                taken_fixed[v] += 1
                            else:
                                taken[v] += 1
                            progressed = True
                if not progressed:
                    break
        chosen.extend(picked)
    chosen.sort(key=lambda c: (ASSET_TYPES.index(c.asset_type), c.vendor.lower(), c.product.lower(),
                               c.model.lower(), vkey(c.version), c.version))
    return chosen


def main() -> None:
    load_nvd()
    load_csaf()
    load_cve5()
    load_recog()
    rows = curate(CANDS)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(COLUMNS) + "\n")
        for c in rows:
            vals = [c.asset_type, c.vendor, c.product, c.model, c.version, c.fw, c.hw, c.app, c.source]
            f.write("\t".join(v.replace("\t", " ").replace("\n", " ") for v in vals) + "\n")
    counts = collections.Counter(c.asset_type for c in rows)
    total = collections.Counter(c.asset_type for c in CANDS)
    print(f"wrote {OUT}: {len(rows)} rows, {os.path.getsize(OUT)} bytes")
    for t in ASSET_TYPES:
        print(f"  {t:20s} {counts.get(t, 0):5d}  (candidates {total.get(t, 0)})")


if __name__ == "__main__":
    main()
