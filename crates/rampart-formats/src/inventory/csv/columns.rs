//! The columns of the inventory CSV format: names, how a cell is parsed into
//! an [`AssetRecord`] field and how the field is written back.
//!
//! The format is documented in `docs/formats/inventory-csv.md`; keep the two
//! in step.

use std::net::IpAddr;

use crate::inventory::MacAddr;
use crate::inventory::record::{AssetRecord, AssetType, Criticality, DataClass, OpenPort, OsMatch, Protocol};
use crate::inventory::syntax::{check_purl, normalize_cpe};

/// One column of the inventory CSV format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)] // each variant is the column of the same name; see `Column::name`
pub enum Column {
    Name,
    AssetType,
    Vendor,
    Product,
    Model,
    Version,
    FirmwareVersion,
    Cpes,
    Purls,
    SerialNumber,
    Mac,
    Ip,
    Hostname,
    NetworkZone,
    InternetExposed,
    Site,
    District,
    Lat,
    Lon,
    OwnerOrg,
    Criticality,
    DataClasses,
    DefaultCredentialsChanged,
    SecureUpdateSupported,
    UpdateChannel,
    EncryptedInTransit,
    EncryptedAtRest,
    LoggingEnabled,
    EndOfSupport,
    OpenPorts,
    OsMatches,
    Tags,
}

impl Column {
    /// Every column in the order the writer emits them.
    pub const ALL: [Column; 32] = [
        Self::Name,
        Self::AssetType,
        Self::Vendor,
        Self::Product,
        Self::Model,
        Self::Version,
        Self::FirmwareVersion,
        Self::Cpes,
        Self::Purls,
        Self::SerialNumber,
        Self::Mac,
        Self::Ip,
        Self::Hostname,
        Self::NetworkZone,
        Self::InternetExposed,
        Self::Site,
        Self::District,
        Self::Lat,
        Self::Lon,
        Self::OwnerOrg,
        Self::Criticality,
        Self::DataClasses,
        Self::DefaultCredentialsChanged,
        Self::SecureUpdateSupported,
        Self::UpdateChannel,
        Self::EncryptedInTransit,
        Self::EncryptedAtRest,
        Self::LoggingEnabled,
        Self::EndOfSupport,
        Self::OpenPorts,
        Self::OsMatches,
        Self::Tags,
    ];

