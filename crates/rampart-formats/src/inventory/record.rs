//! [`AssetRecord`], the neutral parsed form of one asset, and its value types.

use std::collections::BTreeSet;
use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use super::mac::MacAddr;

/// One asset as an importer read it, before it is matched against the
/// inventory. Every field but `name` may be unknown (`None` / empty).
///
/// Parsers guarantee: `cpes` are syntactically valid CPE 2.3 formatted strings
/// (see [`super::syntax::check_cpe23`]), `purls` are syntactically valid
/// package URLs, `location` is in range, text fields are trimmed and never
/// empty strings.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AssetRecord {
    /// Display name; required by every format (nmap falls back to hostname, IP or MAC).
    pub name: String,
    /// Kind of device or service.
    pub asset_type: Option<AssetType>,
    /// Manufacturer or publisher.
    pub vendor: Option<String>,
    /// Product (line) name.
    pub product: Option<String>,
    /// Model designation within the product line.
    pub model: Option<String>,
    /// Version of the product (software assets) or hardware revision.
    pub version: Option<String>,
    /// Installed firmware version.
    pub firmware_version: Option<String>,
    /// CPE 2.3 formatted strings (`cpe:2.3:h:vendor:product:...`).
    pub cpes: Vec<String>,
    /// Package URLs (`pkg:type/namespace/name@version`).
    pub purls: Vec<String>,
    /// Manufacturer serial number.
    pub serial_number: Option<String>,
    /// Hardware (MAC-48) address.
    pub mac: Option<MacAddr>,
    /// Management or primary IP address.
    pub ip: Option<IpAddr>,
    /// DNS or configured host name.
    pub hostname: Option<String>,
    /// Name of the network zone (e.g. `ot-water`, `dmz`).
    pub network_zone: Option<String>,
    /// Whether the asset is reachable from the internet.
    pub internet_exposed: Option<bool>,
    /// Site (building, plant, intersection).
    pub site: Option<String>,
    /// City district.
    pub district: Option<String>,
    /// WGS 84 position.
    pub location: Option<GeoPoint>,
    /// Owning organisation: an org slug or name, resolved by the caller.
    pub owner_org: Option<String>,
    /// Business criticality, 1 (minimal) to 5 (critical).
    pub criticality: Option<Criticality>,
    /// Kinds of data the asset handles.
    pub data_classes: BTreeSet<DataClass>,
    /// IoT device security properties (NISTIR 8259A / ETSI EN 303 645 flavoured).
    pub security: IotSecurity,
    /// Date the vendor stops supporting the asset.
    pub end_of_support: Option<time::Date>,
    /// Open network ports.
    pub open_ports: Vec<OpenPort>,
    /// Operating system guesses, best first.
    pub os_matches: Vec<OsMatch>,
    /// Free-form labels.
    pub tags: Vec<String>,
    /// Where in the input this record came from.
    pub source_ref: Option<SourceRef>,
}

/// IoT security properties of a device; `None` means unknown.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IotSecurity {
    /// Factory default credentials have been changed or never existed.
    pub default_credentials_changed: Option<bool>,
    /// The device can receive authenticated software updates.
    pub secure_update_supported: Option<bool>,
    /// How updates arrive (e.g. `vendor-cloud`, `manual-usb`, `wsus`).
    pub update_channel: Option<String>,
    /// Data is encrypted in transit.
    pub encrypted_in_transit: Option<bool>,
    /// Data is encrypted at rest.
    pub encrypted_at_rest: Option<bool>,
    /// Security-relevant events are logged.
    pub logging_enabled: Option<bool>,
}

/// Where an [`AssetRecord`] came from in its input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceRef {
    /// 1-based line of a text input (CSV: the line the record starts on).
    Line(u64),
    /// Element path in a structured input, e.g. `components[3].components[0]`
    /// or `/nmaprun/host[2]`.
    Path(String),
}

impl fmt::Display for SourceRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Line(l) => write!(f, "line {l}"),
            Self::Path(p) => f.write_str(p),
        }
    }
}

/// Error of the `FromStr` impls of the small enums in this module.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} `{value}` (expected one of: {expected})")]
pub struct ParseEnumError {
    /// Which kind of value was being parsed.
    pub what: &'static str,
    /// The rejected input.
    pub value: String,
    /// The accepted canonical spellings.
    pub expected: &'static str,
}

