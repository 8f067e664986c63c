//! nmap XML (`nmap -oX`) import: hosts, addresses, host names, open ports
//! with service detection and CPEs, OS matches.
//!
//! The reader is quick-xml's event reader; one [`NmapHost`] is built at a
//! time and handed out when its `</host>` closes ([`for_each_host`]), so a
//! caller can import a /16 sweep without holding it all.
//!
//! Security: scan files come from machines that may be hostile, so the
//! reader refuses, with [`NmapError::Refused`]:
//! - a document type declaration that declares entities (`<!ENTITY`, the
//!   vehicle of XXE and "billion laughs") or names an external DTD
//!   (`SYSTEM` / `PUBLIC`);
//! - any entity reference other than the five predefined ones (`&lt;`
//!   `&gt;` `&amp;` `&apos;` `&quot;`) and numeric character references;
//! - nesting deeper than [`NmapOptions::max_depth`];
//! - a root element other than `<nmaprun>`.
//!
//! No entity is ever resolved and no external resource is ever fetched.

use std::net::IpAddr;

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::MacAddr;
use super::record::{AssetRecord, OpenPort, OsMatch, Protocol, ScriptOutput, SourceRef};
use super::syntax::normalize_cpe;

/// Import options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NmapOptions {
    /// Keep hosts whose status is not `up` (default: false).
    pub include_down: bool,
    /// Maximum element nesting depth (default 32; nmap writes at most ~8).
    pub max_depth: usize,
}

impl Default for NmapOptions {
    fn default() -> Self {
        Self {
            include_down: false,
            max_depth: 32,
        }
    }
}

/// Why a document was refused or could not be read. Every variant names the
/// 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NmapError {
    /// The document uses a dangerous XML feature (see the module docs).
    #[error("nmap XML refused: {reason} at line {line}")]
    Refused {
        /// What was found.
        reason: String,
        /// Where.
        line: u64,
    },
    /// The document is not an nmap XML report.
    #[error("not an nmap XML report: {reason} at line {line}")]
    NotNmap {
        /// What was found instead.
        reason: String,
        /// Where.
        line: u64,
    },
    /// The document is not well-formed XML (or is truncated).
    #[error("malformed XML at line {line}: {message}")]
    Xml {
        /// What the XML reader said.
        message: String,
        /// Where.
        line: u64,
    },
}

impl NmapError {
    /// The 1-based line the error refers to.
    pub fn line(&self) -> u64 {
        match self {
            Self::Refused { line, .. } | Self::NotNmap { line, .. } | Self::Xml { line, .. } => *line,
        }
    }
}

/// A non-fatal problem: a value that was skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NmapWarning {
    /// 1-based line.
    pub line: u64,
    /// What was skipped and why.
    pub message: String,
}

/// One `<address>` of a host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NmapAddress {
    /// IPv4 or IPv6 address.
    Ip(IpAddr),
    /// MAC address with nmap's vendor guess (from its own OUI table).
    Mac {
        /// The address.
        mac: MacAddr,
        /// `address/@vendor`.
        vendor: Option<String>,
    },
}

/// One `<host>` as nmap reported it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NmapHost {
    /// Element path, e.g. `/nmaprun/host[3]` (1-based, counting every host).
    pub path: String,
    /// Line of the `<host>` start tag.
    pub line: u64,
    /// `status/@state`: `up`, `down`, `unknown`, `skipped`.
    pub status: String,
    /// Addresses in document order.
    pub addresses: Vec<NmapAddress>,
    /// Host names in document order (duplicates removed).
    pub hostnames: Vec<String>,
    /// Ports whose state is `open`.
    pub open_ports: Vec<OpenPort>,
    /// OS guesses, in nmap's order (best first).
    pub os_matches: Vec<OsMatch>,
    /// Host-level script results (`<hostscript>`).
    pub host_scripts: Vec<ScriptOutput>,
}

impl NmapHost {
    /// First IP address (IPv4 preferred, as nmap lists it first).
    pub fn ip(&self) -> Option<IpAddr> {
        let ips = self.addresses.iter().filter_map(|a| match a {
            NmapAddress::Ip(ip) => Some(*ip),
            NmapAddress::Mac { .. } => None,
        });
        let all: Vec<IpAddr> = ips.collect();
        all.iter().find(|i| i.is_ipv4()).or_else(|| all.first()).copied()
    }

