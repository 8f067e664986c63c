//! A synthetic city estate of any size, for benchmarks and scale tests.
//!
//! Deterministic for a given seed (an xorshift64* generator seeded by the
//! caller; no global randomness). The shape follows a real city's network:
//!
//! - 22 zones: internet, DMZ, corporate, guest Wi-Fi, management, a vendor
//!   network, and for each of 8 agencies an OT/control zone and a field/IoT
//!   zone; conduits between them (internet → DMZ, corporate → management →
//!   OT, OT ↔ field, a few flat corporate → OT networks, a few field zones
//!   reachable over an unfiltered cellular APN);
//! - in each zone two core routers, one access switch per 32 endpoints
//!   (needing 1 of the 2 routers), endpoints needing their switch (10 % are
//!   dual-homed: 1 of 2 switches); endpoint types, exposure, vulnerabilities
//!   and IoT properties drawn per zone kind;
//! - services spread over the agencies: each needs 1 of 2 servers, one HMI or
//!   server, 80 % of its share of the agency's field devices (k-of-n), one or
//!   two foundation services (network, identity, …) and sometimes 1 of 2
//!   earlier services; the foundation services form a cycle with redundancy;
//! - about 3.5 data flows per endpoint (same zone, upstream, control downstream).
//!
//! With `n_assets = 1_000_000` this gives about 1.85 M requirement members
//! and 3.5 M data flows, i.e. more than 5 M dependency and flow edges.

use super::graph::{EstateBuilder, EstateGraph};
use super::model::{
    AssetProfile, AssetType, Conduit, Criticality, DataClasses, DataFlow, Exposure, IotSecurity, Level, ServiceProfile,
    VulnSummary, Zone, ZoneKind,
};
use super::{EstateError, NodeIdx, Result, ZoneIdx};

/// xorshift64* (Vigna 2016), seeded through splitmix64.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        Rng(if z == 0 { 1 } else { z })
    }

    fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// Kinds of zone in the synthetic city, for drawing asset properties.
#[derive(Clone, Copy, PartialEq)]
enum Class {
    It,
    Ot,
    Field,
}

/// The endpoints of one zone: node indices `first..first + len`.
#[derive(Clone, Copy, Default)]
struct Span {
    first: u32,
    len: u32,
}

impl Span {
    fn pick(&self, rng: &mut Rng) -> Option<NodeIdx> {
        (self.len > 0).then(|| NodeIdx(self.first + rng.below(self.len as usize) as u32))
    }
}

const AGENCIES: usize = 8;

/// Builds a synthetic city with `n_assets` assets and `n_services` services.
///
/// Errors only if the sizes do not fit in 32-bit indices.
pub fn synthetic_city(n_assets: usize, n_services: usize, seed: u64) -> Result<EstateGraph> {
    synthetic_city_builder(n_assets, n_services, seed)?.build()
}

