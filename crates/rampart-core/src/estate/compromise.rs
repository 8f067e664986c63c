//! Compromise likelihood of one asset: an explicit logistic model whose
//! weights a city can tune.
//!
//! ```text
//! z           = intercept + type[t]
//!             + vuln_count · ln(1 + count) + max_cvss · (cvss / 10)
//!             + any_kev · [kev > 0] + kev_count · ln(1 + kev)
//!             + Σ missing-protection weights + end_of_support · [EOS]
//! p_exploit   = 1 / (1 + e^(−z))           given network access to the asset
//! p_compromise = reach[exposure] · p_exploit   over the analysis horizon
//! ```
//!
//! Every weight after the intercept is ≥ 0 and `reach` is non-decreasing in
//! exposure ([`CompromiseModel::new`] refuses anything else), so more
//! exposure, more or worse vulnerabilities, or fewer protections never lower
//! either probability. `p_exploit` prices attack-path hops (the attacker is
//! already adjacent); `p_compromise` is the node failure probability used by
//! the likelihood analysis. See `docs/analysis.md` §2.

use super::graph::{EstateGraph, NodeData};
use super::model::{AssetProfile, AssetType, Exposure};
use super::{EstateError, Result};

/// Additive weight of each asset type (logit units, ≥ 0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AssetTypeWeights {
    /// PLCs: cleartext, unauthenticated control protocols by design.
    pub plc: f64,
    /// RTUs: as PLCs.
    pub rtu: f64,
    /// HMIs: often old Windows builds.
    pub hmi: f64,
    /// Cameras: the most-scanned class of IoT device.
    pub camera: f64,
    /// Traffic signal controllers.
    pub traffic_controller: f64,
    /// Sensors and meters: small attack surface.
    pub sensor: f64,
    /// Gateways and cellular modems: exposed management interfaces.
    pub gateway: f64,
    /// Network devices.
    pub network_device: f64,
    /// Servers: managed, patched centrally.
    pub server: f64,
    /// Workstations: phishing, browsing.
    pub workstation: f64,
    /// Anything else.
    pub other: f64,
}

impl AssetTypeWeights {
    /// The weight of `t`.
    pub fn get(&self, t: AssetType) -> f64 {
        match t {
            AssetType::Plc => self.plc,
            AssetType::Rtu => self.rtu,
            AssetType::Hmi => self.hmi,
            AssetType::Camera => self.camera,
            AssetType::TrafficController => self.traffic_controller,
            AssetType::Sensor => self.sensor,
            AssetType::Gateway => self.gateway,
            AssetType::NetworkDevice => self.network_device,
            AssetType::Server => self.server,
            AssetType::Workstation => self.workstation,
            AssetType::Other => self.other,
        }
    }
}

/// Probability that an attacker gets network access to an asset, by exposure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExposureReach {
    /// Isolated segment.
    pub isolated: f64,
    /// Internal networks only.
    pub internal: f64,
    /// Remote access (VPN, cellular).
    pub remote_access: f64,
    /// Internet-facing.
    pub internet: f64,
}

impl ExposureReach {
    /// The reach of `e`.
    pub fn get(&self, e: Exposure) -> f64 {
        match e {
            Exposure::Isolated => self.isolated,
            Exposure::Internal => self.internal,
            Exposure::RemoteAccess => self.remote_access,
            Exposure::Internet => self.internet,
        }
    }
}