    /// MAC address and nmap's vendor for it.
    pub fn mac(&self) -> Option<(MacAddr, Option<&str>)> {
        self.addresses.iter().find_map(|a| match a {
            NmapAddress::Mac { mac, vendor } => Some((*mac, vendor.as_deref())),
            NmapAddress::Ip(_) => None,
        })
    }

    /// The host as an [`AssetRecord`]: name = first host name, else IP, else
    /// MAC; vendor from nmap's MAC vendor; host scripts are attached to no
    /// port and are not carried over (enrichment reads port scripts).
    pub fn to_asset_record(&self) -> AssetRecord {
        let ip = self.ip();
        let mac = self.mac();
        let name = self
            .hostnames
            .first()
            .cloned()
            .or_else(|| ip.map(|i| i.to_string()))
            .or_else(|| mac.map(|(m, _)| m.to_string()))
            .unwrap_or_else(|| self.path.clone());
        AssetRecord {
            name,
            vendor: mac.and_then(|(_, v)| v.map(str::to_owned)),
            mac: mac.map(|(m, _)| m),
            ip,
            hostname: self.hostnames.first().cloned(),
            open_ports: self.open_ports.clone(),
            os_matches: self.os_matches.clone(),
            source_ref: Some(SourceRef::Path(self.path.clone())),
            ..AssetRecord::default()
        }
    }
}

/// Everything read from one report.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NmapReport {
    /// `nmaprun/@version`.
    pub nmap_version: Option<String>,
    /// `nmaprun/@args`: the command line.
    pub args: Option<String>,
    /// `nmaprun/@start`: Unix time the scan started.
    pub start: Option<i64>,
    /// Hosts kept (up only, unless [`NmapOptions::include_down`]).
    pub hosts: Vec<NmapHost>,
    /// Number of hosts skipped because they were not up.
    pub hosts_skipped: usize,
    /// Values that were skipped.
    pub warnings: Vec<NmapWarning>,
}

impl NmapReport {
    /// The kept hosts as asset records.
    pub fn asset_records(&self) -> Vec<AssetRecord> {
        self.hosts.iter().map(NmapHost::to_asset_record).collect()
    }
}

/// Parse a whole report held in memory.
pub fn parse(input: &[u8], options: &NmapOptions) -> Result<NmapReport, NmapError> {
    let mut hosts = Vec::new();
    let mut report = for_each_host(input, options, |h| hosts.push(h))?;
    report.hosts = hosts;
    Ok(report)
}

/// Parse a report, handing each kept host to `on_host` as soon as it is
/// complete. The returned report has no hosts (they went to the callback)
/// but carries the run metadata, the skipped count and the warnings.
pub fn for_each_host(
    input: &[u8],
    options: &NmapOptions,
    mut on_host: impl FnMut(NmapHost),
) -> Result<NmapReport, NmapError> {
    let mut p = Parser::new(input, options);
    p.run(&mut on_host)?;
    Ok(p.report)
}

/// Where we are inside a `<host>`.
#[derive(Default)]
struct HostState {
    host: NmapHost,
    port: Option<(OpenPort, Option<String>)>,
    osmatch: Option<OsMatch>,
    osclass: Option<(OsMatch, u8)>,
    os_level_classes: Vec<OsMatch>,
    cpe_text: Option<String>,
}

struct Parser<'a> {
    input: &'a [u8],
    reader: Reader<&'a [u8]>,
    options: &'a NmapOptions,
    stack: Vec<String>,
    report: NmapReport,
    host: Option<HostState>,
    host_count: usize,
    seen_root: bool,
}

const PREDEFINED: [&str; 5] = ["lt", "gt", "amp", "apos", "quot"];

fn predefined(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "apos" => Some('\''),
        "quot" => Some('"'),
        _ => None,
    }
}

impl<'a> Parser<'a> {
    fn new(input: &'a [u8], options: &'a NmapOptions) -> Self {
        let mut reader = Reader::from_reader(input);
        let cfg = reader.config_mut();
        cfg.check_end_names = true;
        cfg.expand_empty_elements = false;
        Self {
            input,
            reader,
            options,
            stack: Vec::new(),
            report: NmapReport::default(),
            host: None,
            host_count: 0,
            seen_root: false,
        }
    }

    fn line_at(&self, pos: u64) -> u64 {
        let end = usize::try_from(pos).unwrap_or(usize::MAX).min(self.input.len());
        1 + self.input[..end].iter().filter(|b| **b == b'\n').count() as u64
    }