/// The builder behind [`synthetic_city`], before validation, so that a
/// benchmark can time [`EstateBuilder::build`] on its own.
///
/// Errors only if the sizes do not fit in 32-bit indices.
pub fn synthetic_city_builder(n_assets: usize, n_services: usize, seed: u64) -> Result<EstateBuilder> {
    const MAX: usize = (u32::MAX / 8) as usize;
    if n_assets.saturating_add(n_services) > MAX {
        return Err(EstateError::TooLarge {
            what: "synthetic nodes",
            max: MAX as u64,
        });
    }
    let mut rng = Rng::new(seed);
    let mut b = EstateBuilder::with_capacity(n_assets + n_services, n_assets * 2, n_assets * 4);

    // ---- zones and conduits ----
    let zone = |b: &mut EstateBuilder, id: i64, kind: ZoneKind| b.add_zone(Zone::new(id, kind));
    let internet = zone(&mut b, 1, ZoneKind::Internet);
    let dmz = zone(&mut b, 2, ZoneKind::Dmz);
    let corporate = zone(&mut b, 3, ZoneKind::Corporate);
    let guest = zone(&mut b, 4, ZoneKind::GuestWifi);
    let management = zone(&mut b, 5, ZoneKind::Management);
    let vendor = zone(&mut b, 6, ZoneKind::Partner);
    let mut ot = Vec::new();
    let mut field = Vec::new();
    for a in 0..AGENCIES as i64 {
        ot.push(zone(&mut b, 10 + 2 * a, ZoneKind::ControlOt));
        field.push(zone(&mut b, 11 + 2 * a, ZoneKind::FieldIot));
    }
    let mut conduit = |from: ZoneIdx, to: ZoneIdx, note: u32, p: f64| {
        b.add_conduit(Conduit {
            from,
            to,
            protocol_note: note,
            traversal_likelihood: p,
        });
    };
    conduit(internet, dmz, 0, 0.9);
    conduit(dmz, corporate, 1, 0.3);
    conduit(corporate, dmz, 2, 1.0);
    conduit(corporate, management, 3, 0.2);
    conduit(guest, internet, 4, 1.0);
    conduit(internet, vendor, 5, 0.1);
    conduit(vendor, management, 6, 0.5);
    for a in 0..AGENCIES {
        conduit(management, ot[a], 7, 0.5);
        conduit(ot[a], field[a], 8, 1.0);
        conduit(field[a], ot[a], 9, 0.3);
        if a % 3 == 0 {
            conduit(corporate, ot[a], 10, 0.8);
        }
        if a % 4 == 1 {
            conduit(internet, field[a], 11, 0.2);
        }
    }

    // ---- assets, zone by zone ----
    // share of the assets per zone, in per mille
    let mut plan: Vec<(ZoneIdx, Class, usize)> = vec![
        (dmz, Class::It, 10),
        (corporate, Class::It, 120),
        (guest, Class::It, 5),
        (management, Class::It, 5),
        (vendor, Class::It, 5),
    ];
    plan.extend(ot.iter().map(|&z| (z, Class::Ot, 105 / AGENCIES)));
    plan.extend(field.iter().map(|&z| (z, Class::Field, 750 / AGENCIES)));
    let per_mille: usize = plan.iter().map(|p| p.2).sum();
    let mut sizes: Vec<usize> = plan.iter().map(|p| n_assets * p.2 / per_mille).collect();
    let assigned: usize = sizes.iter().sum();
    if let Some(last) = sizes.last_mut() {
        *last += n_assets - assigned;
    }

    let mut endpoints = vec![Span::default(); plan.len()];
    let mut next_id: i64 = 1;
    for (zi, &(z, class, _)) in plan.iter().enumerate() {
        let total = sizes[zi];
        let routers = total.min(2);
        let rest = total - routers;
        let switches = rest.div_ceil(33);
        let n_end = rest - switches;
        let infra = AssetProfile {
            asset_type: AssetType::NetworkDevice,
            zone: z,
            exposure: Exposure::Internal,
            vulns: VulnSummary::default(),
            iot: IotSecurity::HARDENED,
        };
        let mut router_idx = Vec::new();
        for _ in 0..routers {
            let mut p = infra;
            p.vulns = draw_vulns(&mut rng);
            router_idx.push(b.add_asset(next_id, p));
            next_id += 1;
        }
        let mut switch_idx = Vec::with_capacity(switches);
        for _ in 0..switches {
            let mut p = infra;
            p.vulns = draw_vulns(&mut rng);
            p.iot = draw_iot(&mut rng, Class::It);
            let s = b.add_asset(next_id, p);
            next_id += 1;
            if !router_idx.is_empty() {
                b.require(s, 1, &router_idx);
            }
            switch_idx.push(s);
        }
        let first = b.node_count() as u32;
        for e in 0..n_end {
            let p = draw_endpoint(&mut rng, z, class, plan[zi].0 == dmz);
            let v = b.add_asset(next_id, p);
            next_id += 1;
            if !switch_idx.is_empty() {
                let sw = (e / 32).min(switch_idx.len() - 1);
                if switch_idx.len() > 1 && rng.chance(0.1) {
                    let other = if sw + 1 < switch_idx.len() { sw + 1 } else { sw - 1 };
                    b.require(v, 1, &[switch_idx[sw], switch_idx[other]]);
                } else {
                    b.depends_on(v, switch_idx[sw]);
                }
            }
        }
        endpoints[zi] = Span {
            first,
            len: n_end as u32,
        };
    }
    let span_of = |z: ZoneIdx| {
        plan.iter()
            .position(|p| p.0 == z)
            .map(|i| endpoints[i])
            .unwrap_or_default()
    };
    let corp = span_of(corporate);
    let mgmt = span_of(management);
    let dmz_span = span_of(dmz);

    // multi-homed assets: the first OT server of each agency also sits in corporate
    for &o in &ot {
        if let Some(v) = span_of(o).pick(&mut rng) {
            b.add_interface(v, corporate);
        }
    }

    // ---- data flows ----
    let upstream = |z: ZoneIdx| -> Option<ZoneIdx> {
        if let Some(a) = field.iter().position(|&f| f == z) {
            Some(ot[a])
        } else if ot.contains(&z) {
            Some(corporate)
        } else if z == corporate {
            Some(dmz)
        } else if z == dmz || z == management || z == vendor {
            Some(corporate)
        } else {
            None
        }
    };
    for (zi, &(z, class, _)) in plan.iter().enumerate() {
        let here = endpoints[zi];
        let up = upstream(z).map(span_of).unwrap_or_default();
        let classes = match class {
            Class::Field => DataClasses::TELEMETRY,
            Class::Ot => DataClasses::TELEMETRY.union(DataClasses::CONTROL),
            Class::It => DataClasses::PERSONAL,
        };
        let p_enc = match class {
            Class::Field => 0.3,
            Class::Ot => 0.2,
            Class::It => 0.9,
        };
        for e in 0..here.len {
            let from = NodeIdx(here.first + e);
            let flow = |b: &mut EstateBuilder, rng: &mut Rng, from: NodeIdx, to: Option<NodeIdx>, dc: DataClasses| {
                if let Some(to) = to.filter(|&t| t != from) {
                    b.add_flow(DataFlow {
                        from,
                        to,
                        data_classes: dc,
                        encrypted: rng.chance(p_enc),
                    });
                }
            };
            let peer = here.pick(&mut rng);
            flow(&mut b, &mut rng, from, peer, classes);
            let peer = here.pick(&mut rng);
            flow(&mut b, &mut rng, from, peer, classes);
            let target = up.pick(&mut rng);
            flow(&mut b, &mut rng, from, target, classes);
            if rng.chance(0.5) {
                // control or management traffic coming down
                if let Some(src) = up.pick(&mut rng) {
                    flow(&mut b, &mut rng, src, Some(from), DataClasses::CONTROL);
                }
            }
        }
    }

    // ---- services ----
    let foundation = n_services.min(10);
    let mut field_share = [0usize; AGENCIES];
    for s in foundation..n_services {
        field_share[s % AGENCIES] += 1;
    }
    let mut field_cursor = [0u32; AGENCIES];
    let mut services: Vec<NodeIdx> = Vec::with_capacity(n_services);
    for s in 0..n_services {
        let a = s % AGENCIES;
        let profile = draw_service(&mut rng, a);
        let v = b.add_service(1_000_000_000_000 + s as i64, profile);
        services.push(v);
        let home = if s < foundation {
            if s % 2 == 0 { mgmt } else { corp }
        } else {
            span_of(ot[a])
        };
        if let (Some(x), Some(y)) = (home.pick(&mut rng), home.pick(&mut rng)) {
            if x == y {
                b.depends_on(v, x);
            } else {
                b.require(v, 1, &[x, y]);
            }
        }
        if let Some(x) = home.pick(&mut rng) {
            b.depends_on(v, x);
        }
        if s < foundation {
            if s > 0 {
                b.depends_on(v, services[s - 1]);
            }
            continue;
        }
        // its share of the agency's field devices, 80 % needed
        let fs = span_of(field[a]);
        let share = field_share[a].max(1) as u32;
        let chunk = fs.len / share + u32::from(field_cursor[a] < fs.len % share);
        if chunk > 0 {
            let members: Vec<NodeIdx> = (0..chunk).map(|i| NodeIdx(fs.first + field_cursor[a] + i)).collect();
            field_cursor[a] += chunk;
            let k = (chunk * 4).div_ceil(5).max(1);
            b.require(v, k, &members);
        }
        let f1 = services[rng.below(foundation)];
        b.depends_on(v, f1);
        if rng.chance(0.5) {
            let f2 = services[rng.below(foundation)];
            if f2 != f1 {
                b.depends_on(v, f2);
            }
        }
        if s > foundation + 1 && rng.chance(0.3) {
            let x = services[foundation + rng.below(s - foundation)];
            let y = services[foundation + rng.below(s - foundation)];
            if x != y {
                b.require(v, 1, &[x, y]);
            }
        }
    }
    // close the foundation cycle, with redundancy: the first foundation service
    // needs 1 of {the last foundation service, a DMZ server}
    if foundation > 1 {
        match dmz_span.pick(&mut rng) {
            Some(x) => b.require(services[0], 1, &[services[foundation - 1], x]),
            None => b.depends_on(services[0], services[foundation - 1]),
        };
    }
    Ok(b)
}

