//! Cell values of the estate CSV files: zone kinds, the 0–5 impact scale,
//! populations, recovery times, likelihoods, booleans, and how names compare.

use std::fmt;
use std::str::FromStr;

use crate::inventory::ParseEnumError;

/// Why a cell value was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {what} `{input}`: {reason}")]
pub struct ValueError {
    /// Which kind of value was being parsed (`population`, `RTO`, ...).
    pub what: &'static str,
    /// The rejected input (truncated to 64 characters).
    pub input: String,
    /// What is wrong with it.
    pub reason: String,
}

fn value_err(what: &'static str, input: &str, reason: impl Into<String>) -> ValueError {
    ValueError {
        what,
        input: input.chars().take(64).collect(),
        reason: reason.into(),
    }
}

/// Lower-case `s`, turn `-`, `_`, `/`, `.` into spaces and collapse runs of
/// whitespace, so that "OT/control", "ot-control" and "OT  Control" compare equal.
pub(crate) fn fold(s: &str) -> String {
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

/// The key under which two names in estate files are the same: trimmed,
/// lower-cased (Unicode), inner runs of whitespace collapsed to one space.
/// `"Drinking  Water Treatment "` and `"drinking water treatment"` are one
/// service. Duplicate checks use it; importers resolving references should too.
pub fn name_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word.to_lowercase());
    }
    out
}

/// Parse a boolean cell: `yes/no/true/false/1/0/y/n` (any case).
pub(crate) fn parse_bool(s: &str) -> Result<bool, String> {
    match s.to_ascii_lowercase().as_str() {
        "yes" | "true" | "1" | "y" => Ok(true),
        "no" | "false" | "0" | "n" => Ok(false),
        _ => Err(format!("`{s}` is not a boolean (use yes/no, true/false or 1/0)")),
    }
}

/// `yes`, `no` or empty (unknown).
pub(crate) fn yes_no(b: Option<bool>) -> String {
    match b {
        Some(true) => "yes".into(),
        Some(false) => "no".into(),
        None => String::new(),
    }
}

/// The text of an optional cell (empty = unknown).
pub(crate) fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

/// What kind of network zone this is (IEC 62443 zones and conduits).
/// Converts into [`rampart_core::estate::ZoneKind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ZoneKind {
    /// The public internet.
    Internet,
    /// A demilitarised zone facing the internet.
    Dmz,
    /// Ordinary corporate IT.
    Corporate,
    /// Operational technology: control systems (SCADA, DCS, PLC networks).
    Ot,
    /// Field devices and IoT (sensors, cameras, signal controllers, RTUs in the field).
    Field,
    /// Guest or public Wi-Fi.
    Guest,
    /// A partner's or vendor's network (remote maintenance, shared services).
    Partner,
    /// Network and systems management.
    Management,
    /// Anything else.
    Other,
}

impl ZoneKind {
    /// Every kind, in declaration order.
    pub const ALL: [ZoneKind; 9] = [
        Self::Internet,
        Self::Dmz,
        Self::Corporate,
        Self::Ot,
        Self::Field,
        Self::Guest,
        Self::Partner,
        Self::Management,
        Self::Other,
    ];

    /// Canonical spelling, as the writer writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Internet => "internet",
            Self::Dmz => "dmz",
            Self::Corporate => "corporate",
            Self::Ot => "ot",
            Self::Field => "field",
            Self::Guest => "guest",
            Self::Partner => "partner",
            Self::Management => "management",
            Self::Other => "other",
        }
    }

    /// Whether zones of this kind are untrusted (attack sources) unless the
    /// file says otherwise: the internet and guest networks.
    pub fn untrusted_by_default(self) -> bool {
        matches!(self, Self::Internet | Self::Guest)
    }
}

impl fmt::Display for ZoneKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ZoneKind {
    type Err = ParseEnumError;