/// The named weights of the compromise model. All but `intercept` are in
/// logit units and must be ≥ 0; `reach` values are probabilities,
/// non-decreasing from `isolated` to `internet`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CompromiseWeights {
    /// Baseline logit of a hardened, unremarkable asset with no known
    /// vulnerability (default −4.0, i.e. p ≈ 0.018).
    pub intercept: f64,
    /// Per asset type.
    pub asset_type: AssetTypeWeights,
    /// Per `ln(1 + count)` of open vulnerabilities.
    pub vuln_count: f64,
    /// Per unit of `max_cvss / 10`.
    pub max_cvss: f64,
    /// If at least one vulnerability is known exploited (KEV).
    pub any_kev: f64,
    /// Per `ln(1 + kev_count)`.
    pub kev_count: f64,
    /// Default credentials not changed.
    pub default_credentials_unchanged: f64,
    /// No secure update mechanism.
    pub no_secure_update: f64,
    /// Data not encrypted in transit (credential sniffing, session hijack).
    pub unencrypted_in_transit: f64,
    /// Data not encrypted at rest (credential extraction from a stolen device).
    pub unencrypted_at_rest: f64,
    /// No security logging (attacks go on undisturbed).
    pub no_logging: f64,
    /// End of support passed (no patches will come).
    pub end_of_support: f64,
    /// Reach by exposure.
    pub reach: ExposureReach,
}

impl Default for CompromiseWeights {
    fn default() -> Self {
        CompromiseWeights {
            intercept: -4.0,
            asset_type: AssetTypeWeights {
                plc: 0.8,
                rtu: 0.8,
                hmi: 0.6,
                camera: 1.0,
                traffic_controller: 0.7,
                sensor: 0.4,
                gateway: 0.8,
                network_device: 0.5,
                server: 0.3,
                workstation: 0.9,
                other: 0.5,
            },
            vuln_count: 0.4,
            max_cvss: 1.5,
            any_kev: 1.5,
            kev_count: 0.3,
            default_credentials_unchanged: 1.8,
            no_secure_update: 0.5,
            unencrypted_in_transit: 0.6,
            unencrypted_at_rest: 0.2,
            no_logging: 0.3,
            end_of_support: 1.0,
            reach: ExposureReach {
                isolated: 0.05,
                internal: 0.2,
                remote_access: 0.5,
                internet: 1.0,
            },
        }
    }
}

/// The two probabilities the model gives for an asset.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Compromise {
    /// Probability of compromise given network access to the asset.
    pub p_exploit: f64,
    /// Probability of compromise, taking its exposure into account.
    pub p_compromise: f64,
}

/// A validated compromise model.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct CompromiseModel {
    weights: CompromiseWeights,
}

