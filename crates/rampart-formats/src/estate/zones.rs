//! `zones.csv`: the city's network zones, one per row.
//!
//! ```csv
//! name,kind,untrusted,description
//! Internet,internet,,
//! Plant OT,OT/control,,"Treatment plant control network, PLCs and HMIs"
//! ```

use super::checks::UniqueNames;
use super::reader::{Cells, FileError, Format};
use super::values::{opt, parse_bool, yes_no};
use super::{CsvError, EstateCsvKind, EstateCsvReport, EstateRecord, RowError, WriteError, ZoneKind};

estate_columns! {
    /// A column of `zones.csv`.
    pub enum Column {
        /// `name` (alias `zone`, `zone_name`): required, unique in the file.
        Name = "name" | "zone" | "zone_name",
        /// `kind` (alias `type`, `zone_kind`, `zone_type`): required, a [`ZoneKind`].
        Kind = "kind" | "type" | "zone_kind" | "zone_type",
        /// `untrusted`: boolean; empty = the kind's default.
        Untrusted = "untrusted" | "is_untrusted",
        /// `description` (alias `notes`).
        Description = "description" | "notes",
    }
}

/// One network zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneRecord {
    /// Zone name; conduits refer to it (compared by [`name_key`](super::name_key)).
    pub name: String,
    /// What kind of zone.
    pub kind: ZoneKind,
    /// Whether an attacker is assumed present already; `None` = the kind's
    /// default ([`ZoneKind::untrusted_by_default`]).
    pub untrusted: Option<bool>,
    /// Free text.
    pub description: Option<String>,
}

impl ZoneRecord {
    /// A zone with only a name and a kind.
    pub fn new(name: impl Into<String>, kind: ZoneKind) -> Self {
        Self {
            name: name.into(),
            kind,
            untrusted: None,
            description: None,
        }
    }

    /// Whether the zone is untrusted: the explicit value, else the kind's default.
    pub fn is_untrusted(&self) -> bool {
        self.untrusted.unwrap_or_else(|| self.kind.untrusted_by_default())
    }
}

impl Format for ZoneRecord {
    type Column = Column;
    type Checks = UniqueNames;
    const COLUMNS: &'static [Column] = Column::ALL;
    const REQUIRED: &'static [Column] = &[Column::Name, Column::Kind];

    fn column_name(col: Column) -> &'static str {
        col.name()
    }

    fn column_from_header(h: &str) -> Option<Column> {
        Column::from_header(h)
    }

    fn parse(cells: &mut Cells<'_, Column>) -> Option<Self> {
        let name = cells.required(Column::Name);
        let kind = if cells.get(Column::Kind).is_some() {
            cells.parse(Column::Kind, str::parse::<ZoneKind>)
        } else {
            cells.required(Column::Kind);
            None
        };
        let untrusted = cells.parse(Column::Untrusted, parse_bool);
        Some(Self {
            name: name?,
            kind: kind?,
            untrusted,
            description: cells.text(Column::Description),
        })
    }

    fn check(checks: &mut UniqueNames, line: u64, record: &Self) -> Vec<RowError> {
        checks.check("zone", "name", &record.name, line)
    }

    fn finish(_: UniqueNames) -> Vec<FileError> {
        Vec::new()
    }

    fn cell(&self, col: Column) -> String {
        match col {
            Column::Name => self.name.clone(),
            Column::Kind => self.kind.as_str().to_owned(),
            Column::Untrusted => yes_no(self.untrusted),
            Column::Description => opt(&self.description),
        }
    }
}

impl EstateRecord for ZoneRecord {
    const KIND: EstateCsvKind = EstateCsvKind::Zones;
}

/// Streaming reader over `zones.csv`.
pub type ZonesReader<R> = super::EstateCsvReader<R, ZoneRecord>;

/// Parse a whole `zones.csv` held in memory.
pub fn parse_all(input: &[u8]) -> Result<EstateCsvReport<ZoneRecord>, CsvError> {
    super::parse_all(input)
}

/// Render zones as a `zones.csv` file.
pub fn write_all<'a>(records: impl IntoIterator<Item = &'a ZoneRecord>) -> Result<Vec<u8>, WriteError> {
    super::write_all(records)
}