    /// The canonical name in any case, or a common spelling: `OT/control`,
    /// `SCADA`, `ICS` → ot; `IoT`, `field/IoT` → field; `guest wifi`,
    /// `public wi-fi` → guest; `IT`, `enterprise` → corporate; `vendor`,
    /// `third party` → partner; `mgmt`, `OOB` → management; `WAN` → internet.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Some(k) = Self::ALL.iter().find(|k| k.as_str().eq_ignore_ascii_case(s)) {
            return Ok(*k);
        }
        let folded = fold(s).replace("wi fi", "wifi");
        let k = match folded.as_str() {
            "internet" | "public internet" | "wan" | "external" | "untrusted" => Self::Internet,
            "dmz" | "demilitarized zone" | "demilitarised zone" | "perimeter" | "perimeter network" => Self::Dmz,
            "corporate" | "corporate it" | "corp" | "it" | "enterprise" | "office" | "business" | "internal" => {
                Self::Corporate
            }
            "ot"
            | "ot control"
            | "control"
            | "control ot"
            | "control network"
            | "process control"
            | "scada"
            | "ics"
            | "dcs"
            | "operational technology"
            | "ot network" => Self::Ot,
            "field" | "iot" | "field iot" | "iot field" | "field devices" | "field network" | "edge" | "field bus"
            | "fieldbus" => Self::Field,
            "guest" | "guest wifi" | "wifi guest" | "public wifi" | "visitor" | "visitor wifi" | "guest network" => {
                Self::Guest
            }
            "partner" | "vendor" | "supplier" | "third party" | "3rd party" | "extranet" | "partner network" => {
                Self::Partner
            }
            "management" | "mgmt" | "oob" | "out of band" | "out of band management" | "admin" | "administration" => {
                Self::Management
            }
            "other" | "misc" | "unknown" => Self::Other,
            _ => {
                return Err(ParseEnumError {
                    what: "zone kind",
                    value: s.to_owned(),
                    expected: "internet, dmz, corporate, ot, field, guest, partner, management, other",
                });
            }
        };
        Ok(k)
    }
}

impl From<ZoneKind> for rampart_core::estate::ZoneKind {
    fn from(k: ZoneKind) -> Self {
        use rampart_core::estate::ZoneKind as Core;
        match k {
            ZoneKind::Internet => Core::Internet,
            ZoneKind::Dmz => Core::Dmz,
            ZoneKind::Corporate => Core::Corporate,
            ZoneKind::Ot => Core::ControlOt,
            ZoneKind::Field => Core::FieldIot,
            ZoneKind::Guest => Core::GuestWifi,
            ZoneKind::Partner => Core::Partner,
            ZoneKind::Management => Core::Management,
            ZoneKind::Other => Core::Other,
        }
    }
}

/// An impact on the 0–5 scale of `services.csv`:
///
/// | level | name | life safety | economic | privacy |
/// |---|---|---|---|---|
/// | 0 | `none` | none | none | no personal data |
/// | 1 | `minimal` | inconvenience | negligible cost | trivial personal data |
/// | 2 | `low` | minor injury possible | local, recoverable cost | little personal data |
/// | 3 | `medium` | injuries likely | significant cost | personal data of many |
/// | 4 | `high` | loss of life possible | major cost | sensitive data of many |
/// | 5 | `critical` | loss of life likely | city-wide economic harm | sensitive data of most residents |
///
/// Synonyms: `negligible`/`very low` = 1, `moderate` = 3, `severe`/`very high` = 5.
/// The same words mean the same levels as the inventory's 1–5 criticality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ImpactLevel(u8);

impl ImpactLevel {
    /// 0: no impact.
    pub const NONE: Self = Self(0);
    /// 1: minimal.
    pub const MINIMAL: Self = Self(1);
    /// 2: low.
    pub const LOW: Self = Self(2);
    /// 3: medium.
    pub const MEDIUM: Self = Self(3);
    /// 4: high.
    pub const HIGH: Self = Self(4);
    /// 5: critical.
    pub const CRITICAL: Self = Self(5);

    /// Build from a level; `None` outside 0..=5.
    pub fn new(level: u8) -> Option<Self> {
        (level <= 5).then_some(Self(level))
    }

    /// The level, 0..=5.
    pub fn level(self) -> u8 {
        self.0
    }

