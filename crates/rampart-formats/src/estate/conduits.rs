//! `conduits.csv`: permitted routes between zones (firewall rule sets, VPNs,
//! routed links), one per row.
//!
//! ```csv
//! from_zone,to_zone,protocols,traversal_likelihood,bidirectional,description
//! Corporate,Plant DMZ,TCP/443 HTTPS,0.3,no,Historian replica
//! ```

use super::reader::{Cells, FileError, Format};
use super::values::{name_key, opt, parse_bool, parse_likelihood, yes_no};
use super::{CsvError, EstateCsvKind, EstateCsvReport, EstateRecord, RowError, WriteError};

estate_columns! {
    /// A column of `conduits.csv`.
    pub enum Column {
        /// `from_zone` (alias `from`, `source_zone`, `src_zone`): required, a zone name.
        FromZone = "from_zone" | "from" | "source_zone" | "src_zone",
        /// `to_zone` (alias `to`, `destination_zone`, `dst_zone`): required, a zone name.
        ToZone = "to_zone" | "to" | "destination_zone" | "dst_zone",
        /// `protocols` (alias `protocol`, `ports`): free text.
        Protocols = "protocols" | "protocol" | "ports",
        /// `traversal_likelihood` (alias `likelihood`): probability in (0, 1].
        TraversalLikelihood = "traversal_likelihood" | "likelihood" | "traversal_probability",
        /// `bidirectional` (alias `two_way`): boolean, default no.
        Bidirectional = "bidirectional" | "two_way" | "bidi",
        /// `description` (alias `notes`).
        Description = "description" | "notes",
    }
}

/// A permitted route from one zone into another. Directed unless
/// `bidirectional`: `from_zone` can open connections into `to_zone`.
#[derive(Debug, Clone, PartialEq)]
pub struct ConduitRecord {
    /// Zone the traffic comes from (a name in `zones.csv`).
    pub from_zone: String,
    /// Zone the traffic goes to.
    pub to_zone: String,
    /// What may pass, as free text: `TCP/502 Modbus; TCP/20000 DNP3`.
    pub protocols: Option<String>,
    /// Probability in (0, 1] that an attacker in `from_zone` gets through to
    /// `to_zone` (1 = open routing; lower for filtered, authenticated or
    /// monitored conduits). `None` = not stated; [`Self::likelihood`] reads it as 1.
    pub traversal_likelihood: Option<f64>,
    /// The route is open in both directions (an importer adds both).
    pub bidirectional: bool,
    /// Free text.
    pub description: Option<String>,
}

impl ConduitRecord {
    /// A one-way, fully open conduit with nothing else stated.
    pub fn new(from_zone: impl Into<String>, to_zone: impl Into<String>) -> Self {
        Self {
            from_zone: from_zone.into(),
            to_zone: to_zone.into(),
            protocols: None,
            traversal_likelihood: None,
            bidirectional: false,
            description: None,
        }
    }

    /// The traversal likelihood, 1.0 when not stated.
    pub fn likelihood(&self) -> f64 {
        self.traversal_likelihood.unwrap_or(1.0)
    }
}

impl Format for ConduitRecord {
    type Column = Column;
    type Checks = ();
    const COLUMNS: &'static [Column] = Column::ALL;
    const REQUIRED: &'static [Column] = &[Column::FromZone, Column::ToZone];

    fn column_name(col: Column) -> &'static str {
        col.name()
    }

    fn column_from_header(h: &str) -> Option<Column> {
        Column::from_header(h)
    }

    fn parse(cells: &mut Cells<'_, Column>) -> Option<Self> {
        let from_zone = cells.required(Column::FromZone);
        let to_zone = cells.required(Column::ToZone);
        let traversal_likelihood = cells.parse(Column::TraversalLikelihood, parse_likelihood);
        let bidirectional = cells.parse(Column::Bidirectional, parse_bool).unwrap_or(false);
        let (from_zone, to_zone) = (from_zone?, to_zone?);
        if name_key(&from_zone) == name_key(&to_zone) {
            cells.error(
                Column::ToZone,
                format!("a conduit joins two different zones; both ends are `{to_zone}`"),
            );
        }
        Some(Self {
            from_zone,
            to_zone,
            protocols: cells.text(Column::Protocols),
            traversal_likelihood,
            bidirectional,
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
            Column::FromZone => self.from_zone.clone(),
            Column::ToZone => self.to_zone.clone(),
            Column::Protocols => opt(&self.protocols),
            Column::TraversalLikelihood => self.traversal_likelihood.map(|l| l.to_string()).unwrap_or_default(),
            Column::Bidirectional => yes_no(Some(self.bidirectional)),
            Column::Description => opt(&self.description),
        }
    }
}

impl EstateRecord for ConduitRecord {
    const KIND: EstateCsvKind = EstateCsvKind::Conduits;
}

/// Streaming reader over `conduits.csv`.
pub type ConduitsReader<R> = super::EstateCsvReader<R, ConduitRecord>;

/// Parse a whole `conduits.csv` held in memory.
pub fn parse_all(input: &[u8]) -> Result<EstateCsvReport<ConduitRecord>, CsvError> {
    super::parse_all(input)
}

/// Render conduits as a `conduits.csv` file.
pub fn write_all<'a>(records: impl IntoIterator<Item = &'a ConduitRecord>) -> Result<Vec<u8>, WriteError> {
    super::write_all(records)
}
