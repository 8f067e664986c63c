//! `flows.csv`: data flows between assets, one per row.
//!
//! ```csv
//! from_asset,to_asset,data_classes,encrypted_in_transit,protocol,port,description
//! Filter PLC 1,host:historian.water.example,operational,no,Modbus/TCP,502,Process values every 5 s
//! ```

use std::collections::BTreeSet;

use super::entity::{BareName, EntityRef};
use super::reader::{Cells, FileError, Format};
use super::values::{opt, parse_bool, parse_port, yes_no};
use super::{CsvError, EstateCsvKind, EstateCsvReport, EstateRecord, RowError, WriteError};
use crate::inventory::DataClass;

estate_columns! {
    /// A column of `flows.csv`.
    pub enum Column {
        /// `from_asset` (alias `source`, `src`): required, an asset [`EntityRef`].
        FromAsset = "from_asset" | "source" | "src" | "source_asset",
        /// `to_asset` (alias `destination`, `dst`): required, an asset [`EntityRef`].
        ToAsset = "to_asset" | "destination" | "dst" | "destination_asset",
        /// `data_classes` (alias `data`): [`DataClass`]es separated by spaces, `;` or `,`.
        DataClasses = "data_classes" | "data_class" | "data",
        /// `encrypted_in_transit` (alias `encrypted`): boolean.
        EncryptedInTransit = "encrypted_in_transit" | "encrypted",
        /// `protocol`: free text (`Modbus/TCP`, `HTTPS`, `syslog`).
        Protocol = "protocol" | "application_protocol",
        /// `port`: 1–65535.
        Port = "port" | "destination_port" | "dst_port",
        /// `description` (alias `notes`).
        Description = "description" | "notes",
    }
}

/// A data flow between two assets. Directed: `from_asset` sends to (or opens
/// connections to) `to_asset`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowRecord {
    /// Sending asset. Never [`EntityRef::Service`].
    pub from_asset: EntityRef,
    /// Receiving asset. Never [`EntityRef::Service`].
    pub to_asset: EntityRef,
    /// Kinds of data carried.
    pub data_classes: BTreeSet<DataClass>,
    /// Whether it is encrypted in transit; `None` = unknown.
    pub encrypted_in_transit: Option<bool>,
    /// Application protocol, free text.
    pub protocol: Option<String>,
    /// Destination port.
    pub port: Option<u16>,
    /// Free text.
    pub description: Option<String>,
}

impl FlowRecord {
    /// A flow with nothing known but its ends.
    pub fn new(from_asset: EntityRef, to_asset: EntityRef) -> Self {
        Self {
            from_asset,
            to_asset,
            data_classes: BTreeSet::new(),
            encrypted_in_transit: None,
            protocol: None,
            port: None,
            description: None,
        }
    }
}

fn asset_ref(s: &str) -> Result<EntityRef, String> {
    let r = EntityRef::parse(s, BareName::Asset).map_err(|e| e.to_string())?;
    if r.is_service() {
        return Err(format!("`{s}` is a service; a data flow connects assets"));
    }
    Ok(r)
}

fn parse_data_classes(v: &str) -> Result<BTreeSet<DataClass>, String> {
    v.split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|t| !t.is_empty())
        .map(|t| t.parse::<DataClass>().map_err(|e| e.to_string()))
        .collect()
}

impl Format for FlowRecord {
    type Column = Column;
    type Checks = ();
    const COLUMNS: &'static [Column] = Column::ALL;
    const REQUIRED: &'static [Column] = &[Column::FromAsset, Column::ToAsset];

    fn column_name(col: Column) -> &'static str {
        col.name()
    }

    fn column_from_header(h: &str) -> Option<Column> {
        Column::from_header(h)
    }

    fn parse(cells: &mut Cells<'_, Column>) -> Option<Self> {
        let from = cells
            .required(Column::FromAsset)
            .and_then(|_| cells.parse(Column::FromAsset, asset_ref));
        let to = cells
            .required(Column::ToAsset)
            .and_then(|_| cells.parse(Column::ToAsset, asset_ref));
        let data_classes = cells.parse(Column::DataClasses, parse_data_classes).unwrap_or_default();
        let encrypted_in_transit = cells.parse(Column::EncryptedInTransit, parse_bool);
        let port = cells.parse(Column::Port, parse_port);
        let (from_asset, to_asset) = (from?, to?);
        if from_asset.key() == to_asset.key() {
            cells.error(
                Column::ToAsset,
                format!("a data flow joins two different assets; both ends are `{to_asset}`"),
            );
        }
        Some(Self {
            from_asset,
            to_asset,
            data_classes,
            encrypted_in_transit,
            protocol: cells.text(Column::Protocol),
            port,
            description: cells.text(Column::Description),
        })
    }

    fn check(_: &mut (), _: u64, _: &Self) -> Vec<RowError> {
        Vec::new()
    }

    fn finish(_: ()) -> Vec<FileError> {
        Vec::new()
    }

    fn cell(&self, col: Column) -> String {
        match col {
            Column::FromAsset => self.from_asset.to_cell(BareName::Asset),
            Column::ToAsset => self.to_asset.to_cell(BareName::Asset),
            Column::DataClasses => self
                .data_classes
                .iter()
                .map(|d| d.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            Column::EncryptedInTransit => yes_no(self.encrypted_in_transit),
            Column::Protocol => opt(&self.protocol),
            Column::Port => self.port.map(|p| p.to_string()).unwrap_or_default(),
            Column::Description => opt(&self.description),
        }
    }
}

impl EstateRecord for FlowRecord {
    const KIND: EstateCsvKind = EstateCsvKind::Flows;
}

/// Streaming reader over `flows.csv`.
pub type FlowsReader<R> = super::EstateCsvReader<R, FlowRecord>;

/// Parse a whole `flows.csv` held in memory.
pub fn parse_all(input: &[u8]) -> Result<EstateCsvReport<FlowRecord>, CsvError> {
    super::parse_all(input)
}

/// Render flows as a `flows.csv` file.
pub fn write_all<'a>(records: impl IntoIterator<Item = &'a FlowRecord>) -> Result<Vec<u8>, WriteError> {
    super::write_all(records)
}