    /// The level's name: `none`, `minimal`, `low`, `medium`, `high`, `critical`.
    pub fn name(self) -> &'static str {
        match self.0 {
            0 => "none",
            1 => "minimal",
            2 => "low",
            3 => "medium",
            4 => "high",
            _ => "critical",
        }
    }

    /// The estate analysis's five-step [`Level`](rampart_core::estate::Level):
    /// 0 → None, 1 and 2 → Low, 3 → Moderate, 4 → High, 5 → Severe.
    pub fn to_core_level(self) -> rampart_core::estate::Level {
        use rampart_core::estate::Level;
        match self.0 {
            0 => Level::None,
            1 | 2 => Level::Low,
            3 => Level::Moderate,
            4 => Level::High,
            _ => Level::Severe,
        }
    }
}

impl fmt::Display for ImpactLevel {
    /// The number, as the writer writes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for ImpactLevel {
    type Err = ParseEnumError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let level = match fold(s).as_str() {
            "0" | "none" | "no impact" => 0,
            "1" | "minimal" | "negligible" | "very low" => 1,
            "2" | "low" => 2,
            "3" | "medium" | "moderate" => 3,
            "4" | "high" => 4,
            "5" | "critical" | "severe" | "very high" => 5,
            _ => {
                return Err(ParseEnumError {
                    what: "impact level",
                    value: s.to_owned(),
                    expected: "0-5, none, minimal, low, medium, high, critical",
                });
            }
        };
        Ok(Self(level))
    }
}

/// A non-negative decimal as (digits without the point, digits after the
/// point): `"1.25"` → (125, 2). At most 30 digits.
fn parse_decimal(s: &str) -> Option<(u128, u32)> {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) || int.len() + frac.len() > 30 {
        return None;
    }
    let mut mantissa: u128 = 0;
    for b in int.bytes().chain(frac.bytes()) {
        mantissa = mantissa.checked_mul(10)?.checked_add(u128::from(b - b'0'))?;
    }
    Some((mantissa, u32::try_from(frac.len()).ok()?))
}

/// `mantissa / 10^scale * factor` when it is a whole number.
fn scaled_whole((mantissa, scale): (u128, u32), factor: u128) -> Option<u128> {
    let divisor = 10u128.checked_pow(scale)?;
    let total = mantissa.checked_mul(factor)?;
    total.is_multiple_of(divisor).then(|| total / divisor)
}

/// Parse a number of people: `120000`, `120,000` (also `120 000`, `120_000`,
/// `120'000`: groups of three digits), `120k`, `1.2M`, `1.5 million`.
/// The result must be a whole number.
pub fn parse_population(s: &str) -> Result<u64, ValueError> {
    let err = |reason: &str| value_err("population", s, reason);
    let t = s.trim();
    let lower = t.to_lowercase();
    let (number, factor) = [
        ("thousand", 1_000u128),
        ("million", 1_000_000),
        ("mn", 1_000_000),
        ("k", 1_000),
        ("m", 1_000_000),
    ]
    .iter()
    .find_map(|(suffix, f)| lower.strip_suffix(suffix).map(|n| (n.trim_end().to_owned(), *f)))
    .unwrap_or((lower.clone(), 1));
    // Thousands separators: every group after the first has three digits.
    let groups: Vec<&str> = number.split([',', ' ', '_', '\'', '\u{a0}', '\u{202f}']).collect();
    if groups.len() > 1 {
        let (first, rest) = groups.split_at(1);
        let last_idx = rest.len() - 1;
        let ok = !first[0].is_empty()
            && first[0].bytes().all(|b| b.is_ascii_digit())
            && rest.iter().enumerate().all(|(i, g)| {
                // The last group may carry a decimal part: `1,200.5k`.
                let digits = if i == last_idx {
                    g.split('.').next().unwrap_or("")
                } else {
                    g
                };
                digits.len() == 3 && digits.bytes().all(|b| b.is_ascii_digit())
            });
        if !ok {
            return Err(err(
                "use digits, optionally in groups of three (120,000) or with k/M (120k)",
            ));
        }
    }
    let joined: String = groups.concat();
    if joined.is_empty() {
        return Err(err("no number"));
    }
    let dec =
        parse_decimal(&joined).ok_or_else(|| err("not a non-negative number (e.g. 120000, 120,000, 120k, 1.2M)"))?;
    let whole = scaled_whole(dec, factor).ok_or_else(|| err("not a whole number of people"))?;
    u64::try_from(whole).map_err(|_| err("too large"))
}