fn draw_vulns(rng: &mut Rng) -> VulnSummary {
    if rng.chance(0.55) {
        return VulnSummary::default();
    }
    let mut count = 1;
    while count < 40 && rng.chance(0.7) {
        count += 1;
    }
    let max_cvss = (40.0 + 60.0 * rng.unit()).round() as f32 / 10.0;
    let kev_count = u32::from(rng.chance(0.08));
    VulnSummary {
        count,
        max_cvss,
        kev_count,
    }
}

fn draw_iot(rng: &mut Rng, class: Class) -> IotSecurity {
    let p = match class {
        Class::Field => [0.6, 0.4, 0.3, 0.2, 0.3, 0.25],
        Class::Ot => [0.7, 0.5, 0.3, 0.3, 0.5, 0.3],
        Class::It => [0.95, 0.9, 0.85, 0.7, 0.9, 0.05],
    };
    IotSecurity {
        default_credentials_changed: rng.chance(p[0]),
        secure_update: rng.chance(p[1]),
        encrypted_in_transit: rng.chance(p[2]),
        encrypted_at_rest: rng.chance(p[3]),
        logging: rng.chance(p[4]),
        end_of_support_passed: rng.chance(p[5]),
    }
}

fn draw_endpoint(rng: &mut Rng, zone: ZoneIdx, class: Class, in_dmz: bool) -> AssetProfile {
    let r = rng.unit();
    let asset_type = match class {
        Class::It if in_dmz => AssetType::Server,
        Class::It if r < 0.8 => AssetType::Workstation,
        Class::It => AssetType::Server,
        Class::Ot if r < 0.4 => AssetType::Plc,
        Class::Ot if r < 0.6 => AssetType::Hmi,
        Class::Ot if r < 0.75 => AssetType::Rtu,
        Class::Ot => AssetType::Server,
        Class::Field if r < 0.4 => AssetType::Sensor,
        Class::Field if r < 0.65 => AssetType::Camera,
        Class::Field if r < 0.85 => AssetType::TrafficController,
        Class::Field => AssetType::Gateway,
    };
    let exposure = match class {
        Class::It if in_dmz && rng.chance(0.6) => Exposure::Internet,
        Class::It if rng.chance(0.0005) => Exposure::Internet,
        Class::Ot if rng.chance(0.03) => Exposure::RemoteAccess,
        Class::Field if rng.chance(0.01) => Exposure::Internet,
        Class::Field if asset_type == AssetType::Gateway => Exposure::RemoteAccess,
        _ => Exposure::Internal,
    };
    AssetProfile {
        asset_type,
        zone,
        exposure,
        vulns: draw_vulns(rng),
        iot: draw_iot(rng, class),
    }
}