/// Lower-case `s`, turn `-`, `_`, `/`, `.` into spaces and collapse runs of
/// whitespace, so that "IP-Camera", "ip_camera" and "IP  camera" compare equal.
fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '_' | '/' | '.'))
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word.to_lowercase());
    }
    out
}

/// Kind of asset, as the product's inventory knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AssetType {
    /// Programmable logic controller.
    Plc,
    /// Human-machine interface (operator panel, SCADA client).
    Hmi,
    /// Remote terminal unit.
    Rtu,
    /// IP / CCTV camera.
    IpCamera,
    /// Network (or digital) video recorder.
    Nvr,
    /// Traffic signal controller.
    TrafficController,
    /// Smart (AMI) meter: electricity, water, gas.
    SmartMeter,
    /// IoT/protocol gateway, modem, wireless access point.
    Gateway,
    /// Router.
    Router,
    /// Network switch.
    Switch,
    /// Firewall or security appliance.
    Firewall,
    /// Server (physical or virtual), NAS.
    Server,
    /// Workstation, desktop or laptop.
    Workstation,
    /// Printer or multifunction device.
    Printer,
    /// Sensor (parking, environmental, ...).
    Sensor,
    /// Physical access controller (door controller, badge reader).
    AccessController,
    /// Software as a service.
    Saas,
    /// Anything else.
    Other,
}

impl AssetType {
    /// Every variant, in declaration order.
    pub const ALL: [AssetType; 18] = [
        Self::Plc,
        Self::Hmi,
        Self::Rtu,
        Self::IpCamera,
        Self::Nvr,
        Self::TrafficController,
        Self::SmartMeter,
        Self::Gateway,
        Self::Router,
        Self::Switch,
        Self::Firewall,
        Self::Server,
        Self::Workstation,
        Self::Printer,
        Self::Sensor,
        Self::AccessController,
        Self::Saas,
        Self::Other,
    ];

    /// Canonical spelling (snake_case), as written by the CSV writer.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Plc => "plc",
            Self::Hmi => "hmi",
            Self::Rtu => "rtu",
            Self::IpCamera => "ip_camera",
            Self::Nvr => "nvr",
            Self::TrafficController => "traffic_controller",
            Self::SmartMeter => "smart_meter",
            Self::Gateway => "gateway",
            Self::Router => "router",
            Self::Switch => "switch",
            Self::Firewall => "firewall",
            Self::Server => "server",
            Self::Workstation => "workstation",
            Self::Printer => "printer",
            Self::Sensor => "sensor",
            Self::AccessController => "access_controller",
            Self::Saas => "saas",
            Self::Other => "other",
        }
    }

    /// Parse a common spelling: the canonical name in any case with `-`, `_`
    /// or spaces, the expanded name ("programmable logic controller") or a
    /// usual synonym ("CCTV", "webcam", "DVR", "MFP", "laptop", "access point").
    /// Returns `None` for anything else.
    pub fn parse_lenient(s: &str) -> Option<Self> {
        if let Some(t) = Self::ALL.iter().find(|t| t.as_str().eq_ignore_ascii_case(s)) {
            return Some(*t); // fast path: canonical spelling
        }
        let f = fold(s);
        let t = match f.as_str() {
            "plc" | "programmable logic controller" | "plcs" => Self::Plc,
            "hmi" | "human machine interface" | "operator panel" | "operator terminal" | "scada hmi" => Self::Hmi,
            "rtu" | "remote terminal unit" => Self::Rtu,
            "ip camera"
            | "ipcamera"
            | "ipcam"
            | "ip cam"
            | "camera"
            | "cctv"
            | "cctv camera"
            | "webcam"
            | "network camera"
            | "video camera"
            | "surveillance camera" => Self::IpCamera,
            "nvr" | "network video recorder" | "dvr" | "digital video recorder" | "video recorder" => Self::Nvr,
            "traffic controller"
            | "trafficcontroller"
            | "traffic signal controller"
            | "signal controller"
            | "traffic signal"
            | "traffic cabinet" => Self::TrafficController,
            "smart meter" | "smartmeter" | "meter" | "ami meter" | "electricity meter" | "water meter"
            | "gas meter" | "power meter" => Self::SmartMeter,
            "gateway"
            | "iot gateway"
            | "protocol gateway"
            | "modem"
            | "access point"
            | "wireless access point"
            | "wap"
            | "wifi access point" => Self::Gateway,
            "router" | "broadband router" | "wireless router" | "edge router" => Self::Router,
            "switch" | "network switch" | "ethernet switch" | "l2 switch" | "l3 switch" | "industrial switch" => {
                Self::Switch
            }
            "firewall" | "ngfw" | "utm" | "security appliance" => Self::Firewall,
            "server" | "virtual server" | "vm" | "virtual machine" | "nas" | "storage" | "storage misc"
            | "database server" | "web server" => Self::Server,
            "workstation" | "desktop" | "laptop" | "pc" | "computer" | "notebook" | "endpoint" => Self::Workstation,
            "printer" | "mfp" | "multifunction printer" | "multifunction device" | "print server" | "copier" => {
                Self::Printer
            }
            "sensor" | "iot sensor" | "parking sensor" | "environmental sensor" | "detector" => Self::Sensor,
            "access controller"
            | "accesscontroller"
            | "access control"
            | "door controller"
            | "badge reader"
            | "card reader"
            | "physical access control"
            | "physical access controller" => Self::AccessController,
            "saas" | "software as a service" | "cloud service" | "cloud" => Self::Saas,
            "other" | "unknown" | "misc" | "miscellaneous" => Self::Other,
            _ => return None,
        };
        Some(t)
    }
}