impl CompromiseModel {
    /// Validates `weights`: finite, non-negative (except the intercept),
    /// reach in [0, 1] and non-decreasing with exposure.
    pub fn new(weights: CompromiseWeights) -> Result<Self> {
        let w = &weights;
        let bad = |what: &str, value: f64, expected: &'static str| EstateError::InvalidNumber {
            what: format!("compromise weight {what}"),
            value,
            expected,
        };
        if !w.intercept.is_finite() {
            return Err(bad("intercept", w.intercept, "a finite number"));
        }
        let t = &w.asset_type;
        let non_negative = [
            ("asset_type.plc", t.plc),
            ("asset_type.rtu", t.rtu),
            ("asset_type.hmi", t.hmi),
            ("asset_type.camera", t.camera),
            ("asset_type.traffic_controller", t.traffic_controller),
            ("asset_type.sensor", t.sensor),
            ("asset_type.gateway", t.gateway),
            ("asset_type.network_device", t.network_device),
            ("asset_type.server", t.server),
            ("asset_type.workstation", t.workstation),
            ("asset_type.other", t.other),
            ("vuln_count", w.vuln_count),
            ("max_cvss", w.max_cvss),
            ("any_kev", w.any_kev),
            ("kev_count", w.kev_count),
            ("default_credentials_unchanged", w.default_credentials_unchanged),
            ("no_secure_update", w.no_secure_update),
            ("unencrypted_in_transit", w.unencrypted_in_transit),
            ("unencrypted_at_rest", w.unencrypted_at_rest),
            ("no_logging", w.no_logging),
            ("end_of_support", w.end_of_support),
        ];
        for (name, v) in non_negative {
            if !(v.is_finite() && v >= 0.0) {
                return Err(bad(name, v, "a finite number >= 0"));
            }
        }
        let r = &w.reach;
        let mut previous = 0.0;
        for (name, v) in [
            ("reach.isolated", r.isolated),
            ("reach.internal", r.internal),
            ("reach.remote_access", r.remote_access),
            ("reach.internet", r.internet),
        ] {
            if !(v.is_finite() && (previous..=1.0).contains(&v)) {
                return Err(bad(
                    name,
                    v,
                    "a probability in [0, 1], not below the reach of a lesser exposure",
                ));
            }
            previous = v;
        }
        Ok(CompromiseModel { weights })
    }

    /// The weights in force.
    pub fn weights(&self) -> &CompromiseWeights {
        &self.weights
    }

    /// The logit `z` of an asset (see the module docs). Total: a CVSS score
    /// that is not a number counts as 10, out-of-range scores are clamped.
    pub fn logit(&self, asset: &AssetProfile) -> f64 {
        let w = &self.weights;
        let v = &asset.vulns;
        let cvss = if v.max_cvss.is_nan() {
            10.0
        } else {
            f64::from(v.max_cvss).clamp(0.0, 10.0)
        };
        let iot = &asset.iot;
        let missing = |present: bool, weight: f64| if present { 0.0 } else { weight };
        w.intercept
            + w.asset_type.get(asset.asset_type)
            + w.vuln_count * f64::from(v.count).ln_1p()
            + w.max_cvss * (cvss / 10.0)
            + if v.kev_count > 0 { w.any_kev } else { 0.0 }
            + w.kev_count * f64::from(v.kev_count).ln_1p()
            + missing(iot.default_credentials_changed, w.default_credentials_unchanged)
            + missing(iot.secure_update, w.no_secure_update)
            + missing(iot.encrypted_in_transit, w.unencrypted_in_transit)
            + missing(iot.encrypted_at_rest, w.unencrypted_at_rest)
            + missing(iot.logging, w.no_logging)
            + if iot.end_of_support_passed {
                w.end_of_support
            } else {
                0.0
            }
    }

    /// Both probabilities for an asset.
    pub fn assess(&self, asset: &AssetProfile) -> Compromise {
        let p_exploit = sigmoid(self.logit(asset));
        Compromise {
            p_exploit,
            p_compromise: self.weights.reach.get(asset.exposure) * p_exploit,
        }
    }

    /// Per-node probabilities for a whole estate (0 for services):
    /// `(p_exploit, p_compromise)`, each indexed by node.
    pub fn assess_estate(&self, graph: &EstateGraph) -> (Vec<f64>, Vec<f64>) {
        let n = graph.node_count();
        let mut exploit = Vec::with_capacity(n);
        let mut compromise = Vec::with_capacity(n);
        for d in &graph.data {
            match d {
                NodeData::Asset(a) => {
                    let c = self.assess(a);
                    exploit.push(c.p_exploit);
                    compromise.push(c.p_compromise);
                }
                NodeData::Service(_) => {
                    exploit.push(0.0);
                    compromise.push(0.0);
                }
            }
        }
        (exploit, compromise)
    }
}