fn draw_service(rng: &mut Rng, agency: usize) -> ServiceProfile {
    let level = |rng: &mut Rng| match rng.below(10) {
        0..=3 => Level::Low,
        4..=6 => Level::Moderate,
        7 | 8 => Level::High,
        _ => Level::Severe,
    };
    // agencies 0 (water) and 1 (traffic) carry life-safety services
    let life_safety = if agency < 2 && rng.chance(0.5) {
        Level::Severe
    } else {
        level(rng)
    };
    let population_served = (1000.0 * 1000f64.powf(rng.unit())) as u64;
    let rto_minutes = [15, 60, 240, 1440, 4320][rng.below(5)];
    ServiceProfile {
        criticality: Criticality {
            life_safety,
            population_served,
            economic_impact: level(rng),
            privacy_impact: level(rng),
        },
        rto_minutes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estate_synthetic_city_is_deterministic_and_sized() {
        let a = synthetic_city(5000, 50, 7).unwrap();
        let b = synthetic_city(5000, 50, 7).unwrap();
        assert_eq!(a.node_count(), 5050);
        assert_eq!(a.assets().count(), 5000);
        assert_eq!(a.dependency_edge_count(), b.dependency_edge_count());
        assert_eq!(a.flow_count(), b.flow_count());
        assert!(a.dependency_edge_count() + a.flow_count() > 5 * 5000);
        assert!(a.components.cyclic.iter().any(|&c| c));
        let c = synthetic_city(5000, 50, 8).unwrap();
        assert_ne!(
            a.flow_count() + a.dependency_edge_count(),
            c.flow_count() + c.dependency_edge_count()
        );
    }

    #[test]
    fn estate_synthetic_city_handles_tiny_sizes() {
        for (a, s) in [(0, 0), (1, 0), (0, 3), (3, 1), (40, 12)] {
            let g = synthetic_city(a, s, 1).unwrap();
            assert_eq!(g.node_count(), a + s);
        }
        assert!(synthetic_city(usize::MAX, 1, 1).is_err());
    }
}
