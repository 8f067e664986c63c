//! Filling gaps in a parsed [`AssetRecord`] from the embedded reference
//! data: the MAC vendor from the IEEE registry ([`super::oui`]) and device
//! identity from service banners via Recog ([`super::recog`]).
//!
//! Enrichment only fills what is missing; it never overwrites what the
//! source said. The banners it looks at, per open port:
//!
//! | source | Recog database |
//! |---|---|
//! | script `banner` on an SSH port (after `SSH-2.0-`) | `ssh_banners` |
//! | script `banner` on an FTP port (after the `220` code) | `ftp_banners` |
//! | script `banner` on a Telnet port | `telnet_banners` |
//! | script `http-title` (first line) | `html_title` |
//! | script `http-server-header`, `Server:` line of `http-headers` | `http_servers` |
//! | `WWW-Authenticate:` line of `http-headers` | `http_wwwauth` |
//! | script `snmp-sysdescr` (first line) | `snmp_sysdescr` |
//! | script `rtsp-methods`/`banner` on RTSP, `Server:` line | `rtsp_servers` |
//! | nmap service `ssh` product/version (`OpenSSH` `7.4`) → `OpenSSH_7.4` | `ssh_banners` |
//! | nmap service `http` product/version (`Apache httpd` `2.4.1`) → `Apache/2.4.1` | `http_servers` |

use super::record::{AssetRecord, AssetType, OpenPort, OsMatch};
use super::syntax::normalize_cpe;
use super::{oui, recog};

/// One banner that Recog recognised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identification {
    /// Port the banner came from.
    pub port: u16,
    /// Embedded Recog database that matched.
    pub db: &'static str,
    /// The banner as matched.
    pub banner: String,
    /// The match.
    pub matched: recog::RecogMatch,
}

fn first_line(s: &str) -> &str {
    s.trim().lines().next().unwrap_or("").trim()
}