    fn line(&self) -> u64 {
        self.line_at(self.reader.buffer_position())
    }

    fn refuse(&self, reason: impl Into<String>) -> NmapError {
        NmapError::Refused {
            reason: reason.into(),
            line: self.line(),
        }
    }

    fn warn(&mut self, message: String) {
        let line = self.line();
        self.report.warnings.push(NmapWarning { line, message });
    }

    /// Check a raw (still escaped) attribute value or text for entity references.
    fn check_refs(&self, raw: &str) -> Result<(), NmapError> {
        let mut rest = raw;
        while let Some(i) = rest.find('&') {
            let after = &rest[i + 1..];
            let end = after
                .find(';')
                .ok_or_else(|| self.refuse("unterminated entity reference"))?;
            let name = &after[..end];
            if !(name.starts_with('#') || PREDEFINED.contains(&name)) {
                return Err(self.refuse(format!(
                    "entity reference `&{}` other than the predefined XML entities (XML entity attack?)",
                    name.chars().take(40).collect::<String>()
                )));
            }
            rest = &after[end..];
        }
        Ok(())
    }

    /// All attributes of a tag, unescaped.
    fn attrs(&self, e: &BytesStart<'_>) -> Result<Vec<(String, String)>, NmapError> {
        let mut out = Vec::new();
        for a in e.attributes() {
            let a = a.map_err(|err| NmapError::Xml {
                message: err.to_string(),
                line: self.line(),
            })?;
            self.check_refs(&a.value)?;
            let value = a
                .normalized_value(XmlVersion::Implicit1_0)
                .map_err(|err| NmapError::Xml {
                    message: err.to_string(),
                    line: self.line(),
                })?
                .into_owned();
            let key = a.key.as_ref().to_owned();
            out.push((key, value));
        }
        Ok(out)
    }

    fn run(&mut self, on_host: &mut impl FnMut(NmapHost)) -> Result<(), NmapError> {
        loop {
            let pos = self.reader.buffer_position();
            let event = match self.reader.read_event() {
                Ok(e) => e,
                Err(err) => {
                    let line = self.line_at(self.reader.error_position());
                    return Err(NmapError::Xml {
                        message: err.to_string(),
                        line,
                    });
                }
            };
            match event {
                Event::DocType(t) => self.check_doctype(&t.into_inner(), pos)?,
                Event::Start(e) => {
                    let name = e.name().as_ref().to_owned();
                    let attrs = self.attrs(&e)?;
                    self.open(&name, &attrs, pos)?;
                    self.stack.push(name);
                    if self.stack.len() > self.options.max_depth {
                        return Err(
                            self.refuse(format!("elements nested deeper than {} levels", self.options.max_depth))
                        );
                    }
                }
                Event::Empty(e) => {
                    let name = e.name().as_ref().to_owned();
                    let attrs = self.attrs(&e)?;
                    self.open(&name, &attrs, pos)?;
                    self.close(&name, on_host);
                }
                Event::End(e) => {
                    let name = e.name().as_ref().to_owned();
                    self.stack.pop();
                    self.close(&name, on_host);
                }
                Event::Text(t) => {
                    let raw = t.into_inner();
                    self.check_refs(&raw)?;
                    self.push_text(&raw);
                }
                Event::CData(t) => {
                    let raw = t.into_inner();
                    self.push_text(&raw);
                }
                Event::GeneralRef(r) => {
                    let c = if r.is_char_ref() {
                        r.resolve_char_ref().map_err(|err| NmapError::Xml {
                            message: err.to_string(),
                            line: self.line(),
                        })?
                    } else {
                        predefined(&r)
                    };
                    match c {
                        Some(c) => self.push_text(c.encode_utf8(&mut [0; 4])),
                        None => {
                            return Err(self.refuse(format!(
                                "entity reference `&{};` other than the predefined XML entities (XML entity attack?)",
                                r.chars().take(40).collect::<String>()
                            )));
                        }
                    }
                }
                Event::Eof => break,
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
            }
        }
        if !self.seen_root {
            return Err(NmapError::NotNmap {
                reason: "no <nmaprun> element".into(),
                line: self.line(),
            });
        }
        if let Some(open) = self.stack.last() {
            return Err(NmapError::Xml {
                message: format!("document ends inside <{open}> (truncated scan?)"),
                line: self.line(),
            });
        }
        Ok(())
    }

