//! Banner fingerprinting with Rapid7 Recog databases: given an SNMP
//! sysDescr, an HTTP `Server` header, an SSH banner, an HTML title..., say
//! which vendor, product, version, device type and OS produced it.
//!
//! A database ([`RecogDb`]) is a Recog XML file: an ordered list of
//! fingerprints, each a regex plus `<param>`s that either take a capture
//! group (`pos="1"`) or assert a constant (`pos="0" value="..."`, where
//! `{name}` is replaced by the value of another param). The first
//! fingerprint that matches wins, as in Recog's own matcher.
//!
//! Fifteen databases useful for identifying devices ship embedded in the
//! binary (gzip-compressed, see [`EMBEDDED_DBS`] and `data/recog/`), and are
//! loaded and compiled on first use. Recog is BSD-2-Clause; its notice is in
//! `data/recog/COPYING-recog.txt`.
//!
//! Regex dialect: see `recog/pattern.rs`. Patterns that neither `regex` nor
//! `fancy-regex` can compile are kept with their error
//! ([`Fingerprint::compile_error`]) and never match.

mod pattern;

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::OnceLock;

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use self::pattern::{Flags, Matcher};
use super::syntax::normalize_cpe;

/// Names of the embedded databases (Recog file stems).
pub const EMBEDDED_DBS: [&str; 15] = [
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
];

const EMBEDDED_DATA: [&[u8]; 15] = [
    include_bytes!("../../data/recog/dhcp_vendor_class.xml.gz"),
    include_bytes!("../../data/recog/ftp_banners.xml.gz"),
    include_bytes!("../../data/recog/hp_pjl_id.xml.gz"),
    include_bytes!("../../data/recog/html_title.xml.gz"),
    include_bytes!("../../data/recog/http_servers.xml.gz"),
    include_bytes!("../../data/recog/http_wwwauth.xml.gz"),
    include_bytes!("../../data/recog/mdns_device-info_txt.xml.gz"),
    include_bytes!("../../data/recog/ntp_banners.xml.gz"),
    include_bytes!("../../data/recog/rtsp_servers.xml.gz"),
    include_bytes!("../../data/recog/sip_banners.xml.gz"),
    include_bytes!("../../data/recog/sip_user_agents.xml.gz"),
    include_bytes!("../../data/recog/snmp_sysdescr.xml.gz"),
    include_bytes!("../../data/recog/snmp_sysobjid.xml.gz"),
    include_bytes!("../../data/recog/ssh_banners.xml.gz"),
    include_bytes!("../../data/recog/telnet_banners.xml.gz"),
];

/// A Recog database could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RecogError {
    /// The XML is malformed.
    #[error("Recog database `{db}`, line {line}: {message}")]
    Xml {
        /// Database name.
        db: String,
        /// 1-based line.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// The compressed data could not be inflated.
    #[error("Recog database `{db}`: {message}")]
    Decompress {
        /// Database name.
        db: String,
        /// What is wrong.
        message: String,
    },
}

/// One `<param>` of a fingerprint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// Attribute name, e.g. `os.version`, `hw.vendor`, `service.cpe23`.
    pub name: String,
    /// Capture group index; 0 = constant `value`.
    pub pos: usize,
    /// Constant value (for `pos == 0`), possibly with `{param}` placeholders.
    pub value: Option<String>,
}

/// One `<example>`: a real banner and the params it must yield.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The banner (base64-decoded if the example was `_encoding="base64"`).
    pub banner: Vec<u8>,
    /// Expected params (the example's attributes, minus `_encoding`/`_filename`).
    pub expected: Vec<(String, String)>,
    /// The banner lives in an external file (`_filename`) that is not
    /// embedded; such examples cannot be checked.
    pub external_file: Option<String>,
}

/// One fingerprint of a database.
#[derive(Debug)]
pub struct Fingerprint {
    /// `<description>`.
    pub description: String,
    /// The regex as written in the database (Ruby dialect).
    pub pattern: String,
    /// The `flags` attribute.
    pub flags: Option<String>,
    /// Line of the `<fingerprint>` element.
    pub line: u64,
    /// Params in document order.
    pub params: Vec<Param>,
    /// Examples in document order.
    pub examples: Vec<Example>,
    matcher: Result<Matcher, String>,
}

impl Fingerprint {
    /// Why the pattern could not be compiled, if it could not.
    pub fn compile_error(&self) -> Option<&str> {
        self.matcher.as_ref().err().map(String::as_str)
    }