/// Value of `Name:` among header lines (case-insensitive).
fn header_value<'a>(headers: &'a str, name: &str) -> Option<&'a str> {
    headers.lines().find_map(|l| {
        let l = l.trim();
        let (k, v) = l.split_once(':')?;
        k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

fn is_service(port: &OpenPort, names: &[&str], ports: &[u16]) -> bool {
    port.service
        .as_deref()
        .is_some_and(|s| names.iter().any(|n| s.eq_ignore_ascii_case(n)))
        || ports.contains(&port.port)
}

/// The (database, banner) pairs to try for one port.
fn banners(port: &OpenPort) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    let ssh = is_service(port, &["ssh"], &[22]);
    let ftp = is_service(port, &["ftp"], &[21]);
    let telnet = is_service(port, &["telnet"], &[23]);
    let rtsp = is_service(port, &["rtsp"], &[554]);
    for s in &port.scripts {
        let o = s.output.trim();
        match s.id.as_str() {
            "banner" if ssh => {
                let b = first_line(o);
                let b = b
                    .strip_prefix("SSH-2.0-")
                    .or_else(|| b.strip_prefix("SSH-1.99-"))
                    .unwrap_or(b);
                out.push(("ssh_banners", b.to_owned()));
            }
            "banner" if ftp => {
                let b = first_line(o);
                let b = b
                    .get(..3)
                    .filter(|c| c.bytes().all(|d| d.is_ascii_digit()))
                    .map_or(b, |_| b[3..].trim_start_matches(['-', ' ']));
                out.push(("ftp_banners", b.to_owned()));
            }
            "banner" if telnet => out.push(("telnet_banners", o.to_owned())),
            "banner" | "rtsp-methods" if rtsp => {
                if let Some(v) = header_value(o, "Server") {
                    out.push(("rtsp_servers", v.to_owned()));
                }
            }
            "http-title" => {
                let t = first_line(o);
                if !t.is_empty() && !t.starts_with("Site doesn't have a title") {
                    out.push(("html_title", t.to_owned()));
                }
            }
            "http-server-header" => out.push(("http_servers", first_line(o).to_owned())),
            "http-headers" => {
                if let Some(v) = header_value(o, "Server") {
                    out.push(("http_servers", v.to_owned()));
                }
                if let Some(v) = header_value(o, "WWW-Authenticate") {
                    out.push(("http_wwwauth", v.to_owned()));
                }
            }
            "snmp-sysdescr" => out.push(("snmp_sysdescr", first_line(o).to_owned())),
            _ => {}
        }
    }
    if let Some(product) = port.product.as_deref() {
        let version = port.version.as_deref().unwrap_or("");
        if ssh && product == "OpenSSH" && !version.is_empty() {
            out.push(("ssh_banners", format!("OpenSSH_{version}")));
        } else if is_service(port, &["http", "https", "http-proxy"], &[]) {
            let server = match product {
                "Apache httpd" => "Apache".to_owned(),
                "Microsoft IIS httpd" => "Microsoft-IIS".to_owned(),
                p => p.trim_end_matches(" httpd").replace(' ', "-"),
            };
            let mut banner = if version.is_empty() {
                server
            } else {
                format!("{server}/{version}")
            };
            match port.extra_info.as_deref() {
                Some(extra) if extra.starts_with('(') => banner.push_str(&format!(" {extra}")),
                Some(extra) => banner.push_str(&format!(" ({extra})")),
                None => {}
            }
            out.push(("http_servers", banner));
        }
    }
    out.retain(|(_, b)| !b.is_empty());
    out
}

/// Every banner of `record` that an embedded Recog database recognises.
pub fn identify_banners(record: &AssetRecord) -> Vec<Identification> {
    let mut found = Vec::new();
    for port in &record.open_ports {
        for (db, banner) in banners(port) {
            if let Some(matched) = recog::match_banner(db, &banner) {
                found.push(Identification {
                    port: port.port,
                    db,
                    banner,
                    matched,
                });
            }
        }
    }
    found
}

/// Map a Recog (`hw.device`, `os.device`) or nmap (`osclass/@type`) device
/// type to an [`AssetType`].
pub fn asset_type_from_device(device: &str) -> Option<AssetType> {
    let t = match device.to_ascii_lowercase().as_str() {
        "ip camera" | "web cam" | "webcam" | "video encoder" => AssetType::IpCamera,
        "dvr" | "nvr" => AssetType::Nvr,
        "router" | "broadband router" | "sd-wan appliance" | "vpn" => AssetType::Router,
        "switch" => AssetType::Switch,
        "firewall" | "security appliance" | "ips" => AssetType::Firewall,
        "printer" | "multifunction device" | "print server" => AssetType::Printer,
        "wap"
        | "wireless controller"
        | "sip gateway"
        | "voip gateway"
        | "media gateway"
        | "dsl modem"
        | "device server" => AssetType::Gateway,
        "plc" | "industrial control" | "relay controller" => AssetType::Plc,
        "hmi controller" | "hmi" => AssetType::Hmi,
        "sensor" | "environment control" => AssetType::Sensor,
        "access control" => AssetType::AccessController,
        "nas" | "storage" | "storage appliance" | "storage-misc" | "hypervisor" | "tape library" => AssetType::Server,
        "desktop" | "laptop" | "thin client" => AssetType::Workstation,
        _ => return None,
    };
    Some(t)
}

/// Fill missing fields of `record` from the embedded reference data, and
/// return the banner identifications used as evidence:
///
/// - `vendor`: Recog `hw.vendor` from a banner, else the IEEE registry
///   owner of the MAC address;
/// - `product`, `model`, `serial_number`: Recog `hw.product`, `hw.model`,
///   `hw.serial_number`;
/// - `firmware_version`: Recog `hw.version`, else `os.version` when the
///   banner identified a dedicated device (`hw.device` set);
/// - `asset_type`: from Recog's `hw.device`/`os.device`, else from the best
///   nmap OS class (accuracy ≥ 90) — see [`asset_type_from_device`];
/// - `cpes`: Recog `hw.cpe23`/`os.cpe23` added (deduplicated); each port
///   gains the `service.cpe23` of its own banner;
/// - `os_matches`: Recog's OS when there is none.
pub fn enrich(record: &mut AssetRecord) -> Vec<Identification> {
    let ids = identify_banners(record);
    for id in &ids {
        let m = &id.matched;
        let hw = m.get("hw.device").is_some();
        fill(&mut record.vendor, m.get("hw.vendor"));
        fill(&mut record.product, m.get("hw.product"));
        fill(&mut record.model, m.model());
        fill(&mut record.serial_number, m.serial_number());
        fill(
            &mut record.firmware_version,
            m.get("hw.version").or(if hw { m.get("os.version") } else { None }),
        );
        if record.asset_type.is_none() {
            record.asset_type = m.device_type().and_then(asset_type_from_device);
        }
        for key in ["hw.cpe23", "os.cpe23"] {
            if let Some(cpe) = m.get(key).and_then(|c| normalize_cpe(c).ok())
                && !record.cpes.contains(&cpe)
            {
                record.cpes.push(cpe);
            }
        }
        if let Some(cpe) = m.get("service.cpe23").and_then(|c| normalize_cpe(c).ok())
            && let Some(port) = record.open_ports.iter_mut().find(|p| p.port == id.port)
            && !port.cpes.contains(&cpe)
        {
            port.cpes.push(cpe);
        }
        if record.os_matches.is_empty()
            && let Some(os) = m.os()
        {
            let mut o = OsMatch::named(os);
            o.vendor = m.get("os.vendor").map(str::to_owned);
            o.family = m.get("os.family").map(str::to_owned);
            o.device_type = m.device_type().map(str::to_owned);
            o.cpes = m
                .get("os.cpe23")
                .and_then(|c| normalize_cpe(c).ok())
                .into_iter()
                .collect();
            record.os_matches.push(o);
        }
    }
    if record.vendor.is_none()
        && let Some(v) = record.mac.and_then(oui::vendor)
    {
        record.vendor = Some(v.to_owned());
    }
    if record.asset_type.is_none() {
        record.asset_type = record
            .os_matches
            .iter()
            .filter(|m| m.accuracy.is_none_or(|a| a >= 90))
            .find_map(|m| m.device_type.as_deref().and_then(asset_type_from_device));
    }
    ids
}

fn fill(slot: &mut Option<String>, value: Option<&str>) {
    if slot.is_none()
        && let Some(v) = value.map(str::trim).filter(|v| !v.is_empty())
    {
        *slot = Some(v.to_owned());
    }
}
