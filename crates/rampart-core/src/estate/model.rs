//! The input vocabulary of the estate graph: zones, conduits, asset and
//! service profiles, data flows. Plain data with public fields; the
//! [`EstateBuilder`](super::EstateBuilder) checks ranges when the graph is built.

use super::ZoneIdx;

/// What kind of network zone this is (IEC 62443 speaks of zones and conduits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ZoneKind {
    /// The public internet.
    Internet,
    /// A demilitarised zone facing the internet.
    Dmz,
    /// Ordinary corporate IT.
    Corporate,
    /// Operational technology: control systems (SCADA, DCS, PLC networks).
    ControlOt,
    /// Field devices and IoT (sensors, cameras, signal controllers).
    FieldIot,
    /// Guest or public Wi-Fi.
    GuestWifi,
    /// A partner's or vendor's network (remote maintenance, shared services).
    Partner,
    /// Network and systems management.
    Management,
    /// Anything else.
    Other,
}

impl ZoneKind {
    /// Whether zones of this kind are untrusted by default (attack sources):
    /// the internet and guest Wi-Fi.
    pub fn untrusted_by_default(self) -> bool {
        matches!(self, ZoneKind::Internet | ZoneKind::GuestWifi)
    }
}

/// A network zone.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Zone {
    /// Caller's id, for mapping results back.
    pub id: i64,
    /// What kind of zone.
    pub kind: ZoneKind,
    /// Whether an attacker is assumed to be present here already; untrusted
    /// zones are the default sources of attack paths.
    pub untrusted: bool,
}

impl Zone {
    /// A zone whose trust follows [`ZoneKind::untrusted_by_default`].
    pub fn new(id: i64, kind: ZoneKind) -> Self {
        Zone {
            id,
            kind,
            untrusted: kind.untrusted_by_default(),
        }
    }
}

/// A permitted route from one zone to another (a firewall rule set, a VPN,
/// a routed link). Conduits are directed: `from` can open connections into `to`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Conduit {
    /// Zone the traffic comes from.
    pub from: ZoneIdx,
    /// Zone the traffic goes to.
    pub to: ZoneIdx,
    /// Caller's index into its own table of protocol notes ("TCP/502 Modbus
    /// from the historian only"), echoed in attack-path explanations.
    pub protocol_note: u32,
    /// Probability in (0, 1] that an attacker in `from` can get through to
    /// `to` (1 = open routing; lower for filtered, authenticated or monitored
    /// conduits). The hop costs `-ln(traversal_likelihood)`.
    pub traversal_likelihood: f64,
}

/// What kind of device an asset is. Each kind has its own weight in the
/// [compromise model](super::compromise::CompromiseWeights).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AssetType {
    /// Programmable logic controller.
    Plc,
    /// Remote terminal unit.
    Rtu,
    /// Human–machine interface.
    Hmi,
    /// IP camera / CCTV.
    Camera,
    /// Traffic signal controller.
    TrafficController,
    /// Sensor or meter.
    Sensor,
    /// IoT or protocol gateway, cellular modem.
    Gateway,
    /// Switch, router, firewall, access point.
    NetworkDevice,
    /// Server.
    Server,
    /// Workstation or laptop.
    Workstation,
    /// Anything else.
    Other,
}

impl AssetType {
    /// Every asset type.
    pub const ALL: [AssetType; 11] = [
        AssetType::Plc,
        AssetType::Rtu,
        AssetType::Hmi,
        AssetType::Camera,
        AssetType::TrafficController,
        AssetType::Sensor,
        AssetType::Gateway,
        AssetType::NetworkDevice,
        AssetType::Server,
        AssetType::Workstation,
        AssetType::Other,
    ];
}

/// How reachable an asset is, from least to most exposed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Exposure {
    /// Air-gapped or on an isolated segment.
    Isolated,
    /// Reachable from inside the city's networks only.
    Internal,
    /// Reachable through remote access (vendor VPN, remote desktop, cellular APN).
    RemoteAccess,
    /// Directly reachable from the internet.
    Internet,
}

/// Summary of the known vulnerabilities of an asset, as computed by matching
/// (the matching itself lives elsewhere; here they are input numbers).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct VulnSummary {
    /// Number of open (unpatched, applicable) vulnerabilities.
    pub count: u32,
    /// Highest CVSS base score among them, in [0, 10] (0 when `count` is 0).
    pub max_cvss: f32,
    /// How many of them are in CISA's Known Exploited Vulnerabilities catalog.
    pub kev_count: u32,
}

/// Security properties of a device, after the NISTIR 8259A / ETSI EN 303 645
/// baselines. Unknown should be recorded as `false` for protections and
/// `true` for `end_of_support_passed`: the model then errs on the side of risk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IotSecurity {
    /// Default or shared credentials have been changed (EN 303 645 provision 5.1).
    pub default_credentials_changed: bool,
    /// Firmware updates are supported and authenticated (EN 303 645 provision 5.3).
    pub secure_update: bool,
    /// Data is encrypted in transit.
    pub encrypted_in_transit: bool,
    /// Data is encrypted at rest.
    pub encrypted_at_rest: bool,
    /// Security events are logged to somewhere the city reads.
    pub logging: bool,
    /// The vendor no longer ships security updates.
    pub end_of_support_passed: bool,
}