    fn check_doctype(&self, text: &str, pos: u64) -> Result<(), NmapError> {
        let line = self.line_at(pos);
        let upper = text.to_ascii_uppercase();
        if upper.contains("<!ENTITY") || text.contains('%') {
            return Err(NmapError::Refused {
                reason: "document type declaration defines entities (XML entity attack?)".into(),
                line,
            });
        }
        // Only the part before an internal subset can hold an external identifier.
        let head = upper.split('[').next().unwrap_or("");
        if head.split_whitespace().any(|w| w == "SYSTEM" || w == "PUBLIC") {
            return Err(NmapError::Refused {
                reason: "document type declaration references an external DTD (SYSTEM/PUBLIC)".into(),
                line,
            });
        }
        Ok(())
    }

    fn push_text(&mut self, s: &str) {
        if let Some(buf) = self.host.as_mut().and_then(|h| h.cpe_text.as_mut()) {
            buf.push_str(s);
        }
    }

    fn parent(&self) -> Option<&str> {
        self.stack.last().map(String::as_str)
    }

    fn open(&mut self, name: &str, attrs: &[(String, String)], pos: u64) -> Result<(), NmapError> {
        let get = |k: &str| {
            attrs
                .iter()
                .find(|(a, _)| a == k)
                .map(|(_, v)| v.trim())
                .filter(|v| !v.is_empty())
        };
        if !self.seen_root {
            if name != "nmaprun" {
                return Err(NmapError::NotNmap {
                    reason: format!(
                        "root element is <{}>, expected <nmaprun>",
                        name.chars().take(40).collect::<String>()
                    ),
                    line: self.line_at(pos),
                });
            }
            self.seen_root = true;
            self.report.nmap_version = get("version").map(str::to_owned);
            self.report.args = get("args").map(str::to_owned);
            self.report.start = get("start").and_then(|s| s.parse().ok());
            return Ok(());
        }
        if name == "host" && self.parent() == Some("nmaprun") {
            self.host_count += 1;
            let line = self.line_at(pos);
            self.host = Some(HostState {
                host: NmapHost {
                    path: format!("/nmaprun/host[{}]", self.host_count),
                    line,
                    ..NmapHost::default()
                },
                ..HostState::default()
            });
            return Ok(());
        }
        let parent = self.parent().unwrap_or("").to_owned();
        let Some(h) = self.host.as_mut() else { return Ok(()) };
        let mut warning = None;
        match (name, parent.as_str()) {
            ("status", "host") => h.host.status = get("state").unwrap_or("").to_owned(),
            ("address", "host") => {
                let addr = get("addr").unwrap_or("");
                match get("addrtype").unwrap_or("ipv4") {
                    "ipv4" | "ipv6" => match addr.parse::<IpAddr>() {
                        Ok(ip) => h.host.addresses.push(NmapAddress::Ip(ip)),
                        Err(_) => warning = Some(format!("skipped invalid IP address `{addr}`")),
                    },
                    "mac" => match addr.parse::<MacAddr>() {
                        Ok(mac) => h.host.addresses.push(NmapAddress::Mac {
                            mac,
                            vendor: get("vendor").map(str::to_owned),
                        }),
                        Err(e) => warning = Some(format!("skipped {e}")),
                    },
                    other => warning = Some(format!("skipped address of unknown type `{other}`")),
                }
            }
            ("hostname", "hostnames") => {
                if let Some(n) = get("name")
                    && !h.host.hostnames.iter().any(|x| x == n)
                {
                    h.host.hostnames.push(n.to_owned());
                }
            }
            ("port", "ports") => {
                let proto = get("protocol").unwrap_or("");
                let portid = get("portid").unwrap_or("");
                match (proto.parse::<Protocol>(), portid.parse::<u16>()) {
                    (Ok(p), Ok(n)) => h.port = Some((OpenPort::new(n, p), None)),
                    _ => {
                        h.port = None;
                        warning = Some(format!("skipped port `{portid}/{proto}`"));
                    }
                }
            }
            ("state", "port") => {
                if let Some((_, state)) = h.port.as_mut() {
                    *state = get("state").map(str::to_owned);
                }
            }
            ("service", "port") => {
                if let Some((port, _)) = h.port.as_mut() {
                    port.service = get("name").map(str::to_owned);
                    port.product = get("product").map(str::to_owned);
                    port.version = get("version").map(str::to_owned);
                    port.extra_info = get("extrainfo").map(str::to_owned);
                }
            }
            ("cpe", "service") | ("cpe", "osclass") => h.cpe_text = Some(String::new()),
            ("script", "port") => {
                if let (Some((port, _)), Some(id)) = (h.port.as_mut(), get("id")) {
                    let output = attrs
                        .iter()
                        .find(|(k, _)| k == "output")
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default();
                    port.scripts.push(ScriptOutput {
                        id: id.to_owned(),
                        output,
                    });
                }
            }
            ("script", "hostscript") => {
                if let Some(id) = get("id") {
                    let output = attrs
                        .iter()
                        .find(|(k, _)| k == "output")
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default();
                    h.host.host_scripts.push(ScriptOutput {
                        id: id.to_owned(),
                        output,
                    });
                }
            }
            ("osmatch", "os") => {
                let mut m = OsMatch::named(get("name").unwrap_or(""));
                m.accuracy = get("accuracy").and_then(|a| a.parse().ok());
                h.osmatch = Some(m);
            }
            ("osclass", "osmatch") | ("osclass", "os") => {
                let name = [get("vendor"), get("osfamily"), get("osgen")]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>();
                let mut m = OsMatch::named(name.join(" "));
                m.accuracy = get("accuracy").and_then(|a| a.parse().ok());
                m.device_type = get("type").map(str::to_owned);
                m.vendor = get("vendor").map(str::to_owned);
                m.family = get("osfamily").map(str::to_owned);
                h.osclass = Some((m, u8::from(parent == "os")));
            }
            _ => {}
        }
        if let Some(w) = warning {
            self.warn(w);
        }
        Ok(())
    }