    /// `regex` or `fancy-regex`, or `None` if the pattern did not compile.
    pub fn engine(&self) -> Option<&'static str> {
        self.matcher.as_ref().ok().map(Matcher::engine)
    }

    /// Match this fingerprint alone against `banner` (no database params).
    pub fn match_bytes(&self, banner: &[u8]) -> Option<RecogMatch> {
        self.match_with(banner, None, None)
    }

    fn match_with(&self, banner: &[u8], protocol: Option<&str>, db: Option<&str>) -> Option<RecogMatch> {
        let caps = self.matcher.as_ref().ok()?.captures(banner)?;
        let mut params: BTreeMap<String, String> = BTreeMap::new();
        let mut templates = Vec::new();
        for p in &self.params {
            if p.pos == 0 {
                let v = p.value.clone().unwrap_or_default();
                if v.contains('{') {
                    templates.push((p.name.clone(), v.clone()));
                }
                params.insert(p.name.clone(), v);
            } else if let Some(c) = caps.get(p.pos) {
                params.insert(p.name.clone(), String::from_utf8_lossy(c).into_owned());
            }
        }
        if let Some(proto) = protocol.filter(|p| !p.is_empty()) {
            params
                .entry("service.protocol".into())
                .or_insert_with(|| proto.to_owned());
        }
        if let Some(db) = db {
            params.insert("fingerprint_db".into(), db.to_owned());
        }
        // `{name}` interpolation, as Recog::Fingerprint#match does it: a missing
        // version inside a CPE becomes `-` (NA); any other missing value drops the param.
        for (name, template) in templates {
            let mut value = template.clone();
            let mut ok = true;
            for placeholder in placeholders(&template) {
                match params.get(placeholder) {
                    Some(v) => value = value.replace(&format!("{{{placeholder}}}"), &v.clone()),
                    None if name.ends_with(".cpe23") && placeholder.ends_with(".version") => {
                        value = value.replace(&format!("{{{placeholder}}}"), "-");
                    }
                    None => ok = false,
                }
            }
            if ok {
                params.insert(name, value);
            } else {
                params.remove(&name);
            }
        }
        Some(RecogMatch {
            description: self.description.clone(),
            params,
        })
    }
}

/// `{name}` placeholders of a template (name without whitespace or braces).
fn placeholders(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find(['{', '}']) {
            Some(end) if after.as_bytes()[end] == b'}' && end > 0 && !after[..end].contains(char::is_whitespace) => {
                out.push(&after[..end]);
                rest = &after[end + 1..];
            }
            Some(end) => rest = &after[end..],
            None => break,
        }
    }
    out
}

/// What a banner revealed: the matching fingerprint's description and params.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecogMatch {
    /// Description of the matching fingerprint.
    pub description: String,
    /// All params, by name (`hw.vendor`, `os.product`, `service.version`, ...).
    pub params: BTreeMap<String, String>,
}

impl RecogMatch {
    /// One param.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.params.get(name).map(String::as_str).filter(|v| !v.is_empty())
    }

    fn first(&self, names: &[&str]) -> Option<&str> {
        names.iter().find_map(|n| self.get(n))
    }

    /// Device vendor: `hw.vendor`, else `os.vendor`, else `service.vendor`.
    pub fn vendor(&self) -> Option<&str> {
        self.first(&["hw.vendor", "os.vendor", "service.vendor"])
    }

    /// Product: `hw.product`, else `os.product`, else `service.product`.
    pub fn product(&self) -> Option<&str> {
        self.first(&["hw.product", "os.product", "service.product"])
    }

    /// Hardware model (`hw.model`).
    pub fn model(&self) -> Option<&str> {
        self.get("hw.model")
    }

    /// Version: `hw.version`, else `os.version`, else `service.version`.
    pub fn version(&self) -> Option<&str> {
        self.first(&["hw.version", "os.version", "service.version"])
    }

    /// Device type: `hw.device`, else `os.device`, else `service.device`
    /// (Recog vocabulary: `IP Camera`, `Router`, `Printer`, `PLC`, ...).
    pub fn device_type(&self) -> Option<&str> {
        self.first(&["hw.device", "os.device", "service.device"])
    }

    /// Operating system: `os.product`, else `os.family`.
    pub fn os(&self) -> Option<&str> {
        self.first(&["os.product", "os.family"])
    }

    /// Serial number (`hw.serial_number`).
    pub fn serial_number(&self) -> Option<&str> {
        self.get("hw.serial_number")
    }

    /// CPEs of hardware, OS and service (`hw.cpe23`, `os.cpe23`,
    /// `service.cpe23`), as CPE 2.3 formatted strings. Recog writes them as
    /// 2.2 URIs; those that do not convert are left out.
    pub fn cpe23(&self) -> Vec<String> {
        ["hw.cpe23", "os.cpe23", "service.cpe23"]
            .iter()
            .filter_map(|k| self.get(k))
            .filter_map(|c| normalize_cpe(c).ok())
            .collect()
    }
}

