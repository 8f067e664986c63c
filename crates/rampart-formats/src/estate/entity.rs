//! [`EntityRef`]: how a cell names an asset or a service — by name, or by
//! one of the identities the inventory matches assets on.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use super::values::name_key;
use crate::inventory::MacAddr;

/// A reference to an asset or a service, written `prefix:value`:
///
/// | written | variant |
/// |---|---|
/// | `asset:<name>` | [`Asset`](Self::Asset): an asset by its inventory name |
/// | `service:<name>` | [`Service`](Self::Service): a service by its name in `services.csv` |
/// | `serial:<serial>` | [`Serial`](Self::Serial): an asset by manufacturer serial number |
/// | `mac:<mac>` | [`Mac`](Self::Mac): an asset by MAC address (any spelling [`MacAddr`] accepts) |
/// | `host:<hostname>` (or `hostname:`) | [`Host`](Self::Host): an asset by host name |
/// | `ip:<address>` | [`Ip`](Self::Ip): an asset by IPv4 or IPv6 address |
///
/// Prefixes are case-insensitive and space around the value is ignored. A
/// cell without a known prefix is a bare name; which kind it names depends
/// on the column ([`EntityRef::parse`] with a [`BareName`]). [`Display`](fmt::Display)
/// always writes the prefix, and [`FromStr`] requires it, so the two round-trip.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntityRef {
    /// An asset by name.
    Asset(String),
    /// A service by name.
    Service(String),
    /// An asset by manufacturer serial number (as written).
    Serial(String),
    /// An asset by hardware address.
    Mac(MacAddr),
    /// An asset by host name (as written).
    Host(String),
    /// An asset by IP address.
    Ip(IpAddr),
}

/// What a bare name (a cell without a `prefix:`) refers to in a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BareName {
    /// A bare name is an asset name (`flows.csv`).
    Asset,
    /// A bare name is a service name (`dependencies.csv` `target`).
    Service,
}

/// Why a reference was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid reference `{input}`: {reason}")]
pub struct EntityRefError {
    /// The rejected input (truncated to 80 characters).
    pub input: String,
    /// What is wrong with it.
    pub reason: String,
}

fn ref_err(input: &str, reason: impl Into<String>) -> EntityRefError {
    EntityRefError {
        input: input.chars().take(80).collect(),
        reason: reason.into(),
    }
}

/// The known prefixes, as written by [`EntityRef::prefix`] plus aliases.
fn known_prefix(p: &str) -> Option<&'static str> {
    Some(match p.trim().to_ascii_lowercase().as_str() {
        "asset" => "asset",
        "service" => "service",
        "serial" => "serial",
        "mac" => "mac",
        "host" | "hostname" => "host",
        "ip" => "ip",
        _ => return None,
    })
}

impl EntityRef {
    /// Parse a cell: `prefix:value`, or a bare name read as `bare` says.
    pub fn parse(s: &str, bare: BareName) -> Result<Self, EntityRefError> {
        let t = s.trim();
        if let Some((p, value)) = t.split_once(':')
            && let Some(prefix) = known_prefix(p)
        {
            return Self::from_parts(s, prefix, value.trim());
        }
        if t.is_empty() {
            return Err(ref_err(s, "empty"));
        }
        Ok(match bare {
            BareName::Asset => Self::Asset(t.to_owned()),
            BareName::Service => Self::Service(t.to_owned()),
        })
    }