    /// Canonical header name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::AssetType => "asset_type",
            Self::Vendor => "vendor",
            Self::Product => "product",
            Self::Model => "model",
            Self::Version => "version",
            Self::FirmwareVersion => "firmware_version",
            Self::Cpes => "cpes",
            Self::Purls => "purls",
            Self::SerialNumber => "serial_number",
            Self::Mac => "mac",
            Self::Ip => "ip",
            Self::Hostname => "hostname",
            Self::NetworkZone => "network_zone",
            Self::InternetExposed => "internet_exposed",
            Self::Site => "site",
            Self::District => "district",
            Self::Lat => "lat",
            Self::Lon => "lon",
            Self::OwnerOrg => "owner_org",
            Self::Criticality => "criticality",
            Self::DataClasses => "data_classes",
            Self::DefaultCredentialsChanged => "default_credentials_changed",
            Self::SecureUpdateSupported => "secure_update_supported",
            Self::UpdateChannel => "update_channel",
            Self::EncryptedInTransit => "encrypted_in_transit",
            Self::EncryptedAtRest => "encrypted_at_rest",
            Self::LoggingEnabled => "logging_enabled",
            Self::EndOfSupport => "end_of_support",
            Self::OpenPorts => "open_ports",
            Self::OsMatches => "os_matches",
            Self::Tags => "tags",
        }
    }

    /// Look a header cell up: canonical names and a few aliases, compared
    /// case-insensitively with spaces and `-` read as `_`.
    pub fn from_header(h: &str) -> Option<Self> {
        let key: String = h
            .trim()
            .chars()
            .map(|c| {
                if c == ' ' || c == '-' {
                    '_'
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();
        if let Some(c) = Self::ALL.iter().find(|c| c.name() == key) {
            return Some(*c);
        }
        let c = match key.as_str() {
            "type" => Self::AssetType,
            "manufacturer" => Self::Vendor,
            "firmware" => Self::FirmwareVersion,
            "cpe" => Self::Cpes,
            "purl" => Self::Purls,
            "serial" => Self::SerialNumber,
            "mac_address" => Self::Mac,
            "ip_address" => Self::Ip,
            "zone" => Self::NetworkZone,
            "latitude" => Self::Lat,
            "longitude" | "lng" => Self::Lon,
            "owner" => Self::OwnerOrg,
            _ => return None,
        };
        Some(c)
    }
}

/// Parse a boolean cell: `yes/no/true/false/1/0` (any case).
pub(super) fn parse_bool(s: &str) -> Result<bool, String> {
    match s.to_ascii_lowercase().as_str() {
        "yes" | "true" | "1" | "y" => Ok(true),
        "no" | "false" | "0" | "n" => Ok(false),
        _ => Err(format!("`{s}` is not a boolean (use yes/no, true/false or 1/0)")),
    }
}

fn text(s: &str) -> Option<String> {
    Some(s.to_owned())
}

const DATE_FORMAT: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

/// Parse one port token `port/protocol[/service]`.
fn parse_port(tok: &str) -> Result<OpenPort, String> {
    let mut parts = tok.splitn(3, '/');
    let port = parts.next().unwrap_or("");
    let port: u16 = port
        .parse()
        .map_err(|_| format!("`{tok}`: port must be a number 0-65535"))?;
    let proto = parts
        .next()
        .ok_or_else(|| format!("`{tok}`: expected port/protocol, e.g. 502/tcp"))?;
    let protocol: Protocol = proto.parse().map_err(|e| format!("`{tok}`: {e}"))?;
    let mut p = OpenPort::new(port, protocol);
    p.service = parts.next().filter(|s| !s.is_empty()).map(str::to_owned);
    Ok(p)
}

/// Store the (already trimmed, non-empty) cell `v` of column `col` into `r`.
/// Returns a message for the row error on bad input. `lat`/`lon` are parked
/// in `geo` and combined by the caller, which knows both.
pub(super) fn apply(
    col: Column,
    v: &str,
    r: &mut AssetRecord,
    geo: &mut (Option<f64>, Option<f64>),
) -> Result<(), String> {
    match col {
        Column::Name => r.name = v.to_owned(),
        Column::AssetType => r.asset_type = Some(v.parse::<AssetType>().map_err(|e| e.to_string())?),
        Column::Vendor => r.vendor = text(v),
        Column::Product => r.product = text(v),
        Column::Model => r.model = text(v),
        Column::Version => r.version = text(v),
        Column::FirmwareVersion => r.firmware_version = text(v),
        Column::Cpes => {
            for tok in v.split_whitespace() {
                r.cpes.push(normalize_cpe(tok).map_err(|e| e.to_string())?);
            }
        }
        Column::Purls => {
            for tok in v.split_whitespace() {
                check_purl(tok).map_err(|e| e.to_string())?;
                r.purls.push(tok.to_owned());
            }
        }
        Column::SerialNumber => r.serial_number = text(v),
        Column::Mac => r.mac = Some(v.parse::<MacAddr>().map_err(|e| e.to_string())?),
        Column::Ip => {
            r.ip = Some(
                v.parse::<IpAddr>()
                    .map_err(|_| format!("`{v}` is not an IPv4 or IPv6 address"))?,
            )
        }
        Column::Hostname => r.hostname = text(v),
        Column::NetworkZone => r.network_zone = text(v),
        Column::InternetExposed => r.internet_exposed = Some(parse_bool(v)?),
        Column::Site => r.site = text(v),
        Column::District => r.district = text(v),
        Column::Lat => geo.0 = Some(v.parse::<f64>().map_err(|_| format!("`{v}` is not a number"))?),
        Column::Lon => geo.1 = Some(v.parse::<f64>().map_err(|_| format!("`{v}` is not a number"))?),
        Column::OwnerOrg => r.owner_org = text(v),
        Column::Criticality => r.criticality = Some(v.parse::<Criticality>().map_err(|e| e.to_string())?),
        Column::DataClasses => {
            for tok in v
                .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
                .filter(|t| !t.is_empty())
            {
                r.data_classes
                    .insert(tok.parse::<DataClass>().map_err(|e| e.to_string())?);
            }
        }
        Column::DefaultCredentialsChanged => r.security.default_credentials_changed = Some(parse_bool(v)?),
        Column::SecureUpdateSupported => r.security.secure_update_supported = Some(parse_bool(v)?),
        Column::UpdateChannel => r.security.update_channel = text(v),
        Column::EncryptedInTransit => r.security.encrypted_in_transit = Some(parse_bool(v)?),
        Column::EncryptedAtRest => r.security.encrypted_at_rest = Some(parse_bool(v)?),
        Column::LoggingEnabled => r.security.logging_enabled = Some(parse_bool(v)?),
        Column::EndOfSupport => {
            r.end_of_support =
                Some(time::Date::parse(v, DATE_FORMAT).map_err(|_| format!("`{v}` is not a date (use YYYY-MM-DD)"))?);
        }
        Column::OpenPorts => {
            for tok in v.split_whitespace() {
                r.open_ports.push(parse_port(tok)?);
            }
        }
        Column::OsMatches => {
            for name in v.split(';').map(str::trim).filter(|t| !t.is_empty()) {
                r.os_matches.push(OsMatch::named(name));
            }
        }
        Column::Tags => {
            for tag in v.split(';').map(str::trim).filter(|t| !t.is_empty()) {
                r.tags.push(tag.to_owned());
            }
        }
    }
    Ok(())
}

fn yes_no(b: Option<bool>) -> String {
    match b {
        Some(true) => "yes".into(),
        Some(false) => "no".into(),
        None => String::new(),
    }
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

/// Render field `col` of `r` as a cell (empty = unknown).
pub(super) fn format(col: Column, r: &AssetRecord) -> String {
    match col {
        Column::Name => r.name.clone(),
        Column::AssetType => r.asset_type.map(|t| t.as_str().to_owned()).unwrap_or_default(),
        Column::Vendor => opt(&r.vendor),
        Column::Product => opt(&r.product),
        Column::Model => opt(&r.model),
        Column::Version => opt(&r.version),
        Column::FirmwareVersion => opt(&r.firmware_version),
        Column::Cpes => r.cpes.join(" "),
        Column::Purls => r.purls.join(" "),
        Column::SerialNumber => opt(&r.serial_number),
        Column::Mac => r.mac.map(|m| m.to_string()).unwrap_or_default(),
        Column::Ip => r.ip.map(|m| m.to_string()).unwrap_or_default(),
        Column::Hostname => opt(&r.hostname),
        Column::NetworkZone => opt(&r.network_zone),
        Column::InternetExposed => yes_no(r.internet_exposed),
        Column::Site => opt(&r.site),
        Column::District => opt(&r.district),
        Column::Lat => r.location.map(|g| g.lat().to_string()).unwrap_or_default(),
        Column::Lon => r.location.map(|g| g.lon().to_string()).unwrap_or_default(),
        Column::OwnerOrg => opt(&r.owner_org),
        Column::Criticality => r.criticality.map(|c| c.to_string()).unwrap_or_default(),
        Column::DataClasses => r.data_classes.iter().map(|d| d.as_str()).collect::<Vec<_>>().join(" "),
        Column::DefaultCredentialsChanged => yes_no(r.security.default_credentials_changed),
        Column::SecureUpdateSupported => yes_no(r.security.secure_update_supported),
        Column::UpdateChannel => opt(&r.security.update_channel),
        Column::EncryptedInTransit => yes_no(r.security.encrypted_in_transit),
        Column::EncryptedAtRest => yes_no(r.security.encrypted_at_rest),
        Column::LoggingEnabled => yes_no(r.security.logging_enabled),
        Column::EndOfSupport => r
            .end_of_support
            .and_then(|d| d.format(DATE_FORMAT).ok())
            .unwrap_or_default(),
        Column::OpenPorts => r
            .open_ports
            .iter()
            .map(|p| match &p.service {
                Some(s) => format!("{}/{}/{}", p.port, p.protocol, s),
                None => format!("{}/{}", p.port, p.protocol),
            })
            .collect::<Vec<_>>()
            .join(" "),
        // `; ` joins these lists: a `;` inside an element would split it on reading.
        Column::OsMatches => r
            .os_matches
            .iter()
            .map(|o| o.name.replace(';', ","))
            .collect::<Vec<_>>()
            .join("; "),
        Column::Tags => r
            .tags
            .iter()
            .map(|t| t.replace(';', ","))
            .collect::<Vec<_>>()
            .join("; "),
    }
}