/// A loaded Recog database.
#[derive(Debug)]
pub struct RecogDb {
    /// `matches` attribute (e.g. `ssh.banner`), else the name given to the loader.
    pub name: String,
    /// `protocol` attribute.
    pub protocol: Option<String>,
    /// `database_type` attribute (`service`, `util.os`).
    pub database_type: Option<String>,
    /// Fingerprints in document order.
    pub fingerprints: Vec<Fingerprint>,
}

impl RecogDb {
    /// Load a database from its XML text; `name` is used when the document
    /// has no `matches` attribute, and in errors.
    pub fn from_xml(name: &str, xml: &str) -> Result<Self, RecogError> {
        Loader::new(name, xml).load()
    }

    /// Load a gzip-compressed database.
    pub fn from_gzip(name: &str, bytes: &[u8]) -> Result<Self, RecogError> {
        let mut xml = String::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_string(&mut xml)
            .map_err(|e| RecogError::Decompress {
                db: name.to_owned(),
                message: e.to_string(),
            })?;
        Self::from_xml(name, &xml)
    }

    /// First fingerprint matching `banner`, with its params.
    pub fn match_bytes(&self, banner: &[u8]) -> Option<RecogMatch> {
        self.fingerprints
            .iter()
            .find_map(|f| f.match_with(banner, self.protocol.as_deref(), Some(&self.name)))
    }

    /// Match only fingerprint `index` (with this database's protocol and
    /// name), as Recog's own example verification does.
    pub fn match_fingerprint(&self, index: usize, banner: &[u8]) -> Option<RecogMatch> {
        self.fingerprints
            .get(index)?
            .match_with(banner, self.protocol.as_deref(), Some(&self.name))
    }

    /// [`Self::match_bytes`] for text.
    pub fn match_str(&self, banner: &str) -> Option<RecogMatch> {
        self.match_bytes(banner.as_bytes())
    }

    /// Fingerprints whose pattern could not be compiled: (line, description, error).
    pub fn compile_errors(&self) -> Vec<(u64, &str, &str)> {
        self.fingerprints
            .iter()
            .filter_map(|f| f.compile_error().map(|e| (f.line, f.description.as_str(), e)))
            .collect()
    }
}

/// An embedded database by file stem (see [`EMBEDDED_DBS`]), loaded on first
/// use. `None` for an unknown name (or corrupt embedded data, which the
/// crate's tests rule out).
pub fn embedded(name: &str) -> Option<&'static RecogDb> {
    static DBS: [OnceLock<Option<RecogDb>>; 15] = [const { OnceLock::new() }; 15];
    let i = EMBEDDED_DBS.iter().position(|n| *n == name)?;
    DBS[i]
        .get_or_init(|| RecogDb::from_gzip(name, EMBEDDED_DATA[i]).ok())
        .as_ref()
}

/// Match `banner` against the embedded database `db` (e.g. `ssh_banners`).
pub fn match_banner(db: &str, banner: &str) -> Option<RecogMatch> {
    embedded(db)?.match_str(banner)
}

/// Lenient base64 decoding as Ruby's `Base64.decode64`: characters outside
/// the alphabet are skipped, decoding stops at `=`.
fn decode_base64(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for b in s.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            _ => continue,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
        }
    }
    out
}

/// Element being read.
#[derive(Default)]
struct PendingFp {
    description: String,
    pattern: String,
    flags: Option<String>,
    line: u64,
    params: Vec<Param>,
    examples: Vec<Example>,
}

struct Loader<'a> {
    name: &'a str,
    xml: &'a str,
    reader: Reader<&'a [u8]>,
}

impl<'a> Loader<'a> {
    fn new(name: &'a str, xml: &'a str) -> Self {
        Self {
            name,
            xml,
            reader: Reader::from_str(xml),
        }
    }

    fn line_at(&self, pos: u64) -> u64 {
        let end = usize::try_from(pos).unwrap_or(usize::MAX).min(self.xml.len());
        1 + self.xml.as_bytes()[..end].iter().filter(|b| **b == b'\n').count() as u64
    }