impl fmt::Display for AssetType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AssetType {
    type Err = ParseEnumError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse_lenient(s).ok_or_else(|| ParseEnumError {
            what: "asset type",
            value: s.to_owned(),
            expected: "plc, hmi, rtu, ip_camera, nvr, traffic_controller, smart_meter, gateway, router, switch, \
                       firewall, server, workstation, printer, sensor, access_controller, saas, other",
        })
    }
}

/// Kind of data an asset handles (privacy by design: what must be protected).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DataClass {
    /// Personal data (PII).
    Personal,
    /// Video or images.
    Video,
    /// Location data.
    Location,
    /// Health data.
    Health,
    /// Payment data (cards, fares).
    Payment,
    /// Operational / process data (SCADA, telemetry).
    Operational,
    /// Credentials and secrets.
    Credentials,
    /// Anything else.
    Other,
}

impl DataClass {
    /// Canonical spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Personal => "personal",
            Self::Video => "video",
            Self::Location => "location",
            Self::Health => "health",
            Self::Payment => "payment",
            Self::Operational => "operational",
            Self::Credentials => "credentials",
            Self::Other => "other",
        }
    }
}

impl fmt::Display for DataClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DataClass {
    type Err = ParseEnumError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        const ALL: [DataClass; 8] = [
            DataClass::Personal,
            DataClass::Video,
            DataClass::Location,
            DataClass::Health,
            DataClass::Payment,
            DataClass::Operational,
            DataClass::Credentials,
            DataClass::Other,
        ];
        if let Some(c) = ALL.iter().find(|c| c.as_str().eq_ignore_ascii_case(s)) {
            return Ok(*c); // fast path: canonical spelling
        }
        let c = match fold(s).as_str() {
            "personal" | "pii" | "personal data" => Self::Personal,
            "video" | "cctv" | "images" | "imagery" => Self::Video,
            "location" | "gps" | "geolocation" => Self::Location,
            "health" | "phi" | "medical" => Self::Health,
            "payment" | "pci" | "cardholder" | "financial" => Self::Payment,
            "operational" | "ot" | "telemetry" | "process" => Self::Operational,
            "credentials" | "secrets" | "passwords" | "keys" => Self::Credentials,
            "other" => Self::Other,
            _ => {
                return Err(ParseEnumError {
                    what: "data class",
                    value: s.to_owned(),
                    expected: "personal, video, location, health, payment, operational, credentials, other",
                });
            }
        };
        Ok(c)
    }
}

/// Business criticality on a 1–5 scale.
///
/// Words map as: `minimal` = 1, `low` = 2, `medium` = 3, `high` = 4,
/// `critical` = 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Criticality(u8);

impl Criticality {
    /// Build from a level; `None` outside 1..=5.
    pub fn new(level: u8) -> Option<Self> {
        (1..=5).contains(&level).then_some(Self(level))
    }
    /// The level, 1..=5.
    pub fn level(self) -> u8 {
        self.0
    }
}

