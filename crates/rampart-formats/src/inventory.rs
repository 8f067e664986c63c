//! Asset-inventory importers: the city's devices as they arrive from
//! spreadsheets ([`csv`]), SBOM/HBOM documents ([`cyclonedx`]) and network
//! scans ([`nmap`]), all parsed into one neutral form, [`AssetRecord`].
//!
//! Everything here is pure parsing: bytes or text in, records plus a report
//! out. Nothing touches a database or the filesystem; the embedded reference
//! data (IEEE OUI registry in [`oui`], Rapid7 Recog fingerprints in [`recog`])
//! ships inside the binary. [`enrich`] fills gaps in a parsed record from that
//! reference data.
//!
//! Architecture invariant: no parser in this module panics on input. Each one
//! returns either a fatal error naming the place (line, JSON path or XML
//! element) or a report with one entry per bad row/component.

pub mod csv;
pub mod cyclonedx;
mod enrichment;
mod mac;
pub mod nmap;
pub mod oui;
pub mod recog;
mod record;
pub mod syntax;

pub use enrichment::{Identification, asset_type_from_device, enrich, identify_banners};
pub use mac::{MacAddr, MacParseError};
pub use record::{
    AssetRecord, AssetType, Criticality, DataClass, GeoPoint, IdentityKey, IotSecurity, OpenPort, OsMatch,
    ParseEnumError, Protocol, ScriptOutput, SourceRef,
};