impl IotSecurity {
    /// Every protection in place, still supported.
    pub const HARDENED: IotSecurity = IotSecurity {
        default_credentials_changed: true,
        secure_update: true,
        encrypted_in_transit: true,
        encrypted_at_rest: true,
        logging: true,
        end_of_support_passed: false,
    };
    /// No protection in place, out of support.
    pub const NONE: IotSecurity = IotSecurity {
        default_credentials_changed: false,
        secure_update: false,
        encrypted_in_transit: false,
        encrypted_at_rest: false,
        logging: false,
        end_of_support_passed: true,
    };
}

/// Everything the analyses need to know about one asset.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AssetProfile {
    /// Device kind.
    pub asset_type: AssetType,
    /// The zone the asset sits in. Further zones (multi-homed gateways) are
    /// added with [`EstateBuilder::add_interface`](super::EstateBuilder::add_interface).
    pub zone: ZoneIdx,
    /// How reachable it is.
    pub exposure: Exposure,
    /// Its known vulnerabilities.
    pub vulns: VulnSummary,
    /// Its security properties.
    pub iot: IotSecurity,
}

/// An ordinal impact level for a criticality factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Level {
    /// No impact.
    #[default]
    None,
    /// Low impact.
    Low,
    /// Moderate impact.
    Moderate,
    /// High impact.
    High,
    /// Severe impact (e.g. loss of life, city-wide outage).
    Severe,
}

/// How much a service matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Criticality {
    /// Impact on life and safety if the service stops.
    pub life_safety: Level,
    /// Number of people who rely on the service.
    pub population_served: u64,
    /// Economic impact of an outage.
    pub economic_impact: Level,
    /// Privacy impact of a compromise (personal data handled).
    pub privacy_impact: Level,
}

/// Everything the analyses need to know about one service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ServiceProfile {
    /// Criticality factors.
    pub criticality: Criticality,
    /// Recovery time objective, in minutes.
    pub rto_minutes: u32,
}

/// When a service counts as *critical* (the targets of SPOF detection and
/// attack-path queries). A service is critical iff any of its factors reaches
/// `min_level`, or it serves at least `min_population` people, or its RTO is
/// at most `max_rto_minutes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CriticalityPolicy {
    /// Level of life safety, economic or privacy impact that makes a service critical.
    pub min_level: Level,
    /// Population served that makes a service critical.
    pub min_population: u64,
    /// Recovery time objective (minutes) at or below which a service is critical.
    pub max_rto_minutes: u32,
}

impl Default for CriticalityPolicy {
    fn default() -> Self {
        CriticalityPolicy {
            min_level: Level::High,
            min_population: 100_000,
            max_rto_minutes: 60,
        }
    }
}

impl CriticalityPolicy {
    /// Whether `service` is critical under this policy.
    pub fn is_critical(&self, service: &ServiceProfile) -> bool {
        let c = &service.criticality;
        c.life_safety >= self.min_level
            || c.economic_impact >= self.min_level
            || c.privacy_impact >= self.min_level
            || c.population_served >= self.min_population
            || service.rto_minutes <= self.max_rto_minutes
    }
}

/// A set of data classes carried by a flow, as a bit set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct DataClasses(pub u32);

impl DataClasses {
    /// No data classes.
    pub const NONE: DataClasses = DataClasses(0);
    /// Personal data (GDPR / state privacy law sense).
    pub const PERSONAL: DataClasses = DataClasses(1);
    /// Health data.
    pub const HEALTH: DataClasses = DataClasses(1 << 1);
    /// Payment card or bank data.
    pub const PAYMENT: DataClasses = DataClasses(1 << 2);
    /// Criminal-justice information.
    pub const CRIMINAL_JUSTICE: DataClasses = DataClasses(1 << 3);
    /// Credentials and keys.
    pub const CREDENTIALS: DataClasses = DataClasses(1 << 4);
    /// Video and images.
    pub const VIDEO: DataClasses = DataClasses(1 << 5);
    /// Location data.
    pub const LOCATION: DataClasses = DataClasses(1 << 6);
    /// Control commands to physical processes.
    pub const CONTROL: DataClasses = DataClasses(1 << 7);
    /// Telemetry and measurements.
    pub const TELEMETRY: DataClasses = DataClasses(1 << 8);

    /// The union of two sets.
    pub fn union(self, other: DataClasses) -> DataClasses {
        DataClasses(self.0 | other.0)
    }

    /// Whether every class of `other` is in `self`.
    pub fn contains(self, other: DataClasses) -> bool {
        self.0 & other.0 == other.0
    }
}

/// A data flow between two assets. Directed: the `from` asset sends to (or
/// opens connections to) the `to` asset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DataFlow {
    /// Sending asset.
    pub from: super::NodeIdx,
    /// Receiving asset.
    pub to: super::NodeIdx,
    /// What data it carries.
    pub data_classes: DataClasses,
    /// Whether it is encrypted in transit.
    pub encrypted: bool,
}