impl fmt::Display for Criticality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for Criticality {
    type Err = ParseEnumError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let level = match fold(s).as_str() {
            "1" | "minimal" | "very low" | "negligible" => 1,
            "2" | "low" => 2,
            "3" | "medium" | "moderate" => 3,
            "4" | "high" => 4,
            "5" | "critical" | "very high" => 5,
            _ => {
                return Err(ParseEnumError {
                    what: "criticality",
                    value: s.to_owned(),
                    expected: "1-5, minimal, low, medium, high, critical",
                });
            }
        };
        Ok(Self(level))
    }
}

/// A validated WGS 84 coordinate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoPoint {
    lat: f64,
    lon: f64,
}

impl GeoPoint {
    /// Latitude must be in [-90, 90], longitude in [-180, 180], both finite.
    pub fn new(lat: f64, lon: f64) -> Option<Self> {
        let ok = lat.is_finite() && lon.is_finite() && (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon);
        ok.then_some(Self { lat, lon })
    }
    /// Latitude in degrees.
    pub fn lat(self) -> f64 {
        self.lat
    }
    /// Longitude in degrees.
    pub fn lon(self) -> f64 {
        self.lon
    }
}

/// Transport protocol of an open port.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protocol {
    /// TCP.
    Tcp,
    /// UDP.
    Udp,
    /// SCTP.
    Sctp,
    /// Raw IP protocol (nmap `-sO`); the "port" is the protocol number.
    Ip,
}

impl Protocol {
    /// Lower-case name as nmap writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Tcp => "tcp",
            Self::Udp => "udp",
            Self::Sctp => "sctp",
            Self::Ip => "ip",
        }
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Protocol {
    type Err = ParseEnumError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "tcp" => Ok(Self::Tcp),
            "udp" => Ok(Self::Udp),
            "sctp" => Ok(Self::Sctp),
            "ip" => Ok(Self::Ip),
            _ => Err(ParseEnumError {
                what: "protocol",
                value: s.to_owned(),
                expected: "tcp, udp, sctp, ip",
            }),
        }
    }
}

/// One open port with what was learnt about the service behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenPort {
    /// Port number.
    pub port: u16,
    /// Transport protocol.
    pub protocol: Protocol,
    /// Service name (nmap `service/@name`, e.g. `http`, `ssh`).
    pub service: Option<String>,
    /// Product (nmap `service/@product`, e.g. `OpenSSH`).
    pub product: Option<String>,
    /// Product version (nmap `service/@version`).
    pub version: Option<String>,
    /// Extra information (nmap `service/@extrainfo`, e.g. `protocol 2.0`).
    pub extra_info: Option<String>,
    /// Service CPEs as CPE 2.3 formatted strings. nmap can report several
    /// (application and OS), hence a list rather than the single CPE of the brief.
    pub cpes: Vec<String>,
    /// Script results for this port (nmap `<script id output>`), e.g.
    /// `http-title`, `banner`, `ssh-hostkey`: input for [`super::enrich`].
    pub scripts: Vec<ScriptOutput>,
}

impl OpenPort {
    /// A port with nothing known but its number and protocol.
    pub fn new(port: u16, protocol: Protocol) -> Self {
        Self {
            port,
            protocol,
            service: None,
            product: None,
            version: None,
            extra_info: None,
            cpes: Vec::new(),
            scripts: Vec::new(),
        }
    }
}

/// Output of one nmap NSE script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptOutput {
    /// Script id, e.g. `http-title`.
    pub id: String,
    /// Text output.
    pub output: String,
}

/// One operating-system guess.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OsMatch {
    /// OS name, e.g. `Linux 2.6.32 - 3.10`.
    pub name: String,
    /// Accuracy in percent, when the source gives one.
    pub accuracy: Option<u8>,
    /// Device type of the best OS class (nmap `osclass/@type`: `general purpose`,
    /// `router`, `webcam`, `printer`, ...).
    pub device_type: Option<String>,
    /// OS vendor of the best OS class.
    pub vendor: Option<String>,
    /// OS family of the best OS class.
    pub family: Option<String>,
    /// CPEs of all OS classes, as CPE 2.3 formatted strings.
    pub cpes: Vec<String>,
}

impl OsMatch {
    /// A guess with only a name.
    pub fn named(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            accuracy: None,
            device_type: None,
            vendor: None,
            family: None,
            cpes: Vec::new(),
        }
    }
}