    fn close(&mut self, name: &str, on_host: &mut impl FnMut(NmapHost)) {
        let parent = self.parent().unwrap_or("").to_owned();
        if name == "host" && parent == "nmaprun" {
            if let Some(state) = self.host.take() {
                let mut host = state.host;
                finish_os(&mut host.os_matches, state.os_level_classes);
                if host.status == "up" || self.options.include_down {
                    on_host(host);
                } else {
                    self.report.hosts_skipped += 1;
                }
            }
            return;
        }
        let Some(h) = self.host.as_mut() else { return };
        let mut warning = None;
        match name {
            "cpe" => {
                if let Some(text) = h.cpe_text.take() {
                    let text = text.trim();
                    match normalize_cpe(text) {
                        Ok(cpe) => {
                            if parent == "service" {
                                if let Some((port, _)) = h.port.as_mut() {
                                    port.cpes.push(cpe);
                                }
                            } else if let Some((class, _)) = h.osclass.as_mut() {
                                class.cpes.push(cpe);
                            }
                        }
                        Err(e) => warning = Some(format!("skipped {e}")),
                    }
                }
            }
            "port" => {
                if let Some((port, state)) = h.port.take()
                    && state.as_deref() == Some("open")
                {
                    h.host.open_ports.push(port);
                }
            }
            "osclass" => {
                if let Some((class, os_level)) = h.osclass.take() {
                    if os_level == 1 {
                        h.os_level_classes.push(class);
                    } else if let Some(m) = h.osmatch.as_mut() {
                        if m.device_type.is_none() {
                            m.device_type = class.device_type.clone();
                            m.vendor = class.vendor.clone();
                            m.family = class.family.clone();
                        }
                        m.cpes.extend(class.cpes);
                    }
                }
            }
            "osmatch" => {
                if let Some(m) = h.osmatch.take() {
                    h.host.os_matches.push(m);
                }
            }
            _ => {}
        }
        if let Some(w) = warning {
            self.warn(w);
        }
    }
}

/// Reports of nmap's XML output version < 1.04 list `<osclass>` directly
/// under `<os>`: give the best class to the matches that have none, or turn
/// the classes into matches when there are no `<osmatch>` elements.
fn finish_os(matches: &mut Vec<OsMatch>, classes: Vec<OsMatch>) {
    if classes.is_empty() {
        return;
    }
    if matches.is_empty() {
        *matches = classes;
        return;
    }
    if let Some(best) = classes.first() {
        for m in matches.iter_mut().filter(|m| m.device_type.is_none()) {
            m.device_type = best.device_type.clone();
            m.vendor = best.vendor.clone();
            m.family = best.family.clone();
            m.cpes.extend(best.cpes.iter().cloned());
        }
    }
}