/// Parse a recovery time objective into minutes: plain minutes (`90`), or
/// amounts with units `m`/`min`/`minutes`, `h`/`hr`/`hours`, `d`/`days`,
/// `w`/`weeks`, alone or combined (`4h`, `30m`, `2d`, `1h30m`, `1.5h`,
/// `4 hours`). The total must be a whole number of minutes.
pub fn parse_rto_minutes(s: &str) -> Result<u32, ValueError> {
    let err = |reason: &str| value_err("RTO", s, reason);
    let t = s.trim().to_lowercase();
    if t.is_empty() {
        return Err(err("no duration"));
    }
    if let Some(dec) = parse_decimal(&t) {
        let m = scaled_whole(dec, 1).ok_or_else(|| err("not a whole number of minutes"))?;
        return u32::try_from(m).map_err(|_| err("too long"));
    }
    let mut total: u128 = 0;
    // Scaled by 10^scale per term; sum exact fractions of minutes by working
    // in millionths of a minute.
    let mut rest = t.as_str();
    let mut terms = 0;
    while !rest.is_empty() {
        rest = rest.trim_start_matches([' ', ',']);
        if rest.is_empty() {
            break;
        }
        let num_len = rest.bytes().take_while(|b| b.is_ascii_digit() || *b == b'.').count();
        if num_len == 0 {
            return Err(err("expected a number before each unit, e.g. 4h, 30m, 2d, 1h30m"));
        }
        let dec = parse_decimal(&rest[..num_len]).ok_or_else(|| err("bad number"))?;
        rest = rest[num_len..].trim_start();
        let unit_len = rest.bytes().take_while(|b| b.is_ascii_alphabetic()).count();
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        let minutes: u128 = match unit {
            "m" | "min" | "mins" | "minute" | "minutes" => 1,
            "h" | "hr" | "hrs" | "hour" | "hours" => 60,
            "d" | "day" | "days" => 1_440,
            "w" | "wk" | "wks" | "week" | "weeks" => 10_080,
            "" => return Err(err("a number in a sum needs a unit (m, h, d or w)")),
            _ => return Err(err("unknown unit (use m, h, d or w)")),
        };
        let micro = scaled_whole(dec, minutes * 1_000_000).ok_or_else(|| err("too many decimals"))?;
        total = total.checked_add(micro).ok_or_else(|| err("too long"))?;
        terms += 1;
    }
    if terms == 0 {
        return Err(err("no duration"));
    }
    if !total.is_multiple_of(1_000_000) {
        return Err(err("not a whole number of minutes"));
    }
    u32::try_from(total / 1_000_000).map_err(|_| err("too long"))
}

/// Write minutes compactly: whole days as `2d`, whole hours as `4h`, the
/// rest as `90m` (so `0` is `0m`). [`parse_rto_minutes`] reads it back.
pub fn format_rto_minutes(minutes: u32) -> String {
    match minutes {
        0 => "0m".into(),
        m if m.is_multiple_of(1_440) => format!("{}d", m / 1_440),
        m if m.is_multiple_of(60) => format!("{}h", m / 60),
        m => format!("{m}m"),
    }
}

/// Parse a probability in (0, 1]: `0.3`, `.3`, `1`, or a percentage `30%`.
pub fn parse_likelihood(s: &str) -> Result<f64, ValueError> {
    let t = s.trim();
    let (num, scale) = match t.strip_suffix('%') {
        Some(n) => (n.trim_end(), 100.0),
        None => (t, 1.0),
    };
    let bad = || {
        value_err(
            "likelihood",
            s,
            "expected a number in (0, 1] such as 0.3, or a percentage such as 30%",
        )
    };
    // Digits and one point only: no `inf`, `NaN` or exponents.
    if num.is_empty() || !num.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return Err(bad());
    }
    let v = num.parse::<f64>().map_err(|_| bad())? / scale;
    if v.is_finite() && v > 0.0 && v <= 1.0 {
        Ok(v)
    } else {
        Err(value_err(
            "likelihood",
            s,
            "must be greater than 0 and at most 1 (100%)",
        ))
    }
}