/// The logistic function, written so that it neither overflows nor returns
/// NaN for large |z|.
fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estate::ZoneIdx;
    use crate::estate::model::{IotSecurity, VulnSummary};
    use proptest::prelude::*;

    fn asset(t: AssetType, e: Exposure, count: u32, cvss: f32, kev: u32, iot: IotSecurity) -> AssetProfile {
        AssetProfile {
            asset_type: t,
            zone: ZoneIdx(0),
            exposure: e,
            vulns: VulnSummary {
                count,
                max_cvss: cvss,
                kev_count: kev,
            },
            iot,
        }
    }

    fn check(a: AssetProfile, expected_exploit: f64, expected_compromise: f64) {
        let c = CompromiseModel::default().assess(&a);
        assert!((c.p_exploit - expected_exploit).abs() < 5e-4, "{c:?}");
        assert!((c.p_compromise - expected_compromise).abs() < 5e-4, "{c:?}");
    }

    #[test]
    fn estate_compromise_reference_values() {
        // z = -4 + 0.3 = -3.7
        check(
            asset(AssetType::Server, Exposure::Internal, 0, 0.0, 0, IotSecurity::HARDENED),
            0.02413,
            0.004826,
        );
        // z = -4 + 1.0 + 0.4 ln 6 + 1.5·0.98 + 1.5 + 0.3 ln 2 + 1.8+0.5+0.6+0.2+0.3+1.0 = 5.2946
        check(
            asset(AssetType::Camera, Exposure::Internet, 5, 9.8, 1, IotSecurity::NONE),
            0.99501,
            0.99501,
        );
    }

    #[test]
    fn estate_compromise_weights_are_validated() {
        let w = CompromiseWeights {
            no_logging: -0.1,
            ..CompromiseWeights::default()
        };
        assert!(CompromiseModel::new(w).is_err());
        let mut w = CompromiseWeights::default();
        w.reach.internal = 0.01; // below isolated
        assert!(CompromiseModel::new(w).is_err());
        let w = CompromiseWeights {
            intercept: f64::NAN,
            ..CompromiseWeights::default()
        };
        assert!(CompromiseModel::new(w).is_err());
        assert!(CompromiseModel::new(CompromiseWeights::default()).is_ok());
    }

    #[test]
    fn estate_compromise_is_total_on_odd_scores() {
        let m = CompromiseModel::default();
        for cvss in [f32::NAN, f32::INFINITY, -3.0, 1e30] {
            let c = m.assess(&asset(
                AssetType::Other,
                Exposure::Internet,
                u32::MAX,
                cvss,
                u32::MAX,
                IotSecurity::NONE,
            ));
            assert!((0.0..=1.0).contains(&c.p_exploit) && (0.0..=1.0).contains(&c.p_compromise));
        }
    }

    fn arb_iot() -> impl Strategy<Value = IotSecurity> {
        prop::array::uniform6(any::<bool>()).prop_map(|b| IotSecurity {
            default_credentials_changed: b[0],
            secure_update: b[1],
            encrypted_in_transit: b[2],
            encrypted_at_rest: b[3],
            logging: b[4],
            end_of_support_passed: b[5],
        })
    }

    fn arb_exposure() -> impl Strategy<Value = Exposure> {
        prop::sample::select(vec![
            Exposure::Isolated,
            Exposure::Internal,
            Exposure::RemoteAccess,
            Exposure::Internet,
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

        /// More exposure, more vulnerabilities, a worse score, more KEV
        /// entries, or fewer protections never lower the likelihood.
        #[test]
        fn estate_compromise_is_monotone(
            t in prop::sample::select(AssetType::ALL.to_vec()),
            e1 in arb_exposure(), e2 in arb_exposure(),
            c1 in 0u32..200, dc in 0u32..200,
            s1 in 0.0f32..=10.0, ds in 0.0f32..=10.0,
            k1 in 0u32..20, dk in 0u32..20,
            iot1 in arb_iot(), remove in prop::array::uniform6(any::<bool>()),
        ) {
            let m = CompromiseModel::default();
            let lo = asset(t, e1.min(e2), c1, s1, k1.min(c1), iot1);
            // worse: fewer protections (a removed protection stays removed), EOS can only turn on
            let iot2 = IotSecurity {
                default_credentials_changed: iot1.default_credentials_changed && !remove[0],
                secure_update: iot1.secure_update && !remove[1],
                encrypted_in_transit: iot1.encrypted_in_transit && !remove[2],
                encrypted_at_rest: iot1.encrypted_at_rest && !remove[3],
                logging: iot1.logging && !remove[4],
                end_of_support_passed: iot1.end_of_support_passed || remove[5],
            };
            let hi = asset(t, e1.max(e2), c1 + dc, (s1 + ds).min(10.0), k1.min(c1) + dk, iot2);
            let (a, b) = (m.assess(&lo), m.assess(&hi));
            prop_assert!(a.p_exploit <= b.p_exploit);
            prop_assert!(a.p_compromise <= b.p_compromise);
            prop_assert!((0.0..=1.0).contains(&b.p_exploit) && (0.0..=1.0).contains(&b.p_compromise));
        }
    }
}