    fn err(&self, message: impl Into<String>) -> RecogError {
        RecogError::Xml {
            db: self.name.to_owned(),
            line: self.line_at(self.reader.buffer_position()),
            message: message.into(),
        }
    }

    fn attrs(&self, e: &BytesStart<'_>) -> Result<Vec<(String, String)>, RecogError> {
        let mut out = Vec::new();
        for a in e.attributes() {
            let a = a.map_err(|x| self.err(x.to_string()))?;
            let v = a
                .normalized_value(XmlVersion::Implicit1_0)
                .map_err(|x| self.err(x.to_string()))?;
            out.push((a.key.as_ref().to_owned(), v.into_owned()));
        }
        Ok(out)
    }

    fn load(mut self) -> Result<RecogDb, RecogError> {
        let mut db = RecogDb {
            name: self.name.to_owned(),
            protocol: None,
            database_type: None,
            fingerprints: Vec::new(),
        };
        let mut fp: Option<PendingFp> = None;
        // (element name, attributes) of an open <description> or <example>
        let mut text_owner: Option<(String, Vec<(String, String)>)> = None;
        let mut text = String::new();
        let mut depth = 0usize;
        loop {
            let pos = self.reader.buffer_position();
            let ev = self.reader.read_event().map_err(|e| RecogError::Xml {
                db: self.name.to_owned(),
                line: self.line_at(self.reader.error_position()),
                message: e.to_string(),
            })?;
            match ev {
                Event::Start(e) | Event::Empty(e) if depth > 64 => {
                    let _ = e;
                    return Err(self.err("nesting too deep"));
                }
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let is_empty = matches!(ev, Event::Empty(_));
                    let name = e.name().as_ref().to_owned();
                    let attrs = self.attrs(e)?;
                    let get = |k: &str| attrs.iter().find(|(a, _)| a == k).map(|(_, v)| v.clone());
                    match name.as_str() {
                        "fingerprints" => {
                            if let Some(m) = get("matches") {
                                db.name = m;
                            }
                            db.protocol = get("protocol");
                            db.database_type = get("database_type");
                        }
                        "fingerprint" => {
                            fp = Some(PendingFp {
                                pattern: get("pattern").unwrap_or_default(),
                                flags: get("flags"),
                                line: self.line_at(pos),
                                ..PendingFp::default()
                            });
                        }
                        "param" => {
                            if let Some(f) = fp.as_mut() {
                                let pos = get("pos").and_then(|p| p.trim().parse().ok()).unwrap_or(0);
                                f.params.push(Param {
                                    name: get("name").unwrap_or_default(),
                                    pos,
                                    value: get("value"),
                                });
                            }
                        }
                        "description" | "example" => {
                            text.clear();
                            text_owner = Some((name.clone(), attrs.clone()));
                        }
                        _ => {}
                    }
                    if is_empty {
                        self.end(&name, &mut fp, &mut text_owner, &mut text, &mut db);
                    } else {
                        depth += 1;
                    }
                }
                Event::End(e) => {
                    depth = depth.saturating_sub(1);
                    let name = e.name().as_ref().to_owned();
                    self.end(&name, &mut fp, &mut text_owner, &mut text, &mut db);
                }
                Event::Text(t) if text_owner.is_some() => text.push_str(&t.xml10_content()),
                Event::CData(t) if text_owner.is_some() => text.push_str(&t.xml10_content()),
                Event::GeneralRef(r) => {
                    let c = if r.is_char_ref() {
                        r.resolve_char_ref().map_err(|e| self.err(e.to_string()))?
                    } else {
                        quick_xml::escape::resolve_predefined_entity(&r).and_then(|s| s.chars().next())
                    };
                    let c = c.ok_or_else(|| self.err(format!("unknown entity `&{};`", &*r)))?;
                    if text_owner.is_some() {
                        text.push(c);
                    }
                }
                Event::DocType(_) => return Err(self.err("document type declarations are not accepted")),
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(db)
    }

    fn end(
        &self,
        name: &str,
        fp: &mut Option<PendingFp>,
        text_owner: &mut Option<(String, Vec<(String, String)>)>,
        text: &mut String,
        db: &mut RecogDb,
    ) {
        match name {
            "description" => {
                if let Some(f) = fp.as_mut() {
                    f.description = text.split_whitespace().collect::<Vec<_>>().join(" ");
                }
                *text_owner = None;
            }
            "example" => {
                if let (Some(f), Some((_, attrs))) = (fp.as_mut(), text_owner.take()) {
                    let base64 = attrs.iter().any(|(k, v)| k == "_encoding" && v == "base64");
                    let external_file = attrs.iter().find(|(k, _)| k == "_filename").map(|(_, v)| v.clone());
                    let banner = if base64 {
                        decode_base64(text)
                    } else {
                        text.as_bytes().to_vec()
                    };
                    let expected = attrs
                        .into_iter()
                        .filter(|(k, _)| k != "_encoding" && k != "_filename")
                        .collect();
                    f.examples.push(Example {
                        banner,
                        expected,
                        external_file,
                    });
                }
            }
            "fingerprint" => {
                if let Some(f) = fp.take() {
                    let matcher = Flags::parse(f.flags.as_deref().unwrap_or(""))
                        .and_then(|flags| Matcher::compile(&f.pattern, flags));
                    db.fingerprints.push(Fingerprint {
                        description: f.description,
                        pattern: f.pattern,
                        flags: f.flags,
                        line: f.line,
                        params: f.params,
                        examples: f.examples,
                        matcher,
                    });
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DB: &str = r#"<?xml version="1.0"?>
<fingerprints matches="ssh.banner" protocol="ssh">
  <fingerprint pattern="^OpenSSH_([\d.]+p\d)(?: (.+))?$">
    <description>OpenSSH
      with comment</description>
    <example service.version="7.4p1">OpenSSH_7.4p1</example>
    <example _encoding="base64" service.version="5.3p1">T3BlblNTSF81LjNwMQ==</example>
    <param pos="0" name="service.vendor" value="OpenBSD"/>
    <param pos="1" name="service.version"/>
    <param pos="2" name="openssh.comment"/>
    <param pos="0" name="service.cpe23" value="cpe:/a:openbsd:openssh:{service.version}"/>
    <param pos="0" name="os.cpe23" value="cpe:/o:x:{os.version}"/>
    <param pos="0" name="hw.note" value="{missing.thing}"/>
  </fingerprint>
  <fingerprint pattern="^dropbear_([\d.]+)$" flags="REG_ICASE">
    <description>Dropbear &amp; co</description>
    <param pos="0" name="service.product" value="Dropbear"/>
  </fingerprint>
</fingerprints>"#;

    #[test]
    fn load_and_match() {
        let db = RecogDb::from_xml("ssh_banners", DB).unwrap();
        assert_eq!(db.name, "ssh.banner");
        assert_eq!(db.fingerprints.len(), 2);
        let f = &db.fingerprints[0];
        assert_eq!(f.description, "OpenSSH with comment");
        assert_eq!(f.examples[1].banner, b"OpenSSH_5.3p1");
        assert_eq!(f.line, 3);
        let m = db.match_str("OpenSSH_7.4p1").unwrap();
        assert_eq!(m.get("service.version"), Some("7.4p1"));
        assert_eq!(m.get("service.protocol"), Some("ssh"));
        assert_eq!(m.get("fingerprint_db"), Some("ssh.banner"));
        assert_eq!(m.get("openssh.comment"), None);
        assert_eq!(m.get("service.cpe23"), Some("cpe:/a:openbsd:openssh:7.4p1"));
        assert_eq!(m.get("os.cpe23"), Some("cpe:/o:x:-"), "missing version in a CPE is NA");
        assert_eq!(m.get("hw.note"), None, "other missing interpolations drop the param");
        assert_eq!(
            m.cpe23(),
            [
                "cpe:2.3:o:x:-:*:*:*:*:*:*:*:*",
                "cpe:2.3:a:openbsd:openssh:7.4p1:*:*:*:*:*:*:*"
            ]
        );
        assert_eq!(db.match_str("DROPBEAR_2019.78").unwrap().description, "Dropbear & co");
        assert!(db.match_str("nothing").is_none());
    }

    #[test]
    fn bad_xml_is_an_error() {
        assert!(RecogDb::from_xml("x", "<fingerprints><fingerprint pattern='a'></fingerprints>").is_err());
        assert!(RecogDb::from_xml("x", "<!DOCTYPE x [<!ENTITY a 'b'>]><fingerprints/>").is_err());
        assert!(RecogDb::from_gzip("x", b"nope").is_err());
    }

    #[test]
    fn base64() {
        assert_eq!(decode_base64("aGVsbG8=\n"), b"hello");
        assert_eq!(decode_base64("aGVs bG8h"), b"hello!");
    }

    #[test]
    fn placeholder_scan() {
        assert_eq!(placeholders("a:{x.y}:{z}"), ["x.y", "z"]);
        assert!(placeholders("{ x}{").is_empty());
    }
}
