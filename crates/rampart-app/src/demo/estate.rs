//! The demo city's estate: network zones and conduits, 35 services with
//! realistic dependency chains and redundancy, fixed systems (SCADA, CAD,
//! data centre…) and device fleets (meters, lights, cameras, traffic
//! controllers…) scaled to `--devices`, with data flows. Device vendors,
//! products, versions and CPE names come from a catalog of real devices
//! extracted from public data (`data/device_catalog.tsv`, see its SOURCE.md).
//! Internet-exposed devices run models that a known-exploited vulnerability
//! of the demo's feed bundle applies to (`data/demo_feeds/kev_models.tsv`),
//! one CISA rates automatable when there is such a model of their type: the
//! edge devices attackers mass-exploit, and the findings the demo puts at
//! the top of the list.

use std::collections::HashMap;
use std::sync::OnceLock;

use rampart_store::{AssetFields, ServiceFields, Tx};
use rand::RngExt;
use serde_json::json;

use super::DemoContext;
use crate::audit::entry;
use crate::error::{AppError, Result};
use crate::estate::hash_fields;

/// A real device model.
#[derive(Debug, Clone)]
struct Model {
    vendor: &'static str,
    product: &'static str,
    model: &'static str,
    version: &'static str,
    cpes: String,
    /// A known-exploited vulnerability of the demo's feed bundle applies to
    /// it (1), one that CISA rates automatable (2); else 0.
    exploited: u8,
}

fn catalog() -> &'static HashMap<&'static str, Vec<Model>> {
    static CATALOG: OnceLock<HashMap<&'static str, Vec<Model>>> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let exploited: HashMap<(&str, &str, &str, &str), u8> = include_str!("../../data/demo_feeds/kev_models.tsv")
            .lines()
            .skip(1)
            .filter_map(|line| {
                let f: Vec<&str> = line.split('\t').collect();
                (f.len() >= 6).then(|| ((f[1], f[2], f[3], f[4]), if f[5] == "yes" { 2 } else { 1 }))
            })
            .collect();
        let mut m: HashMap<&'static str, Vec<Model>> = HashMap::new();
        for line in include_str!("../../data/device_catalog.tsv").lines().skip(1) {
            let f: Vec<&'static str> = line.split('\t').collect();
            if f.len() < 8 || f[1].is_empty() {
                continue;
            }
            let cpes = [f[5], f[6], f[7]]
                .iter()
                .filter(|c| c.starts_with("cpe:2.3:"))
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            m.entry(f[0]).or_default().push(Model {
                vendor: f[1],
                product: f[2],
                model: f[3],
                version: f[4],
                cpes,
                exploited: exploited.get(&(f[1], f[2], f[3], f[4])).copied().unwrap_or(0),
            });
        }
        m
    })
}

/// Zones: name, kind, untrusted, description.
const ZONES: &[(&str, &str, bool, &str)] = &[
    ("Internet", "internet", true, "The public internet."),
    (
        "City DMZ",
        "dmz",
        false,
        "Internet-facing servers: website, permits portal, VPN, email gateway.",
    ),
    (
        "Corporate IT",
        "corporate",
        false,
        "Offices, workstations and printers of all agencies.",
    ),
    (
        "Data Centre",
        "corporate",
        false,
        "City data centre: virtualisation, identity, databases.",
    ),
    (
        "Management",
        "management",
        false,
        "Network and systems management, jump hosts.",
    ),
    ("Water SCADA", "ot", false, "Water and wastewater control systems."),
    (
        "Water Field",
        "field",
        false,
        "Pump stations, lift stations, reservoirs, AMI collectors.",
    ),
    ("Traffic Control", "ot", false, "Traffic management centre and ATMS."),
    (
        "Traffic Field",
        "field",
        false,
        "Signal controllers and field cameras on cellular and fibre.",
    ),
    (
        "CCTV Network",
        "field",
        false,
        "City surveillance cameras and recorders.",
    ),
    (
        "Public Safety",
        "corporate",
        false,
        "911 centre, CAD, police and fire systems (CJIS).",
    ),
    (
        "Transit OT",
        "ot",
        false,
        "Fare collection, vehicle location, passenger information.",
    ),
    (
        "Smart Lighting",
        "field",
        false,
        "Street lighting controllers and gateways.",
    ),
    (
        "Building Management",
        "ot",
        false,
        "HVAC, access control and elevators in city buildings.",
    ),
    (
        "Guest Wi-Fi",
        "guest",
        true,
        "Public Wi-Fi in parks, libraries and city hall.",
    ),
    (
        "Vendor Remote Access",
        "partner",
        false,
        "Vendor support VPN into control systems.",
    ),
];

/// Conduits: from, to, protocols, traversal likelihood.
const CONDUITS: &[(&str, &str, &str, f64)] = &[
    (
        "Internet",
        "City DMZ",
        "TCP/443 HTTPS; TCP/25 SMTP; UDP/500,4500 IPsec",
        0.9,
    ),
    (
        "Internet",
        "Vendor Remote Access",
        "SSL VPN (MFA for some vendors)",
        0.5,
    ),
    ("City DMZ", "Data Centre", "TCP/1433 SQL from the portal; LDAPS", 0.4),
    ("Corporate IT", "Data Centre", "Windows domain, file, web", 0.8),
    ("Corporate IT", "City DMZ", "HTTPS", 0.9),
    ("Management", "Data Centre", "SSH, RDP, SNMP", 0.7),
    ("Management", "Water SCADA", "RDP to jump host", 0.3),
    ("Management", "Traffic Control", "SSH, RDP", 0.4),
    ("Management", "Smart Lighting", "HTTPS to gateways", 0.5),
    (
        "Data Centre",
        "Water SCADA",
        "Historian replication TCP/1433 through OT firewall",
        0.25,
    ),
    (
        "Vendor Remote Access",
        "Water SCADA",
        "RDP to engineering workstation",
        0.6,
    ),
    (
        "Water SCADA",
        "Water Field",
        "DNP3 TCP/20000; Modbus TCP/502 over radio and fibre",
        0.9,
    ),
    ("Corporate IT", "Traffic Control", "ATMS client HTTPS", 0.5),
    (
        "Traffic Control",
        "Traffic Field",
        "NTCIP SNMP UDP/161; RTSP video",
        0.9,
    ),
    (
        "Internet",
        "Traffic Field",
        "Cellular modems with public IPs (some)",
        0.15,
    ),
    ("Public Safety", "CCTV Network", "RTSP/ONVIF video", 0.8),
    ("Traffic Control", "CCTV Network", "RTSP video sharing", 0.6),
    ("Corporate IT", "Public Safety", "Restricted: records queries", 0.2),
    ("Data Centre", "Public Safety", "Identity, backups", 0.5),
    ("Data Centre", "Transit OT", "Fare backend, AVL server", 0.5),
    ("Internet", "Transit OT", "Payment processor VPN", 0.2),
    ("Data Centre", "Smart Lighting", "Central management system", 0.6),
    ("Corporate IT", "Building Management", "BMS web console", 0.5),
    ("Guest Wi-Fi", "Internet", "NAT only", 1.0),
];