    fn from_parts(input: &str, prefix: &'static str, value: &str) -> Result<Self, EntityRefError> {
        if value.is_empty() {
            return Err(ref_err(input, format!("nothing after `{prefix}:`")));
        }
        Ok(match prefix {
            "asset" => Self::Asset(value.to_owned()),
            "service" => Self::Service(value.to_owned()),
            "serial" => Self::Serial(value.to_owned()),
            "mac" => Self::Mac(value.parse::<MacAddr>().map_err(|e| ref_err(input, e.to_string()))?),
            "host" => {
                if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
                    return Err(ref_err(input, "a host name has no spaces"));
                }
                Self::Host(value.to_owned())
            }
            _ => Self::Ip(
                value
                    .parse::<IpAddr>()
                    .map_err(|_| ref_err(input, "not an IPv4 or IPv6 address"))?,
            ),
        })
    }

    /// The prefix this reference is written with: `asset`, `service`,
    /// `serial`, `mac`, `host` or `ip`.
    pub fn prefix(&self) -> &'static str {
        match self {
            Self::Asset(_) => "asset",
            Self::Service(_) => "service",
            Self::Serial(_) => "serial",
            Self::Mac(_) => "mac",
            Self::Host(_) => "host",
            Self::Ip(_) => "ip",
        }
    }

    /// Whether this names a service (everything else names an asset).
    pub fn is_service(&self) -> bool {
        matches!(self, Self::Service(_))
    }

    /// The cell as the writer writes it in a column where bare names mean
    /// `bare`: the bare name when that reads back the same, else [`Display`](fmt::Display).
    pub fn to_cell(&self, bare: BareName) -> String {
        let name = match (self, bare) {
            (Self::Asset(n), BareName::Asset) | (Self::Service(n), BareName::Service) => Some(n),
            _ => None,
        };
        match name {
            Some(n) if Self::parse(n, bare).as_ref() == Ok(self) => n.clone(),
            _ => self.to_string(),
        }
    }

    /// The key under which two references are the same: names by
    /// [`name_key`], serials and host names case-insensitively.
    pub fn key(&self) -> String {
        match self {
            Self::Asset(n) | Self::Service(n) => format!("{}:{}", self.prefix(), name_key(n)),
            Self::Serial(s) => format!("serial:{}", s.to_uppercase()),
            Self::Host(h) => format!("host:{}", h.trim_end_matches('.').to_lowercase()),
            Self::Mac(_) | Self::Ip(_) => self.to_string(),
        }
    }
}

impl fmt::Display for EntityRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Asset(v) | Self::Service(v) | Self::Serial(v) | Self::Host(v) => write!(f, "{}:{v}", self.prefix()),
            Self::Mac(m) => write!(f, "mac:{m}"),
            Self::Ip(ip) => write!(f, "ip:{ip}"),
        }
    }
}

impl FromStr for EntityRef {
    type Err = EntityRefError;

    /// `prefix:value` only; a bare name is an error (use [`EntityRef::parse`]).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        match t.split_once(':') {
            Some((p, value)) => match known_prefix(p) {
                Some(prefix) => Self::from_parts(s, prefix, value.trim()),
                None => Err(ref_err(
                    s,
                    "unknown prefix (use asset:, service:, serial:, mac:, host: or ip:)",
                )),
            },
            None => Err(ref_err(
                s,
                "expected prefix:value (asset:, service:, serial:, mac:, host: or ip:)",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn prefixes_and_bare_names() {
        let a = |s: &str| EntityRef::parse(s, BareName::Asset).unwrap();
        assert_eq!(a("PLC-1"), EntityRef::Asset("PLC-1".into()));
        assert_eq!(
            a("service: SCADA historian"),
            EntityRef::Service("SCADA historian".into())
        );
        assert_eq!(a("Serial:ABC123"), EntityRef::Serial("ABC123".into()));
        assert_eq!(a("mac:00-1A-2B-3C-4D-5E").to_string(), "mac:00:1a:2b:3c:4d:5e");
        assert_eq!(
            a("hostname:plc1.water.example"),
            EntityRef::Host("plc1.water.example".into())
        );
        assert_eq!(a("ip:2001:db8::1").to_string(), "ip:2001:db8::1");
        assert_eq!(
            a("Pump:3"),
            EntityRef::Asset("Pump:3".into()),
            "unknown prefix = part of the name"
        );
        assert_eq!(
            EntityRef::parse("Historian", BareName::Service).unwrap(),
            EntityRef::Service("Historian".into())
        );
        for bad in ["", "mac:zz", "ip:10.0.0.300", "asset:", "host:a b"] {
            assert!(EntityRef::parse(bad, BareName::Asset).is_err(), "{bad}");
        }
        assert!("PLC-1".parse::<EntityRef>().is_err());
        assert!("pump:3".parse::<EntityRef>().is_err());
    }

    #[test]
    fn cells_round_trip() {
        let tricky = EntityRef::Asset("ip:not really".into());
        assert_eq!(tricky.to_cell(BareName::Asset), "asset:ip:not really");
        assert_eq!(
            EntityRef::parse(&tricky.to_cell(BareName::Asset), BareName::Asset).unwrap(),
            tricky
        );
        let plain = EntityRef::Asset("Pump 1".into());
        assert_eq!(plain.to_cell(BareName::Asset), "Pump 1");
        assert_eq!(plain.to_cell(BareName::Service), "asset:Pump 1");
        assert_eq!(plain.to_string().parse::<EntityRef>().unwrap(), plain);
    }
}