/// Parse a port cell: 1–65535.
pub(crate) fn parse_port(s: &str) -> Result<u16, String> {
    match s.parse::<u16>() {
        Ok(p) if p > 0 => Ok(p),
        _ if s.contains('/') => Err(format!(
            "`{s}` is not a port number (1-65535); put the protocol in the `protocol` column"
        )),
        _ => Err(format!("`{s}` is not a port number (1-65535)")),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn populations() {
        for (s, want) in [
            ("0", 0),
            ("120000", 120_000),
            ("120,000", 120_000),
            ("1,234,567", 1_234_567),
            ("120 000", 120_000),
            ("120k", 120_000),
            ("120K", 120_000),
            ("1.2M", 1_200_000),
            ("1.25k", 1_250),
            ("1.5 million", 1_500_000),
            ("2 thousand", 2_000),
            ("1,200.5k", 1_200_500),
        ] {
            assert_eq!(parse_population(s).unwrap(), want, "{s}");
        }
        for s in [
            "",
            "k",
            "-5",
            "1.5",
            "12,34",
            "1,5k",
            "1.2345k",
            "abc",
            ",000",
            "1e6",
            "99999999999999999999999",
        ] {
            assert!(parse_population(s).is_err(), "{s}");
        }
    }

    #[test]
    fn rto() {
        for (s, want) in [
            ("0", 0),
            ("90", 90),
            ("30m", 30),
            ("4h", 240),
            ("2d", 2_880),
            ("1w", 10_080),
            ("1h30m", 90),
            ("1h 30m", 90),
            ("1.5h", 90),
            ("4 hours", 240),
            ("30 min", 30),
            ("2 Days", 2_880),
        ] {
            assert_eq!(parse_rto_minutes(s).unwrap(), want, "{s}");
        }
        for s in ["", "h", "4x", "1h30", "0.5m", "1.5", "-4h", "99999999999d", "4h-"] {
            assert!(parse_rto_minutes(s).is_err(), "{s}");
        }
        for m in [0, 1, 59, 60, 90, 240, 1_440, 2_880, 10_080, u32::MAX] {
            assert_eq!(parse_rto_minutes(&format_rto_minutes(m)).unwrap(), m);
        }
        assert_eq!(format_rto_minutes(240), "4h");
        assert_eq!(format_rto_minutes(2_880), "2d");
        assert_eq!(format_rto_minutes(90), "90m");
    }

    #[test]
    fn likelihoods() {
        assert_eq!(parse_likelihood("0.3").unwrap(), 0.3);
        assert_eq!(parse_likelihood(".5").unwrap(), 0.5);
        assert_eq!(parse_likelihood("1").unwrap(), 1.0);
        assert_eq!(parse_likelihood("30%").unwrap(), 0.3);
        for s in ["0", "1.01", "-0.5", "NaN", "inf", "1e-3", "", "%", "110%"] {
            assert!(parse_likelihood(s).is_err(), "{s}");
        }
    }

    #[test]
    fn zone_kinds_and_levels() {
        for (s, k) in [
            ("OT/control", ZoneKind::Ot),
            ("IoT", ZoneKind::Field),
            ("field/IoT", ZoneKind::Field),
            ("guest wifi", ZoneKind::Guest),
            ("Guest Wi-Fi", ZoneKind::Guest),
            ("SCADA", ZoneKind::Ot),
            ("DMZ", ZoneKind::Dmz),
            ("Corporate IT", ZoneKind::Corporate),
        ] {
            assert_eq!(s.parse::<ZoneKind>().unwrap(), k, "{s}");
        }
        for k in ZoneKind::ALL {
            assert_eq!(k.as_str().parse::<ZoneKind>().unwrap(), k);
        }
        assert!("moon base".parse::<ZoneKind>().is_err());
        assert_eq!("Critical".parse::<ImpactLevel>().unwrap(), ImpactLevel::CRITICAL);
        assert_eq!("moderate".parse::<ImpactLevel>().unwrap().level(), 3);
        assert!("6".parse::<ImpactLevel>().is_err());
        assert_eq!(name_key("  Drinking   Water\tTreatment "), "drinking water treatment");
    }
}