/// A service: name, owner slug, description, life safety, population, economic, privacy (0-5), RTO minutes.
type ServiceSpec = (&'static str, &'static str, &'static str, i64, i64, i64, i64, i64);

const SERVICES: &[ServiceSpec] = &[
    (
        "Network core",
        "it",
        "Routing, switching and firewalls between all city networks.",
        3,
        420_000,
        4,
        1,
        30,
    ),
    (
        "Identity and directory",
        "it",
        "Active Directory and single sign-on for every agency.",
        2,
        5_200,
        4,
        3,
        60,
    ),
    (
        "Data centre virtualisation",
        "it",
        "The hypervisor cluster most city servers run on.",
        2,
        5_200,
        4,
        1,
        120,
    ),
    (
        "Email and collaboration",
        "it",
        "Email, calendars and file sharing.",
        1,
        5_200,
        3,
        3,
        480,
    ),
    (
        "City website and permits portal",
        "it",
        "Public website, permits and licences online.",
        0,
        420_000,
        3,
        3,
        1440,
    ),
    (
        "Enterprise GIS",
        "it",
        "Maps of assets, parcels and networks for all agencies.",
        1,
        5_200,
        2,
        1,
        1440,
    ),
    (
        "Financial and payroll system",
        "it",
        "Accounting, procurement and payroll.",
        0,
        5_200,
        4,
        4,
        1440,
    ),
    (
        "Public Wi-Fi",
        "parks",
        "Free Wi-Fi in parks, libraries and city hall.",
        0,
        60_000,
        1,
        2,
        2880,
    ),
    (
        "Water SCADA network",
        "water",
        "The OT network of the water utility.",
        4,
        420_000,
        4,
        0,
        60,
    ),
    (
        "Drinking water treatment",
        "water",
        "Treatment plant control: intake, filtration, disinfection.",
        5,
        420_000,
        5,
        0,
        60,
    ),
    (
        "Water distribution pumping",
        "water",
        "Pump stations and reservoirs keeping pressure city-wide.",
        5,
        420_000,
        5,
        0,
        120,
    ),
    (
        "Wastewater treatment",
        "water",
        "Treatment plant control before discharge to the bay.",
        4,
        400_000,
        4,
        0,
        240,
    ),
    (
        "Wastewater lift stations",
        "water",
        "Lift stations moving sewage to the plant.",
        4,
        400_000,
        3,
        0,
        240,
    ),
    (
        "Water quality monitoring",
        "water",
        "Online analysers for chlorine, turbidity, pH.",
        4,
        420_000,
        3,
        0,
        240,
    ),
    (
        "Water billing and AMI",
        "water",
        "Smart meters, collectors and billing.",
        0,
        140_000,
        3,
        4,
        2880,
    ),
    (
        "Traffic signal control",
        "transportation",
        "Adaptive signal control of city intersections.",
        4,
        420_000,
        4,
        0,
        30,
    ),
    (
        "Traffic management centre",
        "transportation",
        "Operators, video wall and ATMS.",
        3,
        420_000,
        3,
        1,
        60,
    ),
    (
        "Traffic cameras",
        "transportation",
        "Cameras watching arterials and intersections.",
        2,
        420_000,
        2,
        3,
        240,
    ),
    (
        "Parking management and payment",
        "transportation",
        "Pay stations, parking sensors and enforcement.",
        0,
        150_000,
        2,
        4,
        1440,
    ),
    (
        "Street lighting control",
        "public-works",
        "Smart street lights: schedules, dimming, fault alerts.",
        3,
        420_000,
        2,
        0,
        720,
    ),
    (
        "Emergency dispatch (911 CAD)",
        "emergency-communications",
        "Computer-aided dispatch of police, fire and EMS.",
        5,
        420_000,
        4,
        4,
        5,
    ),
    (
        "911 call handling",
        "emergency-communications",
        "Next-generation 911 call answering.",
        5,
        420_000,
        4,
        4,
        5,
    ),
    (
        "Public safety radio",
        "emergency-communications",
        "Radio dispatch consoles and backhaul.",
        5,
        420_000,
        3,
        1,
        10,
    ),
    (
        "Police records management",
        "police",
        "Incident reports, arrests, evidence index (CJIS).",
        2,
        420_000,
        2,
        5,
        240,
    ),
    (
        "Body-worn camera evidence",
        "police",
        "Upload and storage of body-worn camera video.",
        1,
        420_000,
        1,
        5,
        1440,
    ),
    (
        "City CCTV surveillance",
        "police",
        "Real-time city camera network.",
        3,
        420_000,
        2,
        4,
        60,
    ),
    (
        "Fire station alerting",
        "fire-ems",
        "Tones, lights and displays that turn out crews.",
        5,
        420_000,
        2,
        1,
        5,
    ),
    (
        "EMS patient care records",
        "fire-ems",
        "Electronic patient care reports.",
        3,
        40_000,
        2,
        5,
        240,
    ),
    (
        "Transit fare collection",
        "transit",
        "Validators, ticket machines and the fare backend.",
        0,
        95_000,
        3,
        4,
        240,
    ),
    (
        "Real-time passenger information",
        "transit",
        "Arrival predictions at stops and online.",
        0,
        95_000,
        1,
        1,
        480,
    ),
    (
        "Transit vehicle location",
        "transit",
        "GPS tracking of buses and trains.",
        2,
        95_000,
        2,
        2,
        120,
    ),
    (
        "Building management",
        "public-works",
        "HVAC and elevators in city buildings.",
        2,
        5_200,
        2,
        0,
        480,
    ),
    (
        "Physical access control",
        "public-works",
        "Badge readers on city buildings.",
        2,
        5_200,
        2,
        3,
        240,
    ),
    (
        "Fleet management",
        "public-works",
        "Vehicle telematics and maintenance.",
        0,
        5_200,
        2,
        1,
        1440,
    ),
    (
        "Public health clinic records",
        "health",
        "Electronic health records of city clinics.",
        3,
        30_000,
        2,
        5,
        480,
    ),
    (
        "Park irrigation control",
        "parks",
        "Irrigation controllers in parks.",
        0,
        420_000,
        1,
        0,
        4320,
    ),
];

const DISTRICTS: &[&str] = &[
    "Harborview",
    "Old Town",
    "Riverside",
    "North Hills",
    "Eastgate",
    "Mill District",
    "University Park",
    "Southport",
    "Lakeside",
    "Westfield",
];

/// Builds the rows; the transaction writes them at the end.
struct Gen {
    next_id: i64,
    assets: Vec<(i64, AssetFields)>,
    deps: Vec<(&'static str, i64, &'static str, i64, Option<usize>)>,
    groups: Vec<(&'static str, i64, String, i64)>,
    flows: Vec<(i64, i64, String, bool)>,
    zones: HashMap<&'static str, i64>,
    orgs: HashMap<String, i64>,
    services: HashMap<&'static str, i64>,
    counter: HashMap<&'static str, u32>,
}

/// How an asset should look.
struct Spec {
    ty: &'static str,
    prefix: &'static str,
    zone: &'static str,
    org: &'static str,
    site: String,
    district: usize,
    exposed: bool,
    criticality: i64,
    data: &'static str,
}

impl Gen {
    fn asset(&mut self, rng: &mut impl rand::Rng, s: Spec) -> Result<i64> {
        let models = catalog()
            .get(s.ty)
            .filter(|v| !v.is_empty())
            .or_else(|| catalog().get("other"));
        // Exposed devices: the most exploited models of the type, if any.
        let exploited: Vec<&Model> = match models {
            Some(v) if s.exposed => {
                let top = v.iter().map(|m| m.exploited).max().unwrap_or(0);
                v.iter().filter(|m| top > 0 && m.exploited == top).collect()
            }
            _ => Vec::new(),
        };
        let pick = if exploited.is_empty() {
            models.and_then(|v| v.get(rng.random_range(0..v.len())))
        } else {
            exploited.get(rng.random_range(0..exploited.len())).copied()
        };
        let m = pick.cloned().unwrap_or(Model {
            vendor: "Generic",
            product: "Device",
            model: "",
            version: "1.0",
            cpes: String::new(),
            exploited: 0,
        });
        let n = self.counter.entry(s.prefix).or_insert(0);
        *n += 1;
        let id = self.next_id;
        self.next_id += 1;
        let zone_id = self.zones.get(s.zone).copied();
        let org_id = *self
            .orgs
            .get(s.org)
            .ok_or_else(|| AppError::Internal(format!("demo org {} missing", s.org)))?;
        let zone_octet = ZONES.iter().position(|z| z.0 == s.zone).unwrap_or(0);
        let (lat, lon) = (
            41.49 + rng.random_range(0.0..0.12),
            -71.43 + rng.random_range(0.0..0.15),
        );
        let hardened = matches!(s.ty, "server" | "firewall" | "workstation");
        let mut f = AssetFields {
            org_id,
            name: format!("{}-{:04}", s.prefix, n),
            asset_type: s.ty.to_owned(),
            vendor: Some(m.vendor.to_owned()),
            vendor_key: rampart_core::normalize::normalize_vendor(m.vendor).as_str().to_owned(),
            product: Some(m.product.to_owned()).filter(|p| !p.is_empty()),
            model: Some(m.model.to_owned()).filter(|p| !p.is_empty()),
            version: None,
            firmware_version: Some(m.version.to_owned()).filter(|p| !p.is_empty()),
            cpes: m.cpes,
            purls: String::new(),
            serial_number: Some(format!(
                "{}{:08X}",
                &s.prefix[..s.prefix.len().min(3)],
                rng.random_range(0..u32::MAX)
            )),
            mac: None,
            ip: Some(format!("10.{}.{}.{}", zone_octet + 10, (id / 250) % 250, id % 250 + 2)),
            hostname: None,
            zone_id,
            internet_exposed: s.exposed,
            site: Some(s.site),
            district: Some(DISTRICTS[s.district % DISTRICTS.len()].to_owned()),
            lat: Some(lat),
            lon: Some(lon),
            criticality: s.criticality,
            data_classes: s.data.to_owned(),
            default_credentials_changed: tri(rng, if hardened { 0.95 } else { 0.6 }),
            secure_update_supported: tri(rng, if hardened { 0.9 } else { 0.45 }),
            update_channel: None,
            encrypted_in_transit: tri(rng, if hardened { 0.9 } else { 0.35 }),
            encrypted_at_rest: tri(rng, if hardened { 0.7 } else { 0.2 }),
            logging_enabled: tri(rng, if hardened { 0.9 } else { 0.3 }),
            end_of_support: (rng.random_range(0..100) < 12).then(|| format!("20{}-06-30", rng.random_range(18..25))),
            open_ports: String::new(),
            os: None,
            tags: "demo".to_owned(),
            source: "demo city".to_owned(),
            content_hash: String::new(),
        };
        if matches!(s.ty, "server" | "workstation" | "hmi") {
            f.hostname = Some(format!("{}-{:04}.riverton.example", s.prefix.to_lowercase(), n));
        }
        f.content_hash = hash_fields(&f);
        self.assets.push((id, f));
        Ok(id)
    }

    fn service(&self, name: &str) -> i64 {
        self.services.get(name).copied().unwrap_or(0)
    }

    fn needs(&mut self, service: &str, asset: i64) {
        let s = self.service(service);
        self.deps.push(("service", s, "asset", asset, None));
    }

    fn needs_service(&mut self, service: &str, other: &str) {
        let (a, b) = (self.service(service), self.service(other));
        self.deps.push(("service", a, "service", b, None));
    }

    fn needs_group(&mut self, service: &str, name: &str, k: usize, members: &[i64]) {
        if members.is_empty() {
            return;
        }
        let s = self.service(service);
        let g = self.groups.len();
        let k = i64::try_from(k.clamp(1, members.len())).unwrap_or(1);
        self.groups.push(("service", s, name.to_owned(), k));
        for m in members {
            self.deps.push(("service", s, "asset", *m, Some(g)));
        }
    }

    fn asset_needs(&mut self, asset: i64, other: i64) {
        self.deps.push(("asset", asset, "asset", other, None));
    }

    fn flow(&mut self, from: i64, to: i64, data: &str, encrypted: bool) {
        self.flows.push((from, to, data.to_owned(), encrypted));
    }
}

/// A property that is unknown 10 % of the time, else true with probability `yes`.
fn tri(rng: &mut impl rand::Rng, yes: f64) -> Option<bool> {
    let r: f64 = rng.random_range(0.0..1.0);
    if r < 0.1 {
        None
    } else {
        Some(rng.random_range(0.0..1.0) < yes)
    }
}

fn spec(
    ty: &'static str,
    prefix: &'static str,
    zone: &'static str,
    org: &'static str,
    site: &str,
    criticality: i64,
) -> Spec {
    Spec {
        ty,
        prefix,
        zone,
        org,
        site: site.to_owned(),
        district: 0,
        exposed: false,
        criticality,
        data: "",
    }
}

/// Makes `n` assets of one spec, returning their ids.
fn many(g: &mut Gen, rng: &mut impl rand::Rng, n: usize, f: impl Fn(usize) -> Spec) -> Result<Vec<i64>> {
    (0..n).map(|i| g.asset(rng, f(i))).collect()
}

/// The estate step of the demo city.
pub(crate) async fn estate(ctx: &mut DemoContext<'_>) -> Result<()> {
    let app = ctx.app;
    let now = app.now();
    let mut tx: Tx = app.store.begin().await?;
    let mut g = Gen {
        next_id: 0,
        assets: Vec::new(),
        deps: Vec::new(),
        groups: Vec::new(),
        flows: Vec::new(),
        zones: HashMap::new(),
        orgs: ctx.orgs.iter().map(|(k, v)| (k.clone(), v.0)).collect(),
        services: HashMap::new(),
        counter: HashMap::new(),
    };
    for (name, kind, untrusted, desc) in ZONES {
        let id = tx.upsert_zone(name, kind, *untrusted, desc, now).await?.id();
        g.zones.insert(name, id);
    }
    for (from, to, protocols, t) in CONDUITS {
        if let (Some(&a), Some(&b)) = (g.zones.get(from), g.zones.get(to)) {
            tx.upsert_conduit(a, b, protocols, *t, "").await?;
        }
    }
    for (name, org, desc, life, pop, econ, privacy, rto) in SERVICES {
        let org_id = *g
            .orgs
            .get(*org)
            .ok_or_else(|| AppError::Internal(format!("demo org {org} missing")))?;
        let f = ServiceFields {
            org_id,
            name: (*name).to_owned(),
            description: (*desc).to_owned(),
            life_safety: *life,
            population_served: *pop,
            economic_impact: *econ,
            privacy_impact: *privacy,
            rto_minutes: Some(*rto),
            critical: None,
        };
        let id = tx.upsert_service(&f, now).await?.id();
        g.services.insert(name, id);
    }
    g.next_id = tx.reserve_asset_ids(1).await?.first().copied().unwrap_or(1);
    let rng = &mut ctx.rng;
    let total = usize::try_from(ctx.options.devices.clamp(500, 5_000_000)).unwrap_or(20_000);

    // --- IT foundation -----------------------------------------------------
    let core = many(&mut g, rng, 2, |_| {
        spec("router", "CORE-RTR", "Data Centre", "it", "City Data Centre", 5)
    })?;
    let fw = many(&mut g, rng, 2, |_| {
        spec("firewall", "EDGE-FW", "City DMZ", "it", "City Data Centre", 5)
    })?;
    let dc_sw = many(&mut g, rng, 4, |_| {
        spec("switch", "DC-SW", "Data Centre", "it", "City Data Centre", 4)
    })?;
    g.needs_group("Network core", "core routers", 1, &core);
    g.needs_group("Network core", "edge firewalls", 1, &fw);
    g.needs_group("Network core", "data centre switches", 3, &dc_sw);
    let hosts = many(&mut g, rng, 6, |_| {
        spec("server", "ESX", "Data Centre", "it", "City Data Centre", 4)
    })?;
    g.needs_group("Data centre virtualisation", "hypervisor hosts", 4, &hosts);
    g.needs_service("Data centre virtualisation", "Network core");
    let dcs = many(&mut g, rng, 2, |_| {
        spec("server", "DC", "Data Centre", "it", "City Data Centre", 5)
    })?;
    g.needs_group("Identity and directory", "domain controllers", 1, &dcs);
    g.needs_service("Identity and directory", "Data centre virtualisation");
    let mail = many(&mut g, rng, 2, |_| {
        spec("server", "MAIL", "Data Centre", "it", "City Data Centre", 3)
    })?;
    g.needs_group("Email and collaboration", "mail servers", 1, &mail);
    g.needs_service("Email and collaboration", "Identity and directory");
    let web = many(&mut g, rng, 2, |_| Spec {
        exposed: true,
        ..spec("server", "WEB", "City DMZ", "it", "City Data Centre", 3)
    })?;
    let portal_db = g.asset(rng, spec("server", "SQL", "Data Centre", "it", "City Data Centre", 4))?;
    g.needs_group("City website and permits portal", "web servers", 1, &web);
    g.needs("City website and permits portal", portal_db);
    g.needs_service("City website and permits portal", "Network core");
    for w in &web {
        g.flow(*w, portal_db, "personal", true);
    }
    let vpn = g.asset(
        rng,
        Spec {
            exposed: true,
            ..spec("firewall", "VPN", "Vendor Remote Access", "it", "City Data Centre", 4)
        },
    )?;
    let gis = g.asset(rng, spec("server", "GIS", "Data Centre", "it", "City Data Centre", 2))?;
    g.needs("Enterprise GIS", gis);
    g.needs_service("Enterprise GIS", "Data centre virtualisation");
    let erp = g.asset(
        rng,
        Spec {
            data: "personal payment",
            ..spec("server", "ERP", "Data Centre", "it", "City Data Centre", 4)
        },
    )?;
    g.needs("Financial and payroll system", erp);
    g.needs_service("Financial and payroll system", "Identity and directory");
    let syslog = g.asset(rng, spec("server", "SIEM", "Management", "it", "City Data Centre", 3))?;
    let jump = g.asset(
        rng,
        spec("workstation", "JUMP", "Management", "it", "City Data Centre", 3),
    )?;
    g.flow(jump, dcs[0], "credentials", true);

    // --- Water -------------------------------------------------------------
    let ot_fw = many(&mut g, rng, 2, |_| {
        spec("firewall", "OT-FW", "Water SCADA", "water", "Water Treatment Plant", 5)
    })?;
    let ot_sw = many(&mut g, rng, 3, |_| {
        spec("switch", "WTP-SW", "Water SCADA", "water", "Water Treatment Plant", 5)
    })?;
    g.needs_group("Water SCADA network", "OT firewalls", 1, &ot_fw);
    g.needs_group("Water SCADA network", "OT switches", 2, &ot_sw);
    let scada = many(&mut g, rng, 2, |_| {
        spec(
            "server",
            "WTP-SCADA",
            "Water SCADA",
            "water",
            "Water Treatment Plant",
            5,
        )
    })?;
    let historian = g.asset(
        rng,
        spec("server", "HIST", "Water SCADA", "water", "Water Treatment Plant", 3),
    )?;
    let ews = g.asset(
        rng,
        spec("workstation", "EWS", "Water SCADA", "water", "Water Treatment Plant", 4),
    )?;
    let hmis = many(&mut g, rng, 3, |_| {
        spec("hmi", "WTP-HMI", "Water SCADA", "water", "Water Treatment Plant", 4)
    })?;
    let wtp_plcs = many(&mut g, rng, 6, |_| {
        spec("plc", "WTP-PLC", "Water SCADA", "water", "Water Treatment Plant", 5)
    })?;
    let chem_pumps = many(&mut g, rng, 3, |_| {
        spec("plc", "CHEM-PLC", "Water SCADA", "water", "Water Treatment Plant", 5)
    })?;
    g.needs_service("Drinking water treatment", "Water SCADA network");
    g.needs_group("Drinking water treatment", "SCADA servers", 1, &scada);
    g.needs_group("Drinking water treatment", "operator HMIs", 1, &hmis);
    for p in &wtp_plcs[..4] {
        g.needs("Drinking water treatment", *p);
    }
    g.needs_group("Drinking water treatment", "chemical dosing pumps", 2, &chem_pumps);
    // A vendor left the HMI reachable: the classic exposure.
    let exposed_hmi = g.asset(
        rng,
        Spec {
            exposed: true,
            ..spec("hmi", "RES-HMI", "Water Field", "water", "North Hills Reservoir", 4)
        },
    )?;
    for p in wtp_plcs.iter().chain(&chem_pumps) {
        g.flow(*p, scada[0], "operational", false);
        g.flow(scada[0], *p, "operational", false);
    }
    g.flow(scada[0], historian, "operational", false);
    g.flow(historian, portal_db, "operational", true);
    g.flow(ews, wtp_plcs[0], "operational", false);
    g.flow(vpn, ews, "credentials", true);
    let radios = many(&mut g, rng, 4, |i| Spec {
        district: i,
        ..spec("gateway", "TELEM-GW", "Water Field", "water", "Radio telemetry", 4)
    })?;
    let pump_rtus = many(&mut g, rng, 8, |i| Spec {
        district: i,
        ..spec(
            "rtu",
            "PS-RTU",
            "Water Field",
            "water",
            &format!("{} Pump Station", DISTRICTS[i % 10]),
            5,
        )
    })?;
    g.needs_service("Water distribution pumping", "Water SCADA network");
    g.needs_group("Water distribution pumping", "telemetry radios", 3, &radios);
    g.needs_group("Water distribution pumping", "pump stations", 6, &pump_rtus);
    g.needs_group("Water distribution pumping", "SCADA servers", 1, &scada);
    for (i, r) in pump_rtus.iter().enumerate() {
        g.asset_needs(*r, radios[i % radios.len()]);
        g.flow(*r, scada[0], "operational", false);
    }
    let wwtp = many(&mut g, rng, 5, |_| {
        spec(
            "plc",
            "WWTP-PLC",
            "Water SCADA",
            "water",
            "Wastewater Treatment Plant",
            4,
        )
    })?;
    let wwtp_hmi = many(&mut g, rng, 2, |_| {
        spec(
            "hmi",
            "WWTP-HMI",
            "Water SCADA",
            "water",
            "Wastewater Treatment Plant",
            3,
        )
    })?;
    g.needs_service("Wastewater treatment", "Water SCADA network");
    g.needs_group("Wastewater treatment", "process PLCs", 4, &wwtp);
    g.needs_group("Wastewater treatment", "operator HMIs", 1, &wwtp_hmi);
    let lift = many(&mut g, rng, 12, |i| Spec {
        district: i,
        ..spec(
            "rtu",
            "LS-RTU",
            "Water Field",
            "water",
            &format!("{} Lift Station", DISTRICTS[i % 10]),
            4,
        )
    })?;
    g.needs_group("Wastewater lift stations", "lift stations", 10, &lift);
    g.needs_group("Wastewater lift stations", "telemetry radios", 3, &radios);
    let analysers = many(&mut g, rng, 10, |i| Spec {
        district: i,
        ..spec("sensor", "WQ-AN", "Water Field", "water", "Distribution system", 3)
    })?;
    g.needs_group("Water quality monitoring", "analysers", 8, &analysers);
    g.needs_group("Water quality monitoring", "SCADA servers", 1, &scada);

    // --- Fleets scale with --devices ---------------------------------------
    let fixed = g.assets.len();
    let fleet = total.saturating_sub(fixed + 400);
    let share = |pct: usize| (fleet * pct / 100).max(4);
    let collectors = many(&mut g, rng, (share(35) / 2000).max(2), |i| Spec {
        district: i,
        ..spec("gateway", "AMI-COL", "Water Field", "water", "AMI collector", 3)
    })?;
    let headend = g.asset(
        rng,
        Spec {
            data: "personal payment",
            ..spec("server", "AMI-HE", "Data Centre", "water", "City Data Centre", 3)
        },
    )?;
    let meters = many(&mut g, rng, share(35), |i| Spec {
        district: i % 10,
        data: "personal location",
        ..spec("smart_meter", "MTR", "Water Field", "water", "Customer premises", 1)
    })?;
    for (i, m) in meters.iter().enumerate() {
        let c = collectors[i % collectors.len()];
        g.asset_needs(*m, c);
        g.flow(*m, c, "personal", false);
    }
    for c in &collectors {
        g.flow(*c, headend, "personal", true);
    }
    g.needs("Water billing and AMI", headend);
    g.needs_group(
        "Water billing and AMI",
        "AMI collectors",
        (collectors.len() * 3).div_ceil(4),
        &collectors,
    );
    g.needs_group("Water billing and AMI", "meters", meters.len() / 2, &meters);
    g.needs_service("Water billing and AMI", "Financial and payroll system");

    // Transportation
    let atms = many(&mut g, rng, 2, |_| {
        spec(
            "server",
            "ATMS",
            "Traffic Control",
            "transportation",
            "Traffic Management Centre",
            5,
        )
    })?;
    let tmc_ws = many(&mut g, rng, 6, |_| {
        spec(
            "workstation",
            "TMC-WS",
            "Traffic Control",
            "transportation",
            "Traffic Management Centre",
            3,
        )
    })?;
    let field_sw = many(&mut g, rng, 10, |i| Spec {
        district: i,
        ..spec("switch", "TRF-SW", "Traffic Field", "transportation", "Fibre hub", 4)
    })?;
    let signals = many(&mut g, rng, share(5), |i| Spec {
        district: i % 10,
        exposed: i % 47 == 3,
        ..spec(
            "traffic_controller",
            "SIG",
            "Traffic Field",
            "transportation",
            "Intersection",
            4,
        )
    })?;
    for (i, s) in signals.iter().enumerate() {
        g.asset_needs(*s, field_sw[i % field_sw.len()]);
        g.flow(atms[0], *s, "operational", false);
        g.flow(*s, atms[0], "operational", false);
    }
    g.needs_group("Traffic signal control", "ATMS servers", 1, &atms);
    g.needs_group("Traffic signal control", "field hubs", 8, &field_sw);
    g.needs_group(
        "Traffic signal control",
        "signal controllers",
        signals.len() * 6 / 10,
        &signals,
    );
    g.needs_service("Traffic management centre", "Traffic signal control");
    g.needs_group("Traffic management centre", "operator workstations", 2, &tmc_ws);
    g.needs_service("Traffic management centre", "Identity and directory");
    let trf_cams = many(&mut g, rng, share(4), |i| Spec {
        district: i % 10,
        data: "video",
        ..spec(
            "ip_camera",
            "TCAM",
            "Traffic Field",
            "transportation",
            "Intersection",
            2,
        )
    })?;
    let trf_nvr = many(&mut g, rng, 2, |_| Spec {
        data: "video",
        ..spec(
            "nvr",
            "TNVR",
            "Traffic Control",
            "transportation",
            "Traffic Management Centre",
            3,
        )
    })?;
    for (i, c) in trf_cams.iter().enumerate() {
        g.flow(*c, trf_nvr[i % 2], "video", false);
    }
    g.needs_group("Traffic cameras", "recorders", 1, &trf_nvr);
    g.needs_group("Traffic cameras", "cameras", trf_cams.len() / 2, &trf_cams);
    let pay = many(&mut g, rng, share(3), |i| Spec {
        district: i % 10,
        exposed: i % 61 == 7,
        data: "payment",
        ..spec(
            "access_controller",
            "PAY",
            "Traffic Field",
            "transportation",
            "Parking",
            2,
        )
    })?;
    let park_srv = g.asset(
        rng,
        Spec {
            data: "payment personal",
            ..spec("server", "PARK", "Data Centre", "transportation", "City Data Centre", 3)
        },
    )?;
    for p in &pay {
        g.flow(*p, park_srv, "payment", true);
    }
    g.needs("Parking management and payment", park_srv);
    g.needs_group("Parking management and payment", "pay stations", pay.len() / 2, &pay);

    // Street lighting
    let light_gw = many(&mut g, rng, 20, |i| Spec {
        district: i,
        exposed: i == 13,
        ..spec(
            "gateway",
            "LGT-GW",
            "Smart Lighting",
            "public-works",
            "Lighting cabinet",
            3,
        )
    })?;
    let cms = g.asset(
        rng,
        spec(
            "server",
            "LGT-CMS",
            "Data Centre",
            "public-works",
            "City Data Centre",
            3,
        ),
    )?;
    let lights = many(&mut g, rng, share(20), |i| Spec {
        district: i % 10,
        ..spec("sensor", "LGT", "Smart Lighting", "public-works", "Street", 1)
    })?;
    for (i, l) in lights.iter().enumerate() {
        let gw = light_gw[i % light_gw.len()];
        g.asset_needs(*l, gw);
        g.flow(*l, gw, "operational", false);
    }
    for gw in &light_gw {
        g.flow(*gw, cms, "operational", true);
    }
    g.needs("Street lighting control", cms);
    g.needs_group("Street lighting control", "lighting gateways", 16, &light_gw);
    g.needs_group(
        "Street lighting control",
        "light controllers",
        lights.len() / 2,
        &lights,
    );

    // Public safety
    let cad = many(&mut g, rng, 2, |_| Spec {
        data: "personal location health",
        ..spec(
            "server",
            "CAD",
            "Public Safety",
            "emergency-communications",
            "Emergency Communications Center",
            5,
        )
    })?;
    let cad_ws = many(&mut g, rng, 12, |_| Spec {
        data: "personal location",
        ..spec(
            "workstation",
            "CAD-WS",
            "Public Safety",
            "emergency-communications",
            "Emergency Communications Center",
            4,
        )
    })?;
    let ps_sw = many(&mut g, rng, 2, |_| {
        spec(
            "switch",
            "PSAP-SW",
            "Public Safety",
            "emergency-communications",
            "Emergency Communications Center",
            5,
        )
    })?;
    g.needs_group("Emergency dispatch (911 CAD)", "CAD servers", 1, &cad);
    g.needs_group("Emergency dispatch (911 CAD)", "dispatcher positions", 8, &cad_ws);
    g.needs_group("Emergency dispatch (911 CAD)", "PSAP switches", 1, &ps_sw);
    g.needs_service("Emergency dispatch (911 CAD)", "Identity and directory");
    g.needs_service("Emergency dispatch (911 CAD)", "Public safety radio");
    for w in &cad_ws {
        g.flow(*w, cad[0], "personal location", true);
    }
    let ng911 = many(&mut g, rng, 2, |_| Spec {
        data: "personal location",
        ..spec(
            "server",
            "NG911",
            "Public Safety",
            "emergency-communications",
            "Emergency Communications Center",
            5,
        )
    })?;
    g.needs_group("911 call handling", "call handling servers", 1, &ng911);
    g.needs_group("911 call handling", "PSAP switches", 1, &ps_sw);
    g.needs_group("911 call handling", "call-taker positions", 6, &cad_ws);
    let radio = many(&mut g, rng, 3, |_| {
        spec(
            "gateway",
            "RADIO",
            "Public Safety",
            "emergency-communications",
            "Radio tower site",
            5,
        )
    })?;
    g.needs_group("Public safety radio", "radio sites", 2, &radio);
    g.needs_service("Public safety radio", "Network core");
    let rms = g.asset(
        rng,
        Spec {
            data: "personal",
            ..spec("server", "RMS", "Public Safety", "police", "Police Headquarters", 4)
        },
    )?;
    g.needs("Police records management", rms);
    g.needs_service("Police records management", "Identity and directory");
    let bwc = g.asset(
        rng,
        Spec {
            data: "video personal",
            ..spec("server", "BWC", "Public Safety", "police", "Police Headquarters", 3)
        },
    )?;
    g.needs("Body-worn camera evidence", bwc);
    g.needs_service("Body-worn camera evidence", "Data centre virtualisation");
    let nvrs = many(&mut g, rng, 4, |_| Spec {
        data: "video",
        ..spec("nvr", "NVR", "CCTV Network", "police", "Police Headquarters", 4)
    })?;
    let cams = many(&mut g, rng, share(12), |i| Spec {
        district: i % 10,
        exposed: i % 33 == 5,
        data: "video",
        ..spec("ip_camera", "CAM", "CCTV Network", "police", "Street", 2)
    })?;
    for (i, c) in cams.iter().enumerate() {
        g.flow(*c, nvrs[i % nvrs.len()], "video", false);
    }
    g.needs_group("City CCTV surveillance", "recorders", 3, &nvrs);
    g.needs_group("City CCTV surveillance", "cameras", cams.len() / 2, &cams);
    let stations = many(&mut g, rng, 14, |i| Spec {
        district: i,
        ..spec(
            "gateway",
            "FSA",
            "Public Safety",
            "fire-ems",
            &format!("Fire Station {}", i + 1),
            5,
        )
    })?;
    g.needs_group("Fire station alerting", "station alerting controllers", 12, &stations);
    g.needs_service("Fire station alerting", "Emergency dispatch (911 CAD)");
    let epcr = g.asset(
        rng,
        Spec {
            data: "health personal",
            ..spec("server", "EPCR", "Data Centre", "fire-ems", "City Data Centre", 3)
        },
    )?;
    g.needs("EMS patient care records", epcr);
    g.needs_service("EMS patient care records", "Data centre virtualisation");

    // Transit
    let fare_srv = many(&mut g, rng, 2, |_| Spec {
        data: "payment personal",
        ..spec(
            "server",
            "FARE",
            "Transit OT",
            "transit",
            "Transit Operations Center",
            4,
        )
    })?;
    let validators = many(&mut g, rng, share(3), |i| Spec {
        district: i % 10,
        data: "payment",
        ..spec("access_controller", "VAL", "Transit OT", "transit", "Bus", 2)
    })?;
    for v in &validators {
        g.flow(*v, fare_srv[0], "payment", true);
    }
    g.needs_group("Transit fare collection", "fare servers", 1, &fare_srv);
    g.needs_group(
        "Transit fare collection",
        "validators",
        validators.len() / 2,
        &validators,
    );
    let avl = g.asset(
        rng,
        Spec {
            data: "location",
            ..spec("server", "AVL", "Transit OT", "transit", "Transit Operations Center", 3)
        },
    )?;
    let bus_gw = many(&mut g, rng, share(2), |i| Spec {
        district: i % 10,
        exposed: i % 40 == 1,
        data: "location",
        ..spec("gateway", "BUS-GW", "Transit OT", "transit", "Bus", 2)
    })?;
    for b in &bus_gw {
        g.flow(*b, avl, "location", false);
    }
    g.needs("Transit vehicle location", avl);
    g.needs_group(
        "Transit vehicle location",
        "vehicle gateways",
        bus_gw.len() / 2,
        &bus_gw,
    );
    let rtpi = g.asset(
        rng,
        spec(
            "server",
            "RTPI",
            "Transit OT",
            "transit",
            "Transit Operations Center",
            2,
        ),
    )?;
    g.needs("Real-time passenger information", rtpi);
    g.needs_service("Real-time passenger information", "Transit vehicle location");

    // Facilities, health, parks
    let bms = many(&mut g, rng, 8, |i| Spec {
        district: i,
        ..spec("plc", "BMS", "Building Management", "public-works", "City building", 2)
    })?;
    g.needs_group("Building management", "building controllers", 6, &bms);
    let doors = many(&mut g, rng, share(2), |i| Spec {
        district: i % 10,
        ..spec(
            "access_controller",
            "DOOR",
            "Building Management",
            "public-works",
            "City building",
            2,
        )
    })?;
    let pacs = g.asset(
        rng,
        Spec {
            data: "personal",
            ..spec("server", "PACS", "Data Centre", "public-works", "City Data Centre", 3)
        },
    )?;
    for d in &doors {
        g.flow(*d, pacs, "personal", false);
    }
    g.needs("Physical access control", pacs);
    g.needs_group(
        "Physical access control",
        "door controllers",
        doors.len() * 6 / 10,
        &doors,
    );
    let fleet_srv = g.asset(
        rng,
        spec("server", "FLEET", "Data Centre", "public-works", "City Data Centre", 2),
    )?;
    g.needs("Fleet management", fleet_srv);
    g.needs_service("Fleet management", "Data centre virtualisation");
    let ehr = g.asset(
        rng,
        Spec {
            data: "health personal",
            ..spec("server", "EHR", "Data Centre", "health", "City Data Centre", 4)
        },
    )?;
    g.needs("Public health clinic records", ehr);
    g.needs_service("Public health clinic records", "Identity and directory");
    let aps = many(&mut g, rng, (share(2)).max(10), |i| Spec {
        district: i % 10,
        ..spec("router", "WIFI-AP", "Guest Wi-Fi", "parks", "Park", 1)
    })?;
    g.needs_group("Public Wi-Fi", "access points", aps.len() / 2, &aps);
    let irr = many(&mut g, rng, share(1), |i| Spec {
        district: i % 10,
        ..spec("sensor", "IRR", "Smart Lighting", "parks", "Park", 1)
    })?;
    g.needs_group("Park irrigation control", "irrigation controllers", irr.len() / 2, &irr);

    // Fleet devices log to the SIEM and are polled by the network management server (SNMP).
    let nms = g.asset(rng, spec("server", "NMS", "Management", "it", "City Data Centre", 3))?;
    let fleet_ids: Vec<i64> = meters
        .iter()
        .chain(&lights)
        .chain(&signals)
        .chain(&cams)
        .chain(&trf_cams)
        .chain(&validators)
        .chain(&bus_gw)
        .chain(&doors)
        .chain(&pay)
        .chain(&irr)
        .copied()
        .collect();
    for d in fleet_ids {
        g.flow(d, syslog, "operational", true);
        g.flow(nms, d, "operational", false);
    }
    for (i, m) in meters.iter().enumerate() {
        g.flow(collectors[i % collectors.len()], *m, "operational", false);
    }
    for (i, l) in lights.iter().enumerate() {
        g.flow(light_gw[i % light_gw.len()], *l, "operational", false);
    }
    // Office IT fills the rest: workstations and printers in the corporate zone, logging to the SIEM.
    let remaining = total.saturating_sub(g.assets.len());
    let agencies = [
        "it",
        "water",
        "transportation",
        "police",
        "fire-ems",
        "public-works",
        "parks",
        "transit",
        "health",
    ];
    let office = many(&mut g, rng, remaining, |i| {
        let org = agencies[i % agencies.len()];
        if i % 12 == 0 {
            spec("printer", "PRN", "Corporate IT", org, "City Hall", 1)
        } else {
            Spec {
                data: "personal",
                ..spec("workstation", "WS", "Corporate IT", org, "City Hall", 1)
            }
        }
    })?;
    for (i, w) in office.iter().enumerate() {
        // Sign-in events to the SIEM, and the sign-in itself against a domain controller.
        g.flow(*w, syslog, "credentials", true);
        g.flow(*w, dcs[i % dcs.len()], "credentials", true);
        g.asset_needs(*w, dc_sw[i % dc_sw.len()]);
    }
    // Every server and OT device logs to the SIEM.
    let all_ids: Vec<(i64, String)> = g.assets.iter().map(|(id, f)| (*id, f.asset_type.clone())).collect();
    for (id, ty) in all_ids.iter().take(fixed) {
        if matches!(ty.as_str(), "server" | "firewall" | "router" | "switch") {
            g.flow(*id, syslog, "operational", true);
        }
    }
    g.flow(exposed_hmi, scada[1], "operational", false);

    // --- Write -------------------------------------------------------------
    tx.insert_assets(&g.assets, now).await?;
    let mut group_ids = Vec::with_capacity(g.groups.len());
    for (kind, dependent, name, k) in &g.groups {
        group_ids.push(tx.upsert_group(kind, *dependent, name, *k).await?.id());
    }
    let deps: Vec<(&str, i64, &str, i64, Option<i64>)> = g
        .deps
        .iter()
        .map(|(a, b, c, d, grp)| (*a, *b, *c, *d, grp.and_then(|i| group_ids.get(i).copied())))
        .collect();
    tx.insert_dependencies(&deps).await?;
    tx.insert_flows(&g.flows).await?;
    tx.bump_estate_version().await?;
    let counts = json!({
        "zones": ZONES.len(), "conduits": CONDUITS.len(), "services": SERVICES.len(), "assets": g.assets.len(),
        "dependencies": deps.len(), "redundancy_groups": g.groups.len(), "flows": g.flows.len(),
    });
    tx.append_audit(entry(&ctx.actor, now, "demo.estate", "estate", None, None, counts))
        .await?;
    tx.commit().await?;
    for (k, v) in [
        ("zones", ZONES.len()),
        ("services", SERVICES.len()),
        ("assets", g.assets.len()),
        ("dependencies", deps.len()),
        ("data flows", g.flows.len()),
    ] {
        ctx.report.counts.insert(k.to_owned(), v as u64);
    }
    Ok(())
}