/// A key under which two records from different sources are the same asset.
/// See [`AssetRecord::identity_keys`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IdentityKey {
    /// Manufacturer serial number, trimmed and upper-cased.
    Serial(String),
    /// Hardware address.
    Mac(MacAddr),
    /// A CPE together with the IP it was seen at.
    CpeAtIp {
        /// CPE 2.3 formatted string, lower-cased.
        cpe: String,
        /// Address.
        ip: IpAddr,
    },
    /// Host name, lower-cased, without a trailing dot.
    Hostname(String),
}

impl AssetRecord {
    /// A record with only a name.
    pub fn named(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    /// The keys that identify this asset, strongest first:
    ///
    /// 1. serial number (a manufacturer's serial is assumed unique in one
    ///    city's estate; compare vendors too if that does not hold),
    /// 2. MAC address,
    /// 3. each CPE combined with the IP address (a product at an address;
    ///    neither alone identifies a device: many share one CPE, and DHCP
    ///    moves addresses),
    /// 4. host name.
    ///
    /// An importer merging a record into the inventory looks the keys up in
    /// this order and takes the first hit.
    pub fn identity_keys(&self) -> Vec<IdentityKey> {
        let mut keys = Vec::new();
        if let Some(serial) = self.serial_number.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            keys.push(IdentityKey::Serial(serial.to_ascii_uppercase()));
        }
        if let Some(mac) = self.mac {
            keys.push(IdentityKey::Mac(mac));
        }
        if let Some(ip) = self.ip {
            for cpe in &self.cpes {
                keys.push(IdentityKey::CpeAtIp {
                    cpe: cpe.to_ascii_lowercase(),
                    ip,
                });
            }
        }
        if let Some(h) = self.hostname.as_deref() {
            let h = h.trim().trim_end_matches('.').to_ascii_lowercase();
            if !h.is_empty() {
                keys.push(IdentityKey::Hostname(h));
            }
        }
        keys
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asset_type_spellings() {
        let check = |s: &str, t: AssetType| assert_eq!(s.parse::<AssetType>().unwrap(), t, "{s}");
        check("PLC", AssetType::Plc);
        check("IP camera", AssetType::IpCamera);
        check("ip-camera", AssetType::IpCamera);
        check("IP_Camera", AssetType::IpCamera);
        check("CCTV", AssetType::IpCamera);
        check("Traffic Signal Controller", AssetType::TrafficController);
        check("smart-meter", AssetType::SmartMeter);
        check("SaaS", AssetType::Saas);
        check("Access Controller", AssetType::AccessController);
        for t in AssetType::ALL {
            assert_eq!(t.as_str().parse::<AssetType>().unwrap(), t);
        }
        assert!("toaster".parse::<AssetType>().is_err());
    }

    #[test]
    fn criticality_words_and_numbers() {
        assert_eq!("critical".parse::<Criticality>().unwrap().level(), 5);
        assert_eq!("Low".parse::<Criticality>().unwrap().level(), 2);
        assert_eq!("3".parse::<Criticality>().unwrap().level(), 3);
        assert!("6".parse::<Criticality>().is_err());
        assert!("0".parse::<Criticality>().is_err());
    }

    #[test]
    fn geo_ranges() {
        assert!(GeoPoint::new(52.5, 13.4).is_some());
        assert!(GeoPoint::new(90.1, 0.0).is_none());
        assert!(GeoPoint::new(0.0, -180.5).is_none());
        assert!(GeoPoint::new(f64::NAN, 0.0).is_none());
    }

    #[test]
    fn identity_key_order() {
        let mut r = AssetRecord::named("x");
        r.hostname = Some("Cam-1.Example.".into());
        r.ip = Some("10.0.0.5".parse().unwrap());
        r.cpes = vec!["cpe:2.3:h:axis:p1435:-:*:*:*:*:*:*:*".into()];
        r.mac = Some("00:40:8C:12:34:56".parse().unwrap());
        r.serial_number = Some(" accc8e123 ".into());
        let keys = r.identity_keys();
        assert_eq!(keys.len(), 4);
        assert_eq!(keys[0], IdentityKey::Serial("ACCC8E123".into()));
        assert!(matches!(keys[1], IdentityKey::Mac(_)));
        assert!(matches!(keys[2], IdentityKey::CpeAtIp { .. }));
        assert_eq!(keys[3], IdentityKey::Hostname("cam-1.example".into()));
    }
}
